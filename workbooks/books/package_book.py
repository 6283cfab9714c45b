"""The fast file implementation of the book interface: the user's workbook is never loaded
into openpyxl.

Values come from python-calamine (after the zip/XML pre-scan of ``workbooks.ooxml.safe_read``),
the derived sheets are rendered into a small scratch workbook by openpyxl and grafted into a
byte copy of the user's package (``workbooks.ooxml.graft``). A package the graft refuses
(Strict Open XML, a missing styles part, …) is re-written with openpyxl instead
(``workbooks.books.xlsx_book.XlsxBook``), and the user is told why in one Swedish line.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

import openpyxl
import python_calamine
from openpyxl.utils import get_column_letter, range_boundaries

from validation.contract import TableSpec
from validation.findings import VARNING, Finding
from validation.raw_table import RawTable, UnusableInput
from workbooks.books.atomic import write_atomically
from workbooks.books.sheet_spec import SheetSpec
from workbooks.books.table_cut import read_contract_table
from workbooks.books.xlsx_book import MAX_GRID_CELLS, XlsxBook, write_spec
from workbooks.ooxml import checks
from workbooks.ooxml.checks import CALAMINE_ERRORS, MAX_RATIO, MAX_UNCOMPRESSED, check_file
from workbooks.ooxml.graft import UserPackage, graft
from workbooks.ooxml.parts import XML_FAILURES, GraftRefused, HostileXml, XmlTooBig, sheet_name_key, sheet_tables
from workbooks.ooxml.safe_read import Limits, scan

# The pre-scan's bounds for a committee's own workbook (a submission's are much tighter).
LIMITS = Limits(
    max_bytes=2_000_000_000,
    max_uncompressed=MAX_UNCOMPRESSED,
    max_ratio=MAX_RATIO,
    max_entries=100_000,
    max_rows=1_048_576,
    max_cells=2**62,
)
HOSTILE = (
    "arbetsboken innehåller XML med egna entiteter eller externa referenser, som en riktig Excel-fil "
    "aldrig har (filen kan vara manipulerad). Den läses inte; spara arbetsboken på nytt i Excel."
)


def _shown(target: str) -> str:
    """An external link's target as the user wrote it (percent escapes decoded), at most 200 characters."""
    text = unquote(target)
    return repr(text if len(text) <= 200 else text[:199] + "…")


def _own_name(name: str) -> str:
    """A suggested new name for a user's sheet that looks like a derived one (at most 31 characters)."""
    return " ".join(name.split())[:24] + " (egen)"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


