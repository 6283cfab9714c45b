"""The grant rules on small synthetic workbooks, and the command line's exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO, sha256
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table

from addin.ribbon.grants import aterrapportering
from workbooks.books.xlsx_book import XlsxBook
from workbooks.grant_forms.form_sheet import ATERRAPPORTERING

TODAY = date(2023, 1, 17)
NB = "\u00a0"
GRANT_HEADERS = [
    "Bidrag",
    "Myndighet",
    "Mottaget",
    "Period från",
    "Period till",
    "Diarienummer",
    "Verksamhetsområde",
    "Återrapportering senast",
    "Kostnadskategorier",
    "Anonymisera antal",
    "Kommentar",
    "Orsak kvarstående medel",
]
ORSAK = "Insatserna startade senare än planerat."
COST_HEADERS = ["Bidrag", "Kategori", "Aktivitet", "Belopp", "Datum", "Kommentar", "Antal"]


def grant(
    namn="Testbidrag",
    mottaget=100_000,
    fran=date(2022, 1, 1),
    till=date(2022, 12, 31),
    dnr="SN/2022:00001",
    omrade="Barn och unga",
    senast=date(2023, 2, 28),
    kategorier=None,
    anonym=None,
    kommentar=None,
    myndighet="Socialstyrelsen",
    orsak=ORSAK,
) -> list:
    return [namn, myndighet, mottaget, fran, till, dnr, omrade, senast, kategorier, anonym, kommentar, orsak]


def cost(
    bidrag="Testbidrag", belopp=1_000, kategori=None, aktivitet="Utbildning", datum=None, kommentar=None, antal=None
) -> list:
    return [bidrag, kategori, aktivitet, belopp, datum, kommentar, antal]


def _table(wb, name, headers, rows):
    ws = wb.create_sheet(name)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    ws.add_table(Table(displayName=name, ref=f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"))


def make_book(
    path: Path, grants: list[list], costs: list[list] | None, grant_headers=GRANT_HEADERS, cost_headers=COST_HEADERS
) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Om"
    _table(wb, "Statsbidrag", grant_headers, grants)
    if costs is not None:
        _table(wb, "Bidragskostnader", cost_headers, costs)
    wb.save(path)
    return path


def run(path: Path, today: date = TODAY):
    return aterrapportering(XlsxBook(path), file=path.name, today=today)


def rules(result, severity=None) -> list[str]:
    return [f.regel for f in result.findings if severity is None or f.allvarlighet == severity]


def only(result, namn="Testbidrag"):
    return next(r for r in result.rapporter if r.namn == namn)


def plain(text: str) -> str:
    return str(text).replace(NB, " ")


# --- amounts --------------------------------------------------------------------------------
def test_clean_grant_is_klar(tmp_path):
    result = run(make_book(tmp_path / "ok.xlsx", [grant()], [cost(belopp=40_000), cost(belopp=10_000)]))
    assert result.ok and result.findings == []
    r = only(result)
    assert (r.kostnader, r.kvarstaende, r.status) == (50_000, 50_000, "Klar")


def test_negative_received_is_an_error(tmp_path):
    result = run(make_book(tmp_path / "neg.xlsx", [grant(mottaget=-5)], [cost()]))
    assert "negativt_belopp" in rules(result, "fel")
    assert only(result).status == "Fel"
    assert not result.ok


def test_negative_and_fractional_costs_are_errors(tmp_path):
    result = run(
        make_book(tmp_path / "kr.xlsx", [grant()], [cost(belopp=-1_000), cost(belopp=100.5), cost(belopp=2_000)])
    )
    assert rules(result, "fel").count("negativt_belopp") == 1
    assert rules(result, "fel").count("hela_kronor") == 1
    fel = {f.regel: f for f in result.findings}
    assert fel["hela_kronor"].cell == "D3" and fel["negativt_belopp"].cell == "D2"
    r = only(result)
    assert r.kostnader == 2_000 and r.status == "Fel"  # the bad rows are not counted


def test_amount_as_text_and_blank(tmp_path):
    result = run(
        make_book(tmp_path / "text.xlsx", [grant(mottaget="100 000")], [cost(belopp="12 000"), cost(belopp=None)])
    )
    assert set(rules(result, "varning")) >= {"tal_som_text", "belopp_saknas"}
    assert result.ok
    assert only(result).mottaget == 100_000 and only(result).kostnader == 12_000


def test_missing_received_is_an_error(tmp_path):
    result = run(make_book(tmp_path / "tom.xlsx", [grant(mottaget=None)], [cost()]))
    assert "mottaget_saknas" in rules(result, "fel")


# --- dates ----------------------------------------------------------------------------------------
def test_cost_outside_the_grant_period_is_an_error(tmp_path):
    result = run(
        make_book(
            tmp_path / "datum.xlsx",
            [grant(fran=date(2022, 8, 1))],
            [
                cost(belopp=5_000, datum=date(2022, 7, 31)),
                cost(belopp=7_000, datum=date(2022, 8, 1)),
                cost(belopp=1_000, datum=datetime(2023, 1, 2)),
            ],
        )
    )
    outside = [f for f in result.findings if f.regel == "utanfor_period"]
    assert [f.cell for f in outside] == ["E2", "E4"]
    assert "2022-07-31" in outside[0].meddelande and "2022-08-01–2022-12-31" in outside[0].meddelande
    r = only(result)
    assert r.kostnader == 7_000 and r.status == "Fel"


def test_dates_as_text_and_ambiguous_dates(tmp_path):
    result = run(make_book(tmp_path / "text.xlsx", [grant(fran="2022-01-01", senast="25-01-17")], [cost()]))
    assert "datum_som_text" in rules(result, "varning")
    bad = [f for f in result.findings if f.regel == "ogiltigt_datum"]
    assert len(bad) == 1 and "ÅÅÅÅ-MM-DD" in bad[0].meddelande and bad[0].cell == "H2"
    assert only(result).bidrag.period_fran == date(2022, 1, 1)


def test_period_backwards_and_missing(tmp_path):
    result = run(
        make_book(
            tmp_path / "period.xlsx",
            [grant(fran=date(2022, 12, 31), till=date(2022, 1, 1)), grant(namn="Annat", till=None)],
            [],
        )
    )
    assert "period_omvand" in rules(result, "fel") and "datum_saknas" in rules(result, "fel")


@pytest.mark.parametrize(
    "today, warned, text",
    [
        (date(2023, 1, 1), False, None),
        (date(2023, 2, 14), True, "14 dagar kvar"),
        (date(2023, 2, 28), True, "sista dagen i dag"),
        (date(2023, 3, 3), True, "har passerat (passerad för 3 dagar sedan)"),
    ],
)
def test_deadline_warning(tmp_path, today, warned, text):
    result = run(make_book(tmp_path / "frist.xlsx", [grant(senast=date(2023, 2, 28))], [cost()]), today=today)
    found = [f for f in result.findings if f.regel == "sista_dag"]
    assert bool(found) == warned
    if warned:
        assert found[0].allvarlighet == "varning" and found[0].cell == "H2" and text in found[0].meddelande
        assert only(result).status == "Varning"


# --- the register and the cost list ---------------------------------------------------------------
def test_cost_for_a_grant_not_in_the_register(tmp_path):
    result = run(
        make_book(
            tmp_path / "okant.xlsx",
            [grant(namn="Bostad först 2022")],
            [cost(bidrag="Bostad forst 2022"), cost(bidrag="Bostad först 2021", belopp=3)],
        )
    )
    assert result.ok is False
    unknown = [f for f in result.findings if f.regel == "okant_bidrag"]
    assert [f.cell for f in unknown] == ["A3"]  # the first matches accent-insensitively
    assert "Menar du 'Bostad först 2022'?" in unknown[0].meddelande
    assert only(result, "Bostad först 2022").kostnader == 1_000  # the known grant still gets its report


def test_unknown_and_missing_categories_are_warnings(tmp_path):
    cats = "Lönekostnader inklusive sociala avgifter; Lokalhyra; Resor, kost och logi"
    result = run(
        make_book(
            tmp_path / "kat.xlsx",
            [grant(kategorier=cats)],
            [
                cost(kategori="lönekostnader inklusive sociala avgifter", belopp=100),
                cost(kategori="Konsulter", belopp=50),
                cost(kategori=None, belopp=7),
            ],
        )
    )
    assert result.ok
    assert set(rules(result, "varning")) == {"okand_kategori", "kategori_saknas"}
    r = only(result)
    assert [(k.kategori, k.underlag, k.i_formularet) for k in r.kategorier] == [
        ("Lönekostnader inklusive sociala avgifter", 100, True),
        ("Lokalhyra", 0, True),
        ("Resor, kost och logi", 0, True),
        ("Konsulter", 50, False),
        ("(kategori saknas)", 7, False),
    ]
    assert r.kostnader == 157 and r.status == "Varning"


def test_categories_come_from_the_cost_list_when_not_given(tmp_path):
    result = run(
        make_book(
            tmp_path / "kat2.xlsx",
            [grant()],
            [cost(kategori="Lokalhyra", belopp=0, aktivitet=None), cost(kategori="Resor", belopp=5)],
        )
    )
    assert result.findings == []
    assert [k.kategori for k in only(result).kategorier] == ["Lokalhyra", "Resor"]
    single = run(make_book(tmp_path / "kat3.xlsx", [grant()], [cost(belopp=5)]))
    assert [k.kategori for k in only(single).kategorier] == ["Kostnader"]


def test_typed_total_differing_from_rows(tmp_path):
    result = run(
        make_book(
            tmp_path / "summa.xlsx",
            [grant(mottaget=10_000)],
            [cost(belopp=6_000), cost(belopp=3_000), cost(aktivitet="Summa", belopp=10_000)],
        )
    )
    flagged = [f for f in result.findings if f.regel == "inskriven_summa"]
    assert len(flagged) == 1 and flagged[0].cell == "D4"
    assert "skillnad +1 000 kr" in plain(flagged[0].meddelande)
    r = only(result)
    assert r.kostnader == 9_000 and r.kvarstaende == 1_000 and r.skillnad == 1_000
    same = run(
        make_book(tmp_path / "lika.xlsx", [grant()], [cost(belopp=6_000), cost(aktivitet="Totalt", belopp=6_000)])
    )
    assert same.findings == [] and only(same).kostnader == 6_000


def test_comment_longer_than_the_form_allows(tmp_path):
    result = run(make_book(tmp_path / "lang.xlsx", [grant(kommentar="x" * 1_001)], [cost()]))
    fel = [f for f in result.findings if f.regel == "kommentar_for_lang"]
    assert len(fel) == 1 and fel[0].cell == "K2" and "1 001 tecken" in plain(fel[0].meddelande)
    r = only(result)
    assert r.teckenantal == 1_001 and r.status == "Fel"
    spec = next(s for s in result.sheets if s.name == ATERRAPPORTERING)  # the form has no count of its own
    assert not [c for line in spec.rows for c in line if c is not None and c.value in ("Antal tecken", "För lång")]


def test_rounds_of_one_grant(tmp_path):
    result = run(
        make_book(
            tmp_path / "omg.xlsx",
            [grant(mottaget=300_000), grant(mottaget=200_000, fran=None, till=None, myndighet=None)],
            [cost(belopp=450_000)],
        )
    )
    assert result.findings == []
    r = only(result)
    assert [o.mottaget for o in r.bidrag.omgangar] == [300_000, 200_000]
    assert r.mottaget == 500_000 and r.kvarstaende == 50_000
    conflict = run(make_book(tmp_path / "omg2.xlsx", [grant(), grant(fran=date(2022, 7, 1))], [cost()]))
    assert "omgang_avviker" in rules(conflict, "fel")


def test_anonymised_counts(tmp_path):
    result = run(
        make_book(
            tmp_path / "anon.xlsx",
            [grant(namn="Anonym", anonym="Ja"), grant(namn="Öppen", anonym="Nej")],
            [
                cost(bidrag="Anonym", antal=2, aktivitet="A"),
                cost(bidrag="Anonym", antal=0, aktivitet="B"),
                cost(bidrag="Anonym", antal=7, aktivitet="C", kommentar="2 medarbetare deltog"),
                cost(bidrag="Öppen", antal=2, aktivitet="D", kommentar="2 medarbetare"),
            ],
        )
    )
    spec = next(s for s in result.sheets if s.name == ATERRAPPORTERING)
    counts = {
        line[0].value: line[2].value
        for line in spec.rows
        if line and line[0] is not None and line[0].value in {"A", "B", "C", "D"}
    }
    assert counts == {"A": 3, "B": 0, "C": 7, "D": 2}
    small = [f for f in result.findings if f.regel == "smatal_i_text"]
    assert len(small) == 1 and small[0].cell == "F4" and "'2 medarbetare'" in small[0].meddelande
    assert any(line[2] is not None and line[2].value == "Antal (anonymiserat)" for line in spec.rows if len(line) > 2)


def test_yes_no_must_be_yes_or_no(tmp_path):
    result = run(make_book(tmp_path / "jn.xlsx", [grant(anonym="kanske")], [cost()]))
    assert "ja_nej" in rules(result, "fel")


def test_without_cost_table_everything_is_repaid(tmp_path):
    result = run(make_book(tmp_path / "utan.xlsx", [grant()], None))
    assert rules(result) == ["kostnader_saknas"]
    assert only(result).kvarstaende == 100_000


def test_missing_column_stops_with_valideringsfel_only(tmp_path):
    headers = [h for h in GRANT_HEADERS if h != "Myndighet"]
    path = make_book(
        tmp_path / "kolumn.xlsx",
        [[v for h, v in zip(GRANT_HEADERS, grant()) if h != "Myndighet"]],
        [cost()],
        grant_headers=headers,
    )
    result = run(path)
    assert rules(result) == ["saknad_kolumn"] and result.rapporter == []
    assert [s.name for s in result.sheets] == ["Valideringsfel"]


def test_headers_by_synonym_and_sheet_without_table(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Statsbidrag"
    ws.append(
        [
            "statsbidrag",
            "MYNDIGHET",
            "Mottaget belopp",
            "Från",
            "Till",
            "Kommunens dnr",
            "Myndighetens dnr",
            "Orsak till kvarstående medel",
        ]
    )
    ws.append(
        [
            "Bidrag X",
            "Länsstyrelsen",
            20_000,
            date(2022, 1, 1),
            date(2022, 6, 30),
            "SN 2022:5",
            "LST 77",
            "Kursen blev billigare.",
        ]
    )
    costs = wb.create_sheet("Bidragskostnader")
    costs.append(["Statsbidrag", "Kostnad", "Insats"])
    costs.append(["bidrag x", 15_000, "Kurs"])
    path = tmp_path / "syn.xlsx"
    wb.save(path)
    result = run(path)
    assert result.findings == []
    r = only(result, "Bidrag X")
    assert (r.kostnader, r.kvarstaende) == (15_000, 5_000)
    assert r.bidrag.diarienummer == "SN 2022:5" and r.bidrag.myndighetens_dnr == ["LST 77"]
    assert r.bidrag.orsak_kvarstaende == "Kursen blev billigare."


# --- the command line -----------------------------------------------------------------------------
def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PROGNOS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "addin.commands.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )


def test_cli_exit_codes(tmp_path):
    ok = make_book(tmp_path / "ok.xlsx", [grant()], [cost()])
    before = sha256(ok)
    done = cli("aterrapport", str(ok), "-o", str(tmp_path / "ut.xlsx"), "--datum", "2023-01-17")
    assert done.returncode == 0, done.stderr
    assert "Testbidrag: mottaget 100 000 kr, redovisat 1 000 kr, kvarstående 99 000 kr (återbetalas). Klar." in plain(
        done.stdout
    )
    assert sha256(ok) == before
    assert {ATERRAPPORTERING, "Valideringsfel"} <= set(openpyxl.load_workbook(tmp_path / "ut.xlsx").sheetnames)

    bad = make_book(tmp_path / "fel.xlsx", [grant()], [cost(belopp=-3)])
    done = cli("aterrapport", str(bad), "-o", str(tmp_path / "ut_fel.xlsx"), "--datum", "2023-01-17")
    assert done.returncode == 1
    out = openpyxl.load_workbook(tmp_path / "ut_fel.xlsx")
    assert "Valideringsfel" in out.sheetnames and ATERRAPPORTERING in out.sheetnames
    assert "Fel." in done.stdout

    headers = [h for h in GRANT_HEADERS if h != "Mottaget"]
    cols = make_book(
        tmp_path / "kol.xlsx",
        [[v for h, v in zip(GRANT_HEADERS, grant()) if h != "Mottaget"]],
        [],
        grant_headers=headers,
    )
    done = cli("aterrapport", str(cols), "-o", str(tmp_path / "ut_kol.xlsx"))
    assert done.returncode == 1
    assert openpyxl.load_workbook(tmp_path / "ut_kol.xlsx").sheetnames[-1] == "Valideringsfel"
    assert ATERRAPPORTERING not in openpyxl.load_workbook(tmp_path / "ut_kol.xlsx").sheetnames


@pytest.mark.parametrize(
    "args, words",
    [
        (("--datum", "17/1 2023"), "--datum '17/1 2023' är inget datum"),
        ((), "saknar tabellen 'Statsbidrag'"),
    ],
)
def test_cli_unusable_input_is_exit_2_one_line(tmp_path, args, words):
    wb = openpyxl.Workbook()
    wb.active.append(["Ingenting här"])
    path = tmp_path / "annan.xlsx"
    wb.save(path)
    if args:
        path = make_book(tmp_path / "ok.xlsx", [grant()], [cost()])
    done = cli("aterrapport", str(path), "-o", str(tmp_path / "ut.xlsx"), *args)
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_cli_refuses_to_overwrite_the_input(tmp_path):
    path = make_book(tmp_path / "ok.xlsx", [grant()], [cost()])
    before = sha256(path)
    done = cli("aterrapport", str(path), "-o", str(path))
    assert done.returncode == 2 and "samma fil" in done.stderr
    assert sha256(path) == before


def test_pdf_without_libreoffice_is_exit_2_before_any_work(tmp_path, monkeypatch):
    import workbooks.grant_forms.pdf as grant_pdf
    from addin.ribbon.grants import run_aterrapport
    from validation.raw_table import UnusableInput

    monkeypatch.setattr(grant_pdf, "soffice", lambda: None)
    path = make_book(tmp_path / "ok.xlsx", [grant()], [cost()])
    with pytest.raises(UnusableInput, match="kräver LibreOffice"):
        run_aterrapport(path, tmp_path / "ut.xlsx", pdf_dir=tmp_path / "pdf")
    assert not (tmp_path / "ut.xlsx").exists()


def test_submitted_report_back_gets_no_deadline_warning(tmp_path):
    """Inlämnad filled in: no reminder; submitted after the deadline: a note of that."""
    from validation.grant.register import read_grants
    from workbooks.books.xlsx_book import XlsxBook

    headers = ["Bidrag", "Myndighet", "Mottaget", "Period från", "Period till", "Återrapportering senast", "Inlämnad"]
    rows = [
        [
            "Inskickat i tid",
            "Socialstyrelsen",
            1000,
            date(2022, 1, 1),
            date(2022, 12, 31),
            date(2023, 2, 15),
            date(2023, 2, 10),
        ],
        [
            "Inskickat sent",
            "Socialstyrelsen",
            1000,
            date(2022, 1, 1),
            date(2022, 12, 31),
            date(2023, 2, 15),
            date(2023, 2, 20),
        ],
        ["Inte inskickat", "Socialstyrelsen", 1000, date(2022, 1, 1), date(2022, 12, 31), date(2023, 2, 15), None],
    ]
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Statsbidrag"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    path = tmp_path / "inlamnad.xlsx"
    wb.save(path)
    grants, findings = read_grants(XlsxBook(path), path.name, date(2023, 3, 1))
    rules = {(f.regel, f.cell) for f in findings}
    assert ("sista_dag", "F4") in rules  # not submitted, deadline passed
    assert ("inlamnad_sent", "G3") in rules  # submitted after the deadline
    assert not any(f.regel == "sista_dag" and f.cell in ("F2", "F3") for f in findings)
    assert {g.namn: g.inlamnad for g in grants}["Inskickat i tid"] == date(2023, 2, 10)


def test_money_left_without_a_reason_is_not_ready_to_sign(tmp_path):
    result = run(make_book(tmp_path / "orsak.xlsx", [grant(orsak=None)], [cost(belopp=40_000)]))
    r = only(result)
    assert r.kvarstaende == 60_000 and r.status == "Varning"
    finding = next(f for f in result.findings if f.regel == "orsak_kvarstaende_saknas")
    assert finding.cell == "L2" and "fält 3a" in finding.meddelande and "60 000 kr" in plain(finding.meddelande)
    spent = run(make_book(tmp_path / "allt.xlsx", [grant(orsak=None)], [cost(belopp=100_000)]))
    assert only(spent).status == "Klar"  # nothing left: no field 3a


def test_the_form_has_field_3a_a_signature_block_and_no_findings(tmp_path):
    from workbooks.grant_forms.form_sheet import block_sheet

    result = run(make_book(tmp_path / "form.xlsx", [grant(orsak=None, senast=date(2022, 12, 1))], [cost()]))
    r = only(result)
    assert len(r.orsaker) == 2  # the deadline and the empty field 3a, both on Valideringsfel
    texts = [c.value for line in block_sheet(r, TODAY).rows for c in line if c is not None and isinstance(c.value, str)]
    assert "3a. Orsak till kvarstående medel" in texts
    assert {"Ort och datum", "Underskrift", "Namnförtydligande", "Befattning"} <= set(texts)
    # the findings are on Valideringsfel; the form says nothing of them, nor of its status
    assert not [
        t
        for t in texts
        if "Statsbidrag!" in t
        or "passerad" in t
        or "fält 3a" in t
        or "anmärkning" in t
        or "Valideringsfel" in t
        or t == "Status"
    ]
    with_reason = run(make_book(tmp_path / "form2.xlsx", [grant()], [cost()]))
    texts = [c.value for line in block_sheet(only(with_reason), TODAY).rows for c in line if c is not None]
    assert ORSAK in texts and "Inga anmärkningar." not in texts
