"""Budget and Utfall in ledger shape: the financial system's export as the economist pastes it
(Ansvar, Konto, Period, Belopp …), read into the engine's frames through the workbook's
Kodplan and the Kommun-Bas account mapping (``udfs.ledger.kommunbas``), with its findings.

Clean rows are converted column by column (numpy/pandas), never one Python object per row;
only cells that are not plain numbers or codes take the slow path with a message.
The periods are read in ``ledger_periods``, the findings after interpretation are made in
``ledger_findings``, and the interpreted table with the engine's frames is ``ledger_frames``;
their public names are importable from here. See docs/huvudbok.md.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from udfs.language import number_text
from udfs.language.rounding import format_tal
from udfs.language.vocabulary import normalize
from udfs.ledger import kommunbas as kb
from udfs.ledger.interpretation import Sign, interpret
from validation import extremes
from validation.contract import LEDGER_BUDGET, LEDGER_UTFALL, TableSpec, match_columns
from validation.findings import FEL, VARNING
from validation.forecast_tables.kodplan import Source
from validation.forecast_tables.ledger_findings import MAX_CELL_MESSAGES, report_problems
from validation.forecast_tables.ledger_frames import Huvudbok, LedgerTable, budget_frame, kodplan_areas, utfall_frame
from validation.forecast_tables.ledger_periods import parse_period, read_periods
from validation.models import Settings
from validation.raw_table import RawTable

_TOTAL = re.compile(r"^(totalt?|summa|s:a|sum|total|slutsumma|delsumma)\b")


# --- reading one table ---------------------------------------------------------------------------
def read_ledger(
    reader: Source, spec: TableSpec, settings: Settings, kodplan: kb.CodePlan, accounts: kb.CodePlan
) -> LedgerTable | None:
    """Read and interpret the ledger-shaped ``spec`` table (Budget or Utfall)."""
    raw = reader.table(spec)
    assert raw is not None
    shape = LEDGER_UTFALL if spec.name == "Utfall" else LEDGER_BUDGET
    found, _ = match_columns(shape, raw.headers)
    _note_synonyms(reader, raw, shape, found)
    # Each column once as an object array (one pass over the rows per column); Totalt rows
    # are dropped by a mask.
    n = len(raw.rows)
    arrays = {key: np.fromiter((r[pos] for r in raw.rows), dtype=object, count=n) for key, pos in found.items()}
    keep = _total_rows(reader, raw, found, arrays)
    if not keep.all():
        arrays = {key: values[keep] for key, values in arrays.items()}
    row_numbers = np.asarray(raw.row_numbers, dtype=np.int64)[keep]
    rows = int(keep.sum())

    def column(key: str) -> np.ndarray:
        return arrays[key]

    if not _codes_readable(reader, raw, found, arrays, row_numbers):
        return None
    amount = _amounts(reader, raw, column("belopp"), row_numbers, found["belopp"], settings.huvudbok_enhet)
    period = read_periods(reader, raw, found, column, row_numbers, spec.name == "Utfall")
    if period is None:
        return None
    ar, manad = period
    frame = pd.DataFrame({"ansvar": column("ansvar"), "konto": column("konto"), "belopp": amount})
    if ar is not None:
        frame["ar"], frame["manad"] = ar, manad
    sign = Sign(costs_positive=settings.kostnader == "positiva", revenue_negative=settings.intakter == "negativa")
    tolkning = interpret(frame, kodplan, accounts, sign)
    table = LedgerTable(
        spec.name,
        raw.sheet,
        raw.header_address(),
        {k: str(raw.headers[p]) for k, p in found.items()},
        tolkning,
        settings.huvudbok_enhet,
        settings.enhet,
        rows,
    )
    report_problems(reader, raw, table, found, row_numbers, settings, kodplan)
    return table


def _codes_readable(
    reader: Source, raw: RawTable, found: dict[str, int], arrays: dict[str, np.ndarray], row_numbers: np.ndarray
) -> bool:
    """Codes hold only digits ``int()`` reads (any script's, as ASCII): a character that only
    looks like a digit ("²", "①") is an error at its first cell, never a crash or a silent miss."""
    ok = True
    for key in ("ansvar", "konto"):
        codes, uniques = pd.factorize(arrays[key], use_na_sentinel=True)
        for n, value in enumerate(uniques):
            odd = kb.lookalike(value) if type(value) is str else None
            if odd is None:
                continue
            ok = False
            first = int(np.argmax(codes == n))
            reader.add(
                FEL,
                raw,
                raw.address(int(row_numbers[first]), found[key]),
                "ogiltig_kod",
                f"{raw.headers[found[key]]}: {value!r} har tecknet {odd!r}, som liknar en siffra men inte är en "
                "siffra i en kod. Skriv koden med vanliga siffror 0–9.",
            )
    return ok


def _note_synonyms(reader: Source, raw: RawTable, shape: TableSpec, found: dict[str, int]) -> None:
    for key, pos in found.items():
        column = shape.column(key)
        typed = normalize(raw.headers[pos])
        if typed == normalize(column.header) or (key == "belopp" and typed == normalize(raw.name)):
            continue
        reader.add(
            VARNING,
            raw,
            raw.header_address(pos),
            "kolumn_tolkad",
            f"Kolumnen {raw.headers[pos]!r} i {raw.name} läses som {column.header}. "
            f"Byt rubriken till {column.header!r} om det stämmer, annars till något annat.",
        )


def _total_rows(reader: Source, raw: RawTable, found: dict[str, int], arrays: dict[str, np.ndarray]) -> np.ndarray:
    """Mask of the rows to keep; Totalt/Summa rows are left out with a warning, or an error
    when their amount does not equal the rows they sum (those since the previous total, or
    all rows above)."""
    label_keys = [k for k in ("ansvar", "verksamhet", "konto", "text", "projekt", "period") if k in found]
    pa = found["belopp"]
    is_total = np.zeros(len(raw.rows), dtype=bool)
    for key in label_keys:  # through the column's distinct values, not row by row
        codes, uniques = pd.factorize(arrays[key], use_na_sentinel=True)
        hit = np.array([type(u) is str and bool(_TOTAL.match(normalize(u))) for u in uniques] + [False], dtype=bool)
        is_total |= hit[codes]
    totals = np.nonzero(is_total)[0].tolist()
    if not totals:
        return ~is_total
    amounts = np.array([_number(v) for v in arrays["belopp"]], dtype=float)
    clean = np.where(is_total | np.isnan(amounts), 0.0, amounts)
    cumulative = np.concatenate([[0.0], np.cumsum(clean)])
    previous = 0
    for i in totals:
        value = amounts[i]
        label_key = next(k for k in label_keys if type(arrays[k][i]) is str and _TOTAL.match(normalize(arrays[k][i])))
        label = str(arrays[label_key][i]).strip()
        cell = raw.address(raw.row_numbers[i], pa)
        since = cumulative[i] - cumulative[previous]
        everything = cumulative[i]
        previous = i + 1
        if np.isnan(value) or abs(value - since) <= 1.0 or abs(value - everything) <= 1.0:
            reader.add(
                VARNING,
                raw,
                raw.address(raw.row_numbers[i], found[label_key]),
                "summarad",
                f"Raden {label!r} är en summarad. Den räknas inte med (annars räknas beloppen två gånger); "
                "ta bort den ur exporten.",
            )
        else:
            reader.add(
                FEL,
                raw,
                cell,
                "summarad_avviker",
                f"Summaraden {label!r} anger {format_tal(value)} men raderna ovanför summerar till {format_tal(since)} "
                f"(alla rader ovanför: {format_tal(everything)}). En rad saknas eller summan är inskriven: "
                "kontrollera "
                "exporten och ta bort summaraden.",
            )
    return ~is_total


def _number(value: object) -> float:
    if type(value) in (int, float):
        return float(value)
    parsed = number_text.parse_number(value) if value is not None else None
    return parsed.value if parsed is not None and parsed.value is not None else np.nan


def _amounts(
    reader: Source, raw: RawTable, values: np.ndarray, row_numbers: np.ndarray, pos: int, unit: str
) -> np.ndarray:
    """Amounts as floats in the ledger's ``unit`` (NaN for empty cells and placeholders).
    Plain numbers within the bounds are taken column-wise; every other cell (number text,
    unit text, junk, an amount beyond ``validation.extremes``) is judged by the reader's one
    rule for amount cells (``Reader.amount``), so the ledger has the typed tables' bounds and
    messages. An unusable cell is NaN with an error."""
    amount = np.array([v if type(v) in (int, float) else np.nan for v in values], dtype=float)
    with np.errstate(invalid="ignore"):
        odd = (
            (np.isnan(amount) & np.array([v is not None for v in values], dtype=bool))
            | (np.abs(amount) > extremes.bound(unit))
            | np.isinf(amount)
        )
    counts: dict[str, int] = {}

    def capped(severity: str, raw_: RawTable, cell: str, rule: str, message: str) -> None:
        counts[rule] = counts.get(rule, 0) + 1
        if counts[rule] <= MAX_CELL_MESSAGES:
            reader.add(severity, raw_, cell, rule, message)

    for i in np.flatnonzero(odd).tolist():
        got = reader.amount(
            raw, int(row_numbers[i]), pos, values[i], "Belopp", enhet=unit, setting="Huvudbok i", add=capped
        )
        amount[i] = got if isinstance(got, (int, float)) else np.nan
    for rule, count in counts.items():
        if count > MAX_CELL_MESSAGES:
            severity = VARNING if rule in ("tal_som_text", "platshallare") else FEL
            reader.add(
                severity,
                raw,
                raw.header_address(pos),
                rule,
                f"Ytterligare {count - MAX_CELL_MESSAGES} celler i kolumnen Belopp har samma problem.",
            )
    return amount


__all__ = [
    "Huvudbok",
    "LedgerTable",
    "Source",
    "budget_frame",
    "kodplan_areas",
    "parse_period",
    "read_ledger",
    "utfall_frame",
]
