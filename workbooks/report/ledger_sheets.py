"""The derived sheet ``Avstämning``: the ledger reconciled per kontoklass, to the krona, and
the interpreted ledger (what each responsibility code and account became), so the economist
can check the mapping. Written by a refresh when Budget or Utfall is in ledger shape.

The reconciliation's Differens and Summa cells are Excel formulas carrying the engine's
values (tests/test_huvudbok_libreoffice.py recalculates them with LibreOffice).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from udfs.language.sheet_names import AVSTAMNING
from udfs.ledger import kommunbas as kb
from validation.forecast_tables.ledger import Huvudbok, LedgerTable
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, SheetSpec

RECON_HEADERS = [
    "Tabell",
    "Kontoklass",
    "Benämning",
    "Rader",
    "Huvudboken, som exporterad",
    "Huvudboken, intäkter + och kostnader −",
    "I rapporten",
    "Redovisas separat",
    "Ej medräknat",
    "Differens",
    "I rapporten, rapportens enhet",
]
CODE_HEADERS = [
    "Tabell",
    "Ansvar",
    "Verksamhetsområde",
    "Verksamhet",
    "Konto",
    "Kontoklass",
    "Typ",
    "Kostnadsslag",
    "Tolkning enligt",
    "Rader",
    "Belopp, som exporterat",
    "Belopp, intäkter + och kostnader −",
]


def avstamning_sheet(book: Huvudbok) -> SheetSpec:
    spec = SheetSpec(AVSTAMNING, tab_color=palette.MID_BLUE, freeze="A4")
    first = book.tables[0]
    spec.add(Cell("Avstämning av huvudboken", bold=True, size=14))
    spec.add(
        Cell(
            f"Huvudboken är i {first.unit}, rapporten i {first.enhet}. Differens ska vara 0: varje krona i "
            "huvudboken finns i rapporten (kontoklass 3–7) eller redovisas separat (kontoklass 8, finansiella "
            "poster, ingår inte i verksamhetens netto). Ej medräknat är rader som inte kunde tolkas.",
            wrap=True,
        )
    )
    spec.add()
    header_row = spec.add(*[Cell(h, bold=True, fill=palette.LIGHT_BLUE_FILL) for h in RECON_HEADERS])
    for table in book.tables:
        _recon_rows(spec, table)
    last = len(spec.rows)
    total = ["Summa", None, None]
    cells: list[Cell | None] = [Cell(t, bold=True) if t else None for t in total]
    for col in range(4, 11):
        letter = get_column_letter(col)
        value = sum(spec.rows[r - 1][col - 1].value for r in range(header_row + 1, last + 1))
        cells.append(Cell(value, formula=f"=SUM({letter}{header_row + 1}:{letter}{last})", fmt="belopp", bold=True))
    spec.add(*cells)
    spec.negative_red.append(f"J{header_row + 1}:J{len(spec.rows)}")
    spec.add()
    for table in book.tables:
        read = ", ".join(
            f"{key.capitalize() if key != 'ar' else 'År'} = {header!r}" for key, header in table.columns.items()
        )
        spec.add(
            Cell(
                f"{table.name} (bladet {table.sheet}, rubrik i {table.header_cell}, {table.rows} rader): {read}.",
                italic=True,
            )
        )
    spec.add()
    spec.add(Cell("Tolkad huvudbok: vad varje ansvar och konto blev", bold=True, size=12))
    spec.add(*[Cell(h, bold=True, fill=palette.LIGHT_BLUE_FILL) for h in CODE_HEADERS])
    for table in book.tables:
        for rec in table.tolkning.per_kod.itertuples(index=False):
            spec.add(
                Cell(table.name),
                Cell(rec.ansvar),
                Cell(rec.omrade),
                Cell(rec.verksamhet or None),
                Cell(rec.konto),
                Cell(int(rec.kontoklass) if rec.kontoklass >= 0 else None),
                Cell(rec.typ or "(okänt konto)"),
                Cell(rec.kostnadsslag or None),
                Cell(rec.kalla or None),
                Cell(int(rec.rader), fmt="heltal"),
                Cell(float(rec.belopp_export), fmt="belopp"),
                Cell(float(rec.belopp), fmt="belopp"),
            )
    spec.widths = {1: 9, 2: 11, 3: 30, 4: 22, 5: 18, 6: 20, 7: 16, 8: 30, 9: 16, 10: 14, 11: 18, 12: 18}
    return spec


def _recon_rows(spec: SheetSpec, table: LedgerTable) -> None:
    divisor = table.divisor
    for rec in table.tolkning.avstamning.itertuples(index=False):
        klass = int(rec.kontoklass)
        row = len(spec.rows) + 1
        differens = float(rec.huvudbok - rec.rapport - rec.separat - rec.ej_medraknat)
        spec.add(
            Cell(table.name),
            Cell(klass if klass >= 0 else None),
            Cell(kb.KLASS_NAMN.get(klass, "Konto som inte är ett nummer")),
            Cell(int(rec.rader), fmt="heltal"),
            Cell(float(rec.huvudbok_export), fmt="belopp"),
            Cell(float(rec.huvudbok), fmt="belopp"),
            Cell(float(rec.rapport), fmt="belopp"),
            Cell(float(rec.separat), fmt="belopp"),
            Cell(float(rec.ej_medraknat), fmt="belopp"),
            Cell(differens, formula=f"=F{row}-G{row}-H{row}-I{row}", fmt="belopp"),
            _in_report_unit(float(rec.rapport), divisor, row),
        )


def _in_report_unit(value: float, divisor: float, row: int) -> Cell:
    if divisor >= 1:
        return Cell(value / divisor, formula=f"=G{row}/{_whole(divisor)}", fmt="belopp")
    factor = round(1 / divisor)
    return Cell(value * factor, formula=f"=G{row}*{_whole(factor)}", fmt="belopp")


def _whole(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def ledger_sheets(huvudbok: Huvudbok | None) -> list[SheetSpec]:
    """The sheets a refresh adds for a workbook with ledger-shaped tables (none otherwise)."""
    if huvudbok is None or not huvudbok.tables:
        return []
    return [avstamning_sheet(huvudbok)]
