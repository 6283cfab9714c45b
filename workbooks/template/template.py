"""The empty template workbook written by ``prognos mall UT.xlsx``.

The workbook follows the workbook contract in PRODUCT.md: one sheet per input
table, each holding a real Excel Table (ListObject) with the contract's name,
the required columns first and then the optional ones, drop-downs on the
columns with a closed set of values, number formats on amount and date columns,
and a first sheet "Instruktioner" that explains it all in Swedish.

Everything the user sees is Swedish; the code is English.
"""

from __future__ import annotations

import datetime as _dt
import math
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from udfs.language.vocabulary import ENHETER, MONTH_HEADERS
from validation.contract import (
    AMOUNT,
    INSTALLNINGAR,
    MIN_WIDTHS,
    MONTH,
    SETTINGS_ROWS,
    TABLES,
    YEAR,
    Column,
    TableSpec,
)
from workbooks.books import palette
from workbooks.books.xlsx_book import list_validation
from workbooks.template.ledger_sheet import HUVUDBOK_BLAD, write_ledger_sheet

__all__ = [
    "DATARADER",
    "write_template",
]

#: Number of empty data rows each data table covers, so drop-downs and number
#: formats are in place where the user starts typing.
DATARADER = 200

PROCENTFORMAT = "0.0%"

#: The data tables in sheet order: every table of the contract but Installningar.
DATATABELLER: tuple[TableSpec, ...] = tuple(t for t in TABLES if t is not INSTALLNINGAR)

#: Values the template pre-fills in Installningar (key of SETTINGS_ROWS -> value); the
#: year is the call's.
FORVALDA_INSTALLNINGAR: dict[str, object] = {
    "enhet": "tkr",
    "balansgrans": 0.005,
    "kostnader": "negativa",
    "intakter": "positiva",
    "huvudbok_enhet": "kr",
}


def template_columns(tabell: TableSpec) -> tuple[Column, ...]:
    """The template's columns of one table: the contract's, then Jan…Dec (amounts) where allowed."""
    manader = tuple(Column(f"m{i}", namn, kind=AMOUNT) for i, namn in enumerate(MONTH_HEADERS, start=1))
    return tabell.columns + (manader if tabell.template_months else ())


INSTRUKTIONER: tuple[tuple[str, str], ...] = (
    # (kind, text); kind is "titel", "rubrik" or "text".
    ("titel", "Prognos – mall för budget, utfall, prognos, volymer och statsbidrag"),
    (
        "text",
        "Den här arbetsboken är indata till Prognos. Fyll i tabellerna på bladen nedan. "
        "Prognos läser tabellerna, kontrollerar dem, räknar fram helårsprognoser och "
        "avvikelser och skriver resultatet på egna blad. Det du har skrivit in ändras aldrig.",
    ),
    (
        "text",
        "Alla tabeller är Excel-tabeller: skriv på första tomma raden så växer tabellen. "
        "Kolumnerna hittas på rubriken, så du får ändra ordning och lägga till egna kolumner; "
        "ändra inte rubrikerna eller tabellernas namn. Listrutor visar tillåtna värden.",
    ),
    (
        "text",
        "Tecken: intäkter anges som positiva belopp och kostnader som negativa belopp "
        "(netto = intäkter + kostnader). Belopp i Budget, Utfall, Prognos och Volymer anges i "
        "den enhet som står under Enhet på bladet Inställningar (kr, tkr eller mnkr). "
        "Statsbidrag och bidragskostnader anges alltid i hela kronor.",
    ),
    # One heading per table (its sheet name) and the table's paragraphs, from the contract.
    *((kind, text) for t in TABLES for kind, text in (("rubrik", t.sheet), *(("text", p) for p in t.instructions))),
    ("rubrik", "Blad som Prognos skriver"),
    (
        "text",
        "Bladen Sammanfattning, Rapport, Avvikelse, Investeringsredovisning, Intäkter och kostnader, "
        "Prognosförändring, Förklaringsposter, Handlingsplan, Bidrag och ersättningar, Metodval, Volymanalys, "
        "Prognossäkerhet, "
        "Diagram, Återrapportering, Avstämning och Valideringsfel skrivs av Prognos och skrivs om helt vid varje "
        "uppdatering. Skriv "
        "inte i dem: ändringar där försvinner nästa gång. Valideringsfel listar varje problem "
        "med blad, cell och en länk till cellen.",
    ),
    ("rubrik", "Egna texter i rapporten"),
    (
        "text",
        "Rapporten (Word-dokumentet och bladet Rapport) är nämndens egen text: Prognos skriver siffrorna och "
        "standardmeningarna, och det du skriver på bladen Texter, Orsaker och Åtgärder står med ordagrant där "
        "nämndens rapporter har det. Texter: nämndens stycke först, en text under varje avsnitt eller "
        "verksamhetsområde, punktlistor med - eller •. Orsaker: orsakerna till avvikelsen per verksamhetsområde med "
        "belopp, som punktlista under området och i tabellen Förklaringsposter (hur mycket av avvikelsen de "
        "förklarar). Åtgärder: handlingsplanen som tabell, och på bladet Handlingsplan.",
    ),
    ("rubrik", "Så kör du Prognos"),
    (
        "text",
        "I Excel: fliken Prognos i menyfliksområdet, knappen för att uppdatera. "
        "Från kommandoraden: prognos uppdatera arbetsbok.xlsx -o resultat.xlsx "
        "(indatafilen ändras aldrig; resultatet hamnar i resultat.xlsx). "
        "En ny tom mall skapas med: prognos mall mall.xlsx",
    ),
)


