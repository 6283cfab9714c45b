"""Batch validation of submitted unit workbooks: ``prognos validera SÖKVÄG…``.

Every file is validated in a worker process (a small pool across the cores, forked so the
workers start warm) with a wall-time bound (the pool kills a worker that overruns and starts
a new one) and a memory bound (``RLIMIT_AS`` in the worker). One file's trouble never stops
the batch: an unreadable, hostile or crashing file becomes one Swedish finding and the pool
goes on. Files are only ever opened for reading.

Per file (``validate_file``): the safe pre-scan (``workbooks.safe_read.scan``), the
foundation's contract rules (``validation.inputs.read_inputs`` on a calamine-backed table
source), the traps (``validation.traps``) and the submission rules that need only the file:
which unit it is from, locked cells changed since ``prognos utskick``, protection removed.
Across files (``validate_batch``): units expected but missing, two files from one unit, a
file from an unknown unit, rows of another unit, a file from another round.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from validation import traps
from validation.findings import FEL, VARNING, Finding, sort_key
from validation.inputs import Reader, check_prognos, read_inputs, suggest
from validation.models import _metod, _typ
from workbooks.contract import (
    BIDRAGSKOSTNADER,
    BUDGET,
    INSTALLNINGAR,
    PROGNOS,
    STATSBIDRAG,
    TYPER,
    UTFALL,
    VOLYMER,
    TableSpec,
)
from validation.traps import match_columns, normalize
from workbooks.safe_read import CalamineBook, Limits, scan
from workbooks.tables import RawTable, UnusableInput
from workbooks.utskick import (
    ORIGINALS_HEADER_ROW,
    P_ENHET,
    P_OMGANG,
    UTSKICK_SHEET,
    canon,
    checksum,
    slug,
)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".csv", ".numbers"}
READ_SPECS = (INSTALLNINGAR, BUDGET, UTFALL, PROGNOS, STATSBIDRAG, BIDRAGSKOSTNADER, VOLYMER)
TOTAL_SPECS = (BUDGET, UTFALL, PROGNOS, STATSBIDRAG, BIDRAGSKOSTNADER)
UNIT_PARAMETERS = {normalize(P_ENHET), "verksamhetsomrade", "enhetens namn", "enhetsnamn", "avsandare", "inlamnande enhet"}
MAX_LOCKED_FINDINGS = 10  # per sheet, then a summary
ROOT_CAUSES = {"sammanslagna_celler", "formelfel", "summarad_avviker"}

OK, VARNINGAR, FELSTATUS, SAKNAS = "OK", "Varningar", "Fel", "Saknas"


# --- results ----------------------------------------------------------------------------------
@dataclass
class PrognosInput:
    """One row of a submission's Prognos table, as the unit entered it."""

    omrade: str
    typ: str
    metod: str | None
    manuell: float | None
    kommentar: str | None
    rad: int  # sheet row in the submission
    blad: str
    changed: tuple[str, ...] = ("metod", "manuell", "kommentar")  # fields the unit changed since utskick


@dataclass
class SubmissionResult:
    path: str  # absolute
    fil: str  # as shown: relative to the folder given
    sha256: str = ""
    usable: bool = True
    seconds: float = 0.0
    unit: str | None = None  # resolved in the parent
    unit_source: str = ""  # "Inställningar", "filnamn" or ""
    unit_in_settings: str | None = None
    omgang: str | None = None
    ar: int | None = None
    period: int | None = None
    enhet: str | None = None
    meta_unit: str | None = None
    meta_units: list[str] | None = None
    areas: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> area -> first cell
    areas_sheet: dict[str, str] = field(default_factory=dict)  # table -> sheet
    prognos: list[PrognosInput] = field(default_factory=list)
    case_numbers: dict[str, str] = field(default_factory=dict)
    findings: list[dict[str, str]] = field(default_factory=list)
    report: bool = False  # a report workbook of prognos validera, not a submission: skipped

    def add(self, severity: str, sheet: str, cell: str, rule: str, message: str) -> None:
        self.findings.append({"allvarlighet": severity, "blad": sheet, "cell": cell, "regel": rule,
                              "meddelande": message, "fil": self.fil})

    def finding_objects(self) -> list[Finding]:
        return [Finding(**f) for f in self.findings]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f["allvarlighet"] == FEL)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f["allvarlighet"] == VARNING)

    @property
    def status(self) -> str:
        return FELSTATUS if self.errors else VARNINGAR if self.warnings else OK

    @property
    def valid(self) -> bool:
        return self.usable and not self.errors


@dataclass
class WorkerContext:
    limits: Limits = field(default_factory=Limits)
    units: list[str] | None = None  # the master's areas when a master is given
    full: bool = False  # all rules on every table, also for untouched utskick workbooks


# --- one file -----------------------------------------------------------------------------------
class _Source:
    """The table source read_inputs sees: tables read once (Totalt rows left out), any
    other table straight from the book."""

    def __init__(self, tables: dict[str, RawTable], book: CalamineBook):
        self.tables = tables
        self.book = book

    def table(self, spec: TableSpec) -> RawTable | None:
        if spec.name not in self.tables:
            self.tables[spec.name] = self.book.table(spec)
        return self.tables[spec.name]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


