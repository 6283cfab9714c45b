"""The forecast-deviation engine: from validated inputs to the report's numbers.

All arithmetic is at full precision; rounding happens only for display. The sheet
builders write Netto rows, totals and deviations as Excel formulas and use the helpers
here (``netto``, ``total``, ``derived``) for the values those formulas must produce.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from udfs.forecasting import auto as automatic
from udfs.forecasting import band_texts
from udfs.forecasting import candidates as cand
from udfs.forecasting import methods as fc
from udfs.forecasting.deviation import avvikelse, avvikelseprocent
from udfs.forecasting.evidence import Evidence, auto_reason, method_rows
from udfs.language.vocabulary import TYPER, VOLYM
from udfs.section.headings import last_year_known
from udfs.section.sections import Warning
from udfs.volume.calculation import volymprognos

UTFALL = "Utfall"  # the Metod shown at year end
NUMERIC = ("utfall_period", "budget_period", "utfall_period_fg", "utfall_helar_fg", "budget", "prognos", "foregaende")


@dataclass
class Line:
    omrade: str
    typ: str
    utfall_period: float
    budget_period: float
    utfall_period_fg: float | None  # None: last year's outcome for the period is not in the workbook
    utfall_helar_fg: float | None  # None: no outcome for last year at all
    budget: float
    prognos: float
    metod: str
    foregaende: float | None
    kommentar: str | None

    def derived(self) -> dict[str, Any]:
        return derived(self.values())

    def values(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in NUMERIC}


def derived(v: dict[str, Any]) -> dict[str, Any]:
    """The formula columns of one Avvikelse row, computed as the formulas do."""
    fg = v["foregaende"]
    return {
        "avvikelse_period": v["utfall_period"] - v["budget_period"],
        "forandring_fg": None if v["utfall_period_fg"] is None else v["utfall_period"] - v["utfall_period_fg"],
        "avvikelse": float(avvikelse(v["budget"], v["prognos"])),
        "avvikelse_procent": _pct(v["budget"], v["prognos"]),
        "prognosforandring": None if fg is None else v["prognos"] - fg,
    }


def _pct(budget: float, prognos: float) -> float | None:
    value = float(avvikelseprocent(budget, prognos))
    return None if math.isnan(value) else value


def _sum_fg(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


UNKNOWABLE = ("utfall_period_fg", "utfall_helar_fg")  # unknown (None) when the workbook lacks last year


def _sum_all(values: list[float | None]) -> float | None:
    """A sum that is unknown when any part is unknown (missing is not zero)."""
    return None if any(v is None for v in values) else float(sum(values))


def netto(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = {k: a[k] + b[k] for k in NUMERIC if k != "foregaende" and k not in UNKNOWABLE}
    out.update({k: _sum_all([a[k], b[k]]) for k in UNKNOWABLE})
    out["foregaende"] = _sum_fg([a["foregaende"], b["foregaende"]])
    return out


def total(lines: list[Line], typ: str) -> dict[str, Any]:
    chosen = [ln for ln in lines if ln.typ == typ]
    out = {k: float(sum(getattr(ln, k) for ln in chosen)) for k in NUMERIC if k != "foregaende" and k not in UNKNOWABLE}
    out.update({k: _sum_all([getattr(ln, k) for ln in chosen]) for k in UNKNOWABLE})
    out["foregaende"] = _sum_fg([ln.foregaende for ln in chosen])
    return out


@dataclass
class Report:
    namnd: str
    ar: int
    period: int
    enhet: str
    balansgrans: float
    areas: list[str]
    lines: list[Line]
    evidence: list[Evidence]
    warnings: list[Warning] = field(default_factory=list)
    # The rest of the economic section (udfs.section.assembly): udfs.section.sections.Section each.
    sections: list[Any] = field(default_factory=list)
    vasentlighet: float | None = None  # materiality threshold in ``enhet`` (setting Väsentlighetsgräns)
    summary: Any = None  # udfs.section.assembly.SummaryTexts: the committee's and each area's text
    volume_analysis: Any = None  # udfs.volume.calculation.VolumeAnalysis, when the workbook has a Volymer table
    auto: Any = None  # udfs.forecasting.auto.AutoForecast: backtest, choice and 80 % intervals (None at year end)

    def band(self, omrade: str, typ: str) -> Any:
        """The 80 % interval (udfs.forecasting.intervals.Band) of a row, an area's Netto or a Totalt row."""
        return None if self.auto is None else self.auto.bands.get((omrade, typ))

    own_words: Any = None  # udfs.section.own_words.OwnWords: the economist's texts and causes (issue 20)
    foregaende_omgang: str | None = None  # the previous round's name ("Mars"): "jämfört med prognosen i mars"
    text_names: dict[str, str] = field(default_factory=dict)  # area -> Budget's "Benämning i text"
    rapport: str | None = None  # Inställningar's "Rapport" ("Delårsrapport 1 2023")
    rapportdatum: Any = None  # Inställningar's "Rapportdatum" (a date), None when absent or unreadable

    def line(self, omrade: str, typ: str) -> Line:
        return next(ln for ln in self.lines if ln.omrade == omrade and ln.typ == typ)

    def area_netto(self, omrade: str) -> dict[str, Any]:
        return netto(self.line(omrade, TYPER[0]).values(), self.line(omrade, TYPER[1]).values())

    def totals(self) -> dict[str, dict[str, Any]]:
        inc, cost = total(self.lines, TYPER[0]), total(self.lines, TYPER[1])
        return {TYPER[0]: inc, TYPER[1]: cost, "Netto": netto(inc, cost)}


