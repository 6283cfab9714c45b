"""Each known trap (DOMAIN.md, "Known traps") as a file that must be flagged with the right
rule at the right cell."""

from __future__ import annotations

import openpyxl
import pytest
from batch_hjalp import by_file, make_master, rules, run_json
from workbook_factory import AREAS, find_row, minimal_rows, write_workbook

from validation.round.trap_dates import date_readings, normalise_case_number
from workbooks.round.submissions import validate_file
from workbooks.round.worker_pool import WorkerContext


def check(path, units=None, full=False):
    res = validate_file(str(path), path.name, WorkerContext(units=units, full=full))
    return res, {(f["regel"], f["blad"], f["cell"]): f for f in res.findings}


def cell(table_row: int, column: str) -> str:
    return f"{column}{table_row + 2}"


@pytest.fixture
def tables():
    return minimal_rows()


def test_total_row_that_does_not_add_up(tmp_path, tables):
    headers, rows = tables["Budget"]
    costs = sum(r[2] for r in rows if r[1] == "Kostnader")
    rows.append(["Totalt", "Kostnader", costs - 4_442])
    res, found = check(write_workbook(tmp_path / "summa.xlsx", tables))
    key = ("summarad_avviker", "Budget", cell(len(rows) - 1, "C"))
    assert key in found, found
    assert "−4\u00a0442" in found[key]["meddelande"] and res.status == "Fel"
    # The total row is left out of the reading, so there is no unknown area "Totalt".
    assert not any(f[0] == "okant_omrade" for f in found)


def test_total_row_that_adds_up_is_a_warning_and_left_out(tmp_path, tables):
    headers, rows = tables["Utfall"]
    jan = [r for r in rows if r[1] == "Kostnader" and (r[2], r[3]) == (2023, 1)]
    rows.append(["Summa", "Kostnader", 2023, 1, round(sum(r[4] for r in jan) + 2, 1)])  # within ±1 per cell
    res, found = check(write_workbook(tmp_path / "summa_ok.xlsx", tables))
    assert ("summarad", "Utfall", cell(len(rows) - 1, "A")) in found
    assert res.errors == 0, found


def test_grant_activity_list_with_typed_total(tmp_path, tables):
    # Familjehemsplaceringar: "Totalt 1 455 042" over rows that sum to 1 450 600.
    tables["Bidragskostnader"] = (
        ["Bidrag", "Aktivitet", "Belopp"],
        [
            ["Familjehem", "Rekrytering", 650_600],
            ["Familjehem", "Utbildning", 500_000],
            ["Familjehem", "Handledning", 300_000],
            ["Familjehem", "Totalt", 1_455_042],
        ],
    )
    _res, found = check(write_workbook(tmp_path / "bidrag.xlsx", tables))
    finding = found[("summarad_avviker", "Bidragskostnader", "C5")]
    assert "1\u00a0455\u00a0042" in finding["meddelande"] and "1\u00a0450\u00a0600" in finding["meddelande"]


def test_cost_without_minus_sign(tmp_path, tables):
    i = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][3] = 61_000
    _res, found = check(write_workbook(tmp_path / "tecken.xlsx", tables))
    assert found[("fel_tecken", "Prognos", cell(i, "D"))]["allvarlighet"] == "fel"


def test_value_about_1000_times_the_unit(tmp_path, tables):
    i = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][3] = -61_000_000  # kronor in a tkr workbook
    _res, found = check(write_workbook(tmp_path / "tusen.xlsx", tables))
    finding = found[("enhetsfel", "Prognos", cell(i, "D"))]
    assert finding["allvarlighet"] == "fel" and "kronor" in finding["meddelande"] and "1 000" in finding["meddelande"]
    assert "gånger för stor." in finding["meddelande"]  # "Manuell prognos … för stor" (not "stort")
    j = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Kostnader", År=2023, Månad=2)
    tables["Prognos"][1][i][3] = None
    tables["Utfall"][1][j][4] *= 1000
    _res, found = check(write_workbook(tmp_path / "tusen_utfall.xlsx", tables))
    assert ("enhetsfel", "Utfall", cell(j, "E")) in found
    assert "gånger för stort." in found[("enhetsfel", "Utfall", cell(j, "E"))]["meddelande"]  # "Utfallet … stort"


