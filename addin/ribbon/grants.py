"""The ribbon macro for state grants: ``aterrapportering(book)``.

Written against the same small *book* interface as ``addin.ribbon.forecast.uppdatera_prognos``
(``table``, ``write_sheet``, ``remove_sheet``, ``set_active``), so the command line
(openpyxl file) and a live Excel book run the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from addin.ribbon.forecast import FindingsOutcome, Progress, quiet, write_findings_only
from udfs.grant.report_back import STATUS_FEL, Aterrapport, compute_report_back
from udfs.language.rounding import format_tal
from validation.contract import BUDGET, STATSBIDRAG
from validation.findings import Finding
from validation.grant.register import read_grants
from validation.section_tables.report_date import rapportdatum, unreadable_rapportdatum
from workbooks.books.package_book import PackageBook
from workbooks.books.protocol import Book
from workbooks.books.sheet_spec import SheetSpec
from workbooks.grant_forms.form_sheet import ATERRAPPORTERING, aterrapportering_sheet
from workbooks.grant_forms.pdf import export_pdfs, require_soffice
from workbooks.report.forecast_sheets import VALIDERINGSFEL, valideringsfel_sheet

GRANT_SHEETS = (ATERRAPPORTERING, VALIDERINGSFEL)
# The day the bundled example's report-backs were written: `prognos demo` uses it as today.
DEMO_DATUM = date(2023, 1, 17)


@dataclass
class GrantResult(FindingsOutcome):
    findings: list[Finding]
    rapporter: list[Aterrapport] = field(default_factory=list)
    sheets: list[SheetSpec] = field(default_factory=list)
    idag: date | None = None
    pdfer: list[Path] = field(default_factory=list)
    utan_pdf: list[str] = field(default_factory=list)  # grants not exported (status Fel)


def aterrapportering(book: Book, file: str = "", today: date | None = None, progress: Progress = quiet) -> GrantResult:
    """Validate the grant tables and write Återrapportering and Valideringsfel.

    ``today`` decides the deadline warnings and "days left" (default: the real date).
    When the tables cannot be used at all only Valideringsfel is written; otherwise every
    grant gets its block, with status Fel where a rule is broken.
    """
    idag = today or rapportdatum(book) or date.today()  # --datum, the workbook's Rapportdatum, today
    progress("Läser och validerar statsbidragen")
    bidrag, findings = read_grants(book, file, idag)
    unreadable = None if today else unreadable_rapportdatum(book, file)  # never silently today
    findings = findings + ([unreadable] if unreadable is not None else [])
    for name in GRANT_SHEETS:
        book.remove_sheet(name)
    if bidrag is None:
        return GrantResult(findings, [], [write_findings_only(book, findings)], idag)
    progress("Beräknar återrapporteringarna")
    rapporter = [compute_report_back(b, idag) for b in bidrag]
    progress("Skriver bladet Återrapportering")
    sheets = [aterrapportering_sheet(rapporter, idag), valideringsfel_sheet(findings)]
    for sheet in sheets:
        book.write_sheet(sheet)
    book.set_active(ATERRAPPORTERING)
    return GrantResult(findings, rapporter, sheets, idag)


# --- the command line's side ----------------------------------------------------------------
def run_aterrapport(
    indata: Path, ut: Path, pdf_dir: Path | None = None, today: date | None = None, progress: Progress = quiet
) -> GrantResult:
    """Open ``indata``, write the report-backs to ``ut`` (and PDFs to ``pdf_dir``)."""
    if pdf_dir is not None:
        require_soffice()  # fail before any work when PDFs cannot be made
    progress("Öppnar arbetsboken")
    book = PackageBook(indata)
    result = aterrapportering(book, file=Path(indata).name, today=today, progress=progress)
    progress("Sparar")
    book.save(ut)
    if pdf_dir is not None and result.rapporter:
        progress("Skapar PDF-filer med LibreOffice")
        ready = [r for r in result.rapporter if r.status != STATUS_FEL]
        result.utan_pdf = [r.namn for r in result.rapporter if r.status == STATUS_FEL]
        result.pdfer = export_pdfs(ready, pdf_dir, result.idag) if ready else []
    return result


def is_grant_workbook(path: Path) -> bool:
    """True for a workbook with a Statsbidrag table and no Budget (the demo's test)."""
    book = PackageBook(path)
    try:
        return book.table(STATSBIDRAG) is not None and book.table(BUDGET) is None
    finally:
        book.close()


def summary_lines(result: GrantResult, ut: Path) -> list[str]:
    """What the command line prints: one line per grant, then where things are."""
    lines: list[str] = []
    if not result.rapporter:
        lines.append(
            f"Valideringsfel: {len(result.errors)} fel, {len(result.warnings)} varningar. "
            f"Ingen återrapportering gjordes. Se bladet Valideringsfel i {ut}."
        )
        lines += [f"  {f.blad}!{f.cell}: {f.meddelande}" for f in result.errors[:10]]
        if len(result.errors) > 10:
            lines.append(f"  … och {len(result.errors) - 10} fel till.")
        return lines
    lines.append(
        f"Skrev {ut} (bladet {ATERRAPPORTERING}, {len(result.rapporter)} statsbidrag, per {result.idag.isoformat()})"
    )
    for r in result.rapporter:
        parts = [
            f"mottaget {format_tal(r.mottaget, 0)} kr",
            f"redovisat {format_tal(r.redovisade, 0)} kr",
            f"kvarstående {format_tal(r.kvarstaende, 0)} kr" + (" (återbetalas)" if r.kvarstaende else ""),
        ]
        if r.egenfinansiering:
            parts.append(f"egenfinansiering {format_tal(r.egenfinansiering, 0)} kr")
        lines.append(f"  {r.namn}: {', '.join(parts)}. {r.status}.")
    if result.errors:
        lines.append(f"  {len(result.errors)} fel och {_varningar(len(result.warnings))}: se bladet Valideringsfel.")
    elif result.warnings:
        lines.append(f"  {_varningar(len(result.warnings))}: se bladet Valideringsfel.")
    for path in result.pdfer:
        lines.append(f"  PDF: {path}")
    for namn in result.utan_pdf:
        lines.append(f"  Ingen PDF för {namn}: bidraget har status Fel. Rätta felen och kör igen.")
    return lines


def _varningar(n: int) -> str:
    return f"{n} varning" if n == 1 else f"{n} varningar"
