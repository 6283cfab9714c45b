"""How wide a text is in Carlito, the metric twin of Calibri (the paper's font), so tables
are laid out from their content on any machine, fonts installed or not.

The advance widths below are Carlito's own (Regular and Bold, in units of 1/2048 em) for
printable Latin-1 and the typographic characters the paper uses; a character outside the
table counts as an "n". Word and LibreOffice lay text out with these widths, so a column as
wide as its longest word (plus the cell margins) never breaks that word.

``column_widths`` lays a paper table's columns out from their content (Word, centimetres):
each column needs at least its longest word (a number: its whole text, never wrapped) plus
the cell margins, and never less than ``MIN_COLUMN_CM``; what is left of the line goes first
to the columns whose text would otherwise wrap, then to the text columns.
"""

from __future__ import annotations

from workbooks.report.paper import TEXT, Table, format_cell

UNITS_PER_EM = 2048
CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
    "¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ–—−…’‘“”•€"
)
REGULAR = (
    463,
    667,
    821,
    1020,
    1038,
    1464,
    1397,
    452,
    621,
    621,
    1020,
    1020,
    511,
    627,
    517,
    791,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    548,
    548,
    1020,
    1020,
    1020,
    949,
    1831,
    1185,
    1114,
    1092,
    1260,
    1000,
    941,
    1292,
    1276,
    516,
    653,
    1064,
    861,
    1751,
    1322,
    1356,
    1058,
    1378,
    1112,
    941,
    998,
    1314,
    1162,
    1822,
    1063,
    998,
    959,
    628,
    791,
    628,
    1020,
    1020,
    596,
    981,
    1076,
    866,
    1076,
    1019,
    625,
    964,
    1076,
    470,
    490,
    931,
    470,
    1636,
    1076,
    1080,
    1076,
    1076,
    714,
    801,
    686,
    1076,
    925,
    1464,
    887,
    927,
    809,
    644,
    943,
    644,
    1020,
    667,
    1020,
    1038,
    1020,
    1038,
    1020,
    1020,
    804,
    1709,
    824,
    1049,
    1020,
    1038,
    807,
    694,
    1020,
    688,
    685,
    598,
    1126,
    1200,
    517,
    629,
    504,
    865,
    1049,
    1303,
    1375,
    1383,
    949,
    1185,
    1185,
    1185,
    1185,
    1185,
    1185,
    1563,
    1092,
    1000,
    1000,
    1000,
    1000,
    516,
    516,
    516,
    516,
    1279,
    1322,
    1356,
    1356,
    1356,
    1356,
    1356,
    1020,
    1359,
    1314,
    1314,
    1314,
    1314,
    998,
    1058,
    1080,
    981,
    981,
    981,
    981,
    981,
    981,
    1583,
    866,
    1019,
    1019,
    1019,
    1019,
    470,
    470,
    470,
    470,
    1076,
    1076,
    1080,
    1080,
    1080,
    1080,
    1080,
    1020,
    1084,
    1076,
    1076,
    1076,
    1076,
    927,
    1076,
    927,
    1020,
    1854,
    1020,
    1414,
    511,
    511,
    857,
    857,
    1020,
    1038,
)
BOLD = (
    463,
    667,
    898,
    1020,
    1038,
    1493,
    1443,
    478,
    638,
    638,
    1020,
    1020,
    528,
    627,
    547,
    880,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    565,
    565,
    1020,
    1020,
    1020,
    949,
    1840,
    1241,
    1148,
    1084,
    1291,
    999,
    940,
    1305,
    1292,
    546,
    678,
    1120,
    866,
    1790,
    1349,
    1385,
    1090,
    1405,
    1153,
    968,
    1014,
    1337,
    1211,
    1856,
    1128,
    1064,
    979,
    665,
    880,
    665,
    1020,
    1020,
    615,
    1011,
    1099,
    857,
    1099,
    1031,
    648,
    971,
    1099,
    503,
    523,
    983,
    503,
    1666,
    1099,
    1101,
    1099,
    1099,
    728,
    817,
    710,
    1099,
    969,
    1526,
    941,
    970,
    814,
    704,
    973,
    704,
    1020,
    667,
    1020,
    1038,
    1020,
    1038,
    1020,
    1020,
    849,
    1709,
    852,
    1103,
    1020,
    1038,
    799,
    701,
    1020,
    692,
    688,
    616,
    1154,
    1224,
    548,
    621,
    517,
    891,
    1103,
    1347,
    1415,
    1437,
    949,
    1241,
    1241,
    1241,
    1241,
    1241,
    1241,
    1588,
    1084,
    999,
    999,
    999,
    999,
    546,
    546,
    546,
    546,
    1309,
    1349,
    1385,
    1385,
    1385,
    1385,
    1385,
    1020,
    1394,
    1337,
    1337,
    1337,
    1337,
    1064,
    1090,
    1136,
    1011,
    1011,
    1011,
    1011,
    1011,
    1011,
    1587,
    857,
    1031,
    1031,
    1031,
    1031,
    503,
    503,
    503,
    503,
    1099,
    1099,
    1101,
    1101,
    1101,
    1101,
    1101,
    1020,
    1114,
    1099,
    1099,
    1099,
    1099,
    970,
    1099,
    970,
    1020,
    1854,
    1020,
    1457,
    528,
    528,
    891,
    891,
    1020,
    1038,
)
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
