"""The one reader of the settings table (``Installningar``, sheet "Inställningar").

Every path reads settings through it: the refresh (``validation.forecast_tables.inputs.read_settings``, which
adds the findings and the pydantic ``Settings``), the extra rows of volumes and forecast
accuracy (``validation.section_tables.volumes.extra_setting``), batch validation of returned unit workbooks
(``validation.round.submission.settings_info``) and the traps. So a Period written as 4, "4",
"april" or "2023-04" is month 4 on every path.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import TypeAdapter, ValidationError

from udfs.language import number_text
from udfs.language.vocabulary import normalize
from validation.contract import INSTALLNINGAR, SETTINGS_ROWS, Setting, match_columns
from validation.models import SIGNS, Month, Year
from validation.raw_table import RawTable

_YEAR = TypeAdapter(Year)
_MONTH = TypeAdapter(Month)


class SettingRow(NamedTuple):
    name: str  # the parameter, normalised
    label: str  # the parameter as written
    value: Any
    cell: str  # the value's cell


class SettingsTable:
    """Installningar as rows, in sheet order.

    A table without the Parameter and Värde columns has no rows (``columns_found`` False:
    the refresh reports the missing column)."""

    def __init__(self, raw: RawTable | None):
        self.raw = raw
        self.rows: list[SettingRow] = []
        self.columns_found = False
        if raw is None:
            return
        found, _ = match_columns(INSTALLNINGAR, raw.headers)
        if not {"parameter", "varde"} <= found.keys():
            return
        self.columns_found = True
        p_pos, v_pos = found["parameter"], found["varde"]
        self.rows = [
            SettingRow(normalize(values[p_pos]), str(values[p_pos]), values[v_pos], raw.address(row_number, v_pos))
            for row_number, values in zip(raw.row_numbers, raw.rows)
        ]

    def find(self, names: set[str] | frozenset[str]) -> tuple[Any, str] | None:
        """(value, cell) of the first row whose parameter is one of the normalised ``names``."""
        for row in self.rows:
            if row.name in names:
                return row.value, row.cell
        return None

    def setting(self, display: str, synonyms: tuple[str, ...] = ()) -> tuple[Any, str] | None:
        """A setting row by its display name or a synonym (normalised)."""
        return self.find({normalize(display), *synonyms})

    def get(self, setting: Setting) -> tuple[Any, str] | None:
        """A declared settings row (``validation.contract.SETTINGS_ROWS``/``EXTRA_SETTINGS``)."""
        return self.setting(setting.display, setting.synonyms)

    def core(self) -> dict[str, tuple[Any, str]]:
        """The contract's settings rows (``SETTINGS_ROWS``): key -> (value, cell), first row wins."""
        out: dict[str, tuple[Any, str]] = {}
        for key, row in SETTINGS_ROWS.items():
            hit = self.setting(row.display, row.synonyms)
            if hit is not None:
                out[key] = hit
        return out


def number_or_text(value: object) -> object:
    """A settings value as the model gets it: number text ("4", "2 023") as a number, other text as typed."""
    if isinstance(value, str):
        parsed = number_text.parse_number(value)
        return parsed.value if parsed.value is not None else value
    return value


def year_of(value: object) -> int | None:
    """År as the refresh reads it (2023, "2023"); None when it is not a year."""
    try:
        return _YEAR.validate_python(number_or_text(value))
    except ValidationError:
        return None


def period_of(value: object) -> int | None:
    """Period as the refresh reads it: 4, "4", "april", "apr", "2023-04", 202304 or a date -> 4."""
    try:
        return _MONTH.validate_python(number_or_text(value))
    except ValidationError:
        return None


def unit_of(value: object) -> str:
    """Enhet as the refresh reads it (empty -> tkr); an unknown unit is returned as written."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "tkr"
    return normalize(value).replace(" ", "") if isinstance(value, str) else str(value)


def costs_positive(value: object) -> bool:
    """Kostnader "positiva": the workbook writes costs without the minus sign."""
    return isinstance(value, str) and SIGNS.get(normalize(value)) == "positiva"


def revenue_negative(value: object) -> bool:
    """Intäkter "negativa": the workbook writes revenue with the minus sign (a debit/credit export)."""
    return isinstance(value, str) and SIGNS.get(normalize(value)) == "negativa"
