"""Batch validation of submitted unit workbooks: ``prognos validera SÖKVÄG…``.

Every file is validated in a worker process (a small pool across the cores, forked so the
workers start warm) with a wall-time bound (the pool kills a worker that overruns and starts
a new one) and a memory bound (``RLIMIT_AS`` in the worker). One file's trouble never stops
the batch: an unreadable, hostile or crashing file becomes one Swedish finding and the pool
goes on. Files are only ever opened for reading.

Per file (``validate_file``): the safe pre-scan (``workbooks.ooxml.safe_read.scan``), the
foundation's contract rules (``validation.forecast_tables.inputs.read_inputs`` on a calamine-backed table
source), the traps (``validation.round.traps``; which run on which table: ``validation/round/trap_table.py``)
and the submission rules that need only the file:
which unit it is from, locked cells changed since ``prognos utskick``, protection removed.
Across files (``validate_batch``): units expected but missing, two files from one unit, a
file from an unknown unit, rows of another unit, a file from another round.

This module is the file handling (collecting the files, reading each one safely; the worker
pool is ``workbooks/round/worker_pool.py``, the report and JSON ``workbooks/round/report_workbook.py``,
a unit workbook's input cells and entries ``workbooks/round/unit_inputs.py``); the
rules are in ``validation/round/submission.py`` (one file), ``validation/round/traps.py`` and
``validation/round/batch.py`` (across files).
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any, Callable

from udfs.language.number_format import format_tal
from validation.contract import (
    BIDRAGSKOSTNADER,
    BUDGET,
    INSTALLNINGAR,
    PROGNOS,
    STATSBIDRAG,
    UTFALL,
    VOLYMER,
    is_ledger,
)
from validation.findings import FEL, VARNING, Finding
from validation.forecast_tables.checks import check_inputs
from validation.raw_table import RawTable, UnusableInput
from validation.round import magnitudes, number_cells, traps
from validation.round.batch import BatchResult, MasterInfo, cross_file
from validation.round.submission import (
    UTSKICK_SHEET,
    SubmissionResult,
    cell_ref,
    locked_cells,
    read_meta,
    settings_info,
)
from validation.round.trap_dates import case_numbers
from validation.round.trap_table import run_after_tables, run_table_traps
from validation.round.traps import match_columns
from validation.round.unit_tables import OWN_WORDS
from workbooks.ooxml.safe_read import CalamineBook, Limits, scan
from workbooks.round import submission_checks
from workbooks.round.unit_inputs import (
    TablesOnce,
    layout_findings,
    record_entries,
    sent_inputs,
    untouched_findings,
)
from workbooks.round.worker_pool import WorkerContext, import_unbounded, run_files

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".csv", ".numbers"}


READ_SPECS = (INSTALLNINGAR, BUDGET, UTFALL, PROGNOS, STATSBIDRAG, BIDRAGSKOSTNADER, VOLYMER)


# The tables beside Prognos a unit fills in: read in the fast path when the send-out opened them.
UNIT_SPECS = (VOLYMER, *(table.spec for table in OWN_WORDS))


TOTAL_SPECS = (BUDGET, UTFALL, PROGNOS, STATSBIDRAG, BIDRAGSKOSTNADER)


ROOT_CAUSES = {"sammanslagna_celler", "formelfel", "summarad_avviker"}


# --- one file -----------------------------------------------------------------------------------
def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_notes(scanned, res: SubmissionResult) -> None:
    if scanned.vba:
        res.add(
            VARNING,
            "",
            "",
            "makron",
            "Arbetsboken innehåller makron (VBA). Prognos kör aldrig makron och för inte över dem; bara "
            "cellernas värden läses.",
        )
    if scanned.external_links:
        shown = ", ".join(traps.q(t, 60) for t in scanned.external_links[:3])
        res.add(
            VARNING,
            "",
            "",
            "extern_lank",
            f"Arbetsboken har länkar till andra filer ({shown}). Värden från länkarna läses som de "
            "senast sparades och "
            "kan vara inaktuella; ersätt länkarna med värden.",
        )
    for sheet in scanned.sheets:
        if sheet.state != "visible" and sheet.name != UTSKICK_SHEET:
            res.add(
                VARNING,
                sheet.name,
                "",
                "dolt_blad",
                f"Bladet {sheet.name!r} är dolt. Tabeller på dolda blad läses ändå; kontrollera att "
                "inget inaktuellt "
                "ligger där.",
            )


# Budget or Utfall in ledger shape is interpreted by the ledger engine (on pandas): the engine's
# reader is loaded for such a submission only (outside the file's memory bound), so validating
# the others does not pay for pandas.
LEDGER_READER = "validation.forecast_tables.inputs"


def contract_findings(source: TablesOnce, name: str, raws: dict[str, RawTable]) -> list[Finding]:
    """The contract rules' findings on the workbook's tables (``validation.forecast_tables.checks``)."""
    if any(is_ledger(raws[n].headers) for n in (BUDGET.name, UTFALL.name) if n in raws):
        return import_unbounded(LEDGER_READER).read_inputs(source, name)[1]
    return check_inputs(source, name).findings


def validate_path(path: Path, res: SubmissionResult, ctx: WorkerContext) -> None:
    scanned = scan(path, ctx.limits)
    try:
        validate_scanned(path, scanned, res, ctx)
    finally:
        scanned.close()


REPORT_SHEETS = {"Översikt", "Fel", "Ändringar"}


def validate_scanned(path: Path, scanned, res: SubmissionResult, ctx: WorkerContext) -> None:
    res.sha256 = sha256_of(path)
    if {s.name for s in scanned.sheets} <= REPORT_SHEETS:
        res.report = True  # an earlier run's report lying in the folder
        return
    book = CalamineBook(path, scanned)
    name = res.fil
    file_notes(scanned, res)

    meta = read_meta(book, res)
    if meta:
        res.meta_unit = str(meta.values.get("Verksamhetsområde") or "") or None
        res.meta_units = meta.values.get("Enheter")
    # Fast path: a workbook from prognos utskick whose locked cells are all as sent out. Its
    # Installningar, Budget and Utfall are the master's (validated before sending), so only the
    # unit's input cells in Prognos need the contract rules and the traps.
    untouched = bool(meta and meta.intact and not ctx.full and locked_cells(book, meta.originals, res))
    specs = (
        (INSTALLNINGAR, PROGNOS, *(spec for spec in UNIT_SPECS if sent_inputs(meta, spec.sheet) is not None))
        if untouched
        else READ_SPECS
    )
    raws: dict[str, RawTable] = {}
    for spec in specs:
        raw = book.table(spec)
        if raw is not None:
            raws[spec.name] = raw
    enhet = settings_info(raws, res)
    tctx = traps.TrapContext(name, enhet, res.ar, res.period, ctx.units or res.meta_units)
    structure = submission_checks.findings(name, scanned, specs, raws, frozenset({UTSKICK_SHEET}))
    superseded: set[tuple[str, str]] = set()
    for sheet in scanned.sheets:
        if sheet.errors and (not untouched or sheet.name in {r.sheet for r in raws.values()}):
            for cell in traps.error_cells(sheet.errors, sheet.name, list(raws.values()), tctx):
                superseded.add((sheet.name, cell))

    if untouched:
        filtered, found = raws, untouched_findings(book, scanned, meta, raws, res, enhet, tctx)
    else:
        filtered, found = _full_findings(book, scanned, meta, raws, res, ctx, tctx)

    def value_at(sheet: str, cell: str) -> Any:
        r, c = cell_ref(cell)
        return book.value(sheet, r + 1, c + 1) if sheet in book.sheet_names and r >= 0 else None

    # Root causes first at their cell (a merged header before the missing column it causes).
    first = [f for f in tctx.findings if f.regel in ROOT_CAUSES]
    findings = (
        structure
        + first
        + number_cells.refine(found, value_at, tctx, superseded)
        + [f for f in tctx.findings if f.regel not in ROOT_CAUSES]
    )
    if meta:
        findings += layout_findings(name, scanned, meta, filtered, res)
    _record_areas(filtered, res)
    record_entries(book, filtered, meta, res)
    for sheet in scanned.sheets:
        if sheet.scanned and sheet.dimension_rows > ctx.limits.max_rows >= sheet.max_row:
            res.add(
                VARNING,
                sheet.name,
                "",
                "orimlig_dimension",
                f"Bladet {sheet.name!r} påstår sig omfatta {format_tal(sheet.dimension_rows)} rader men "
                "har innehåll "
                f"bara till rad {sheet.max_row}. Prognos läser bara innehållet; spara om arbetsboken i Excel.",
            )
    findings += submission_checks.origin(name, meta is not None, ctx.consolidating)
    res.findings = [f.model_dump() for f in traps.dedupe(findings)] + res.findings


def _full_findings(
    book, scanned, meta, raws: dict[str, RawTable], res: SubmissionResult, ctx: WorkerContext, tctx: traps.TrapContext
) -> tuple[dict[str, RawTable], list[Finding]]:
    """Every table through the contract rules and the traps; the tables without their Totalt rows."""
    if meta and meta.intact and ctx.full:
        locked_cells(book, meta.originals, res)  # (without ctx.full it ran before; a broken checksum is reported)
    filtered = dict(raws)
    for spec in TOTAL_SPECS:
        if spec.name in raws and not is_ledger(
            raws[spec.name].headers
        ):  # a ledger: validation/forecast_tables/ledger.py
            filtered[spec.name] = traps.total_rows(raws[spec.name], spec, tctx)
    try:
        found = contract_findings(TablesOnce(filtered, book), res.fil, raws)
    except UnusableInput as exc:
        found = []
        res.add(FEL, "", "", "saknad_tabell", str(exc))
    dnr_cells = []
    for table_name, raw in raws.items():
        sheet = scanned.sheet(raw.sheet)
        if sheet is not None and sheet.merged:
            traps.merged_cells(sheet.merged, raw, tctx)
        dnr_cells += run_table_traps(raw, filtered[table_name], tctx)  # validation/round/trap_table.py
    run_after_tables(raws, filtered, tctx)
    res.case_numbers = case_numbers(dnr_cells, tctx)
    magnitudes.forecast_magnitudes(filtered.get("Prognos"), magnitudes.references(filtered, tctx), tctx)
    return filtered, found


def _record_areas(filtered: dict[str, RawTable], res: SubmissionResult) -> None:
    """Which areas each forecast table names, and where (for the checks across files)."""
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


def validate_file(path: str, display: str, ctx: WorkerContext) -> SubmissionResult:
    """Validate one submitted file; never raises."""
    started = time.perf_counter()
    res = SubmissionResult(path=path, fil=display)
    try:
        validate_path(Path(path), res, ctx)
    except UnusableInput as exc:
        res.usable = False
        res.add(FEL, "", "", "olasbar_fil", str(exc))
    except MemoryError:
        res.usable = False
        res.findings = []
        res.add(
            FEL,
            "",
            "",
            "minnesgrans",
            f"{Path(path).name}: läsningen behövde mer än {ctx.limits.memory_mb} MB minne och avbröts. "
            "En inlämning "
            "behöver normalt några MB; filen är troligen skadad eller konstruerad för att fylla minnet.",
        )
    except RecursionError:
        res.usable = False
        res.add(
            FEL,
            "",
            "",
            "olasbar_fil",
            f"{Path(path).name}: filen är för djupt nästlad för att läsas. Spara om den i Excel.",
        )
    except Exception as exc:  # never a traceback: one Swedish line, the batch goes on
        if os.environ.get("PROGNOS_DEBUG"):
            raise
        res.usable = False
        res.add(
            FEL,
            "",
            "",
            "internt_fel",
            f"{Path(path).name}: oväntat fel när filen lästes ({type(exc).__name__}: {str(exc)[:150]}). Filen "
            "kontrolleras inte; spara om den i Excel och försök igen, och rapportera felet om det kvarstår.",
        )
    res.seconds = time.perf_counter() - started
    return res


# --- the batch ----------------------------------------------------------------------------------
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


def validate_batch(
    paths: list[Path],
    *,
    master: MasterInfo | None = None,
    jobs: int | None = None,
    limits: Limits = Limits(),
    exclude: list[Path] = (),
    full: bool = False,
    consolidating: bool = False,
    on_result: Callable[[SubmissionResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BatchResult:
    """Validate the files and folders ``paths``. ``master``: the round's master as
    ``workbooks.round.master.read_master_info`` reads it (which units are expected)."""
    started = time.perf_counter()
    tasks, skipped = collect(paths, [*exclude, *([master.path] if master else [])])
    jobs = default_jobs(len(tasks)) if jobs is None else jobs
    ctx = WorkerContext(limits=limits, units=master.units if master else None, full=full, consolidating=consolidating)
    results = run_files(
        tasks, ctx, jobs, validate_file, on_result, (lambda: on_start(len(tasks))) if on_start else None
    )
    skipped += [f"{r.fil} (en rapport från prognos validera)" for r in results if r.report]
    results = [r for r in results if not r.report]
    check_missing = master is not None or any(Path(p).is_dir() for p in paths)
    expected, missing = cross_file(results, master, check_missing)
    return BatchResult(results, expected, missing, master, time.perf_counter() - started, skipped, jobs)


def default_jobs(n_files: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_files))
