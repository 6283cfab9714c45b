"""The Utfall table's rules as ``prognos validera`` applies them, without pandas: the table and
its form (``utfall_table``), a wide Utfall as long records (``wide_utfall_rows``), the rows
through the model (``validated_utfall``), the row rules in row order (``UtfallRules``, shared with
the engine's column-wise reader ``validation.forecast_tables.utfall``) and the valid rows as
records (``utfall_records``, with the fast path for clean long rows).
"""

from __future__ import annotations

from typing import Any

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import TYPER, canonical_typ, normalize, suggest
from validation import extremes
from validation.contract import UTFALL
from validation.findings import FEL, GROUP_AT, VARNING, Finding, cells_text
from validation.forecast_tables.last_year import missing_last_year
from validation.forecast_tables.signs import check_sign
from validation.models import Settings, UtfallRow, clean_text
from validation.raw_table import RawTable
from validation.reader import INVALID, Reader, area_lookup


def utfall_table(reader: Reader) -> tuple[RawTable, dict[str, int], dict[int, int], bool] | None:
    """The Utfall table with its columns and whether it is in wide form (a column per month);
    None when required columns are missing (the findings say which)."""
    raw = reader.require(UTFALL)
    cols = reader.columns(raw, UTFALL)
    if cols is None:
        return None
    found, months = cols
    return raw, found, months, bool(months) and not ({"manad", "belopp"} <= found.keys())


def wide_utfall_rows(
    reader: Reader, raw: RawTable, found: dict[str, int], months: dict[int, int]
) -> list[tuple[int, dict[str, Any]]]:
    """A wide Utfall's rows as one long record per month with an amount."""
    as_rows: list[tuple[int, dict[str, Any]]] = []
    for (row_number, record), values in zip(reader.rows(raw, UTFALL, found), raw.rows):
        for pos, month in months.items():
            value = reader.cell_value(raw, row_number, pos, values[pos], "belopp", f"Utfall {month:02d}")
            if value is None or value is INVALID:
                continue
            as_rows.append((row_number, {**record, "manad": month, "belopp": value}))
    return as_rows


def validated_utfall(
    reader: Reader, raw: RawTable, found: dict[str, int], as_rows: list[tuple[int, dict[str, Any]]]
) -> list[tuple[int, Any]]:
    """The rows that need the model, validated (an empty table is a warning)."""
    if not raw.rows:
        reader.add(
            VARNING,
            raw,
            raw.header_address(),
            "tom_tabell",
            "Tabellen Utfall har inga rader; prognosen bygger då bara på budget och manuella värden.",
        )
    return reader.validate(raw, UtfallRow, {**found, "manad": found.get("manad", 0)}, as_rows)


