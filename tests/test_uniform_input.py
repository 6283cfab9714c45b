"""One set of bounds and cleaning for every text and amount, whatever table or shape it came
from (issue 21, item 2): absurd amounts and unit text in a ledger export as in the typed
tables, control characters as Excel stores them (``_x0001_``, ``_x000B_``) in any text on
every writer (sheets, Word, the grant PDF), code characters that only look like digits, area
names that differ only in case, spacing or composition. Hostile workbooks built here."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import huvudbok_hjalp as hb
import openpyxl
import pytest
from batch_hjalp import run_cli
from workbook_factory import minimal_rows, write_workbook

from validation.forecast_tables.inputs import read_inputs
from workbooks.books.xlsx_book import XlsxBook

EXAMPLES = Path(__file__).resolve().parents[1] / "workbooks" / "exempel"


# --- amounts in a ledger export ----------------------------------------------------------------
@pytest.mark.parametrize("value", [1e300, -1e300, 2.0**70, "9" * 400, "1e400"])
def test_absurd_ledger_amount_is_an_error_at_its_cell(tmp_path, value):
    rows = hb.utfall_rows()
    rows[5][4] = value
    path = hb.write(tmp_path / "orimligt.xlsx", hb.tables(rows))
    inputs, findings = hb.read(path)
    assert inputs is None
    bad = [f for f in findings if f.regel in ("orimligt_belopp", "inte_tal")]
    assert [(f.blad, f.cell) for f in bad] == [("Utfall", "E7")]  # data row 5 is sheet row 7
    assert not any("inf" in f.meddelande or "e+" in f.meddelande for f in findings)


def test_absurd_ledger_amount_gives_exit_1_not_a_crash(tmp_path):
    rows = hb.utfall_rows()
    rows[0][4] = 1e308
    rows[1][4] = 1e308
    path = hb.write(tmp_path / "orimligt.xlsx", hb.tables(rows))
    done = run_cli("uppdatera", path, "-o", tmp_path / "ut.xlsx")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Oväntat fel" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "typed, rule", [("5 tkr", "annan_enhet_i_cell"), ("−1,2 mnkr", "annan_enhet_i_cell"), ("1 200 kr", "tal_som_text")]
)
def test_unit_text_in_ledger_amounts(tmp_path, typed, rule):
    rows = hb.utfall_rows()
    rows[2][4] = typed
    inputs, findings = hb.read(hb.write(tmp_path / "enhet.xlsx", hb.tables(rows)))
    hit = [f for f in findings if f.cell == "E4"]
    assert [f.regel for f in hit] == [rule]
    assert (inputs is None) == (rule == "annan_enhet_i_cell")
    if rule == "annan_enhet_i_cell":
        assert "kr" in hit[0].meddelande and "Huvudbok i" in hit[0].meddelande


# --- look-alike digits ----------------------------------------------------------------------------
@pytest.mark.parametrize("column, value", [(0, "41²0"), (0, "4①10"), (2, "46¹0")])
def test_lookalike_digit_in_a_ledger_code_is_an_error_at_the_cell(tmp_path, column, value):
    rows = hb.utfall_rows()
    rows[3][column] = value
    path = hb.write(tmp_path / "kod.xlsx", hb.tables(rows))
    inputs, findings = hb.read(path)
    bad = [f for f in findings if f.regel == "ogiltig_kod"]
    letter = "AC"[column // 2]
    assert inputs is None and [(f.blad, f.cell) for f in bad] == [("Utfall", f"{letter}5")]
    odd = next(ch for ch in value if ch.isdigit() and not ch.isdecimal())
    assert odd in bad[0].meddelande and "siffr" in bad[0].meddelande


def test_lookalike_digit_in_the_kodplan_is_an_error_not_a_crash(tmp_path):
    kodplan = [["4100-41⁹9", "Barn och unga"], ["42*", "Vuxna"], ["5000", "Stab"]]
    inputs, findings = hb.read(hb.write(tmp_path / "kodplan.xlsx", hb.tables(kodplan=kodplan)))
    bad = [f for f in findings if f.regel == "ogiltig_kod"]
    assert inputs is None and [(f.blad, f.cell) for f in bad] == [("Kodplan", "A2")] and "⁹" in bad[0].meddelande


def test_digits_int_reads_are_the_ascii_code(tmp_path):
    """Full-width and Arabic-Indic digits are digits int() reads: the same code."""
    rows = hb.utfall_rows()
    for row in rows:
        if row[0] == 5000:
            row[0] = "５０００" if row[4] < 0 else "٥٠٠٠"
    inputs, findings = hb.read(hb.write(tmp_path / "bred.xlsx", hb.tables(rows)))
    assert inputs is not None, [f.meddelande for f in findings if f.is_error]
    reference, _ = hb.read(hb.write(tmp_path / "ref.xlsx", hb.tables()))
    assert (
        inputs.utfall.groupby("omrade")["belopp"].sum().to_dict()
        == reference.utfall.groupby("omrade")["belopp"].sum().to_dict()
    )


# --- area names -----------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["vuxna", "VUXNA", "Vuxna  ", " Vux na"[0:0] + "Vuxna\u00a0", "Vuxna\u200b"[:5]])
def test_area_spelled_two_ways_in_budget_is_one_area(tmp_path, variant):
    tables = minimal_rows()
    rows = tables["Budget"][1]
    row = next(r for r in rows if r[0] == "Vuxna" and r[1] == "Kostnader")
    row[0] = variant
    inputs, findings = read_inputs(XlsxBook(write_workbook(tmp_path / "namn.xlsx", tables)), "namn.xlsx")
    assert inputs is not None, [f.meddelande for f in findings if f.is_error]
    assert inputs.areas == ["Individ- och familjeomsorg", "Vuxna", "Ledning och administration"]
    vuxna = inputs.budget[inputs.budget["omrade"] == "Vuxna"]
    assert sorted(vuxna["budget"]) == [-60_000.0, 6_000.0]


def test_decomposed_area_name_is_the_same_area(tmp_path):
    """ "Äldreomsorg" typed with a combining diaeresis (NFD) is the NFC name."""
    tables = minimal_rows()
    for table in ("Budget", "Utfall", "Prognos"):
        for row in tables[table][1]:
            if row[0] == "Vuxna":
                row[0] = "Äldre vuxna" if row[1] == "Intäkter" else unicodedata.normalize("NFD", "Äldre vuxna")
    inputs, findings = read_inputs(XlsxBook(write_workbook(tmp_path / "nfd.xlsx", tables)), "nfd.xlsx")
    assert inputs is not None and inputs.areas.count("Äldre vuxna") == 1 and len(inputs.areas) == 3


def test_kodplan_area_spelled_two_ways_is_one_area(tmp_path):
    kodplan = [["4100-4199", "Barn och unga"], ["42*", "Vuxna"], ["5000", "barn och  UNGA"]]
    tables = hb.tables(kodplan=kodplan)
    inputs, findings = hb.read(hb.write(tmp_path / "kodplan.xlsx", tables))
    assert inputs is not None, [f.meddelande for f in findings if f.is_error]
    assert inputs.areas == ["Barn och unga", "Vuxna"]


# --- control characters -------------------------------------------------------------------------------
def with_control_characters(tmp_path: Path) -> Path:
    """Control characters as Excel stores them in a Kommentar, an area name, the Nämnd, an
    explanation item and an investment project."""
    tables = minimal_rows()
    tables["Installningar"][1][0][1] = "Social_x000B_nämnden"
    for table in ("Budget", "Utfall", "Prognos"):
        for row in tables[table][1]:
            if row[0] == "Vuxna":
                row[0] = "Vuxna_x0001_"
    prognos = tables["Prognos"][1]
    prognos[0][5] = "Fler placeringar_x0001_ än väntat._x000B_Se bilaga_x001F_."
    tables["Atgarder"] = (["Post", "Belopp", "Kommentar"], [["Vakanser_x0002_", 4_000, "Fem_x0008_ tjänster"]])
    tables["Investeringar"] = (
        ["Projekt", "Budget", "Utfall period", "Prognos"],
        [["Lokaler_x0003_", -1_000, -200, -900]],
    )
    return write_workbook(
        tmp_path / "styrtecken.xlsx", tables, sheet_names={"Atgarder": "Åtgärder", "Investeringar": "Investeringar"}
    )


def texts_of_workbook(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str))


def no_control(text: str) -> bool:
    return not any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


def test_control_characters_in_any_text_do_not_stop_uppdatera(tmp_path):
    path = with_control_characters(tmp_path)
    out = tmp_path / "ut.xlsx"
    done = run_cli("uppdatera", path, "-o", out)
    assert done.returncode == 0, done.stdout + done.stderr
    wb = openpyxl.load_workbook(out)
    for name in ("Sammanfattning", "Rapport", "Avvikelse", "Förklaringsposter", "Investeringsredovisning"):
        text = "\n".join(str(c.value) for row in wb[name].iter_rows() for c in row if isinstance(c.value, str))
        assert no_control(text), name
    assert "Fler placeringar än väntat. Se bilaga ." in texts_of_workbook(out)  # what the unit wrote, readable


def test_control_characters_do_not_stop_rapport(tmp_path):
    path = with_control_characters(tmp_path)
    out = tmp_path / "ekonomi.docx"
    done = run_cli("rapport", path, "-o", out)
    assert done.returncode == 0, done.stdout + done.stderr
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "Vuxna" in text and "Socialnämnden" in text.replace(" ", "") or "Social nämnden" in text
    assert no_control(text)


def test_control_characters_do_not_stop_aterrapport(tmp_path):
    source = EXAMPLES / "botkyrka_statsbidrag_2022.xlsx"
    wb = openpyxl.load_workbook(source)
    ws = wb["Statsbidrag"]
    for row in ws.iter_rows(min_row=2, max_row=2):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 3:
                cell.value = cell.value[:3] + "_x0001_" + cell.value[3:] + "_x000B_"
    path = tmp_path / "bidrag.xlsx"
    wb.save(path)
    done = run_cli("aterrapport", path, "-o", tmp_path / "ut.xlsx", "--pdf", tmp_path / "pdf")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "Oväntat fel" not in done.stdout + done.stderr
    assert no_control(texts_of_workbook(tmp_path / "ut.xlsx"))
