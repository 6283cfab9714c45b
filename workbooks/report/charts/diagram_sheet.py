"""The Diagram sheet: the committee paper's charts with the data they show beside them (mnkr).

Backend-neutral ``SheetSpec``; the data columns are live formulas where they follow other sheets
(Avvikelse, Volymanalys), each carrying the engine's value; charts are ``ChartDef``s over cells
of the same sheet."""

from __future__ import annotations

from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from udfs.forecasting.band_texts import for_committee
from udfs.forecasting.engine import Report
from udfs.language.rounding import avrunda
from udfs.language.sheet_names import DIAGRAM, VOLYMANALYS
from udfs.language.vocabulary import ENHETER, MONTH_HEADERS
from udfs.volume.calculation import VolumeAnalysis
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, ChartDef, ChartSeries, SheetSpec
from workbooks.report.charts.chart_series import (
    bridge_scale,
    clean,
    cumulative,
    cumulative_band,
    line_floor,
    monthly_forecast,
)
from workbooks.report.forecast_sheets import AVVIKELSE, COL

GREEN = palette.GREEN
RED = palette.RED
BLUE = palette.DARK_BLUE
GREY = palette.GREY
ORANGE = palette.ORANGE

DATA_COL = 13  # M: the charts' data, beside them
L = get_column_letter


def _mnkr_divisor(enhet: str) -> float:
    return 1_000_000.0 / ENHETER[enhet]


def _put(spec: SheetSpec, r: int, c: int, cell: Cell) -> None:
    while len(spec.rows) < r:
        spec.rows.append([])
    line = spec.rows[r - 1]
    while len(line) < c:
        line.append(None)
    line[c - 1] = cell


def diagram_sheet(
    report: Report,
    inputs: Any,
    avvikelse: SheetSpec,
    analysis: VolumeAnalysis | None = None,
    volym_refs: dict[str, Any] | None = None,
) -> SheetSpec:
    """Charts for the committee paper, with the data they show beside them (mnkr).

    ``volym_refs`` are the Volymanalys cells ``volymanalys_sheet`` returned (with its column letters)."""
    div = _mnkr_divisor(report.enhet)
    spec = SheetSpec(DIAGRAM, tab_color=BLUE)
    spec.add(Cell(f"Diagram – {report.namnd}, prognos {report.ar} efter period {report.period}", bold=True, size=14))
    spec.add(
        Cell("Diagrammen bygger på tabellerna till höger (mnkr). Kopiera dem till rapporten med Ctrl+C.", italic=True)
    )
    data_col = DATA_COL

    last = _deviation_chart(spec, report, avvikelse, div)
    next_anchor = 3 + int(spec.charts[-1].height_cm / 0.53) + 2
    this, prev, budget = monthly_net(inputs, report)
    ahead = monthly_forecast(this, budget, report.period, report.totals()["Netto"]["prognos"])
    last = _monthly_chart(spec, report, div, last + 3, next_anchor, (this, ahead, prev, budget))
    next_anchor += 15
    spec.row_breaks.append(next_anchor - 1)  # two charts a page
    last = _cumulative_chart(spec, report, div, last + 3, next_anchor, (this, ahead, budget))
    next_anchor += 15

    if analysis is not None and volym_refs is not None and analysis.totals()["avvikelse"] is not None:
        _bridge_chart(spec, analysis, volym_refs, div, last + 3, next_anchor)
        next_anchor += 15
    spec.widths = {data_col: 34, data_col + 1: 13, data_col + 2: 13, data_col + 3: 13, data_col + 4: 13}
    # Printed: the charts (A:K) on A4 portrait, the data beside them stays on screen.
    spec.landscape = False
    spec.print_areas = [f"A1:K{next_anchor}"]
    return spec


