"""Reading the workbook contract: tables by name, sheet fallback, headers, forms, units, number text.

Every workbook here is written by ``workbook_factory`` from Python data; the minimal
committee has three areas (Budget rows 2–7, Utfall rows 2–91, Prognos rows 2–7) in tkr,
År 2023, Period 3.
"""

from __future__ import annotations

import pytest
from workbook_factory import (
    AR,
    AREAS,
    BUDGET,
    find_row,
    minimal_rows,
    monthly_outcome,
    setting,
    utfall_wide,
    write_workbook,
)

from addin.ribbon.forecast import uppdatera_prognos
from validation.contract import BUDGET as BUDGET_SPEC
from validation.contract import INSTALLNINGAR, UTFALL, match_columns
from validation.findings import FEL, VARNING
from validation.forecast_tables.inputs import read_inputs
from workbooks.books.xlsx_book import XlsxBook


# --- helpers -----------------------------------------------------------------------
def read(tmp_path, tables, name="in.xlsx", **options):
    path = write_workbook(tmp_path / name, tables, **options)
    return read_inputs(XlsxBook(path))


def report(tmp_path, tables, name="in.xlsx", **options):
    """The report numbers per (area, typ) after a refresh, plus the findings."""
    path = write_workbook(tmp_path / name, tables, **options)
    result = uppdatera_prognos(XlsxBook(path))
    assert result.report is not None, [f.one_line() for f in result.errors]
    numbers = {
        (line.omrade, line.typ): {k: v for k, v in vars(line).items() if k not in ("omrade", "typ")}
        for line in result.report.lines
    }
    return numbers, result.findings


def only(findings, regel):
    hits = [f for f in findings if f.regel == regel]
    assert len(hits) == 1, [f.one_line() for f in findings]
    return hits[0]


def assert_same_numbers(a, b):
    assert a.keys() == b.keys()
    for key in a:
        for field, value in a[key].items():
            other = b[key][field]
            if isinstance(value, float):
                assert other == pytest.approx(value, abs=1e-6), (key, field)
            else:
                assert other == value, (key, field)


def budget_total():
    return sum(inc + cost for inc, cost in BUDGET.values())


# --- Excel Tables and the sheet-name fallback -------------------------------------
def test_minimal_workbook_reads_without_findings(tmp_path):
    inputs, findings = read(tmp_path, minimal_rows())
    assert findings == []
    assert inputs.areas == list(AREAS)
    assert (inputs.settings.namnd, inputs.settings.ar, inputs.settings.period) == ("Testnämnden", 2023, 3)
    assert inputs.settings.enhet == "tkr" and inputs.settings.balansgrans == pytest.approx(0.005)
    assert inputs.budget["budget"].sum() == pytest.approx(budget_total())
    assert len(inputs.utfall) == 90


def test_excel_table_is_found_by_name_on_any_sheet(tmp_path):
    tables = minimal_rows()
    # Budget and Prognos share a sheet "Data" (Prognos starts in column E); Utfall lives on "Blad7".
    path = write_workbook(
        tmp_path / "in.xlsx",
        tables,
        sheet_names={"Budget": "Data", "Prognos": "Data", "Utfall": "Blad7", "Installningar": "Parametrar"},
    )
    book = XlsxBook(path)
    raw = book.table(BUDGET_SPEC)
    assert (raw.sheet, raw.first_row, raw.first_col, raw.from_table) == ("Data", 1, 1, True)
    inputs, findings = read_inputs(book)
    assert findings == []
    assert inputs.areas == list(AREAS)
    assert len(inputs.prognos) == 6


def test_table_on_other_sheet_wins_and_findings_name_its_real_cells(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][1][2] = 120_000.0  # Individ- och familjeomsorg / Kostnader without its minus
    path = write_workbook(
        tmp_path / "in.xlsx",
        tables,
        sheet_names={"Budget": "Ekonomi"},
        cols_left={"Budget": 3},
        rows_above={"Budget": 4},
        # A decoy sheet called "Budget" that is not the table: the Excel Table wins.
        extra_sheets={"Budget": {"A1": "Anteckningar", "A2": "inget att läsa här"}},
    )
    inputs, findings = read_inputs(XlsxBook(path))
    assert inputs is None
    finding = only(findings, "fel_tecken")
    # header at D5, data row 2 of the table at sheet row 7, Budget in the third column (F)
    assert (finding.allvarlighet, finding.blad, finding.cell) == (FEL, "Ekonomi", "F7")


