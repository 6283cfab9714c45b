"""Checks of one submitted workbook that decide whether what would be read is exactly what
the unit's visible sheet shows (issue 12). Each returns ``Finding`` objects at their cell;
``validation.round.batch`` adds them before the contract rules (they are root causes):

- ambiguous or hidden contract tables (``workbooks.round.ambiguity``);
- live formulas in the cells read (``workbooks.ooxml.formula_scan``);
- text longer than an Excel cell holds (``for_lang_text``): it would be cut in the master;
- a unit's input in a hidden row or column of Prognos (``dold_inmatning``): nobody saw it;
- no ``_Utskick`` sheet (``utskick_saknas``): nothing shows where the workbook came from;
  a warning when validating, an error when consolidating;
- a unit workbook's Metod cells without their drop-down (``rullista_saknas``, ``metod_lists``).
"""

from __future__ import annotations

from udfs.language.number_format import format_tal
from validation.contract import PROGNOS, TableSpec, join_or, match_columns
from validation.findings import FEL, VARNING, Finding
from validation.raw_table import RawTable, range_bounds
from validation.round.submission import UTSKICK_SHEET
from validation.round.unit_tables import UNIT_METHODS
from workbooks.ooxml import formula_scan
from workbooks.round import ambiguity

EXCEL_CELL_CHARACTERS = 32_767  # the most text an Excel cell holds
INPUT_KEYS = ("metod", "manuell", "kommentar")  # the unit's input columns in Prognos


def long_texts(file: str, raw: RawTable) -> list[Finding]:
    out = []
    for row_number, values in zip(raw.row_numbers, raw.rows):
        for pos, value in enumerate(values):
            if isinstance(value, str) and len(value) > EXCEL_CELL_CHARACTERS:
                out.append(
                    Finding(
                        allvarlighet=FEL,
                        blad=raw.sheet,
                        cell=raw.address(row_number, pos),
                        regel="for_lang_text",
                        meddelande=f"Texten i cellen är {format_tal(len(value))} tecken lång; en cell i "
                        "Excel rymmer högst "
                        f"{format_tal(EXCEL_CELL_CHARACTERS)} tecken, så den skulle kortas av utan att det syns. Korta "
                        "texten (en kommentar är högst 1 000 tecken) och skicka arbetsboken igen.",
                        fil=file,
                    )
                )
    return out


def hidden_inputs(file: str, raw: RawTable, sheet) -> list[Finding]:
    """A unit's input in a hidden row or column of Prognos: consolidated, but nobody saw it."""
    if not (sheet.hidden_rows or sheet.hidden_cols):
        return []
    found, _ = match_columns(PROGNOS, raw.headers)
    out = []
    for row_number, values in zip(raw.row_numbers, raw.rows):
        for key in INPUT_KEYS:
            pos = found.get(key)
            if pos is None or values[pos] in (None, ""):
                continue
            col = raw.first_col + pos
            if row_number in sheet.hidden_rows or col in sheet.hidden_cols:
                what = "raden" if row_number in sheet.hidden_rows else "kolumnen"
                out.append(
                    Finding(
                        allvarlighet=FEL,
                        blad=raw.sheet,
                        cell=raw.address(row_number, pos),
                        regel="dold_inmatning",
                        meddelande=f"{raw.headers[pos]}: cellen har ett värde men {what} är dold, så det syns inte i "
                        "arbetsboken. Det som sammanställs måste synas: visa "
                        f"{'raden' if what == 'raden' else 'kolumnen'} (Ta fram) och kontrollera värdet, "
                        "eller töm cellen.",
                        fil=file,
                    )
                )
    return out


def _covers(sqref: str, row: int, col: int) -> bool:
    for ref in sqref.split():
        try:
            min_col, min_row, max_col, max_row = range_bounds(ref)
        except ValueError:
            continue
        if min_row <= row <= max_row and min_col <= col <= max_col:
            return True
    return False


def metod_lists(file: str, raw: RawTable | None, sheet) -> list[Finding]:
    """A unit workbook's Metod cells still offer the drop-down ``prognos utskick`` sent (a classic
    data validation or Excel's x14 one; a list taken from cells counts): a warning at the first
    cell without it. A list that survived a round trip through LibreOffice or Excel is found."""
    if raw is None or sheet is None:
        return []
    found, _ = match_columns(PROGNOS, raw.headers)
    if "metod" not in found:
        return []
    methods = UNIT_METHODS
    lists = [
        sqref
        for sqref, source in sheet.list_validations
        if not source.startswith('"') or all(m in source for m in methods)
    ]
    col = raw.first_col + found["metod"]
    for row_number in raw.row_numbers:
        if not any(_covers(sqref, row_number, col) for sqref in lists):
            return [
                Finding(
                    allvarlighet=VARNING,
                    blad=raw.sheet,
                    cell=raw.address(row_number, found["metod"]),
                    regel="rullista_saknas",
                    meddelande=f"Metod: cellen har inte längre listan att välja metod i ({join_or(methods)}); den har "
                    "tagits bort eller ändrats. Värdet kontrolleras ändå. Be enheten fylla i den arbetsbok som "
                    "skickades ut, "
                    "så att listan finns kvar till nästa gång.",
                    fil=file,
                )
            ]
    return []


def origin(file: str, has_origin: bool, consolidating: bool) -> list[Finding]:
    """No evidence that the workbook is the one prognos utskick sent out."""
    out = []
    if not has_origin:
        out.append(
            Finding(
                allvarlighet=FEL if consolidating else VARNING,
                blad=UTSKICK_SHEET,
                cell="",
                regel="utskick_saknas",
                meddelande="Arbetsboken saknar det dolda bladet _Utskick, som visar att den kommer från prognos "
                "utskick och "
                "vad som skickades ut. Låsta celler kan inte kontrolleras och det går inte att se om någon "
                "annan arbetsbok "
                "har använts."
                + (
                    " Den sammanställs därför inte; be enheten fylla i den arbetsbok den fick."
                    if consolidating
                    else " Den sammanställs inte med --sammanstall."
                ),
                fil=file,
            )
        )
    return out


def findings(
    file: str,
    scan,
    specs: tuple[TableSpec, ...],
    raws: dict[str, RawTable],
    ignore_sheets: frozenset[str] = frozenset(),
) -> list[Finding]:
    """``scan``: the ``workbooks.ooxml.safe_read.Scan`` of the file (sheets scanned lazily: the sheets
    of ``raws`` are scanned by now)."""
    out = ambiguity.findings(file, scan, specs, raws, ignore_sheets)
    for raw in raws.values():
        sheet = scan.sheet(raw.sheet)
        if sheet is not None and sheet.formula_texts:
            inputs: set[int] = set()
            if raw.name == PROGNOS.name:
                found, _ = match_columns(PROGNOS, raw.headers)
                inputs = {found[k] for k in INPUT_KEYS if k in found}
            out += formula_scan.findings(file, raw, sheet.formula_texts, inputs, errors=set(sheet.errors))
        if sheet is not None and raw.name == PROGNOS.name:
            out += hidden_inputs(file, raw, sheet)
        out += long_texts(file, raw)
    return out