@lru_cache(maxsize=100_000)
def _ref(cell: str) -> tuple[int, int]:
    """"B12" -> (11, 1): 0-based row and column."""
    m = _REF.match(cell)
    if m is None:
        return (-1, -1)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _settings(raw: RawTable | None) -> dict[str, tuple[object, str]]:
    """Installningar as {normalised parameter: (value, cell)}."""
    if raw is None:
        return {}
    found, _ = match_columns(INSTALLNINGAR, raw.headers)
    if not {"parameter", "varde"} <= found.keys():
        return {}
    out: dict[str, tuple[object, str]] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        key = normalize(values[found["parameter"]])
        if key and key not in out:
            out[key] = (values[found["varde"]], raw.address(row_number, found["varde"]))
    return out


def _int(value: object) -> int | None:
    number = traps.number_of(value)
    return int(number) if number is not None and float(number).is_integer() else None


def _show(value: Any) -> str:
    """A stored or read value for a message: numbers Swedish, text quoted, empty "tom"."""
    if isinstance(value, dict) and "datum" in value:
        return str(value["datum"])
    if value is None or value == "":
        return "tom"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return traps.tal(float(value), 0 if float(value).is_integer() else 2)
    if isinstance(value, (dt.date, dt.datetime)):
        return canon(value)
    return traps.q(value, 50)


@dataclass
class _Meta:
    values: dict[str, Any]
    originals: dict[str, dict[str, Any]]  # sheet -> {"ref": "A1", "rows": [[…]]}
    intact: bool  # the checksum matches


def _read_meta(book: CalamineBook, res: SubmissionResult) -> _Meta | None:
    """The _Utskick sheet: metadata and the original values of the locked cells."""
    if UTSKICK_SHEET not in book.sheet_names:
        return None
    grid = book.grid(UTSKICK_SHEET)
    meta: dict[str, Any] = {}
    for row in grid[1:ORIGINALS_HEADER_ROW - 1]:
        if row and isinstance(row[0], str) and row[0]:
            meta[row[0]] = row[1] if len(row) > 1 else ""
    stored: dict[str, str] = {}
    for row in grid[ORIGINALS_HEADER_ROW:]:
        if row and isinstance(row[0], str) and row[0]:
            stored[row[0]] = "".join(v for v in row[1:] if isinstance(v, str))
    intact = canon(meta.get("Kontrollsumma")) == checksum(meta, stored)
    if not intact:
        res.add(FEL, UTSKICK_SHEET, "", "utskick_andrat",
                "Det dolda bladet _Utskick, som visar vad Prognos skickade ut, har ändrats. Låsta celler kan därför inte "
                "kontrolleras. Be ekonomen om en ny arbetsbok och för över dina uppgifter dit.")
    originals: dict[str, dict[str, Any]] = {}
    for sheet, text in stored.items():
        try:
            block = json.loads(text)
            if not isinstance(block, dict) or not isinstance(block.get("rows"), list):
                raise ValueError
            originals[sheet] = block
        except ValueError:
            intact = False
            res.add(FEL, UTSKICK_SHEET, "", "utskick_andrat",
                    f"Det dolda bladet _Utskick är skadat (uppgifterna om bladet {sheet!r} går inte att läsa).")
    for key in ("Enheter", "Referens"):
        try:
            meta[key] = json.loads(meta.get(key) or "null")
        except ValueError:
            meta[key] = None
    if not isinstance(meta.get("Enheter"), list):
        meta["Enheter"] = None
    return _Meta(meta, originals, intact)


def _same_value(current: Any, original: Any) -> bool:
    if current == original:
        return True
    if isinstance(current, (int, float)) and isinstance(original, (int, float)) \
            and not isinstance(current, bool) and not isinstance(original, bool):
        # Excel and openpyxl may write a number back with another last digit.
        return abs(current - original) <= 1e-9 * max(1.0, abs(current), abs(original))
    if isinstance(original, dict):  # a date
        return canon(current) == str(original.get("datum"))
    if isinstance(current, str) and isinstance(original, str):
        return current.strip() == original.strip()
    return False


