"""The ``Återrapportering`` sheet: state-grant report-backs laid out like the agency's form.

Page 1 is the overview (every grant with its amounts and its deadline, the committee's table
per Verksamhetsområde in mnkr and the decision paper's standard texts); then one block per
grant, each on its own A4 page, with the form's numbered fields:

1. Mottaget statsbidrag (1a/1b … when the grant came in rounds),
2. Kostnader per category of the form (every category, 0 written as 0),
3. Kvarstående statsbidrag = mottaget − redovisade kostnader (repaid),
4. the comment (at most 1 000 characters),

then the activity summary (Aktivitet, Belopp, Kommentar) with its computed total. Sums,
reported costs, egenfinansiering, kvarstående and the mnkr table are live Excel formulas; each
formula cell carries the value ``udfs.grant.report_back`` computed. The form is the agency's
form and nothing else: the grant's status, a comment over the limit, a typed total that differs
from the rows and days left are findings on Valideringsfel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from openpyxl.utils import get_column_letter

from udfs.grant.report_back import KOMMENTAR_MAX, Aterrapport, Bidrag, anonymised_count, by_area, to_mkr
from udfs.language.rounding import format_tal
from udfs.language.sheet_names import ATERRAPPORTERING
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, SheetSpec

N_COLS = 6
LAST = get_column_letter(N_COLS)
WIDTHS = {1: 46.0, 2: 14.0, 3: 14.0, 4: 13.0, 5: 16.0, 6: 21.0}
HEAD_FILL = palette.LIGHT_BLUE_FILL
LINE_HEIGHT = 15.0  # points per line of Calibri 11


@dataclass
class Block:
    """Where one grant's block landed on the sheet (1-based rows, "C12"-style cells)."""

    first: int
    last: int
    mottaget: str
    underlag: str
    redovisas: str
    egen: str
    kvar: str


def _esc(text: str) -> str:
    """Literal text in an Excel page header: "&" must be doubled."""
    return text.replace("&", "&&")


def _chars_per_line(width: float) -> float:
    return max(width * 1.1, 1.0)


def _lines(text: str | None, width: float) -> int:
    if not text:
        return 1
    per = _chars_per_line(width)
    return sum(max(1, math.ceil(len(part) / per)) for part in str(text).split("\n"))


class _Sheet:
    """Appends rows to a SheetSpec, tracking wrapped text for row heights."""

    def __init__(self, spec: SheetSpec):
        self.spec = spec

    @property
    def next_row(self) -> int:
        return len(self.spec.rows) + 1

    def add(self, *cells: Cell | None, height_lines: int = 1) -> int:
        r = self.spec.add(*cells)
        if height_lines > 1:
            self.spec.row_heights[r] = height_lines * LINE_HEIGHT
            for cell in cells:  # a wrapped cell is top-aligned: align the whole row so
                if cell is not None:
                    cell.wrap = True
        return r

    def wrapped(self, text: str | None, first_col: int = 1, last_col: int = N_COLS, **kw) -> int:
        """A text row merged over columns first_col…last_col, wrapped, high enough."""
        width = sum(WIDTHS[c] for c in range(first_col, last_col + 1))
        cells: list[Cell | None] = [None] * (first_col - 1) + [Cell(text, wrap=True, **kw)]
        r = self.add(*cells, height_lines=_lines(text, width))
        if last_col > first_col:
            self.spec.merges.append(f"{get_column_letter(first_col)}{r}:{get_column_letter(last_col)}{r}")
        return r

    def blank(self) -> int:
        return self.add()


def _label_row(sheet: _Sheet, label: str, *cells: Cell | None, bold: bool = False, italic: bool = False) -> int:
    lines = _lines(label, WIDTHS[1])
    return sheet.add(Cell(label, bold=bold, italic=italic, wrap=lines > 1), *cells, height_lines=lines)


def _amount(value: int | float, formula: str | None = None, bold: bool = False) -> Cell:
    return Cell(value, formula=formula, fmt="belopp", bold=bold)


