"""The book: the small workbook interface every macro is written against.

Implemented for files by ``workbooks.books.package_book.PackageBook`` (the surgical writer, the
command line) and ``workbooks.books.xlsx_book.XlsxBook`` (openpyxl), and for a live Excel
workbook by ``addin.ribbon.live_book.XlwingsBook`` (xlwings: Office.js through xlwings Server,
desktop Excel through COM). ``tests/test_book_conformance.py`` runs the same reading tests over
each of them.
"""

from __future__ import annotations

from typing import Protocol

from validation.contract import TableSpec
from validation.findings import Finding
from validation.raw_table import RawTable
from workbooks.books.sheet_spec import SheetSpec


class Book(Protocol):
    """Read a contract table, write or remove a derived sheet, show a sheet."""

    def table(self, spec: TableSpec) -> RawTable | None: ...
    def write_sheet(self, spec: SheetSpec) -> None: ...
    def remove_sheet(self, name: str) -> None: ...
    def set_active(self, name: str) -> None: ...


def file_notes(book: Book, file: str = "") -> list[Finding]:
    """What a book says about its file rather than its tables (``notes(file)``: the surgical
    writer's external links), for Valideringsfel; a book without such a method (a live Excel
    book, which Excel itself asks about its links) says nothing."""
    notes = getattr(book, "notes", None)
    return list(notes(file)) if callable(notes) else []
