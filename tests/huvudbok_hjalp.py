"""Ledger-shaped test workbooks (issue 10): Budget and Utfall as a financial system exports
them, with a Kodplan, written by tests/workbook_factory.py."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from workbook_factory import Rows, Tables, write_workbook

from validation.forecast_tables.inputs import read_inputs
from workbooks.books.xlsx_book import XlsxBook

AR = 2023
PERIOD = 4
KODPLAN: Rows = [["4100-4199", "Barn och unga"], ["42*", "Vuxna"], ["5000", "Stab"]]
UTFALL_HEADERS = ["Ansvar", "Verksamhet", "Konto", "Period", "Belopp", "Text"]


def settings(**extra: object) -> tuple[list[object], Rows]:
    rows: Rows = [["Nämnd", "Testnämnden"], ["År", AR], ["Period", PERIOD], ["Enhet", "kr"]]
    names = {"kostnader": "Kostnader", "intakter": "Intäkter", "huvudbok": "Huvudbok i", "enhet": "Enhet"}
    for key, value in extra.items():
        name = names[key]
        rows = [r for r in rows if r[0] != name] + [[name, value]]
    return ["Parameter", "Värde"], rows


def budget_rows() -> Rows:
    """A ledger budget (no period), Prognos' signs: revenue +, cost −."""
    return [
        [4110, 3510, 120_000],
        [4110, 4610, -1_200_000],
        [4210, 5110, -600_000],
        [4210, 3130, 60_000],
        [5000, 5110, -240_000],
    ]


def utfall_rows(sign_cost: int = -1, sign_revenue: int = 1) -> Rows:
    """Outcome 2022 (12 months) and 2023 (months 1–4): every code on a revenue and a cost
    account, amounts in kr in the given signs."""
    rows: Rows = []
    for year, last in ((AR - 1, 12), (AR, PERIOD)):
        for month in range(1, last + 1):
            for code, cost_acc, rev_acc, base in (
                (4110, 4610, 3510, 100_000),
                (4150, 5110, 3610, 20_000),
                (4210, 5110, 3130, 50_000),
                (5000, 5110, 3990, 20_000),
            ):
                period = year * 100 + month
                rows.append([code, 570, cost_acc, period, sign_cost * (base + month * 100), "kostnad"])
                rows.append([code, 570, rev_acc, period, sign_revenue * (base // 10 + month), "intäkt"])
    return rows


def tables(
    utfall: Rows | None = None,
    *,
    headers: list[str] | None = None,
    kodplan: Rows | None = None,
    budget: Rows | None = None,
    **setting: object,
) -> Tables:
    return {
        "Installningar": settings(**setting),
        "Kodplan": (["Ansvar", "Verksamhetsområde"], KODPLAN if kodplan is None else kodplan),
        "Budget": (["Ansvar", "Konto", "Budget"], budget_rows() if budget is None else budget),
        "Utfall": (headers or UTFALL_HEADERS, utfall_rows() if utfall is None else utfall),
    }


def write(path: Path, t: Tables, **kw: object) -> Path:
    kw.setdefault("as_tables", {"Installningar", "Kodplan"})
    return write_workbook(path, t, **kw)


def read(path: Path):
    return read_inputs(XlsxBook(path), path.name)


def with_titles(path: Path, sheet: str, titles: list[str], width: int) -> Path:
    """Insert title rows (merged across the table) and an empty row above ``sheet``'s header."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ws.insert_rows(1, len(titles) + 1)
    for r, title in enumerate(titles, start=1):
        ws.cell(row=r, column=1, value=title)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    wb.save(path)
    return path


def rules(findings) -> list[str]:
    return [f.regel for f in findings]


def errors(findings) -> list:
    return [f for f in findings if f.is_error]
