"""Submission rules across a batch of unit workbooks: who sent what, units missing or twice,
a file of another round, rows of another unit (``cross_file``), and the batch's result.

The files themselves are collected, read and validated one by one in
``workbooks/round/submissions.py``; the rules for one file are ``validation/round/submission.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from udfs.language.vocabulary import normalize, slug, suggest
from validation.findings import FEL, Finding, sort_key
from validation.round.submission import FELSTATUS, OK, P_ENHET, VARNINGAR, SubmissionResult


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
        return {
            "filer": len(self.files),
            "ok": c[OK],
            "varningar": c[VARNINGAR],
            "fel": c[FELSTATUS],
            "saknade_enheter": len(self.missing),
        }

    def findings(self) -> list[Finding]:
        out = [Finding(**d) for f in self.files for d in f.findings]
        return sorted(out, key=sort_key)


def file_order(f: SubmissionResult) -> tuple:
    return ({FELSTATUS: 0, VARNINGAR: 1, OK: 2}[f.status], f.fil)


def unit_from_name(display: str, units: list[str]) -> str | None:
    name = "-" + slug(Path(display).stem) + "-"
    best = None
    for unit in units:
        token = "-" + slug(unit) + "-"
        if token in name and (best is None or len(slug(unit)) > len(slug(best))):
            best = unit
    return best


def expected_units(results: list[SubmissionResult], master: MasterInfo | None) -> list[str] | None:
    if master is not None:
        return master.units
    lists = Counter(tuple(r.meta_units) for r in results if r.meta_units)
    if not lists:
        return None
    return list(lists.most_common(1)[0][0])


def cross_file(
    results: list[SubmissionResult], master: MasterInfo | None, check_missing: bool = True
) -> tuple[list[str] | None, list[str]]:
    """Submission rules across the batch. Returns (expected units, missing units); missing
    units only with ``check_missing`` (a folder or a master was given)."""
    expected = expected_units(results, master)
    by_norm = {normalize(u): u for u in (expected or [])}
    _senders(results, expected, by_norm)
    groups = _same_unit_twice(results)
    _wrong_round(results, master)
    if expected:
        _rows_of_other_units(results, by_norm)
    missing = [u for u in (expected or []) if normalize(u) not in groups] if check_missing else []
    return expected, missing


def _senders(results: list[SubmissionResult], expected: list[str] | None, by_norm: dict[str, str]) -> None:
    """Each file's unit, from Inställningar or the file name; an error when it cannot be told
    or is not one of the round's areas."""
    for r in results:
        if r.unit_in_settings:
            r.unit = by_norm.get(normalize(r.unit_in_settings), r.unit_in_settings)
            r.unit_source = "Inställningar"
        elif expected and (unit := unit_from_name(r.fil, expected)):
            r.unit, r.unit_source = unit, "filnamn"
        elif not r.usable or not expected:
            continue  # without expected units a file need not say whose it is
        else:
            r.add(
                FEL,
                "",
                "",
                "okand_avsandare",
                "Det går inte att se vilken enhet som skickade filen: Inställningar saknar raden "
                f"{P_ENHET!r} och filnamnet innehåller inget känt verksamhetsområde. Lägg till raden i Inställningar "
                "eller döp om filen efter enheten.",
            )
            continue
        if expected and normalize(r.unit) not in by_norm:
            r.add(
                FEL,
                "",
                "",
                "okand_enhet",
                f"Enheten {r.unit!r} (enligt {r.unit_source}) finns inte bland omgångens verksamhetsområden."
                f"{suggest(r.unit, expected)} Filen sammanställs inte.",
            )


def _same_unit_twice(results: list[SubmissionResult]) -> dict[str, list[SubmissionResult]]:
    """The files per unit (normalised); an error on each of two files from the same unit."""
    groups: dict[str, list[SubmissionResult]] = {}
    for r in results:
        if r.unit:
            groups.setdefault(normalize(r.unit), []).append(r)
    for members in groups.values():
        if len(members) > 1:
            names = ", ".join(m.fil for m in members)
            for m in members:
                m.add(
                    FEL,
                    "",
                    "",
                    "dubbel_inlamning",
                    f"{len(members)} filer kommer från {m.unit}: {names}. Ta bort de som inte gäller; ingen av dem "
                    "sammanställs förrän det finns en enda.",
                )
    return groups


def _wrong_round(results: list[SubmissionResult], master: MasterInfo | None) -> None:
    """An error on a file of another round than the master's (or than most files')."""
    rounds = Counter((r.ar, r.period) for r in results if r.usable and r.ar and r.period)
    want = (master.ar, master.period) if master else (rounds.most_common(1)[0][0] if rounds else None)
    if not want:
        return
    for r in results:
        if r.usable and r.ar and r.period and (r.ar, r.period) != want:
            whose = "masterns" if master else "de flesta filernas"
            r.add(
                FEL,
                "Inställningar",
                "",
                "fel_omgang",
                f"Filen gäller {r.ar} period {r.period}, men {whose} omgång är {want[0]} period {want[1]}. "
                "Den hör till en annan prognosomgång och sammanställs inte.",
            )


def _rows_of_other_units(results: list[SubmissionResult], by_norm: dict[str, str]) -> None:
    """An error on each table row of another of the round's units than the file's own."""
    for r in results:
        if not r.unit:
            continue
        own = normalize(r.unit)
        for table, areas in r.areas.items():
            for area, cell in areas.items():
                norm = normalize(area)
                if norm != own and norm in by_norm:
                    r.add(
                        FEL,
                        r.areas_sheet.get(table, table),
                        cell,
                        "annan_enhets_rad",
                        f"Tabellen {table} har rader för {by_norm[norm]}, men filen kommer från {r.unit}. "
                        "En enhet fyller "
                        "bara i sina egna rader; ta bort raderna för den andra enheten. Filen sammanställs inte.",
                    )


@dataclass
class Change:
    """One cell the consolidation (``prognos validera --sammanstall``) changed in the master."""

    unit: str
    fil: str
    omrade: str
    typ: str
    column: str
    sheet: str
    cell: str
    old: Any
    new: Any
    note: str = ""