def _months(utfall: pd.DataFrame, keys: pd.MultiIndex, years: tuple[int, ...]) -> dict[int, np.ndarray]:
    """Per year, a (n_keys, 12) array of the monthly outcome; NaN where there is no row.
    One grouping for all the years (the sums are pandas' group sums, as a pivot table's)."""
    out = {year: np.full((len(keys), 12), np.nan) for year in years}
    part = utfall[utfall["ar"].isin(years)] if not utfall.empty else utfall
    if part.empty:
        return out
    position = {key: i for i, key in enumerate(keys)}
    sums = part.groupby(["ar", "omrade", "typ", "manad"], sort=False)["belopp"].sum()
    for (ar, omrade, typ, manad), value in sums.items():
        i, month = position.get((omrade, typ)), int(manad) - 1
        if i is not None and 0 <= month < 12:
            out[int(ar)][i, month] = value
    return out


def compute(inputs: Any) -> Report:
    """Compute every number of the report from validated ``Inputs``."""
    s = inputs.settings
    year, period = s.ar, s.period
    keys = pd.MultiIndex.from_tuples([(a, t) for a in inputs.areas for t in TYPER], names=["omrade", "typ"])
    budget_total, budget_months, budget_period = _budget_arrays(inputs, keys, period)

    utfall = inputs.utfall
    years = automatic.years_of(utfall, year) if period < 12 else ()
    monthly = _months(utfall, keys, tuple(sorted({year, year - 1, *years})))
    this_year, last_year = monthly[year], monthly[year - 1]
    so_far = np.nansum(this_year[:, :period], axis=1)
    so_far_last = np.nansum(last_year[:, :period], axis=1)
    full_last = np.nansum(last_year, axis=1)
    # Missing is not zero: last year's outcome for the period is known only when the workbook
    # has last year for every month of the period, its bokslut only with all twelve months or
    # one full-year row (udfs.section.headings.last_year_known; at Period 12 that is the period).
    months_known = np.any(~np.isnan(last_year), axis=0)
    known_period_fg, known_full_fg = last_year_known(np.flatnonzero(months_known) + 1, period)

    auto, candidates, volume_reasons = _candidates(
        inputs, keys, {y: monthly[y] for y in years}, (budget_total, budget_months, budget_period), so_far, period
    )

    # The Prognos table's rows by (area, type), as plain dicts (one lookup per line).
    prognos = {(r["omrade"], r["typ"]): r for r in inputs.prognos.to_dict("records")}
    lines: list[Line] = []
    evidence: list[Evidence] = []
    warnings: list[Warning] = []
    for i, (area, typ) in enumerate(keys):
        row = prognos.get((area, typ))
        manual = _num(row, "manuell")
        value, shown, chosen, reason = _choose(
            row, manual, i, area, typ, auto, candidates, volume_reasons, float(so_far[i]), year, period, warnings
        )
        lines.append(
            Line(
                omrade=area,
                typ=typ,
                utfall_period=float(so_far[i]),
                budget_period=float(budget_period[i]),
                utfall_period_fg=float(so_far_last[i]) if known_period_fg else None,
                utfall_helar_fg=float(full_last[i]) if known_full_fg else None,
                budget=float(budget_total[i]),
                prognos=float(value),
                metod=shown,
                foregaende=_num(row, "foregaende"),
                kommentar=_text(row, "kommentar"),
            )
        )
        if period >= 12:
            continue  # no method choice at year end: no Metodval rows
        evidence.extend(method_rows(auto, i, area, typ, year, period, chosen, reason))
        _more_evidence(
            evidence,
            warnings,
            row,
            manual,
            i,
            area,
            typ,
            auto,
            candidates,
            volume_reasons,
            chosen,
            reason,
            period,
            s.enhet,
        )
    return Report(
        s.namnd, year, period, s.enhet, s.balansgrans, list(inputs.areas), lines, evidence, warnings, auto=auto
    )