# --- one grant --------------------------------------------------------------------------------
def grant_block(sheet: _Sheet, rapport: Aterrapport, idag: date) -> Block:
    first = sheet.add(Cell("Återrapportering av statsbidrag", bold=True, size=14))
    _grant_header(sheet, rapport.bidrag)
    mottaget = _received_rows(sheet, rapport)
    category_rows, total, egen = _cost_rows(sheet, rapport, mottaget)
    kvar = _remaining_rows(sheet, rapport, mottaget, total)
    _comment_rows(sheet, rapport.bidrag)
    _activity_rows(sheet, rapport, category_rows)
    # A total typed in the cost rows that differs from them is a finding (inskriven_summa), not form text.
    _signature(sheet)
    last = len(sheet.spec.rows)
    return Block(first, last, mottaget, f"B{total}", f"C{total}", f"C{egen}", f"C{kvar}")


def _grant_header(sheet: _Sheet, b: Bidrag) -> None:
    """The grant's name and the form's head fields (agency, dnr, area, period, deadline)."""
    sheet.wrapped(b.namn, bold=True, size=12)
    info: list[tuple[str, Cell]] = [("Myndighet", Cell(b.myndighet))]
    if b.diarienummer:
        info.append(("Kommunens diarienummer", Cell(b.diarienummer)))
    if b.myndighetens_dnr:
        dnrs = [o.dnr for o in b.omgangar]
        text = dnrs[0] if len(dnrs) == 1 else ", ".join(f"{d} (omgång {i})" for i, d in enumerate(dnrs, 1) if d)
        info.append(("Myndighetens dnr", Cell(text)))
    if b.omrade:
        info.append(("Verksamhetsområde", Cell(b.omrade)))
    if b.period_fran and b.period_till:
        info.append(("Bidragsperiod", Cell(f"{b.period_fran.isoformat()} \u2013 {b.period_till.isoformat()}")))
    for label, cell in info:
        sheet.add(Cell(label, bold=True), cell)
    if b.senast is not None:  # days left or overdue are a reminder for the economist (Valideringsfel), not form text
        when = f"inlämnad {b.inlamnad.isoformat()}" if b.inlamnad is not None else None
        sheet.add(Cell("Återrapportering senast", bold=True), Cell(b.senast, fmt="datum"), None, Cell(when))
    # The grant's status and its findings belong on Valideringsfel, not on the form that is signed and sent.
    sheet.blank()


def _received_rows(sheet: _Sheet, rapport: Aterrapport) -> str:
    """Field 1, Mottaget statsbidrag (1a/1b … per round); returns the cell holding the received total."""
    sheet.add(
        Cell("Ekonomisk redovisning", bold=True, size=12),
        Cell("Underlag (kr)", bold=True, fill=HEAD_FILL),
        Cell("Redovisas (kr)", bold=True, fill=HEAD_FILL),
    )
    rounds = rapport.bidrag.omgangar
    if len(rounds) == 1:
        r = _label_row(sheet, "1. Mottaget statsbidrag", None, _amount(rounds[0].mottaget), bold=True)
        return f"C{r}"
    rows = []
    for i, omgang in enumerate(rounds):
        label = f"1{chr(ord('a') + i)}. Mottaget statsbidrag, omgång {i + 1}"
        if omgang.dnr:
            label += f" (rekvisition {omgang.dnr})"
        rows.append(_label_row(sheet, label, None, _amount(omgang.mottaget)))
    names = " och ".join([", ".join(str(i) for i in range(1, len(rounds))), str(len(rounds))])
    r = _label_row(
        sheet,
        f"Summa mottaget statsbidrag, omgång {names}",
        None,
        _amount(rapport.mottaget, f"=SUM(C{rows[0]}:C{rows[-1]})", bold=True),
        bold=True,
    )
    return f"C{r}"


