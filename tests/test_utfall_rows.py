"""The long Utfall table read column by column (``validation.forecast_tables.utfall``): clean rows and
rows that need the model mixed, every row-level rule firing, the findings in row order and
the frame the row-by-row rules give (rows 2–91 of the minimal committee are clean; the rows
appended here start at 92)."""

from __future__ import annotations

import pandas as pd
from workbook_factory import AR, PERIOD, minimal_rows, write_workbook

from validation.contract import UTFALL
from validation.forecast_tables.checks import UTFALL_COLUMNS, check_inputs
from validation.forecast_tables.inputs import read_inputs
from validation.forecast_tables.utfall import Distinct, Items, area_keys, clean_long_rows
from validation.reader import Reader, area_lookup
from workbooks.books.package_book import PackageBook


def mixed_tables():
    tables = minimal_rows()
    tables["Utfall"][1].extend(
        [
            ["Vuxna", "Intäkter", AR - 1, 1, "1 000"],  # 92: number as text: the model's path (a warning)
            ["Okänt område", "Kostnader", AR, 1, -5.0],  # 93: unknown area (one error)
            ["okänt  OMRÅDE", "Kostnader", AR, 2, -5.0],  # 94: the same unknown area: no second error
            ["Vuxna", "Kostnader", AR, PERIOD + 1, -7.0],  # 95: after the period
            ["Vuxna", "Kostnader", AR, PERIOD + 1, 0],  # 96: after the period but zero: accepted
            ["vuxna", "intäkter", AR, 1, 3.0],  # 97: repeats a clean row's key (case and Typ synonym)
            ["Vuxna", "Kostnader", AR, 2, 4.0],  # 98: a cost with the revenue sign
            ["Vuxna", "Kostnader", AR, 2, None],  # 99: no amount: left out
            ["Vuxna", "Kostnader", AR, 13, -1.0],  # 100: no such month: the model's error
            ["Vuxna", "Kostnader", 2023.5, 1, -1.0],  # 101: not a whole year: the model's error
            [True, "Kostnader", AR, 1, -1.0],  # 102: a boolean as area: the model reads "True"
            ["Vuxna", "Kostnader", AR - 1, 3.0, "-2,5"],  # 103: Månad as a float, text amount (warning)
        ]
    )
    return tables


