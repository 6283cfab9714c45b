"""The periods of a ledger-shaped Budget or Utfall: a Period column as ledgers export it
(202304, "2023-04", "apr 2023", a date), or År and Månad, read column-wise (each distinct value
parsed once) into year and month arrays, with a finding for what cannot be read. Used by
``validation.forecast_tables.ledger``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import numpy as np
import pandas as pd

from udfs.language import number_text
from udfs.language.vocabulary import month_of_header, normalize
from validation.findings import FEL
from validation.forecast_tables.kodplan import Source
from validation.forecast_tables.ledger_findings import MAX_CELL_MESSAGES
from validation.raw_table import RawTable

Column = Callable[[str], np.ndarray]  # a column's values by key, Totalt rows left out
Periods = tuple[np.ndarray | None, np.ndarray | None]


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


def read_periods(
    reader: Source, raw: RawTable, found: dict[str, int], column: Column, row_numbers: np.ndarray, required: bool
) -> Periods | None:
    """(year, month) arrays; (None, None) for a Budget without period (full-year amounts);
    None with an error when the period cannot be read."""
    year: np.ndarray | None = None
    month: np.ndarray | None = None
    bad: dict[object, int] = {}  # an unreadable value -> its column
    if "period" in found:
        period = _period_column(reader, raw, found, column, row_numbers, bad)
        if period is None:
            return None
        year, month = period
    if "ar" in found:
        years = _year_column(column("ar"), found["ar"], bad)
        year = years if year is None else np.where(year >= 0, year, years)
    if "manad" in found and ("period" not in found):
        month = _month_column(column("manad"), found["manad"], bad)
    if year is None or month is None:
        return _without_period(reader, raw, year, month, required)
    if not _all_read(reader, raw, found, column, row_numbers, year, month, bad):
        return None
    return year, month


def _distinct(values: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """The column's codes into its distinct values (-1 for empty), so each value is parsed once."""
    return pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)


def _period_column(
    reader: Source,
    raw: RawTable,
    found: dict[str, int],
    column: Column,
    row_numbers: np.ndarray,
    bad: dict[object, int],
) -> tuple[np.ndarray, np.ndarray] | None:
    """Year and month from the Period column (-1 where unknown); None with an error when it
    has months without a year and there is no År column."""
    codes, uniques = _distinct(column("period"))
    parsed = [parse_period(u) for u in uniques]
    y = np.array([(p[0] if p and p[0] is not None else -1) for p in parsed] + [-1], dtype=np.int64)
    m = np.array([(p[1] if p else -1) for p in parsed] + [-1], dtype=np.int64)
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
    return y[codes], m[codes]


def _year_column(values: np.ndarray, pos: int, bad: dict[object, int]) -> np.ndarray:
    """The År column as years (-1 where unreadable, noted in ``bad``)."""
    codes, uniques = _distinct(values)
    parsed_years = []
    for u in uniques:
        p = number_text.parse_number(u) if not isinstance(u, (int, float)) else number_text.parse_number(float(u))
        ok = p.value is not None and float(p.value).is_integer() and 1900 <= p.value <= 2100
        parsed_years.append(int(p.value) if ok else -1)
        if not ok:
            bad[u] = pos
    return np.array(parsed_years + [-1], dtype=np.int64)[codes]


def _month_column(values: np.ndarray, pos: int, bad: dict[object, int]) -> np.ndarray:
    """The Månad column as months (-1 where unreadable, noted in ``bad``)."""
    codes, uniques = _distinct(values)
    parsed_months = []
    for u in uniques:
        mo = _month_only(u)
        parsed_months.append(mo if mo is not None else -1)
        if mo is None:
            bad[u] = pos
    return np.array(parsed_months + [-1], dtype=np.int64)[codes]


def _without_period(
    reader: Source, raw: RawTable, year: np.ndarray | None, month: np.ndarray | None, required: bool
) -> Periods | None:
    """No Period column, or År without Månad (or the reverse): a full-year Budget, or an error."""
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


def _all_read(
    reader: Source,
    raw: RawTable,
    found: dict[str, int],
    column: Column,
    row_numbers: np.ndarray,
    year: np.ndarray,
    month: np.ndarray,
    bad: dict[object, int],
) -> bool:
    """Every row has a readable year and month; an error at the first cell of each unreadable
    value (at most MAX_CELL_MESSAGES), or at the first row without a period."""
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
    return not (bad or missing.any())


def _key_of(found: dict[str, int], pos: int) -> str:
    return next(k for k, p in found.items() if p == pos)