def test_table_name_matches_case_insensitively(tmp_path):
    tables = minimal_rows()
    path = write_workbook(
        tmp_path / "in.xlsx", tables, sheet_names={"Utfall": "Ledger"}, table_names={"Utfall": "UTFALL"}
    )
    raw = XlsxBook(path).table(UTFALL)
    assert raw is not None and raw.sheet == "Ledger" and raw.from_table


def test_sheet_fallback_installningar_header_not_in_row_1(tmp_path):
    tables = minimal_rows()
    setting(tables, "Period", 13)  # to see which cell a finding names
    path = write_workbook(
        tmp_path / "in.xlsx", tables, as_tables={"Budget", "Utfall", "Prognos"}, rows_above={"Installningar": 3}
    )
    book = XlsxBook(path)
    raw = book.table(INSTALLNINGAR)
    assert (raw.sheet, raw.first_row, raw.from_table) == ("Inställningar", 4, False)
    assert raw.headers == ["Parameter", "Värde"]
    inputs, findings = read_inputs(book)
    finding = only(findings, "ogiltig_installning")
    # header row 4: Nämnd 5, År 6, Period 7
    assert (finding.allvarlighet, finding.blad, finding.cell) == (FEL, "Inställningar", "B7")
    assert "1–12" in finding.meddelande


def test_whole_workbook_as_plain_sheets_with_rows_above(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1].append(["Vuxna", "Kostnader", AR, 2, "−1 000"])  # → sheet row 92 + 2
    path = write_workbook(tmp_path / "in.xlsx", tables, as_tables=False, rows_above=2, cols_left=1)
    inputs, findings = read_inputs(XlsxBook(path))
    assert inputs is not None and inputs.areas == list(AREAS)
    finding = only(findings, "tal_som_text")
    assert (finding.allvarlighet, finding.blad, finding.cell) == (VARNING, "Utfall", "F94")


def test_sheet_named_installningar_without_accent_is_accepted(tmp_path):
    inputs, findings = read(tmp_path, minimal_rows(), as_tables=False, sheet_names={"Installningar": "Installningar"})
    assert findings == [] and inputs.settings.namnd == "Testnämnden"


# --- headers ---------------------------------------------------------------------
def test_headers_are_case_and_accent_insensitive(tmp_path):
    tables = minimal_rows()
    tables["Installningar"] = (["PARAMETER", "varde"], tables["Installningar"][1])
    tables["Budget"] = (["VERKSAMHETSOMRADE", "typ", "BUDGET"], tables["Budget"][1])
    tables["Utfall"] = (["verksamhetsomrade", "TYP", "Ar", "manad", "belopp"], tables["Utfall"][1])
    tables["Prognos"] = (
        ["Verksamhetsomrade", "Typ", "METOD", "manuell prognos", "Foregaende prognos", "kommentar"],
        tables["Prognos"][1],
    )
    plain, _ = report(tmp_path, minimal_rows(), name="plain.xlsx")
    odd, findings = report(tmp_path, tables, name="odd.xlsx")
    assert findings == []
    assert_same_numbers(plain, odd)


def test_match_columns_normalises_headers():
    found, months = match_columns(UTFALL, ["VERKSAMHETSOMRÅDE ", "Typ:", "Ar", "manad", "Belopp"])
    assert found == {"omrade": 0, "typ": 1, "ar": 2, "manad": 3, "belopp": 4}
    assert months == {}


def test_verksamhet_alone_is_the_area(tmp_path):
    tables = minimal_rows()
    tables["Budget"] = (["Verksamhet", "Typ", "Budget"], tables["Budget"][1])
    tables["Utfall"] = (["Verksamhet", "Typ", "År", "Månad", "Belopp"], tables["Utfall"][1])
    plain, _ = report(tmp_path, minimal_rows(), name="plain.xlsx")
    inputs, findings = read(tmp_path, tables)
    assert findings == []
    assert inputs.areas == list(AREAS)
    assert inputs.budget["verksamhet"].isna().all()
    synonym, _ = report(tmp_path, tables, name="syn.xlsx")
    assert_same_numbers(plain, synonym)


