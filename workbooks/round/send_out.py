"""Per-unit workbooks sent out before a forecast round: ``prognos utskick MASTER.xlsx -o MAPP/``.

One workbook per Verksamhetsområde of the master's ``Budget`` (written by
``workbooks.unit_workbook.book``), into a folder; the master is never modified. The
master's ``Prognos`` entries are carried over (Metod, Kommentar, Föregående prognos; never a
Manuell prognos, which would override the unit's choice of method), its ``Volymer`` rows go
to their area, as do its ``Orsaker``, ``Texter`` and ``Åtgärder`` rows, and the engine's own
choice of method per row (what a unit that leaves Metod empty gets) is computed here once for
every unit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from udfs.forecasting.engine import compute
from udfs.language.vocabulary import (
    METODER,
    MONTH_NAMES,
    TYPER,
    VOLYM,
    canonical_metod,
    canonical_typ,
    normalize,
    slug,
    suggest,
)
from validation.contract import PROGNOS, VOLYMER, match_columns
from validation.findings import Finding
from validation.forecast_tables.inputs import Inputs, read_inputs
from validation.raw_table import UnusableInput
from validation.reader import area_lookup
from workbooks.books.atomic import write_atomically
from workbooks.books.xlsx_book import XlsxBook
from workbooks.unit_workbook.book import Round, unit_workbook
from workbooks.unit_workbook.cells import plain_number
from workbooks.unit_workbook.own_words_sheets import master_own_words


class MasterInvalid(Exception):
    """The master workbook has validation errors; nothing is sent out."""

    def __init__(self, findings: list[Finding]):
        super().__init__("mastern har valideringsfel")
        self.findings = findings


@dataclass
class UtskickResult:
    folder: Path
    omgang: str
    files: dict[str, Path] = field(default_factory=dict)  # unit -> file


@dataclass
class MasterEntries:
    """What the master's Prognos holds for one area and type (raw; comments keep their line breaks)."""

    metod: Any = None
    kommentar: Any = None
    foregaende: Any = None


def default_omgang(ar: int, period: int) -> str:
    """The round's name from year and period: Delår 1 after April, Delår 2 after August."""
    if period == 4:
        return f"Delår 1 {ar}"
    if period == 8:
        return f"Delår 2 {ar}"
    if period == 12:
        return f"Bokslut {ar}"
    return f"Prognos {MONTH_NAMES[period - 1]} {ar}"


def file_name(ar: int, period: int, unit: str) -> str:
    return f"prognos_{ar}_p{period:02d}_{slug(unit)}.xlsx"


def master_prognos(book: XlsxBook, areas: list[str]) -> dict[tuple[str, str], MasterEntries]:
    """The master's Prognos rows by (area, typ)."""
    raw = book.table(PROGNOS)
    out: dict[tuple[str, str], MasterEntries] = {}
    if raw is None:
        return out
    found, _ = match_columns(PROGNOS, raw.headers)
    if "omrade" not in found or "typ" not in found:
        return out
    by_norm = area_lookup(areas)
    for values in raw.rows:
        area = by_norm.get(normalize(values[found["omrade"]]))
        typ = canonical_typ(values[found["typ"]])
        if area is None or typ not in TYPER or (area, typ) in out:
            continue
        get = lambda key: values[found[key]] if key in found else None  # noqa: E731
        metod = canonical_metod(get("metod"))
        out[(area, typ)] = MasterEntries(metod if metod in METODER else None, get("kommentar"), get("foregaende"))
    return out


