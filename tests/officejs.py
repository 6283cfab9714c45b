"""Office.js on Linux: the request bodies Excel sends to xlwings Server, and the
response actions applied to a workbook file, so the add-in can be tested without Excel.

- ``book_payload(path)``: the JSON ``xlwings.runPython`` sends for a workbook (as built
  by xlwings Server's ``static/js/custom-scripts/index.js``, ``getBookData``): every
  sheet's values from A1 to the last used cell (empty cells ``""``, date cells as ISO
  strings, whole numbers as JSON integers), its Excel Tables with their addresses, the
  defined names.
- ``function_body(name, *args)``: the JSON ``custom-functions-code.js`` posts to
  ``custom-functions-call`` (every argument a 2-D matrix, empty cells ``null``).
- ``apply_actions(actions, book)``: Excel's side of a script response, on an
  ``XlsxBook`` (openpyxl): sheets added and deleted by position, values and formulas
  written with Office.js' rule that ``null`` leaves a cell unchanged, formats, tables.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import Table, TableStyleInfo

XLWINGS_VERSION = "0.37.8"


def _json_value(value: Any) -> Any:
    """A cell value as Office.js puts it in ``range.values`` after JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "#NUM!"
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, (int, str)):
        return value
    return str(value)


def _address(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def book_payload(path: Path, *, name: str | None = None, active: int = 0) -> dict[str, Any]:
    path = Path(path)
    wb = openpyxl.load_workbook(path)
    values_wb = python_calamine.CalamineWorkbook.from_path(str(path))
    sheets = []
    for ws in wb.worksheets:
        grid = values_wb.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
        grid = [list(r) for r in grid]
        last_row = max((i + 1 for i, r in enumerate(grid) if any(v not in ("", None) for v in r)), default=0)
        last_col = max((j + 1 for r in grid for j, v in enumerate(r) if v not in ("", None)), default=0)
        if last_row == 0:
            values: list[list[Any]] = [[""]]
            used = None
        else:
            values = [[_json_value(r[j] if j < len(r) else None) for j in range(last_col)] for r in grid[:last_row]]
            used = _address(1, 1, last_col, last_row)
        tables = []
        for table in ws.tables.values():
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            totals = bool(table.totalsRowCount)
            header = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
            tables.append(
                {
                    "name": table.displayName,
                    "range_address": table.ref,
                    "row_count": max_row - min_row + 1,
                    "column_count": max_col - min_col + 1,
                    "columns": [str(h) for h in header],
                    "header_row_range_address": _address(min_col, min_row, max_col, min_row),
                    "data_body_range_address": _address(min_col, min_row + 1, max_col, max_row - (1 if totals else 0)),
                    "total_row_range_address": _address(min_col, max_row, max_col, max_row) if totals else None,
                    "show_headers": True,
                    "show_totals": totals,
                    "table_style": table.tableStyleInfo.name if table.tableStyleInfo else None,
                    "show_autofilter": True,
                    "show_table_style_first_column": False,
                    "show_table_style_last_column": False,
                    "show_table_style_row_stripes": True,
                    "show_table_style_column_stripes": False,
                }
            )
        sheets.append(
            {
                "name": ws.title,
                "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden",
                "show_gridlines": True,
                "print_area": None,
                "notes": [],
                "notes_supported": True,
                "used_range_address": used,
                "used_range_row_count": last_row,
                "used_range_column_count": last_col,
                "values": values,
                "pictures": [],
                "shapes": [],
                "charts": [],
                "tables": tables,
                "pivot_tables": [],
            }
        )
    return {
        "client": "Office.js",
        "version": XLWINGS_VERSION,
        "book": {
            "name": name or path.name,
            "active_sheet_index": active,
            "selection": "A1",
            "calculation": "Automatic",
        },
        "sheets": sheets,
        "names": [],
    }


def function_body(func_name: str, *args: Any, caller: str = "[Bok1.xlsx]Blad1!A1") -> dict[str, Any]:
    """A custom-functions-call body: each argument as Excel passes it (a 2-D matrix)."""

    def matrix(value: Any) -> Any:
        if isinstance(value, list):
            if value and isinstance(value[0], list):
                return value
            return [value]
        return [[value]]

    return {
        "client": "Office.js",
        "func_name": func_name,
        "args": [matrix(a) for a in args],
        "caller_address": caller,
        "session_id": "3f1b2c4d5e6f",
        "culture_info_name": "sv-SE",
        "date_format": "yyyy-MM-dd",
        "version": XLWINGS_VERSION,
        "runtime": "1.4",
    }


# --- Excel's side of a script response ---------------------------------------------


class UnknownAction(AssertionError):
    pass


def _range(ws, action: dict[str, Any]):
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    return [[ws.cell(r0 + i, c0 + j) for j in range(action["column_count"])] for i in range(action["row_count"])]


def _write(cell, value: Any) -> None:
    if isinstance(value, str) and value.startswith("'"):
        cell.value = value[1:]  # typed-as-text marker, as Excel treats it
        cell.data_type = "s"
        cell.quotePrefix = True
    else:
        cell.value = value


def apply_actions(actions: list[dict[str, Any]], wb: openpyxl.Workbook) -> list[dict[str, Any]]:
    """Apply a script response's actions to an openpyxl workbook; return the alerts."""
    alerts = []
    charts: dict[int, list[Any]] = {}  # id(worksheet) -> its charts in Excel's order
    for action in actions:
        func = action["func"]
        args = action.get("args") or []
        ws = wb.worksheets[action["sheet_position"]] if action.get("sheet_position") is not None else None
        if func == "addSheet":
            wb.create_sheet(args[1], args[0])
        elif func == "sheetDelete":
            wb.remove(ws)
        elif func == "activateSheet":
            wb.active = int(args[0])
            for i, sheet in enumerate(wb.worksheets):
                sheet.sheet_view.tabSelected = i == int(args[0])
        elif func in ("setValues", "setFormula"):
            cells = _range(ws, action)
            values = action["values"]
            for i, row in enumerate(cells):
                for j, cell in enumerate(row):
                    value = values[i][j]
                    if value is None:
                        continue  # Office.js: null leaves the cell unchanged
                    _write(cell, value)
        elif func == "setNumberFormat":
            for row in _range(ws, action):
                for cell in row:
                    cell.number_format = args[0]
        elif func == "setFontProperty":
            prop, value = args[0], args[1]
            attr = {"bold": "b", "italic": "i", "size": "sz", "color": "color"}[prop]
            for row in _range(ws, action):
                for cell in row:
                    font = copy.copy(cell.font)
                    setattr(font, attr, value.lstrip("#") if prop == "color" else value)
                    cell.font = font
        elif func == "setWrapText":
            for row in _range(ws, action):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=bool(args[0]), vertical="top")
        elif func == "setHorizontalAlignment":
            for row in _range(ws, action):
                for cell in row:
                    align = copy.copy(cell.alignment)
                    align.horizontal = str(args[0]).lower()
                    cell.alignment = align
        elif func == "setBorderProperty":
            side, attribute, value = args[0], args[1], args[2]
            cells = _range(ws, action)
            sides = {"edge_top": "top", "edge_bottom": "bottom", "edge_left": "left", "edge_right": "right"}
            for i, row in enumerate(cells):
                for j, cell in enumerate(row):
                    targets = []
                    if side in sides:
                        edge = sides[side]
                        on_edge = {
                            "top": i == 0,
                            "bottom": i == len(cells) - 1,
                            "left": j == 0,
                            "right": j == len(row) - 1,
                        }[edge]
                        targets = [edge] if on_edge else []
                    elif side == "inside_horizontal":
                        targets = [t for t, ok in (("top", i > 0), ("bottom", i < len(cells) - 1)) if ok]
                    elif side == "inside_vertical":
                        targets = [t for t, ok in (("left", j > 0), ("right", j < len(row) - 1)) if ok]
                    if attribute == "line_style" and targets:
                        border = copy.copy(cell.border)
                        for t in targets:
                            setattr(border, t, Side(style=None if value is None else "thin"))
                        cell.border = border
        elif func == "setColumnWidth":
            for col in range(action["start_column"] + 1, action["start_column"] + action["column_count"] + 1):
                ws.column_dimensions[get_column_letter(col)].width = round((float(args[0]) / 0.75 - 5) / 7, 2)
        elif func == "addTable":
            address, _has_headers, style, name = args[:4]
            table = Table(displayName=name, ref=address.replace("$", ""))
            table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
            ws.add_table(table)
        elif func == "resizeTable":  # Office.js table.resize(range): the table's new address
            index, address = args[:2]
            table = list(ws.tables.values())[int(index)]
            table.ref = address.split("!")[-1].replace("$", "")
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
        elif func == "addConditionalFormat":
            ref = _address(
                action["start_column"] + 1,
                action["start_row"] + 1,
                action["start_column"] + action["column_count"],
                action["start_row"] + action["row_count"],
            )
            ws.conditional_formatting.add(
                ref,
                CellIsRule(
                    operator="lessThan", formula=["0"], font=Font(color="9C0006"), fill=PatternFill(bgColor="FFC7CE")
                ),
            )
        elif func == "freezePaneAtRange":
            min_col, min_row, max_col, max_row = _frozen_bounds(args[0])
            ws.freeze_panes = f"{get_column_letter(max_col + 1)}{max_row + 1}"
        elif func == "rangeMerge":  # Office.js range.merge(across): with across, each row is merged apart
            cells = _range(ws, action)
            across = bool(args[0] if isinstance(args, list) else args)
            for row in cells if across else [[cells[0][0], cells[-1][-1]]]:
                ws.merge_cells(f"{row[0].coordinate}:{row[-1].coordinate}")
        elif func == "setRowHeight":
            for r in range(action["start_row"] + 1, action["start_row"] + action["row_count"] + 1):
                ws.row_dimensions[r].height = float(args[0])
        elif func == "setRangeColor":
            for row in _range(ws, action):
                for cell in row:
                    cell.fill = PatternFill("solid", fgColor=str(args[0]).lstrip("#"))
        elif func == "addPicture":
            import base64
            import io

            from openpyxl.drawing.image import Image

            image = Image(io.BytesIO(base64.b64decode(args[0])))
            image.anchor = f"{get_column_letter(int(args[1]) + 1)}{int(args[2]) + 1}"
            ws.add_image(image)
        elif func == "setPictureName":
            pass  # openpyxl images carry no name
        elif func.startswith("addChart") or func.startswith("setChart"):
            _chart_action(func, args, ws, wb, charts.setdefault(id(ws), []))
        elif func == "alert":
            alerts.append({"text": args[0], "title": args[1], "mode": args[3]})
        else:
            raise UnknownAction(f"action {func!r} is not simulated: {action}")
    return alerts


