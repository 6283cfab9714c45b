"""Reading submitted workbooks fast and safely: a zip/XML pre-scan, then python-calamine.

``scan(path, limits)`` looks at a file before any spreadsheet library parses it and raises
``UnusableInput`` (a Swedish one-liner) for anything that is not a sane workbook: not a zip,
truncated, encrypted, .xls/.xlsb/.ods/.csv/.html under an .xlsx name, zip bombs (declared
sizes), XML with a DTD in any part (entity expansion, external entities; ``workbooks.ooxml.dtd``), a sheet with
cells far beyond
what a submission holds (calamine would allocate the whole rectangle). It also collects
what calamine does not report: formula error cells (calamine reads them as empty), formulas
without a cached value, merged cells, sheet protection, hidden sheets, macros, external
links and the Excel Tables (name, sheet, range) of the workbook.

``CalamineBook`` implements the ``table(spec)`` interface of ``validation.forecast_tables.inputs`` on top
of the scan and python-calamine, with the same semantics as ``XlsxBook.table``: an Excel
Table by name on any sheet, else a sheet of that name whose first non-empty row is the
header; derived sheets are never read.

Nothing here writes anything: input files are only opened for reading.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from udfs.language.number_format import format_tal
from validation.contract import TableSpec
from validation.raw_table import RawTable, UnusableInput, range_bounds
from workbooks.books.table_cut import read_contract_table
from workbooks.ooxml import checks, dtd, sheet_xml
from workbooks.ooxml.checks import CALAMINE_ERRORS, OLE2_MAGIC, check_file

# python-calamine reads CALAMINE_ERRORS (as empty cells); it refuses a sheet with any other.


@dataclass(frozen=True)
class Limits:
    """Per-file bounds for submitted workbooks (a unit's workbook is well under 1 MB)."""

    seconds: float = 4.0  # wall time per file, enforced by the batch pool
    memory_mb: int = 1024  # address space a worker may add while reading one file
    max_bytes: int = 50_000_000  # file size
    max_uncompressed: int = 200_000_000  # sum of declared entry sizes
    max_ratio: int = 100  # compression ratio of an entry above 10 MB
    max_entries: int = 5_000
    max_rows: int = 100_000  # highest row number with a cell, per sheet
    max_cells: int = 5_000_000  # rows × columns calamine would allocate, per sheet


@dataclass
class SheetScan:
    name: str
    part: str  # zip path of the worksheet XML
    state: str = "visible"  # visible / hidden / veryHidden
    scanned: bool = False  # the XML has been looked at (lazily, just before the sheet is read)
    dimension_rows: int = 0  # the rows the sheet's <dimension> claims
    max_row: int = 0
    max_col: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based -> "#REF!"
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    formulas: int = 0
    formula_texts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> formula without "="
    hidden_rows: set[int] = field(default_factory=set)  # rows hidden (or of height 0) in Excel
    hidden_cols: set[int] = field(default_factory=set)
    protected: bool = False
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    list_validations: list[tuple[str, str]] = field(default_factory=list)  # drop-downs: (cell ranges, source)


@dataclass
class TableRef:
    name: str
    display_name: str
    sheet: str
    ref: str
    totals: int = 0


@dataclass
class Scan:
    name: str = ""
    limits: Limits = field(default_factory=Limits)
    sheets: list[SheetScan] = field(default_factory=list)
    vba: bool = False
    external_links: list[str] = field(default_factory=list)
    tables: list[TableRef] = field(default_factory=list)  # every Excel Table part, as the package declares it
    uncompressed: int = 0
    archive: zipfile.ZipFile | None = None  # open until close(); sheets are scanned on demand
    # Only what reading the values needs (bounds, formulas without a value; the refresh of
    # a committee's own workbook): no hidden rows, merges, protection or error texts.
    reading_only: bool = False

    def sheet(self, name: str) -> SheetScan | None:
        return next((s for s in self.sheets if s.name == name), None)

    def details(self, name: str) -> SheetScan | None:
        """The sheet with its XML scanned (raises UnusableInput for a sheet too large to read)."""
        sheet = self.sheet(name)
        if sheet is not None and not sheet.scanned:
            if self.archive is None:
                raise UnusableInput(f"{self.name}: arbetsboken är redan stängd.")
            try:
                data = checks.read_checked(self.name, self.archive, sheet.part)
            except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, zlib.error) as exc:
                raise UnusableInput(
                    f"{self.name}: bladet {sheet.name!r} går inte att packa upp "
                    f"({type(exc).__name__}). "
                    "Filen är skadad; spara om den i Excel."
                ) from None
            _no_dtd(self.name, sheet.part, data)
            sheet_xml.scan_sheet(self.name, sheet, data, self.limits, self.reading_only)
            sheet.scanned = True
        return sheet

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None


