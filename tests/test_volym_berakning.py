"""Volume arithmetic: the volume/price split adds up exactly, the income-support example,
the Volym forecast method, and consistency with VOLYMKOSTNAD / ARSPLATSER."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st
from volym_hjalp import volym_tables, write

from addin.ribbon.forecast import uppdatera_prognos
from udfs.forecasting.deviation import arsplatser, volymkostnad
from udfs.volume.calculation import (
    FLOW,
    MANAD,
    STOCK,
    VolumeRow,
    analyse_row,
    exact,
    priseffekt,
    radkostnad,
    split_exact,
    volymeffekt,
    volymprognos,
)
from workbooks.books.xlsx_book import XlsxBook

volumes = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
unit_costs = st.decimals(
    min_value=Decimal("0.01"), max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=300, deadline=None)
@given(
    bv=volumes,
    bc=unit_costs,
    pv=volumes,
    pc=unit_costs,
    monthly=st.booleans(),
    money=st.sampled_from(["kr", "tkr", "mnkr"]),
)
def test_split_adds_up_exactly(bv, bc, pv, pc, monthly, money):
    row = VolumeRow(
        "Område",
        "Mått",
        "hushåll",
        STOCK,
        MANAD if monthly else "år",
        money,
        budget_volym=float(bv),
        prognos_volym=float(pv),
        budget_styck=float(bc),
        prognos_styck=float(pc),
    )
    line = analyse_row(row, "tkr", 4)
    volume, price, total = line.exact_split
    assert volume + price == total  # exact, not approximately
    # the split is the definition on the numbers as typed
    k = Fraction(12 if monthly else 1) * Fraction({"kr": 1, "tkr": 1000, "mnkr": 1_000_000}[money], 1000)
    assert total == -(Fraction(pv) * Fraction(pc) - Fraction(bv) * Fraction(bc)) * k
    assert volume == -(Fraction(pv) - Fraction(bv)) * Fraction(bc) * k
    assert price == -(Fraction(pc) - Fraction(bc)) * Fraction(pv) * k
    # the displayed floats agree with the exact values
    assert line.avvikelse == float(total) and line.volymeffekt == float(volume) and line.priseffekt == float(price)
    # in binary floating point only up to the rounding of the largest term
    scale = max(abs(line.volymeffekt), abs(line.priseffekt), abs(line.budget_kostnad), 1.0)
    assert math.isclose(line.volymeffekt + line.priseffekt, line.avvikelse, rel_tol=0, abs_tol=1e-12 * scale)
    assert math.isclose(line.prognos_kostnad - line.budget_kostnad, line.avvikelse, rel_tol=0, abs_tol=1e-12 * scale)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), min_size=4, max_size=4))
def test_split_exact_on_any_floats(values):
    bv, bc, pv, pc = values
    volume, price, total = split_exact(bv, bc, pv, pc, Fraction(-12, 1000))
    assert volume + price == total


def test_income_support_example():
    """843 households × 11 000 kr × 12 against 965 × 11 075 × 12 (Botkyrka, ekonomiskt bistånd)."""
    row = VolumeRow(
        "Ekonomiskt bistånd",
        "Hushåll per månad",
        "hushåll",
        STOCK,
        MANAD,
        "kr",
        budget_volym=965,
        utfall_volym=776,
        prognos_volym=843,
        budget_styck=11_075,
        utfall_styck=10_684,
        prognos_styck=11_000,
    )
    line = analyse_row(row, "tkr", 4)
    assert line.budget_kostnad == -128_248.5  # 965 × 11 075 × 12 kr = 128 248 500 kr
    assert line.prognos_kostnad == -111_276.0  # 843 × 11 000 × 12 kr
    assert line.avvikelse == 16_972.5  # fewer households: a surplus
    assert line.volymeffekt == 16_213.8  # (843 − 965) × 11 075 × 12 kr
    assert line.priseffekt == 758.7  # (11 000 − 11 075) × 843 × 12 kr
    assert line.exact_split[0] + line.exact_split[1] == line.exact_split[2] == Fraction(33_945, 2)
    assert line.utfall_kostnad == pytest.approx(-99_489.408)  # 776 × 10 684 × 12 kr, full-year rate
    # the same figures as the worksheet functions
    assert radkostnad(row, 843, 11_000, "tkr") == volymkostnad(843, 11_000, 12) / 1000
    assert volymeffekt(965, 11_075, 843, 12) == -16_213_800
    assert priseffekt(11_075, 11_000, 843, 12) == -758_700


def test_income_support_in_the_bundled_example():
    result = uppdatera_prognos(XlsxBook(EXAMPLE), file=EXAMPLE.name)
    assert result.ok
    sheet = next(s for s in result.sheets if s.name == "Volymanalys")
    header = [c.value for c in sheet.rows[3]]
    row = next(
        r
        for r in sheet.rows
        if r
        and r[0] is not None
        and r[0].value == "Ekonomiskt bistånd"
        and r[1].value.startswith("Genomsnittligt antal")
    )
    values = {h: c.value for h, c in zip(header, row)}
    assert (values["Budget volym"], values["Prognos volym"]) == (965, 843)
    assert (values["Budget styckkostnad"], values["Prognos styckkostnad"]) == (11_075, 11_000)
    assert values["Kostnad budget"] == -128_248.5
    assert values["Kostnad prognos"] == -111_276
    assert values["Volymeffekt"] == 16_213.8 and values["Priseffekt"] == 758.7 and values["Avvikelse"] == 16_972.5
    assert row[header.index("Kostnad budget")].formula == '=IF(COUNT(H21,K21)<2,"",-H21*K21*12/1000)'
    # per area: the volumes explain 16 972,5 of the 14 977 tkr cost deviation
    area = next(
        r
        for r in sheet.rows
        if r and r[0] is not None and r[0].value == "Ekonomiskt bistånd" and r[1] is not None and r[1].value == 14_977
    )
    assert area[2].value == 16_972.5
    assert area[6].value == pytest.approx(16_972.5 / 14_977)


def test_volym_method_hand_checked(tmp_path):
    """Vuxna, period 3, budget −60 000: −14 400 + 8 250 − 37 200 − 22 500 = −65 850."""
    result = uppdatera_prognos(XlsxBook(write(tmp_path, volym_tables("Volym"))))
    assert result.ok, [f.one_line() for f in result.errors]
    line = result.report.line("Vuxna", "Kostnader")
    assert line.metod == "Volym"
    assert line.utfall_period == pytest.approx(-14_400)
    assert line.prognos == pytest.approx(-65_850)
    vf = volymprognos(
        [
            VolumeRow(
                "Vuxna",
                "HVB",
                "årsplatser",
                STOCK,
                budget_volym=20,
                utfall_volym=22,
                prognos_volym=24,
                budget_styck=1500,
                utfall_styck=1500,
                prognos_styck=1550,
            )
        ],
        "Vuxna",
        -60_000,
        -15_000,
        -14_400,
        3,
        "tkr",
    )
    assert (vf.volym_hittills, vf.volym_helar, vf.ovrig_budget, vf.ovrig_aterstaende) == (
        -8_250,
        -37_200,
        -30_000,
        -22_500,
    )
    assert vf.prognos == -65_850
    sheet = next(s for s in result.sheets if s.name == "Volymanalys")
    used = next(r for r in sheet.rows if r and len(r) > 8 and r[8] is not None and r[8].value == "Ja")
    assert used[0].value == "Vuxna" and used[7].value == pytest.approx(-65_850)


def test_volym_method_without_outcome_uses_forecast_level():
    row = VolumeRow(
        "A", "Platser", "årsplatser", STOCK, budget_volym=10, prognos_volym=12, budget_styck=1000, prognos_styck=1000
    )
    vf = volymprognos([row], "A", -20_000, -5_000, -4_000, 3, "tkr")
    # so far: 12 × 1 000 × 3/12 = 3 000 of the volume cost; rest of the other budget: 10 000 × 9/12
    assert vf.volym_hittills == -3_000 and vf.prognos == -4_000 + 3_000 - 12_000 - 7_500


def test_care_days_consistent_with_arsplatser():
    """3 650 vårddygn à 5 000 kr cost the same as ARSPLATSER(3 650; 365) = 10 årsplatser à 365 × 5 000 kr."""
    days = VolumeRow(
        "A",
        "Vårddygn",
        "vårddygn",
        FLOW,
        kostnad_i="kr",
        budget_volym=3650,
        prognos_volym=3650,
        budget_styck=5000,
        prognos_styck=5000,
        utfall_volym=900,
        utfall_styck=5000,
    )
    places = VolumeRow(
        "A",
        "Platser",
        "årsplatser",
        STOCK,
        kostnad_i="kr",
        budget_volym=arsplatser(3650, 365),
        prognos_volym=arsplatser(3650, 365),
        budget_styck=5000 * 365,
        prognos_styck=5000 * 365,
    )
    assert radkostnad(days, 3650, 5000, "tkr") == radkostnad(places, 10, 5000 * 365, "tkr") == 18_250
    line = analyse_row(days, "tkr", 3)
    assert line.utfall_kostnad == pytest.approx(-900 * 5000 * 4 / 1000)  # a count so far, to a full-year rate


def test_exact_takes_the_number_as_typed():
    assert exact(0.1) == Fraction(1, 10)
    assert exact(None) is None and exact(float("nan")) is None
