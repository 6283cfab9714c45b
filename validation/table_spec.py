"""The machinery of the contract (``validation.contract``): the kinds of column, a column, a
table and a settings row. The declarations themselves, every table and every settings row, are
in ``validation.contract``, which re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# Column kinds. The kind decides how a cell is read and checked and how the template formats it.
TEXT = "text"  # free text (a comment, an authority's name)
LABEL = "label"  # names the row: area, activity, grant, Typ (a total word may stand here)
AMOUNT = "amount"  # money in the workbook's unit (or whole kronor for grants)
COUNT = "count"  # volumes, number of people
DATE = "date"
CASE_NUMBER = "case_number"  # the municipality's diarienummer (KS 2023/123)
YEAR = "year"
MONTH = "month"

NUMBER_FORMATS = {AMOUNT: "#,##0", DATE: "yyyy-mm-dd"}  # in the template (prognos mall)
MIN_WIDTHS = {AMOUNT: 14.0, DATE: 12.0}  # room for the values, not only the header


def join_or(values: tuple[str, ...]) -> str:
    """("kr", "tkr", "mnkr") -> "kr, tkr eller mnkr"."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} eller {values[-1]}"


@dataclass(frozen=True)
class Column:
    key: str  # the engine's name
    header: str  # the canonical header, as the template writes it
    synonyms: tuple[str, ...] = ()  # normalised alternative headers
    required: bool = False
    kind: str = TEXT
    values: tuple[str, ...] = ()  # a closed list (a drop-down in the template)
    width: float = 0.0  # template column width, when wider than the header needs
    hint: str = ""  # the template's input message (default: "Välj …" from the values)

    @property
    def number_format(self) -> str | None:
        return NUMBER_FORMATS.get(self.kind)

    @property
    def free_text(self) -> bool:
        """Typed text without a closed list of values (checked for text that looks like a formula)."""
        return self.kind in (TEXT, LABEL) and not self.values

    @property
    def values_error(self) -> str:
        return f"{self.header} måste vara {join_or(self.values)}."

    @property
    def values_hint(self) -> str:
        return self.hint or f"Välj {join_or(self.values)}."


@dataclass(frozen=True)
class TableSpec:
    name: str  # Excel Table name
    sheet: str  # sheet-name fallback, and the sheet's name in the template
    columns: tuple[Column, ...]
    months: bool = False  # Jan…Dec columns allowed (amounts)
    template_months: bool = False  # the template writes Jan…Dec after the columns
    extra_sheet_names: tuple[str, ...] = field(default=())
    instructions: tuple[str, ...] = ()  # paragraphs on the template's sheet Instruktioner
    # Other column sets the same table may come in (the ledger shape of Budget and Utfall):
    # a header row with the required columns of any of them is the table's header.
    alternatives: tuple["TableSpec", ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def keys(self, *kinds: str) -> tuple[str, ...]:
        """The keys of the columns of these kinds, in column order."""
        return tuple(c.key for c in self.columns if c.kind in kinds)


class Setting(NamedTuple):
    """One row of Installningar."""

    display: str  # the Parameter as the template writes it
    synonyms: tuple[str, ...]  # normalised
    required: bool = False
    explanation: str = ""  # the template's Förklaring
