"""The ``Prognos`` sheet of a unit workbook: one row per Typ, laid out for the manager.

Left to right: ``Verksamhetsområde``, ``Typ``, the budget and the outcome so far (headed with
the real year and months), ``Föregående prognos``, what each method gives (``Linjär``,
``Säsong``, ``Budgetprofil``), then the unit's ``Metod`` (drop-down) and ``Manuell prognos``
(sent out empty: a filled amount always wins, so a pre-filled one would make the chosen
method meaningless), the ``Helårsprognos`` and ``Avvikelse mot budget`` their entries give,
and ``Kommentar``. The figures are live formulas (``forecast_formulas``).
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from udfs.language.vocabulary import TYPER
from udfs.section.headings import Headings
from validation.contract import PROGNOS, join_or
from validation.round.unit_tables import PROGNOS_INPUTS, UNIT_METHODS
from workbooks.books.xlsx_book import list_validation
from workbooks.unit_workbook import forecast_formulas as ff
from workbooks.unit_workbook.cells import Formula, UnitSheet, plain_number
from workbooks.unit_workbook.instructions import MAX_KOMMENTAR

FORECAST = "Helårsprognos"
DEVIATION = "Avvikelse mot budget"


def headers(settings: Any) -> list[str]:
    rubriker = Headings(settings.ar, settings.period)
    col = PROGNOS.column
    return [
        col("omrade").header,
        col("typ").header,
        rubriker.budget,
        rubriker.utfall_period,
        col("foregaende").header,
        *ff.METHOD_COLUMNS,
        *PROGNOS_INPUTS.input_headers[:2],
        FORECAST,
        DEVIATION,
        PROGNOS_INPUTS.input_headers[2],
    ]


def references(unit: str, budget: Any, utfall: Any, settings: Any) -> dict[str, dict[str, Any]]:
    """Per Typ, in Prognos' signs: full-year budget, outcome so far, last year's outcome (for
    ``prognos validera``'s magnitude checks, kept in ``_Utskick``)."""
    current = utfall[(utfall["ar"] == settings.ar) & (utfall["manad"] <= settings.period)]
    previous = utfall[utfall["ar"] == settings.ar - 1]
    return {
        typ: {
            "budget": plain_number(budget.loc[budget["typ"] == typ, "budget"].sum()),
            "hittills": plain_number(current.loc[current["typ"] == typ, "belopp"].sum()),
            "fg": plain_number(previous.loc[previous["typ"] == typ, "belopp"].sum()),
        }
        for typ in TYPER
    }


def write(
    wb: Workbook, originals: dict, unit: str, rnd: Any, src: ff.SourceColumns, refs: dict[str, dict[str, Any]], sign_of
) -> None:
    """``rnd``: the send-out's ``book.Round``; ``sign_of(typ)``: 1 or −1 to the master's signs."""
    s = rnd.inputs.settings
    names = headers(s)
    letter = {h: get_column_letter(i + 1) for i, h in enumerate(names)}
    metod_h, manuell_h, kommentar_h = PROGNOS_INPUTS.input_headers
    rows = []
    for r, typ in enumerate(TYPER, start=2):
        entries = rnd.prognos.get((unit, typ))
        auto, volume = rnd.choices.get((unit, typ), (ff.METHOD_COLUMNS[0], None))
        cells = ff.RowCells(
            r,
            letter[names[1]],
            letter[names[2]],
            letter[names[3]],
            letter[metod_h],
            letter[manuell_h],
            letter[FORECAST],
            {m: letter[m] for m in ff.METHOD_COLUMNS},
        )
        sign = sign_of(typ)
        rows.append(
            [
                unit,
                typ,
                plain_number(sign * refs[typ]["budget"]),
                plain_number(sign * refs[typ]["hittills"]),
                plain_number(entries.foregaende) if entries else None,
                Formula(ff.linjar(cells, s.period)),
                Formula(ff.sasong(cells, src, s.ar, s.period)),
                Formula(ff.budgetprofil(cells, src, s.period)),
                entries.metod if entries else None,
                None,  # Manuell prognos: empty, so the chosen method counts
                Formula(ff.forecast(cells, auto, s.period, None if volume is None else sign * volume)),
                Formula(ff.deviation(cells, sign)),
                entries.kommentar if entries else None,
            ]
        )
    sheet = UnitSheet(wb, "Prognos", originals)
    amount = rnd.amount_format
    sheet.table(
        "Prognos",
        names,
        rows,
        inputs=PROGNOS_INPUTS.input_headers,
        formats={h: amount for h in names[2:8] + [manuell_h, FORECAST, DEVIATION]},
        widths={
            names[0]: 28,
            names[1]: 11,
            names[2]: 13,
            names[3]: 14,
            names[4]: 15,
            **{m: 16 for m in ff.METHOD_COLUMNS},
            metod_h: 15,
            manuell_h: 14,
            FORECAST: 18,
            DEVIATION: 15,
            kommentar_h: 60,
        },
    )
    sheet.ws.row_dimensions[1].height = 48  # headers on up to three lines
    _validations(sheet.ws, letter, len(rows) + 1, s.enhet)
    for r in range(2, len(rows) + 2):
        sheet.ws.row_dimensions[r].height = 45
    sheet.ws.freeze_panes = "C2"


def _validations(ws, letter: dict[str, str], last: int, enhet: str) -> None:
    metod_h, manuell_h, kommentar_h = PROGNOS_INPUTS.input_headers
    method = PROGNOS.column("metod")
    unit_methods = UNIT_METHODS
    metod = list_validation(
        unit_methods, method.header, f"Välj {join_or(unit_methods)} i listan (eller lämna tomt).", method.hint
    )
    manuell = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+12",
        formula2="1E+12",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=manuell_h,
        error=f"Skriv ett belopp i {enhet} som ett tal, t.ex. -12000 för en kostnad.",
        showInputMessage=True,
        promptTitle=manuell_h,
        prompt=f"Din egen helårsprognos i {enhet}, om du har en. Tomt: metoden gäller.",
    )
    kommentar = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAX_KOMMENTAR),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=kommentar_h,
        error=f"Kommentaren får vara högst {MAX_KOMMENTAR} tecken.",
    )
    for dv, header in ((metod, metod_h), (manuell, manuell_h), (kommentar, kommentar_h)):
        ws.add_data_validation(dv)
        dv.add(f"{letter[header]}2:{letter[header]}{last}")
