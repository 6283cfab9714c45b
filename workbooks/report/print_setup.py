"""Print care shared by the derived sheets: page header and footer, heights of wrapped text.

Excel header codes: &L/&C/&R sections are the SheetSpec's ``header``/``footer`` dict keys,
&P the page number, &N the number of pages, a literal "&" is written "&&".
"""

from __future__ import annotations

from datetime import date

from openpyxl.utils import get_column_letter, range_boundaries

from workbooks.books.sheet_spec import Cell, SheetSpec

LINE_POINTS = 15.0  # one line of 11 pt text
CHARS_PER_WIDTH = 1.05  # characters of running text per unit of Excel column width (LibreOffice's fonts run wide)


def _escape(text: str) -> str:
    return text.replace("&", "&&")


def page_furniture(spec: SheetSpec, namnd: str, rapport: str, datum: date | None = None) -> SheetSpec:
    """Header: nämnd (left), the report (centre), the date (right); footer "Sida x av y"."""
    spec.header = {"left": _escape(namnd), "center": _escape(rapport), "right": (datum or date.today()).isoformat()}
    spec.footer = {"center": "Sida &P av &N"}
    return spec


def text_height(text: str, width: float, size: int = 11) -> float:
    """The row height (points) that shows ``text`` wrapped over columns of total ``width``."""
    per_line = max(int(width * CHARS_PER_WIDTH * 11 / size), 10)
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, -(-len(part) // per_line))
    return round(lines * LINE_POINTS * size / 11 + 3, 1)


def merged_text(spec: SheetSpec, row: int, first_col: str, last_col: str, width: float, size: int = 11) -> None:
    """Merge an explanation cell over ``first_col:last_col`` of ``row`` and make the row tall
    enough for its wrapped text (the cell itself must have ``wrap=True``)."""
    spec.merges.append(f"{first_col}{row}:{last_col}{row}")
    cell = spec.rows[row - 1][0] if spec.rows[row - 1] else None
    if cell is not None and isinstance(cell.value, str):
        spec.row_heights[row] = max(spec.row_heights.get(row, 0), text_height(cell.value, width, size))


NUMBER_FORMATS = ("belopp", "mnkr", "procent")
MAX_MERGE_WIDTH = 160  # explanations wider than this would print too small on a fitted page


def _merged_rows(spec: SheetSpec) -> set[int]:
    rows = set()
    for ref in spec.merges:
        _c1, r1, _c2, r2 = range_boundaries(ref)
        rows.update(range(r1, r2 + 1))
    return rows


def _numeric_columns(spec: SheetSpec, start: int) -> set[int]:
    """1-based columns with a number in the rows right below ``start`` (a header row)."""
    out = set()
    for line in spec.rows[start : start + 4]:
        for c, cell in enumerate(line, start=1):
            if cell is not None and cell.fmt in NUMBER_FORMATS:
                out.add(c)
    return out


def print_care(spec: SheetSpec, namnd: str, rapport: str, datum: date | None = None) -> SheetSpec:
    """The same print care on every derived sheet: a page header and footer; explanations
    (a lone wrapped text in column A) merged over the table's width and tall enough;
    header rows whose words fit their columns, wrapped, right-aligned over numbers."""
    if not spec.header and not spec.footer:
        page_furniture(spec, namnd, rapport, datum)

    def width_of(c: int) -> float:
        return spec.widths.get(c, 8.43)  # Excel's default width

    n_cols = max((len(line) for line in spec.rows), default=1)
    merged = _merged_rows(spec)
    for r, line in enumerate(spec.rows, start=1):
        cells = [(c, cell) for c, cell in enumerate(line, start=1) if cell is not None and cell.value not in (None, "")]
        if (
            len(cells) == 1
            and cells[0][0] == 1
            and cells[0][1].wrap
            and isinstance(cells[0][1].value, str)
            and r not in merged
            and n_cols > 1
        ):
            last, total = 1, width_of(1)
            while last < n_cols and total + width_of(last + 1) <= MAX_MERGE_WIDTH:
                last += 1
                total += width_of(last)
            if last > 1:
                spec.merges.append(f"A{r}:{get_column_letter(last)}{r}")
                spec.row_heights[r] = max(spec.row_heights.get(r, 0), text_height(cells[0][1].value, total))
            continue
        headers = [(c, cell) for c, cell in cells if cell.bold and isinstance(cell.value, str) and not cell.fmt]
        if len(headers) >= 3 and len(headers) == len(cells):
            numeric = _numeric_columns(spec, r)
            lines = 1
            for c, cell in headers:
                longest = max(len(word) for word in cell.value.split())
                if longest + 2 > width_of(c):
                    spec.widths[c] = longest + 2
                if c in numeric and not cell.align:
                    cell.align = "right"
                if len(cell.value) + 1 > width_of(c):
                    cell.wrap = True
                    lines = max(lines, -(-len(cell.value) // max(int(width_of(c)) - 1, 1)))
            if lines > 1:
                spec.row_heights[r] = max(spec.row_heights.get(r, 0), 15.0 * lines + 2)
            if not _in_table(spec, r):
                _border_block(spec, r)
    return spec


def _in_table(spec: SheetSpec, r: int) -> bool:
    return spec.table is not None and spec.table.first_row <= r <= spec.table.last_row


def _border_block(spec: SheetSpec, header: int) -> None:
    """Borders on a plain table: its header row and the rows below it up to an empty row."""
    width = len(spec.rows[header - 1])
    r = header
    while r <= len(spec.rows) and any(c is not None and c.value not in (None, "") for c in spec.rows[r - 1]):
        line = spec.rows[r - 1]
        first = next(i for i, c in enumerate(line) if c is not None)
        for c in range(first, width):
            if c >= len(line):
                line.append(None)
            if line[c] is None:
                line[c] = Cell(None)
            line[c].border = True
        r += 1


def printable_table(spec: SheetSpec, wrap_header: str, pages_wide: int = 2, title_cols: str = "A:B") -> SheetSpec:
    """A wide table on landscape pages: ``pages_wide`` pages across with the first columns
    repeated (readable size instead of 16 columns on one page), the ``wrap_header`` column
    (a free text such as Kommentar) wrapped."""
    spec.landscape = True
    spec.fit_width = pages_wide
    spec.print_title_cols = title_cols
    header = spec.rows[spec.table.first_row - 1] if spec.table is not None else spec.rows[0]
    col = next((i for i, c in enumerate(header) if c is not None and c.value == wrap_header), None)
    if col is not None:
        width = spec.widths.get(col + 1, 8.43)
        for r, line in enumerate(spec.rows[1:], start=2):
            if col < len(line) and line[col] is not None:
                line[col].wrap = True
                if isinstance(line[col].value, str) and line[col].value:  # LibreOffice keeps imported heights
                    spec.row_heights[r] = max(spec.row_heights.get(r, 15.0), text_height(line[col].value, width))
    return spec


def keep_together(spec: SheetSpec, heading: str) -> SheetSpec:
    """A page break before the row titled ``heading`` (a small table that must not be split
    from its header), unless it is near the top anyway."""
    row = next(
        (r for r, line in enumerate(spec.rows, start=1) if line and line[0] is not None and line[0].value == heading),
        None,
    )
    if row is not None and row > 20 and row - 1 not in spec.row_breaks:
        spec.row_breaks.append(row - 1)
    return spec