def _locked_cells(book: CalamineBook, originals: dict[str, dict[str, Any]], res: SubmissionResult) -> bool:
    """Every locked cell still holds the value it was sent out with, and nothing was added
    around the sent-out cells. Returns True when the locked content is untouched."""
    from openpyxl.utils import get_column_letter

    clean = True
    for sheet, block in originals.items():
        if sheet not in book.sheet_names:
            res.add(FEL, sheet, "", "last_cell_andrad",
                    f"Bladet {sheet!r} saknas eller har bytt namn. Arbetsboken måste ha samma blad som när den skickades ut.")
            clean = False
            continue
        grid = book.grid(sheet)
        r0, c0 = _ref(str(block.get("ref", "A1")))
        rows = block["rows"]
        width = max((len(r) for r in rows), default=0)
        changed = []
        for i, stored in enumerate(rows):
            r = r0 + i
            current = grid[r][c0:c0 + len(stored)] if r < len(grid) else []
            if current == stored:
                continue
            current = list(current) + [""] * (len(stored) - len(current))
            for j, (cur, orig) in enumerate(zip(current, stored)):
                if orig is None or _same_value(cur, orig):
                    continue
                changed.append((r, c0 + j, orig, cur))
        for r, c, orig, cur in changed[:MAX_LOCKED_FINDINGS]:
            res.add(FEL, sheet, f"{get_column_letter(c + 1)}{r + 1}", "last_cell_andrad",
                    f"Cellen är låst och har ändrats: den var {_show(orig)} när arbetsboken skickades ut och är nu "
                    f"{_show(cur)}. Ändra tillbaka; bara Metod, Manuell prognos och Kommentar på bladet Prognos får "
                    "fyllas i.")
        if len(changed) > MAX_LOCKED_FINDINGS:
            res.add(FEL, sheet, "", "last_cell_andrad",
                    f"Ytterligare {len(changed) - MAX_LOCKED_FINDINGS} låsta celler på bladet har ändrats (totalt "
                    f"{len(changed)}); rader kan ha lagts till eller tagits bort. Be ekonomen om en ny arbetsbok.")
        added = None
        for r in range(len(grid)):
            line = grid[r]
            if r >= r0 + len(rows):
                extra = [c for c, v in enumerate(line) if v != ""]
            else:
                extra = [c for c in range(c0 + width, len(line)) if line[c] != ""]
            if extra:
                added = (r, extra[0])
                break
        if added:
            res.add(FEL, sheet, f"{get_column_letter(added[1] + 1)}{added[0] + 1}", "tillagt_innehall",
                    "Här finns innehåll som inte fanns när arbetsboken skickades ut (t.ex. en tillagd rad eller summa). "
                    "Bladet är låst för att enhetens rader ska vara desamma som i nämndens budget; ta bort det tillagda.")
        clean = clean and not changed and not added
    return clean


def _prognos_rows(raw: RawTable | None, sent: dict[str, Any] | None = None) -> list[PrognosInput]:
    """The unit's entries for consolidation: Metod canonical, amounts parsed, comments as typed.

    ``sent``: the input cells' values as sent out ({"C2": value}); then only the fields the
    unit changed are marked for consolidation."""
    if raw is None:
        return []
    found, _ = match_columns(PROGNOS, raw.headers)
    if not {"omrade", "typ"} <= found.keys():
        return []
    out = []
    for row_number, values in zip(raw.row_numbers, raw.rows):
        typ = _typ(values[found["typ"]])
        if typ not in TYPER:
            continue
        metod = _metod(values[found["metod"]]) if "metod" in found else None
        manuell = traps.number_of(values[found["manuell"]]) if "manuell" in found else None
        kommentar = values[found["kommentar"]] if "kommentar" in found else None
        if isinstance(kommentar, str):
            kommentar = kommentar.rstrip() or None
        elif kommentar is not None:
            kommentar = canon(kommentar)
        row = PrognosInput(str(values[found["omrade"]]).strip(), typ, metod if isinstance(metod, str) else None,
                           manuell, kommentar, row_number, raw.sheet)
        if sent is not None:
            changed = []
            for key in ("metod", "manuell", "kommentar"):
                if key not in found:
                    continue
                before = sent.get(raw.address(row_number, found[key]), "")
                if not _same_value(values[found[key]] if values[found[key]] is not None else "", before):
                    changed.append(key)
            row.changed = tuple(changed)
        out.append(row)
    return out


def _file_notes(scanned, res: SubmissionResult) -> None:
    if scanned.vba:
        res.add(VARNING, "", "", "makron",
                "Arbetsboken innehåller makron (VBA). Prognos kör aldrig makron och för inte över dem; bara "
                "cellernas värden läses.")
    if scanned.external_links:
        shown = ", ".join(traps.q(t, 60) for t in scanned.external_links[:3])
        res.add(VARNING, "", "", "extern_lank",
                f"Arbetsboken har länkar till andra filer ({shown}). Värden från länkarna läses som de senast sparades och "
                "kan vara inaktuella; ersätt länkarna med värden.")
    for sheet in scanned.sheets:
        if sheet.state != "visible" and sheet.name != UTSKICK_SHEET:
            res.add(VARNING, sheet.name, "", "dolt_blad",
                    f"Bladet {sheet.name!r} är dolt. Tabeller på dolda blad läses ändå; kontrollera att inget inaktuellt "
                    "ligger där.")


