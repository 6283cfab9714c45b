"""The report workbook of ``prognos validera``: sheets Översikt, Fel and (with
``--sammanstall``) Ändringar.

- ``Översikt``: one row per file (status OK / Varningar / Fel, unit, counts, time), files
  with errors first, then one row per expected unit that sent nothing (status Saknas);
- ``Fel``: every finding with file, unit, sheet, cell, rule and the Swedish message, errors
  first, and a hyperlink that opens the submitted file at the cell
  (``file:///…/fil.xlsx#'Prognos'!D3``);
- ``Ändringar``: every cell the consolidation changed in the master (old → new), and the
  submissions left out with the reason.

Every text is written as text: a value starting with "=", "+", "-" or "@" never becomes a
formula, and characters Excel cannot store are removed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from udfs.language.counts import count_text, seconds_text
from validation.findings import Finding, sort_key
from validation.round.batch import BatchResult, Change, file_order
from validation.round.register import BESLUT, DECISION_HEADERS, REGISTER
from validation.rules import rule_title
from workbooks.books import palette
from workbooks.books.atomic import write_atomically
from workbooks.books.cell_text import set_value
from workbooks.books.xlsx_book import list_validation
from workbooks.round.result_json import file_link, location

OVERSIKT, FEL, ANDRINGAR = "Översikt", "Fel", "Ändringar"
LINK_FONT = Font(color=palette.LINK, underline="single")
STATUS_FILL = {
    "Fel": PatternFill("solid", fgColor=palette.BAD_FILL),
    "Saknas": PatternFill("solid", fgColor=palette.BAD_FILL),
    "Varningar": PatternFill("solid", fgColor=palette.NEUTRAL_FILL),
    "OK": PatternFill("solid", fgColor=palette.GOOD_FILL),
}


def clean(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def put(ws, row: int, col: int, value: Any, **style: Any):
    """Write a value; text that looks like a formula stays text."""
    cell = ws.cell(row=row, column=col)
    value = clean(value)
    set_value(cell, value)
    for key, item in style.items():
        setattr(cell, key, item)
    return cell


def link(cell, target: str) -> None:
    cell.hyperlink = target
    cell.font = LINK_FONT


def _table(ws, name: str, header_row: int, last_row: int, n_cols: int, widths: dict[int, float]) -> None:
    last_row = max(last_row, header_row + 1)
    table = Table(displayName=name, ref=f"A{header_row}:{get_column_letter(n_cols)}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name=palette.TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{header_row + 1}"


def _header(ws, row: int, headers: list[str]) -> None:
    for c, header in enumerate(headers, start=1):
        put(ws, row, c, header, font=palette.HEADER_FONT)


def oversikt_sheet(wb: Workbook, batch: BatchResult) -> None:
    ws = wb.create_sheet(OVERSIKT)
    counts = batch.counts()
    put(ws, 1, 1, "Validering av inlämnade arbetsböcker", font=Font(bold=True, size=14))
    summary = (
        f"{count_text(counts['filer'], 'fil', 'filer')}: {counts['ok']} OK, {counts['varningar']} med "
        f"varningar, {counts['fel']} med fel"
        f"; {counts['saknade_enheter']} enheter saknas. Kontrollerat {dt.datetime.now():%Y-%m-%d %H:%M} på "
        f"{seconds_text(batch.seconds)}."
    )
    put(ws, 2, 1, summary)
    if batch.master is not None:
        put(
            ws,
            3,
            1,
            f"Master: {batch.master.path.name} ({batch.master.ar} period {batch.master.period}), "
            f"{len(batch.master.units)} verksamhetsområden.",
        )
    elif batch.expected:
        put(ws, 3, 1, f"Förväntade enheter enligt utskicket: {len(batch.expected)}.")
    headers = [
        "Status",
        "Fil",
        "Enhet",
        "Enhet enligt",
        "Omgång",
        "Fel",
        "Varningar",
        "Tid (s)",
        "Första felet",
        "SHA-256",
        *DECISION_HEADERS,
    ]
    top = 5
    _header(ws, top, headers)
    r = top
    for f in sorted(batch.files, key=file_order):
        r += 1
        first = next(
            (
                d["meddelande"]
                for d in sorted(f.findings, key=lambda d: sort_key(_finding(d)))
                if d["allvarlighet"] == "fel"
            ),
            "",
        )
        put(ws, r, 1, f.status, fill=STATUS_FILL[f.status])
        link(put(ws, r, 2, f.fil), file_link(f.path, "", ""))
        put(ws, r, 3, f.unit or "")
        put(ws, r, 4, f.unit_source or "")
        put(ws, r, 5, f.omgang or "")
        put(ws, r, 6, f.errors)
        put(ws, r, 7, f.warnings)
        put(ws, r, 8, round(f.seconds, 3), number_format="0.000")
        put(ws, r, 9, first, alignment=Alignment(wrap_text=False))
        put(ws, r, 10, f.sha256)
        # columns 11 and 12: the economist's decision on this file (prognos status/validera --beslut)
    decisions(ws, 11, top + 1, r)
    for unit in batch.missing:
        r += 1
        put(ws, r, 1, "Saknas", fill=STATUS_FILL["Saknas"])
        put(ws, r, 2, "")
        put(ws, r, 3, unit)
        put(ws, r, 9, f"Ingen fil från {unit} har kommit in.")
    _table(
        ws,
        "Oversikt",
        top,
        r,
        len(headers),
        {1: 11, 2: 48, 3: 32, 4: 14, 5: 16, 6: 6, 7: 10, 8: 9, 9: 90, 10: 20, 11: 19, 12: 50},
    )


def decisions(ws, column: int, first: int, last: int) -> None:
    """The drop-down of the economist's decision (Godkänd / Åter till enheten / Väntar)."""
    if last < first:
        return
    letter = get_column_letter(column)
    dv = list_validation(BESLUT, "Beslut", REGISTER.column("beslut").values_error, REGISTER.column("beslut").hint)
    ws.add_data_validation(dv)
    dv.add(f"{letter}{first}:{letter}{last}")


