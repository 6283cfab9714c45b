"""The file implementation of the workbook interface (openpyxl + python-calamine).

openpyxl holds the whole workbook so that everything the user had is written back;
python-calamine reads the cell *values* (cached results of the user's formulas), fast.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import openpyxl
import python_calamine
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo

from validation.contract import TableSpec
from validation.raw_table import RawTable, UnusableInput
from workbooks.books import palette
from workbooks.books.atomic import write_atomically
from workbooks.books.cell_text import set_value
from workbooks.books.sheet_spec import FORMATS, SheetSpec
from workbooks.books.table_cut import read_contract_table
from workbooks.ooxml import checks
from workbooks.ooxml.checks import CALAMINE_ERRORS, check_file
from workbooks.ooxml.parts import parser_limit
from workbooks.report.charts.excel_charts import add_charts

MAX_GRID_CELLS = 30_000_000  # rows × columns of one sheet read for a table (~70 000 rows × 400 columns)


def _reason(exc: BaseException) -> str:
    """Why a zip that looked like a workbook could not be read, in Swedish. openpyxl wraps the
    XML parser's error in a ValueError: the cause decides."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, ValueError) and cause is not None and "invalid XML" in str(exc):
        inner = _reason(cause)
        if not inner.startswith("arbetsboken kan inte läsas (tekniskt fel"):
            return inner
        return (
            "arbetsbokens XML är trasig (filen är skadad). Öppna den i Excel, spara på nytt som .xlsx och försök igen."
        )
    kind = type(exc).__name__
    text = str(exc)
    if kind in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError") or type(
        exc
    ).__module__.startswith("defusedxml"):
        return (
            "arbetsboken innehåller XML med egna entiteter eller externa referenser, som en riktig Excel-fil "
            "aldrig har (filen kan vara manipulerad). Den läses inte; spara arbetsboken på nytt i Excel."
        )
    if kind == "RuntimeError" and "encrypted" in text:
        return "delarna i zip-arkivet är krypterade. Spara arbetsboken utan lösenord i Excel och försök igen."
    if parser_limit(exc):  # well-formed, only bigger than openpyxl's XML parser reads: not damaged
        return (
            "en del av arbetsboken är välformad men större än openpyxl läser (en text eller ett attribut över "
            "10 MB, eller djupare nästlad än 256 nivåer); filen är inte skadad. Spara om arbetsboken i Excel, "
            "eller ta bort den mycket långa texten, och försök igen."
        )
    if kind in ("ParseError", "ExpatError", "XMLSyntaxError"):
        return (
            "arbetsbokens XML är trasig (filen är skadad). Öppna den i Excel, spara på nytt som .xlsx och försök igen."
        )
    if kind in ("KeyError",) and "archive" in text:
        return "en del av arbetsboken saknas i filen (filen är skadad). Spara den på nytt i Excel."
    return (
        f"arbetsboken kan inte läsas (tekniskt fel: {kind}). "
        "Öppna den i Excel, spara på nytt som .xlsx och försök igen."
    )