def test_mixed_rows_give_the_row_by_row_findings_in_order(tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", mixed_tables())
    inputs, findings = read_inputs(PackageBook(path))
    utfall = [(f.regel, f.cell) for f in findings if f.blad == "Utfall"]
    # (the same list, messages included, as the row-by-row implementation gave before the
    # column-wise one; the minimal committee already has rows for most of these keys)
    assert utfall == [
        ("tal_som_text", "E92"),
        ("tal_som_text", "E103"),  # converted cell by cell, before validation
        ("ogiltigt_varde", "D100"),
        ("ogiltigt_varde", "C101"),  # the model's errors
        ("dubblett", "E92"),
        ("okant_omrade", "A93"),
        ("utfall_efter_period", "E95"),
        ("dubblett", "E97"),
        ("dubblett", "E98"),
        ("fel_tecken", "E98"),
        ("okant_omrade", "A102"),
        ("dubblett", "E103"),
    ], [f.one_line() for f in findings]
    assert inputs is None  # errors stop the calculation


def test_the_frame_has_every_accepted_row_in_row_order(tmp_path):
    tables = mixed_tables()
    rows = tables["Utfall"][1]
    del rows[90:]  # only rows a refresh accepts: clean rows and the model's rows mixed
    rows.extend(
        [
            ["Vuxna", "Intäkter", AR - 1, 1, "1 000"],  # 92: the model's path
            ["vuxna", "intäkter", AR, 1, 3.0],  # 93: a duplicate key: accepted, summed later
            ["Vuxna", "Kostnader", AR, PERIOD + 1, 0],  # 94: zero after the period: accepted
            ["Vuxna", "Kostnader", AR, 2, None],  # 95: no amount: left out
            ["Ledning och administration", "Kostnader", AR - 1, 2.0, "-2,5"],  # 96: the model's path
        ]
    )
    path = write_workbook(tmp_path / "in.xlsx", tables)
    inputs, findings = read_inputs(PackageBook(path))
    assert inputs is not None, [f.one_line() for f in findings]
    frame = inputs.utfall
    assert list(frame.columns) == ["omrade", "verksamhet", "typ", "ar", "manad", "belopp"]
    assert len(frame) == 90 + 4
    assert [str(t) for t in frame.dtypes[3:]] == ["int64", "int64", "float64"]
    tail = frame.iloc[-4:].astype(object).where(frame.iloc[-4:].notna(), None).values.tolist()
    assert tail == [
        ["Vuxna", None, "Intäkter", AR - 1, 1, 1000.0],
        ["Vuxna", None, "Intäkter", AR, 1, 3.0],
        ["Vuxna", None, "Kostnader", AR, PERIOD + 1, 0.0],
        ["Ledning och administration", None, "Kostnader", AR - 1, 2, -2.5],
    ]


def test_clean_rows_split_from_those_the_model_reads(tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", mixed_tables())
    book = PackageBook(path)
    raw = book.table(UTFALL)
    found, _months = Reader(book).columns(raw, UTFALL)
    clean, slow = clean_long_rows(raw, found)
    assert [raw.row_numbers[i] for i in slow] == [92, 100, 101, 102, 103]
    assert len(clean) == len(raw.rows) - 5 and clean.n.tolist() == sorted(clean.n.tolist())
    assert clean.typ.tolist()[-6:] == ["Kostnader", "Kostnader", "Kostnader", "Intäkter", "Kostnader", "Kostnader"]
    assert clean.none.tolist()[-1] and not clean.none.tolist()[-2]
    area, unknown, activity, keys = area_keys(
        clean, area_lookup(["Vuxna", "Individ- och familjeomsorg", "Ledning och administration"])
    )
    assert [bool(u) for u in unknown[-7:-5]] == [True, True] and area[-7] is None and area[-4] == "Vuxna"
    assert keys["omrade"][-4] == keys["omrade"][-3]  # "vuxna" and "Vuxna": one area


def test_distinct_values_keep_types_and_missing_cells_apart():
    column = ["a", 1, 1.0, True, None, "a", None, float("nan"), "1"]
    d = Distinct(column)
    assert [d.values[c] for c in d.codes][:3] == [
        "a",
        1,
        1,
    ]  # 1 == 1.0 == True: one value (numbers are flagged by type)
    assert [d.values[c] for c in d.codes][4] is None and [d.values[c] for c in d.codes][6] is None
    assert pd.isna([d.values[c] for c in d.codes][7]) and [d.values[c] for c in d.codes][8] == "1"
    assert Items.from_tuples([]).n.tolist() == []


def test_an_absurd_amount_among_clean_rows_is_an_error_at_its_cell(tmp_path):
    tables = minimal_rows()
    tables["Utfall"][1].append(["Vuxna", "Kostnader", AR, 1, -5e12])  # 92: 5 000 000 miljarder kronor in tkr
    path = write_workbook(tmp_path / "in.xlsx", tables)
    inputs, findings = read_inputs(PackageBook(path))
    absurd = [f for f in findings if f.regel == "orimligt_belopp"]
    assert inputs is None and [(f.allvarlighet, f.blad, f.cell) for f in absurd] == [("fel", "Utfall", "E92")]
    assert "orimligt stort" in absurd[0].meddelande


def test_validating_reads_utfall_row_by_row_with_the_same_findings_and_rows(tmp_path):
    """``prognos validera`` (``check_inputs`` without the engine: records, no pandas) and the
    refresh (the engine, column by column) say the same things about the same rows."""
    for name, tables in (("mixed", mixed_tables()), ("clean", minimal_rows())):
        path = write_workbook(tmp_path / f"{name}.xlsx", tables)
        checked = check_inputs(PackageBook(path))
        inputs, findings = read_inputs(PackageBook(path))
        assert [f.one_line() for f in checked.findings] == [f.one_line() for f in findings]
        if inputs is not None:
            records = pd.DataFrame.from_records(checked.utfall, columns=UTFALL_COLUMNS)
            pd.testing.assert_frame_equal(records, inputs.utfall, check_exact=True)
