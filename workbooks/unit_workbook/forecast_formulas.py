"""The live formulas of a unit workbook's ``Prognos`` sheet: what each method gives, the
full-year forecast the unit's own entries give, and its deviation against budget.

They are the engine's methods (``udfs.forecasting.methods``, chosen as
``udfs.forecasting.engine.compute`` chooses) written as Excel formulas over the unit's own
``Budget`` and ``Utfall`` sheets, so they recalculate while the manager types, in Excel and
LibreOffice alike:

- Linjär: outcome so far / months × 12;
- Säsong: outcome so far / last year's share of the year reached by the same month (empty when
  that share is under 5 % or last year is missing; the forecast then falls back to Linjär);
- Budgetprofil: outcome so far + the budget left for the rest of the year (periodised when
  the Budget sheet has months, else twelfths);
- the forecast: a filled ``Manuell prognos`` always wins; else the chosen ``Metod``; else the
  method Prognos would choose itself (the engine's choice on the master, fixed at send-out);
  at Period 12 the year's outcome;
- the deviation: forecast − budget, in Prognos' signs (positive: better than budget).

``tests/test_unit_workbook_formulas.py`` recalculates them with LibreOffice and compares
each with the engine's value.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from udfs.forecasting.methods import MIN_SHARE
from udfs.language.vocabulary import BUDGETPROFIL, LINJAR, SASONG, VOLYM

METHOD_COLUMNS = (LINJAR, SASONG, BUDGETPROFIL)  # shown beside the inputs, in this order


@dataclass(frozen=True)
class SourceColumns:
    """Where the unit workbook's Budget and Utfall columns are (1-based columns, last row)."""

    utfall_typ: int
    utfall_ar: int
    utfall_manad: int
    utfall_belopp: int
    utfall_last: int
    budget_typ: int
    budget_first_month: int | None  # the Jan column when the budget is periodised
    budget_last: int

    def utfall(self, column: int) -> str:
        letter = get_column_letter(column)
        return f"Utfall!${letter}$2:${letter}${max(2, self.utfall_last)}"

    def budget(self, column: int, last_column: int | None = None) -> str:
        first, last = get_column_letter(column), get_column_letter(last_column or column)
        return f"Budget!${first}$2:${last}${max(2, self.budget_last)}"


@dataclass(frozen=True)
class RowCells:
    """The cells of one Prognos row the formulas refer to (column letters) and its row."""

    row: int
    typ: str
    budget: str
    utfall: str
    metod: str
    manuell: str
    forecast: str
    methods: dict[str, str]  # method -> column letter

    def at(self, column: str) -> str:
        return f"${column}{self.row}"


def _utfall_sum(src: SourceColumns, typ_cell: str, year: int, up_to: int | None) -> str:
    month = f',{src.utfall(src.utfall_manad)},"<="&{up_to}' if up_to is not None else ""
    return (
        f"SUMIFS({src.utfall(src.utfall_belopp)},{src.utfall(src.utfall_typ)},{typ_cell},"
        f"{src.utfall(src.utfall_ar)},{year}{month})"
    )


def linjar(cells: RowCells, period: int) -> str:
    return f"={cells.at(cells.utfall)}/{period}*12"


def sasong(cells: RowCells, src: SourceColumns, year: int, period: int) -> str:
    typ = cells.at(cells.typ)
    share = f"{_utfall_sum(src, typ, year - 1, period)}/{_utfall_sum(src, typ, year - 1, None)}"
    return f'=IFERROR(IF({share}>={MIN_SHARE},{cells.at(cells.utfall)}/({share}),""),"")'


def budgetprofil(cells: RowCells, src: SourceColumns, period: int) -> str:
    budget, so_far, typ = cells.at(cells.budget), cells.at(cells.utfall), cells.at(cells.typ)
    twelfths = f"{budget}*{period}/12"
    if src.budget_first_month is None:
        return f"={so_far}+{budget}-{twelfths}"
    rows = src.budget(src.budget_typ)
    months = src.budget(src.budget_first_month, src.budget_first_month + 11)
    reached = src.budget(src.budget_first_month, src.budget_first_month + period - 1)
    periodised = f"SUMPRODUCT(({rows}={typ})*ISNUMBER({months}))"
    return f"={so_far}+{budget}-IF({periodised}=0,{twelfths},SUMPRODUCT(({rows}={typ})*{reached}))"


def forecast(cells: RowCells, auto: str, period: int, volume: float | None) -> str:
    """The full-year forecast the row's entries give (the engine's order of precedence)."""
    manuell = cells.at(cells.manuell)
    if period >= 12:
        return f"=IF(ISNUMBER({manuell}),{manuell},{cells.at(cells.utfall)})"
    linjar_cell, sasong_cell = cells.at(cells.methods[LINJAR]), cells.at(cells.methods[SASONG])
    choice = {
        LINJAR: linjar_cell,
        SASONG: f'IF({sasong_cell}="",{linjar_cell},{sasong_cell})',
        BUDGETPROFIL: cells.at(cells.methods[BUDGETPROFIL]),
        VOLYM: repr(float(volume)) if volume is not None else linjar_cell,
    }
    metod = cells.at(cells.metod)
    fallback = choice[auto] if auto in METHOD_COLUMNS else linjar_cell
    formula = fallback
    for method in (VOLYM, BUDGETPROFIL, SASONG, LINJAR):
        formula = f'IF({metod}="{method}",{choice[method]},{formula})'
    return f"=IF(ISNUMBER({manuell}),{manuell},{formula})"


def deviation(cells: RowCells, sign: int) -> str:
    """Forecast − budget in Prognos' signs (``sign`` −1 when the master writes this type the other way)."""
    difference = f"{cells.at(cells.forecast)}-{cells.at(cells.budget)}"
    return f"={difference}" if sign == 1 else f"=-({difference})"
