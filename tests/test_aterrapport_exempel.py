"""The bundled grant example: the three real report-backs of 2022 with the papers' figures."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from datetime import date

import openpyxl
import pytest
from conftest import REPO, SHARED_DATA, sha256

from addin.ribbon.grants import DEMO_DATUM, aterrapportering, run_aterrapport
from workbooks.books.xlsx_book import XlsxBook
from workbooks.grant_forms.form_sheet import ATERRAPPORTERING

GRANT_EXAMPLE = REPO / "workbooks" / "exempel" / "botkyrka_statsbidrag_2022.xlsx"
BUILDER = REPO / "workbooks" / "exempel" / "bygg_statsbidrag.py"
TODAY = date(2023, 1, 17)
NB = "\u00a0"

BOSTAD = "Bostad först 2022"
FAMILJEHEM = "Subventioner av familjehemsplaceringar 2022"
VALD = "Kvalitetsutveckling våld i nära relationer 2022"


def plain(text: str) -> str:
    return str(text).replace(NB, " ")


def _load_builder():
    spec = importlib.util.spec_from_file_location("bygg_statsbidrag_under_test", BUILDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("exempel")
    copy = tmp / GRANT_EXAMPLE.name
    shutil.copyfile(GRANT_EXAMPLE, copy)
    return aterrapportering(XlsxBook(copy), file=copy.name, today=TODAY)


def rapport(result, namn):
    return next(r for r in result.rapporter if r.namn == namn)


def sheet(result):
    return next(s for s in result.sheets if s.name == ATERRAPPORTERING)


def block(spec, namn) -> list[list]:
    """The rows of one grant's block (from its title to the next block)."""
    rows = spec.rows
    start = next(
        i
        for i in range(len(rows) - 1)
        if rows[i]
        and rows[i][0] is not None
        and rows[i][0].value == "Återrapportering av statsbidrag"
        and rows[i + 1]
        and rows[i + 1][0] is not None
        and rows[i + 1][0].value == namn
    )
    end = next(
        (
            i
            for i in range(start + 1, len(rows))
            if rows[i] and rows[i][0] is not None and rows[i][0].value == "Återrapportering av statsbidrag"
        ),
        len(rows),
    )
    return rows[start:end]


def cell(rows, label, col):
    """Value in column ``col`` (0-based) of the first row whose label is ``label``."""
    for line in rows:
        if line and line[0] is not None and line[0].value == label:
            c = line[col] if col < len(line) else None
            return None if c is None else c.value
    raise AssertionError(f"ingen rad {label!r}")


# --- the three report-backs -------------------------------------------------------------
def test_bostad_forst(result):
    r = rapport(result, BOSTAD)
    assert r.mottaget == 325_000
    assert r.kostnader == 97_924 and r.redovisade == 97_924
    assert r.kvarstaende == 227_076 and r.egenfinansiering == 0
    assert [(k.kategori, k.underlag) for k in r.kategorier] == [
        ("Lönekostnader inklusive sociala avgifter", 92_201),
        ("Lokalhyra", 0),
        ("Resor, kost och logi", 5_723),
        ("Köpta tjänster, material", 0),
        ("Administration (kontorsmaterial, telefon etc.)", 0),
        ("Inköp av utrustning", 0),
        ("Informationskostnader", 0),
    ]
    rows = block(sheet(result), BOSTAD)
    # all seven categories of the form, 0 written as 0, in both columns
    for kategori, belopp in [
        ("Lönekostnader inklusive sociala avgifter", 92_201),
        ("Lokalhyra", 0),
        ("Informationskostnader", 0),
    ]:
        assert cell(rows, kategori, 1) == belopp and cell(rows, kategori, 2) == belopp
    assert cell(rows, "1. Mottaget statsbidrag", 2) == 325_000
    assert cell(rows, "Summa kostnader", 1) == 97_924
    assert cell(rows, "3. Kvarstående statsbidrag (återbetalas)", 2) == 227_076
    # money is left and the register gives no reason (the form's field 3a): not ready to sign
    assert r.status == "Varning" and any("fält 3a" in o for o in r.orsaker)
    assert cell(rows, "3a. Orsak till kvarstående medel", 0) == "3a. Orsak till kvarstående medel"
    text = plain(" ".join(r.texter))
    assert "Nämnden har tagit emot statsbidrag om 325 000 kronor" in text
    assert "har förbrukat 97 924 kronor" in text
    assert "227 076 kronor ska återbetalas till Socialstyrelsen." in text
    assert "Hela statsbidraget har använts." not in text


