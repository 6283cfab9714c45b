"""Live formulas in the cells Prognos reads: which cell, which kind.

A cell's cached value is what Excel showed when the file was saved. For most formulas that
is what the unit saw and meant. Some formulas fetch their value from outside the workbook
or from themselves, so the cached value is not a number the unit typed or can vouch for:

- DDE (``=cmd|'/c calc'!A0``, ``DDE(…)``): data from another program, also an old attack;
- WEBSERVICE / FILTERXML / RTD / CALL / REGISTER.ID: data from the internet or a program;
- a link to another workbook (``[1]Budget!C3``, ``'C:\\…\\[budget.xlsx]Blad1'!A1``);
- a circular reference (the cell depends on itself, directly or through other formulas).

Those are errors at their cell (``levande_formel``): the value is not consolidated. An
ordinary formula in a unit's input cell (Metod, Manuell prognos, Kommentar) is a warning
(``formel_i_inmatning``): its shown value is what is read, the formula does not follow.
"""

from __future__ import annotations

import re

from validation.findings import FEL, VARNING, Finding
from validation.raw_table import RawTable, column_letters

DDE = "en DDE-länk som hämtar data från ett annat program"
WEB = "en funktion som hämtar data utifrån ({function})"
EXTERNAL = "en länk till en annan arbetsbok"
CIRCULAR = "en cirkelreferens (cellen beror av sig själv)"

_STRINGS = re.compile(r'"(?:[^"]|"")*"')
_DDE = re.compile(r"(?:^|[=(,;+\-*/&\s])'?[A-Za-z0-9_.\- ]+'?\|'[^']*'!|(?<![\w.])DDE(?:AUTO)?\s*\(", re.I)
_WEB = re.compile(r"(?<![\w.])(?:_xlfn\.)?(WEBSERVICE|FILTERXML|RTD|CALL|REGISTER\.ID|IMPORTDATA|IMPORTXML)\s*\(", re.I)
_EXTERNAL = re.compile(r"\[\d+\]|\[[^\]]+\.xl\w*\]|'[A-Za-z]:\\|'\\\\|https?://", re.I)
_REF = re.compile(
    r"(?<![\w.$!])(?:('(?:[^']|'')+'|[A-Za-zÅÄÖåäö_][\w.]*)!)?\$?([A-Z]{1,3})\$?(\d{1,7})"
    r"(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?(?![\w(])"
)
_COLUMNS = re.compile(
    r"(?<![\w.$!])(?:('(?:[^']|'')+'|[A-Za-zÅÄÖåäö_][\w.]*)!)?\$?([A-Z]{1,3}):\$?([A-Z]{1,3})(?![\w(])"
)
MAX_FORMULAS = 5_000  # formula cells per sheet looked at for cycles


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def kind(formula: str) -> str | None:
    """The live kind of a formula (its text without "="), or None for an ordinary formula."""
    text = _STRINGS.sub('""', formula)
    if _DDE.search(text):
        return DDE
    web = _WEB.search(text)
    if web:
        return WEB.format(function=web.group(1).upper())
    if _EXTERNAL.search(text):
        return EXTERNAL
    return None


def _areas(formula: str, sheet: str) -> list[tuple[int, int, int, int]]:
    """Rectangles (min_row, min_col, max_row, max_col) the formula refers to on its own sheet."""
    text = _STRINGS.sub('""', formula)
    own = {sheet, f"'{sheet}'", "'" + sheet.replace("'", "''") + "'"}
    out = []
    for qual, c1, r1, c2, r2 in _REF.findall(text):
        if qual and qual not in own:
            continue
        a, b = (_col(c1), int(r1)), (_col(c2 or c1), int(r2 or r1))
        out.append((min(a[1], b[1]), min(a[0], b[0]), max(a[1], b[1]), max(a[0], b[0])))
    for qual, c1, c2 in _COLUMNS.findall(text):
        if qual and qual not in own:
            continue
        out.append((1, min(_col(c1), _col(c2)), 1_048_576, max(_col(c1), _col(c2))))
    return out


def circular(formulas: dict[tuple[int, int], str], sheet: str) -> set[tuple[int, int]]:
    """Formula cells (row, col) that are part of a reference cycle on the sheet."""
    if not formulas or len(formulas) > MAX_FORMULAS:
        return set()
    cells = list(formulas)
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pos, text in formulas.items():
        areas = _areas(text, sheet)
        edges[pos] = [
            other for other in cells if any(r0 <= other[0] <= r1 and c0 <= other[1] <= c1 for r0, c0, r1, c1 in areas)
        ]
    # Tarjan's strongly connected components, iteratively.
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    out: set[tuple[int, int]] = set()
    counter = 0
    for root in cells:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges[node]
            if i < len(children):
                work.append((node, i + 1))
                child = children[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    out.update(component)
    return out


def findings(
    file: str,
    raw: RawTable,
    formulas: dict[tuple[int, int], str],
    inputs: set[int] = frozenset(),
    cycles: set[tuple[int, int]] | None = None,
    errors: set[tuple[int, int]] = frozenset(),
) -> list[Finding]:
    """Findings for the formula cells inside ``raw``; ``inputs``: the unit's input columns
    (positions in the table), where even an ordinary formula is reported; ``errors``: cells
    showing an error value (reported as such, not again as a formula)."""
    if not formulas:
        return []
    cycles = circular(formulas, raw.sheet) if cycles is None else cycles
    rows = set(raw.row_numbers)
    out = []
    for (r, c), text in sorted(formulas.items()):
        pos = c - raw.first_col
        if r not in rows or not 0 <= pos < len(raw.headers) or (r, c) in errors:
            continue
        cell = f"{column_letters(c)}{r}"
        header = raw.headers[pos] if raw.headers[pos] is not None else column_letters(c)
        live = CIRCULAR if (r, c) in cycles else kind(text)
        shown = text if len(text) <= 60 else text[:59] + "…"
        if live:
            out.append(
                Finding(
                    allvarlighet=FEL,
                    blad=raw.sheet,
                    cell=cell,
                    regel="levande_formel",
                    meddelande=f"{header}: cellen har formeln ={shown}, {live}. Värdet är inte "
                    "något enheten "
                    "har skrivit och kan ändras när filen öppnas, så det läses inte. Skriv in "
                    "värdet som ett "
                    "tal (eller text) i stället för formeln.",
                    fil=file,
                )
            )
        elif pos in inputs:
            out.append(
                Finding(
                    allvarlighet=VARNING,
                    blad=raw.sheet,
                    cell=cell,
                    regel="formel_i_inmatning",
                    meddelande=f"{header}: cellen har formeln ={shown}. Värdet som visas läses; "
                    "formeln följer "
                    "inte med till nämndens arbetsbok. Skriv gärna in värdet direkt.",
                    fil=file,
                )
            )
    return out