def test_area_and_verksamhet_are_area_plus_finer_level_summed_per_area(tmp_path):
    base = minimal_rows()
    tables = minimal_rows()
    budget_rows = []
    for area, typ, amount in base["Budget"][1]:
        budget_rows.append(["Barn", area, typ, amount * 0.75])
        budget_rows.append(["Vuxen", area, typ, amount * 0.25])
    # column order differs from the contract: Verksamhet first
    tables["Budget"] = (["Verksamhet", "Verksamhetsområde", "Typ", "Budget"], budget_rows)
    utfall_rows = []
    for area, typ, year, month, amount in base["Utfall"][1]:
        utfall_rows.append([area, "Barn", typ, year, month, amount / 2])
        utfall_rows.append([area, "Vuxen", typ, year, month, amount / 2])
    tables["Utfall"] = (["Verksamhetsområde", "Verksamhet", "Typ", "År", "Månad", "Belopp"], utfall_rows)
    inputs, findings = read(tmp_path, tables)
    assert findings == []
    assert inputs.areas == list(AREAS)  # the finer level is not an area
    assert set(inputs.budget["verksamhet"]) == {"Barn", "Vuxen"}
    assert len(inputs.budget) == 12 and len(inputs.utfall) == 180
    plain, _ = report(tmp_path, base, name="plain.xlsx")
    fine, _ = report(tmp_path, tables, name="fine.xlsx")
    assert_same_numbers(plain, fine)
    assert fine[("Vuxna", "Kostnader")]["budget"] == pytest.approx(-60_000.0)


def test_column_order_is_free_and_extra_columns_are_ignored(tmp_path):
    base = minimal_rows()
    tables = minimal_rows()
    h, rows = base["Budget"]
    tables["Budget"] = (
        ["Konto", "Budget", "Anteckning", "Typ", "Verksamhetsområde"],
        [["4010", r[2], "fritext 1 234", r[1], r[0]] for r in rows],
    )
    h, rows = base["Utfall"]
    tables["Utfall"] = (
        ["Belopp", "Månad", "Kommentar", "År", "Typ", "Verksamhetsområde", "Kostnadsställe"],
        [[r[4], r[3], "x", r[2], r[1], r[0], 1200] for r in rows],
    )
    h, rows = base["Prognos"]
    tables["Prognos"] = (
        ["Kommentar", "Typ", "Ansvarig", "Verksamhetsområde", "Metod"],
        [[None, r[1], "Kim", r[0], r[2]] for r in rows],
    )
    tables["Installningar"] = (
        ["Förklaring", "Värde", "Parameter"],
        [["text", v, p] for p, v in base["Installningar"][1]],
    )
    plain, _ = report(tmp_path, base, name="plain.xlsx")
    shuffled, findings = report(tmp_path, tables, name="shuffled.xlsx")
    assert findings == []
    assert_same_numbers(plain, shuffled)


# --- wide Utfall ------------------------------------------------------------------
@pytest.mark.parametrize(
    "months",
    [
        ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"],
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        [f"2023-{m:02d}" for m in range(1, 13)],
    ],
    ids=["sv-abbr", "sv-full", "iso"],
)
def test_wide_utfall_gives_the_same_report_as_long_form(tmp_path, months):
    long_form = minimal_rows()
    wide = minimal_rows()
    wide["Utfall"] = utfall_wide(long_form, months)
    # shuffle the month columns: the header decides, not the position
    headers, rows = wide["Utfall"]
    order = [0, 1, 2, *range(14, 2, -1)]
    wide["Utfall"] = ([headers[i] for i in order], [[r[i] for i in order] for r in rows])
    plain, _ = report(tmp_path, long_form, name="long.xlsx")
    inputs, findings = read(tmp_path, wide, name="wide_in.xlsx")
    assert findings == []
    assert len(inputs.utfall) == 90  # 2023 months 4–12 are empty cells, not zeros
    broad, _ = report(tmp_path, wide, name="wide.xlsx")
    assert_same_numbers(plain, broad)
    assert broad[("Vuxna", "Intäkter")]["utfall_helar_fg"] == pytest.approx(
        sum(monthly_outcome("Vuxna", "Intäkter", AR - 1, m) for m in range(1, 13))
    )


def test_wide_utfall_findings_name_the_month_cell(tmp_path):
    tables = minimal_rows()
    tables["Utfall"] = utfall_wide(tables)
    headers, rows = tables["Utfall"]
    row = next(i for i, r in enumerate(rows) if r[:3] == ["Vuxna", "Kostnader", AR])
    rows[row][3 + 4] = "Anges vid årsbokslut"  # Maj 2023 → column H
    inputs, findings = read(tmp_path, tables)
    finding = only(findings, "platshallare")
    assert (finding.allvarlighet, finding.blad, finding.cell) == (VARNING, "Utfall", f"H{row + 2}")
    assert inputs is not None


