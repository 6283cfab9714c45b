"""Findings that scale (issue 21, item 6): a rule that fires on many rows gives one finding per
table with the count, the amount and the first cells; ``prognos validera --json`` still lists
every cell. The figures are the same as without the split."""

from __future__ import annotations

import json

import openpyxl
from batch_hjalp import run_cli
from workbook_factory import minimal_rows, write_workbook

from addin.ribbon.forecast import uppdatera_prognos
from udfs.language.number_format import format_tal
from validation.findings import GROUP_AT
from validation.forecast_tables.inputs import read_inputs
from workbooks.books.xlsx_book import XlsxBook


def split_tables(rows_split: int | None = None):
    """The minimal committee with its Utfall rows each typed as two halves (the
    second half a duplicate of the first row's key); only the first ``rows_split`` rows when
    given. Returns (tables, the duplicate rows' cells, their amount)."""
    tables = minimal_rows()
    headers, rows = tables["Utfall"]
    out, cells, amount = [], [], 0.0
    split = 0
    for row in rows:
        if rows_split is None or split < rows_split:
            split += 1
            half = row[4] / 2
            out.append([*row[:4], half])
            out.append([*row[:4], row[4] - half])
            cells.append(f"E{len(out) + 1}")  # data row i is sheet row i + 2
            amount += row[4] - half
        else:
            out.append(row)
    tables["Utfall"] = (headers, out)
    return tables, cells, amount


def test_many_duplicates_are_one_finding_with_count_amount_and_cells(tmp_path):
    tables, cells, amount = split_tables()
    assert len(cells) > GROUP_AT
    path = write_workbook(tmp_path / "delad.xlsx", tables)
    inputs, findings = read_inputs(XlsxBook(path), path.name)
    dup = [f for f in findings if f.regel == "dubblett"]
    assert len(dup) == 1 and not dup[0].is_error
    assert dup[0].celler == cells and dup[0].cell == cells[0]
    assert f"{format_tal(len(cells))} rader" in dup[0].meddelande
    assert format_tal(amount) in dup[0].meddelande
    assert all(c in dup[0].meddelande for c in cells[:3])
    whole, _ = read_inputs(XlsxBook(write_workbook(tmp_path / "hel.xlsx", minimal_rows())), "hel.xlsx")
    sums = lambda i: i.utfall.groupby(["omrade", "typ", "ar"])["belopp"].sum().round(6).to_dict()  # noqa: E731
    assert sums(inputs) == sums(whole)


def test_few_duplicates_stay_one_finding_each(tmp_path):
    tables, cells, _amount = split_tables(3)
    _inputs, findings = read_inputs(XlsxBook(write_workbook(tmp_path / "tre.xlsx", tables)), "tre.xlsx")
    dup = [f for f in findings if f.regel == "dubblett"]
    assert [f.cell for f in dup] == cells and all(not f.celler for f in dup)


def test_valideringsfel_has_one_row_for_the_rule(tmp_path):
    tables, cells, _amount = split_tables()
    path = write_workbook(tmp_path / "delad.xlsx", tables)
    book = XlsxBook(path)
    uppdatera_prognos(book, file=path.name)
    book.save(tmp_path / "ut.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "ut.xlsx")["Valideringsfel"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[2] for r in rows if r[3] == "Dubblett"] == [cells[0]]


def test_validera_json_lists_every_cell(tmp_path):
    tables, cells, _amount = split_tables()
    folder = tmp_path / "in"
    write_workbook(folder / "delad.xlsx", tables)
    done = run_cli("validera", folder, "--json")
    data = json.loads(done.stdout)
    dup = [d for f in data["filer"] for d in f["fynd"] if d["regel"] == "dubblett"]
    assert len(dup) == 1 and dup[0]["celler"] == cells
    others = [d for f in data["filer"] for d in f["fynd"] if d["regel"] != "dubblett"]
    assert all("celler" not in d for d in others)