def test_unknown_area_with_closest_match(tmp_path, tables):
    i = find_row(tables, "Prognos", Verksamhetsområde="Ledning och administration", Typ="Intäkter")
    tables["Prognos"][1][i][0] = "Ledning o administration"
    _res, found = check(write_workbook(tmp_path / "namn.xlsx", tables), units=list(AREAS))
    finding = found[("okant_omrade", "Prognos", cell(i, "A"))]
    assert "Menar du 'Ledning och administration'" in finding["meddelande"]


def test_unit_area_not_in_the_round(tmp_path, tables):
    for name in ("Budget", "Utfall", "Prognos"):
        headers, rows = tables[name]
        tables[name] = (headers, [[("Vuxen" if v == "Vuxna" else v) for v in r] for r in rows if r[0] == "Vuxna"])
    _res, found = check(write_workbook(tmp_path / "vuxen.xlsx", tables), units=list(AREAS))
    finding = found[("okant_omrade", "Budget", "A2")]
    assert "omgångens" in finding["meddelande"] and "Menar du 'Vuxna'" in finding["meddelande"]


def test_placeholder_and_comment_in_number_cells(tmp_path, tables):
    j = find_row(tables, "Utfall", Verksamhetsområde="Vuxna", Typ="Intäkter", År=2023, Månad=1)
    tables["Utfall"][1][j][4] = "Anges vid årsbokslut"
    i = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][3] = "ca −61 000 (prel.)"
    _res, found = check(write_workbook(tmp_path / "text.xlsx", tables))
    assert found[("platshallare", "Utfall", cell(j, "E"))]["allvarlighet"] == "varning"
    finding = found[("kommentar_i_talcell", "Prognos", cell(i, "D"))]
    assert finding["allvarlighet"] == "fel" and "−61\u00a0000" in finding["meddelande"]
    assert ("inte_tal", "Prognos", cell(i, "D")) not in found


GRANTS = ["Bidrag", "Myndighet", "Mottaget", "Period från", "Period till", "Diarienummer"]


def test_ambiguous_date(tmp_path, tables):
    tables["Statsbidrag"] = (GRANTS, [["Bostad först", "Socialstyrelsen", 325_000, "25-01-17", "2022-12-31", None]])
    _res, found = check(write_workbook(tmp_path / "datum.xlsx", tables))
    finding = found[("tvetydigt_datum", "Statsbidrag", "D2")]
    assert "2025-01-17" in finding["meddelande"] and "2017-01-25" in finding["meddelande"]
    assert ("datum_som_text", "Statsbidrag", "E2") in found


def test_case_numbers_in_several_spellings(tmp_path, tables):
    tables["Statsbidrag"] = (
        GRANTS,
        [
            ["Bostad först", "Socialstyrelsen", 325_000, None, None, "SN/2022:00554"],
            ["Bostad först, del 2", "Socialstyrelsen", 1_000, None, None, "SN 2022:554"],
        ],
    )
    res, found = check(write_workbook(tmp_path / "dnr.xlsx", tables))
    assert ("diarienummer_stavning", "Statsbidrag", "F3") in found
    assert ("diarienummer_stavning", "Statsbidrag", "F2") not in found  # already the normal form
    assert res.case_numbers == {"SN/2022:00554": "SN/2022:00554", "SN 2022:554": "SN/2022:00554"}