# --- the pre-scan ------------------------------------------------------------------------------
_TEXT_SNIFF = 4096


def _sniff_non_zip(name: str, head: bytes) -> None:
    """Specific messages for text files and other formats saved with an .xlsx name."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    low = text[:400].lower()
    if low.startswith(b"<!doctype html") or low.startswith(b"<html") or b"<table" in low:
        raise UnusableInput(
            f"{name}: filen är en webbsida (HTML) med Excel-ändelse, inte en arbetsbok. "
            "Öppna den i Excel och spara som Excel-arbetsbok (.xlsx)."
        )
    if low.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text[:_TEXT_SNIFF].lower():
        raise UnusableInput(
            f"{name}: filen är i formatet XML-kalkylblad 2003, inte .xlsx. "
            "Öppna den i Excel och spara som Excel-arbetsbok (.xlsx)."
        )
    if low.startswith(b"{\\rtf"):
        raise UnusableInput(f"{name}: filen är ett RTF-dokument, inte en arbetsbok. Spara arbetsboken som .xlsx.")
    if low.startswith(b"%pdf"):
        raise UnusableInput(f"{name}: filen är en PDF, inte en arbetsbok. Skicka Excel-filen (.xlsx) i stället.")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        try:
            decoded = text.decode("cp1252")
        except UnicodeDecodeError:
            return
    if "\x00" in decoded:
        return
    lines = [ln for ln in decoded.splitlines()[:5] if ln.strip()]
    for sep, label in ((";", "semikolon"), ("\t", "tabb"), (",", "komma")):
        if lines and all(sep in ln for ln in lines):
            raise UnusableInput(
                f"{name}: filen är en textfil (CSV, avgränsad med {label}) med .xlsx-ändelse, inte en "
                "arbetsbok. Öppna den i Excel och spara som Excel-arbetsbok (.xlsx)."
            )
    raise UnusableInput(
        f"{name}: filen är en textfil, inte en Excel-arbetsbok. Spara arbetsboken som .xlsx och försök igen."
    )


def _no_dtd(name: str, part: str, data: bytes) -> None:
    """Reject any DTD: entity expansion ("billion laughs") and external entities."""
    found = dtd.dtd_in((data,))
    if found is not None:
        raise UnusableInput(dtd.dtd_message(name, part, found))


_ATTRS = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_TABLE_TAG = re.compile(rb"<(?:\w+:)?table\b([^>]*)>")


def _attrs(raw: bytes) -> dict[str, str]:
    """Attributes of one start tag, namespace prefixes dropped, entities decoded."""
    return {
        k.decode().rsplit(":", 1)[-1] if k != b"xmlns" else "xmlns": html.unescape(v.decode("utf-8", "replace"))
        for k, v in _ATTRS.findall(raw)
    }


class _Package:
    def __init__(self, name: str, archive: zipfile.ZipFile, names: set[str]):
        self.name, self.archive, self.names = name, archive, names

    def read(self, part: str) -> bytes:
        data = self.archive.read(part)
        _no_dtd(self.name, part, data)
        return data

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationships of ``part``: id -> (type suffix, resolved target, target mode)."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if rels_part not in self.names:
            return {}
        out = {}
        for raw in _REL_TAG.findall(self.read(rels_part)):
            a = _attrs(raw)
            target, mode = a.get("Target", ""), a.get("TargetMode", "")
            if mode != "External":
                target = (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                )
            out[a.get("Id", "")] = (a.get("Type", "").rsplit("/", 1)[-1], target, mode)
        return out


def scan(path: Path, limits: Limits = Limits(), reading_only: bool = False) -> Scan:
    """Check a file without a spreadsheet library; raise UnusableInput (Swedish) when unusable.
    ``reading_only``: sheets are scanned only for what reading their values needs."""
    path = Path(path)
    name = path.name
    _check_file(path, name, limits)
    out = Scan(name=name, limits=limits, reading_only=reading_only)
    archive = None
    checks.check_start(name, path)
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
        checks.check_names(name, infos)
        names = _check_entries(name, infos, out, limits)
        # Reading only: a worksheet is size-checked when (and if) it is read, on its one inflation.
        checks.check_sizes(
            name, path, infos, limits.max_uncompressed, _WORKSHEET.match if reading_only else (lambda _part: False)
        )
        _check_kind(name, archive, names)
        # OPC forbids a DTD in any part: every XML part's prolog is looked at before any part is parsed or copied.
        dtd.refuse_dtds(name, archive)
        _scan_package(_Package(name, archive, names), out, limits)
        out.archive = archive
    except zipfile.BadZipFile:
        raise UnusableInput(
            f"{name}: filen är skadad eller ofullständig (zip-arkivet går inte att läsa, "
            "filen kan vara "
            "avbruten vid kopiering). Spara eller skicka arbetsboken på nytt."
        ) from None
    except (EOFError, OSError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise UnusableInput(
            f"{name}: zip-arkivet går inte att läsa ({type(exc).__name__}). Spara arbetsboken på nytt i Excel."
        ) from None
    finally:
        if archive is not None and out.archive is None:
            archive.close()
    return out


def _check_file(path: Path, name: str, limits: Limits) -> None:
    """The file itself, before it is opened as a zip: there, not a folder, not too big, a package."""
    if not path.exists():
        raise UnusableInput(f"{name}: filen finns inte. Kontrollera sökvägen.")
    if path.is_dir():
        raise UnusableInput(f"{name}: är en mapp, inte en arbetsbok.")
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise UnusableInput(
            f"{name}: filen är {size / 1e6:.0f} MB; en inlämning får vara högst "
            f"{limits.max_bytes / 1e6:.0f} MB. Kontrollera att det är rätt fil."
        )
    with path.open("rb") as handle:
        head = handle.read(_TEXT_SNIFF)
    if head and not head.startswith(b"PK") and not head.startswith(OLE2_MAGIC):
        _sniff_non_zip(name, head)
    if head.startswith(OLE2_MAGIC) or size == 0 or not head.startswith(b"PK\x03\x04"):
        check_file(path)  # empty, encrypted, .xls, truncated: the foundation's messages


def _check_entries(name: str, infos: list[zipfile.ZipInfo], out: Scan, limits: Limits) -> set[str]:
    """The zip's entries: not too many, not encrypted, no zip bomb; their names."""
    if len(infos) > limits.max_entries:
        raise UnusableInput(
            f"{name}: zip-arkivet har {len(infos)} delar; en arbetsbok har normalt under 100. Filen läses inte."
        )
    names = set()
    for info in infos:
        names.add(info.filename)
        out.uncompressed += info.file_size
        if info.flag_bits & 0x1:
            raise UnusableInput(
                f"{name}: delarna i zip-arkivet är krypterade. Spara arbetsboken utan lösenord i Excel och försök igen."
            )
        if (
            info.file_size > 10_000_000
            and info.compress_size
            and info.file_size / info.compress_size > limits.max_ratio
        ):
            raise UnusableInput(
                f"{name}: delen {info.filename} packas upp till {format_tal(info.file_size / 1e6)} MB från "
                f"{format_tal(info.compress_size / 1e3)} kB (en zip-bomb). Filen läses inte."
            )
    if out.uncompressed > limits.max_uncompressed:
        raise UnusableInput(
            f"{name}: filen packas upp till {format_tal(out.uncompressed / 1e6)} MB; en inlämning "
            f"får packas upp till högst {format_tal(limits.max_uncompressed / 1e6)} MB. "
            "Filen läses inte."
        )
    return names