class PackageBook:
    """A workbook file opened for reading tables and writing derived sheets, surgically."""

    def __init__(self, path: Path, notice: Callable[[str], None] = _stderr):
        self.path = Path(path)
        self.notice = notice
        check_file(self.path)
        self.scan = scan(self.path, LIMITS, reading_only=True)
        try:
            self._values = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises its own error types
            self.scan.close()
            raise UnusableInput(
                f"{self.path.name}: arbetsboken kan inte läsas (tekniskt fel: {type(exc).__name__}). "
                "Öppna den i Excel, spara på nytt som .xlsx och försök igen."
            ) from None
        self._tables: list | None = None
        self._sanitized = None  # a values copy without error values calamine does not know, when needed
        self._pending: dict[str, SheetSpec] = {}
        self._removed: set[str] = set()
        self._active: str | None = None
        self.refused: str | None = None
        self._package: UserPackage | None = None
        try:
            self._package = UserPackage.open(self.path)
        except GraftRefused as exc:
            self.refused = str(exc)
        except XML_FAILURES as exc:
            self.scan.close()
            raise self._unusable(exc) from None

    def _unusable(self, exc: Exception) -> UnusableInput:
        if isinstance(exc, HostileXml):
            return UnusableInput(f"{self.path.name}: delen {exc}: {HOSTILE}")
        if isinstance(exc, XmlTooBig):  # well-formed, only beyond the parser's limits: big, not damaged
            return UnusableInput(
                f"{self.path.name}: delen {exc} är välformad men nästlad djupare (eller har längre "
                "text) än XML-läsaren tillåter; filen är inte skadad, men den delen kan inte läsas. "
                "Spara om arbetsboken i Excel och försök igen."
            )
        return UnusableInput(
            f"{self.path.name}: arbetsbokens XML är trasig (delen {exc}, filen är skadad). "
            "Öppna den i Excel, spara på nytt som .xlsx och försök igen."
        )

    # --- reading -------------------------------------------------------------------
    @property
    def sheet_names(self) -> list[str]:
        user = [s.name for s in self.scan.sheets if s.name not in self._removed and s.name not in self._pending]
        return user + list(self._pending)

    def _grid(self, sheet: str, nrows: int | None = None) -> list[list[object]]:
        """The sheet's values from A1, at most ``nrows`` rows; a sheet whose used range reaches
        absurdly far is refused before calamine would allocate it."""
        info = self.scan.details(sheet)
        rows = min(info.max_row, nrows) if nrows else info.max_row
        if rows * max(info.max_col, 1) > MAX_GRID_CELLS:
            corner = f"{get_column_letter(max(info.max_col, 1))}{info.max_row}"
            raise UnusableInput(
                f"{self.path.name}: bladet {sheet!r} används ända ut till {corner} "
                f"({info.max_row} rader × {info.max_col} kolumner). Ta bort tomma rader och kolumner "
                "längst ned och till höger (markera, Ta bort) och spara."
            )
        try:
            return self._values.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=rows or None)
        except Exception as exc:  # python-calamine refuses error values it does not know (#SPILL!, #CALC!, …)
            failure = type(exc).__name__
        try:  # as XlsxBook does: a values copy with those cells as #N/A
            if self._sanitized is None:
                copy = checks.sanitized_error_values(self.path, CALAMINE_ERRORS)
                self._sanitized = python_calamine.CalamineWorkbook.from_filelike(copy)
            return self._sanitized.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=rows or None)
        except Exception:
            raise UnusableInput(
                f"{self.path.name}: bladet {sheet!r} kan inte läsas (tekniskt fel: {failure}). "
                "Spara om arbetsboken i Excel."
            ) from None

    def table(self, spec: TableSpec) -> RawTable | None:
        """The contract table: an Excel Table by name, else a sheet by name."""
        sheets = [s.name for s in self.scan.sheets]
        raw = read_contract_table(
            spec,
            self._named_tables(),
            sheets,
            lambda sheet, last_row, _last_col: self._grid(sheet, nrows=last_row),
            owned=True,
        )
        if raw is not None:
            self._note_formulas(raw)
        return raw

    def _named_tables(self):
        """The workbook's Excel Tables in sheet order, from the table parts (name and display
        name, as ``XlsxBook`` yields them; a totals row excluded)."""
        if self._tables is None:
            self._tables = []
            for sheet in self.scan.sheets:
                try:
                    found = sheet_tables(self.scan.archive, sheet.part)
                except XML_FAILURES as exc:
                    raise self._unusable(exc) from None
                for table in found:
                    if not table.ref or ":" not in table.ref:
                        continue
                    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
                    bounds = (min_row, min_col, max_row - table.totals, max_col)
                    self._tables.append((table.display_name, sheet.name, bounds))
                    if table.name != table.display_name:
                        self._tables.append((table.name, sheet.name, bounds))
        return iter(self._tables)

    def _note_formulas(self, raw: RawTable) -> None:
        """Remember formula cells that have no cached value (never calculated by Excel)."""
        info = self.scan.details(raw.sheet)
        if info is None or not info.formulas_without_value:
            return
        rows = {r: i for i, r in enumerate(raw.row_numbers)}
        for r, c in info.formulas_without_value:
            pos = c - raw.first_col
            if r in rows and 0 <= pos < len(raw.headers) and raw.rows[rows[r]][pos] is None:
                raw.formula_cells.add((r, pos))

    def notes(self, file: str = "") -> list[Finding]:
        """What the file itself carries that the user should know: a warning per external link
        target (xl/externalLinks), which the refresh keeps byte for byte and never updates."""
        return [
            Finding(
                allvarlighet=VARNING,
                blad="",
                cell="",
                regel="extern_lank",
                fil=file,
                meddelande=(
                    f"Arbetsboken länkar till en annan fil: {_shown(target)}. Värdena från länken är de som sparades "
                    "senast i arbetsboken och kan vara inaktuella; Prognos uppdaterar dem inte och behåller länken som "
                    "den är i utfilen. Ersätt länken med värden (Data > Redigera länkar > Bryt länk) om den "
                    "inte behövs."
                ),
            )
            for target in dict.fromkeys(self.scan.external_links)
        ]

    # --- writing -------------------------------------------------------------------
    def remove_sheet(self, name: str) -> None:
        self._pending.pop(name, None)
        self._removed.add(name)

    def write_sheet(self, spec: SheetSpec) -> None:
        self._pending.pop(spec.name, None)
        self._pending[spec.name] = spec

    def set_active(self, name: str) -> None:
        if name in self.sheet_names:
            self._active = name

    def render(self) -> bytes | None:
        """The derived sheets as a scratch workbook (openpyxl), or None when there are none."""
        if not self._pending:
            return None
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for spec in self._pending.values():
            ws = wb.create_sheet(spec.name)
            write_spec(ws, spec)
            ws.sheet_view.tabSelected = spec.name == self._active
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    def save(self, path: Path) -> None:
        path = Path(path)
        if path.resolve() == self.path.resolve():
            raise UnusableInput(f"{path.name}: utfilen får inte vara samma fil som indata. Ange en annan fil med -o.")
        if self._package is not None and self._package.macros != (path.suffix.lower() == ".xlsm"):
            want = ".xlsm" if self._package.macros else ".xlsx"
            kind = "makroaktiverad (.xlsm)" if self._package.macros else "utan makron (.xlsx)"
            raise UnusableInput(
                f"{path.name}: arbetsboken är {kind}; Excel öppnar den bara med rätt filändelse. "
                f"Ange en utfil som slutar på {want}."
            )
        try:
            self._refuse_look_alikes()
            path.parent.mkdir(parents=True, exist_ok=True)
            if self.refused is None:
                try:
                    write_atomically(
                        path, lambda tmp: graft(self._package, self.render(), self._removed, self._active, tmp)
                    )
                    return
                except GraftRefused as exc:
                    self.refused = str(exc)
                except XML_FAILURES as exc:
                    raise self._unusable(exc) from None
            self._fallback(path)
        finally:
            self.close()

    def _refuse_look_alikes(self) -> None:
        """A user's sheet whose name differs from a derived sheet's only in letter case or spacing
        ("AVVIKELSE", "avvikelse "): refused, since Excel and LibreOffice resolve the derived
        formulas' references (``=Avvikelse!H32``) without letter case and a person cannot tell the
        tabs apart; writing beside it would point the committee's figures at the user's sheet (or
        replace it). Nothing is written; the user renames their sheet."""
        ours = {sheet_name_key(name): name for name in self._pending}
        for sheet in self.scan.sheets:
            derived = ours.get(sheet_name_key(sheet.name))
            if derived is not None and derived != sheet.name:
                raise UnusableInput(
                    f"{self.path.name}: arbetsboken har ett eget blad {sheet.name!r} vars namn bara skiljer sig från "
                    f"Prognos blad {derived!r} i stora och små bokstäver eller mellanslag. Excel skiljer inte på stora "
                    f"och små bokstäver i bladnamn och mellanslag syns inte på flikarna, så nämndens siffror skulle "
                    f"kunna hämtas från fel blad. Byt namn på ditt blad "
                    f"(till exempel till {_own_name(sheet.name)!r}) och kör igen; ingen utfil skrevs."
                )

    def _fallback(self, path: Path) -> None:
        """Re-write the whole workbook with openpyxl, saying why (never silently)."""
        self.notice(
            f"Obs: {self.path.name}: {self.refused} Utfilen skrivs därför om med openpyxl, som kan tappa "
            "former, textrutor, utsnitt, miniatyrdiagram och formulärkontroller."
        )
        book = XlsxBook(self.path)
        for name in sorted(self._removed):
            book.remove_sheet(name)
        for spec in self._pending.values():
            book.write_sheet(spec)
        if self._active is not None:
            book.set_active(self._active)
        book.save(path)

    def close(self) -> None:
        if self._package is not None:
            self._package.close()
        self.scan.close()
