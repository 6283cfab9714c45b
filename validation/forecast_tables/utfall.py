"""The Utfall table as the engine reads it (``read_utfall``, the ``Engine.utfall`` of
``validation.forecast_tables.inputs``): a long table column by column, a 256 000-row export checked with a
handful of passes over its columns (types, distinct names, year and month ranges, duplicate
keys, signs); only the rows that may get a finding go through the row rules of
``validation.forecast_tables.utfall_rules.UtfallRules``. The same findings in the same order as
``utfall_records`` (which ``prognos validera`` uses, without pandas), the rows as the engine's
frame; a fraction of the time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from udfs.language.vocabulary import TYPER, canonical_typ, normalize
from validation import extremes
from validation.contract import UTFALL
from validation.forecast_tables.last_year import missing_last_year
from validation.forecast_tables.utfall_rules import UtfallRules, utfall_table, validated_utfall, wide_utfall_rows
from validation.models import Settings, clean_text
from validation.raw_table import RawTable
from validation.reader import Reader, area_lookup

UTFALL_COLUMNS = ["omrade", "verksamhet", "typ", "ar", "manad", "belopp"]
_NUMBER = {int, float}


@dataclass
class Items:
    """Utfall rows as columns (one entry per row, in row order)."""

    n: np.ndarray  # sheet row numbers (int64)
    omrade: np.ndarray  # text as typed, cleaned (object)
    verksamhet: np.ndarray  # cleaned text or None (object)
    typ: np.ndarray  # canonical Typ (object)
    ar: np.ndarray  # int64
    manad: np.ndarray  # int64
    belopp: np.ndarray  # float64 (0.0 where there is no amount)
    none: np.ndarray  # bool: no amount
    # omrade, verksamhet and typ as Distinct (values already cleaned), when the rows come from
    # clean_long_rows alone: the keys are then found without hashing the columns again.
    names: tuple | None = None

    def __len__(self) -> int:
        return len(self.n)

    @classmethod
    def from_tuples(cls, items: list[tuple]) -> "Items":
        """From (row number, omrade, verksamhet, typ, ar, manad, belopp or None) tuples."""
        n, omrade, verksamhet, typ, ar, manad, belopp = (list(c) for c in zip(*items)) if items else ([],) * 7
        return cls(
            np.array(n, dtype=np.int64),
            _objects(omrade),
            _objects(verksamhet),
            _objects(typ),
            np.array(ar, dtype=np.int64),
            np.array(manad, dtype=np.int64),
            np.array([0.0 if b is None else b for b in belopp], dtype=np.float64),
            np.array([b is None for b in belopp], dtype=bool),
        )

    def take(self, index: np.ndarray) -> "Items":
        names = None if self.names is None else tuple(d.take(index) for d in self.names)
        return Items(
            *(getattr(self, f)[index] for f in ("n", "omrade", "verksamhet", "typ", "ar", "manad", "belopp", "none")),
            names=names,
        )

    def merged(self, other: "Items") -> "Items":
        """Both sets of rows in row-number order."""
        if not len(other):
            return self
        if not len(self):
            return other
        joined = Items(
            *(
                np.concatenate([getattr(self, f), getattr(other, f)])
                for f in ("n", "omrade", "verksamhet", "typ", "ar", "manad", "belopp", "none")
            )
        )
        return joined.take(np.argsort(joined.n, kind="stable"))


def _objects(values) -> np.ndarray:
    return np.fromiter(values, dtype=object, count=len(values))


def _numbers(bad: np.ndarray, column: list) -> np.ndarray:
    """The column as floats; a cell that is not a plain number (int or float, not bool) is
    NaN and marked in ``bad``. One pass over the types when every cell is a number."""
    if set(map(type, column)) <= _NUMBER:
        return np.array(column, dtype=np.float64)
    bad |= np.fromiter((type(v) not in _NUMBER for v in column), dtype=bool, count=len(column))
    return np.fromiter((v if type(v) in _NUMBER else np.nan for v in column), dtype=np.float64, count=len(column))


class Distinct:
    """A column's distinct values and each row's index among them, found by hashing in C
    (``pandas.factorize``): a text column of a long table has a few hundred distinct values,
    so whatever is decided per value is decided a few hundred times, not once per row.

    Missing cells (None) are the last distinct value. A str never equals a value of another
    type, so texts are never grouped with numbers, dates or booleans."""

    def __init__(self, column):
        values = column if isinstance(column, np.ndarray) else _objects(column)
        codes, uniques = pd.factorize(values)
        missing = codes < 0
        self.values = list(uniques) + [None]
        if missing.any():
            codes[missing] = len(uniques)
            if int(missing.sum()) != sum(1 for v in values[missing] if v is None):  # NaN: each its own value
                at = np.flatnonzero(missing)
                codes[at] = np.arange(len(self.values), len(self.values) + len(at))
                self.values += [values[i] for i in at]
        self.codes = codes

    def spread(self, per_value: list) -> np.ndarray:
        """One result per distinct value (in ``values``' order) to one per row."""
        return _objects(per_value)[self.codes]

    def map(self, fn) -> np.ndarray:
        return self.spread([fn(v) for v in self.values])

    def flags(self, fn) -> np.ndarray:
        return np.array([bool(fn(v)) for v in self.values], dtype=bool)[self.codes]

    def with_values(self, values: list) -> "Distinct":
        """The same grouping of the rows with other values per group (equal values may then
        stand for several groups)."""
        other = object.__new__(Distinct)
        other.values, other.codes = values, self.codes
        return other

    def take(self, index: np.ndarray) -> "Distinct":
        other = object.__new__(Distinct)
        other.values, other.codes = self.values, self.codes[index]
        return other

    def key_codes(self) -> np.ndarray:
        """Each row's integer code, equal exactly when the rows' values are equal."""
        return pd.factorize(_objects(self.values))[0][self.codes]


def clean_long_rows(raw: RawTable, found: dict[str, int], limit: float = math.inf) -> tuple[Items, list[int]]:
    """Split long-form Utfall rows into clean rows and indices of rows that need the model.

    A row is clean when its cells are what ``UtfallRow`` accepts unchanged: text area and
    activity, a known Typ, whole-number År 1990–2100 and Månad 1–12, nothing or a finite
    number no larger than ``limit`` (``validation.extremes.bound``) as Belopp, and no
    uncalculated formula. The rest get the cell-by-cell conversion, which says what is wrong.
    """
    rows = raw.rows
    count = len(rows)
    if not count:
        return Items.from_tuples([]), []
    pa, pt, py, pm, pb = (found[k] for k in ("omrade", "typ", "ar", "manad", "belopp"))
    pv = found.get("verksamhet")
    a, t, y, m, b = ([v[p] for v in rows] for p in (pa, pt, py, pm, pb))
    act = [v[pv] for v in rows] if pv is not None else [None] * count
    bad = np.zeros(count, dtype=bool)
    if raw.formula_cells:
        formula_rows = {r for r, _ in raw.formula_cells}
        bad |= np.fromiter((r in formula_rows for r in raw.row_numbers), dtype=bool, count=count)
    # Texts: each distinct value is checked and cleaned once.
    area_names, activity_names, typ_names = Distinct(a), Distinct(act), Distinct(t)
    names = (
        area_names.with_values([clean_text(v) if type(v) is str else None for v in area_names.values]),
        activity_names.with_values([clean_text(v) if type(v) is str else None for v in activity_names.values]),
        typ_names.with_values([canonical_typ(v) if type(v) is str else None for v in typ_names.values]),
    )
    area, activity, typ = (d.spread(d.values) for d in names)
    bad |= area_names.flags(lambda v: type(v) is not str or not clean_text(v))
    bad |= activity_names.flags(lambda v: not (v is None or type(v) is str))
    bad |= typ_names.flags(lambda v: type(v) is not str or canonical_typ(v) not in TYPER)
    years, months = _numbers(bad, y), _numbers(bad, m)
    with np.errstate(invalid="ignore"):
        bad |= ~((years == np.floor(years)) & (years >= 1990) & (years <= 2100))
        bad |= ~((months == np.floor(months)) & (months >= 1) & (months <= 12))
    none = (
        np.fromiter((v is None for v in b), dtype=bool, count=count) if b.count(None) else np.zeros(count, dtype=bool)
    )
    not_number = np.zeros(count, dtype=bool)
    amounts = _numbers(not_number, b)
    bad |= not_number & ~none  # no amount is fine: the row is left out later
    amounts[none] = 0.0
    with np.errstate(invalid="ignore"):
        bad |= ~(np.abs(amounts) <= limit)  # also NaN and infinity
    keep = np.flatnonzero(~bad)
    clean = Items(
        np.asarray(raw.row_numbers, dtype=np.int64)[keep],
        area[keep],
        activity[keep],
        typ[keep],
        years[keep].astype(np.int64),
        months[keep].astype(np.int64),
        amounts[keep],
        none[keep],
        names=tuple(d.take(keep) for d in names),
    )
    return clean, np.flatnonzero(bad).tolist()


def flagged_rows(
    items: Items,
    keys: dict[str, np.ndarray],
    unknown: np.ndarray,
    year: int,
    period: int,
    costs_positive: bool,
    revenue_negative: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """(rows that may get a finding, rows accepted without one): unknown areas, amounts after
    the period, keys (integer codes of area, activity, Typ) that occur more than once with År
    and Månad, amounts with the unexpected sign."""
    ar, manad, belopp, typ = items.ar, items.manad, items.belopp, items.typ
    after = ~unknown & ~items.none & ((ar > year) | ((ar == year) & (manad > period) & (belopp != 0)))
    reach = ~unknown & ~items.none & ~after
    frame = pd.DataFrame({**keys, "ar": ar, "manad": manad})
    duplicate = np.zeros(len(items), dtype=bool)
    duplicate[reach] = frame[reach].duplicated(keep=False).to_numpy()
    negative = belopp < 0
    cost, revenue = typ == "Kostnader", typ == "Intäkter"
    sign = (ar == year) & ((cost & (negative == costs_positive)) | (revenue & (negative != revenue_negative)))
    flagged = unknown | after | (reach & (duplicate | sign))
    return flagged, reach & ~flagged


def area_keys(items: Items, lookup: dict[str, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Per row: the area as Budget spells it (None: not in Budget), whether it is unknown, the
    normalised activity (None as empty), and integer codes of the area, activity and Typ of
    the key a duplicate is recognised by (with År and Månad)."""
    names, acts, typs = items.names or (Distinct(items.omrade), Distinct(items.verksamhet), Distinct(items.typ))
    found = names.with_values([None if name is None else lookup.get(normalize(name)) for name in names.values])
    normalised = acts.with_values([normalize(name or "") for name in acts.values])
    keys = {"omrade": found.key_codes(), "verksamhet": normalised.key_codes(), "typ": typs.key_codes()}
    unknown = found.flags(lambda area: area is None)
    return found.spread(found.values), unknown, normalised.spread(normalised.values), keys


def frame(items: Items, accepted: np.ndarray, area: np.ndarray, negate: np.ndarray) -> pd.DataFrame:
    """The accepted rows as the Utfall frame, amounts in the engine's signs."""
    if not accepted.any():
        return pd.DataFrame.from_records([], columns=UTFALL_COLUMNS)
    belopp = np.where(negate, -items.belopp, items.belopp)[accepted]
    return pd.DataFrame(
        {
            "omrade": area[accepted].tolist(),
            "verksamhet": items.verksamhet[accepted].tolist(),
            "typ": items.typ[accepted].tolist(),
            "ar": items.ar[accepted],
            "manad": items.manad[accepted],
            "belopp": belopp,
        }
    )


def read_utfall(reader: Reader, settings: Settings, areas: list[str]) -> pd.DataFrame | None:
    """The Utfall table (not a ledger) as the engine's frame, amounts in the engine's signs;
    None when its columns are missing. Findings as ``input_checks.utfall_records`` gives them."""
    table = utfall_table(reader)
    if table is None:
        return None
    raw, found, months, wide = table
    if wide:
        as_rows = wide_utfall_rows(reader, raw, found, months)
        clean = Items.from_tuples([])
    else:
        # Clean rows (typed numbers, known Typ) are accepted as the model would accept them,
        # column by column; the rest go through the pydantic model, which gives the messages.
        clean, slow = clean_long_rows(raw, found, extremes.bound(reader.enhet))
        as_rows = reader.rows(raw, UTFALL, found, only=slow)
    valid = validated_utfall(reader, raw, found, as_rows)
    items = clean.merged(
        Items.from_tuples([(n, r.omrade, r.verksamhet, r.typ, r.ar, r.manad, r.belopp) for n, r in valid])
    )
    area, unknown, activity, keys = area_keys(items, area_lookup(areas))
    year = settings.ar
    flagged, accepted = flagged_rows(
        items, keys, unknown, year, settings.period, reader.costs_positive, reader.revenue_negative
    )
    rules = UtfallRules(reader, raw, found, months, wide, areas, settings)
    for i in np.flatnonzero(flagged).tolist():  # in row order, so the findings come in row order
        belopp = None if items.none[i] else float(items.belopp[i])
        if rules.row(
            int(items.n[i]),
            items.omrade[i],
            area[i],
            activity[i],
            items.typ[i],
            int(items.ar[i]),
            int(items.manad[i]),
            belopp,
        ):
            accepted[i] = True
    rules.finish()
    missing_last_year(
        reader, raw, found, year, settings.period, set(items.manad[accepted & (items.ar == year - 1)].tolist())
    )
    negate = ((items.typ == "Kostnader") & reader.costs_positive) | (
        (items.typ == "Intäkter") & reader.revenue_negative
    )
    return frame(items, accepted, area, negate)