def _finding(d: dict):
    return Finding(**d)


def fel_sheet(wb: Workbook, batch: BatchResult) -> None:
    ws = wb.create_sheet(FEL)
    headers = ["Allvarlighet", "Fil", "Enhet", "Blad", "Cell", "Regel", "Meddelande", "Länk"]
    _header(ws, 1, headers)
    rows: list[tuple[tuple, list[Any], str | None]] = []
    for f in batch.files:
        for d in f.findings:
            finding = _finding(d)
            target = file_link(f.path, d["blad"], d["cell"]) if d["blad"] else file_link(f.path, "", "")
            text = f"Öppna {location(d['blad'], d['cell'])}" if d["blad"] else "Öppna filen"
            rows.append(
                (
                    sort_key(finding),
                    [
                        "Fel" if finding.is_error else "Varning",
                        f.fil,
                        f.unit or "",
                        d["blad"],
                        d["cell"],
                        rule_title(d["regel"]),
                        d["meddelande"],
                        text,
                    ],
                    target,
                )
            )
    for unit in batch.missing:
        rows.append(
            (
                (0, "", "", (0, "")),
                [
                    "Fel",
                    "",
                    unit,
                    "",
                    "",
                    "enhet_saknas",
                    f"Ingen fil från {unit} har kommit in, men enheten ingår i omgången.",
                    "",
                ],
                None,
            )
        )
    rows.sort(key=lambda item: item[0])
    r = 1
    for _key, values, target in rows:
        r += 1
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value)
            if c == 1:
                cell.fill = STATUS_FILL["Fel" if value == "Fel" else "Varningar"]
        if target:
            link(ws.cell(row=r, column=len(values)), target)
    if not rows:
        r += 1
        put(ws, r, 1, "OK")
        put(ws, r, 7, "Inga fel eller varningar hittades.")
    _table(ws, "Fel", 1, r, len(headers), {1: 11, 2: 40, 3: 28, 4: 16, 5: 7, 6: 22, 7: 110, 8: 22})


def andringar_sheet(wb: Workbook, changes: list[Change], left_out: list[tuple[str, str, str]]) -> None:
    ws = wb.create_sheet(ANDRINGAR)
    write_changes(ws, changes, left_out)


def write_changes(ws, changes: list[Change], left_out: list[tuple[str, str, str]]) -> None:
    headers = ["Enhet", "Fil", "Verksamhetsområde", "Typ", "Kolumn", "Cell i mastern", "Före", "Efter", "Anmärkning"]
    _header(ws, 1, headers)
    r = 1
    for ch in changes:
        r += 1
        for c, value in enumerate(
            [
                ch.unit,
                ch.fil,
                ch.omrade,
                ch.typ,
                ch.column,
                f"{ch.sheet}!{ch.cell}",
                _display(ch.old),
                _display(ch.new),
                ch.note,
            ],
            start=1,
        ):
            put(ws, r, c, value)
    for fil, unit, reason in left_out:
        r += 1
        for c, value in enumerate([unit, fil, "", "", "", "", "", "", f"Ej sammanställd: {reason}"], start=1):
            put(ws, r, c, value, **({"fill": STATUS_FILL["Fel"]} if c == 9 else {}))
    if not changes and not left_out:
        r += 1
        put(ws, r, 9, "Inga ändringar: mastern hade redan enheternas värden.")
    _table(ws, "Andringar", 1, r, len(headers), {1: 28, 2: 40, 3: 28, 4: 11, 5: 17, 6: 16, 7: 30, 8: 30, 9: 60})


def _display(value: Any) -> Any:
    return "" if value is None else value


def write_report(
    batch: BatchResult,
    path: Path,
    changes: list[Change] | None = None,
    left_out: list[tuple[str, str, str]] | None = None,
) -> Path:
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    oversikt_sheet(wb, batch)
    fel_sheet(wb, batch)
    if changes is not None:
        andringar_sheet(wb, changes, left_out or [])
    wb.active = 0
    wb.properties.creator = "Prognos"
    wb.properties.title = "Validering av inlämningar"
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(path, wb.save)
