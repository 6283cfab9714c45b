"""Every validation rule: rule code, severity, sheet, exact cell and a Swedish message
that says what to do; then what a refresh and the command line do with errors and warnings.

The minimal committee (``workbook_factory.minimal_rows``), Excel Tables with the header in
row 1: Installningar rows Nämnd 2, År 3, Period 4, Enhet 5, Balansgräns 6 (Värde in B);
Budget rows 2–7 (A område, B typ, C budget) in the order
IFO/Intäkter, IFO/Kostnader, Vuxna/Intäkter, Vuxna/Kostnader, Ledning/Intäkter, Ledning/Kostnader;
Utfall rows 2–91 (E Belopp), appended rows start at 92; Prognos rows 2–7 like Budget
(C Metod, D Manuell prognos, E Föregående prognos, F Kommentar).
"""

from __future__ import annotations

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from workbook_factory import AR, drop_setting, find_row, minimal_rows, setting, write_workbook

from addin.commands.cli import main
from addin.ribbon.forecast import uppdatera_prognos
from udfs.language.number_text import parse_text
from udfs.language.rounding import format_tal
from validation.findings import FEL, VARNING
from validation.forecast_tables.inputs import read_inputs
from validation.models import BudgetRow, PrognosRow, Settings
from validation.rules import RULES
from workbooks.books.xlsx_book import XlsxBook

IFO = "Individ- och familjeomsorg"
BUDGET_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]


# --- helpers -----------------------------------------------------------------------
def read(tmp_path, tables, **options):
    path = write_workbook(tmp_path / "in.xlsx", tables, **options)
    return read_inputs(XlsxBook(path))


def only(findings, regel):
    hits = [f for f in findings if f.regel == regel]
    assert len(hits) == 1, [f.one_line() for f in findings]
    return hits[0]


def check(finding, severity, sheet, cell, *phrases):
    assert (finding.allvarlighet, finding.blad, finding.cell) == (severity, sheet, cell), finding.one_line()
    for phrase in phrases:
        assert phrase in finding.meddelande, finding.meddelande


def single(tmp_path, tables, regel, **options):
    """Read ``tables``; assert the rule fired exactly once; return (inputs, finding)."""
    inputs, findings = read(tmp_path, tables, **options)
    return inputs, only(findings, regel)


# --- missing columns and settings ----------------------------------------------------
def test_missing_required_column_in_budget(tmp_path):
    tables = minimal_rows()
    headers, rows = tables["Budget"]
    tables["Budget"] = (["Verksamhetsområde", "Budget"], [[r[0], r[2]] for r in rows])
    inputs, finding = single(tmp_path, tables, "saknad_kolumn")
    assert inputs is None
    check(finding, FEL, "Budget", "A1", "saknar kolumnen 'Typ'", "Lägg till den i rubrikraden (rad 1)")


def test_missing_required_column_names_the_header_row_of_a_plain_sheet(tmp_path):
    tables = minimal_rows()
    headers, rows = tables["Prognos"]
    tables["Prognos"] = (["Verksamhetsområde", "Metod"], [[r[0], r[2]] for r in rows])
    inputs, finding = single(
        tmp_path, tables, "saknad_kolumn", as_tables={"Installningar", "Budget", "Utfall"}, rows_above={"Prognos": 2}
    )
    assert inputs is None
    check(finding, FEL, "Prognos", "A3", "saknar kolumnen 'Typ'", "Lägg till den i rubrikraden (rad 3)")


def test_utfall_without_belopp_and_without_month_columns(tmp_path):
    tables = minimal_rows()
    headers, rows = tables["Utfall"]
    tables["Utfall"] = (headers[:4], [r[:4] for r in rows])
    inputs, finding = single(tmp_path, tables, "saknad_kolumn")
    assert inputs is None
    check(finding, FEL, "Utfall", "A1", "saknar kolumnen Belopp", "Jan…Dec", "Lägg till rubrikerna i rad 1")


def test_missing_installningar_row_period(tmp_path):
    tables = minimal_rows()
    drop_setting(tables, "Period")
    inputs, finding = single(tmp_path, tables, "saknad_installning")
    assert inputs is None
    check(finding, FEL, "Inställningar", "A1", "'Period' saknas", "Lägg till en rad med Parameter 'Period'")


