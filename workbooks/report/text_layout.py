"""How wide a text is in Carlito, the metric twin of Calibri (the paper's font), so tables
are laid out from their content on any machine, fonts installed or not.

Carlito's own advance widths (Regular and Bold, in units of 1/2048 em, in ``carlito_metrics.py``)
for printable Latin-1 and the typographic characters the paper uses; a character outside the
table counts as an "n". Word and LibreOffice lay text out with these widths, so a column as
wide as its longest word (plus the cell margins) never breaks that word.

``column_widths`` lays a paper table's columns out from their content (Word, centimetres):
each column needs at least its longest word (a number: its whole text, never wrapped) plus
the cell margins, and never less than ``MIN_COLUMN_CM``; what is left of the line goes first
to the columns whose text would otherwise wrap, then to the text columns.
"""

from __future__ import annotations

from workbooks.report.carlito_metrics import BOLD, CHARS, REGULAR, UNITS_PER_EM
from workbooks.report.paper import TEXT, Table, format_cell

_REGULAR = dict(zip(CHARS, REGULAR))
_BOLD = dict(zip(CHARS, BOLD))
_DEFAULT = _REGULAR["n"]
_SPACE_LIKE = {"\u00a0": " ", "\u202f": " "}
PT_PER_CM = 72 / 2.54


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of ``text`` on one line, in centimetres, at ``size_pt`` points."""
    table = _BOLD if bold else _REGULAR
    units = sum(table.get(_SPACE_LIKE.get(ch, ch), _DEFAULT) for ch in text)
    return units / UNITS_PER_EM * size_pt / PT_PER_CM


def longest_word_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """The widest word of ``text`` (words are split at ordinary spaces and line breaks only;
    a non-breaking space keeps "−1 525" together), in centimetres."""
    words = text.replace("\n", " ").split(" ")
    return max((text_width_cm(w, size_pt, bold) for w in words if w), default=0.0)


def line_count(text: str, width_cm: float, size_pt: float, bold: bool = False) -> int:
    """The lines ``text`` takes when wrapped at spaces within ``width_cm``."""
    space = text_width_cm(" ", size_pt, bold)
    lines = 0
    for part in str(text).split("\n"):
        count, used = 1, 0.0
        for word in part.split(" "):
            width = text_width_cm(word, size_pt, bold)
            if used and used + space + width > width_cm:
                count, used = count + 1, width
            else:
                used = used + space + width if used else width
        lines += count
    return lines


TABLE_FONT_PT = 9
CELL_MARGINS_CM = 2 * 0.19 + 0.15  # Word's default cell margins (108 twips each side) and the borders' room
MIN_COLUMN_CM = 1.2
MAX_TEXT_CM = 7.0  # a long comment wraps rather than squeezing the numbers


def _cells(table: Table, i: int) -> list[tuple[str, bool]]:
    """(text, bold) of column ``i``: the header and every cell but the group headings."""
    kind = table.kinds[i] if i < len(table.kinds) else TEXT
    out = [(table.headers[i], True)]
    for r, row in enumerate(table.rows):
        style = table.style(r)
        if style == "group":
            continue
        out.append((format_cell(row[i] if i < len(row) else None, kind, table.decimals), style == "bold"))
    return out


def needs(table: Table, size_pt: float = TABLE_FONT_PT) -> list[tuple[float, float]]:
    """Per column (least width, comfortable width) in cm, cell margins included."""
    out = []
    for i in range(len(table.headers)):
        kind = table.kinds[i] if i < len(table.kinds) else TEXT
        cells = _cells(table, i)
        least = max(longest_word_cm(t, size_pt, b) for t, b in cells)
        body = [text_width_cm(t, size_pt, b) for t, b in cells[1:]]
        if kind != TEXT:  # a number on one line
            least = max([least, *body])
        header_line = text_width_cm(cells[0][0], size_pt, True)
        want = max([least, header_line, *body])
        if kind == TEXT:
            want = min(want, MAX_TEXT_CM)
        least = max(MIN_COLUMN_CM, least + CELL_MARGINS_CM)
        out.append((least, max(least, want + CELL_MARGINS_CM)))
    return out


def column_widths(table: Table, width_cm: float, size_pt: float = TABLE_FONT_PT) -> list[float]:
    """Widths (cm) that add up to ``width_cm``; each at least its least width when they fit."""
    wanted = needs(table, size_pt)
    least = [a for a, _ in wanted]
    spare = width_cm - sum(least)
    if spare < 0:  # cannot fit at this size: shrink in proportion (words may then break)
        return [w * width_cm / sum(least) for w in least]
    grow = [b - a for a, b in wanted]
    if sum(grow) >= spare:
        share = spare / sum(grow) if sum(grow) else 0.0
        return [a + g * share for a, g in zip(least, grow)]
    widths = [b for _, b in wanted]
    scale = width_cm / sum(widths)  # the rest of the line shared by all, in proportion
    return [w * scale for w in widths]