# --------------------------------------------------------------------------- helpers


def _header_width(text: str, minimum: float = 10.0) -> float:
    # Room for the header text in bold plus the table's filter button.
    return max(minimum, round(len(text) * 1.15 + 4, 1))


def _style_header(ws: Worksheet, kolumner: tuple[Column, ...]) -> None:
    for idx, kolumn in enumerate(kolumner, start=1):
        cell = ws.cell(row=1, column=idx, value=kolumn.header)
        cell.font = Font(name="Calibri", size=11, bold=True)
        # Amounts and dates need room for their values, not only for the header.
        bredd = max(_header_width(kolumn.header), kolumn.width, MIN_WIDTHS.get(kolumn.kind, 0))
        ws.column_dimensions[get_column_letter(idx)].width = bredd
    ws.freeze_panes = "A2"


def _add_table(ws: Worksheet, namn: str, n_kolumner: int, sista_rad: int) -> Table:
    ref = f"A1:{get_column_letter(n_kolumner)}{sista_rad}"
    tabell = Table(displayName=namn, name=namn, ref=ref)
    tabell.tableStyleInfo = TableStyleInfo(
        name=palette.TABLE_STYLE,
        showFirstColumn=False,
        showLastColumn=False,
        showRowStripes=True,
        showColumnStripes=False,
    )
    ws.add_table(tabell)
    return tabell


def _whole_validation(lagst: int, hogst: int, titel: str, fel: str, uppmaning: str) -> DataValidation:
    return DataValidation(
        type="whole",
        operator="between",
        formula1=str(lagst),
        formula2=str(hogst),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=titel,
        error=fel,
        showInputMessage=True,
        promptTitle=titel,
        prompt=uppmaning,
    )


def _validation(kolumn: Column) -> DataValidation | None:
    """The drop-down or number check of one column of a data table, from its declaration."""
    if kolumn.values:
        return list_validation(kolumn.values, kolumn.header, kolumn.values_error, kolumn.values_hint)
    if kolumn.kind == MONTH:
        return _whole_validation(
            1, 12, kolumn.header, f"{kolumn.header} måste vara ett heltal 1–12.", "Månadens nummer, 1–12."
        )
    if kolumn.kind == YEAR:
        return _whole_validation(
            1900, 2999, kolumn.header, f"{kolumn.header} måste vara ett årtal med fyra siffror.", "Årtal, t.ex. 2024."
        )
    return None


def _validations_for(kolumner: tuple[Column, ...]) -> list[tuple[int, DataValidation]]:
    """(column index, validation) for the data rows of one data table: Typ first, then month
    and year, then the other lists in column order (the order they are written in)."""

    def order(item: tuple[int, Column]) -> tuple[int, int]:
        idx, kolumn = item
        return (0 if kolumn.key == "typ" else 1 if kolumn.kind == MONTH else 2 if kolumn.kind == YEAR else 3, idx)

    out = []
    for idx, kolumn in sorted(enumerate(kolumner, start=1), key=order):
        dv = _validation(kolumn)
        if dv is not None:
            out.append((idx, dv))
    return out


# --------------------------------------------------------------------------- sheets


