"""The Diagram's chart data: the forecast to December adds up to the full-year forecast, the
cumulative lines end where the forecast and the budget end, the bridge axis is scaled to the
effects, and the chart definitions read at a glance."""

from __future__ import annotations

import math

import numpy as np
from conftest import EXAMPLE

from addin.ribbon.forecast import uppdatera_prognos
from workbooks.books.sheet_spec import range_values
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.charts.chart_series import bridge_scale, clean, cumulative, line_floor, monthly_forecast


def test_forecast_months_add_up_to_the_full_year():
    this = np.array([-50.0, -55, -52, -58] + [np.nan] * 8)
    plan = np.array([-50.0] * 6 + [-30.0] + [-50.0] * 5)
    ahead = monthly_forecast(this, plan, 4, -640.0)
    assert math.isclose(np.nansum(this[:4]) + ahead[4:].sum(), -640.0)
    assert ahead[3] == this[3] and np.isnan(ahead[:3]).all()
    assert ahead[5] < ahead[6] < 0 and math.isclose(ahead[6] / ahead[5], 0.6)  # budget's July profile
    outcome, forecast, budget = cumulative(this, ahead, plan, 4)
    assert math.isclose(forecast[-1], -640.0) and math.isclose(budget[-1], plan.sum())
    assert outcome[3] == forecast[3] and np.isnan(outcome[4:]).all()


def test_forecast_at_period_12_is_no_line():
    assert np.isnan(monthly_forecast(np.ones(12), np.ones(12), 12, 12.0)).all()


def test_bridge_axis_is_scaled_to_the_effects():
    low, high = bridge_scale([327.9, 301.1, 300.3], [-26.8, -0.8])
    assert 250 <= low < 300.3 and 327.9 < high <= 360
    assert (high - low) < 100  # not 0–350: effects of 26,8 and 0,8 are visible bars


def test_no_negative_zero_and_unknown_stays_unknown():
    assert str(clean(-0.0)) == "0.0" and clean(float("nan")) is None
    assert line_floor([np.array([-40.0, -63.0])], 1.0) == 30.0
    assert line_floor([np.array([40.0, -63.0])], 1.0) is None


def test_diagram_definitions_on_the_example():
    result = uppdatera_prognos(XlsxBook(EXAMPLE), file=EXAMPLE.name)
    diagram = next(s for s in result.sheets if s.name == "Diagram")
    charts = {c.name: c for c in diagram.charts}
    deviation = charts["avvikelse_per_omrade"]
    assert deviation.data_labels and len(range_values(diagram, deviation.categories)) == len(result.report.areas)
    bridge = charts["volym_prisbrygga"]
    assert bridge.y_min is not None and bridge.y_min > 0 and [s.invisible for s in bridge.series][0]
    monthly = charts["manad_mot_budget"]
    assert any(s.dashed for s in monthly.series) and monthly.y_min is not None
    values = [v for line in diagram.values() for v in line if isinstance(v, float)]
    assert not any(v == 0 and math.copysign(1, v) < 0 for v in values), "−0,0 i diagramdata"
    assert diagram.print_areas and diagram.print_areas[0].startswith("A1:K")