def _cost_rows(sheet: _Sheet, rapport: Aterrapport, mottaget: str) -> tuple[list[int], int, int]:
    """Field 2, Kostnader per category with the total and egenfinansiering; the Underlag column is
    filled in once the activity rows are known. Returns (category rows, total row, egenfinansiering row)."""
    sheet.add(Cell("2. Kostnader", bold=True))
    category_rows: list[int] = []
    for rad in rapport.kategorier:
        label = rad.kategori if rad.i_formularet else f"{rad.kategori} (finns inte i formuläret)"
        category_rows.append(_label_row(sheet, label, None, None, italic=not rad.i_formularet))
    c1, cn = category_rows[0], category_rows[-1]
    total = _label_row(
        sheet,
        "Summa kostnader",
        _amount(rapport.kostnader, f"=SUM(B{c1}:B{cn})", bold=True),
        _amount(rapport.redovisade, f"=SUM(C{c1}:C{cn})", bold=True),
        bold=True,
    )
    egen = _label_row(
        sheet,
        "Egenfinansiering (kostnader över mottaget belopp)",
        None,
        _amount(rapport.egenfinansiering, f"=MAX(0,B{total}-{mottaget})"),
    )
    for i, (r, rad) in enumerate(zip(category_rows, rapport.kategorier)):
        if i == 0:
            formula = f"=B{r}-MIN(B{r},C{egen})"
        else:
            formula = f"=B{r}-MIN(B{r},MAX(0,C{egen}-SUM(B{c1}:B{r - 1})))"
        sheet.spec.rows[r - 1][2] = _amount(rad.redovisas, formula)
    return category_rows, total, egen


def _remaining_rows(sheet: _Sheet, rapport: Aterrapport, mottaget: str, total: int) -> int:
    """Field 3, Kvarstående statsbidrag, and 3a (why money is left) when some is; returns field 3's row."""
    kvar = _label_row(
        sheet,
        "3. Kvarstående statsbidrag (återbetalas)",
        None,
        _amount(rapport.kvarstaende, f"={mottaget}-C{total}", bold=True),
        bold=True,
    )
    sheet.spec.rows[kvar - 1][2].fill = palette.NEUTRAL_FILL if rapport.kvarstaende > 0 else None
    if rapport.kvarstaende > 0:  # the form's field 3a: why money is left (empty: a box to fill in by hand)
        sheet.add(Cell("3a. Orsak till kvarstående medel", bold=True))
        reason = rapport.bidrag.orsak_kvarstaende
        r = sheet.wrapped(reason)
        if not reason:
            sheet.spec.row_heights[r] = 2 * LINE_HEIGHT
        for c in range(1, N_COLS + 1):
            line = sheet.spec.rows[r - 1]
            line.extend([None] * (N_COLS - len(line)))
            line[c - 1] = line[c - 1] or Cell(None)
            line[c - 1].border = True
    return kvar


def _comment_rows(sheet: _Sheet, b: Bidrag) -> None:
    """Field 4, the comment on the financial report."""
    limit = format_tal(KOMMENTAR_MAX, 0)
    sheet.add(Cell(f"4. Kommentarer om den ekonomiska redovisningen (högst {limit} tecken)", bold=True))
    sheet.wrapped(b.kommentar)  # its length against the limit is a finding (kommentar_for_lang), not form text
    sheet.blank()


def _activity_rows(sheet: _Sheet, rapport: Aterrapport, category_rows: list[int]) -> None:
    """The activity summary with its total, then each category's Underlag as the sum of its activities."""
    b = rapport.bidrag
    sheet.add(Cell("Sammanställning över användningen av statsbidraget", bold=True, size=12))
    show_count = rapport.show_count
    count_head = "Antal (anonymiserat)" if b.anonymisera else "Antal"
    sheet.add(
        Cell("Aktivitet", bold=True, fill=HEAD_FILL),
        Cell("Belopp", bold=True, fill=HEAD_FILL),
        Cell(count_head if show_count else None, bold=True, fill=HEAD_FILL, wrap=True),
        Cell("Kommentar", bold=True, fill=HEAD_FILL),
        Cell(None, fill=HEAD_FILL),
        Cell(None, fill=HEAD_FILL),
    )
    sheet.spec.merges.append(f"D{sheet.next_row - 1}:F{sheet.next_row - 1}")
    grouped = len(rapport.kategorier) > 1
    ranges: dict[str, list[int]] = {}
    for kostnad in rapport.aktiviteter:
        if grouped and kostnad.kategori not in ranges:
            _label_row(sheet, kostnad.kategori, italic=True)
        antal = kostnad.antal
        if antal is not None and b.anonymisera:
            antal = anonymised_count(antal)
        text = kostnad.aktivitet or "(aktivitet ej angiven)"
        lines = max(_lines(text, WIDTHS[1]), _lines(kostnad.kommentar, WIDTHS[4] + WIDTHS[5] + WIDTHS[6]))
        r = sheet.add(
            Cell(text, wrap=True),
            _amount(kostnad.belopp),
            Cell(antal, fmt="heltal"),
            Cell(kostnad.kommentar, wrap=True),
            height_lines=lines,
        )
        sheet.spec.merges.append(f"D{r}:F{r}")
        ranges.setdefault(kostnad.kategori, []).append(r)
    if rapport.aktiviteter:
        a1 = min(min(v) for v in ranges.values())
        an = max(max(v) for v in ranges.values())
        sheet.add(Cell("Summa", bold=True), _amount(rapport.kostnader, f"=SUM(B{a1}:B{an})", bold=True))
    else:
        sheet.add(Cell("Summa (inga kostnader redovisade)", bold=True), _amount(0, bold=True))
    for r, rad in zip(category_rows, rapport.kategorier):
        rows = ranges.get(rad.kategori)
        cell = _amount(rad.underlag, f"=SUM(B{min(rows)}:B{max(rows)})") if rows else _amount(0)
        sheet.spec.rows[r - 1][1] = cell