def test_empty_period_value_names_its_cell(tmp_path):
    tables = minimal_rows()
    setting(tables, "Period", None)
    inputs, finding = single(tmp_path, tables, "saknad_installning")
    check(finding, FEL, "Inställningar", "B4", "Lägg till")


@pytest.mark.parametrize("value, shown", [(13, "13"), ("x", "'x'"), (0, "0")])
def test_invalid_period(tmp_path, value, shown):
    tables = minimal_rows()
    setting(tables, "Period", value)
    inputs, finding = single(tmp_path, tables, "ogiltig_installning")
    assert inputs is None
    check(finding, FEL, "Inställningar", "B4", "senast stängda månad, ett heltal 1–12", f"(står: {shown})")


def test_invalid_unit(tmp_path):
    tables = minimal_rows()
    setting(tables, "Enhet", "kronor")
    inputs, finding = single(tmp_path, tables, "ogiltig_installning")
    check(finding, FEL, "Inställningar", "B5", "kr, tkr eller mnkr", "'kronor'")


# --- invalid values --------------------------------------------------------------------
def test_invalid_typ(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][3][1] = "Övrigt"  # Vuxna, row 5
    inputs, finding = single(tmp_path, tables, "ogiltigt_varde")
    assert inputs is None
    check(finding, FEL, "Budget", "B5", "Intäkter eller Kostnader", "'Övrigt'", "Välj i listan")


def test_typ_synonyms_are_accepted(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][0][1] = "intäkt"
    tables["Budget"][1][1][1] = "KOSTNAD"
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and list(inputs.budget["typ"][:2]) == ["Intäkter", "Kostnader"]


def test_invalid_metod(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1][2][2] = "Gissning"  # Vuxna / Intäkter, row 4
    inputs, finding = single(tmp_path, tables, "ogiltigt_varde")
    assert inputs is None
    check(finding, FEL, "Prognos", "C4", "Linjär, Säsong, Budgetprofil, Volym, Manuell eller tom", "'Gissning'")


def test_month_13(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1].append(["Vuxna", "Kostnader", AR - 1, 13, -5.0])  # row 92
    inputs, finding = single(tmp_path, tables, "ogiltigt_varde")
    assert inputs is None
    check(finding, FEL, "Utfall", "D92", "Månad måste vara 1–12", "(står: 13)")


def test_outcome_after_period(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1].append([IFO, "Kostnader", AR, 4, -9_000.0])  # row 92
    inputs, finding = single(tmp_path, tables, "utfall_efter_period")
    assert inputs is None
    check(finding, FEL, "Utfall", "E92", "2023-04", "Period i Inställningar är 3", "Höj Period", "ta bort utfallet")


def test_zero_after_period_is_not_an_outcome(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1].append([IFO, "Kostnader", AR, 4, 0])
    inputs, findings = read(tmp_path, tables)
    assert inputs is not None and findings == []


def test_periodised_budget_must_sum_to_budget(tmp_path):
    tables = minimal_rows()
    headers, rows = tables["Budget"]
    new_rows = [[*r, *[r[2] / 12] * 12] for r in rows]
    new_rows[3][3 + 6] += -500.0  # Vuxna / Kostnader, July 500 more cost → sums to −60 500
    tables["Budget"] = ([*headers, *BUDGET_MONTHS], new_rows)
    inputs, finding = single(tmp_path, tables, "periodisering")
    assert inputs is None
    check(
        finding,
        FEL,
        "Budget",
        "C5",
        "D5:O5",
        "summerar till \u221260\u00a0500",
        "Budget är \u221260\u00a0000",
        "Justera månaderna",
    )


def test_periodised_budget_tolerates_rounding_of_one(tmp_path):
    tables = minimal_rows()
    headers, rows = tables["Budget"]
    new_rows = [[*r, *[round(r[2] / 12) for _ in range(12)]] for r in rows]  # every budget divides by 12
    new_rows[0][3] += 1  # IFO / Intäkter one krona off
    tables["Budget"] = ([*headers, *BUDGET_MONTHS], new_rows)
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and inputs.periodised