class UtfallRules:
    """The rules over Utfall's rows after the model, applied in row order: an area Budget lacks
    (an error once per name), an amount after the period (an error), a key seen before (a
    warning, long form), an amount with the unexpected sign (a warning). ``utfall_records``
    applies them to every row; the engine's column-wise reader (``validation.forecast_tables.utfall``) to
    the rows that may get a finding."""

    def __init__(
        self,
        reader: Reader,
        raw: RawTable,
        found: dict[str, int],
        months: dict[int, int],
        wide: bool,
        areas: list[str],
        settings: Settings,
    ):
        self.reader, self.raw, self.found, self.months, self.wide, self.areas = reader, raw, found, months, wide, areas
        self.year, self.period = settings.ar, settings.period
        self.reported_areas: set[str] = set()
        self.seen: dict[tuple, int] = {}
        self.duplicates: list[tuple[str, float, str]] = []  # (cell, amount, message) of each repeated key
        self.duplicate_findings: list[Finding] = []

    def row(
        self,
        row_number: int,
        omrade: str,
        area: str | None,
        activity: str,
        typ: str,
        ar: int,
        manad: int,
        belopp: float | None,
    ) -> bool:
        """Whether the row counts (``area``: as Budget spells it, None when Budget lacks it;
        ``activity``: normalised)."""
        reader, raw, found, year, period = self.reader, self.raw, self.found, self.year, self.period
        if area is None:
            if normalize(omrade) not in self.reported_areas:
                self.reported_areas.add(normalize(omrade))
                reader.add(
                    FEL,
                    raw,
                    raw.address(row_number, found["omrade"]),
                    "okant_omrade",
                    f"Verksamhetsområdet {omrade!r} finns inte i Budget.{suggest(omrade, self.areas)} "
                    "Använd samma namn som i Budget eller lägg till området där.",
                )
            return False
        if belopp is None:
            return False
        amount_pos = amount_column(found, self.months, manad, self.wide)
        if ar > year or (ar == year and manad > period and belopp != 0):
            reader.add(
                FEL,
                raw,
                raw.address(row_number, amount_pos),
                "utfall_efter_period",
                f"Utfall för {ar}-{manad:02d} finns, men Period i Inställningar är {period} ({year}). "
                "Höj Period om månaden är stängd, annars ta bort utfallet.",
            )
            return False
        key = (area, activity, typ, ar, manad)
        if key in self.seen and not self.wide:
            self.duplicate(
                raw.address(row_number, amount_pos),
                belopp,
                f"{area} / {typ} {ar}-{manad:02d} finns även på rad {self.seen[key]}; beloppen summeras.",
            )
        self.seen.setdefault(key, row_number)
        if ar == year and (
            (typ == "Kostnader" and (belopp < 0) == reader.costs_positive)
            or (typ == "Intäkter" and (belopp < 0) != reader.revenue_negative)
        ):
            check_sign(reader, raw, raw.address(row_number, amount_pos), typ, belopp, "Utfall", VARNING)
        return True

    def duplicate(self, cell: str, amount: float, message: str) -> None:
        """A repeated key: a warning at its cell, or, past ``GROUP_AT``, one warning for all of
        them (``finish``) and no object per row."""
        self.duplicates.append((cell, amount, message))
        if len(self.duplicates) <= GROUP_AT:
            self.reader.add(VARNING, self.raw, cell, "dubblett", message)
            self.duplicate_findings.append(self.reader.findings[-1])
        elif self.duplicate_findings:  # now too many: they become one finding when all are seen
            made = {id(f) for f in self.duplicate_findings}
            self.reader.findings[:] = [f for f in self.reader.findings if id(f) not in made]
            self.duplicate_findings = []

    def finish(self) -> None:
        """The one finding for many repeated keys: their count, amount and first cells."""
        if len(self.duplicates) <= GROUP_AT:
            return
        cells = [cell for cell, _amount, _message in self.duplicates]
        total = sum(amount for _cell, amount, _message in self.duplicates)
        self.reader.findings.append(
            Finding(
                allvarlighet=VARNING,
                blad=self.raw.sheet,
                cell=cells[0],
                regel="dubblett",
                fil=self.reader.file,
                celler=cells,
                meddelande=f"{format_tal(len(cells))} rader i Utfall har samma område, typ, år och månad som "
                "en rad ovanför "
                f"({cells_text(cells)}), sammanlagt {format_tal(total)} {self.reader.enhet}; beloppen summeras. "
                f"Den första: {self.duplicates[0][2]}",
            )
        )