def _settings_info(raws: dict[str, RawTable], res: SubmissionResult) -> str:
    settings = _settings(raws.get("Installningar"))
    enhet_value = settings.get("enhet", (None, ""))[0]
    enhet = normalize(enhet_value).replace(" ", "") if isinstance(enhet_value, str) and enhet_value.strip() else "tkr"
    res.enhet = enhet
    res.ar = _int(settings.get("ar", (None, ""))[0])
    res.period = _int(settings.get("period", (None, ""))[0])
    omgang = settings.get(normalize(P_OMGANG), (None, ""))[0]
    res.omgang = str(omgang).strip() if omgang not in (None, "") else None
    for key in UNIT_PARAMETERS:
        value = settings.get(key, (None, ""))[0]
        if isinstance(value, str) and value.strip():
            res.unit_in_settings = value.strip()
            break
    return enhet if enhet in ("kr", "tkr", "mnkr") else "tkr"


def _meta_references(meta: _Meta, unit: str) -> traps.References:
    refs: traps.References = {}
    data = meta.values.get("Referens")
    if isinstance(data, dict):
        for typ, v in data.items():
            if isinstance(v, dict):
                budget, ytd, fg = (traps.number_of(v.get(k)) for k in ("budget", "hittills", "fg"))
                period = _int(meta.values.get("Period"))
                refs[(normalize(unit), normalize(typ))] = (budget, ytd / period * 12 if ytd and period else None, fg)
    return refs


def _validate(path: Path, res: SubmissionResult, ctx: WorkerContext) -> None:
    scanned = scan(path, ctx.limits)
    try:
        _validate_scanned(path, scanned, res, ctx)
    finally:
        scanned.close()


REPORT_SHEETS = {"Översikt", "Fel", "Ändringar"}


def _validate_scanned(path: Path, scanned, res: SubmissionResult, ctx: WorkerContext) -> None:
    res.sha256 = _sha256(path)
    if {s.name for s in scanned.sheets} <= REPORT_SHEETS:
        res.report = True  # an earlier run's report lying in the folder
        return
    book = CalamineBook(path, scanned)
    name = res.fil
    _file_notes(scanned, res)

    meta = _read_meta(book, res)
    if meta:
        res.meta_unit = str(meta.values.get("Verksamhetsområde") or "") or None
        res.meta_units = meta.values.get("Enheter")
    # Fast path: a workbook from prognos utskick whose locked cells are all as sent out. Its
    # Installningar, Budget and Utfall are the master's (validated before sending), so only the
    # unit's input cells in Prognos need the contract rules and the traps.
    untouched = bool(meta and meta.intact and not ctx.full and _locked_cells(book, meta.originals, res))
    specs = (INSTALLNINGAR, PROGNOS) if untouched else READ_SPECS
    raws: dict[str, RawTable] = {}
    for spec in specs:
        raw = book.table(spec)
        if raw is not None:
            raws[spec.name] = raw
    enhet = _settings_info(raws, res)
    tctx = traps.TrapContext(name, enhet, res.ar, res.period, ctx.units or res.meta_units)
    superseded: set[tuple[str, str]] = set()
    for sheet in scanned.sheets:
        if sheet.errors and (not untouched or sheet.name in {r.sheet for r in raws.values()}):
            for cell in traps.error_cells(sheet.errors, sheet.name, list(raws.values()), tctx):
                superseded.add((sheet.name, cell))

    if untouched:
        filtered = raws
        reader = Reader(_Source(raws, book), name)
        convention = _settings(raws.get("Installningar")).get("kostnader", (None, ""))[0]
        reader.costs_positive = isinstance(convention, str) and normalize(convention).startswith("positiv")
        prognos_raw = raws.get("Prognos")
        if prognos_raw is None:
            reader.findings.append(Finding(allvarlighet=FEL, blad="Prognos", cell="", regel="saknad_tabell",
                                           meddelande=f"{name}: arbetsboken saknar tabellen 'Prognos'.", fil=name))
        else:
            areas = [res.meta_unit] if res.meta_unit else []
            block = meta.originals.get(prognos_raw.sheet, {})
            sent = block.get("inputs", {}) if isinstance(block, dict) else {}
            # Volym was valid in the master where it was sent out (the master's Volymer has the area).
            volume_areas = set(areas) if any(_metod(v) == "Volym" for v in sent.values()) else None
            check_prognos(reader, areas, volume_areas)
            traps.formula_like_text(prognos_raw, PROGNOS, tctx)
            sheet = scanned.sheet(prognos_raw.sheet)
            if sheet is not None and sheet.merged:
                traps.merged_cells(sheet.merged, prognos_raw, tctx)
            traps.forecast_magnitudes(prognos_raw, _meta_references(meta, res.meta_unit or ""), tctx)
        found = reader.findings
    else:
        if meta and meta.intact and ctx.full:
            _locked_cells(book, meta.originals, res)  # (without ctx.full it ran above; a broken checksum is reported)
        filtered = dict(raws)
        for spec in TOTAL_SPECS:
            if spec.name in raws:
                filtered[spec.name] = traps.total_rows(raws[spec.name], spec, tctx)
        try:
            _inputs, found = read_inputs(_Source(filtered, book), name)
        except UnusableInput as exc:
            found = []
            res.add(FEL, "", "", "saknad_tabell", str(exc))
        specs_by_name = {s.name: s for s in READ_SPECS}
        dnr_cells = []
        for table_name, raw in raws.items():
            spec = specs_by_name[table_name]
            sheet = scanned.sheet(raw.sheet)
            if sheet is not None and sheet.merged:
                traps.merged_cells(sheet.merged, raw, tctx)
            if table_name in ("Budget", "Utfall", "Prognos"):
                traps.header_units(raw, tctx)
                traps.labels_with_year(filtered[table_name], spec, tctx)
                traps.unknown_areas(filtered[table_name], spec, tctx)
            traps.formula_like_text(raw, spec, tctx)
            if table_name != "Installningar":
                traps.dates(raw, spec, tctx)
            dnr_cells += traps.case_number_cells(raw, spec)
        if "Installningar" in raws:
            traps.settings_dates(raws["Installningar"], tctx)
        res.case_numbers = traps.case_numbers(dnr_cells, tctx)
        traps.forecast_magnitudes(filtered.get("Prognos"), traps.references(filtered, tctx), tctx)

    def value_at(sheet: str, cell: str) -> Any:
        r, c = _ref(cell)
        return book.value(sheet, r + 1, c + 1) if sheet in book.sheet_names and r >= 0 else None

    # Root causes first at their cell (a merged header before the missing column it causes).
    first = [f for f in tctx.findings if f.regel in ROOT_CAUSES]
    findings = first + traps.refine(found, value_at, tctx, superseded) + [f for f in tctx.findings if f.regel not in ROOT_CAUSES]
    if meta:
        unprotected = [s for s in meta.originals if (info := scanned.details(s)) is not None and not info.protected]
        if unprotected:
            res.add(VARNING, unprotected[0], "", "skydd_borttaget",
                    f"Bladskyddet har tagits bort på {', '.join(repr(s) for s in unprotected)}. Låsta celler kontrolleras "
                    "ändå; ändrade värden visas som fel.")
    for table_name, spec in (("Budget", BUDGET), ("Utfall", UTFALL), ("Prognos", PROGNOS)):
        raw = filtered.get(table_name)
        if raw is None:
            continue
        found_cols, _ = match_columns(spec, raw.headers)
        if "omrade" not in found_cols:
            continue
        areas: dict[str, str] = {}
        for row_number, values in zip(raw.row_numbers, raw.rows):
            area = values[found_cols["omrade"]]
            if isinstance(area, str) and area.strip() and area.strip() not in areas:
                areas[area.strip()] = raw.address(row_number, found_cols["omrade"])
        res.areas[table_name] = areas
        res.areas_sheet[table_name] = raw.sheet
    prognos_raw = filtered.get("Prognos")
    sent = None
    if meta and meta.intact and prognos_raw is not None:
        block = meta.originals.get(prognos_raw.sheet)
        sent = block.get("inputs") if isinstance(block, dict) and isinstance(block.get("inputs"), dict) else None
    res.prognos = _prognos_rows(prognos_raw, sent)
    for sheet in scanned.sheets:
        if sheet.scanned and sheet.dimension_rows > ctx.limits.max_rows >= sheet.max_row:
            res.add(VARNING, sheet.name, "", "orimlig_dimension",
                    f"Bladet {sheet.name!r} påstår sig omfatta {sheet.dimension_rows:,} rader men har innehåll bara till rad "
                    f"{sheet.max_row}. Prognos läser bara innehållet; spara om arbetsboken i Excel.".replace(",", " "))
    res.findings = [f.model_dump() for f in traps.dedupe(findings)] + res.findings