# --- duplicates -------------------------------------------------------------------------
def test_duplicate_budget_key(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1].append(["Vuxna", "Kostnader", -1_000.0])  # row 8 repeats row 5
    inputs, finding = single(tmp_path, tables, "dubblett")
    assert inputs is None
    check(finding, FEL, "Budget", "A8", "finns redan på rad 5", "Slå ihop raderna eller ta bort dubbletten")


def test_duplicate_prognos_key(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1].append(["vuxna", "Intäkter", None, None, None, None])  # row 8 repeats row 4
    inputs, finding = single(tmp_path, tables, "dubblett")
    assert inputs is None
    check(finding, FEL, "Prognos", "A8", "finns redan på rad 4", "Ta bort dubbletten")


def test_duplicate_utfall_key_is_a_warning_and_the_amounts_are_summed(tmp_path):
    tables = minimal_rows()
    i = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Intäkter", År=AR, Månad=2)
    first = tables["Utfall"][1][i][4]
    tables["Utfall"][1].append(["Vuxna", "Intäkter", AR, 2, 100.0])  # row 92
    inputs, finding = single(tmp_path, tables, "dubblett")
    assert inputs is not None
    check(finding, VARNING, "Utfall", "E92", f"finns även på rad {i + 2}", "beloppen summeras")
    part = inputs.utfall[
        (inputs.utfall["omrade"] == "Vuxna")
        & (inputs.utfall["typ"] == "Intäkter")
        & (inputs.utfall["ar"] == AR)
        & (inputs.utfall["manad"] == 2)
    ]
    assert part["belopp"].sum() == pytest.approx(first + 100.0)


# --- unknown areas -------------------------------------------------------------------------
def test_area_in_utfall_missing_from_budget(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1].append(["Individ och familjeomsorg", "Kostnader", AR, 1, -10.0])  # row 92
    tables["Utfall"][1].append(["Individ och familjeomsorg", "Kostnader", AR, 2, -10.0])  # reported once
    inputs, finding = single(tmp_path, tables, "okant_omrade")
    assert inputs is None
    check(
        finding,
        FEL,
        "Utfall",
        "A92",
        "'Individ och familjeomsorg' finns inte i Budget",
        f"Menar du '{IFO}'?",
        "Använd samma namn som i Budget",
    )


def test_area_in_prognos_missing_from_budget(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1][4][0] = "Ledning och adm"  # row 6
    inputs, finding = single(tmp_path, tables, "okant_omrade")
    assert inputs is None
    check(
        finding,
        FEL,
        "Prognos",
        "A6",
        "'Ledning och adm' finns inte i Budget",
        "Menar du 'Ledning och administration'?",
        "Använd samma namn som i Budget",
    )


def test_unknown_area_without_a_close_match_has_no_suggestion(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1][4][0] = "Kultur"
    _, finding = single(tmp_path, tables, "okant_omrade")
    assert "Menar du" not in finding.meddelande and finding.cell == "A6"


def test_area_names_match_case_and_accent_insensitively(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1][0][0] = "INDIVID- OCH FAMILJEOMSORG"
    i = find_row(tables, "Utfall", Verksamhetsområde=IFO, Typ="Intäkter", År=AR, Månad=1)
    tables["Utfall"][1][i][0] = "individ- och familjeomsorg"
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and set(inputs.utfall["omrade"]) == {IFO, "Vuxna", "Ledning och administration"}


# --- signs ----------------------------------------------------------------------------------
def test_cost_with_wrong_sign_in_budget_is_an_error(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][3][2] = 60_000.0  # Vuxna / Kostnader, C5
    inputs, finding = single(tmp_path, tables, "fel_tecken")
    assert inputs is None
    check(finding, FEL, "Budget", "C5", "kostnader skrivs med minustecken", "Ändra till ett negativt belopp")


def test_revenue_with_wrong_sign_in_budget_is_an_error(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][2][2] = -6_000.0  # Vuxna / Intäkter, C4
    _, finding = single(tmp_path, tables, "fel_tecken")
    check(finding, FEL, "Budget", "C4", "intäkter skrivs som positiva belopp", "Ändra tecknet")


