"""The report's sections as data: title, columns, rows, sentences and notes.

Each part of the economic section (investments, intäkter och kostnader per kostnadsslag,
the forecast-change bridge, förklaringsposter, grant and ersättning revenue) is one
``Section`` on the engine's result (``Report.sections``). A renderer needs nothing else:
``workbooks.report.section_sheets`` writes a section as a sheet with live formulas, and a Word
or print renderer can lay out the same title, table and sentences.

Numbers are at full precision in the section's unit (the workbook's ``Enhet``); a column's
``derived`` operation and a row's ``sum_of`` say how a cell is computed, so the renderer
writes a formula and the engine's value here is what that formula must give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DIFF = "diff"  # a − b (None when either is unknown)
PCT = "pct"  # (a − b) / b: the amount's own change (a cost up from −100 to −107 is +7 %); None when b is unknown or 0

RAD = "rad"
SUMMA = "summa"
SKILLNAD = "skillnad"  # row sum_of[0] − row sum_of[1]


@dataclass
class Warning:
    """A finding of the engine (a method it cannot compute, a section's figures that disagree),
    shown in Valideringsfel at ``sheet``!``cell``."""

    cell: str
    message: str
    sheet: str = "Prognos"
    regel: str = "metod_ej_beraknad"


@dataclass
class SectionColumn:
    header: str
    key: str
    fmt: str = "belopp"  # "text", "belopp", "procent"
    derived: tuple[str, str, str] | None = None  # (DIFF | PCT, key a, key b)
    in_paper: bool = True  # False: on the working sheet only, not in the committee's paper


@dataclass
class SectionRow:
    values: dict[str, Any]
    kind: str = RAD  # RAD: values as read; SUMMA: the sum of the rows in ``sum_of``; SKILLNAD: a − b
    sum_of: tuple[int, ...] = ()  # indices into Section.rows
    bold: bool = False
    # column key -> (key of an Avvikelse column, area name or "Totalt:<Typ>"): the value is
    # that cell of the Avvikelse sheet (a formula reference), not a number typed here.
    links: dict[str, tuple[str, str]] = field(default_factory=dict)
    # A reconciliation row for the economist (e.g. "Netto enligt Avvikelse", "Skillnad"): on the
    # working sheet, never in the committee's paper.
    check: bool = False


@dataclass
class Section:
    key: str  # "investeringar", "kostnadsslag", "prognosforandring", "atgarder", "bidrag"
    sheet: str  # the derived sheet it is written to
    title: str
    unit: str  # the workbook's unit of the amounts: "kr", "tkr", "mnkr"
    columns: list[SectionColumn]
    rows: list[SectionRow] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # differences found and how they are shown
    own_words: list[str] = field(default_factory=list)  # the economist's text (Texter), first under the heading

    def add(
        self,
        values: dict[str, Any],
        kind: str = RAD,
        sum_of: tuple[int, ...] = (),
        bold: bool = False,
        links: dict[str, tuple[str, str]] | None = None,
        check: bool = False,
    ) -> int:
        """Append a row; a SUMMA row's amounts and every derived cell are computed here."""
        row = SectionRow(dict(values), kind, tuple(sum_of), bold or kind != RAD, dict(links or {}), check)
        for col in self.columns:
            if col.fmt != "belopp" or col.derived is not None or col.key in row.links or col.key in row.values:
                continue
            if kind == SUMMA:
                row.values[col.key] = sum_or_none(self.rows[i].values.get(col.key) for i in sum_of)
            elif kind == SKILLNAD:
                a, b = (self.rows[i].values.get(col.key) for i in sum_of)
                row.values[col.key] = derive(DIFF, a, b)
        for col in self.columns:
            if col.derived is not None:
                op, a, b = col.derived
                row.values[col.key] = derive(op, row.values.get(a), row.values.get(b))
        self.rows.append(row)
        return len(self.rows) - 1

    def column(self, key: str) -> SectionColumn:
        return next(c for c in self.columns if c.key == key)

    def value(self, index: int, key: str) -> Any:
        return self.rows[index].values.get(key)


def sum_or_none(values: Any) -> float | None:
    present = [float(v) for v in values if v is not None]
    return sum(present) if present else None


def derive(op: str, a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    if op == DIFF:
        return float(a) - float(b)
    if op == PCT:
        return None if b == 0 else (float(a) - float(b)) / float(b)
    raise ValueError(op)