def test_familjehem_typed_total_is_flagged(result):
    r = rapport(result, FAMILJEHEM)
    assert r.mottaget == 1_455_042
    assert r.kostnader == 1_450_600  # the rows, not the printed "Totalt"
    assert r.inskriven_summa == 1_455_042 and r.skillnad == 4_442
    assert r.kvarstaende == 4_442 and r.egenfinansiering == 0
    flagged = [f for f in result.findings if f.regel == "inskriven_summa"]
    assert len(flagged) == 1
    assert flagged[0].allvarlighet == "varning" and flagged[0].blad == "Bidragskostnader"
    assert "4 442 kr" in plain(flagged[0].meddelande) and "1 450 600 kr" in plain(flagged[0].meddelande)
    assert r.status == "Varning" and any("4 442" in plain(o) for o in r.orsaker)
    rows = block(sheet(result), FAMILJEHEM)
    assert cell(rows, "Summa", 1) == 1_450_600
    # the typed total and its difference are the finding above, not lines of the form that is signed
    labels = [line[0].value for line in rows if line and line[0] is not None]
    assert "Inskriven summa i underlaget" not in labels and "Skillnad mot radernas summa" not in labels
    text = plain(" ".join(r.texter))
    assert "4 442 kronor ska återbetalas till Socialstyrelsen." in text
    assert "Hela statsbidraget har använts." not in text  # the paper said so; the rows say otherwise


def test_vald_cost_above_grant_is_cofinancing(result):
    r = rapport(result, VALD)
    assert r.mottaget == 615_251
    assert [o.mottaget for o in r.bidrag.omgangar] == [615_251, 0]  # the form's 1a and 1b
    assert r.kostnader == 624_580
    assert r.redovisade == 615_251 and r.kvarstaende == 0 and r.egenfinansiering == 9_329
    assert r.inskriven_summa == 624_580 and r.skillnad == 0  # the printed total matches its rows
    rows = block(sheet(result), VALD)
    assert cell(rows, "1a. Mottaget statsbidrag, omgång 1 (rekvisition 25407/2022)", 2) == 615_251
    assert cell(rows, "1b. Mottaget statsbidrag, omgång 2", 2) == 0
    assert cell(rows, "Summa mottaget statsbidrag, omgång 1 och 2", 2) == 615_251
    assert cell(rows, "Summa kostnader", 1) == 624_580
    assert cell(rows, "Summa kostnader", 2) == 615_251  # reported in the form
    assert cell(rows, "Egenfinansiering (kostnader över mottaget belopp)", 2) == 9_329
    assert cell(rows, "3. Kvarstående statsbidrag (återbetalas)", 2) == 0
    assert r.status == "Klar"
    text = plain(" ".join(r.texter))
    assert "Hela statsbidraget har använts." in text and "9 329 kronor" in text


def test_committee_table_in_mkr(result):
    spec = sheet(result)
    rows = spec.rows
    start = next(
        i
        for i, line in enumerate(rows)
        if line and line[0] is not None and line[0].value == "Statsbidrag per verksamhetsområde (mnkr)"
    )
    table = rows[start : start + 12]
    assert cell(table, f"  {FAMILJEHEM}", 1) == 1.5
    assert cell(table, f"  {VALD}", 1) == 0.6
    assert cell(table, "Summa Barn och unga", 1) == 2.1  # 2 070 293 kr
    assert cell(table, f"  {BOSTAD}", 2) == 0.1  # förbrukat, as the interim report prints it
    assert cell(table, "Summa Vuxna utan beroendeproblematik", 3) == 0.2
    assert cell(table, "Summa", 1) == 2.4 and cell(table, "Summa", 2) == 2.2 and cell(table, "Summa", 3) == 0.2


def test_overview_sums(result):
    rows = sheet(result).rows
    assert cell(rows, "Summa", 1) == 1_455_042 + 325_000 + 615_251
    assert cell(rows, "Summa", 3) == 4_442 + 227_076
    assert cell(rows, "Summa", 4) == 9_329


def test_comment_on_the_form_without_a_character_count(result):
    """The comment stands in field 4; its length is checked (kommentar_for_lang), not printed."""
    rows = block(sheet(result), BOSTAD)
    comment = _read_csv_free_comment()
    values = [c.value for line in rows for c in line if c is not None]
    assert comment in values and "Antal tecken" not in values and "OK" not in values
    assert rapport(result, BOSTAD).teckenantal == len(comment)


def _read_csv_free_comment() -> str:
    builder = _load_builder()
    return builder.KOMMENTAR[BOSTAD]


