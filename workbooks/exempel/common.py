"""What the example builders share: reading the CSVs, writing tables and text, and a
byte-deterministic save with a small command line."""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from workbooks.books import palette

_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def deterministic_bytes(wb: Workbook, fixed: _dt.datetime) -> bytes:
    """Save to bytes with fixed document dates and zip timestamps (openpyxl stamps 'now'),
    so that rebuilding a committed example shows no diff."""
    raw = io.BytesIO()
    wb.save(raw)
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    zip_date = fixed.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED_RE.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=zip_date)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


STYLE = palette.TABLE_STYLE


def _display_len(value: Any, fmt: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, float) and fmt and fmt.endswith("%"):
        return 6
    if isinstance(value, int) and fmt != "0":
        return len(f"{value:,}")
    if isinstance(value, _dt.date):
        return 10
    return len(str(value))


def write_table(
    wb: Workbook,
    sheet: str,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: dict[str, str] | None = None,
    cell_formats: dict[tuple[int, int], str] | None = None,
    max_width: int = 80,
) -> None:
    """An Excel Table with the header in row 1 from A1, frozen header and fitted widths.

    ``formats`` by header; ``cell_formats`` by (row, column) of ``rows`` (0-based) override.
    Text longer than 60 characters wraps.
    """
    formats = formats or {}
    cell_formats = cell_formats or {}
    ws = wb.create_sheet(sheet)
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    for c, header in enumerate(headers, start=1):
        fmt = formats.get(header)
        width = len(header) + 4  # room for the filter button
        for r in range(2, len(rows) + 2):
            cell = ws.cell(row=r, column=c)
            cf = cell_formats.get((r - 2, c - 1), fmt)
            if cf and cell.value is not None:
                cell.number_format = cf
            if isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            width = max(width, _display_len(cell.value, cf) + 2)
        ws.column_dimensions[get_column_letter(c)].width = min(width, max_width)
    ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name=STYLE, showFirstColumn=False, showLastColumn=False, showRowStripes=True, showColumnStripes=False
    )
    ws.add_table(table)
    ws.freeze_panes = "A2"


def write_text_sheet(wb: Workbook, title: str, lines: Sequence[str]) -> None:
    """The first sheet as a wrapped text page (the examples' "Om exemplet")."""
    ws = wb.active
    ws.title = title
    ws.column_dimensions["A"].width = 110
    for i, line in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=line or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=14)


def finish(wb: Workbook, title: str, fixed: _dt.datetime) -> Workbook:
    """First sheet active, fixed document properties."""
    wb.active = 0
    props = wb.properties
    props.creator = "Prognos"
    props.lastModifiedBy = "Prognos"
    props.title = title
    props.created = fixed
    props.modified = fixed
    return wb


def build(make: Callable[[Path], Workbook], data_dir: Path, ut: Path, fixed: _dt.datetime) -> Path:
    """Build an example workbook from the CSVs in ``data_dir`` into ``ut``; return ``ut``."""
    ut = Path(ut)
    ut.parent.mkdir(parents=True, exist_ok=True)
    ut.write_bytes(deterministic_bytes(make(Path(data_dir)), fixed))
    return ut


def main(
    build_one: Callable[[Path, Path], Path],
    description: str,
    data_dir: Path,
    ut: Path,
    argv: Sequence[str] | None = None,
) -> int:
    """The builders' command line: ``--data DIR --ut FILE``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=data_dir, help="mapp med CSV-filerna")
    parser.add_argument("--ut", type=Path, default=ut, help="arbetsboken som skrivs")
    args = parser.parse_args(argv)
    print(build_one(args.data, args.ut))
    return 0
