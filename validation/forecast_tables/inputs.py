"""From raw contract tables to the engine's input: ``read_inputs`` validates the tables
(``validation.forecast_tables.checks``: the rules, rows as records) and builds the pandas frames the
engine computes on; Budget and Utfall in ledger shape go through the ledger engine
(``validation/forecast_tables/ledger.py``; ``ENGINE``, the ``Engine`` of ``validation.forecast_tables.checks``).

Works on ``RawTable`` objects, so it serves the file adapter and the live Excel book alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from udfs.language.vocabulary import normalize, suggest
from validation.contract import BUDGET, UTFALL, TableSpec
from validation.findings import FEL, Finding
from validation.forecast_tables import kodplan as codes
from validation.forecast_tables import ledger
from validation.forecast_tables.checks import (
    BUDGET_COLUMNS,
    PROGNOS_COLUMNS,
    UTFALL_COLUMNS,
    LedgerBooks,
    check_inputs,
)
from validation.forecast_tables.last_year import missing_last_year
from validation.forecast_tables.utfall import read_utfall
from validation.models import Settings
from validation.reader import Reader, TableSource, area_lookup


@dataclass
class Inputs:
    settings: Settings
    budget: pd.DataFrame  # omrade, verksamhet, typ, budget, m1..m12 (NaN when not periodised)
    utfall: pd.DataFrame  # omrade, verksamhet, typ, ar, manad, belopp
    prognos: pd.DataFrame  # omrade, typ, metod, manuell, foregaende, kommentar
    areas: list[str]  # in budget order
    periodised: bool
    volymer: list | None = None  # udfs.volume.rows.VolumeRow, None without a Volymer table
    prognoshistorik: list | None = None  # udfs.forecasting.accuracy.HistoryRow, None without the table
    mal_prognossakerhet: float = 0.01  # setting "Mål prognossäkerhet"
    # The rest of the economic section (validation.section_tables.section); None: table absent.
    investeringar: list | None = None
    kostnadsslag: list | None = None
    atgarder: list | None = None  # udfs.section.own_words.Action: the action plan (issue 20)
    orsaker: list | None = None  # udfs.section.own_words.Cause: the causes of the deviation
    texter: list | None = None  # udfs.section.own_words.TextRow: the economist's own texts
    foregaende_omgang: str | None = None  # settings row Föregående omgång
    bidragsintakter: list | None = None
    vasentlighet: float | None = None  # setting "Väsentlighetsgräns", in the workbook's unit
    statsbidrag: list | None = None  # udfs.grant.report_back.Bidrag of the grant register, set by the refresh macro
    huvudbok: ledger.Huvudbok | None = None  # Budget/Utfall in ledger shape (docs/huvudbok.md)


def as_frame(rows: list | pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Records as the engine's frame (a ledger's frame as it is)."""
    return rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(rows, columns=columns)


def read_inputs(source: TableSource, file: str = "") -> tuple[Inputs | None, list[Finding]]:
    """Read and validate the contract tables. Returns (None, findings) on errors.

    Raises UnusableInput when a required table is missing altogether.
    """
    c = check_inputs(source, file, ENGINE)
    if not c.ok:
        return None, c.findings
    parts = c.parts
    return Inputs(
        c.settings,
        as_frame(c.budget, BUDGET_COLUMNS),
        as_frame(c.utfall, UTFALL_COLUMNS),
        as_frame(c.prognos, PROGNOS_COLUMNS),
        c.areas,
        c.periodised,
        c.volymer,
        c.prognoshistorik,
        c.mal_prognossakerhet,
        investeringar=parts.investeringar,
        kostnadsslag=parts.kostnadsslag,
        atgarder=parts.own.atgarder,
        orsaker=parts.own.orsaker,
        texter=parts.own.texter,
        foregaende_omgang=parts.own.foregaende_omgang,
        bidragsintakter=parts.bidragsintakter,
        vasentlighet=parts.vasentlighet,
        huvudbok=c.huvudbok,
    ), c.findings


class EngineReading:
    """The ``Engine`` of ``validation.forecast_tables.checks``: Budget and Utfall in ledger shape through the
    ledger engine, as the engine's frames; the Utfall table as ``prognos validera`` reads it."""

    def ledgers(self, reader: Reader, settings: Settings | None, shaped: list[TableSpec]) -> LedgerBooks | None:
        return read_ledgers(reader, settings, shaped)

    def ledger_budget(self, books: LedgerBooks) -> tuple[pd.DataFrame, bool, list[str]]:
        frame, periodised = ledger.budget_frame(books.budget, ledger.kodplan_areas(books.kodplan))
        return frame, periodised, list(dict.fromkeys(frame["omrade"]))

    def ledger_utfall(self, reader: Reader, books: LedgerBooks, areas: list[str], settings: Settings) -> pd.DataFrame:
        frame = ledger_utfall(reader, books.utfall, areas)
        last = frame.loc[frame["ar"] == settings.ar - 1, "manad"]
        missing_last_year(reader, reader.table(UTFALL), {}, settings.ar, settings.period, set(last.tolist()))
        return frame

    def utfall(self, reader: Reader, settings: Settings, areas: list[str]) -> pd.DataFrame | None:
        return read_utfall(reader, settings, areas)  # column by column (validation/forecast_tables/utfall.py)


ENGINE = EngineReading()


def read_ledgers(reader: Reader, settings: Settings | None, shaped: list[TableSpec]) -> LedgerBooks | None:
    """Budget and Utfall in ledger shape (``shaped``), interpreted through Kodplan and Kontoplan;
    None when a ledger-shaped table cannot be interpreted (the findings say why)."""
    if settings is None:
        return None
    kodplan = codes.read_kodplan(reader, reader.table(shaped[0]))
    accounts = codes.read_kontoplan(reader)
    if kodplan is None or accounts is None:
        return None
    tables = {spec.name: ledger.read_ledger(reader, spec, settings, kodplan, accounts) for spec in shaped}
    if any(t is None for t in tables.values()):
        return None
    book = ledger.Huvudbok([t for t in tables.values() if t is not None])
    return LedgerBooks(book, tables.get(BUDGET.name), tables.get(UTFALL.name), kodplan)


def ledger_utfall(reader: Reader, table: ledger.LedgerTable, areas: list[str]) -> pd.DataFrame:
    """The ledger's outcome per area; an area of the Kodplan that Budget lacks is an error."""
    frame = ledger.utfall_frame(table)
    lookup = area_lookup(areas)
    names = frame["omrade"].map(lambda a: lookup.get(normalize(a)))
    raw = reader.table(UTFALL)
    for area in dict.fromkeys(frame.loc[names.isna(), "omrade"]):
        reader.add(
            FEL,
            raw,
            raw.header_address(),
            "okant_omrade",
            f"Verksamhetsområdet {area!r} (ur Kodplan) finns inte i Budget.{suggest(area, areas)} "
            "Använd samma namn i Kodplan som i Budget.",
        )
    frame["omrade"] = names
    return frame[names.notna()].reset_index(drop=True)