def test_cost_with_wrong_sign_in_utfall_is_a_warning(tmp_path):
    tables = minimal_rows()
    i = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Kostnader", År=AR, Månad=3)
    tables["Utfall"][1][i][4] = 4_850.0
    inputs, finding = single(tmp_path, tables, "fel_tecken")
    assert inputs is not None
    check(finding, VARNING, "Utfall", f"E{i + 2}", "kostnader skrivs med minustecken", "Ändra till ett negativt belopp")


def test_wrong_sign_last_year_is_not_flagged(tmp_path):
    # Corrections in the ledger can make a single closed month positive; only this year is checked.
    tables = minimal_rows()
    i = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Kostnader", År=AR - 1, Månad=3)
    tables["Utfall"][1][i][4] = 50.0
    inputs, findings = read(tmp_path, tables)
    assert findings == []


# --- Prognos rules --------------------------------------------------------------------------
def test_manuell_without_manuell_prognos(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1][1][2] = "Manuell"  # IFO / Kostnader, row 3
    inputs, finding = single(tmp_path, tables, "manuell_saknas")
    assert inputs is None
    check(finding, FEL, "Prognos", "C3", "Manuell prognos är tom", "Fyll i beloppet eller välj en annan metod")


def test_manuell_prognos_wins(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1][1][2:4] = ["Manuell", -118_000.0]
    path = write_workbook(tmp_path / "in.xlsx", tables)
    result = uppdatera_prognos(XlsxBook(path))
    assert result.findings == []
    assert result.report.line(IFO, "Kostnader").prognos == -118_000.0


# --- text in amount cells ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "table, row, col, cell",
    [("Budget", 3, 2, "C5"), ("Utfall", 80, 4, "E82"), ("Prognos", 3, 3, "D5"), ("Prognos", 3, 4, "E5")],
)
def test_non_numeric_text_in_an_amount_cell(tmp_path, table, row, col, cell):
    tables = minimal_rows()
    tables[table][1][row][col] = "ca 5 mkr"
    inputs, finding = single(tmp_path, tables, "inte_tal")
    assert inputs is None
    check(finding, FEL, table, cell, "'ca 5 mkr' är inte ett tal", "Skriv ett belopp", "lämna cellen tom")


def test_non_numeric_text_in_a_wide_month_cell(tmp_path):
    tables = minimal_rows()
    headers, rows = tables["Budget"]
    tables["Budget"] = ([*headers, *BUDGET_MONTHS], [[*r, *[r[2] / 12] * 12] for r in rows])
    tables["Budget"][1][0][3 + 1] = "okänt belopp"  # IFO / Intäkter Feb → E2
    inputs, findings = read(tmp_path, tables)
    finding = only(findings, "inte_tal")
    check(finding, FEL, "Budget", "E2", "'okänt belopp' är inte ett tal")


# --- a refresh with errors / with warnings only ---------------------------------------------------
def _links(ws):
    out = {}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.hyperlink is not None:
                out[cell.value] = cell.hyperlink.location or cell.hyperlink.target
    return out