def master_volymer(book: XlsxBook, areas: list[str]) -> tuple[list[str], dict[str, list[list[Any]]]] | None:
    """The master's Volymer table (headers, rows per area), values as read; None without one."""
    raw = book.table(VOLYMER)
    if raw is None:
        return None
    found, _ = match_columns(VOLYMER, raw.headers)
    if "omrade" not in found:
        return None
    width = max((i + 1 for i, h in enumerate(raw.headers) if h not in (None, "")), default=0)
    headers = [str(h) if h not in (None, "") else f"Kolumn{i + 1}" for i, h in enumerate(raw.headers[:width])]
    by_norm = area_lookup(areas)
    rows: dict[str, list[list[Any]]] = {}
    for values in raw.rows:
        area = by_norm.get(normalize(values[found["omrade"]]))
        if area is not None:
            rows.setdefault(area, []).append([plain_number(v) if isinstance(v, float) else v for v in values[:width]])
    return headers, rows


def engine_choices(inputs: Inputs) -> dict[tuple[str, str], tuple[str, float | None]]:
    """Per (area, typ): the method the engine chooses when the unit leaves Metod empty, and the
    Volym method's figure (None when it has none), in Prognos' signs."""
    report = compute(dataclasses.replace(inputs, prognos=inputs.prognos.iloc[0:0]))
    volumes = {(e.omrade, e.typ): e.prognos for e in report.evidence if e.metod == VOLYM}
    return {
        (line.omrade, line.typ): (line.metod.removesuffix(" (auto)"), volumes.get((line.omrade, line.typ)))
        for line in report.lines
    }


def read_master(master: Path) -> tuple[XlsxBook, Inputs]:
    book = XlsxBook(master)
    inputs, findings = read_inputs(book, master.name)
    if inputs is None:
        raise MasterInvalid([f for f in findings if f.is_error])
    return book, inputs


def _chosen_units(master: Path, all_units: list[str], units: list[str] | None) -> list[str]:
    if not units:
        return all_units
    by_norm = {normalize(a): a for a in all_units}
    unknown = [u for u in units if normalize(u) not in by_norm]
    if unknown:
        raise UnusableInput(
            f"{master.name}: verksamhetsområdet {unknown[0]!r} finns inte i Budget.{suggest(unknown[0], all_units)}"
        )
    return [by_norm[normalize(u)] for u in units]


def _file_names(ar: int, period: int, units: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    used: set[str] = set()
    for unit in units:
        name = file_name(ar, period, unit)
        stem, n = name[:-5], 2
        while name in used:
            name, n = f"{stem}-{n}.xlsx", n + 1
        used.add(name)
        names[unit] = name
    return names


def write_send_out(
    master: Path,
    folder: Path,
    *,
    omgang: str | None = None,
    svar_senast: dt.date | None = None,
    kontakt: str | None = None,
    password: str | None = None,
    overwrite: bool = False,
    units: list[str] | None = None,
) -> UtskickResult:
    """Write one workbook per area of the master into ``folder``. The master is never modified."""
    master, folder = Path(master), Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UnusableInput(f"{folder}: är en fil. Ange en mapp med -o, t.ex. -o utskick/.")
    book, inputs = read_master(master)
    all_units = list(inputs.areas)
    chosen = _chosen_units(master, all_units, units)
    s = inputs.settings
    omgang = omgang or default_omgang(s.ar, s.period)
    names = _file_names(s.ar, s.period, all_units)
    if not overwrite:
        existing = [folder / names[u] for u in chosen if (folder / names[u]).exists()]
        if existing:
            raise UnusableInput(f"{existing[0]}: filen finns redan. Välj en tom mapp eller ange --skriv-over.")
    folder.mkdir(parents=True, exist_ok=True)
    rnd = Round(
        all_units,
        omgang,
        inputs,
        master_prognos(book, all_units),
        master_volymer(book, all_units),
        engine_choices(inputs),
        svar_senast,
        kontakt,
        password,
        dt.datetime.now().replace(microsecond=0).isoformat(),
        master_own_words(book, all_units),
    )
    result = UtskickResult(folder, omgang)
    for unit in chosen:
        wb = unit_workbook(unit, rnd)
        target = folder / names[unit]
        if target.resolve() == master.resolve():
            raise UnusableInput(f"{target.name}: utskicket skulle skriva över mastern. Välj en annan mapp.")
        write_atomically(target, wb.save)
        result.files[unit] = target
    return result
