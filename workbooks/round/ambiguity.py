"""Doubt about which content of a workbook is the real one is an error for that file.

Prognos reads a contract table by name (an Excel Table, else a sheet). A file can hold that
name twice, or hide the table it would read while a renamed copy stays visible; a reader
would then pick one silently. These checks name both places instead:

- ``tvetydig_tabell`` (fel): two Excel Tables with the contract table's name (compared as
  the contract compares names), or, without a table, two sheets with its name;
- ``dold_tabell`` (fel): the contract table read lies on a hidden or very hidden sheet, so
  the economist and the unit never saw what would be consolidated.
"""

from __future__ import annotations

from udfs.language.vocabulary import normalize
from validation.contract import DERIVED_SHEETS, TableSpec
from validation.findings import FEL, Finding
from validation.raw_table import RawTable

STATES = {"hidden": "dolt", "veryHidden": "mycket dolt (syns inte ens under Ta fram)"}


def findings(
    file: str,
    scan,
    specs: tuple[TableSpec, ...],
    raws: dict[str, RawTable],
    ignore_sheets: frozenset[str] = frozenset(),
) -> list[Finding]:
    """``scan``: ``workbooks.ooxml.safe_read.Scan`` (its sheets with their state and every table part)."""
    out: list[Finding] = []
    states = {s.name: s.state for s in scan.sheets}
    for spec in specs:
        wanted = normalize(spec.name)
        tables = [
            t
            for t in scan.tables
            if t.sheet not in DERIVED_SHEETS and wanted in {normalize(t.name), normalize(t.display_name)}
        ]
        if len(tables) > 1:
            places = " och ".join(f"bladet {t.sheet!r} ({t.ref})" for t in tables)
            first = tables[0]
            out.append(
                Finding(
                    allvarlighet=FEL,
                    blad=first.sheet,
                    cell=first.ref.split(":")[0],
                    regel="tvetydig_tabell",
                    meddelande=f"Arbetsboken har {len(tables)} tabeller som heter {spec.name}: "
                    f"{places}. Det går "
                    "inte att veta vilken som gäller, så ingen av dem läses. Ta bort eller byt "
                    "namn på den som "
                    "inte gäller.",
                    fil=file,
                )
            )
            continue
        if not tables:
            names = {normalize(n) for n in (spec.sheet, spec.name, *spec.extra_sheet_names)}
            sheets = [s.name for s in scan.sheets if s.name not in DERIVED_SHEETS and normalize(s.name) in names]
            if len(sheets) > 1:
                out.append(
                    Finding(
                        allvarlighet=FEL,
                        blad=sheets[0],
                        cell="",
                        regel="tvetydig_tabell",
                        meddelande=f"Arbetsboken har {len(sheets)} blad som kan vara tabellen {spec.name}: "
                        f"{', '.join(repr(s) for s in sheets)}. Det går inte att veta vilket som gäller, så "
                        "inget läses. Byt namn på det blad som inte gäller.",
                        fil=file,
                    )
                )
                continue
        raw = raws.get(spec.name)
        if raw is not None and raw.sheet not in ignore_sheets and states.get(raw.sheet, "visible") != "visible":
            out.append(
                Finding(
                    allvarlighet=FEL,
                    blad=raw.sheet,
                    cell=raw.header_address(),
                    regel="dold_tabell",
                    meddelande=f"Tabellen {spec.name} ligger på bladet {raw.sheet!r}, som är "
                    f"{STATES.get(states[raw.sheet], 'dolt')}. Det som syns i arbetsboken är inte det som "
                    "skulle läsas, så tabellen läses inte. Visa bladet (Ta fram) och kontrollera det, eller "
                    "ta bort det dolda bladet.",
                    fil=file,
                )
            )
    return out
