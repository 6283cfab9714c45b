"""Golden figures from the bundled example (Botkyrka socialnämnd, delår 1 2023).

Netto is derived from the Intäkter and Kostnader rows, as in the workbook, so the exact
arithmetic differs from the paper's printed figures by its cell-by-cell rounding; we
assert the exact values and that they are within ±2 tkr of the printed ones.
"""

from __future__ import annotations

import csv

import pytest
from conftest import EXAMPLE, SHARED_DATA

from addin.ribbon.forecast import uppdatera_prognos
from workbooks.books.xlsx_book import XlsxBook


@pytest.fixture(scope="module")
def result():
    return uppdatera_prognos(XlsxBook(EXAMPLE), file=EXAMPLE.name)


def printed(area: str, typ: str = "Netto") -> dict:
    with (SHARED_DATA / "botkyrka_sn_2023_delar1_drift_tkr.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["verksamhetsomrade"] == area and row["typ"] == typ:
                return {k: (int(v) if k not in ("verksamhetsomrade", "typ") else v) for k, v in row.items()}
    raise KeyError(area)


def test_example_is_valid_without_errors(result):
    assert result.ok, [f.one_line() for f in result.errors]
    assert result.report is not None


def test_total_netto_deviation(result):
    net = result.report.totals()["Netto"]
    deviation = net["prognos"] - net["budget"]
    assert deviation == 38_278
    assert abs(deviation - printed("Totalt")["avvikelse_tryckt"]) <= 2
    assert net["budget"] == -720_329
    assert net["prognos"] == -682_051


def test_total_change_against_last_year(result):
    net = result.report.totals()["Netto"]
    change = net["utfall_period"] - net["utfall_period_fg"]
    assert change == 8_287
    assert abs(change - 8_286) <= 2  # DOMAIN.md prints +8 286


@pytest.mark.parametrize(
    ("area", "expected"),
    [("Barn och unga", 6_537), ("Vuxna, psykisk funktionsnedsättning", -3_048), ("Ekonomiskt bistånd", 15_125)],
)
def test_area_deviations(result, area, expected):
    net = result.report.area_netto(area)
    deviation = net["prognos"] - net["budget"]
    assert deviation == expected
    assert abs(deviation - printed(area)["avvikelse_tryckt"]) <= 2


def test_summary_table_and_sentences(result):
    sheet = next(s for s in result.sheets if s.name == "Sammanfattning")
    values = sheet.values()
    netto_row = next(r for r in values if r and r[0] == "Netto")
    header = next(r for r in values if r and r[0] == "mnkr")
    assert header[1:] == ["Bokslut 2022", "Utfall jan–apr 2023", "Budget 2023", "Prognos helår 2023", "Avvikelse 2023"]
    # Bokslut 2022, Utfall jan–apr 2023, Budget, Prognos helår, Avvikelse (mnkr, one decimal)
    assert netto_row[1:] == [-634.7, -223.1, -720.3, -682.1, 38.3]
    texts = " ".join(str(r[0]) for r in values if r and isinstance(r[0], str))
    assert "Prognosen för helåret visar ett överskott på 38,3 miljoner kronor" in texts
    assert "positiv budgetavvikelse på 5,3 procent" in texts
    assert "lägre nettokostnad på totalt 8,3 miljoner kronor" in texts
    assert "januari\u2013april" in texts
    # each area by its text name: "Nämnden", "verksamhetsområdet …" (a table label is not a subject)
    assert (
        "Verksamhetsområdet barn och unga prognostiserar ett överskott på 6,5 miljoner kronor jämfört med budget"
        in texts
    )
    assert (
        "Verksamhetsområdet vuxna, psykisk funktionsnedsättning prognostiserar ett underskott på 3,0 miljoner kronor"
        in texts
    )
    assert "Underskott finns inom verksamhetsområdet vuxna, psykisk funktionsnedsättning." in texts
    assert (
        "Nämnden samt verksamhetsområdet övriga verksamheter prognostiserar en budget i balans." in texts
        or "Nämnden och verksamhetsområdet övriga verksamheter prognostiserar en budget i balans." in texts
    )
    assert "Nämnd prognostiserar" not in texts
    assert "fg år" not in texts


def test_avvikelse_percent_and_display(result):
    sheet = next(s for s in result.sheets if s.name == "Avvikelse")
    header = [c.value for c in sheet.rows[0]]
    total = next(r for r in sheet.rows if r[0].value == "Totalt" and r[1].value == "Netto")
    pct = total[header.index("Avvikelse %")].value
    assert pct == pytest.approx(38_278 / 720_329)
    assert f"{pct * 100:.1f}" == "5.3"
    assert header == [
        "Verksamhetsområde",
        "Typ",
        "Utfall jan–apr 2023",
        "Budget jan–apr 2023",
        "Avvikelse jan–apr 2023",
        "Utfall jan–apr 2022",
        "Förändring mot jan–apr 2022",
        "Bokslut 2022",
        "Budget 2023",
        "Prognos helår 2023",
        "Metod",
        "Avvikelse 2023",
        "Avvikelse %",
        "Föregående prognos",
        "Prognosförändring",
        "Kommentar",
        "Prognos låg",
        "Prognos hög",
    ]


def test_previous_forecast_change(result):
    """Prognosförändring = delår 1 − March per area (netto), as published."""
    with (SHARED_DATA / "botkyrka_sn_2023_prognosforandring_tkr.csv").open(encoding="utf-8") as handle:
        rows = {r["verksamhetsomrade"]: r for r in csv.DictReader(handle)}
    net = result.report.area_netto("Barn och unga")
    assert net["prognos"] - net["foregaende"] == int(rows["Barn och unga"]["forandring_tryckt"])
    total = result.report.totals()["Netto"]
    assert abs((total["prognos"] - total["foregaende"]) - int(rows["Totalt"]["forandring_tryckt"])) <= 5


def test_manual_forecast_wins_and_method_is_shown(result):
    line = result.report.line("Barn och unga", "Kostnader")
    assert line.prognos == -275_203
    assert line.metod == "Manuell"