def test_errors_write_only_valideringsfel_and_remove_stale_report(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][3][2] = 60_000.0  # fel_tecken (error) in C5
    tables["Utfall"][1][80][4] = "1 234,5"  # tal_som_text (warning) in E82
    path = write_workbook(
        tmp_path / "in.xlsx", tables, extra_sheets={"Avvikelse": {"A1": "gammal"}, "Sammanfattning": {"A1": "gammal"}}
    )
    book = XlsxBook(path)
    result = uppdatera_prognos(book)
    assert result.report is None and not result.ok
    assert [s.name for s in result.sheets] == ["Valideringsfel"]
    out = tmp_path / "ut.xlsx"
    book.save(out)
    wb = openpyxl.load_workbook(out)
    assert (
        "Avvikelse" not in wb.sheetnames and "Sammanfattning" not in wb.sheetnames and "Metodval" not in wb.sheetnames
    )
    ws = wb["Valideringsfel"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("Fel", "Budget", "C5", RULES["fel_tecken"].title)  # errors first; the rule's title
    assert ("Varning", "Utfall", "E82", RULES["tal_som_text"].title) in [r[:4] for r in rows]
    assert wb.active.title == "Valideringsfel"


def test_warnings_only_give_the_full_report_and_linked_valideringsfel(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1][80][4] = "1 234,5"  # E82
    i = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Kostnader", År=AR, Månad=2)
    tables["Utfall"][1][i][4] = "saknas"
    setting(tables, "Balansgräns", 0.5)  # B6
    inp = write_workbook(tmp_path / "in.xlsx", tables)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(inp), "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    for name in ("Sammanfattning", "Avvikelse", "Metodval", "Valideringsfel"):
        assert name in wb.sheetnames
    assert "Avvikelse" in wb["Avvikelse"].tables
    ws = wb["Valideringsfel"]
    assert [c.value for c in ws[1]] == ["Allvarlighet", "Blad", "Cell", "Regel", "Meddelande"]
    rows = [r[:4] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert sorted(rows) == sorted(
        [
            ("Varning", "Inställningar", "B6", RULES["balansgrans_procent"].title),
            ("Varning", "Utfall", f"E{i + 2}", RULES["platshallare"].title),
            ("Varning", "Utfall", "E82", RULES["tal_som_text"].title),
        ]
    )
    links = _links(ws)
    assert links["B6"].lstrip("#") == "'Inställningar'!B6"
    assert links["E82"].lstrip("#") == "'Utfall'!E82"
    assert links[f"E{i + 2}"].lstrip("#") == f"'Utfall'!E{i + 2}"


def test_cli_exit_1_on_validation_errors(tmp_path, capsys):
    tables = minimal_rows()
    tables["Prognos"][1][1][2] = "Manuell"
    inp = write_workbook(tmp_path / "in.xlsx", tables)
    before = inp.read_bytes()
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(inp), "-o", str(out)]) == 1
    assert inp.read_bytes() == before  # input never modified
    wb = openpyxl.load_workbook(out)
    assert "Valideringsfel" in wb.sheetnames and "Avvikelse" not in wb.sheetnames
    printed = capsys.readouterr().out
    assert "Prognos!C3" in printed and "Valideringsfel" in printed


def test_cli_exit_0_without_findings(tmp_path, capsys):
    inp = write_workbook(tmp_path / "in.xlsx", minimal_rows())
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(inp), "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["Valideringsfel"]
    assert ws["A2"].value == "OK"
    assert "Skrev" in capsys.readouterr().out


@pytest.mark.parametrize(
    "missing, named", [("Budget", "'Budget'"), ("Utfall", "'Utfall'"), ("Installningar", "'Installningar'")]
)
def test_missing_table_exits_2_with_one_swedish_line(tmp_path, capsys, missing, named):
    tables = minimal_rows()
    del tables[missing]
    inp = write_workbook(tmp_path / "in.xlsx", tables)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(inp), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    lines = [ln for ln in captured.err.splitlines() if ln.strip()]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("Fel: in.xlsx: arbetsboken saknar tabellen")
    assert named in lines[0] and "prognos mall" in lines[0]
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    assert not out.exists()


def test_missing_prognos_table_is_fine(tmp_path):
    tables = minimal_rows()
    del tables["Prognos"]
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and inputs.prognos.empty


# --- pydantic models and number text ----------------------------------------------------------------
@given(st.integers(min_value=-(10**12), max_value=10**12), st.booleans())
def test_parse_text_inverts_format_tal_for_integers(n, tecken):
    assert parse_text(format_tal(n, 0, tecken=tecken)) == n


@given(st.integers(min_value=-(10**11), max_value=10**11), st.booleans())
def test_parse_text_inverts_format_tal_for_one_decimal(n, tecken):
    value = n / 10
    text = format_tal(value, 1, tecken=tecken)
    assert "," in text and "." not in text
    assert parse_text(text) == value