def validate_file(path: str, display: str, ctx: WorkerContext) -> SubmissionResult:
    """Validate one submitted file; never raises."""
    started = time.perf_counter()
    res = SubmissionResult(path=path, fil=display)
    try:
        _validate(Path(path), res, ctx)
    except UnusableInput as exc:
        res.usable = False
        res.add(FEL, "", "", "olasbar_fil", str(exc))
    except MemoryError:
        res.usable = False
        res.findings = []
        res.add(FEL, "", "", "minnesgrans",
                f"{Path(path).name}: läsningen behövde mer än {ctx.limits.memory_mb} MB minne och avbröts. En inlämning "
                "behöver normalt några MB; filen är troligen skadad eller konstruerad för att fylla minnet.")
    except RecursionError:
        res.usable = False
        res.add(FEL, "", "", "olasbar_fil", f"{Path(path).name}: filen är för djupt nästlad för att läsas. Spara om den i Excel.")
    except Exception as exc:  # never a traceback: one Swedish line, the batch goes on
        if os.environ.get("PROGNOS_DEBUG"):
            raise
        res.usable = False
        res.add(FEL, "", "", "internt_fel",
                f"{Path(path).name}: oväntat fel när filen lästes ({type(exc).__name__}: {str(exc)[:150]}). Filen "
                "kontrolleras inte; spara om den i Excel och försök igen, och rapportera felet om det kvarstår.")
    res.seconds = time.perf_counter() - started
    return res


# --- the pool ---------------------------------------------------------------------------------------
def _limit_memory(megabytes: int) -> None:
    """Cap the worker's address space at what it uses now plus ``megabytes``."""
    try:
        import resource

        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + megabytes * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError, AttributeError):
        pass  # not Linux: the time bound still applies