def _candidates(
    inputs: Any,
    keys: pd.MultiIndex,
    monthly: dict[int, np.ndarray],
    budgets: tuple[np.ndarray, np.ndarray, np.ndarray],
    so_far: np.ndarray,
    period: int,
) -> tuple[Any, dict[str, np.ndarray], dict[int, str]]:
    """The automatic choice before Period 12 (``auto``, None at year end) over the years of
    ``monthly``, each method's forecast per line, and Volym's with the lines it cannot forecast
    and why. ``budgets``: the year's total, the twelve months and the budget up to the period."""
    budget_total, budget_months, budget_period = budgets
    auto = None
    if period < 12:
        auto = automatic.run(
            monthly,
            list(keys),
            list(inputs.areas),
            period,
            budget_total,
            budget_months,
            inputs.settings.enhet,
            getattr(inputs, "statsbidrag", None),
            getattr(inputs, "bidragsintakter", None),
        )
    candidates = {} if auto is None else {name: auto.backtest.current()[m] for m, name in enumerate(cand.NAMES)}
    volume_reasons: dict[int, str] = {}
    if getattr(inputs, "volymer", None):
        candidates[VOLYM], volume_reasons = _volume_candidates(
            inputs, keys, budget_total, budget_period, so_far, period
        )
    return auto, candidates, volume_reasons