def test_deadlines_are_relative_to_the_injected_date(tmp_path):
    copy = tmp_path / GRANT_EXAMPLE.name
    shutil.copyfile(GRANT_EXAMPLE, copy)
    early = aterrapportering(XlsxBook(copy), today=date(2023, 1, 10))
    assert not [f for f in early.findings if f.regel == "sista_dag"]
    close = aterrapportering(XlsxBook(copy), today=date(2023, 2, 10))
    near = {f.meddelande.split(":")[0] for f in close.findings if f.regel == "sista_dag"}
    assert near == {BOSTAD, FAMILJEHEM}  # 5 days left; Våld (28 February) has 18
    assert rapport(close, BOSTAD).status == "Varning" and rapport(close, BOSTAD).dagar_kvar == 5
    late = aterrapportering(XlsxBook(copy), today=date(2023, 3, 1))
    passed = [f for f in late.findings if f.regel == "sista_dag"]
    assert len(passed) == 3 and all("har passerat" in f.meddelande for f in passed)
    assert rapport(late, VALD).dagar_kvar == -1


def test_the_workbooks_rapportdatum_then_the_real_date_is_the_default(tmp_path):
    copy = tmp_path / GRANT_EXAMPLE.name
    shutil.copyfile(GRANT_EXAMPLE, copy)
    result = aterrapportering(XlsxBook(copy))
    assert result.idag == TODAY  # the example carries Rapportdatum 2023-01-17
    assert not [f for f in result.findings if "passerad" in f.meddelande or "har passerat" in f.meddelande]
    wb = openpyxl.load_workbook(copy)
    del wb["Inställningar"]
    wb.save(copy)
    assert aterrapportering(XlsxBook(copy)).idag == date.today()


def test_running_twice_gives_the_same_sheet(tmp_path):
    first = tmp_path / "forsta.xlsx"
    second = tmp_path / "andra.xlsx"
    run_aterrapport(GRANT_EXAMPLE, first, today=TODAY)
    run_aterrapport(first, second, today=TODAY)
    a, b = openpyxl.load_workbook(first), openpyxl.load_workbook(second)
    assert a.sheetnames == b.sheetnames
    for name in (ATERRAPPORTERING, "Valideringsfel"):
        assert [[c.value for c in row] for row in a[name].iter_rows()] == [
            [c.value for c in row] for row in b[name].iter_rows()
        ]


def test_input_tables_survive(tmp_path):
    before = sha256(GRANT_EXAMPLE)
    out = tmp_path / "ut.xlsx"
    run_aterrapport(GRANT_EXAMPLE, out, today=TODAY)
    assert sha256(GRANT_EXAMPLE) == before
    src, dst = openpyxl.load_workbook(GRANT_EXAMPLE), openpyxl.load_workbook(out)
    for name in ("Statsbidrag", "Bidragskostnader", "Om exemplet"):
        assert [[c.value for c in row] for row in src[name].iter_rows()] == [
            [c.value for c in row] for row in dst[name].iter_rows()
        ]
    assert "Statsbidrag" in dst["Statsbidrag"].tables


# --- the example builder ------------------------------------------------------------------------
def test_builder_reproduces_the_committed_example(tmp_path):
    builder = _load_builder()
    built = builder.build_example(SHARED_DATA, tmp_path / "igen.xlsx")
    assert built.read_bytes() == GRANT_EXAMPLE.read_bytes(), "kör python workbooks/exempel/bygg_statsbidrag.py"
    assert builder.EXEMPEL_DATUM == DEMO_DATUM


def test_example_holds_the_csv_figures():
    wb = openpyxl.load_workbook(GRANT_EXAMPLE)
    with (SHARED_DATA / "botkyrka_bidragskostnader_2022.csv").open(encoding="utf-8", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    ws = wb["Bidragskostnader"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in line])) for line in ws.iter_rows(min_row=2)]
    costs = [r for r in rows if r["Aktivitet"] != "Totalt"]
    assert [(r["Bidrag"], r["Belopp"]) for r in costs] == [(r["bidrag"], int(r["belopp_kr"])) for r in csv_rows]
    totals = {r["Bidrag"]: r["Belopp"] for r in rows if r["Aktivitet"] == "Totalt"}
    assert totals == {FAMILJEHEM: 1_455_042, VALD: 624_580}
    grants = [[c.value for c in line] for line in wb["Statsbidrag"].iter_rows(min_row=2)]
    assert [(g[0], g[2]) for g in grants] == [(FAMILJEHEM, 1_455_042), (BOSTAD, 325_000), (VALD, 615_251), (VALD, 0)]


def test_demo_runs_the_grant_example(tmp_path):
    from test_aterrapport_validering import cli

    done = cli("demo", "--utmapp", str(tmp_path))
    assert done.returncode == 0, done.stderr
    out = plain(done.stdout)
    assert "Exempel: botkyrka_statsbidrag_2022.xlsx" in out
    assert "227 076 kronor ska återbetalas till Socialstyrelsen." in out
    assert "egenfinansiering 9 329 kr" in out
    assert (tmp_path / "botkyrka_statsbidrag_2022_aterrapport.xlsx").exists()
    assert (tmp_path / "botkyrka_sn_2023_delar1_uppdaterad.xlsx").exists()  # the forecast example as before