def _deviation_chart(spec: SheetSpec, report: Report, avvikelse: SheetSpec, div: float) -> int:
    """1. deviation per area (netto), surplus and deficit in their own colours; returns the data's last row."""
    data_col = DATA_COL
    r0 = 3
    _put(spec, r0, data_col, Cell("Avvikelse per verksamhetsområde, netto (mnkr)", bold=True))
    for i, h in enumerate(("Verksamhetsområde", "Överskott", "Underskott")):
        _put(spec, r0 + 1, data_col + i, Cell(h, bold=True))
    dev_col = COL["avvikelse"]
    netto_rows = {
        row[0].value: i
        for i, row in enumerate(avvikelse.rows, start=1)
        if row and row[1] is not None and row[1].value == "Netto"
    }
    r = r0 + 2
    for area in report.areas:
        v = report.area_netto(area)
        dev = (v["prognos"] - v["budget"]) / div
        ref = f"{AVVIKELSE}!{dev_col}{netto_rows[area]}"
        _put(spec, r, data_col, Cell(area))
        # rounded to what the labels show, so a deviation under 0,05 mnkr is no bar and no "−0,0"
        _put(
            spec,
            r,
            data_col + 1,
            Cell(clean(avrunda(max(dev, 0.0), 1)), formula=f"=ROUND(MAX({ref},0)/{div:.0f},1)", fmt="mnkr_diagram"),
        )
        _put(
            spec,
            r,
            data_col + 2,
            Cell(clean(avrunda(min(dev, 0.0), 1)), formula=f"=ROUND(MIN({ref},0)/{div:.0f},1)", fmt="mnkr_diagram"),
        )
        r += 1
    first, last = r0 + 2, r - 1
    cats = f"{L(data_col)}{first}:{L(data_col)}{last}"
    spec.charts.append(
        ChartDef(
            "avvikelse_per_omrade",
            "barh",
            "Budgetavvikelse per verksamhetsområde",
            cats,
            [
                ChartSeries("Överskott", f"{L(data_col + 1)}{first}:{L(data_col + 1)}{last}", GREEN),
                ChartSeries("Underskott", f"{L(data_col + 2)}{first}:{L(data_col + 2)}{last}", RED),
            ],
            anchor="A3",
            y_title="mnkr",
            stacked=True,
            width_cm=17,
            height_cm=max(7.0, 3.0 + 0.7 * len(report.areas)),
            data_labels=True,
        )
    )
    return last


def _monthly_chart(
    spec: SheetSpec, report: Report, div: float, r0: int, next_anchor: int, series_of: tuple[np.ndarray, ...]
) -> int:
    """2. monthly net cost against the periodised budget; returns the data's last row."""
    data_col = DATA_COL
    year = report.ar
    _put(spec, r0, data_col, Cell("Nettokostnad per månad (mnkr)", bold=True))
    heads = ("Månad", f"Utfall {year}", f"Prognos {year}", f"Utfall {year - 1}", f"Budget {year}")
    for i, h in enumerate(heads):
        _put(spec, r0 + 1, data_col + i, Cell(h, bold=True))
    for m in range(12):
        rr = r0 + 2 + m
        _put(spec, rr, data_col, Cell(MONTH_HEADERS[m]))
        for j, series in enumerate(series_of, start=1):
            value = series[m]
            _put(spec, rr, data_col + j, Cell(clean(-value / div), fmt="mnkr"))
    first, last = r0 + 2, r0 + 13
    cats = f"{L(data_col)}{first}:{L(data_col)}{last}"
    colors = (BLUE, BLUE, GREY, ORANGE)
    spec.charts.append(
        ChartDef(
            "manad_mot_budget",
            "line",
            f"Nettokostnad per månad {year} mot periodiserad budget",
            cats,
            [
                ChartSeries(heads[j], f"{L(data_col + j)}{first}:{L(data_col + j)}{last}", colors[j - 1], dashed=j == 2)
                for j in range(1, 5)
            ],
            anchor=f"A{next_anchor}",
            y_title="mnkr",
            width_cm=17,
            height_cm=7,
            y_min=line_floor(list(series_of), div),
        )
    )
    return last


