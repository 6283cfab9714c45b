"""Budget and Utfall in ledger shape: the financial system's export as the economist pastes it
(Ansvar, Konto, Period, Belopp …), read into the engine's frames through the workbook's
Kodplan and the Kommun-Bas account mapping (``udfs.ledger.kommunbas``), with its findings.

Clean rows are converted column by column (numpy/pandas), never one Python object per row;
only cells that are not plain numbers or codes take the slow path with a message.
See docs/huvudbok.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from udfs.language import number_text
from udfs.language.rounding import format_tal
from udfs.language.vocabulary import ENHETER, month_of_header, normalize
from udfs.ledger import kommunbas as kb
from udfs.ledger.interpretation import Interpretation, Sign, interpret, per_kostnadsslag
from validation import extremes
from validation.contract import LEDGER_BUDGET, LEDGER_UTFALL, TableSpec, match_columns
from validation.findings import FEL, VARNING
from validation.forecast_tables.kodplan import Source
from validation.models import Settings
from validation.raw_table import RawTable

MAX_CELL_MESSAGES = 20  # per rule and table; the rest are counted in one message
_TOTAL = re.compile(r"^(totalt?|summa|s:a|sum|total|slutsumma|delsumma)\b")


@dataclass
class LedgerTable:
    """One ledger-shaped table, interpreted."""

    name: str  # "Utfall" or "Budget"
    sheet: str
    header_cell: str
    columns: dict[str, str]  # column key -> the header as the workbook spells it
    tolkning: Interpretation
    unit: str  # the ledger's unit (Inställningar "Huvudbok i")
    enhet: str  # the report's unit (Inställningar "Enhet")
    rows: int  # data rows read (Totalt rows left out)

    @property
    def divisor(self) -> float:
        return ENHETER[self.enhet] / ENHETER[self.unit]


@dataclass
class Huvudbok:
    """The ledger-shaped tables of a workbook (for the Avstämning sheet and for tables per
    kostnadsslag)."""

    tables: list[LedgerTable] = field(default_factory=list)

    def table(self, name: str) -> LedgerTable | None:
        return next((t for t in self.tables if t.name == name), None)

    def per_kostnadsslag(self, ar: int, period: int) -> pd.DataFrame | None:
        """Utfall per kostnadsslag in the report's unit (see ``per_kostnadsslag``); None without a ledger Utfall."""
        utfall = self.table("Utfall")
        if utfall is None:
            return None
        return per_kostnadsslag(utfall.tolkning.per_slag, ar, period, utfall.divisor)


def _tal(value: float, decimals: int = 0) -> str:
    return format_tal(value, decimals)


def _rader(n: int) -> str:
    return "1 rad" if n == 1 else f"{n} rader"


# --- periods ---------------------------------------------------------------------------------
def parse_period(value: object) -> tuple[int | None, int | None] | None:
    """(year, month) of a period as ledgers export it: 202304, "2023-04", "2023/04",
    "apr 2023", "april 2023", "2023 apr", a date, "2023-04-30"; (None, month) for a month
    without a year (4, "april"); None when unreadable."""
    if isinstance(value, (datetime, date)):
        return value.year, value.month
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return None
        number = int(value)
        if 190001 <= number <= 210012 and 1 <= number % 100 <= 12:
            return number // 100, number % 100
        if 1 <= number <= 12:
            return None, number
        return None
    if not isinstance(value, str):
        return None
    text = normalize(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-/. ]?\s*(\d{1,2})(?:[-/. ](\d{1,2}))?", text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1900 <= year <= 2100 and 1 <= month <= 12:
            return year, month
        return None
    match = re.fullmatch(r"(\d{1,2})[-/. ](\d{4})", text)
    if match and 1 <= int(match.group(1)) <= 12:
        return int(match.group(2)), int(match.group(1))
    if text.isdigit():
        return parse_period(int(text))
    year_match = re.search(r"\b(19\d{2}|20\d{2}|2100)\b", text)
    month = month_of_header(re.sub(r"\b\d{4}\b", "", text).strip())
    if month is None:
        return None
    return (int(year_match.group(1)) if year_match else None), month


def _month_only(value: object) -> int | None:
    """Month as the Månad column has it: 4, "apr", "april", "2023-04", 202304, a date."""
    parsed = parse_period(value)
    return parsed[1] if parsed else None


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
    period = _periods(reader, raw, found, column, row_numbers, spec.name == "Utfall")
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
    _report_problems(reader, raw, table, found, row_numbers, settings, kodplan)
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
                f"Summaraden {label!r} anger {_tal(value)} men raderna ovanför summerar till {_tal(since)} "
                f"(alla rader ovanför: {_tal(everything)}). En rad saknas eller summan är inskriven: "
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


