"""The ribbon macros, written once against the small workbook interface.

A *book* is anything with ``table(spec)``, ``write_sheet(spec)``, ``remove_sheet(name)``
and ``set_active(name)``: the surgical file adapter (``workbooks.package_book.PackageBook``)
for the command line, the openpyxl one (``workbooks.xlsx_file.XlsxBook``), or a live xlwings
book for Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Protocol

from udfs.grants import berakna
from udfs.report import Report, compute
from validation.contract import STATSBIDRAG, TableSpec
from validation.findings import VARNING, Finding
from validation.grants import read_grants
from validation.inputs import read_inputs
from validation.tables import RawTable
from workbooks.grant_sheets import aterrapportering_sheet
from validation.report_date import rapportdatum
from workbooks.ledger_sheets import AVSTAMNING, ledger_sheets
from workbooks.report_sheets import (
    AVVIKELSE,
    METODVAL,
    SAMMANFATTNING,
    VALIDERINGSFEL,
    avvikelse_sheet,
    metodval_sheet,
    sammanfattning_sheet,
    valideringsfel_sheet,
)
from workbooks.print_setup import keep_together, print_care, printable_table
from workbooks.rapport_sheet import RAPPORT, rapport_for
from workbooks.sheets import SheetSpec
from workbooks.volume_sheets import DIAGRAM, PROGNOSSAKERHET, VOLYMANALYS, derived_sheets

REFRESH_SHEETS = (SAMMANFATTNING, RAPPORT, AVVIKELSE, METODVAL, VOLYMANALYS, PROGNOSSAKERHET, DIAGRAM, AVSTAMNING,
                  VALIDERINGSFEL)


class Book(Protocol):
    def table(self, spec: TableSpec) -> RawTable | None: ...
    def write_sheet(self, spec: SheetSpec) -> None: ...
    def remove_sheet(self, name: str) -> None: ...
    def set_active(self, name: str) -> None: ...


class FindingsOutcome:
    """What a macro's result says about its findings (mixed into the result dataclasses)."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Result(FindingsOutcome):
    findings: list[Finding]
    report: Report | None = None
    sheets: list[SheetSpec] = field(default_factory=list)
    rapporter: list = field(default_factory=list)  # udfs.grants.Aterrapport, when the book keeps grants


Progress = Callable[[str], None]


def quiet(_step: str) -> None:
    return None


def uppdatera_prognos(book: Book, file: str = "", progress: Progress = quiet, today: date | None = None) -> Result:
    """Validate, forecast and write Sammanfattning, Avvikelse, Metodval (Volymanalys,
    Prognossäkerhet, Diagram), Återrapportering when the book keeps a grant register, and
    Valideringsfel with every finding of both.

    With validation errors in the forecast tables only Valideringsfel is written (the other
    derived sheets of an earlier run are removed, so no stale figures remain). Errors in the
    grant tables do not stop the forecast: each grant shows its own status.
    """
    progress("Läser och validerar tabellerna")
    today = today or rapportdatum(book)  # --datum, else the workbook's own Rapportdatum, else today
    inputs, findings = read_inputs(book, file)
    grant_sheets, grant_findings, rapporter = _grants(book, file, today, progress)
    findings = findings + grant_findings
    for name in REFRESH_SHEETS:
        book.remove_sheet(name)
    if inputs is None:
        return Result(findings, None, [write_findings_only(book, findings)])
    progress("Beräknar prognoser")
    report = compute(inputs)
    findings = findings + [
        Finding(allvarlighet=VARNING, blad=w.sheet, cell=w.cell, regel="metod_ej_beraknad", meddelande=w.message, fil=file)
        for w in report.warnings
    ]
    progress("Skriver bladen")
    avvikelse, total_rows = avvikelse_sheet(report)
    # Volymanalys and Prognossäkerhet when their input tables exist; Diagram always.
    extra = derived_sheets(inputs, report, avvikelse)
    sheets = [sammanfattning_sheet(report, total_rows), rapport_for(report, extra, today), avvikelse,
              metodval_sheet(report), *extra,
              *ledger_sheets(inputs.huvudbok), *grant_sheets, valideringsfel_sheet(findings)]
    for sheet in sheets:
        if sheet.name != RAPPORT:
            print_care(sheet, report.namnd, f"{sheet.name} {report.ar}", today)
    printable_table(avvikelse, "Kommentar")
    for sheet in extra:
        if sheet.name == VOLYMANALYS:
            printable_table(sheet, "Anmärkning")
        if sheet.name == PROGNOSSAKERHET:
            keep_together(sheet, "Nämndens prognossäkerhet")
    for sheet in sheets:
        book.write_sheet(sheet)
    book.set_active(SAMMANFATTNING)
    return Result(findings, report, sheets, rapporter)


def write_findings_only(book: Book, findings: list[Finding]) -> SheetSpec:
    """When the tables cannot be used: the Valideringsfel sheet alone, shown to the user."""
    sheet = valideringsfel_sheet(findings)
    book.write_sheet(sheet)
    book.set_active(VALIDERINGSFEL)
    return sheet


def _grants(book: Book, file: str, today: date | None, progress: Progress) -> tuple[list[SheetSpec], list[Finding], list]:
    """Återrapportering for a book that also keeps a grant register, so one refresh writes
    every derived sheet. Nothing for a book without grants (no Statsbidrag table, or the
    template's empty one)."""
    register = book.table(STATSBIDRAG)
    if register is None or not register.rows:
        return [], [], []

    progress("Läser och validerar statsbidragen")
    idag = today or date.today()
    bidrag, findings = read_grants(book, file, idag)
    if bidrag is None:
        return [], findings, []
    rapporter = [berakna(b, idag) for b in bidrag]
    return [aterrapportering_sheet(rapporter, idag)], findings, rapporter