class XlsxBook:
    """A workbook file opened for reading tables and writing derived sheets."""

    def __init__(self, path: Path):
        self.path = Path(path)
        check_file(self.path)
        keep_vba = self.path.suffix.lower() == ".xlsm"
        try:
            self.wb = openpyxl.load_workbook(self.path, keep_vba=keep_vba, keep_links=True)
            self._values = python_calamine.CalamineWorkbook.from_path(str(self.path))
            self._sanitized = None  # a values copy without error values calamine does not know, when needed
        except UnusableInput:
            raise
        except Exception as exc:  # openpyxl/calamine raise many types on broken files
            raise UnusableInput(f"{self.path.name}: {_reason(exc)}") from None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def _grid(self, sheet: str, nrows: int | None = None) -> list[list[object]]:
        """The sheet's values from A1, at most ``nrows`` rows.

        Not cached: a grid is only needed while a table is cut out of it (a 70 000-row
        grid is tens of MB). calamine allocates the whole used rectangle, so a sheet with a
        stray cell far out (XFD1048576) is refused instead of exhausting memory.
        """
        ws = self.wb[sheet]
        rows = min(ws.max_row, nrows) if nrows else ws.max_row
        if rows * ws.max_column > MAX_GRID_CELLS:
            raise UnusableInput(
                f"{self.path.name}: bladet {sheet!r} används ända ut till {ws.dimensions.split(':')[-1]} "
                f"({ws.max_row} rader × {ws.max_column} kolumner). Ta bort tomma rader och kolumner "
                "längst ned och till höger (markera, Ta bort) och spara."
            )
        try:
            return self._values.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=rows)
        except Exception as exc:  # python-calamine refuses error values it does not know (#SPILL!, #CALC!, …)
            failure = type(exc).__name__
        try:
            if self._sanitized is None:
                copy = checks.sanitized_error_values(self.path, CALAMINE_ERRORS)
                self._sanitized = python_calamine.CalamineWorkbook.from_filelike(copy)
            return self._sanitized.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=rows)
        except Exception:
            raise UnusableInput(
                f"{self.path.name}: bladet {sheet!r} kan inte läsas (tekniskt fel: {failure}). "
                "Spara om arbetsboken i Excel."
            ) from None

    def table(self, spec: TableSpec) -> RawTable | None:
        """The contract table: an Excel Table by name, else a sheet by name."""
        raw = read_contract_table(
            spec,
            self._named_tables(),
            self.wb.sheetnames,
            lambda sheet, last_row, _last_col: self._grid(sheet, nrows=last_row),
        )
        if raw is not None:
            self._note_formulas(self.wb[raw.sheet], raw)
        return raw

    def _named_tables(self):
        for ws in self.wb.worksheets:
            for table in ws.tables.values():
                min_col, min_row, max_col, max_row = range_boundaries(table.ref)
                bounds = (min_row, min_col, max_row - (table.totalsRowCount or 0), max_col)
                yield table.displayName, ws.title, bounds
                if table.name != table.displayName:
                    yield table.name, ws.title, bounds

    def _note_formulas(self, ws, raw: RawTable) -> None:
        """Remember formula cells that have no cached value (never calculated by Excel)."""
        cells = ws._cells  # look up without creating cells
        for row_number, values in zip(raw.row_numbers, raw.rows):
            for pos, value in enumerate(values):
                if value is None:
                    cell = cells.get((row_number, raw.first_col + pos))
                    if cell is not None and cell.data_type == "f":
                        raw.formula_cells.add((row_number, pos))

    # --- writing -----------------------------------------------------------------
    def remove_sheet(self, name: str) -> None:
        if name in self.wb.sheetnames:
            del self.wb[name]

    def write_sheet(self, spec: SheetSpec) -> None:
        self.remove_sheet(spec.name)
        ws = self.wb.create_sheet(spec.name)
        write_spec(ws, spec)

    def set_active(self, name: str) -> None:
        if name in self.wb.sheetnames:
            index = self.wb.sheetnames.index(name)
            self.wb.active = index
            for ws in self.wb.worksheets:
                ws.sheet_view.tabSelected = ws.title == name

    def save(self, path: Path) -> None:
        path = Path(path)
        if path.resolve() == self.path.resolve():
            raise UnusableInput(f"{path.name}: utfilen får inte vara samma fil som indata. Ange en annan fil med -o.")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, self.wb.save)


RED_FONT = Font(color=palette.BAD_TEXT)
_THIN = Side(style="thin", color=palette.BORDER)
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOTTOM_BORDER = Border(bottom=Side(style="thin", color=palette.BLACK))  # a line to write on
RED_FILL = PatternFill(bgColor=palette.BAD_FILL)


LINK_FONT = Font(name="Calibri", color=palette.LINK, underline="single")
UNLOCKED = Protection(locked=False)


# The styles of a derived sheet's cells: a few distinct ones over thousands of cells, each made
# once (openpyxl keeps the objects it is given; none of them is changed afterwards).
@lru_cache(maxsize=None)
def _font(bold: bool, italic: bool, size: float | None) -> Font:
    return Font(name="Calibri", bold=bold, italic=italic, size=size)  # no name: LibreOffice prints serif


@lru_cache(maxsize=None)
def _alignment(wrap: bool, align: str | None) -> Alignment:
    return Alignment(wrap_text=wrap or None, vertical="top" if wrap else None, horizontal=align)


@lru_cache(maxsize=None)
def _fill(color: str) -> PatternFill:
    return PatternFill("solid", fgColor=color)