def _periods(
    reader: Source, raw: RawTable, found: dict[str, int], column, row_numbers: np.ndarray, required: bool
) -> tuple[np.ndarray | None, np.ndarray | None] | None:
    """(year, month) arrays; (None, None) for a Budget without period (full-year amounts);
    None with an error when the period cannot be read."""
    year: np.ndarray | None = None
    month: np.ndarray | None = None
    bad: dict[object, int] = {}
    if "period" in found:
        values = pd.Series(column("period"), dtype=object)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = [parse_period(u) for u in uniques]
        y = np.array([(p[0] if p and p[0] is not None else -1) for p in parsed] + [-1], dtype=np.int64)
        m = np.array([(p[1] if p else -1) for p in parsed] + [-1], dtype=np.int64)
        year, month = y[codes], m[codes]
        for u, p in zip(uniques, parsed):
            if p is None:
                bad[u] = found["period"]
        if "ar" not in found and any(p is not None and p[0] is None for p in parsed):
            example = next(u for u, p in zip(uniques, parsed) if p is not None and p[0] is None)
            first = int(np.argmax(codes == list(uniques).index(example)))
            reader.add(
                FEL,
                raw,
                raw.address(int(row_numbers[first]), found["period"]),
                "saknad_kolumn",
                f"Tabellen {raw.name}: kolumnen {raw.headers[found['period']]!r} har månader utan år "
                f"(t.ex. {example!r}), och kolumnen År saknas. Lägg till kolumnen År eller skriv perioden "
                "med år, som 202304 eller 2023-04.",
            )
            return None
    if "ar" in found:
        years = pd.Series(column("ar"), dtype=object)
        codes, uniques = pd.factorize(years, use_na_sentinel=True)
        parsed_years = []
        for u in uniques:
            p = number_text.parse_number(u) if not isinstance(u, (int, float)) else number_text.parse_number(float(u))
            ok = p.value is not None and float(p.value).is_integer() and 1900 <= p.value <= 2100
            parsed_years.append(int(p.value) if ok else -1)
            if not ok:
                bad[u] = found["ar"]
        y = np.array(parsed_years + [-1], dtype=np.int64)[codes]
        year = y if year is None else np.where(year >= 0, year, y)
    if "manad" in found and ("period" not in found):
        values = pd.Series(column("manad"), dtype=object)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed_months = []
        for u in uniques:
            mo = _month_only(u)
            parsed_months.append(mo if mo is not None else -1)
            if mo is None:
                bad[u] = found["manad"]
        month = np.array(parsed_months + [-1], dtype=np.int64)[codes]
    if year is None and month is None:
        if required:
            reader.add(
                FEL,
                raw,
                raw.header_address(),
                "saknad_kolumn",
                f"Tabellen {raw.name} saknar kolumnen Period (202304, 2023-04, apr 2023 eller ett datum) "
                f"eller kolumnerna År och Månad. Lägg till den i rubrikraden (rad {raw.first_row}).",
            )
            return None
        return None, None
    if year is None or month is None:
        lacking = "Månad" if month is None else "År"
        reader.add(
            FEL,
            raw,
            raw.header_address(),
            "saknad_kolumn",
            f"Tabellen {raw.name} har {'År' if month is None else 'Månad'} men saknar kolumnen {lacking}. "
            "Lägg till den, eller använd en kolumn Period med år och månad (202304).",
        )
        return None
    for value, pos in list(bad.items())[:MAX_CELL_MESSAGES]:
        source = pd.Series(column(_key_of(found, pos)), dtype=object)
        first = int(np.argmax((source == value).to_numpy()))
        reader.add(
            FEL,
            raw,
            raw.address(int(row_numbers[first]), pos),
            "ogiltig_period",
            f"{raw.headers[pos]}: {value!r} går inte att läsa som period. Skriv t.ex. 202304, 2023-04, "
            "apr 2023 eller ett datum.",
        )
    missing = (year < 0) | (month < 0)
    if missing.any() and not bad:
        first = int(np.argmax(missing))
        reader.add(
            FEL,
            raw,
            raw.address(int(row_numbers[first]), found.get("period", found.get("ar", 0))),
            "ogiltig_period",
            f"Tabellen {raw.name}: rad {int(row_numbers[first])} saknar period.",
        )
    if bad or missing.any():
        return None
    return year, month