SIGNATURE = ("Ort och datum", "Underskrift", "Namnförtydligande", "Befattning")


def _signature(sheet: _Sheet) -> None:
    """The signature block the form is signed in: a line to write on for each field."""
    sheet.blank()
    sheet.add(Cell("Underskrift av behörig företrädare", bold=True, size=12))
    for label in SIGNATURE:
        r = sheet.add(Cell(label), *[Cell(None, border="bottom") for _ in range(N_COLS - 1)])
        sheet.spec.row_heights[r] = 2 * LINE_HEIGHT
        sheet.spec.merges.append(f"B{r}:{LAST}{r}")


# --- the overview -------------------------------------------------------------------------------
def _overview(sheet: _Sheet, rapporter: list[Aterrapport], idag: date) -> list[tuple[int, int]]:
    """Writes the overview with placeholders; returns (row, index) of the rows that refer to blocks."""
    sheet.add(Cell("Återrapportering av statsbidrag", bold=True, size=16))
    sheet.wrapped(
        f"Sammanställning per {idag.isoformat()}: {len(rapporter)} statsbidrag. Belopp i hela kronor. "
        "Kostnader över mottaget belopp redovisas inte i formuläret utan är egenfinansiering."
    )
    sheet.blank()
    heads = [
        "Bidrag",
        "Mottaget",
        "Redovisas",
        "Kvarstående (återbetalas)",
        "Egenfinansiering",
        "Återrapporteras senast",
    ]
    sheet.add(*[Cell(h, bold=True, fill=HEAD_FILL, wrap=True) for h in heads], height_lines=2)
    refs = []
    for i, r in enumerate(rapporter):
        # the grant's status and days left are the economist's (Valideringsfel), the date is the agency's
        when = r.bidrag.senast
        row = sheet.add(
            Cell(r.namn, wrap=True),
            None,
            None,
            None,
            None,
            Cell(when, fmt="datum" if when else None),
            height_lines=_lines(r.namn, WIDTHS[1]),
        )
        refs.append((row, i))
    return refs


def _committee_table(sheet: _Sheet, rapporter: list[Aterrapport]) -> list[tuple[int, list[Aterrapport], bool]]:
    """Lays out the committee's table; returns (row, grants summed, bold) for each amount row.
    The formulas are filled in by ``_fill_committee`` once the blocks have their rows."""
    sheet.blank()
    sheet.add(Cell("Statsbidrag per verksamhetsområde (mnkr)", bold=True, size=12))
    sheet.add(
        Cell("Verksamhetsområde / statsbidrag", bold=True, fill=HEAD_FILL),
        Cell("Mottaget", bold=True, fill=HEAD_FILL),
        Cell("Redovisas", bold=True, fill=HEAD_FILL),
        Cell("Återbetalas", bold=True, fill=HEAD_FILL),
    )
    rows: list[tuple[int, list[Aterrapport], bool]] = []
    for omrade, group in by_area(rapporter):
        sheet.add(Cell(omrade, bold=True))
        for r in group:
            rows.append((_label_row(sheet, f"  {r.namn}"), [r], False))
        rows.append((_label_row(sheet, f"Summa {omrade}", bold=True), group, True))
    rows.append((sheet.add(Cell("Summa", bold=True)), list(rapporter), True))
    return rows


