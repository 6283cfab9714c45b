"""The 1000× unit-error traps (../shared/DOMAIN.md, "Known traps"): an amount about 1000 or a
million times off what it is compared with (``thousand_exponent``), Utfall months against their
series and budgets against last year's outcome (``references``, which also gives each area's
references), manual and previous forecasts against those references (``forecast_magnitudes``).
Rule ``enhetsfel`` in the catalogue (``validation/rules.py``); the other traps are in
``validation/round/traps.py``.
"""

from __future__ import annotations

import math

from udfs.language.number_format import format_tal
from validation.contract import BUDGET, PROGNOS, UTFALL
from validation.findings import FEL, VARNING
from validation.raw_table import RawTable
from validation.round.traps import TrapContext, match_columns, normalize, number_of


def thousand_exponent(value: float | None, reference: float | None) -> int | None:
    """3 when value ≈ 1000 × reference, 6 for a million, −3/−6 the other way; else None."""
    if not value or not reference:
        return None
    exponent = math.log10(abs(value) / abs(reference))
    for k in (3, 6, -3, -6):
        if abs(exponent - k) <= 0.75:
            return k
    return None


def _thousand_text(k: int, enhet: str, neuter: bool = False) -> str:
    """ "ungefär 1 000 gånger för stor" — "stort"/"litet" after a neuter subject (utfallet)."""
    factor = "1 000" if abs(k) == 3 else "1 000 000"
    big, small = ("stort", "litet") if neuter else ("stor", "liten")
    if k > 0:
        hint = {"tkr": "kronor", "mnkr": "tkr" if k == 3 else "kronor"}.get(enhet, "en mindre enhet")
        return (
            f"ungefär {factor} gånger för {big}. Beloppen ska vara i {enhet} enligt Inställningar; "
            f"är värdet skrivet i {hint}? Dela med {factor}."
        )
    hint = {"kr": "tkr" if k == -3 else "mnkr", "tkr": "mnkr"}.get(enhet, "en större enhet")
    return (
        f"ungefär {factor} gånger för {small}. Beloppen ska vara i {enhet} enligt Inställningar; "
        f"är värdet skrivet i {hint}? Multiplicera med {factor}."
    )


References = dict[tuple[str, str], tuple[float | None, float | None, float | None]]


def references(tables: dict[str, RawTable], ctx: TrapContext) -> References:
    """Per (area, typ), normalised: (budget, outcome so far projected to a full year, last year's outcome);
    also flags outcome months and budgets about 1000× off (varning)."""
    budget_ref, budget_cells = _budgets(tables.get("Budget"))
    fy_prev: dict[tuple[str, str], float] = {}
    ytd: dict[tuple[str, str], float] = {}
    raw = tables.get("Utfall")
    if raw is not None:
        series = _outcome_series(raw, ctx, fy_prev, ytd)
        if series is not None:
            _flag_odd_months(raw, series, ctx)
    for key, value, sheet, cell in budget_cells:
        k = thousand_exponent(value, fy_prev.get(key))
        if k is not None:
            ctx.add(
                VARNING,
                sheet,
                cell,
                "enhetsfel",
                f"Budgeten {format_tal(value)} är jämfört med förra årets utfall ({format_tal(fy_prev[key])}) "
                f"{_thousand_text(k, ctx.enhet)}",
            )
    keys = set(budget_ref) | set(ytd) | set(fy_prev)
    return {
        key: (budget_ref.get(key), ytd[key] / ctx.period * 12 if ctx.period and key in ytd else None, fy_prev.get(key))
        for key in keys
    }


def _budgets(
    raw: RawTable | None,
) -> tuple[dict[tuple[str, str], float], list[tuple[tuple[str, str], float, str, str]]]:
    """The budget per (area, typ), and each budget cell: (key, value, sheet, cell)."""
    budget_ref: dict[tuple[str, str], float] = {}
    budget_cells: list[tuple[tuple[str, str], float, str, str]] = []
    if raw is not None:
        found, _ = match_columns(BUDGET, raw.headers)
        if {"omrade", "typ", "budget"} <= found.keys():
            for row_number, values in zip(raw.row_numbers, raw.rows):
                key = (normalize(values[found["omrade"]]), normalize(values[found["typ"]]))
                value = number_of(values[found["budget"]])
                if value is not None:
                    budget_ref[key] = budget_ref.get(key, 0.0) + value
                    budget_cells.append((key, value, raw.sheet, raw.address(row_number, found["budget"])))
    return budget_ref, budget_cells