def _key_of(found: dict[str, int], pos: int) -> str:
    return next(k for k, p in found.items() if p == pos)


# --- findings after interpretation ------------------------------------------------------------
def _zeros_hint(code: object, kodplan: kb.CodePlan) -> str:
    """When the code differs from a Kodplan code only in leading zeros (a code is text: 0410
    and 410 are two codes; Excel drops the zero of a code typed as a number)."""
    if not isinstance(code, str) or not code.isdigit():
        return ""
    for other in [code.lstrip("0") or "0", *("0" * n + code for n in (1, 2, 3))]:
        if other != code and kodplan.find(other) >= 0:
            return (
                f" Kodplan har {other}, som skiljer sig bara i inledande nollor: skriv koden likadant på båda "
                "ställena (en kod som börjar med 0 som text)."
            )
    return ""


def _report_problems(
    reader: Source,
    raw: RawTable,
    table: LedgerTable,
    found: dict[str, int],
    row_numbers: np.ndarray,
    settings: Settings,
    kodplan: kb.CodePlan,
) -> None:
    t = table.tolkning
    unit = table.unit
    for n, rec in enumerate(t.omappade.itertuples(index=False)):
        if n >= MAX_CELL_MESSAGES * 5:
            rest = t.omappade.iloc[n:]
            reader.add(
                FEL,
                raw,
                raw.header_address(found["ansvar"]),
                "okand_ansvarskod",
                f"Ytterligare {len(rest)} ansvarskoder saknas i Kodplan (summa {_tal(rest['belopp'].sum())} {unit}).",
            )
            break
        cell = raw.address(int(row_numbers[int(rec.first)]), found["ansvar"])
        name = "Rader utan ansvarskod" if pd.isna(rec.ansvar) else f"Ansvar {rec.ansvar}"
        reader.add(
            FEL,
            raw,
            cell,
            "okand_ansvarskod",
            f"{name} finns inte i Kodplan: {_tal(rec.belopp)} {unit} på {_rader(int(rec.rader))} i {raw.name} "
            "skulle annars försvinna ur rapporten. Lägg till koden (eller ett intervall som täcker "
            "den) i Kodplan "
            "med sitt verksamhetsområde." + _zeros_hint(rec.ansvar, kodplan),
        )
    for rec in t.balans.itertuples(index=False):
        cell = raw.address(int(row_numbers[int(rec.first)]), found["konto"])
        reader.add(
            FEL,
            raw,
            cell,
            "balanskonto",
            f"Konto {rec.konto} är ett balanskonto (kontoklass {str(rec.konto)[0]}: tillgångar, "
            "skulder och eget "
            f"kapital) med {_tal(rec.belopp)} {unit} på {_rader(int(rec.rader))}. En resultatrapport "
            "bygger bara på "
            "resultatkonton (klass 3–8): ta bort balansraderna ur exporten, eller ange kontot i tabellen "
            "Kontoplan om det är ett resultatkonto i er kontoplan.",
        )
    for rec in t.okanda_konton.itertuples(index=False):
        cell = raw.address(int(row_numbers[int(rec.first)]), found["konto"])
        name = "Rader utan konto" if pd.isna(rec.konto) else f"Konto {rec.konto!s}"
        reader.add(
            FEL,
            raw,
            cell,
            "okant_konto",
            f"{name} går inte att placera i Kommun-Bas ({_tal(rec.belopp)} {unit} på {_rader(int(rec.rader))}). "
            "Ange i tabellen Kontoplan om kontot är Intäkter, Kostnader eller en finansiell post.",
        )
    _check_signs(reader, raw, table, found, settings)
    if "ar" in t.rapport and len(t.rapport):
        _check_periods(reader, raw, table, found, row_numbers, settings)


