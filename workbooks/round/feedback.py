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
ORANGE = "F4B183"


def feedback_sheet(unit: UnitState, findings: list[Finding]) -> SheetSpec:
    reg = unit.register
    spec = SheetSpec(FEEDBACK_SHEET, freeze=None, tab_color=ORANGE, landscape=True)
    spec.add(Cell(f"Återkoppling: {unit.omrade}" + (f", {reg.omgang}" if reg.omgang else ""), bold=True, size=14))
    when = reg.beslutsdatum.isoformat() if reg.beslutsdatum else ""
    spec.add(Cell("Ekonomen har skickat tillbaka arbetsboken" + (f" {when}" if when else "") + ". Rätta det som står "
                  "nedan i de gula cellerna på bladet Prognos, spara och skicka tillbaka samma arbetsbok.", wrap=True))
    spec.add(Cell("Ekonomens kommentar:", bold=True), Cell(reg.kommentar or "(ingen kommentar)", wrap=True))
    if reg.svar_senast:
        spec.add(Cell("Svar senast:", bold=True), Cell(reg.svar_senast.isoformat()))
    spec.add()
    errors = sum(1 for f in findings if f.is_error)
    spec.add(Cell(f"Valideringen hittade {errors} fel och {len(findings) - errors} varningar." if findings
                  else "Valideringen hittade inga fel; se ekonomens kommentar.", bold=True))
    header = spec.add(*(Cell(h, bold=True) for h in ("Allvarlighet", "Blad", "Cell", "Regel", "Meddelande", "Gå till")))
    for f in sorted(findings, key=sort_key):
        target = location(f.blad, f.cell) if f.blad else None
        spec.add(Cell("Fel" if f.is_error else "Varning", fill="FFC7CE" if f.is_error else "FFEB9C"), Cell(f.blad),
                 Cell(f.cell), Cell(rule_title(f.regel)), Cell(f.meddelande, wrap=True),
                 Cell(f"Gå till {f.blad}!{f.cell}" if f.cell else f"Gå till {f.blad}", link=target) if target else Cell(""))
    last = max(len(spec.rows), header + 1)
    if len(spec.rows) == header:
        spec.add(Cell(""), Cell(""), Cell(""), Cell(""), Cell("Inga fynd."), Cell(""))
    spec.table = TableDef("Aterkoppling", header, last, 6)
    spec.widths = {1: 22, 2: 16, 3: 8, 4: 28, 5: 90, 6: 20}
    return spec


def write_feedback(unit: UnitState, out_folder: Path) -> Path:
    """The feedback workbook of one unit sent back, under its own file name in ``out_folder``."""
    source = Path(unit.file.path)
    target = Path(out_folder) / Path(unit.file.fil).name
    if target.resolve() == source.resolve():
        raise ValueError("same file")
    findings = [Finding(**{**d, "fil": source.name}) for d in unit.file.findings]
    book = PackageBook(source, notice=lambda _line: None)
    book.write_sheet(feedback_sheet(unit, findings))
    book.set_active(FEEDBACK_SHEET)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
