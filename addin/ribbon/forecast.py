"""The ribbon macros of the forecast, written once against the book
(``workbooks.books.protocol.Book``): the refresh ``uppdatera_prognos`` and what every macro's
result shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from udfs.forecasting.engine import Report
from udfs.grant.report_back import compute_report_back
from udfs.language.sheet_names import METODVAL
from udfs.section.assembly import compute_report, section
from udfs.section.headings import is_year_end
from udfs.section.investments import total_row
from validation.contract import REPORT_SHEETS, STATSBIDRAG
from validation.findings import VARNING, Finding
from validation.forecast_tables.inputs import read_inputs
from validation.grant.register import read_grants
from validation.section_tables.report_date import rapportdatum
from workbooks.books.protocol import Book, file_notes
from workbooks.books.sheet_spec import SheetSpec
from workbooks.grant_forms.form_sheet import aterrapportering_sheet
from workbooks.report.accuracy_sheet import PROGNOSSAKERHET
from workbooks.report.charts.diagram_sheet import DIAGRAM
from workbooks.report.forecast_sheets import (
    AVVIKELSE,
    SAMMANFATTNING,
    VALIDERINGSFEL,
    avvikelse_sheet,
    sammanfattning_sheet,
    valideringsfel_sheet,
)
from workbooks.report.ledger_sheets import AVSTAMNING, ledger_sheets
from workbooks.report.method_sheet import metodval_sheet
from workbooks.report.paper_sheet import RAPPORT, rapport_for
from workbooks.report.print_setup import keep_together, print_care, printable_table
from workbooks.report.section_sheets import section_sheets
from workbooks.report.volume_sheets import VOLYMANALYS, derived_sheets

REFRESH_SHEETS = (
    SAMMANFATTNING,
    RAPPORT,
    AVVIKELSE,
    *REPORT_SHEETS,
    METODVAL,
    VOLYMANALYS,
    PROGNOSSAKERHET,
    DIAGRAM,
    AVSTAMNING,
    VALIDERINGSFEL,
)


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
    rapporter: list = field(default_factory=list)  # udfs.grant.report_back.Aterrapport, when the book keeps grants


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
    findings += file_notes(book, file)  # what the file carries besides its tables (external links)
    for name in REFRESH_SHEETS:
        book.remove_sheet(name)
    if inputs is None:
        return Result(findings, None, [write_findings_only(book, findings)])
    progress("Beräknar prognoser")
    inputs.statsbidrag = [r.bidrag for r in rapporter]  # the register's grants count in grant revenue
    report = compute_report(inputs)
    findings = findings + report_findings(report, file)
    progress("Skriver bladen")
    avvikelse, total_rows = avvikelse_sheet(report)
    # The rest of the economic section, one sheet per part whose table exists.
    parts, layouts = section_sheets(report, total_rows)
    # Volymanalys and Prognossäkerhet when their input tables exist; Diagram always.
    extra = derived_sheets(inputs, report, avvikelse)
    # No method choice at year end: no Metodval.
    metodval = [] if is_year_end(report.period) else [metodval_sheet(report)]
    sheets = [
        sammanfattning_sheet(report, total_rows, _investment_row(report, layouts)),
        rapport_for(report, extra, today),
        avvikelse,
        *parts,
        *metodval,
        *extra,
        *ledger_sheets(inputs.huvudbok),
        *grant_sheets,
        valideringsfel_sheet(findings),
    ]
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


def report_findings(report: Report, file: str = "") -> list[Finding]:
    """The engine's warnings (a method that could not be computed, the comparisons between
    tables of the economic section) as findings."""
    return [
        Finding(allvarlighet=VARNING, blad=w.sheet, cell=w.cell, regel=w.regel, meddelande=w.message, fil=file)
        for w in report.warnings
    ]


def validate_all(book: Book, file: str = "") -> list[Finding]:
    """Every finding of a refresh without writing a report: the tables' rules and, when they
    can be used, the comparisons the engine makes between them."""
    inputs, findings = read_inputs(book, file)
    if inputs is None:
        return findings
    return findings + report_findings(compute_report(inputs), file)


def _investment_row(report: Report, layouts: dict) -> list:
    """Sammanfattning's ``Nettoinvesteringar`` row, linked to Investeringsredovisning's total."""
    investments = section(report, "investeringar")
    if investments is None:
        return []
    i = total_row(investments)
    layout = layouts["investeringar"]
    refs = {
        key: (investments.value(i, key), layout.ref(i, key))
        for key in layout.letters
        if key in ("utfall_period", "budget", "prognos", "avvikelse")
    }
    if "utfall_fg" in layout.letters:
        refs["utfall_helar_fg"] = (investments.value(i, "utfall_fg"), layout.ref(i, "utfall_fg"))
    return [("Nettoinvesteringar", refs)]


def write_findings_only(book: Book, findings: list[Finding]) -> SheetSpec:
    """When the tables cannot be used: the Valideringsfel sheet alone, shown to the user."""
    sheet = valideringsfel_sheet(findings)
    book.write_sheet(sheet)
    book.set_active(VALIDERINGSFEL)
    return sheet


def _grants(
    book: Book, file: str, today: date | None, progress: Progress
) -> tuple[list[SheetSpec], list[Finding], list]:
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
    rapporter = [compute_report_back(b, idag) for b in bidrag]
    return [aterrapportering_sheet(rapporter, idag)], findings, rapporter