def _cumulative_chart(
    spec: SheetSpec,
    report: Report,
    div: float,
    r0: int,
    next_anchor: int,
    series_of: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> int:
    """2b. cumulative: outcome and forecast against the periodised budget; returns the data's last row."""
    data_col = DATA_COL
    year = report.ar
    this, ahead, budget = series_of
    _put(spec, r0, data_col, Cell("Ackumulerad nettokostnad (mnkr)", bold=True))
    heads = ("Månad", f"Utfall {year}", f"Prognos {year}", f"Budget {year}")
    columns = list(cumulative(this, ahead, budget, report.period))
    band = for_committee(report.band("Totalt", "Netto"), report.totals()["Netto"]["prognos"])
    if band is not None:  # the 80 % interval, in net cost: the low netto is the high cost
        heads += ("Intervall 80 %, lägre kostnad", "Intervall 80 %, högre kostnad")
        high_cost, low_cost = cumulative_band(this, budget, report.period, band.low, band.high)
        columns += [low_cost, high_cost]
    for i, h in enumerate(heads):
        _put(spec, r0 + 1, data_col + i, Cell(h, bold=True))
    for m, values in enumerate(zip(*columns)):
        rr = r0 + 2 + m
        _put(spec, rr, data_col, Cell(MONTH_HEADERS[m]))
        for j, value in enumerate(values, start=1):
            _put(spec, rr, data_col + j, Cell(clean(-value / div), fmt="mnkr"))
    first, last = r0 + 2, r0 + 13
    cats = f"{L(data_col)}{first}:{L(data_col)}{last}"
    styles = (BLUE, False), (BLUE, True), (ORANGE, False), (GREY, True), (GREY, True)
    spec.charts.append(
        ChartDef(
            "ackumulerat_mot_budget",
            "line",
            f"Ackumulerad nettokostnad {year}: utfall och prognos mot budget",
            cats,
            [
                ChartSeries(
                    heads[j],
                    f"{L(data_col + j)}{first}:{L(data_col + j)}{last}",
                    styles[j - 1][0],
                    dashed=styles[j - 1][1],
                )
                for j in range(1, len(heads))
            ],
            anchor=f"A{next_anchor}",
            y_title="mnkr",
            width_cm=17,
            height_cm=7,
        )
    )
    return last


def _bridge_chart(
    spec: SheetSpec, analysis: VolumeAnalysis, volym_refs: dict[str, Any], div: float, r0: int, next_anchor: int
) -> None:
    """3. the volume/price bridge (committee, volume-driven costs)."""
    data_col = DATA_COL
    _put(spec, r0, data_col, Cell("Volym- och prisbrygga, volymdrivna kostnader (mnkr)", bold=True))
    for i, h in enumerate(("Steg", "Bas", "Budget och prognos", "Högre kostnad", "Lägre kostnad")):
        _put(spec, r0 + 1, data_col + i, Cell(h, bold=True))
    steps, (low, high) = _bridge_steps(analysis, volym_refs, div, r0)
    for rr, label, base, base_f, tot, tot_f, up, up_f, down, down_f in steps:
        _put(spec, rr, data_col, Cell(label))
        for j, (value, formula) in enumerate(((base, base_f), (tot, tot_f), (up, up_f), (down, down_f)), start=1):
            _put(spec, rr, data_col + j, Cell(clean(value), formula=formula, fmt="mnkr_diagram"))
    spec.charts.append(_bridge_chart_def(r0 + 2, r0 + 5, next_anchor, low, high))


def _bridge_steps(
    analysis: VolumeAnalysis, volym_refs: dict[str, Any], div: float, r0: int
) -> tuple[list[tuple], tuple[float, float]]:
    """The bridge's four steps (row, label, then value and formula of the invisible base, the
    budget/forecast bar, the higher and the lower cost), from Volymanalys' cells; the axis' range."""
    data_col = DATA_COL
    vc = volym_refs["columns"]
    totals = analysis.totals()
    rows = [
        x
        for x, i in volym_refs["line_index"].items()
        if analysis.lines[i].exact_split is not None and analysis.lines[i].top_level
    ]
    budget_cells = ",".join(f"{VOLYMANALYS}!{vc['budget_kostnad']}{x}" for x in rows)
    prognos_cells = ",".join(f"{VOLYMANALYS}!{vc['prognos_kostnad']}{x}" for x in rows)
    tr = volym_refs["total_row"]
    veff, peff = f"{VOLYMANALYS}!D{tr}/{div:.0f}", f"{VOLYMANALYS}!E{tr}/{div:.0f}"  # signed, surplus +
    b = -totals["budget"] / div
    dv = -totals["volymeffekt"] / div
    dp = -totals["priseffekt"] / div
    p = -totals["prognos"] / div
    s0, s1, s2, s3 = (r0 + 2 + i for i in range(4))
    D = L(data_col + 2)
    after_volume = f"({D}{s0}-{veff})"
    steps = [
        (s0, "Budget", 0.0, None, b, f"=-SUM({budget_cells})/{div:.0f}", 0.0, None, 0.0, None),
        (
            s1,
            "Volymeffekt",
            min(b, b + dv),
            f"=MIN({D}{s0},{after_volume})",
            0.0,
            None,
            max(dv, 0.0),
            f"=MAX(-{veff},0)",
            max(-dv, 0.0),
            f"=MAX({veff},0)",
        ),
        (
            s2,
            "Priseffekt",
            min(b + dv, b + dv + dp),
            f"=MIN({after_volume},{after_volume}-{peff})",
            0.0,
            None,
            max(dp, 0.0),
            f"=MAX(-{peff},0)",
            max(-dp, 0.0),
            f"=MAX({peff},0)",
        ),
        (s3, "Prognos", 0.0, None, p, f"=-SUM({prognos_cells})/{div:.0f}", 0.0, None, 0.0, None),
    ]
    return steps, bridge_scale([b, b + dv, p], [dv, dp])


def _bridge_chart_def(s0: int, s3: int, next_anchor: int, low: float, high: float) -> ChartDef:
    """The bridge as stacked columns over the data rows ``s0``..``s3``: an invisible base under
    the bars, so each effect floats where the previous step ended."""
    B, C, D, E, F = (L(DATA_COL + i) for i in range(5))
    return ChartDef(
        "volym_prisbrygga",
        "bar",
        "Volym- och prisbrygga för volymdrivna kostnader",
        f"{B}{s0}:{B}{s3}",
        [
            ChartSeries("Bas", f"{C}{s0}:{C}{s3}", invisible=True),
            ChartSeries("Budget och prognos", f"{D}{s0}:{D}{s3}", BLUE),
            ChartSeries("Högre kostnad", f"{E}{s0}:{E}{s3}", RED, label_sign="+"),
            ChartSeries("Lägre kostnad", f"{F}{s0}:{F}{s3}", GREEN, label_sign="\u2212"),
        ],
        anchor=f"A{next_anchor}",
        y_title="mnkr",
        stacked=True,
        width_cm=17,
        height_cm=7,
        data_labels=True,
        y_min=low,
        y_max=high,
    )


def monthly_net(inputs: Any, report: Report) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly net outcome this year (NaN after the period), last year, and the periodised budget."""
    year, period = report.ar, report.period
    utfall = inputs.utfall

    def months(y: int) -> np.ndarray:
        part = utfall[utfall["ar"] == y]
        out = np.full(12, np.nan)
        if part.empty:
            return out
        sums = part.groupby("manad")["belopp"].sum()
        for m, v in sums.items():
            out[int(m) - 1] = float(v)
        return out

    this = months(year)
    this[period:] = np.nan
    prev = months(year - 1)
    budget = inputs.budget
    if inputs.periodised:
        plan = np.array([float(budget[f"m{i}"].sum()) for i in range(1, 13)])
    else:
        plan = np.full(12, float(budget["budget"].sum()) / 12)
    return this, prev, plan