def utfall_records(reader: Reader, settings: Settings, areas: list[str]) -> list[tuple] | None:
    """The Utfall table's valid rows as tuples (``UTFALL_COLUMNS``), amounts signed."""
    table = utfall_table(reader)
    if table is None:
        return None
    raw, found, months, wide = table
    if wide:
        as_rows = wide_utfall_rows(reader, raw, found, months)
        clean: list[tuple] = []
    else:
        # Clean rows (typed numbers, known Typ) are accepted as the model would accept
        # them, without a model object each; the rest go through the pydantic model,
        # which gives the messages. Same result, a fraction of the time on 70 000 rows.
        clean, slow = _clean_long_rows(raw, found, extremes.bound(reader.enhet))
        as_rows = reader.rows(raw, UTFALL, found, only=slow)
    valid = validated_utfall(reader, raw, found, as_rows)
    items = clean + [(n, r.omrade, r.verksamhet, r.typ, r.ar, r.manad, r.belopp) for n, r in valid]
    if clean and valid:
        items.sort(key=lambda item: item[0])
    lookup = area_lookup(areas)
    rules = UtfallRules(reader, raw, found, months, wide, areas, settings)
    records = []
    area_of: dict[str, str | None] = {}  # raw name -> budget area, looked up once per name
    act_of: dict[str | None, str] = {}
    for row_number, omrade, verksamhet, typ, ar, manad, belopp in items:
        area = area_of.get(omrade, "")
        if area == "":
            area = area_of[omrade] = lookup.get(normalize(omrade))
        activity = act_of.get(verksamhet)
        if activity is None:
            activity = act_of[verksamhet] = normalize(verksamhet or "")
        if rules.row(row_number, omrade, area, activity, typ, ar, manad, belopp):
            records.append((area, verksamhet, typ, ar, manad, reader.signed(typ, belopp)))
    rules.finish()
    missing_last_year(
        reader, raw, found, settings.ar, settings.period, {r[4] for r in records if r[3] == settings.ar - 1}
    )
    return records


def _clean_long_rows(raw: RawTable, found: dict[str, int], limit: float) -> tuple[list[tuple], list[int]]:
    """Split long-form Utfall rows into clean tuples and indices of rows that need the model.

    A row is clean when its cells are what ``UtfallRow`` accepts unchanged: text area and
    activity, a known Typ, whole-number År 1990–2100 and Månad 1–12, nothing or a finite
    number no larger than ``limit`` (``validation.extremes.bound``) as Belopp, and no
    uncalculated formula. (The engine reads a long Utfall column by column with the same
    rules: ``validation.forecast_tables.utfall.clean_long_rows``.)
    """
    pa, pt, py, pm, pb = (found[k] for k in ("omrade", "typ", "ar", "manad", "belopp"))
    pv = found.get("verksamhet")
    formula_rows = {r for r, _ in raw.formula_cells}
    texts: dict[str, str | None] = {}
    typer: dict[str, object] = {}
    clean: list[tuple] = []
    slow: list[int] = []
    number = (int, float)
    for i, (n, v) in enumerate(zip(raw.row_numbers, raw.rows)):
        a, t, y, m, b = v[pa], v[pt], v[py], v[pm], v[pb]
        act = None if pv is None else v[pv]
        if (
            n in formula_rows
            or type(a) is not str
            or type(t) is not str
            or type(y) not in number
            or type(m) not in number
            or not (b is None or type(b) in number)
            or not (act is None or type(act) is str)
        ):
            slow.append(i)
            continue
        if a not in texts:
            texts[a] = clean_text(a)
        if t not in typer:
            typer[t] = canonical_typ(t)
        if act is not None and act not in texts:
            texts[act] = clean_text(act)
        area, typ = texts[a], typer[t]
        if (
            not area
            or typ not in TYPER
            or y != int(y)
            or not 1990 <= y <= 2100
            or m != int(m)
            or not 1 <= m <= 12
            or not (b is None or abs(b) <= limit)
        ):  # not NaN, not infinite, not absurd
            slow.append(i)
            continue
        clean.append(
            (n, area, None if act is None else texts[act], typ, int(y), int(m), None if b is None else float(b))
        )
    return clean, slow


def amount_column(found: dict[str, int], months: dict[int, int], month: int, wide: bool) -> int:
    """The column of a row's amount: Belopp, or the month's column in wide form."""
    if not wide:
        return found["belopp"]
    for pos, m in months.items():
        if m == month:
            return pos
    return 0
