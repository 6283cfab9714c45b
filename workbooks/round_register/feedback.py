"""The feedback workbook for a unit sent back (``prognos aterkoppling``): the unit's own
returned file, byte for byte (their inputs, protection, drop-downs and ``_Utskick`` intact),
with one more sheet ``Återkoppling``: the economist's decision, comment and date, and every
finding of the validation with a link to its cell, so the unit corrects and returns the same
workbook. Written with the surgical writer (``PackageBook``): only the new sheet is added; a
previous ``Återkoppling`` is replaced. ``prognos validera`` reads it back like any submission.
"""

from __future__ import annotations

from pathlib import Path

from validation.findings import Finding, sort_key
from validation.round.round_status import UnitState
from validation.rules import rule_title
from workbooks.books.package_book import PackageBook
from workbooks.books.sheet_spec import Cell, SheetSpec, TableDef
from workbooks.round.result_json import location

FEEDBACK_SHEET = "Återkoppling"


def feedback_sheet(unit: UnitState, findings: list[Finding]) -> SheetSpec:
    reg = unit.register
    spec = SheetSpec(FEEDBACK_SHEET, freeze=None, landscape=True)
    spec.add(Cell(f"Återkoppling: {unit.omrade}" + (f", {reg.omgang}" if reg.omgang else ""), bold=True, size=14))
    when = f" {reg.beslutsdatum.isoformat()}" if reg.beslutsdatum else ""
    spec.add(
        Cell(
            f"Ekonomen har skickat tillbaka arbetsboken{when}. Rätta det som står nedan i de gula cellerna på "
            "bladet Prognos (länkarna i kolumnen Gå till leder dit), spara och skicka tillbaka samma arbetsbok.",
            wrap=True,
        )
    )
    spec.add(Cell("Ekonomens kommentar", bold=True), Cell(reg.kommentar or "(ingen kommentar)", wrap=True))
    if reg.svar_senast:
        spec.add(Cell("Svar senast", bold=True), Cell(reg.svar_senast.isoformat()))
    for r in range(2, len(spec.rows) + 1):
        spec.merges.append(f"{'A' if r == 2 else 'B'}{r}:F{r}")
    spec.row_heights[2] = 32
    spec.row_heights[3] = 16 * max(1, -(-len(reg.kommentar or "") // 120))
    spec.add()
    errors = sum(1 for f in findings if f.is_error)
    spec.add(
        Cell(
            f"Valideringen hittade {errors} fel och {len(findings) - errors} varningar."
            if findings
            else "Valideringen hittade inga fel; se ekonomens kommentar.",
            bold=True,
        )
    )
    header = spec.add(*(Cell(h, bold=True) for h in ("Allvarlighet", "Blad", "Cell", "Regel", "Meddelande", "Gå till")))
    for f in sorted(findings, key=sort_key):
        target = location(f.blad, f.cell) if f.blad else None
        spec.add(
            Cell("Fel" if f.is_error else "Varning", bold=f.is_error),
            Cell(f.blad),
            Cell(f.cell),
            Cell(rule_title(f.regel), wrap=True),
            Cell(f.meddelande, wrap=True),
            Cell(f"{f.blad}!{f.cell}" if f.cell else f.blad, link=target) if target else Cell(""),
        )
    if len(spec.rows) == header:
        spec.add(Cell(""), Cell(""), Cell(""), Cell(""), Cell("Inga fynd."), Cell(""))
    spec.table = TableDef("Aterkoppling", header, len(spec.rows), 6)
    spec.widths = {1: 22, 2: 14, 3: 8, 4: 26, 5: 90, 6: 16}
    return spec


def write_feedback(unit: UnitState, out_folder: Path) -> Path:
    """The feedback workbook of one unit sent back, under its own file name in ``out_folder``."""
    source = Path(unit.file.path)
    target = Path(out_folder) / Path(unit.file.fil).name
    if target.resolve() == source.resolve():
        raise ValueError("same file")
    findings = [Finding(**{**d, "fil": source.name}) for d in unit.file.findings]
    book = PackageBook(source)  # a file the graft refuses is re-written by openpyxl, and that is said
    book.write_sheet(feedback_sheet(unit, findings))
    book.set_active(FEEDBACK_SHEET)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