def _worker_main(conn, ctx: WorkerContext) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    gc.freeze()  # the objects inherited from the parent are never collected: no GC walks over them
    _limit_memory(ctx.limits.memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path, display = task
        result = validate_file(path, display, ctx)
        try:
            conn.send((index, result))
        except Exception as exc:  # e.g. a value that does not pickle
            fallback = SubmissionResult(path=path, fil=display, usable=False, seconds=result.seconds)
            fallback.add(FEL, "", "", "internt_fel", f"{Path(path).name}: resultatet kunde inte skickas ({type(exc).__name__}).")
            conn.send((index, fallback))


IN_FLIGHT = 2  # tasks sent ahead to each worker, so it never waits for the parent


@dataclass
class _Worker:
    process: Any
    conn: Any
    tasks: deque = field(default_factory=deque)  # sent, not answered; the first is being read
    started: float = 0.0  # when the first task became the current one

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    seconds: float = 4.0


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _aborted(task: tuple, rule: str, message: str, seconds: float) -> SubmissionResult:
    _index, path, display = task
    res = SubmissionResult(path=path, fil=display, usable=False, seconds=seconds)
    res.add(FEL, "", "", rule, message)
    return res


def run_files(tasks: list[tuple[str, str]], ctx: WorkerContext, jobs: int,
              on_result: Callable[[SubmissionResult], None] | None = None,
              on_ready: Callable[[], None] | None = None) -> list[SubmissionResult]:
    """Validate ``(path, display)`` pairs on ``jobs`` worker processes (0: in this process, unbounded).

    Each worker has up to ``IN_FLIGHT`` tasks; the time bound runs from the moment a task
    becomes the one the worker is reading. A worker that overruns is killed, one that dies
    (memory bound, crash) is noticed; its task gets one finding, the tasks queued behind it go
    to a new worker. ``on_ready`` is called once the workers are started (so a progress
    display's thread starts after the fork)."""
    results: list[SubmissionResult | None] = [None] * len(tasks)

    def done(index: int, result: SubmissionResult) -> None:
        results[index] = result
        if on_result:
            on_result(result)

    if jobs <= 0:
        if on_ready:
            on_ready()
        for index, (path, display) in enumerate(tasks):
            done(index, validate_file(path, display, ctx))
        return [r for r in results if r is not None]

    mp = _context()
    limits = ctx.limits

    def spawn() -> _Worker:
        parent, child = mp.Pipe()
        process = mp.Process(target=_worker_main, args=(child, ctx), daemon=True, name="prognos-validera")
        process.start()
        child.close()
        return _Worker(process, parent, seconds=limits.seconds)

    def replace(i: int, w: _Worker, rule: str, message: str, seconds: float) -> None:
        task = w.tasks.popleft()
        done(task[0], _aborted(task, rule, message, seconds))
        queue.extendleft(reversed(w.tasks))  # not started: to the next worker
        w.conn.close()
        workers[i] = spawn()

    queue = deque((i, path, display) for i, (path, display) in enumerate(tasks))
    gc.collect()
    workers = [spawn() for _ in range(max(1, min(jobs, len(tasks))))]
    if on_ready:
        on_ready()
    try:
        while queue or any(w.tasks for w in workers):
            for w in workers:
                while len(w.tasks) < IN_FLIGHT and queue:
                    if not w.tasks:
                        w.started = time.monotonic()
                    w.tasks.append(queue.popleft())
                    w.conn.send(w.tasks[-1])
            busy = [w for w in workers if w.tasks]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(multiprocessing.connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                                                        timeout=timeout))
            for i, w in enumerate(workers):
                if not w.tasks:
                    continue
                answered = False
                while w.tasks and (w.conn in ready or w.process.sentinel in ready) and w.conn.poll():
                    try:
                        index, result = w.conn.recv()
                    except (EOFError, OSError):
                        break
                    w.tasks.popleft()
                    w.started = time.monotonic()
                    done(index, result)
                    answered = True
                if not w.tasks or answered:
                    continue
                name = Path(w.tasks[0][1]).name
                if w.process.sentinel in ready or not w.process.is_alive():
                    w.process.join(0.1)
                    replace(i, w, "lasning_avbruten",
                            f"{name}: läsningen av filen avbröts (läsaren avslutades med kod {w.process.exitcode}), troligen "
                            f"för att den behövde mer än {limits.memory_mb} MB minne. Filen är skadad eller konstruerad "
                            "för att överbelasta; spara om den i Excel.", time.monotonic() - w.started)
                elif time.monotonic() >= w.deadline:
                    w.process.kill()
                    w.process.join(1.0)
                    replace(i, w, "tidsgrans",
                            f"{name}: läsningen tog mer än {limits.seconds:g} s och avbröts. En inlämning läses normalt på "
                            "hundradelar av en sekund; filen är troligen skadad eller orimligt stor.", limits.seconds)
    finally:
        for w in workers:
            try:
                if not w.tasks:
                    w.conn.send(None)
            except (OSError, EOFError, BrokenPipeError):
                pass
        deadline = time.monotonic() + 2.0
        for w in workers:
            if w.tasks:
                w.process.kill()
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(0.5)
            w.conn.close()
    return [r for r in results if r is not None]


