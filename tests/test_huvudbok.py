"""Ledger-shaped Budget and Utfall (issue 10): periods, signs, Kodplan, Kommun-Bas classes,
Totalt rows, titles above the header, and the messages that lead."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from huvudbok_hjalp import AR, PERIOD, errors, read, rules, tables, utfall_rows, with_titles, write

NBSP = "\u00a0"


def test_the_ledger_is_read_through_the_kodplan(tmp_path):
    inputs, findings = read(write(tmp_path / "h.xlsx", tables()))
    assert not errors(findings), findings
    assert inputs.areas == ["Barn och unga", "Vuxna", "Stab"]
    u = inputs.utfall
    april = u[(u["ar"] == AR) & (u["manad"] == 4)].groupby(["omrade", "typ"])["belopp"].sum()
    # 4110 (range 4100-4199) and 4150 both go to Barn och unga; 42* prefix; 5000 single code
    assert april[("Barn och unga", "Kostnader")] == -(100_400 + 20_400)
    assert april[("Barn och unga", "Intäkter")] == (10_004 + 2_004)
    assert april[("Vuxna", "Kostnader")] == -50_400
    assert april[("Stab", "Intäkter")] == 2_004
    b = inputs.budget.set_index(["omrade", "typ"])["budget"]
    assert b[("Barn och unga", "Kostnader")] == -1_200_000 and b[("Stab", "Intäkter")] == 0


@pytest.mark.parametrize(
    "period",
    [
        202304,
        "202304",
        "2023-04",
        "2023/04",
        "2023 04",
        "apr 2023",
        "april 2023",
        "2023 apr",
        dt.datetime(2023, 4, 30),
        "2023-04-30",
        "04-2023",
        202304.0,
    ],
)
def test_each_period_spelling(tmp_path, period):
    rows = [[4110, 570, 4610, period, -1000, "x"], [4110, 570, 3510, 202303, 50, "x"]]
    inputs, findings = read(write(tmp_path / "p.xlsx", tables(rows)))
    assert not errors(findings), findings
    u = inputs.utfall.set_index(["ar", "manad", "typ"])["belopp"]
    assert u[(2023, 4, "Kostnader")] == -1000 and u[(2023, 3, "Intäkter")] == 50


@pytest.mark.parametrize("month", [4, "4", "april", "apr", "Apr", "2023-04", 202304])
def test_year_and_month_columns(tmp_path, month):
    rows = [[4110, 4610, 2023, month, -1000]]
    t = tables(rows, headers=["Ansvar", "Konto", "År", "Månad", "Belopp"])
    inputs, findings = read(write(tmp_path / "m.xlsx", t))
    assert not errors(findings), findings
    assert inputs.utfall[["ar", "manad", "belopp"]].values.tolist() == [[2023, 4, -1000.0]]


def test_period_without_year_names_the_missing_column_ar(tmp_path):
    rows = [[4110, 4610, "april", -1000]]
    t = tables(rows, headers=["Ansvar", "Konto", "Period", "Belopp"])
    inputs, findings = read(write(tmp_path / "y.xlsx", t))
    assert inputs is None
    (e,) = errors(findings)
    assert e.regel == "saknad_kolumn" and "År" in e.meddelande and "'april'" in e.meddelande and e.cell == "C2"


@pytest.mark.parametrize(
    "kostnader, intakter, cost_sign, rev_sign",
    [
        ("negativa", "positiva", -1, 1),  # Prognos' own convention (the default)
        ("positiva", "negativa", 1, -1),  # debit/credit export
        ("positiva", "positiva", 1, 1),  # both without sign
        ("negativa", "negativa", -1, -1),  # both with minus
    ],
)
def test_each_sign_convention(tmp_path, kostnader, intakter, cost_sign, rev_sign):
    t = tables(utfall_rows(cost_sign, rev_sign), kostnader=kostnader, intakter=intakter)
    budget = [[4110, 4610, cost_sign * 1_200_000], [4110, 3510, rev_sign * 120_000]]
    t["Budget"] = (["Ansvar", "Konto", "Budget"], budget)
    inputs, findings = read(write(tmp_path / "s.xlsx", t))
    assert not errors(findings), findings
    u = inputs.utfall[(inputs.utfall["ar"] == AR) & (inputs.utfall["manad"] == 1)]
    sums = u.groupby("typ")["belopp"].sum()
    assert sums["Kostnader"] == -(100_100 + 20_100 + 50_100 + 20_100)
    assert sums["Intäkter"] == 10_001 + 2_001 + 5_001 + 2_001
    b = inputs.budget.set_index(["omrade", "typ"])["budget"]
    assert b[("Barn och unga", "Kostnader")] == -1_200_000 and b[("Barn och unga", "Intäkter")] == 120_000


def test_a_wrong_sign_setting_is_an_error_naming_the_sums(tmp_path):
    # a debit/credit export (costs +, revenue −) read with the default settings
    t = tables(utfall_rows(1, -1))
    t["Budget"] = (["Ansvar", "Konto", "Budget"], [[4110, 4610, 1_200_000]])
    inputs, findings = read(write(tmp_path / "w.xlsx", t))
    assert inputs is None
    wrong = [f for f in findings if f.regel == "fel_tecken_huvudbok" and f.blad == "Utfall"]
    assert len(wrong) == 2
    text = " ".join(f.meddelande for f in wrong)
    costs = sum(r[4] for r in utfall_rows(1, -1) if r[2] in (4610, 5110))
    assert f"{costs:,}".replace(",", NBSP) in text
    assert "Kostnader: negativa" in text and "ändra raden Kostnader i Inställningar till positiva" in text
    assert "Intäkter: positiva" in text and "till negativa" in text


def test_kodplan_single_code_wins_over_its_range(tmp_path):
    kodplan = [["4100-4199", "Barn och unga"], ["4150", "Vuxna"], ["5*", "Stab"], ["42*", "Vuxna"]]
    inputs, findings = read(write(tmp_path / "k.xlsx", tables(kodplan=kodplan)))
    assert not errors(findings), findings
    u = inputs.utfall[(inputs.utfall["ar"] == AR) & (inputs.utfall["manad"] == 4)]
    vuxna = u[(u["omrade"] == "Vuxna") & (u["typ"] == "Kostnader")]["belopp"].sum()
    assert vuxna == -(20_400 + 50_400)  # 4150 (single code) and 4210 (42*)


def test_kodplan_finer_verksamhet(tmp_path):
    t = tables()
    t["Kodplan"] = (
        ["Ansvar", "Verksamhetsområde", "Verksamhet"],
        [
            ["4100-4149", "Barn och unga", "Familjehem"],
            ["4150-4199", "Barn och unga", "Institution"],
            ["42*", "Vuxna", None],
            ["5000", "Stab", None],
        ],
    )
    inputs, findings = read(write(tmp_path / "v.xlsx", t))
    assert not errors(findings), findings
    u = inputs.utfall[
        (inputs.utfall["ar"] == AR) & (inputs.utfall["manad"] == 4) & (inputs.utfall["typ"] == "Kostnader")
    ]
    by = u.groupby(["omrade", "verksamhet"], dropna=False)["belopp"].sum()
    assert by[("Barn och unga", "Familjehem")] == -100_400 and by[("Barn och unga", "Institution")] == -20_400


@pytest.mark.parametrize("second", ["4150-4250", "41*", "4199", "419*"])
def test_overlapping_ranges_are_an_error(tmp_path, second):
    kodplan = [["4100-4199", "Barn och unga"], [second, "Vuxna"], ["42*", "Vuxna"], ["5000", "Stab"]]
    if second == "4199":  # a single code inside a range is not an overlap: it wins
        inputs, findings = read(write(tmp_path / "o.xlsx", tables(kodplan=kodplan)))
        assert "kodplan_overlapp" not in rules(findings)
        return
    inputs, findings = read(write(tmp_path / "o.xlsx", tables(kodplan=kodplan)))
    assert inputs is None
    overlap = [f for f in findings if f.regel == "kodplan_overlapp"]
    assert overlap and overlap[0].blad == "Kodplan" and "4100-4199" in overlap[0].meddelande
    assert overlap[0].allvarlighet == "fel"


def test_an_unmapped_code_is_an_error_with_its_amount(tmp_path):
    rows = utfall_rows() + [
        [7777, 570, 4610, 202304, -1000, "x"],
        [7777, 570, 5110, 202303, -234, "y"],
        [None, 570, 5110, 202303, -5, "z"],
    ]
    inputs, findings = read(write(tmp_path / "u.xlsx", tables(rows)))
    assert inputs is None
    unmapped = [f for f in findings if f.regel == "okand_ansvarskod"]
    assert len(unmapped) == 2
    first = unmapped[0]
    assert "Ansvar 7777" in first.meddelande and f"−1{NBSP}234 kr" in first.meddelande and "2 rader" in first.meddelande
    assert first.cell == f"A{len(utfall_rows()) + 2}"
    assert "utan ansvarskod" in unmapped[1].meddelande


def test_class_8_is_shown_apart(tmp_path):
    rows = utfall_rows() + [[4110, 570, 8410, 202304, 700, "ränteintäkt"], [4110, 570, 8510, 202304, -300, "ränta"]]
    inputs, findings = read(write(tmp_path / "f.xlsx", tables(rows)))
    assert not errors(findings), findings
    book = inputs.huvudbok.table("Utfall")
    recon = book.tolkning.avstamning.set_index("kontoklass")
    assert recon.loc[8, "separat"] == 400 and recon.loc[8, "rapport"] == 0 and recon.loc[8, "differens"] == 0
    april = inputs.utfall[(inputs.utfall["ar"] == AR) & (inputs.utfall["manad"] == 4)]
    assert april[april["typ"] == "Intäkter"]["belopp"].sum() == 10_004 + 2_004 + 5_004 + 2_004  # no 700 in it
    slag = inputs.huvudbok.per_kostnadsslag(AR, PERIOD).set_index("kostnadsslag")
    assert slag.loc["Finansiella poster", "utfall_period"] == 400
    assert slag.loc["Finansiella poster", "grupp"] == "Finansiellt"


@pytest.mark.parametrize("konto", [1910, 2440, "0110"])
def test_balance_accounts_are_refused(tmp_path, konto):
    rows = utfall_rows() + [[4110, 570, konto, 202304, 5000, "bank"]]
    inputs, findings = read(write(tmp_path / "b.xlsx", tables(rows)))
    assert inputs is None
    (e,) = [f for f in findings if f.regel == "balanskonto"]
    assert f"Konto {int(konto)}" in e.meddelande or f"Konto {konto}" in e.meddelande
    assert "balanskonto" in e.meddelande and "klass 3–8" in e.meddelande and e.cell == f"C{len(rows) + 1}"


def test_kontoplan_overrides_a_default_line(tmp_path):
    t = tables()
    t["Kontoplan"] = (
        ["Konto", "Typ", "Kostnadsslag"],
        [["3990", "Intäkter", "Egna intäkter"], ["1910", "Kostnader", None]],
    )
    rows = utfall_rows() + [[4110, 570, 1910, 202304, -77, "omklassad"]]
    t["Utfall"] = (t["Utfall"][0], rows)
    inputs, findings = read(write(tmp_path / "kp.xlsx", t, as_tables={"Installningar", "Kodplan", "Kontoplan"}))
    assert not errors(findings), findings
    per_kod = inputs.huvudbok.table("Utfall").tolkning.per_kod
    line = per_kod[per_kod["konto"] == "3990"].iloc[0]
    assert line["kostnadsslag"] == "Egna intäkter" and line["kalla"].startswith("Kontoplan rad")
    assert per_kod[per_kod["konto"] == "1910"].iloc[0]["typ"] == "Kostnader"


def test_a_totalt_row_is_left_out_with_a_warning(tmp_path):
    rows = utfall_rows()
    total = sum(r[4] for r in rows)
    inputs, findings = read(write(tmp_path / "t.xlsx", tables(rows + [["Totalt", None, None, None, total, None]])))
    assert not errors(findings), findings
    (w,) = [f for f in findings if f.regel == "summarad"]
    assert w.allvarlighet == "varning" and w.cell == f"A{len(rows) + 2}"
    assert inputs.utfall["belopp"].sum() == total


def test_a_totalt_row_that_does_not_add_up_is_an_error(tmp_path):
    rows = utfall_rows()
    total = sum(r[4] for r in rows) + 5000
    inputs, findings = read(write(tmp_path / "t.xlsx", tables(rows + [[None, None, "Summa", None, total, None]])))
    assert inputs is None
    (e,) = [f for f in findings if f.regel == "summarad_avviker"]
    assert e.cell == f"E{len(rows) + 2}" and "Summa" in e.meddelande


def test_titles_and_merged_cells_above_the_header(tmp_path):
    path = write(tmp_path / "titel.xlsx", tables())
    with_titles(path, "Utfall", ["Huvudbok – Testnämnden", "Urval: period 202201–202304"], 6)
    with_titles(path, "Budget", ["Budget 2023"], 3)
    inputs, findings = read(path)
    assert not errors(findings), findings
    assert inputs.huvudbok.table("Utfall").header_cell == "A4"
    wb = openpyxl.load_workbook(path)
    assert "A1:F1" in {str(r) for r in wb["Utfall"].merged_cells.ranges}
    assert len(inputs.utfall) > 0


def test_no_header_row_says_which_rows_were_read_and_what_was_missing(tmp_path):
    t = tables(headers=["Ansvarskod nr", "Verksamhet", "Kontot", "Period", "Belopp", "Text"])
    path = write(tmp_path / "ingen.xlsx", t)
    with_titles(path, "Utfall", ["Huvudbok"], 6)
    inputs, findings = read(path)
    assert inputs is None
    (e,) = [f for f in findings if f.blad == "Utfall"]
    assert "raderna 1–" in e.meddelande and "Närmast är rad 3" in e.meddelande
    assert "'Ansvar' och 'Konto'" in e.meddelande


def test_a_column_recognised_under_another_name_is_said(tmp_path):
    t = tables(headers=["Kst", "Verksamhet", "Kontonr", "Bokföringsperiod", "Utfall", "Text"])
    inputs, findings = read(write(tmp_path / "syn.xlsx", t))
    assert not errors(findings), findings
    said = {f.meddelande.split(" läses som ")[1].split(".")[0] for f in findings if f.regel == "kolumn_tolkad"}
    assert said == {"Ansvar", "Konto", "Period"}  # "Utfall" in Utfall is the amount, plainly


def test_budget_and_utfall_may_mix_shapes(tmp_path):
    t = tables()
    t["Budget"] = (
        ["Verksamhetsområde", "Typ", "Budget"],
        [
            ["Barn och unga", "Intäkter", 120_000],
            ["Barn och unga", "Kostnader", -1_200_000],
            ["Vuxna", "Intäkter", 60_000],
            ["Vuxna", "Kostnader", -600_000],
            ["Stab", "Kostnader", -240_000],
        ],
    )
    inputs, findings = read(write(tmp_path / "mix.xlsx", t, as_tables={"Installningar", "Kodplan", "Budget"}))
    assert not errors(findings), findings
    assert inputs.huvudbok.table("Budget") is None and inputs.huvudbok.table("Utfall") is not None


def test_a_kodplan_area_missing_from_a_typed_budget_is_an_error(tmp_path):
    t = tables()
    t["Budget"] = (["Verksamhetsområde", "Typ", "Budget"], [["Barn och unga", "Kostnader", -1200]])
    inputs, findings = read(write(tmp_path / "mix.xlsx", t, as_tables={"Installningar", "Kodplan", "Budget"}))
    assert inputs is None
    assert {"'Vuxna'", "'Stab'"} <= {f.meddelande.split()[1] for f in findings if f.regel == "okant_omrade"}


def test_without_kodplan_the_message_says_what_to_add(tmp_path):
    t = tables()
    del t["Kodplan"]
    inputs, findings = read(write(tmp_path / "nok.xlsx", t))
    assert inputs is None
    (e,) = errors(findings)
    assert e.regel == "kodplan_saknas" and "Kodplan" in e.meddelande and "4100-4199" in e.meddelande


def test_ledger_in_kr_reported_in_tkr(tmp_path):
    inputs, findings = read(write(tmp_path / "tkr.xlsx", tables(enhet="tkr")))
    assert not errors(findings), findings
    u = inputs.utfall[(inputs.utfall["ar"] == AR) & (inputs.utfall["manad"] == 4)]
    assert u[(u["omrade"] == "Vuxna") & (u["typ"] == "Kostnader")]["belopp"].sum() == -50.4


def test_outcome_after_the_period_is_an_error(tmp_path):
    rows = utfall_rows() + [[4110, 570, 4610, 202305, -10, "maj"]]
    inputs, findings = read(write(tmp_path / "late.xlsx", tables(rows)))
    assert inputs is None
    assert any(f.regel == "utfall_efter_period" and "2023-05" in f.meddelande for f in findings)


def test_a_missing_column_message_says_what_the_others_were_read_as(tmp_path):
    t = tables()
    t["Budget"] = (["Ansvar", "Budget"], [["Barn och unga", -1200]])  # no Typ, no Konto: not a ledger
    inputs, findings = read(write(tmp_path / "as.xlsx", t))
    assert inputs is None
    error = next(f for f in findings if f.blad == "Budget" and f.is_error)
    assert "saknar 'Typ'" in error.meddelande  # the header search's message: rows read, what is missing
    assert "Kolumnen 'Ansvar' läses som Verksamhetsområde." in error.meddelande
    warning = next(f for f in findings if f.blad == "Budget" and f.regel == "kolumn_tolkad")
    assert "Konto" in warning.meddelande and "Kodplan" in warning.meddelande


def test_a_ledger_budget_with_periods_is_periodised(tmp_path):
    t = tables()
    budget = [[4110, 4610, 202300 + m, -100_000 - m] for m in range(1, 13)] + [[4210, 5110, 202301, -600_000]]
    t["Budget"] = (["Ansvar", "Konto", "Period", "Budget"], budget)
    inputs, findings = read(write(tmp_path / "per.xlsx", t))
    assert not errors(findings), findings
    assert inputs.periodised
    row = inputs.budget.set_index(["omrade", "typ"]).loc[("Barn och unga", "Kostnader")]
    assert row["budget"] == sum(-100_000 - m for m in range(1, 13))
    assert [row[f"m{m}"] for m in range(1, 13)] == [-100_000 - m for m in range(1, 13)]
    vuxna = inputs.budget.set_index(["omrade", "typ"]).loc[("Vuxna", "Kostnader")]
    assert vuxna["m1"] == -600_000 and vuxna["m2"] == 0


def test_a_ledger_budget_for_another_year_is_an_error(tmp_path):
    t = tables()
    t["Budget"] = (["Ansvar", "Konto", "Period", "Budget"], [[4110, 4610, 202201, -1000]])
    inputs, findings = read(write(tmp_path / "ar.xlsx", t))
    assert inputs is None
    assert any(f.regel == "budget_annat_ar" and "2022" in f.meddelande for f in findings)


def test_kodplan_without_its_area_column_names_the_column(tmp_path):
    t = tables()
    t["Kodplan"] = (["Ansvar", "Anteckning"], [["4100-4199", "x"]])
    _inputs, findings = read(write(tmp_path / "h.xlsx", t))
    missing = [e for e in errors(findings) if e.regel == "saknad_kolumn" and e.blad == "Kodplan"]
    assert len(missing) == 1 and "Tabellen Kodplan saknar kolumnen 'Verksamhetsområde'" in missing[0].meddelande
    assert missing[0].cell.endswith("1")  # the header row
