"""*Skapa rapport*: the economic section of the committee paper as Word, from any book.

The same pipeline as a refresh (``uppdatera_prognos``) runs on a view of the book that reads
its tables and writes nothing (``ReadOnlyBook``), so the button in the live add-in leaves the
open workbook as it is and the command line never touches its input. The document is built
from the engine's report (``workbooks.report.paper``) and the Diagram sheet's chart data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from addin.ribbon.forecast import Progress, Result, uppdatera_prognos
from validation.contract import TableSpec
from validation.findings import Finding
from validation.raw_table import RawTable
from validation.section_tables.report_date import rapportdatum
from workbooks.books.protocol import Book, file_notes
from workbooks.books.sheet_spec import SheetSpec
from workbooks.report.charts.diagram_sheet import DIAGRAM
from workbooks.report.paper import sections
from workbooks.report.paper_word import build_document, findings_document


def _quiet(_step: str) -> None:
    return None


class ReadOnlyBook:
    """A book whose tables are read and whose sheets are not written."""

    def __init__(self, book: Book):
        self._book = book

    def table(self, spec: TableSpec) -> RawTable | None:
        return self._book.table(spec)

    def write_sheet(self, spec: SheetSpec) -> None:
        return None

    def remove_sheet(self, name: str) -> None:
        return None

    def set_active(self, name: str) -> None:
        return None

    def notes(self, file: str = "") -> list[Finding]:
        return file_notes(self._book, file)


@dataclass
class Rapport:
    result: Result
    document: Any  # a python-docx Document
    sections: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings


def skapa_rapport(book: Book, file: str = "", progress: Progress = _quiet, datum: date | None = None) -> Rapport:
    """Validate and compute like a refresh; the Word document of the economic section, or of
    the validation errors when the tables cannot be used."""
    datum = datum or rapportdatum(book)  # --datum, else the workbook's own Rapportdatum, else today
    result = uppdatera_prognos(ReadOnlyBook(book), file=file, progress=progress, today=datum)
    if result.report is None:
        return Rapport(result, findings_document(result.findings, file or "Arbetsboken"))
    progress("Skriver Word-dokumentet")
    diagram = next((s for s in result.sheets if s.name == DIAGRAM), None)
    parts = sections(result.report, [c.name for c in diagram.charts] if diagram is not None else [])
    return Rapport(result, build_document(result.report, parts, diagram, datum or date.today()), parts)