def _fill_committee(spec: SheetSpec, rows: list[tuple[int, list[Aterrapport], bool]], blocks: dict[int, Block]) -> None:
    for row, group, bold in rows:
        line = spec.rows[row - 1]
        line.extend([None] * (4 - len(line)))
        for col, attr, ref in ((1, "mottaget", "mottaget"), (2, "redovisade", "redovisas"), (3, "kvarstaende", "kvar")):
            refs = [getattr(blocks[id(r)], ref) for r in group]
            inner = refs[0] if len(refs) == 1 else "(" + "+".join(refs) + ")"
            value = to_mkr(sum(getattr(r, attr) for r in group))
            line[col] = Cell(value, formula=f"=ROUND({inner}/1000000,1)", fmt="mnkr", bold=bold)


def _texts(sheet: _Sheet, rapporter: list[Aterrapport]) -> None:
    sheet.blank()
    sheet.add(Cell("Text till beslutsunderlaget", bold=True, size=12))
    for r in rapporter:
        sheet.wrapped(r.namn, bold=True)
        sheet.wrapped(" ".join(r.texter))


def aterrapportering_sheet(rapporter: list[Aterrapport], idag: date) -> SheetSpec:
    """The whole sheet: the overview on page 1, then one page per grant."""
    spec = SheetSpec(ATERRAPPORTERING, landscape=False, tab_color=palette.DARK_GREEN, widths=dict(WIDTHS))
    sheet = _Sheet(spec)
    refs = _overview(sheet, rapporter, idag)
    sum_row = sheet.add(Cell("Summa", bold=True))
    committee = _committee_table(sheet, rapporter)
    _texts(sheet, rapporter)
    overview_last = len(spec.rows)
    blocks = []
    for r in rapporter:
        blocks.append(grant_block(sheet, r, idag))
        sheet.blank()  # on screen a gap; in print each block is its own page
    by_id = {id(r): b for r, b in zip(rapporter, blocks)}

    for row, i in refs:
        blk, rap = blocks[i], rapporter[i]
        line = spec.rows[row - 1]
        line[0].link = f"'{ATERRAPPORTERING}'!A{blk.first}"
        line[1] = _amount(rap.mottaget, f"={blk.mottaget}")
        line[2] = _amount(rap.redovisade, f"={blk.redovisas}")
        line[3] = _amount(rap.kvarstaende, f"={blk.kvar}")
        line[4] = _amount(rap.egenfinansiering, f"={blk.egen}")
        for cell in line[1:5]:
            cell.wrap = row in spec.row_heights  # top-aligned like the wrapped name
    first, last = refs[0][0], refs[-1][0]
    spec.rows[sum_row - 1] = [
        Cell("Summa", bold=True),
        *[
            _amount(sum(getattr(r, attr) for r in rapporter), f"=SUM({col}{first}:{col}{last})", bold=True)
            for col, attr in zip("BCDE", ("mottaget", "redovisade", "kvarstaende", "egenfinansiering"))
        ],
    ]
    _fill_committee(spec, committee, by_id)

    spec.print_areas = [f"A1:{LAST}{overview_last}"] + [f"A{b.first}:{LAST}{b.last}" for b in blocks]
    spec.row_breaks = [overview_last] + [b.last for b in blocks[:-1]]
    spec.header = {"center": "Återrapportering av statsbidrag"}
    spec.footer = {"right": "Sida &P av &N"}
    return spec


def block_sheet(rapport: Aterrapport, idag: date) -> SheetSpec:
    """One grant alone on one A4 page (for the PDF export), headed with its name and dnr."""
    spec = SheetSpec(ATERRAPPORTERING, landscape=False, widths=dict(WIDTHS))
    blk = grant_block(_Sheet(spec), rapport, idag)
    spec.print_areas = [f"A{blk.first}:{LAST}{blk.last}"]
    spec.fit_height = 1
    dnr = ", ".join(x for x in [rapport.bidrag.diarienummer, *rapport.bidrag.myndighetens_dnr] if x)
    spec.header = {"left": _esc(rapport.namn), "right": _esc(f"Dnr {dnr}") if dnr else ""}
    spec.footer = {"right": _esc(f"Underlag per {idag.isoformat()}")}
    return spec
