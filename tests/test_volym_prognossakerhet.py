"""Forecast accuracy (Prognoshistorik -> Prognossäkerhet) on a small hand-checked history."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE
from volym_hjalp import sheet_row
from workbook_factory import minimal_rows, setting, write_workbook

from addin.ribbon.forecast import uppdatera_prognos
from udfs.forecasting.accuracy import prognosfel
from workbooks.books.xlsx_book import XlsxBook

# Minimal committee, outcome 2022 (12 months in Utfall): Vuxna netto 6 150 − 61 500 = −55 350,
# Individ- och familjeomsorg netto 12 300 − 123 000 = −110 700.
HISTORY = (
    ["År", "Omgång", "Verksamhetsområde", "Typ", "Prognos", "Budget"],
    [
        [2022, "Delår 1", "Vuxna", "Netto", -54_000, -54_000],  # fel +1 350 = +2,5 % of budget
        [2022, "Delår 1", "Individ- och familjeomsorg", "Netto", -111_807, -108_000],  # fel −1 107 = −1,025 %
        [2022, "Delår 1", "Vuxna", "Kostnader", -61_000, None],  # fel +500, no budget: no %
        [2023, "Mars", "Vuxna", None, -50_000, None],  # the year is not over: no outcome yet
    ],
)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tables = minimal_rows()
    tables["Prognoshistorik"] = HISTORY
    path = write_workbook(tmp_path_factory.mktemp("hist") / "in.xlsx", tables)
    out = uppdatera_prognos(XlsxBook(path))
    assert out.ok, [f.one_line() for f in out.errors]
    return out


def _sheet(result):
    return next(s for s in result.sheets if s.name == "Prognossäkerhet")


def test_rows_hand_checked(result):
    sheet = _sheet(result)
    header = [c.value for c in sheet.rows[3]]
    assert header == [
        "År",
        "Omgång",
        "Verksamhetsområde",
        "Typ",
        "Prognos",
        "Utfall helår",
        "Budget",
        "Prognosfel",
        "Prognosfel % av budget",
    ]
    rows = [[c.value for c in r] for r in sheet.rows[4:]]
    assert rows[0] == [
        2022,
        "Delår 1",
        "Vuxna",
        "Netto",
        -54_000,
        pytest.approx(-55_350),
        -54_000,
        pytest.approx(1_350),
        pytest.approx(0.025),
    ]
    assert rows[1][5:] == [pytest.approx(-110_700), -108_000, pytest.approx(-1_107), pytest.approx(-0.01025)]
    # the committee: −165 807 against −166 050, budget −162 000: fel +243 = 0,15 %
    assert rows[2] == [
        2022,
        "Delår 1",
        "Totalt",
        "Netto",
        -165_807,
        pytest.approx(-166_050),
        -162_000,
        pytest.approx(243),
        pytest.approx(243 / 162_000),
    ]
    assert rows[3][2:] == ["Vuxna", "Kostnader", -61_000, pytest.approx(-61_500), None, pytest.approx(500), None]
    mars = next(r for r in rows if r[1] == "Mars" and r[2] == "Vuxna")
    assert mars[5] is None and mars[7] is None and mars[6] == -54_000  # budget from the Budget table


def test_committee_figure_and_sentence(result):
    sheet = _sheet(result)
    row = sheet_row(sheet, "Delår 1", col=1, width=7)
    assert [c.value for c in row][3:] == [pytest.approx(243), pytest.approx(243 / 162_000), 0.01, "Ja"]
    texts = [r[0].value for r in sheet.rows if len(r) == 1 and isinstance(r[0].value, str)]
    assert any(
        t.startswith("Prognosen vid delår 1 2022 avvek från årsutfallet med 0,2 miljoner kronor; utfallet blev sämre")
        and "0,2 procent av budget" in t
        and "nåddes." in t
        for t in texts
    ), texts
    assert any("vid mars 2023: årets utfall finns inte än" in t for t in texts)
    assert any(t.startswith("Prognosen för kostnader vid delår 1 2022 avvek") for t in texts)


def test_target_is_a_setting(tmp_path):
    tables = minimal_rows()
    tables["Prognoshistorik"] = HISTORY
    setting(tables, "Mål prognossäkerhet", "0,1 %")
    out = uppdatera_prognos(XlsxBook(write_workbook(tmp_path / "in.xlsx", tables)))
    row = sheet_row(_sheet(out), "Delår 1", col=1, width=7)
    assert row[5].value == pytest.approx(0.001) and row[6].value == "Nej"


def test_bundled_example_delar2_2022():
    """Botkyrka 2022: the delår 2 forecast was 38,5 mnkr below the outcome, 5,4 % of budget (target 1 %: Nej)."""
    out = uppdatera_prognos(XlsxBook(EXAMPLE))
    row = sheet_row(_sheet(out), "Delår 2", col=1, width=7)
    assert row[3].value == -38_474  # the paper prints 38 473 (its rows are rounded)
    assert row[4].value == pytest.approx(-38_474 / 713_259)
    assert row[6].value == "Nej"


def test_prognosfel_function():
    assert prognosfel(-54_000, -55_350) == 1_350
    assert prognosfel(-54_000, -55_350, -54_000) == pytest.approx(0.025)