# --- units ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "unit, netto_budget_mnkr",
    [("kr", -0.2), ("tkr", -184.8), ("TKR", -184.8), ("mnkr", -184_800.0), ("Mnkr", -184_800.0)],
)
def test_units_in_installningar(tmp_path, unit, netto_budget_mnkr):
    tables = minimal_rows()
    setting(tables, "Enhet", unit)
    path = write_workbook(tmp_path / "in.xlsx", tables)
    result = uppdatera_prognos(XlsxBook(path))
    assert result.findings == []
    assert result.report.enhet == unit.lower()
    summary = next(s for s in result.sheets if s.name == "Sammanfattning")
    values = summary.values()
    assert values[3][3] == "Budget 2023" and values[6][0] == "Netto"
    assert values[6][3] == pytest.approx(netto_budget_mnkr)
    assert "miljoner kronor" in " ".join(str(v[0]) for v in values if v and isinstance(v[0], str))


def test_default_unit_is_tkr(tmp_path):
    tables = minimal_rows()
    tables["Installningar"] = (tables["Installningar"][0], [r for r in tables["Installningar"][1] if r[0] != "Enhet"])
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and inputs.settings.enhet == "tkr"


# --- Swedish number text ----------------------------------------------------------
def test_swedish_number_text_is_converted_with_a_warning_naming_the_cell(tmp_path):
    tables = minimal_rows()
    budget = tables["Budget"][1]
    budget[2][2] = "6 000,0"  # Vuxna / Intäkter, C4
    budget[3][2] = "\u221260 000"  # Vuxna / Kostnader with U+2212, C5
    budget[5][2] = "24 000-"  # Ledning / Kostnader, trailing minus, C7
    utfall = tables["Utfall"][1]
    i = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Intäkter", År=AR, Månad=1)
    utfall[i][4] = "1 234,5"
    j = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Kostnader", År=AR, Månad=2)
    utfall[j][4] = "\u221212\u00a0000"  # non-breaking space as thousands separator
    inputs, findings = read(tmp_path, tables)
    assert inputs is not None
    warned = {f.cell: f for f in findings if f.regel == "tal_som_text"}
    assert set(warned) == {"C4", "C5", "C7", f"E{i + 2}", f"E{j + 2}"}
    assert len(findings) == 5
    for f in warned.values():
        assert f.allvarlighet == VARNING
        assert "Skriv det som ett tal i cellen" in f.meddelande
    assert warned["C4"].blad == "Budget" and warned[f"E{i + 2}"].blad == "Utfall"
    assert "läses som 1\u00a0234,5" in warned[f"E{i + 2}"].meddelande and "'1 234,5'" in warned[f"E{i + 2}"].meddelande
    b = inputs.budget.set_index(["omrade", "typ"])["budget"]
    assert b[("Vuxna", "Intäkter")] == 6_000.0
    assert b[("Vuxna", "Kostnader")] == -60_000.0
    assert b[("Ledning och administration", "Kostnader")] == -24_000.0
    u = inputs.utfall.set_index(["omrade", "typ", "ar", "manad"])["belopp"]
    assert u[("Vuxna", "Intäkter", AR, 1)] == 1234.5
    assert u[("Vuxna", "Kostnader", AR, 2)] == -12_000.0


# --- placeholders -------------------------------------------------------------------
@pytest.mark.parametrize("placeholder", ["-", "Anges vid årsbokslut", "saknas"])
def test_placeholder_in_utfall_is_missing_never_zero(tmp_path, placeholder):
    tables = minimal_rows()
    i = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Kostnader", År=AR, Månad=2)
    tables["Utfall"][1][i][4] = placeholder
    numbers, findings = report(tmp_path, tables)
    finding = only(findings, "platshallare")
    assert (finding.allvarlighet, finding.blad, finding.cell) == (VARNING, "Utfall", f"E{i + 2}")
    assert "inte som noll" in finding.meddelande and "saknat" in finding.meddelande
    assert len(findings) == 1
    expected = monthly_outcome("Vuxna", "Kostnader", AR, 1) + monthly_outcome("Vuxna", "Kostnader", AR, 3)
    assert numbers[("Vuxna", "Kostnader")]["utfall_period"] == pytest.approx(expected)
    inputs, _ = read(tmp_path, tables, name="again.xlsx")
    month2 = inputs.utfall[
        (inputs.utfall["omrade"] == "Vuxna")
        & (inputs.utfall["typ"] == "Kostnader")
        & (inputs.utfall["ar"] == AR)
        & (inputs.utfall["manad"] == 2)
    ]
    assert month2.empty  # not a row with 0


