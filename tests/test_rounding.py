"""Display rounding: half away from zero at every scale, symmetric in sign."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from udfs.language.rounding import MINUS, NBSP, avrunda, format_tal


def test_known_values():
    assert avrunda(-682.05, 1) == -682.1  # round() gives -682.0: wrong here
    assert round(-682.05, 1) == -682.0
    assert avrunda(2.5) == 3 and avrunda(-2.5) == -3 and avrunda(0.5) == 1
    assert avrunda(38.278, 1) == 38.3
    assert avrunda(1234.5, -1) == 1230 and avrunda(1235, -1) == 1240
    assert format_tal(-682_050 / 1000, 1) == f"{MINUS}682,1"
    assert format_tal(-682_050, 0) == f"{MINUS}682{NBSP}050"
    assert format_tal(38.278, 1, tecken=True) == "+38,3"


def test_arrays_in_arrays_out():
    out = avrunda(np.array([[0.05, -0.05], [1.25, -1.25]]), 1)
    assert out.tolist() == [[0.1, -0.1], [1.3, -1.3]]


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=4))
def test_half_away_from_zero_at_every_scale(n, decimals):
    """x = (n + 0.5) / 10**d is exactly half-way in decimal: it rounds away from zero."""
    text = f"{Decimal(n) + Decimal('0.5')}E-{decimals}"
    value = float(Decimal(text))
    expected = (Decimal(n) + (1 if n >= 0 else 0)).scaleb(-decimals)
    if repr(value) == repr(float(Decimal(text))) and Decimal(repr(value)) == Decimal(text):
        assert avrunda(value, decimals) == float(expected)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=-3, max_value=4))
def test_sign_symmetry(x, decimals):
    assert avrunda(-x, decimals) == -avrunda(x, decimals)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=3))
def test_result_within_half_unit(x, decimals):
    unit = 10.0**-decimals
    assert abs(avrunda(x, decimals) - x) <= unit / 2 + 1e-9 * max(1.0, abs(x))


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_integers_are_fixed_points(n):
    assert avrunda(n, 0) == n
