"""The PROGNOS.* functions' one definition (udfs/worksheet/functions.py): the engine's own
calculations, cells and ranges, Swedish numbers, Excel error values."""

from __future__ import annotations

import numpy as np
import pytest

from udfs.forecasting import deviation, methods
from udfs.forecasting.sentences import avvikelsetext
from udfs.language.rounding import avrunda
from udfs.worksheet.arguments import DIV0_ERROR, NA_ERROR, VALUE_ERROR, CallError, ExcelError
from udfs.worksheet.functions import FUNCTION_BY_NAME, FUNCTIONS

F = {name: spec.compute for name, spec in FUNCTION_BY_NAME.items()}


def test_the_documented_functions_exist_with_swedish_help():
    assert [f.name for f in FUNCTIONS] == [
        "AVVIKELSE",
        "AVVIKELSEPROCENT",
        "HELARSPROGNOS",
        "ARSPLATSER",
        "VOLYMKOSTNAD",
        "KVARSTAENDE",
        "SMATAL",
        "AVRUNDA",
        "AVVIKELSETEXT",
    ]
    for f in FUNCTIONS:
        assert f.description and all(a.help for a in f.arguments)
        assert f.name.isascii() and all(a.name.isidentifier() and a.name.isascii() for a in f.arguments)
    # the engine's own functions behind them
    assert FUNCTION_BY_NAME["AVVIKELSE"].engine is deviation.avvikelse
    assert FUNCTION_BY_NAME["HELARSPROGNOS"].engine is methods.helarsprognos
    assert FUNCTION_BY_NAME["AVRUNDA"].engine is avrunda
    assert FUNCTION_BY_NAME["AVVIKELSETEXT"].engine is avvikelsetext


def test_cells_give_scalars_ranges_give_ranges():
    assert F["AVVIKELSE"](-720329, -682050) == 38279
    assert F["AVVIKELSE"]([[-720329]], [[-682050]]) == 38279
    assert F["AVVIKELSE"]([[1], [2]], [[5], [7]]) == [[4], [5]]
    assert F["AVVIKELSE"]([[1, 2]], 0) == [[-1, -2]]
    assert F["AVVIKELSE"]([[1], [2]], [[10, 20]]) == [[9, 19], [8, 18]]
    budget = np.array([-720329.0, 1000.0, -50.0])
    prognos = np.array([-682050.0, 900.0, -55.0])
    column = F["AVVIKELSEPROCENT"](budget.reshape(-1, 1).tolist(), prognos.reshape(-1, 1).tolist())
    assert [r[0] for r in column] == pytest.approx(deviation.avvikelseprocent(budget, prognos).tolist())


def test_swedish_numbers_empty_cells_and_placeholders():
    assert F["AVVIKELSE"]("−720 329", "-682 050") == 38279
    assert F["AVVIKELSE"]("12 000-", None) == 12000  # trailing minus; empty cell is 0
    result = F["AVVIKELSE"]([["Anges vid årsbokslut"], ["-"], ["#N/A"]], 0)
    assert [r[0].code for r in result] == [NA_ERROR, NA_ERROR, NA_ERROR]


def test_element_errors_and_whole_call_errors():
    result = F["AVVIKELSEPROCENT"]([[0], ["abc"], [100]], 50)
    assert result[0][0] == ExcelError(DIV0_ERROR, "Budgeten är 0: avvikelsen i procent går inte att beräkna.")
    assert result[1][0].code == VALUE_ERROR and "inte ett tal" in result[1][0].message
    assert result[2][0] == -0.5
    assert F["AVVIKELSEPROCENT"](0, 5).code == DIV0_ERROR  # a single cell keeps Excel's own error type
    with pytest.raises(CallError, match="'abc' är inte ett tal"):
        F["AVVIKELSE"]("abc", 1)
    with pytest.raises(CallError, match="olika storlek"):
        F["AVVIKELSE"]([[1, 2, 3]], [[1, 2]])
    assert F["ARSPLATSER"](100, 0).code == DIV0_ERROR
    assert F["SMATAL"]([[0, 1, 3, 4, -1, 2.5]])[0][:4] == [0, 3, 3, 4]
    assert [e.code for e in F["SMATAL"]([[-1, 2.5]])[0]] == [VALUE_ERROR, VALUE_ERROR]


def test_helarsprognos_one_series_per_row():
    months = [[10, 20, 30, 40] + [None] * 8]
    assert F["HELARSPROGNOS"](months, "Linjär") == 300
    assert F["HELARSPROGNOS"](months, "linjar") == 300  # accent- and case-insensitive
    assert F["HELARSPROGNOS"](months, None) == 300  # Linjär by default
    last = [[10] * 12]
    assert F["HELARSPROGNOS"](months, "Säsong", last) == pytest.approx(100 / (40 / 120))
    assert F["HELARSPROGNOS"](months, "Budgetprofil", None, 360) == pytest.approx(100 + 360 * 8 / 12)
    assert F["HELARSPROGNOS"](months, "Manuell", None, None, 555) == 555
    two = F["HELARSPROGNOS"]([[1, 2], [3, 4]], [["Linjär"], ["Manuell"]], None, None, [[0], [99]])
    assert two == [[18], [99]]
    with pytest.raises(CallError, match="Säsong kräver"):
        F["HELARSPROGNOS"](months, "Säsong")
    with pytest.raises(CallError, match="rader"):
        F["HELARSPROGNOS"]([[1], [2], [3]], [["Linjär"], ["Linjär"]])


def test_grant_functions_follow_the_form_rules():
    assert F["KVARSTAENDE"](325000, 97924) == 227076  # Bostad först: repaid
    assert F["KVARSTAENDE"](615251, 624580) == 0  # costs above the grant: nothing repaid
    assert F["KVARSTAENDE"]([[325000], [615251]], [[97924], [624580]]) == [[227076], [0]]


def test_avrunda_half_away_from_zero_and_texts():
    assert F["AVRUNDA"](-682.05, 1) == -682.1
    assert F["AVRUNDA"]([[2.5, -2.5, 0.125]], [[0, 0, 2]]) == [[3, -3, 0.13]]
    assert F["AVRUNDA"](38279, -3) == 38000
    text = F["AVVIKELSETEXT"](-720329, -682050)
    assert text == avvikelsetext(-720329, -682050, "tkr")
    assert F["AVVIKELSETEXT"](-720329000, -682050000, "kr") == avvikelsetext(-720329000, -682050000, "kr")
    with pytest.raises(CallError, match="Okänd enhet"):
        F["AVVIKELSETEXT"](1, 2, "euro")


def test_avrunda_over_ranges_is_the_engines_avrunda():
    # The range path is vectorised; it must give the engine's results bit for bit,
    # ties (…,5 as typed) included.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.one_of(st.floats(-1e15, 1e15, allow_nan=False), st.integers(-(10**9), 10**9).map(lambda i: i / 200)),
            min_size=1,
            max_size=40,
        ),
        st.integers(-4, 6),
    )
    def check(values, decimals):
        got = F["AVRUNDA"]([[v] for v in values] + [[0.5]], decimals)
        assert [r[0] for r in got] == list(avrunda(np.array(values + [0.5]), decimals))

    check()


def test_raw_office_js_cell_values():
    error = {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}
    date = {"type": "FormattedNumber", "basicValue": 45000, "numberFormat": "yyyy-mm-dd"}
    result = F["AVVIKELSE"]([[error], [date], [""], [None]], 1)
    assert result[0][0].code == DIV0_ERROR and result[1:] == [[-44999], [1], [1]]