def test_placeholder_in_a_later_month_is_not_outcome_after_period(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1].append(["Vuxna", "Kostnader", AR, 12, "Anges vid årsbokslut"])  # row 92
    inputs, findings = read(tmp_path, tables)
    assert inputs is not None
    assert [(f.regel, f.cell) for f in findings] == [("platshallare", "E92")]


# --- Balansgräns ---------------------------------------------------------------------
def test_balansgrans_as_share(tmp_path):
    tables = minimal_rows()
    setting(tables, "Balansgräns", 0.005)
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and inputs.settings.balansgrans == pytest.approx(0.005)


def test_balansgrans_as_percent_text(tmp_path):
    tables = minimal_rows()
    setting(tables, "Balansgräns", "0,5 %")
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and inputs.settings.balansgrans == pytest.approx(0.005)


def test_balansgrans_as_half_reads_as_half_a_percent_with_a_warning(tmp_path):
    tables = minimal_rows()
    setting(tables, "Balansgräns", 0.5)
    inputs, findings = read(tmp_path, tables)
    assert inputs.settings.balansgrans == pytest.approx(0.005)
    finding = only(findings, "balansgrans_procent")
    # Installningar rows: Nämnd 2, År 3, Period 4, Enhet 5, Balansgräns 6
    assert (finding.allvarlighet, finding.blad, finding.cell) == (VARNING, "Inställningar", "B6")
    assert "procent" in finding.meddelande and "Skriv t.ex. 0,5 %" in finding.meddelande


def test_default_balansgrans(tmp_path):
    tables = minimal_rows()
    tables["Installningar"] = (
        tables["Installningar"][0],
        [r for r in tables["Installningar"][1] if r[0] != "Balansgräns"],
    )
    inputs, findings = read(tmp_path, tables)
    assert findings == [] and inputs.settings.balansgrans == pytest.approx(0.005)


def test_sheet_fallback_finds_the_header_below_a_title(tmp_path):
    """Economists put a title and a note above the table: the header is the first row that
    has the table's columns, within the first rows of the sheet."""
    import openpyxl
    from conftest import EXAMPLE

    from addin.ribbon.forecast import uppdatera_prognos
    from workbooks.books.xlsx_book import XlsxBook

    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Budget"]
    del ws.tables["Budget"]
    ws.insert_rows(1, 3)
    ws["A1"] = "Budget 2023, socialnämnden (tkr)"
    ws["A2"] = "Beslutad av kommunfullmäktige 2022-11-24"
    path = tmp_path / "budget_med_rubrik.xlsx"
    wb.save(path)
    result = uppdatera_prognos(XlsxBook(path))
    assert result.ok, [f.one_line() for f in result.errors]
    assert result.report.totals()["Netto"]["budget"] == -720_329


def test_months_as_ledgers_export_them(tmp_path):
    """Månad as 4, "april", "2023-04", 202304 or a date gives the same report."""
    import datetime as dt

    import openpyxl
    from conftest import EXAMPLE

    from addin.ribbon.forecast import uppdatera_prognos
    from workbooks.books.xlsx_book import XlsxBook

    reference = uppdatera_prognos(XlsxBook(EXAMPLE)).report.totals()
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Utfall"]
    header = [c.value for c in ws[1]]
    year_col, month_col = header.index("År") + 1, header.index("Månad") + 1
    spellings = [
        lambda y, m: [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ][m - 1],
        lambda y, m: f"{y}-{m:02d}",
        lambda y, m: y * 100 + m,
        lambda y, m: dt.date(y, m, 1),
    ]
    for r in range(2, ws.max_row + 1):
        y, m = ws.cell(r, year_col).value, ws.cell(r, month_col).value
        ws.cell(r, month_col).value = spellings[r % len(spellings)](y, m)
    path = tmp_path / "manader.xlsx"
    wb.save(path)
    result = uppdatera_prognos(XlsxBook(path))
    assert result.ok, [f.one_line() for f in result.errors[:5]]
    assert result.report.totals() == reference