def test_models_normalise_and_reject():
    assert BudgetRow(omrade=" Vuxna ", typ="kostnad", budget=-1.0).typ == "Kostnader"
    assert PrognosRow(omrade="Vuxna", typ="Intäkter", metod="linjart").metod == "Linjär"
    assert PrognosRow(omrade="Vuxna", typ="Intäkter", metod="  ").metod is None
    settings = Settings(namnd="SN", ar=2023.0, period=4.0, enhet=" TKR ")
    assert (settings.ar, settings.period, settings.enhet, settings.balansgrans) == (2023, 4, "tkr", 0.005)
    with pytest.raises(ValueError):
        Settings(namnd="SN", ar=2023, period=4.5)
    with pytest.raises(ValueError):
        BudgetRow(omrade="", typ="Intäkter", budget=1.0)


def test_typed_total_rows_are_left_out_not_counted_twice(tmp_path):
    """A Totalt row in Budget would double the budget; it is left out with a warning, and one
    that does not match its rows is an error."""
    from conftest import EXAMPLE

    from addin.ribbon.forecast import uppdatera_prognos
    from workbooks.books.xlsx_book import XlsxBook

    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Budget"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    costs = sum(r[header.index("Budget")] for r in rows if r[header.index("Typ")] == "Kostnader")
    table = ws.tables["Budget"]
    last = ws.max_row + 1
    ws.cell(last, header.index("Verksamhetsområde") + 1).value = "Totalt"
    ws.cell(last, header.index("Typ") + 1).value = "Kostnader"
    ws.cell(last, header.index("Budget") + 1).value = costs
    table.ref = f"A1:{openpyxl.utils.get_column_letter(len(header))}{last}"
    path = tmp_path / "med_totalrad.xlsx"
    wb.save(path)
    result = uppdatera_prognos(XlsxBook(path))
    assert result.ok
    assert any(f.regel == "summarad" and f.blad == "Budget" and f.cell == f"A{last}" for f in result.warnings)
    assert result.report.totals()["Kostnader"]["budget"] == costs  # not 2 × costs
    assert "Totalt" not in result.report.areas

    ws.cell(last, header.index("Budget") + 1).value = costs - 5000  # a typed total that is wrong
    wb.save(path)
    result = uppdatera_prognos(XlsxBook(path))
    assert any(f.regel == "summarad_avviker" and f.cell == f"C{last}" for f in result.errors)


def test_costs_typed_positive_with_the_convention_in_installningar(tmp_path):
    """'Kostnader: positiva' is the sign convention as explicit data: every cost amount is
    read as a cost, the report is the same as with minus signs, and a negative cost is then
    the one flagged."""
    from conftest import EXAMPLE

    from addin.ribbon.forecast import uppdatera_prognos
    from workbooks.books.xlsx_book import XlsxBook

    reference = uppdatera_prognos(XlsxBook(EXAMPLE)).report.totals()
    wb = openpyxl.load_workbook(EXAMPLE)
    for sheet, columns in (
        ("Budget", ("Budget",)),
        ("Utfall", ("Belopp",)),
        ("Prognos", ("Manuell prognos", "Föregående prognos")),
    ):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        typ = header.index("Typ") + 1
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, typ).value == "Kostnader":
                for name in columns:
                    cell = ws.cell(r, header.index(name) + 1)
                    if isinstance(cell.value, (int, float)):
                        cell.value = -cell.value
    settings = wb["Inställningar"]
    row = settings.max_row + 1
    settings.cell(row, 1).value, settings.cell(row, 2).value = "Kostnader", "positiva"
    settings.tables["Installningar"].ref = f"A1:C{row}"
    path = tmp_path / "positiva.xlsx"
    wb.save(path)
    result = uppdatera_prognos(XlsxBook(path))
    assert result.ok, [f.one_line() for f in result.errors[:5]]
    assert result.report.totals() == reference
    # the December correction of +22 in the example is now typed −22: a cost with the wrong sign
    assert all(f.regel != "fel_tecken" or "utan minustecken" in f.meddelande for f in result.findings)

    ws = wb["Budget"]
    header = [c.value for c in ws[1]]
    ws.cell(3, header.index("Budget") + 1).value = -1000  # a cost with a minus sign: wrong here
    wb.save(path)
    result = uppdatera_prognos(XlsxBook(path))
    finding = next(f for f in result.errors if f.regel == "fel_tecken")
    assert finding.cell == "C3" and "Kostnader: positiva" in finding.meddelande
