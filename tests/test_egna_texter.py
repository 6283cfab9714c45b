"""The economist's own words as data (issue 20, item 4): Texter, Orsaker and the action plan
Åtgärder read, checked (a bad cell is a Swedish message at that cell), computed and placed
where the paper has them; an old Åtgärder sheet (Post, Belopp) read as Orsaker with a warning;
the previous round's name ("jämfört med prognosen i mars")."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import EXAMPLE
from workbook_factory import minimal_rows, setting, write_workbook

from addin.commands.cli import main
from addin.commands.uppdatera import run_uppdatera
from udfs.language.number_format import format_tal
from udfs.section.assembly import section
from udfs.section.forecast_change import phrase
from udfs.section.own_words import paragraphs
from workbooks.report.paper import sections as paper_sections

SHEETS = {"Atgarder": "Åtgärder"}


def _run(tmp_path, tables, **kw):
    path = write_workbook(tmp_path / "in.xlsx", tables, sheet_names=SHEETS, **kw)
    return run_uppdatera(path, tmp_path / "ut.xlsx", show_progress=False)


def _own_tables():
    tables = minimal_rows()
    tables["Texter"] = (
        ["Avsnitt", "Text"],
        [
            ["Nämnden", "Nämndens första stycke.\nNämndens andra stycke."],
            ["Vuxna", "Om vuxna.\n- punkt ett\n• punkt två"],
            ["vuxna", "Ett stycke till, i tabellens ordning."],
            ["Åtgärder", "Handlingsplanen följs upp varje månad."],
        ],
    )
    tables["Orsaker"] = (
        ["Verksamhetsområde", "Orsak", "Belopp", "Kommentar"],
        [
            ["Vuxna", "Vakanta tjänster", 1_500, None],
            [None, "Lägre kapitalkostnader", 500, "Hela förvaltningen"],
            ["Individ- och familjeomsorg", "Fler placeringar i jourhem", None, None],
        ],
    )
    tables["Atgarder"] = (
        [
            "Åtgärd",
            "Verksamhetsområde",
            "Beslutsdatum",
            "Effekt helår",
            "Varav personal",
            "Full effekt från",
            "Status",
            "Kommentar",
        ],
        [
            [
                "Minska inhyrd personal",
                "Vuxna",
                dt.datetime(2024, 2, 15),
                1_200,
                800,
                "2024-03",
                "Pågår",
                "Beslut i nämnden",
            ],
            ["Se över lokaler", None, None, None, None, None, "Ej påbörjad", None],
        ],
    )
    return tables


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    res = _run(tmp_path_factory.mktemp("egna"), _own_tables())
    assert res.ok, [f.meddelande for f in res.errors]
    return res


def test_a_typed_text_is_paragraphs_and_bullets():
    assert paragraphs(" Ett.\r\nTvå.\n\n- tre\n• fyra\n–  fem\n") == ["Ett.", "Två.", "• tre", "• fyra", "• fem"]
    assert paragraphs(None) == [] and paragraphs("-7 934 tkr") == ["-7 934 tkr"]  # a number is not a bullet


def test_texts_by_place_and_area_in_table_order(own):
    words = own.report.own_words
    assert words.place("namnden") == ["Nämndens första stycke.", "Nämndens andra stycke."]
    assert words.area("Vuxna")[:4] == [
        "Om vuxna.",
        "• punkt ett",
        "• punkt två",
        "Ett stycke till, i tabellens ordning.",
    ]
    plan = section(own.report, "handlingsplan")
    assert plan.own_words == ["Handlingsplanen följs upp varje månad."]  # the paper prints it first


def test_causes_bullets_and_explained_share(own):
    report = own.report
    vuxna = report.own_words.area("Vuxna")
    assert vuxna[4:6] == ["Avvikelsen förklaras främst av följande:", "• Vakanta tjänster (+1,5 miljoner kronor)"]
    assert report.own_words.area("Individ- och familjeomsorg")[-1] == "• Fler placeringar i jourhem"
    causes = section(report, "orsaker")
    rows = {r.values.get("orsak") or r.values.get("omrade"): r.values for r in causes.rows}
    assert rows["Vakanta tjänster"]["omrade"] == "Vuxna" and rows["Lägre kapitalkostnader"]["omrade"] == "Hela nämnden"
    assert "Fler placeringar i jourhem" not in rows  # no amount: a bullet under its area only
    assert rows["Summa orsaker"]["belopp"] == 2_000
    net = report.totals()["Netto"]
    deviation = net["prognos"] - net["budget"]
    assert rows["Avvikelse mot budget"]["belopp"] == pytest.approx(deviation)
    assert rows["Ej förklarat"]["belopp"] == pytest.approx(deviation - 2_000)
    word = "överskottet" if deviation >= 0 else "underskottet"
    share = f"Orsakerna förklarar 2,0 av {format_tal(abs(deviation) / 1000, 1)} miljoner kronor av {word} mot budget."
    if deviation > 0:
        assert share in causes.sentences
    else:  # amounts against the deviation: a warning, not a sentence in the paper
        assert any(f.regel == "orsaker_mot_avvikelsen" for f in own.findings)


def test_action_plan_section_and_sheet(own):
    plan = section(own.report, "handlingsplan")
    first, second = plan.rows[0].values, plan.rows[1].values
    assert (first["atgard"], first["omrade"], first["beslutsdatum"], first["full_effekt"], first["status"]) == (
        "Minska inhyrd personal",
        "Vuxna",
        "2024-02-15",
        "mars 2024",
        "Pågår",
    )
    assert (first["effekt"], first["varav_personal"]) == (1_200, 800)
    assert second["effekt"] is None and second["beslutsdatum"] is None  # unknown stays empty, never 0
    assert plan.rows[2].values["effekt"] == 1_200 and plan.rows[2].values["atgard"] == "Summa åtgärder"
    assert (
        "Åtgärderna beräknas ge 1,2 miljoner kronor för helåret, varav 0,8 miljoner kronor avser personal; "
        "för 1 åtgärd är effekten ännu inte beräknad."
    ) in plan.sentences
    sheet = next(s for s in own.sheets if s.name == "Handlingsplan")
    values = sheet.values()
    header = next(r for r in values if r and r[0] == "Åtgärd")
    assert header == [
        "Åtgärd",
        "Verksamhetsområde",
        "Beslutsdatum",
        "Effekt helår",
        "Varav personal",
        "Full effekt från",
        "Status",
        "Kommentar",
    ]
    assert any(r and r[0] == "Minska inhyrd personal" and r[5] == "mars 2024" for r in values)


def test_paper_places_the_words(own):
    report = own.report
    parts = paper_sections(report)
    assert parts[0].paragraphs[:2] == ["Nämndens första stycke.", "Nämndens andra stycke."]
    # an area's own words right under the paper's explanation of the area, in its own part
    area = next(p for p in parts if p.key == "omrade:Vuxna")
    assert area.paragraphs[0].startswith("Verksamhetsområdet vuxna prognostiserar")
    assert area.paragraphs[1:5] == report.own_words.area("Vuxna")[:4]
    plan = next(p for p in parts if p.title.startswith("Åtgärder"))
    assert plan.paragraphs[0] == "Handlingsplanen följs upp varje månad."
    # the paper's table leaves out the columns no action fills (here none is empty but Kommentar's second row)
    assert plan.tables[0].headers[:3] == ["Åtgärd", "Verksamhetsområde", "Beslutsdatum"]


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    tables = minimal_rows()
    tables["Texter"] = (["Avsnitt", "Text"], [["Investeringsplan", "Text."], [None, "Utan avsnitt."]])
    tables["Orsaker"] = (
        ["Verksamhetsområde", "Orsak", "Belopp"],
        [["Vuxen", "Vakanser", 100], ["Vuxna", "Vakanser", "mycket"], ["Vuxna", None, 300]],
    )
    tables["Atgarder"] = (
        ["Åtgärd", "Beslutsdatum", "Full effekt från", "Status"],
        [
            ["Åtgärd A", "förra veckan", None, "Pågår"],
            ["Åtgärd B", "03/04/23", None, None],
            ["Åtgärd C", None, None, "Klar"],
        ],
    )
    tmp = tmp_path_factory.mktemp("fel")
    path = write_workbook(tmp / "in.xlsx", tables, sheet_names=SHEETS)
    return path, run_uppdatera(path, tmp / "ut.xlsx", show_progress=False)


@pytest.mark.parametrize(
    "sheet,cell,rule,words",
    [
        ("Texter", "A2", "okant_avsnitt", ["'Investeringsplan' finns inte i rapporten", "Menar du 'Investeringar'?"]),
        ("Texter", "A3", "ogiltigt_varde", ["Avsnitt saknas"]),
        ("Orsaker", "A2", "okant_omrade", ["'Vuxen' finns inte i Budget", "Menar du 'Vuxna'?"]),
        ("Orsaker", "C3", "inte_tal", ["'mycket' är inte ett tal"]),
        ("Orsaker", "B4", "ogiltigt_varde", ["Orsak saknas"]),
        ("Åtgärder", "B2", "inte_datum", ["'förra veckan' är inget datum", "ÅÅÅÅ-MM-DD"]),
        ("Åtgärder", "B3", "tvetydigt_datum", ["kan betyda"]),
        (
            "Åtgärder",
            "D4",
            "ogiltigt_varde",
            ["'Klar' är ingen status", "Ej påbörjad, Beslutad, Pågår, Genomförd eller Avbruten"],
        ),
    ],
)
def test_bad_cells_are_swedish_errors_at_the_cell(bad, sheet, cell, rule, words):
    _path, res = bad
    assert not res.ok
    hits = [f for f in res.errors if (f.blad, f.cell, f.regel) == (sheet, cell, rule)]
    assert len(hits) == 1, [(f.blad, f.cell, f.regel, f.meddelande) for f in res.errors]
    for w in words:
        assert w in hits[0].meddelande


def test_bad_cells_give_exit_1_and_no_traceback(bad, tmp_path, capsys):
    path, _res = bad
    assert main(["uppdatera", str(path), "-o", str(tmp_path / "ut.xlsx")]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "Texter" in out.out + out.err  # the errors are listed, naming the sheet


def test_warnings_that_do_not_stop_the_report(tmp_path):
    tables = minimal_rows()
    tables["Texter"] = (["Avsnitt", "Text"], [["Investeringar", "Om investeringarna."]])
    tables["Orsaker"] = (
        ["Verksamhetsområde", "Orsak", "Belopp"],
        [["Vuxna", "Vakanser", 100], ["Vuxna", "A", 50], [None, "Totalt", 200]],
    )
    tables["Atgarder"] = (["Åtgärd", "Effekt helår", "Varav personal"], [["Färre chefer", 300, 500]])
    res = _run(tmp_path, tables)
    assert res.ok, [f.meddelande for f in res.errors]
    found = {(f.blad, f.cell, f.regel): f.meddelande for f in res.warnings}
    assert "tabellen Investeringar saknas eller är tom" in found[("Texter", "B2", "avsnitt_utan_innehall")]
    assert "anger 200 men raderna ovanför summerar till 150" in found[("Orsaker", "C4", "tryckt_summa_avviker")]
    assert "Varav personal (500) är större än Effekt helår (300)" in found[("Åtgärder", "C2", "varav_over_effekt")]
    rows = [r.values.get("orsak") for r in section(res.report, "orsaker").rows]
    assert "Totalt" not in rows and rows[:2] == ["Vakanser", "A"]


@pytest.mark.parametrize("as_tables", [True, False])
def test_old_atgarder_sheet_is_read_as_orsaker_with_a_warning(tmp_path, as_tables):
    tables = minimal_rows()
    tables["Atgarder"] = (
        ["Post", "Belopp", "Kommentar"],
        [["Vakanser", 1_500, "Färre anställda"], ["Migrationsverket", 700, None]],
    )
    res = _run(tmp_path, tables, as_tables=True if as_tables else {"Installningar", "Budget", "Utfall", "Prognos"})
    assert res.ok, [f.meddelande for f in res.errors]
    warning = [f for f in res.warnings if f.regel == "atgarder_som_orsaker"]
    assert [(f.blad, f.cell) for f in warning] == [("Åtgärder", "A1")]
    assert "läser raderna som Orsaker" in warning[0].meddelande and "bladet Orsaker" in warning[0].meddelande
    keys = {s.key for s in res.report.sections}
    assert "orsaker" in keys and "handlingsplan" not in keys
    rows = {r.values.get("orsak") or r.values.get("omrade"): r.values for r in section(res.report, "orsaker").rows}
    assert rows["Vakanser"]["belopp"] == 1_500 and rows["Vakanser"]["omrade"] == "Hela nämnden"
    assert rows["Vakanser"]["kommentar"] == "Färre anställda" and rows["Summa orsaker"]["belopp"] == 2_200


def test_previous_round_named_from_history_in_the_example(tmp_path):
    res = run_uppdatera(EXAMPLE, tmp_path / "ut.xlsx", show_progress=False)
    assert res.report.foregaende_omgang == "Mars"  # the Prognoshistorik round equal to Föregående prognos
    change = section(res.report, "prognosforandring")
    assert "Prognosen har försämrats med 2,2 miljoner kronor jämfört med prognosen i mars." in change.sentences
    assert [c.header for c in change.columns][1] == "Prognos mars"
    assert (
        "Prognosen har försämrats med 2,2 miljoner kronor jämfört med prognosen i mars." in res.report.summary.committee
    )


def test_previous_round_from_the_setting(tmp_path):
    tables = minimal_rows()
    for row in tables["Prognos"][1]:
        row[4] = -1_000.0 if row[1] == "Kostnader" else 0.0  # Föregående prognos
    setting(tables, "Föregående omgång", "Oktober")
    res = _run(tmp_path, tables)
    assert res.ok
    assert res.report.foregaende_omgang == "Oktober"
    assert section(res.report, "prognosforandring").sentences[0].endswith("jämfört med prognosen i oktober.")


@pytest.mark.parametrize(
    "name,said",
    [
        ("Mars", "prognosen i mars"),
        ("Delår 1", "prognosen i delår 1"),
        ("KF-prognos", "prognosen i KF-prognos"),
        ("prognosen i maj", "prognosen i maj"),
        (None, "föregående prognos"),
        ("  ", "föregående prognos"),
    ],
)
def test_phrase_of_a_round(name, said):
    assert phrase(name) == said


def test_the_example_carries_the_papers_words():
    """The bundled example's tables are the data quoted from the paper (workbooks/exempel/botkyrka_texter.py),
    the amounts those of the paper's table of explanation items (shared/data), summing to 38 179 tkr."""
    import csv

    import openpyxl
    from conftest import SHARED_DATA

    from workbooks.exempel import botkyrka_texter as data

    wb = openpyxl.load_workbook(EXAMPLE)
    rows = {
        name: [list(r) for r in wb[name].iter_rows(min_row=1, values_only=True)]
        for name in ("Texter", "Orsaker", "Åtgärder")
    }
    assert rows["Texter"] == [data.TEXTER_RUBRIKER, *data.TEXTER]
    assert rows["Åtgärder"] == [data.ATGARDER_RUBRIKER, *data.ATGARDER]
    assert [r[:2] for r in rows["Orsaker"][1:]] == [[area, orsak] for area, orsak, _post in data.ORSAKER]
    with (SHARED_DATA / "botkyrka_sn_2023_atgarder_tkr.csv").open(encoding="utf-8") as handle:
        paper = {r["post"]: int(r["belopp"]) for r in csv.DictReader(handle)}
    amounts = [r[2] for r in rows["Orsaker"][1:] if r[2] is not None]
    assert sorted(amounts) == sorted(paper.values()) and sum(amounts) == 38_179