def _write_instructions(ws: Worksheet) -> None:
    bredd = 90
    ws.column_dimensions["A"].width = bredd
    ws.sheet_view.showGridLines = False
    # Print on the page width, as many pages down as needed.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    rad = 1
    for typ, text in INSTRUKTIONER:
        if typ == "rubrik" and rad > 1:
            rad += 1  # blank line before each heading
        cell = ws.cell(row=rad, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if typ == "titel":
            cell.font = Font(name="Calibri", bold=True, size=14)
            ws.row_dimensions[rad].height = 24
        elif typ == "rubrik":
            cell.font = Font(name="Calibri", bold=True, size=12)
            ws.row_dimensions[rad].height = 18
        else:
            # Explicit height so wrapped text shows in full where the reader does
            # not auto-fit rows; generous estimate of the wrapped line count.
            rader = max(1, math.ceil(len(text) / (bredd * 1.05)))
            ws.row_dimensions[rad].height = 15 * rader + 3
        rad += 1


def _write_settings(ws: Worksheet, ar: int) -> None:
    tabell = INSTALLNINGAR
    _style_header(ws, tabell.columns)
    varden = {**FORVALDA_INSTALLNINGAR, "ar": ar}
    rad_for: dict[str, int] = {}
    for rad, (key, installning) in enumerate(SETTINGS_ROWS.items(), start=2):
        ws.cell(row=rad, column=1, value=installning.display)
        ws.cell(row=rad, column=2, value=varden.get(key))
        cell = ws.cell(row=rad, column=3, value=installning.explanation)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        rad_for[installning.display] = rad
    ws.cell(row=rad_for["År"], column=2).number_format = "0"
    ws.cell(row=rad_for["Period"], column=2).number_format = "0"
    ws.cell(row=rad_for["Balansgräns"], column=2).number_format = PROCENTFORMAT
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 14)

    dv_ar = _whole_validation(1900, 2999, "År", "År måste vara ett årtal med fyra siffror.", "Budgetåret, t.ex. 2024.")
    dv_period = _whole_validation(
        1,
        12,
        "Period",
        "Period måste vara ett heltal 1–12 (senast stängda månad).",
        "Senast stängda månad, 1–12.",
    )
    dv_enhet = list_validation(
        tuple(ENHETER),
        "Enhet",
        "Enhet måste vara kr, tkr eller mnkr.",
        "Enhet för beloppen: kr, tkr eller mnkr.",
    )
    dv_grans = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="1",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Balansgräns",
        error="Balansgräns måste vara en andel mellan 0 % och 100 %, t.ex. 0,5 %.",
        showInputMessage=True,
        promptTitle="Balansgräns",
        prompt="Andel av budget, t.ex. 0,5 %.",
    )
    dv_kostnader = list_validation(
        ("negativa", "positiva"),
        "Kostnader",
        "Skriv negativa eller positiva.",
        "Hur kostnader skrivs: negativa (med minustecken) eller positiva.",
    )
    dv_intakter = list_validation(
        ("positiva", "negativa"),
        "Intäkter",
        "Skriv positiva eller negativa.",
        "Hur intäkter skrivs: positiva eller negativa (med minustecken).",
    )
    dv_huvudbok = list_validation(
        tuple(ENHETER), "Huvudbok i", "Huvudbok i måste vara kr, tkr eller mnkr.", "Enhet för en exporterad huvudbok."
    )
    for dv, parameter in (
        (dv_ar, "År"),
        (dv_period, "Period"),
        (dv_enhet, "Enhet"),
        (dv_grans, "Balansgräns"),
        (dv_kostnader, "Kostnader"),
        (dv_intakter, "Intäkter"),
        (dv_huvudbok, "Huvudbok i"),
    ):
        ws.add_data_validation(dv)
        dv.add(f"B{rad_for[parameter]}")

    _add_table(ws, tabell.name, len(tabell.columns), 1 + len(SETTINGS_ROWS))


def _write_data_table(ws: Worksheet, tabell: TableSpec) -> None:
    kolumner = template_columns(tabell)
    _style_header(ws, kolumner)
    sista = 1 + DATARADER
    for idx, kolumn in enumerate(kolumner, start=1):
        if kolumn.number_format is None:
            continue
        for rad in range(2, sista + 1):
            ws.cell(row=rad, column=idx).number_format = kolumn.number_format
    for idx, dv in _validations_for(kolumner):
        bokstav = get_column_letter(idx)
        ws.add_data_validation(dv)
        dv.add(f"{bokstav}2:{bokstav}{sista}")
    _add_table(ws, tabell.name, len(kolumner), sista)


# --------------------------------------------------------------------------- public


def write_template(ut: pathlib.Path, ar: int | None = None) -> pathlib.Path:
    """Write an empty Prognos template workbook to ``ut`` and return its path.

    ``ar`` is the budget year pre-filled in ``Installningar`` (default: the
    current year). Missing parent folders are created; an existing file is
    replaced.
    """
    ut = pathlib.Path(ut)
    if ar is None:
        ar = _dt.date.today().year

    wb = Workbook()
    instr = wb.active
    instr.title = "Instruktioner"
    _write_instructions(instr)

    _write_settings(wb.create_sheet(INSTALLNINGAR.sheet), int(ar))
    for tabell in DATATABELLER:
        _write_data_table(wb.create_sheet(tabell.sheet), tabell)
    write_ledger_sheet(wb.create_sheet(HUVUDBOK_BLAD))  # issue 10: how to paste the ledger export

    wb.active = 0
    wb.properties.creator = "Prognos"
    wb.properties.lastModifiedBy = "Prognos"
    wb.properties.title = "Prognos – mall"

    ut.parent.mkdir(parents=True, exist_ok=True)
    wb.save(ut)
    return ut


if __name__ == "__main__":  # pragma: no cover - convenience: python -m workbooks.template.template UT.xlsx
    import sys

    print(write_template(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "mall.xlsx")))