def test_formula_error(tmp_path, tables):
    path = write_workbook(tmp_path / "ref.xlsx", tables)
    wb = openpyxl.load_workbook(path)
    wb["Prognos"]["D3"] = "#REF!"  # openpyxl stores this as an error value
    wb.save(path)
    _res, found = check(path)
    finding = found[("formelfel", "Prognos", "D3")]
    assert finding["allvarlighet"] == "fel" and "tagits bort" in finding["meddelande"]
    assert ("inte_tal", "Prognos", "D3") not in found


def test_year_in_label_unit_in_header_formula_like_text_and_merged_header(tmp_path, tables):
    headers, rows = tables["Budget"]
    tables["Budget"] = (headers + ["Budget fg år (kr)"], [r + [None] for r in rows])
    tables["Utfall"][1][0][0] = tables["Utfall"][1][0][0]  # unchanged
    i = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][5] = "@SUMMA(A1)"
    path = write_workbook(tmp_path / "etiketter.xlsx", tables, as_tables={"Installningar", "Utfall", "Prognos"})
    wb = openpyxl.load_workbook(path)
    wb["Budget"]["A2"] = "Vuxna 2020"
    wb.save(path)
    _res, found = check(path)
    assert ("artal_i_etikett", "Budget", "A2") in found
    assert ("enhet_i_rubrik", "Budget", "D1") in found
    assert ("formel_som_text", "Prognos", cell(i, "F")) in found

    wb = openpyxl.load_workbook(path)
    wb["Budget"]["A2"] = "Vuxna"
    wb["Budget"].merge_cells("A1:B1")
    wb.save(path)
    _res, found = check(path)
    assert found[("sammanslagna_celler", "Budget", "A1")]["allvarlighet"] == "fel"


def test_traps_through_the_command_line(tmp_path, tables):
    i = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][3] = 61_000
    write_workbook(tmp_path / "in" / "vuxna.xlsx", tables)
    master = make_master(tmp_path / "master.xlsx")
    code, data = run_json("validera", tmp_path / "in", "--master", master)
    assert code == 1
    entry = by_file(data)["vuxna.xlsx"]
    assert "fel_tecken" in rules(entry)
    finding = next(f for f in entry["fynd"] if f["regel"] == "fel_tecken")
    assert finding["lank"].endswith(f"vuxna.xlsx#'Prognos'!{cell(i, 'D')}")


@pytest.mark.parametrize(
    "text, readings",
    [
        ("25-01-17", ["2025-01-17", "2017-01-25"]),
        ("2023-01-17", ["2023-01-17"]),
        ("17/1 2023", ["2023-01-17"]),
        ("05/06/2023", ["2023-06-05", "2023-05-06"]),
        ("230117", ["2023-01-17", "2017-01-23"]),
        ("ingen aning", []),
    ],
)
def test_date_readings(text, readings):
    assert [d.isoformat() for d in date_readings(text)[0]] == readings


@pytest.mark.parametrize("text", ["SN/2022:00554", "SN 2022:554", "sn-2022-554", "SN 2022/00554", " SN2022:554 "])
def test_case_number_normalisation(text):
    assert normalise_case_number(text) == "SN/2022:00554"


def test_fast_and_full_paths_agree_on_the_input_cells(tmp_path):
    """An untouched utskick workbook is validated on its input cells only; the full rules
    must not find anything more there."""
    from batch_hjalp import fill, utskick

    master = make_master(tmp_path / "master.xlsx")
    files = utskick(master, tmp_path / "ut")
    fill(
        files["Vuxna"],
        {
            "Kostnader": {"Metod": "Manuell", "Manuell prognos": 61_000, "Kommentar": "+Fler"},
            "Intäkter": {"Manuell prognos": "ca 6 000"},
        },
    )
    fast, _ = check(files["Vuxna"])
    full, _ = check(files["Vuxna"], full=True)
    key = lambda r: sorted((f["regel"], f["blad"], f["cell"]) for f in r.findings)  # noqa: E731
    assert key(fast) == key(full)
    assert {"fel_tecken", "kommentar_i_talcell", "formel_som_text"} <= {f["regel"] for f in fast.findings}
