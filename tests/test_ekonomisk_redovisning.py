"""The rest of the economic section (issue 11): investments, kostnadsslag, prognosförändring,
förklaringsposter, grant revenue, year-end mode and explanations — golden against the CSVs."""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest
from conftest import EXAMPLE, SHARED_DATA
from workbook_factory import AR, minimal_rows, monthly_outcome, setting, write_workbook

from addin.commands.uppdatera import run_uppdatera
from udfs.section.assembly import section
from udfs.section.explanations import Context, area_paragraph
from workbooks.report.paper import sections


def _csv(name: str) -> list[dict[str, str]]:
    with (SHARED_DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("ekonomi") / "ut.xlsx"
    res = run_uppdatera(EXAMPLE, out, show_progress=False)
    assert res.ok
    return res


def _sheet(result, name):
    return next(s for s in result.sheets if s.name == name)


def _row(values, label):
    return next(r for r in values if r and r[0] == label)


def test_sections_are_derived_sheets(result):
    """Every section's sheet is declared a derived sheet (never read as input) and written."""
    from validation.contract import DERIVED_SHEETS, REPORT_SHEETS

    names = {s.name for s in result.sheets}
    assert {s.sheet for s in result.report.sections} == set(REPORT_SHEETS) <= set(DERIVED_SHEETS)
    assert set(REPORT_SHEETS) <= names


def test_investments_golden(result):
    inv = section(result.report, "investeringar")
    total = next(r.values for r in inv.rows if r.kind == "summa")
    assert (total["budget"], total["prognos"], total["avvikelse"], total["utfall_period"]) == (-3000, -2000, 1000, -91)
    summary = _sheet(result, "Sammanfattning").values()
    # Bokslut 2022 −2,0 (the row Årliga projekt 2022, as the verksamhetsberättelse 2022 prints it), Utfall
    # jan–apr −0,1 (the paper prints −0,9), Budget, Prognos, Avvikelse
    assert _row(summary, "Nettoinvesteringar")[1:] == [-2.0, -0.1, -3.0, -2.0, 1.0]
    slips = [f for f in result.findings if f.regel == "tryckt_summa_avviker"]
    assert len(slips) == 1 and slips[0].blad == "Investeringar" and "−900" in slips[0].meddelande
    assert "−91" in slips[0].meddelande
    assert "Utfallet för januari–april 2023 är 0,1 miljoner kronor" in " ".join(inv.sentences)


def test_kostnadsslag_golden(result):
    printed = {(r["grupp"], r["kostnadsslag"]): r for r in _csv("botkyrka_sn_2023_kostnadsslag_tkr.csv")}
    ks = section(result.report, "kostnadsslag")
    rows = {r.values["kostnadsslag"]: r.values for r in ks.rows}
    assert rows["Summa intäkter"]["utfall"] == int(printed[("Intäkter", "Summa intäkter")]["utfall_jan_apr_2023"])
    assert rows["Summa kostnader"]["utfall"] == int(printed[("Kostnader", "Summa kostnader")]["utfall_jan_apr_2023"])
    assert rows["Finansiella poster"]["utfall"] == -13
    net = result.report.totals()["Netto"]
    assert rows["Netto"]["utfall"] == net["utfall_period"] == -223_073
    assert rows["Skillnad"]["utfall"] == 0
    # The committee's Intäkter (19 389) net the financial items; the section says so.
    assert result.report.totals()["Intäkter"]["utfall_period"] == 19_389
    assert any("finansiella posterna (−13 tkr) nettade mot intäkterna" in n for n in ks.notes)
    # 2022 on two bases: shown as a difference and reported, never hidden
    assert rows["Skillnad"]["utfall_fg"] == rows["Netto"]["utfall_fg"] - net["utfall_period_fg"] != 0
    bases = [f for f in result.findings if f.regel == "kostnadsslag_avviker"]
    assert len(bases) == 2 and any("−227" in f.meddelande and "−231" in f.meddelande for f in bases)
    # the amount's own change: personnel costs up 7,7 % (not the effect on the net, −7,7 %)
    assert rows["Personalkostnader"]["forandring_procent"] == pytest.approx((122_408 - 113_654) / 113_654)
    assert rows["Bidrag från staten med flera"]["forandring_procent"] == pytest.approx((9_567 - 10_301) / 10_301)
    # one financial row is its own sum (no "Summa finansiella poster" under "Finansiella poster")
    assert "Summa finansiella poster" not in rows
    # the reconciliation rows are the working sheet's, not the paper's
    assert [r.values["kostnadsslag"] for r in ks.rows if r.check] == ["Netto enligt Avvikelse", "Skillnad"]


def test_orsaker_sum_against_deviation(result):
    """The paper's explanation items (3.1.2, summa 38 179 tkr), now Orsaker (issue 20)."""
    at = section(result.report, "orsaker")
    items = {r["post"]: int(r["belopp"]) for r in _csv("botkyrka_sn_2023_atgarder_tkr.csv")}
    rows = {r.values.get("orsak") or r.values["omrade"]: r.values for r in at.rows}
    causes = [r.values["belopp"] for r in at.rows if r.values.get("orsak")]
    assert sorted(causes) == sorted(items.values())
    assert rows["Summa orsaker"]["belopp"] == sum(items.values()) == 38_179
    assert rows["Avvikelse mot budget"]["belopp"] == 38_278
    assert rows["Ej förklarat"]["belopp"] == 99
    assert "Orsakerna förklarar 38,2 av 38,3 miljoner kronor av överskottet mot budget." in at.sentences


def test_example_forecast_change_and_two_values(result):
    bridge = section(result.report, "prognosforandring")
    total = bridge.rows[-1].values
    # The operating statement's forecast (Flyktingmottagande −215; rows sum to −682 051) against March
    # (rows sum to −679 847; the paper prints −679 845): exact arithmetic on the rows
    assert total["forandring"] == total["prognos"] - total["foregaende"] == -682_051 + 679_847
    assert bridge.sentences[0] == "Prognosen har försämrats med 2,2 miljoner kronor jämfört med prognosen i mars."
    assert bridge.sentences[1].startswith("Störst förändring: Vuxna, psykisk funktionsnedsättning (försämring med 1,2")
    # the committee's text in Sammanfattning carries the same sentence
    texts = [str(r[0]) for r in _sheet(result, "Sammanfattning").values() if r and isinstance(r[0], str)]
    assert bridge.sentences[0] in texts
    two = [f for f in result.findings if f.regel == "prognos_tva_varden"]
    assert len(two) == 1 and "−218" in two[0].meddelande and "−215" in two[0].meddelande
    names = [f.meddelande for f in result.findings if f.regel == "okant_omrade"]
    assert any("'Ledning och administration' och 'Gemensam verksamhet' är samma verksamhetsområde" in m for m in names)


def test_grant_revenue_shape(result):
    gr = section(result.report, "bidrag")
    rows = {r.values["post"]: r.values for r in gr.rows}
    assert rows["Summa Statsbidrag"]["prognos"] == 4_100
    assert rows["Summa Migrationsverket"]["prognos"] == 14_900
    assert "4,1 miljoner kronor i statsbidrag och 14,9 miljoner kronor från Migrationsverket" in gr.sentences[0]
    assert any("Sjuka och funktionshindrade" in n for n in gr.notes)


def _forandring_workbook(tmp_path, names_as_printed: bool):
    """Budget and forecast per area from the forecast-change table (netto as Kostnader)."""
    printed = [r for r in _csv("botkyrka_sn_2023_prognosforandring_tkr.csv") if r["verksamhetsomrade"] != "Totalt"]
    drift = {
        "Ledning och administration": "Gemensam verksamhet",
        "Vuxna, med psykisk funktionsnedsättning": "Vuxna, psykisk funktionsnedsättning",
    }
    tables = minimal_rows()
    setting(tables, "Period", 4)
    budget, utfall, prognos = [], [], []
    for r in printed:
        area = drift.get(r["verksamhetsomrade"], r["verksamhetsomrade"])
        budget += [[area, "Intäkter", 0], [area, "Kostnader", int(r["prognos_mars_netto"])]]
        utfall += [[area, "Kostnader", 2023, m, int(r["prognos_delar1_netto"]) / 12] for m in range(1, 5)]
        name = r["verksamhetsomrade"] if names_as_printed else area
        prognos.append([name, "Kostnader", None, int(r["prognos_delar1_netto"]), int(r["prognos_mars_netto"]), None])
    tables["Budget"] = (tables["Budget"][0], budget)
    tables["Utfall"] = (tables["Utfall"][0], utfall)
    tables["Prognos"] = (tables["Prognos"][0], prognos)
    return write_workbook(tmp_path / "forandring.xlsx", tables)


def test_forecast_change_as_printed(tmp_path):
    trap = run_uppdatera(_forandring_workbook(tmp_path, True), tmp_path / "a.xlsx", show_progress=False)
    assert not trap.ok
    alias = [f for f in trap.findings if f.regel == "okant_omrade" and "Ledning och administration" in f.meddelande]
    assert alias and "samma verksamhetsområde under två namn" in alias[0].meddelande
    assert "'Gemensam verksamhet'" in alias[0].meddelande
    fixed = run_uppdatera(_forandring_workbook(tmp_path, False), tmp_path / "b.xlsx", show_progress=False)
    assert fixed.ok
    bridge = section(fixed.report, "prognosforandring")
    # Printed: −682 053 − (−679 845) = −2 208; the March rows sum to −679 847, so exact arithmetic
    # gives −2 206, within the printed table's cell-by-cell rounding (±1 per row) of −2 208.
    printed = int(
        next(r for r in _csv("botkyrka_sn_2023_prognosforandring_tkr.csv") if r["verksamhetsomrade"] == "Totalt")[
            "forandring_tryckt"
        ]
    )
    assert printed == -2_208
    assert bridge.rows[-1].values["forandring"] == -682_053 + 679_847 == -2_206
    assert abs(bridge.rows[-1].values["forandring"] - printed) <= len(bridge.rows) - 1
    # no Prognoshistorik and no Föregående omgång here: the round has no name
    assert bridge.sentences[0] == "Prognosen har försämrats med 2,2 miljoner kronor jämfört med föregående prognos."


def _year_end(tmp_path):
    tables = minimal_rows()
    setting(tables, "Period", 12)
    headers, rows = tables["Utfall"]
    for area in ("Individ- och familjeomsorg", "Vuxna", "Ledning och administration"):
        for typ in ("Intäkter", "Kostnader"):
            rows += [[area, typ, AR, m, monthly_outcome(area, typ, AR, m)] for m in range(4, 13)]
    # A clear overskott for the committee: lower costs than budget in December
    rows.append(["Vuxna", "Kostnader", AR, 12, 9_000])
    return write_workbook(tmp_path / "bokslut.xlsx", tables)


def test_year_end_wording_and_no_metodval(tmp_path):
    out = tmp_path / "ut.xlsx"
    res = run_uppdatera(_year_end(tmp_path), out, show_progress=False)
    assert res.ok
    assert "Metodval" not in openpyxl.load_workbook(out).sheetnames
    summary = _sheet(res, "Sammanfattning").values()
    texts = " ".join(str(r[0]) for r in summary if r and isinstance(r[0], str))
    assert "Nämnden redovisar ett överskott på" in texts
    assert "Prognosen för helåret" not in texts and "fg år" not in texts
    header = _row(summary, "mnkr")
    assert header[1:] == [f"Bokslut {AR - 1}", f"Bokslut {AR}", f"Budget {AR}", f"Avvikelse {AR}"]
    assert all(line.metod == "Utfall" for line in res.report.lines)
    assert not res.report.evidence


def test_explanations_comment_volume_and_threshold(result, example, tmp_path):
    text = result.report.summary.areas["Ekonomiskt bistånd"]
    # the unit's own words as a sentence of the paragraph, without the tool's "Verksamheten anger:"
    assert "8,5 procent av budgeten. Färre hushåll med försörjningsstöd än budgeterat" in text
    assert "Verksamheten anger" not in text
    # the volume and price effects: one sentence and a table for all areas, not one sentence per area
    assert "volymeffekten" not in text
    volumes = next(s for s in sections(result.report) if s.key == "volymer")
    assert "antalet (volymeffekten) ger 26,8 miljoner kronor lägre kostnader" in volumes.paragraphs[0]
    assert ["Ekonomiskt bistånd", pytest.approx(16.2, abs=0.05)] == volumes.tables[0].rows[4][:2]
    # "mnkr" in a unit's comment reads as the rest of the prose
    assert "14,7 miljoner kronor" in result.report.summary.areas["Flyktingmottagande"]
    # no percentage of a base too small to mean anything (7,4 on a net budget of 7,6)
    assert "procent" not in result.report.summary.areas["Flyktingmottagande"]
    assert "vilket motsvarar 2,4 procent av budgeten" in result.report.summary.areas["Barn och unga"]
    # One unit per text: never "tusen kronor" in a text in miljoner kronor
    assert all("tusen kronor" not in t for t in result.report.summary.areas.values())
    ctx = Context(2023, 4, "tkr", 0.005, 500)
    small = area_paragraph(
        ctx,
        "Litet område",
        {
            "budget": -10_000,
            "prognos": -10_300,
            "foregaende": None,
            "utfall_period": -3_000,
            "utfall_period_fg": -2_990,
        },
        [],
    )
    assert small.startswith("Verksamhetsområdet litet område prognostiserar ett resultat i samma storleksordning")
    assert "i samma storleksordning som samma period 2022" in small
    # The threshold is a setting: at 10 000 tkr Barn och unga's 6,5 mnkr is "i samma storleksordning"
    wb = openpyxl.load_workbook(example)
    ws = wb["Inställningar"]
    ws.append(["Väsentlighetsgräns", 10_000, "test"])
    table = next(iter(ws.tables.values()))
    table.ref = f"A1:C{ws.max_row}"
    wb.save(example)
    res = run_uppdatera(example, tmp_path / "v.xlsx", show_progress=False)
    # then nothing of its own to say: said once with the other areas in the same case
    shared = " ".join(res.report.summary.common)
    assert "Barn och unga" not in res.report.summary.areas
    assert re.search(
        r"[Vv]erksamhetsområdena [^.]*barn och unga[^.]* prognostiserar ett resultat i samma "
        r"storleksordning som budget\.",
        shared,
    ), shared


def test_absent_tables_leave_their_parts_out(tmp_path):
    res = run_uppdatera(
        write_workbook(tmp_path / "min.xlsx", minimal_rows()), tmp_path / "ut.xlsx", show_progress=False
    )
    assert res.ok and res.report.sections == []
    names = {s.name for s in res.sheets}
    assert not names & {
        "Investeringsredovisning",
        "Intäkter och kostnader",
        "Prognosförändring",
        "Förklaringsposter",
        "Bidrag och ersättningar",
    }
    assert not any(r and r[0] == "Nettoinvesteringar" for r in _sheet(res, "Sammanfattning").values())


def test_year_end_sections_recalculated_by_libreoffice(tmp_path):
    """A period-12 workbook with every new table: each formula LibreOffice computes equals the engine."""
    from conftest import recalc, same_value

    tables = minimal_rows()
    setting(tables, "Period", 12)
    headers, rows = tables["Utfall"]
    for area in ("Individ- och familjeomsorg", "Vuxna", "Ledning och administration"):
        for typ in ("Intäkter", "Kostnader"):
            rows += [[area, typ, AR, m, monthly_outcome(area, typ, AR, m)] for m in range(4, 13)]
    prognos = tables["Prognos"][1]
    prognos[1][4] = -119_000  # Föregående prognos, Individ- och familjeomsorg / Kostnader
    prognos[0][4] = 12_100
    tables["Investeringar"] = (
        ["Projekt", "Budget", "Utfall period", "Prognos", "Utfall fg år"],
        [["Lokaler", -2_000, -1_400, -1_400, -900], ["Inventarier", -500, -650, -650, None]],
    )
    tables["Kostnadsslag"] = (
        ["Grupp", "Kostnadsslag", "Utfall period", "Utfall period fg år", "Utfall helår fg år"],
        [
            ["Intäkter", "Avgifter", 19_000, 18_000, 18_000],
            ["Kostnader", "Personal", -150_000, -140_000, -140_000],
            ["Kostnader", "Köp av verksamhet", -52_000, None, None],
            ["Finansiella poster", "Räntor", -10, 0, 0],
        ],
    )
    tables["Atgarder"] = (["Post", "Belopp", "Kommentar"], [["Vakanser", 1_500, "Färre anställda"]])
    tables["Bidragsintakter"] = (
        ["Källa", "Post", "Verksamhetsområde", "Prognos", "Utfall period"],
        [["Statsbidrag", "Bidrag A", "Vuxna", 800, 800]],
    )
    path = write_workbook(tmp_path / "bokslut.xlsx", tables, sheet_names={"Atgarder": "Åtgärder"})
    out = tmp_path / "ut.xlsx"
    res = run_uppdatera(path, out, show_progress=False)
    assert res.ok, [f.meddelande for f in res.errors]
    # the Åtgärder sheet of the old shape (Post, Belopp) is read as Orsaker (issue 20)
    assert {s.key for s in res.report.sections} == {
        "investeringar",
        "kostnadsslag",
        "prognosforandring",
        "orsaker",
        "bidrag",
    }
    summary = _sheet(res, "Sammanfattning").values()
    # Bokslut 2022, Bokslut 2023, Budget 2023, Avvikelse 2023
    assert _row(summary, "Nettoinvesteringar")[1:] == [-0.9, -2.1, -2.5, 0.5]  # 450 tkr: half away from zero
    inv = section(res.report, "investeringar")
    assert any("Utfallet för 2023 är 2,1 miljoner kronor" in t for t in inv.sentences)
    change = section(res.report, "prognosforandring")
    assert change.sentences[0].startswith("Utfallet blev") or change.sentences[0].startswith("Utfallet är")
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    checked = 0
    for spec in res.sheets:
        for ref, value in spec.formula_values().items():
            got = office[spec.name][ref].value
            assert same_value(value, got), f"{spec.name}!{ref}: motorn {value!r}, LibreOffice {got!r}"
            checked += 1
    assert checked > 100


def test_grant_register_counts_in_grant_revenue(tmp_path):
    """A grant of the register for 2023-07-01–2024-06-30 is periodised by days into the year."""
    import datetime as dt

    tables = minimal_rows()
    tables["Statsbidrag"] = (
        ["Bidrag", "Myndighet", "Mottaget", "Period från", "Period till", "Verksamhetsområde"],
        [["Bostad först", "Socialstyrelsen", 1_200_000, dt.datetime(2023, 7, 1), dt.datetime(2024, 6, 30), "Vuxna"]],
    )
    tables["Bidragskostnader"] = (["Bidrag", "Belopp", "Kategori"], [["Bostad först", 100_000, "Lönekostnader"]])
    tables["Bidragsintakter"] = (
        ["Källa", "Post", "Verksamhetsområde", "Verksamhet", "Prognos"],
        [["Migrationsverket", "Ensamkommande", "Individ- och familjeomsorg", "IFO", 2_500]],
    )
    res = run_uppdatera(write_workbook(tmp_path / "b.xlsx", tables), tmp_path / "ut.xlsx", show_progress=False)
    gr = section(res.report, "bidrag")
    rows = {r.values["post"]: r.values for r in gr.rows}
    assert rows["Bostad först"]["prognos"] == pytest.approx(1_200_000 * 184 / 366 / 1000)
    assert rows["Bostad först"]["utfall"] == 0  # nothing of the grant period falls in January–March
    assert rows["Bostad först"]["omrade"] == "Vuxna"
    assert rows["Ensamkommande"]["prognos"] == 2_500
    assert "från Migrationsverket" in gr.sentences[0] and "i statsbidrag" in gr.sentences[0]


def test_rules_of_the_new_tables(tmp_path):
    tables = minimal_rows()
    tables["Kostnadsslag"] = (
        ["Grupp", "Kostnadsslag", "Utfall period"],
        [["Intäkter", "Avgifter", 100], ["Övrigt", "Något", -5], ["Intäkter", "Summa intäkter", 100]],
    )
    tables["Investeringar"] = (["Projekt", "Budget", "Utfall period", "Prognos"], [["Lokaler", 2_000, 10, 1_500]])
    res = run_uppdatera(write_workbook(tmp_path / "r.xlsx", tables), tmp_path / "ut.xlsx", show_progress=False)
    rules = {(f.blad, f.cell, f.regel, f.allvarlighet) for f in res.findings}
    assert ("Kostnadsslag", "A3", "okant_grupp", "fel") in rules
    assert ("Kostnadsslag", "B4", "summarad", "varning") in rules  # a typed sum that matches is left out
    assert ("Investeringar", "B2", "fel_tecken", "varning") in rules
    assert not res.ok and res.report is None  # an error in an optional table stops the refresh, like Volymer


def test_without_last_year_nothing_is_compared_with_zero(tmp_path):
    """No outcome for last year in the workbook: the committee's Netto last year is unknown, so
    kostnadsslag are not reconciled against it, no text compares with it, and LibreOffice's
    values equal the engine's (an unknown Avvikelse cell is not referenced as 0)."""
    from conftest import recalc, same_value

    tables = minimal_rows()
    headers, rows = tables["Utfall"]
    tables["Utfall"] = (headers, [r for r in rows if r[2] == AR])
    tables["Kostnadsslag"] = (
        ["Grupp", "Kostnadsslag", "Utfall period", "Utfall period fg år"],
        [["Intäkter", "Avgifter", 4_000, 3_900], ["Kostnader", "Personal", -50_000, -48_000]],
    )
    out = tmp_path / "ut.xlsx"
    res = run_uppdatera(write_workbook(tmp_path / "utan_fg.xlsx", tables), out, show_progress=False)
    assert res.ok
    ks = section(res.report, "kostnadsslag")
    drift = next(r.values for r in ks.rows if r.values["kostnadsslag"] == "Netto enligt Avvikelse")
    assert drift["utfall_fg"] is None and drift["utfall"] == res.report.totals()["Netto"]["utfall_period"]
    assert not [f for f in res.findings if f.regel == "kostnadsslag_avviker" and "2022" in f.meddelande]
    texts = " ".join([*res.report.summary.committee, *res.report.summary.areas.values()])
    assert "samma period" not in texts and "2022" not in texts
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    for spec in res.sheets:
        for ref, value in spec.formula_values().items():
            assert same_value(value, office[spec.name][ref].value), f"{spec.name}!{ref}"


def test_text_names_from_budget_and_the_defaults(tmp_path):
    """How the texts name an area: Budget's "Benämning i text" when given, "Nämnden" for the
    committee's own row, "verksamhetsområdet …" otherwise; a table label is never the subject."""
    from udfs.section.assembly import compute_report
    from udfs.section.explanations import text_name
    from validation.forecast_tables.inputs import read_inputs
    from workbooks.books.xlsx_book import XlsxBook

    assert (
        text_name("Nämnd") == "nämnden"
        and text_name("Vuxna, psykisk funktionsnedsättning") == "verksamhetsområdet vuxna, psykisk funktionsnedsättning"
    )
    assert (
        text_name("IFO Vuxna") == "verksamhetsområdet IFO Vuxna"
        and text_name("X", "Socialpsykiatrin") == "socialpsykiatrin"
    )
    tables = minimal_rows()
    headers, rows = tables["Budget"]
    first = rows[0][0]
    tables["Budget"] = (
        [*headers, "Benämning i text"],
        [[*r, "socialpsykiatrin" if r is rows[1] else None] for r in rows],
    )
    path = write_workbook(tmp_path / "namn.xlsx", tables)
    inputs, findings = read_inputs(XlsxBook(path), path.name)
    assert inputs is not None, [f.meddelande for f in findings]
    report = compute_report(inputs)
    assert report.text_names == {first: "socialpsykiatrin"}
    text = " ".join([*report.summary.committee, *report.summary.areas.values(), *report.summary.common])
    assert "ocialpsykiatrin" in text and f"{first} prognostiserar" not in text