def write_spec(ws, spec: SheetSpec) -> None:
    """Render a SheetSpec on an openpyxl worksheet."""
    for r, line in enumerate(spec.rows, start=1):
        for c, item in enumerate(line, start=1):
            if item is None:
                continue
            cell = ws.cell(row=r, column=c)
            if item.formula:
                cell.value = item.formula
            else:
                set_value(cell, item.value)
            if item.fmt:
                cell.number_format = FORMATS[item.fmt]
            if item.bold or item.italic or item.size:
                cell.font = _font(item.bold, item.italic, item.size)
            if item.wrap or getattr(item, "align", None):
                cell.alignment = _alignment(item.wrap, getattr(item, "align", None))
            if getattr(item, "border", False):
                cell.border = BOTTOM_BORDER if item.border == "bottom" else THIN_BORDER
            if getattr(item, "fill", None):
                cell.fill = _fill(item.fill)
            if getattr(item, "unlocked", False):
                cell.protection = UNLOCKED
            if item.link:
                if "://" in item.link or item.link.startswith("file:"):
                    cell.hyperlink = item.link
                else:  # a place in this workbook: an internal link, no relationship
                    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=item.link)
                cell.font = LINK_FONT
    for row, height in spec.row_heights.items():
        ws.row_dimensions[row].height = height
    for ref in spec.merges:
        ws.merge_cells(ref)
    for col, width in spec.widths.items():
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = width
    if spec.table is not None:
        table = Table(displayName=spec.table.name, ref=spec.table.ref)
        table.tableStyleInfo = TableStyleInfo(name=spec.table.style, showRowStripes=True)
        ws.add_table(table)
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    for ref in spec.negative_red:
        ws.conditional_formatting.add(ref, CellIsRule(operator="lessThan", formula=["0"], font=RED_FONT, fill=RED_FILL))
    if spec.tab_color:
        ws.sheet_properties.tabColor = spec.tab_color
    ws.page_setup.orientation = "landscape" if spec.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if spec.print_title_rows:
        ws.print_title_rows = spec.print_title_rows
    _print_setup(ws, spec)
    _input_setup(ws, spec)
    if spec.charts:
        add_charts(ws, spec)


def list_validation(values: tuple[str, ...] | list[str], title: str, error: str, prompt: str = "") -> DataValidation:
    """A drop-down list as a classic data validation (LibreOffice keeps it, ``validera`` reads it):
    a value outside the list is refused with ``error``; ``prompt`` shows when the cell is chosen."""
    return DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showDropDown=False,  # False means: do show the in-cell arrow (OOXML quirk)
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=title or None,
        error=error or None,
        showInputMessage=bool(prompt),
        promptTitle=title or None,
        prompt=prompt or None,
    )


def _input_setup(ws, spec: SheetSpec) -> None:
    """The drop-down lists (classic data validations) and the sheet protection of a SheetSpec."""
    for item in getattr(spec, "validations", ()):
        validation = list_validation(item.values, item.title, item.error, item.prompt)
        validation.add(item.ref)
        ws.add_data_validation(validation)
    if getattr(spec, "protected", False):  # no password: the economist may lift it (Granska > Ta bort skydd)
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.formatRows = False
        ws.protection.autoFilter = ws.protection.sort = False


def _print_setup(ws, spec: SheetSpec) -> None:
    """The optional printing fields of a SheetSpec: print areas, page breaks, header, scale."""
    from openpyxl.worksheet.pagebreak import Break

    if getattr(spec, "print_areas", None):
        ws.print_area = list(spec.print_areas)
    for row in getattr(spec, "row_breaks", []):
        ws.row_breaks.append(Break(id=row))
    for part, text in getattr(spec, "header", {}).items():
        getattr(ws.oddHeader, part).text = text
    for part, text in getattr(spec, "footer", {}).items():
        getattr(ws.oddFooter, part).text = text
    if getattr(spec, "scale", None):
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = spec.scale
    elif getattr(spec, "fit_height", 0):
        ws.page_setup.fitToHeight = spec.fit_height
    if getattr(spec, "fit_width", 1) != 1:
        ws.page_setup.fitToWidth = spec.fit_width
    if getattr(spec, "print_title_cols", None):
        ws.print_title_cols = spec.print_title_cols