def _check_kind(name: str, archive: zipfile.ZipFile, names: set[str]) -> None:
    """An Excel workbook, not an OpenDocument sheet, an .xlsb, a Word or PowerPoint file."""
    if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:200]:
        raise UnusableInput(f"{name}: filen är ett OpenDocument-kalkylark (.ods). Spara den som .xlsx och försök igen.")
    if "xl/workbook.bin" in names:
        raise UnusableInput(f"{name}: binärt Excel-format (.xlsb) stöds inte. Spara som .xlsx och försök igen.")
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise UnusableInput(f"{name}: filen är ett Word-dokument, inte en arbetsbok. Skicka Excel-filen (.xlsx).")
        if "ppt/presentation.xml" in names:
            raise UnusableInput(f"{name}: filen är en PowerPoint-presentation, inte en arbetsbok.")
        raise UnusableInput(f"{name}: zip-filen innehåller ingen Excel-arbetsbok. Ange en .xlsx-fil.")


_HEAD_PARTS = ("xl/sharedStrings.xml", "xl/styles.xml")  # also parsed by calamine
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")


def _scan_package(pkg: _Package, out: Scan, limits: Limits) -> None:
    name, names = pkg.name, pkg.names
    for part in _HEAD_PARTS:
        if part in names:
            pkg.read(part)
    out.vba = any(p.lower().endswith("vbaproject.bin") for p in names)
    workbook = pkg.read("xl/workbook.xml")
    rels = pkg.rels("xl/workbook.xml")
    for raw in _SHEET_TAG.findall(workbook):
        a = _attrs(raw)
        kind, target, _mode = rels.get(a.get("id", ""), ("", "", ""))
        if kind != "worksheet":
            continue  # chart sheets, dialog sheets
        if target not in names:
            raise UnusableInput(
                f"{name}: bladet {a.get('name')!r} saknas i filen ({target}). Arbetsboken är skadad; "
                "spara om den i Excel."
            )
        out.sheets.append(SheetScan(a.get("name", ""), target, a.get("state", "visible")))
        for table_kind, table_part, _m in pkg.rels(target).values():
            if table_kind == "table" and table_part in names:
                found = _TABLE_TAG.search(pkg.read(table_part))
                t = _attrs(found.group(1)) if found else {}
                out.tables.append(
                    TableRef(
                        t.get("name", ""),
                        t.get("displayName", t.get("name", "")),
                        out.sheets[-1].name,
                        t.get("ref", ""),
                        int(t.get("totalsRowCount", "0") or 0),
                    )
                )
    for kind, target, _mode in rels.values():
        if kind == "externalLink" and target in names:
            link_rels = pkg.rels(target)
            targets = [t for _k, t, m in link_rels.values() if m == "External"]
            out.external_links.extend(targets or [target])
    if not out.sheets:
        raise UnusableInput(f"{name}: arbetsboken har inga kalkylblad. Spara om den i Excel.")