_CHART_KINDS = {
    "ColumnClustered": ("col", "clustered"),
    "ColumnStacked": ("col", "stacked"),
    "BarClustered": ("bar", "clustered"),
    "BarStacked": ("bar", "stacked"),
    "Line": ("line", None),
    "LineMarkers": ("line", None),
}


def _chart_action(func: str, args: list[Any], ws, wb: openpyxl.Workbook, charts: list[Any]) -> None:
    """Office.js' chart callbacks (xlwings Server's chart-action-callbacks.js), drawn as
    an openpyxl chart: type, source (one series per column), anchor, size, categories,
    title, legend, axes, series names and colours."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.series import SeriesLabel
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.line import LineProperties

    def ref(sheet_name: str, address: str) -> Reference:
        min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
        return Reference(wb[sheet_name], min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)

    if func == "addChart":
        name, kind, source_sheet, address, _left, _top, width, height, plot_by, anchor = args[:10]
        bar_dir, grouping = _CHART_KINDS[kind]
        chart = LineChart() if bar_dir == "line" else BarChart()
        if bar_dir != "line":
            chart.type, chart.grouping = bar_dir, grouping
            chart.overlap = 100 if grouping == "stacked" else None
        assert plot_by == "Columns"
        chart.add_data(ref(source_sheet, address), titles_from_data=False)
        chart.width, chart.height = float(width) / 72 * 2.54, float(height) / 72 * 2.54
        chart.anchor = anchor.replace("$", "")
        chart.prognos_name = name
        ws.add_chart(chart)
        charts.append(chart)
        return
    chart = charts[int(args[0])]
    if func == "setChartXAxisValues":
        chart.set_categories(ref(args[1], args[2]))
    elif func == "setChartTitle":
        chart.title = args[1]
    elif func == "setChartLegend":
        if args[1] == "visible" and not args[2]:
            chart.legend = None
        elif args[1] == "position":
            chart.legend.position = {"Bottom": "b", "Top": "t", "Left": "l", "Right": "r"}[args[2]]
    elif func == "setChartAxis":
        axis = chart.y_axis if args[1] == "value" else chart.x_axis
        for key, value in args[2].items():
            if key == "title":
                axis.title = value
            elif key == "number_format":
                axis.number_format = value
            elif key == "reverse_order":
                axis.scaling.orientation = "maxMin" if value else "minMax"
            else:
                raise UnknownAction(f"chart axis property {key!r}")
    elif func == "setChartSeries":
        series = chart.series[int(args[1])]
        look = args[2]
        props = series.graphicalProperties or GraphicalProperties()
        if "name" in look:
            series.tx = SeriesLabel(v=look["name"])
        if look.get("fill_color"):
            props.solidFill = look["fill_color"].lstrip("#").upper()
        if look.get("line_color"):
            props.line = LineProperties(solidFill=look["line_color"].lstrip("#").upper())
        series.graphicalProperties = props
    else:
        raise UnknownAction(f"chart action {func!r} is not simulated: {args}")


def _frozen_bounds(ref: str) -> tuple[int, int, int, int]:
    if ref.replace(":", "").isdigit():  # "1:1": rows only
        first, last = ref.split(":")
        return 1, int(first), 0, int(last)
    if ref.replace(":", "").isalpha():  # "A:B": columns only
        min_col, _r1, max_col, _r2 = range_boundaries(f"{ref.split(':')[0]}1:{ref.split(':')[1]}1")
        return min_col, 1, max_col, 0
    return range_boundaries(ref)


# --- the server, started with uvicorn on 127.0.0.1 ---------------------------------

import contextlib
import os
import socket
import subprocess
import sys
import time

import httpx

REPO = Path(__file__).resolve().parents[1]
PROJECT_DIR = REPO / "addin"


def wait_until_up(process: subprocess.Popen, url: str, timeout: float) -> None:
    """Wait until the server started as ``process`` answers ``GET /`` with 200."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start in time")
        time.sleep(0.3)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(extra_env: dict[str, str] | None = None, timeout: float = 90.0):
    """xlwings Server with Prognos' project directory, on a free loopback port (HTTP).

    Yields the base URL; the process is stopped (and waited for) on exit.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update(
        {
            "XLWINGS_PROJECT_DIR": str(PROJECT_DIR),
            "XLWINGS_LICENSE_KEY": "noncommercial",
            "XLWINGS_ENVIRONMENT": "prod",
            "XLWINGS_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env or {})
    log = (
        open(os.devnull, "w")
        if not os.environ.get("PROGNOS_SERVER_LOG")
        else open(os.environ["PROGNOS_SERVER_LOG"], "a")
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "xlwings_server.main:main_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=str(REPO),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url, timeout)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


def split_outcome(source: Path, target: Path, parts: int) -> Path:
    """A copy of a workbook whose Utfall rows are each split into ``parts`` rows with
    1/parts of the amount (parts a power of two keeps the sums exact): the same
    figures from ``parts`` times as many outcome rows."""
    wb = openpyxl.load_workbook(source)
    ws = next(s for s in wb.worksheets if "Utfall" in s.tables)
    table = ws.tables["Utfall"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    header = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
    amount = header.index("Belopp")
    rows = [[ws.cell(r, c).value for c in range(min_col, max_col + 1)] for r in range(min_row + 1, max_row + 1)]
    ws.delete_rows(min_row + 1, ws.max_row)
    r = min_row + 1
    for row in rows:
        for _ in range(parts):
            for j, value in enumerate(row):
                ws.cell(r, min_col + j, value / parts if j == amount and isinstance(value, (int, float)) else value)
            r += 1
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{r - 1}"
    wb.save(target)
    return target


# --- big sheets in pieces (Prognos' task pane, static/js/prognos.js) -------------------


def _cells(sheet: dict[str, Any]) -> int:
    values = sheet["values"]
    return len(values) * max((len(r) for r in values), default=0)


def pieces_of_big_sheets(
    payload: dict[str, Any], inline_cells: int, part_cells: int, max_part_bytes: int
) -> tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]:
    """What ``prognos.js`` sends for a book on Excel on the web, as ``run`` does it:
    (the book payload with the big sheets excluded as xlwings' ``exclude`` leaves them,
    the announcement of the big sheets, the pieces). Mirrors the JS step by step."""
    sheets = payload["sheets"]
    total = sum(_cells(s) for s in sheets)
    excluded: list[int] = []
    for i in sorted(range(len(sheets)), key=lambda i: -_cells(sheets[i])):  # biggest first
        if total <= inline_cells:
            break
        excluded.append(i)
        total -= _cells(sheets[i])
    if not excluded:
        return payload, None, []
    book = copy.copy(payload)
    book["sheets"] = [dict(s) for s in sheets]
    meta = {"blad": []}
    parts: list[dict[str, Any]] = []
    for n, i in enumerate(sorted(excluded)):
        sheet = sheets[i]
        values = sheet["values"]
        rows, cols = len(values), max((len(r) for r in values), default=0)
        meta["blad"].append(
            {
                "name": sheet["name"],
                "rows": rows,
                "columns": cols,
                "used_range_address": sheet["used_range_address"],
                "used_range_row_count": sheet["used_range_row_count"],
                "used_range_column_count": sheet["used_range_column_count"],
                "tables": sheet["tables"],
            }
        )
        step = max(1, part_cells // max(cols, 1))
        for start in range(0, rows, step):
            _split(n, start, values[start : start + step], max_part_bytes, parts)
        # what xlwings sends for an excluded sheet (getBookData)
        book["sheets"][i].update(
            {
                "values": [[]],
                "tables": [],
                "used_range_address": None,
                "used_range_row_count": 0,
                "used_range_column_count": 0,
                "pictures": [],
                "shapes": [],
            }
        )
    return book, meta, parts


def _split(sheet: int, start: int, values: list[list[Any]], max_bytes: int, out: list[dict[str, Any]]) -> None:
    body = {"blad": sheet, "start_row": start + 1, "values": values}
    if len(values) > 1 and len(json.dumps(body).encode()) > max_bytes:
        half = len(values) // 2
        _split(sheet, start, values[:half], max_bytes, out)
        _split(sheet, start + half, values[half:], max_bytes, out)
    else:
        out.append(body)
