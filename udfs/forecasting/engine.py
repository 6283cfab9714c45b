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

from udfs.forecasting import methods as fc
from udfs.forecasting.deviation import avvikelse, avvikelseprocent
from udfs.section.sections import Warning
from udfs.language.vocabulary import TYPER
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
class Evidence:
    """One row of Metodval: how a method would have forecast last year."""

    omrade: str
    typ: str
    metod: str
    prognos: float | None  # this year's forecast with the method
    test_prognos: float | None  # last year's forecast at the same month
    faktiskt: float | None  # last year's actual full year
    fel: float | None
    fel_procent: float | None
    vald: bool
    skal: str


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
    n = len(keys)

    budget = inputs.budget.groupby(["omrade", "typ"], sort=False)
    budget_total = budget["budget"].sum().reindex(keys, fill_value=0.0).to_numpy(dtype=float)
    month_cols = [f"m{i}" for i in range(1, 13)]
    if inputs.periodised:
        budget_months = budget[month_cols].sum(min_count=1).reindex(keys).to_numpy(dtype=float)
    else:
        budget_months = np.full((n, 12), np.nan)
    budget_period = fc.budget_till_period(budget_total, budget_months, np.full(n, period))

    utfall = inputs.utfall
    monthly = _months(utfall, keys, (year, year - 1, year - 2))
    this_year, last_year, two_years = monthly[year], monthly[year - 1], monthly[year - 2]
    so_far = np.nansum(this_year[:, :period], axis=1)
    so_far_last = np.nansum(last_year[:, :period], axis=1)
    full_last = np.nansum(last_year, axis=1)
    has_last = ~np.all(np.isnan(last_year), axis=1)
    has_two = ~np.all(np.isnan(two_years), axis=1)
    # Missing is not zero: last year's outcome for the period is known only when the workbook
    # has last year for every month of the period; the full year only when it has last year.
    months_known = np.any(~np.isnan(last_year), axis=0)
    known_period_fg = bool(np.all(months_known[:period]))
    known_full_fg = bool(np.any(months_known))

    periods = np.full(n, period)
    candidates = {
        fc.LINJAR: fc.linjar(so_far, periods),
        fc.SASONG: fc.sasong(so_far, fc.sasongsandel(np.nan_to_num(last_year), periods)),
        fc.BUDGETPROFIL: fc.budgetprofil(so_far, budget_total - budget_period),
    }
    candidates[fc.SASONG] = np.where(has_last, candidates[fc.SASONG], np.nan)
    volume_reasons: dict[int, str] = {}
    if getattr(inputs, "volymer", None):
        volume = np.full(n, np.nan)
        for i, (area, typ) in enumerate(keys):
            if typ != TYPER[1]:
                continue
            vf = volymprognos(inputs.volymer, area, budget_total[i], budget_period[i], so_far[i], period, s.enhet)
            if vf.prognos is None:
                volume_reasons[i] = vf.orsak
            else:
                volume[i] = vf.prognos
        candidates[fc.VOLYM] = volume
    backtest = {
        fc.LINJAR: np.where(has_last, fc.linjar(so_far_last, periods), np.nan),
        fc.SASONG: np.where(has_last & has_two, fc.sasong(so_far_last, fc.sasongsandel(np.nan_to_num(two_years), periods)), np.nan),
    }
    errors = {m: np.abs(backtest[m] - full_last) for m in backtest}

    # The Prognos table's rows by (area, type), as plain dicts (one lookup per line).
    prognos = {(r["omrade"], r["typ"]): r for r in inputs.prognos.to_dict("records")}
    lines: list[Line] = []
    evidence: list[Evidence] = []
    warnings: list[Warning] = []
    for i, (area, typ) in enumerate(keys):
        row = prognos.get((area, typ))
        manual = _num(row, "manuell")
        method = row["metod"] if row is not None and isinstance(row.get("metod"), str) else None
        cell = row.get("cell", "") if row is not None else ""
        # Auto choice: the method with the smallest backtest error last year.
        usable = {m: errors[m][i] for m in errors if not math.isnan(errors[m][i]) and not math.isnan(candidates[m][i])}
        auto = min(usable, key=lambda m: (usable[m], list(errors).index(m))) if usable else fc.LINJAR
        if usable:
            auto_reason = f"Minst fel vid test på {year - 1} per månad {period}"
        else:
            auto_reason = f"Ingen historik för {year - 1} att testa mot: Linjär används"
        if manual is not None:
            value, shown, chosen, reason = manual, fc.MANUELL, fc.MANUELL, "Manuell prognos ifylld"
        elif period >= 12:
            # Year end (udfs.section.headings.ar_slut): the year's outcome, no forecast method.
            value, shown, chosen, reason = float(so_far[i]), UTFALL, UTFALL, "Året är stängt"
        elif method in candidates:
            value = candidates[method][i]
            shown, chosen, reason = method, method, "Metod vald i tabellen Prognos"
            if math.isnan(value):
                why = volume_reasons.get(i, "data saknas") if method == fc.VOLYM else "föregående års profil saknas eller är noll"
                warnings.append(Warning(cell, f"{area} / {typ}: metoden {method} går inte att beräkna "
                                              f"({why}); Linjär används i stället.", regel="metod_ej_beraknad"))
                value, shown, chosen, reason = candidates[fc.LINJAR][i], fc.LINJAR, fc.LINJAR, f"{method} gick inte att beräkna"
        else:
            value, shown, chosen, reason = candidates[auto][i], f"{auto} (auto)", auto, auto_reason
        if math.isnan(value):
            value = 0.0
        lines.append(Line(
            omrade=area, typ=typ,
            utfall_period=float(so_far[i]), budget_period=float(budget_period[i]),
            utfall_period_fg=float(so_far_last[i]) if known_period_fg else None,
            utfall_helar_fg=float(full_last[i]) if known_full_fg else None,
            budget=float(budget_total[i]), prognos=float(value), metod=shown,
            foregaende=_num(row, "foregaende"), kommentar=_text(row, "kommentar"),
        ))
        if period >= 12:
            continue  # no method choice at year end: no Metodval rows
        methods = [fc.LINJAR, fc.SASONG, fc.BUDGETPROFIL]
        if fc.VOLYM in candidates and typ == TYPER[1]:
            methods.append(fc.VOLYM)
        if manual is not None:
            methods.append(fc.MANUELL)
        for m in methods:
            test = backtest.get(m, np.full(n, np.nan))[i]
            err = errors.get(m, np.full(n, np.nan))[i]
            forecast_m = manual if m == fc.MANUELL else _finite(candidates[m][i])
            if m == fc.BUDGETPROFIL:
                note = f"Kan inte testas: budget för {year - 1} finns inte i arbetsboken"
            elif m == fc.VOLYM:
                note = (f"Kan inte beräknas: {volume_reasons[i]}" if forecast_m is None and i in volume_reasons
                        else f"Kan inte testas: volymer och styckkostnader för {year - 1} per period {period} saknas")
            elif m == fc.MANUELL:
                note = ""
            elif math.isnan(err):
                note = f"Kan inte testas: utfall för {year - 1 if m == fc.LINJAR else year - 2} saknas"
            else:
                note = ""
            evidence.append(Evidence(
                omrade=area, typ=typ, metod=m, prognos=forecast_m, test_prognos=_finite(test),
                faktiskt=float(full_last[i]) if has_last[i] else None, fel=_finite(err),
                fel_procent=_finite(err / abs(full_last[i])) if full_last[i] and not math.isnan(err) else None,
                vald=(m == chosen), skal=reason if m == chosen else note,
            ))
    return Report(s.namnd, year, period, s.enhet, s.balansgrans, list(inputs.areas), lines, evidence, warnings)


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