# --- the table source ----------------------------------------------------------------------------
class CalamineBook:
    """Contract tables read with python-calamine; each sheet's XML is pre-scanned just before
    calamine reads it (so a sheet with a cell at row 1 048 576 is refused, not allocated)."""

    def __init__(self, path: Path, scanned: Scan):
        self.path = Path(path)
        self.scan = scanned
        try:
            self.wb = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises its own error types
            raise UnusableInput(
                f"{self.path.name}: arbetsboken kan inte läsas (tekniskt fel: {type(exc).__name__}). "
                "Öppna den i Excel, spara på nytt som .xlsx och försök igen."
            ) from None
        self._tables: list[tuple[str, str, tuple[int, int, int, int]]] | None = None
        self._grids: dict[str, list[list[object]]] = {}
        self._sanitized = None  # a copy without error values calamine does not know, when needed

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.scan.sheets]

    def grid(self, sheet: str) -> list[list[object]]:
        """The sheet's values, 0-based from A1; error cells hold their error text ("#REF!")."""
        if sheet not in self._grids:
            info = self.scan.details(sheet)
            failure = ""
            try:
                grid = self.wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            except Exception as exc:
                failure = type(exc).__name__
                grid = self._grid_without_new_errors(sheet, info)
            if grid is None:
                raise UnusableInput(
                    f"{self.path.name}: bladet {sheet!r} kan inte läsas (tekniskt fel: {failure}); "
                    "filen är skadad. Spara om arbetsboken i Excel."
                ) from None
            if info is not None:
                for (r, c), error in info.errors.items():
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = error
            self._grids[sheet] = grid
        return self._grids[sheet]

    def _grid_without_new_errors(self, sheet: str, info: SheetScan | None) -> list[list[object]] | None:
        """calamine refuses a sheet with an error value it does not know (#SPILL!, #CALC!, …):
        read a copy where those cells hold #N/A (the real errors are overlaid from the scan)."""
        if info is None or not any(e not in CALAMINE_ERRORS for e in info.errors.values()):
            return None
        try:
            if self._sanitized is None:
                copy = checks.sanitized_error_values(self.path, CALAMINE_ERRORS)
                self._sanitized = python_calamine.CalamineWorkbook.from_filelike(copy)
            return self._sanitized.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception:
            return None

    def value(self, sheet: str, row: int, col: int) -> object:
        grid = self.grid(sheet)
        if row - 1 < len(grid) and col - 1 < len(grid[row - 1]):
            value = grid[row - 1][col - 1]
            return None if value == "" else value
        return None

    def table(self, spec: TableSpec) -> RawTable | None:
        """The contract table, with the same lookup as ``XlsxBook.table``."""
        raw = read_contract_table(
            spec,
            self._named_tables(),
            [s.name for s in self.scan.sheets],
            lambda sheet, _last_row, _last_col: self.grid(sheet),
        )
        if raw is not None:
            self._note_formulas(raw)
        return raw

    def _named_tables(self):
        """The workbook's Excel Tables in sheet order, from the table parts the pre-scan found
        (name and display name, as ``XlsxBook`` yields them; a totals row excluded)."""
        if self._tables is None:
            self._tables = []
            order = {s.name: i for i, s in enumerate(self.scan.sheets)}
            for t in sorted((t for t in self.scan.tables if t.sheet in order), key=lambda t: order[t.sheet]):
                if ":" not in t.ref:
                    continue
                try:
                    min_col, min_row, max_col, max_row = range_bounds(t.ref)
                except ValueError:
                    continue
                bounds = (min_row, min_col, max_row - t.totals, max_col)
                for name in dict.fromkeys((t.display_name, t.name)):
                    if name:
                        self._tables.append((name, t.sheet, bounds))
        return iter(self._tables)

    def _note_formulas(self, raw: RawTable) -> None:
        info = self.scan.sheet(raw.sheet)
        if info is None or not info.formulas_without_value:
            return
        rows = set(raw.row_numbers)
        width = len(raw.headers)
        for r, c in info.formulas_without_value:
            pos = c - raw.first_col
            if r in rows and 0 <= pos < width:
                raw.formula_cells.add((r, pos))