# --- the batch ----------------------------------------------------------------------------------------
@dataclass
class MasterInfo:
    path: Path
    units: list[str]
    ar: int
    period: int
    omgang: str | None = None


@dataclass
class BatchResult:
    files: list[SubmissionResult]
    expected: list[str] | None
    missing: list[str]
    master: MasterInfo | None
    seconds: float
    skipped: list[str] = field(default_factory=list)  # non-spreadsheet files in the folders
    jobs: int = 1

    @property
    def all_valid(self) -> bool:
        return all(f.valid for f in self.files) and not self.missing

    @property
    def exit_code(self) -> int:
        return 0 if self.all_valid else 1

    def counts(self) -> dict[str, int]:
        c = Counter(f.status for f in self.files)
        return {"filer": len(self.files), "ok": c[OK], "varningar": c[VARNINGAR], "fel": c[FELSTATUS],
                "saknade_enheter": len(self.missing)}

    def findings(self) -> list[Finding]:
        out = [Finding(**d) for f in self.files for d in f.findings]
        return sorted(out, key=sort_key)

    def to_json(self) -> dict[str, Any]:
        from workbooks.batch_report import file_link

        files = sorted(self.files, key=_file_order)
        return {
            "version": 1,
            "sammanfattning": {**self.counts(), "alla_giltiga": self.all_valid, "tid_s": round(self.seconds, 3),
                               "processer": self.jobs},
            "forvantade_enheter": self.expected,
            "saknade_enheter": self.missing,
            "master": str(self.master.path) if self.master else None,
            "hoppade_over": self.skipped,
            "filer": [
                {
                    "fil": f.fil, "sokvag": f.path, "sha256": f.sha256, "enhet": f.unit, "enhet_enligt": f.unit_source or None,
                    "omgang": f.omgang, "ar": f.ar, "period": f.period, "status": f.status, "fel": f.errors,
                    "varningar": f.warnings, "tid_s": round(f.seconds, 4), "diarienummer": f.case_numbers,
                    "fynd": [{**{k: v for k, v in d.items() if k != "fil"},
                              "lank": file_link(f.path, d["blad"], d["cell"]) if d["blad"] else file_link(f.path, "", "")}
                             for d in sorted(f.findings, key=lambda d: sort_key(Finding(**d)))],
                }
                for f in files
            ],
        }


def _file_order(f: SubmissionResult) -> tuple:
    return ({FELSTATUS: 0, VARNINGAR: 1, OK: 2}[f.status], f.fil)


def collect(paths: list[Path], exclude: list[Path] = ()) -> tuple[list[tuple[str, str]], list[str]]:
    """Files to validate as (absolute path, display name), and the names of skipped files."""
    excluded = {Path(p).resolve() for p in exclude if p}
    tasks: list[tuple[str, str]] = []
    skipped: list[str] = []
    seen: set[Path] = set()
    for given in paths:
        given = Path(given)
        if not given.exists():
            raise UnusableInput(f"{given}: finns inte. Ange arbetsböcker eller mappar med arbetsböcker.")
        if not given.is_dir():
            candidates = [(given, given.name)]
        else:
            candidates = []
            for path in sorted(given.rglob("*")):
                rel = path.relative_to(given)
                if any(part.startswith((".", "~$")) for part in rel.parts) or path.is_dir():
                    continue
                if path.name.endswith(".tmp"):
                    continue
                if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
                    skipped.append(rel.as_posix())
                    continue
                candidates.append((path, rel.as_posix()))
        for path, display in candidates:
            resolved = path.resolve()
            if resolved in excluded or resolved in seen:
                continue
            seen.add(resolved)
            tasks.append((str(resolved), display))
    if not tasks:
        where = ", ".join(str(p) for p in paths)
        raise UnusableInput(f"Inga arbetsböcker att validera i {where}. Ange .xlsx-filer eller en mapp med sådana.")
    return tasks, skipped


def read_master_info(master: Path) -> MasterInfo:
    from workbooks.utskick import MasterInvalid, read_master

    try:
        _book, inputs = read_master(Path(master))
    except MasterInvalid as exc:
        first = exc.findings[0].one_line() if exc.findings else ""
        raise UnusableInput(f"{Path(master).name}: mastern har {len(exc.findings)} valideringsfel och kan inte användas "
                            f"(t.ex. {first}). Kör prognos uppdatera på mastern och rätta felen först.") from None
    return MasterInfo(Path(master), list(inputs.areas), inputs.settings.ar, inputs.settings.period)


def _unit_from_name(display: str, units: list[str]) -> str | None:
    name = "-" + slug(Path(display).stem) + "-"
    best = None
    for unit in units:
        token = "-" + slug(unit) + "-"
        if token in name and (best is None or len(slug(unit)) > len(slug(best))):
            best = unit
    return best