def _outcome_series(
    raw: RawTable, ctx: TrapContext, fy_prev: dict[tuple[str, str], float], ytd: dict[tuple[str, str], float]
) -> dict[tuple, list[tuple[float, str]]] | None:
    """Utfall's months per (area, activity, typ, year) as (value, cell); adds last year's outcome
    (``fy_prev``) and this year's up to the period (``ytd``) per (area, typ). None without the
    Område and Typ columns."""
    found, months = match_columns(UTFALL, raw.headers)
    if not {"omrade", "typ"} <= found.keys():
        return None
    series: dict[tuple, list[tuple[float, str]]] = {}
    long_form = {"manad", "belopp"} <= found.keys()
    for row_number, values in zip(raw.row_numbers, raw.rows):
        area, typ = normalize(values[found["omrade"]]), normalize(values[found["typ"]])
        year = number_of(values[found["ar"]]) if "ar" in found else None
        activity = normalize(values[found["verksamhet"]]) if "verksamhet" in found else ""
        if long_form:
            items = [
                (
                    number_of(values[found["manad"]]),
                    number_of(values[found["belopp"]]),
                    raw.address(row_number, found["belopp"]),
                )
            ]
        elif months:
            items = [(m, number_of(values[pos]), raw.address(row_number, pos)) for pos, m in months.items()]
        else:
            continue
        for month, value, cell in items:
            if value is None or month is None:
                continue
            series.setdefault((area, activity, typ, year), []).append((value, cell))
            if year is not None and ctx.ar is not None:
                if year == ctx.ar - 1:
                    fy_prev[(area, typ)] = fy_prev.get((area, typ), 0.0) + value
                elif year == ctx.ar and (ctx.period is None or month <= ctx.period):
                    ytd[(area, typ)] = ytd.get((area, typ), 0.0) + value
    return series


def _flag_odd_months(raw: RawTable, series: dict[tuple, list[tuple[float, str]]], ctx: TrapContext) -> None:
    """An outcome month about 1000× its series' median (of three months or more)."""
    for values in series.values():
        sizes = sorted(abs(v) for v, _c in values if v)
        if len(sizes) < 3:
            continue
        median = sizes[len(sizes) // 2]
        for value, cell in values:
            k = thousand_exponent(value, median)
            if k is not None and k > 0:
                ctx.add(
                    VARNING,
                    raw.sheet,
                    cell,
                    "enhetsfel",
                    f"Utfallet {format_tal(value)} är {_thousand_text(k, ctx.enhet, neuter=True)} "
                    "(övriga månader ligger kring "
                    f"{format_tal(median)}).",
                )


def forecast_magnitudes(raw: RawTable | None, refs: References, ctx: TrapContext) -> None:
    """Manual (fel) and previous (varning) forecasts about 1000× off the budget or the outcome."""
    if raw is None:
        return
    found, _ = match_columns(PROGNOS, raw.headers)
    if not {"omrade", "typ"} <= found.keys():
        return
    for row_number, values in zip(raw.row_numbers, raw.rows):
        key = (normalize(values[found["omrade"]]), normalize(values[found["typ"]]))
        budget, projection, previous = refs.get(key, (None, None, None))
        for col, label, severity in (
            ("manuell", "Manuell prognos", FEL),
            ("foregaende", "Föregående prognos", VARNING),
        ):
            if col not in found:
                continue
            value = number_of(values[found[col]])
            for reference, what in (
                (budget, "budgeten"),
                (projection, "utfallet hittills uppräknat till helår"),
                (previous, "förra årets utfall"),
            ):
                if reference:
                    k = thousand_exponent(value, reference)
                    if k is not None:
                        ctx.add(
                            severity,
                            raw.sheet,
                            raw.address(row_number, found[col]),
                            "enhetsfel",
                            f"{label} {format_tal(value)} är jämfört med {what} ({format_tal(reference)}) "
                            f"{_thousand_text(k, ctx.enhet)}",
                        )
                    break