def _check_signs(reader: Source, raw: RawTable, table: LedgerTable, found: dict[str, int], settings: Settings) -> None:
    """The sums of revenue and cost accounts must have the sign the settings promise."""
    costs, revenue = table.tolkning.sums[kb.KOSTNADER], table.tolkning.sums[kb.INTAKTER]
    cell = raw.header_address(found["belopp"])
    unit = table.unit
    if costs and (costs > 0) != (settings.kostnader == "positiva"):
        right = "positiva" if costs > 0 else "negativa"
        reader.add(
            FEL,
            raw,
            cell,
            "fel_tecken_huvudbok",
            f"{raw.name}: kostnadskontona (klass 4–7) summerar till {_tal(costs)} {unit} och intäktskontona "
            f"(klass 3) till {_tal(revenue)} {unit}, men Inställningar säger Kostnader: {settings.kostnader}. "
            f"Exporten har kostnaderna som {right} belopp: ändra raden Kostnader i Inställningar till {right}.",
        )
    if revenue and (revenue < 0) != (settings.intakter == "negativa"):
        right = "negativa" if revenue < 0 else "positiva"
        reader.add(
            FEL,
            raw,
            cell,
            "fel_tecken_huvudbok",
            f"{raw.name}: intäktskontona (klass 3) summerar till {_tal(revenue)} {unit} och kostnadskontona "
            f"(klass 4–7) till {_tal(costs)} {unit}, men Inställningar säger Intäkter: {settings.intakter}. "
            f"Exporten har intäkterna som {right} belopp: ändra raden Intäkter i Inställningar till {right}.",
        )


def _check_periods(
    reader: Source,
    raw: RawTable,
    table: LedgerTable,
    found: dict[str, int],
    row_numbers: np.ndarray,
    settings: Settings,
) -> None:
    r = table.tolkning.rapport
    pos = found.get("period", found.get("ar", 0))
    if table.name == "Utfall":
        late = r[
            (r["ar"] > settings.ar) | ((r["ar"] == settings.ar) & (r["manad"] > settings.period) & (r["belopp"] != 0))
        ]
        for (year, month), amount in late.groupby(["ar", "manad"])["belopp"].sum().items():
            reader.add(
                FEL,
                raw,
                raw.header_address(pos),
                "utfall_efter_period",
                f"Utfall för {year}-{month:02d} finns ({_tal(amount)} {table.unit}), men Period i Inställningar "
                f"är {settings.period} ({settings.ar}). Höj Period om månaden är stängd, annars ta "
                "bort raderna.",
            )
    else:
        for year in sorted(set(int(y) for y in r["ar"].unique()) - {settings.ar, -1}):
            reader.add(
                FEL,
                raw,
                raw.header_address(pos),
                "budget_annat_ar",
                f"Budget har rader för {year}, men År i Inställningar är {settings.ar}. Ta bara med budgeten "
                "för prognosåret.",
            )


# --- to the engine's frames --------------------------------------------------------------------
def utfall_frame(table: LedgerTable) -> pd.DataFrame:
    r = table.tolkning.rapport
    out = r[["omrade", "verksamhet", "typ", "ar", "manad"]].copy()
    out["verksamhet"] = out["verksamhet"].astype(object).where(out["verksamhet"] != "", None)
    out["ar"] = out["ar"].astype(int)
    out["manad"] = out["manad"].astype(int)
    out["belopp"] = r["belopp"].to_numpy() / table.divisor
    return out.reset_index(drop=True)


def budget_frame(table: LedgerTable, areas: list[str]) -> tuple[pd.DataFrame, bool]:
    """Budget per area (every Kodplan area, in its order) × Intäkter/Kostnader, with months
    when the budget ledger has periods."""
    r = table.tolkning.rapport
    periodised = bool(len(r)) and bool((r["manad"] >= 1).all())
    keys = r[["omrade", "verksamhet"]].drop_duplicates()
    finer: dict[str, list] = {}
    for area, act in keys.itertuples(index=False):
        finer.setdefault(area, []).append(act)
    totals = r.groupby(["omrade", "verksamhet", "typ"])["belopp"].sum()
    months = r.groupby(["omrade", "verksamhet", "typ", "manad"])["belopp"].sum() if periodised else None
    records = []
    for area in areas:
        for act in finer.get(area, [""]):
            for typ in kb.REPORT_TYPES:
                total = float(totals.get((area, act, typ), 0.0)) / table.divisor
                rec: dict[str, Any] = {"omrade": area, "verksamhet": act or None, "typ": typ, "budget": total}
                for m in range(1, 13):
                    rec[f"m{m}"] = (float(months.get((area, act, typ, m), 0.0)) / table.divisor) if periodised else None
                records.append(rec)
    frame = pd.DataFrame.from_records(
        records, columns=["omrade", "verksamhet", "typ", "budget", *[f"m{i}" for i in range(1, 13)]]
    )
    return frame, periodised


def kodplan_areas(kodplan: kb.CodePlan) -> list[str]:
    return list(dict.fromkeys(t[0] for t in kodplan.targets))


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