def _budget_arrays(inputs: Any, keys: pd.MultiIndex, period: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The budget per line: the year's total, the twelve months (NaN when not periodised), up to the period."""
    n = len(keys)
    budget = inputs.budget.groupby(["omrade", "typ"], sort=False)
    budget_total = budget["budget"].sum().reindex(keys, fill_value=0.0).to_numpy(dtype=float)
    month_cols = [f"m{i}" for i in range(1, 13)]
    if inputs.periodised:
        budget_months = budget[month_cols].sum(min_count=1).reindex(keys).to_numpy(dtype=float)
    else:
        budget_months = np.full((n, 12), np.nan)
    budget_period = fc.budget_till_period(budget_total, budget_months, np.full(n, period))
    return budget_total, budget_months, budget_period


def _volume_candidates(
    inputs: Any,
    keys: pd.MultiIndex,
    budget_total: np.ndarray,
    budget_period: np.ndarray,
    so_far: np.ndarray,
    period: int,
) -> tuple[np.ndarray, dict[int, str]]:
    """The Volym method per cost line, and why it cannot be computed where it cannot."""
    s = inputs.settings
    volume = np.full(len(keys), np.nan)
    volume_reasons: dict[int, str] = {}
    for i, (area, typ) in enumerate(keys):
        if typ != TYPER[1]:
            continue
        vf = volymprognos(inputs.volymer, area, budget_total[i], budget_period[i], so_far[i], period, s.enhet)
        if vf.prognos is None:
            volume_reasons[i] = vf.orsak
        else:
            volume[i] = vf.prognos
    return volume, volume_reasons


def _choose(
    row: dict | None,
    manual: float | None,
    i: int,
    area: str,
    typ: str,
    auto: Any,
    candidates: dict,
    volume_reasons: dict[int, str],
    so_far: float,
    year: int,
    period: int,
    warnings: list[Warning],
) -> tuple[float, str, str, str]:
    """One line's forecast: its value, the method shown, the method chosen and why."""
    method = row["metod"] if row is not None and isinstance(row.get("metod"), str) else None
    cell = row.get("cell", "") if row is not None else ""
    auto_method = fc.LINJAR if auto is None else auto.chosen(i)
    auto_text = auto_reason(auto, i, year, period)
    if manual is not None:
        value, shown, chosen, reason = manual, fc.MANUELL, fc.MANUELL, "Manuell prognos ifylld"
    elif period >= 12:
        # Year end (udfs.section.headings.is_year_end): the year's outcome, no forecast method.
        value, shown, chosen, reason = so_far, UTFALL, UTFALL, "Året är stängt"
    elif method in candidates:
        value = candidates[method][i]
        shown, chosen, reason = method, method, "Metod vald i tabellen Prognos"
        if math.isnan(value):
            why = volume_reasons.get(i, "data saknas") if method == VOLYM else auto.why_not(method, i)
            warnings.append(
                Warning(
                    cell,
                    f"{area} / {typ}: metoden {method} går inte att beräkna ({why}); Linjär används i stället.",
                    regel="metod_ej_beraknad",
                )
            )
            value, shown, chosen = candidates[fc.LINJAR][i], fc.LINJAR, fc.LINJAR
            reason = f"{method} gick inte att beräkna"
    else:
        value, shown, chosen, reason = candidates[auto_method][i], f"{auto_method} (auto)", auto_method, auto_text
    if math.isnan(value):
        value = 0.0
    return value, shown, chosen, reason


def _more_evidence(
    evidence: list[Evidence],
    warnings: list[Warning],
    row: dict | None,
    manual: float | None,
    i: int,
    area: str,
    typ: str,
    auto: Any,
    candidates: dict,
    volume_reasons: dict[int, str],
    chosen: str,
    reason: str,
    period: int,
    enhet: str,
) -> None:
    """The Metodval rows for Volym and a manual forecast, and the warning for a manual one far outside the band."""
    if VOLYM in candidates and typ == TYPER[1]:
        volume_value = _finite(candidates[VOLYM][i])
        note = (
            f"Kan inte beräknas: {volume_reasons[i]}"
            if volume_value is None and i in volume_reasons
            else f"Kan inte testas: volymer och styckkostnader för tidigare år per period {period} saknas"
        )
        evidence.append(
            Evidence(area, typ, VOLYM, volume_value, vald=chosen == VOLYM, skal=reason if chosen == VOLYM else note)
        )
    if manual is not None:
        cell = row.get("cell", "") if row is not None else ""
        evidence.append(Evidence(area, typ, fc.MANUELL, manual, vald=True, skal=reason))
        band = auto.bands.get((area, typ)) if auto is not None else None
        if band_texts.far_outside(manual, band):
            warnings.append(
                Warning(
                    cell, band_texts.outside_warning(area, typ, manual, band, enhet), regel="manuell_utanfor_intervall"
                )
            )


def _finite(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _num(row: dict[str, Any] | None, key: str) -> float | None:
    if row is None or key not in row:
        return None
    value = row[key]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _text(row: dict[str, Any] | None, key: str) -> str | None:
    if row is None or key not in row:
        return None
    value = row[key]
    return value if isinstance(value, str) and value else None