def _expected_units(results: list[SubmissionResult], master: MasterInfo | None) -> list[str] | None:
    if master is not None:
        return master.units
    lists = Counter(tuple(r.meta_units) for r in results if r.meta_units)
    if not lists:
        return None
    return list(lists.most_common(1)[0][0])


def cross_file(results: list[SubmissionResult], master: MasterInfo | None,
               check_missing: bool = True) -> tuple[list[str] | None, list[str]]:
    """Submission rules across the batch. Returns (expected units, missing units); missing
    units only with ``check_missing`` (a folder or a master was given)."""
    expected = _expected_units(results, master)
    by_norm = {normalize(u): u for u in (expected or [])}
    for r in results:
        if r.unit_in_settings:
            r.unit = by_norm.get(normalize(r.unit_in_settings), r.unit_in_settings)
            r.unit_source = "Inställningar"
        elif expected and (unit := _unit_from_name(r.fil, expected)):
            r.unit, r.unit_source = unit, "filnamn"
        elif not r.usable or not expected:
            continue  # without expected units a file need not say whose it is
        else:
            r.add(FEL, "", "", "okand_avsandare",
                  "Det går inte att se vilken enhet som skickade filen: Inställningar saknar raden "
                  f"{P_ENHET!r} och filnamnet innehåller inget känt verksamhetsområde. Lägg till raden i Inställningar "
                  "eller döp om filen efter enheten.")
            continue
        if expected and normalize(r.unit) not in by_norm:
            r.add(FEL, "", "", "okand_enhet",
                  f"Enheten {r.unit!r} (enligt {r.unit_source}) finns inte bland omgångens verksamhetsområden."
                  f"{suggest(r.unit, expected)} Filen sammanställs inte.")
    # Two files from the same unit.
    groups: dict[str, list[SubmissionResult]] = {}
    for r in results:
        if r.unit:
            groups.setdefault(normalize(r.unit), []).append(r)
    for members in groups.values():
        if len(members) > 1:
            names = ", ".join(m.fil for m in members)
            for m in members:
                m.add(FEL, "", "", "dubbel_inlamning",
                      f"{len(members)} filer kommer från {m.unit}: {names}. Ta bort de som inte gäller; ingen av dem "
                      "sammanställs förrän det finns en enda.")
    # The round.
    rounds = Counter((r.ar, r.period) for r in results if r.usable and r.ar and r.period)
    want = (master.ar, master.period) if master else (rounds.most_common(1)[0][0] if rounds else None)
    if want:
        for r in results:
            if r.usable and r.ar and r.period and (r.ar, r.period) != want:
                whose = "masterns" if master else "de flesta filernas"
                r.add(FEL, "Inställningar", "", "fel_omgang",
                      f"Filen gäller {r.ar} period {r.period}, men {whose} omgång är {want[0]} period {want[1]}. "
                      "Den hör till en annan prognosomgång och sammanställs inte.")
    # Rows of another unit.
    for r in results:
        if not r.unit or not expected:
            continue
        own = normalize(r.unit)
        for table, areas in r.areas.items():
            for area, cell in areas.items():
                norm = normalize(area)
                if norm != own and norm in by_norm:
                    r.add(FEL, r.areas_sheet.get(table, table), cell, "annan_enhets_rad",
                          f"Tabellen {table} har rader för {by_norm[norm]}, men filen kommer från {r.unit}. En enhet fyller "
                          "bara i sina egna rader; ta bort raderna för den andra enheten. Filen sammanställs inte.")
    missing = [u for u in (expected or []) if normalize(u) not in groups] if check_missing else []
    return expected, missing


def validate_batch(paths: list[Path], *, master: Path | None = None, jobs: int | None = None,
                   limits: Limits = Limits(), exclude: list[Path] = (), full: bool = False,
                   on_result: Callable[[SubmissionResult], None] | None = None,
                   on_start: Callable[[int], None] | None = None) -> BatchResult:
    started = time.perf_counter()
    master_info = read_master_info(master) if master else None
    tasks, skipped = collect(paths, [*exclude, *([master] if master else [])])
    jobs = default_jobs(len(tasks)) if jobs is None else jobs
    ctx = WorkerContext(limits=limits, units=master_info.units if master_info else None, full=full)
    results = run_files(tasks, ctx, jobs, on_result, (lambda: on_start(len(tasks))) if on_start else None)
    skipped += [f"{r.fil} (en rapport från prognos validera)" for r in results if r.report]
    results = [r for r in results if not r.report]
    check_missing = master_info is not None or any(Path(p).is_dir() for p in paths)
    expected, missing = cross_file(results, master_info, check_missing)
    return BatchResult(results, expected, missing, master_info, time.perf_counter() - started, skipped, jobs)


def default_jobs(n_files: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_files))


__all__ = ["BatchResult", "Limits", "SubmissionResult", "WorkerContext", "collect", "cross_file", "run_files",
           "validate_batch", "validate_file"]
