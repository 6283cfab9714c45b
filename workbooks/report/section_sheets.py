"""A report section (``udfs.section.sections.Section``) as a derived sheet with live formulas.

Layout: title, a line naming the committee and the unit, the table (derived columns,
Summa and Skillnad rows and links to the Avvikelse sheet as Excel formulas, each carrying
the engine's value), then the sentences and the notes ("Att observera") under it.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from udfs.forecasting.engine import Report
from udfs.language.vocabulary import ENHET_I_ORD
from udfs.section.sections import DIFF, PCT, SKILLNAD, SUMMA, Section
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, SheetSpec
from workbooks.report.forecast_sheets import AVVIKELSE, COL

CHARS_PER_WIDTH = 1.05
WRAPPED = ("kommentar", "orsak", "atgard", "omrade")  # long text columns wrap in their cell (issue 20: causes, actions)


class Layout:
    """Where a section's cells are on its sheet."""

    def __init__(self, sheet: str, first_row: int, letters: dict[str, str]):
        self.sheet = sheet
        self.first_row = first_row
        self.letters = letters

    def ref(self, index: int, key: str) -> str:
        name = f"'{self.sheet}'" if any(ch in self.sheet for ch in " -äöåÄÖÅ") else self.sheet
        return f"{name}!{self.letters[key]}{self.first_row + index}"


def avvikelse_row(report: Report, target: str, total_rows: dict[str, int]) -> int:
    """The Avvikelse row of an area's Netto or of "Totalt:<Typ>" (layout of avvikelse_sheet:
    header, then Intäkter, Kostnader, Netto per area, then the Totalt rows)."""
    if target.startswith("Totalt:"):
        return total_rows[target.split(":", 1)[1]]
    return 4 + 3 * report.areas.index(target)


def _diff(a: str, b: str) -> str:
    return f'=IF(OR({a}="",{b}=""),"",{a}-{b})'


def _pct(a: str, b: str) -> str:
    return f'=IF(OR({a}="",{b}="",{b}=0),"",({a}-{b})/{b})'


def section_sheet(section: Section, report: Report, total_rows: dict[str, int]) -> tuple[SheetSpec, Layout]:
    spec = SheetSpec(section.sheet, freeze=None, landscape=True, tab_color=palette.DARK_BLUE)
    n = len(section.columns)
    spec.add(Cell(section.title, bold=True, size=14))
    spec.add(Cell(f"{report.namnd}. Belopp i {ENHET_I_ORD.get(section.unit, section.unit)}.", italic=True))
    spec.add()
    header = spec.add(*[Cell(c.header, bold=True, wrap=True) for c in section.columns])
    spec.row_heights[header] = 32
    letters = {c.key: get_column_letter(i) for i, c in enumerate(section.columns, start=1)}
    layout = Layout(section.sheet, header + 1, letters)
    widths = {
        c.key: (38 if c.fmt == "text" and i == 0 else 40 if c.key == "kommentar" else 24 if c.fmt == "text" else 15)
        for i, c in enumerate(section.columns)
    }
    for i, row in enumerate(section.rows):
        r = header + 1 + i
        cells = []
        for c in section.columns:
            value = row.values.get(c.key)
            formula = None
            if c.derived is not None:
                op, a, b = c.derived
                ra, rb = f"{letters[a]}{r}", f"{letters[b]}{r}"
                formula = _diff(ra, rb) if op == DIFF else _pct(ra, rb) if op == PCT else None
            elif c.key in row.links:
                col_key, target = row.links[c.key]
                # an unknown Avvikelse cell is empty there; a reference to it would read 0
                if value is not None:
                    formula = f"={AVVIKELSE}!{COL[col_key]}{avvikelse_row(report, target, total_rows)}"
            elif row.kind == SUMMA and c.fmt == "belopp":
                rows = [header + 1 + j for j in row.sum_of]
                contiguous = rows and rows == list(range(rows[0], rows[-1] + 1))
                refs = (
                    f"{letters[c.key]}{rows[0]}:{letters[c.key]}{rows[-1]}"
                    if contiguous
                    else ",".join(f"{letters[c.key]}{x}" for x in rows)
                )
                formula = f'=IF(COUNT({refs})=0,"",SUM({refs}))' if refs else None
            elif row.kind == SKILLNAD and c.fmt == "belopp":
                a, b = (f"{letters[c.key]}{header + 1 + j}" for j in row.sum_of)
                formula = _diff(a, b)
            fmt = None if c.fmt == "text" else c.fmt
            cells.append(Cell(value, formula=formula, fmt=fmt, bold=row.bold, wrap=c.key in WRAPPED))
        spec.add(*cells)
        lines = max((_lines(x.value, widths[c.key]) for x, c in zip(cells, section.columns) if x.wrap), default=1)
        if lines > 1:  # a wrapped cause or action shows in full (issue 20)
            spec.row_heights[r] = 15 * lines + 2
    last = header + len(section.rows)
    for c in section.columns:
        if c.derived is not None and c.derived[0] == DIFF:
            spec.negative_red.append(f"{letters[c.key]}{header + 1}:{letters[c.key]}{last}")
    spec.widths = {i: widths[c.key] for i, c in enumerate(section.columns, start=1)}
    line = int(sum(spec.widths.values()) * CHARS_PER_WIDTH)
    if section.sentences:
        spec.add()
        for text in section.sentences:
            _paragraph(spec, text, n, line)
    if section.notes:
        spec.add()
        spec.add(Cell("Att observera", bold=True))
        for text in section.notes:
            _paragraph(spec, text, n, line)
    return spec, layout


def _lines(value: object, width: float) -> int:
    """How many lines a wrapped text takes in a column of ``width``."""
    text = "" if value is None else str(value)
    return max(1, -(-len(text) // max(int(width * CHARS_PER_WIDTH) - 2, 10)))


def _paragraph(spec: SheetSpec, text: str, n: int, chars: int) -> None:
    r = spec.add(Cell(text, wrap=True))
    if n > 1:
        spec.merges.append(f"A{r}:{get_column_letter(n)}{r}")
    lines = -(-len(text) // max(chars, 40))
    spec.row_heights[r] = 15 * max(lines, 1) + 2


def section_sheets(report: Report, total_rows: dict[str, int]) -> tuple[list[SheetSpec], dict[str, Layout]]:
    sheets, layouts = [], {}
    for section in report.sections:
        spec, layout = section_sheet(section, report, total_rows)
        sheets.append(spec)
        layouts[section.key] = layout
    return sheets, layouts
