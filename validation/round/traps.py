"""The known traps of hand-made committee workbooks (../shared/DOMAIN.md, "Known traps"):
Totalt/Summa rows, units in headers, areas of another round, years in labels, text that
looks like a formula, formula errors, merged cells. Dates and case
numbers are in ``validation/round/trap_dates.py``, the 1000× unit errors in
``validation/round/magnitudes.py``, what a number cell's text means in
``validation/round/number_cells.py``; which traps run on which table is
``validation/round/trap_table.py``; every rule's code, severity and text is in the catalogue
(``validation/rules.py``, docs/regler.md).

Each check works on ``RawTable`` objects (so it serves files and live books alike) and adds
``Finding`` objects naming sheet and cell, with a Swedish message, to a ``TrapContext``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from udfs.language import number_text
from udfs.language.number_format import format_tal
from udfs.language.vocabulary import ERROR_VALUES, suggest
from udfs.language.vocabulary import normalize as plain_normalize
from validation.contract import (
    AMOUNT,
    LABEL,
    MONTH,
    TABLES,
    YEAR,
    TableSpec,
)
from validation.contract import match_columns as contract_match_columns
from validation.findings import FEL, VARNING, Finding
from validation.raw_table import RawTable, column_letters

# Columns that label a row (a total word may stand in any of them) and columns that are
# keys a total row restricts on, per table; numeric columns are summed.
# Built from the contract's column kinds (validation/contract.py): columns that label a row (a
# total word may stand in any of them), keys a total row restricts on, numeric columns summed
# per table, free text checked for formula-like text, dates, the municipality's case number_text.
SPECS = TABLES
LABEL_KEYS = tuple(dict.fromkeys(k for s in SPECS for k in s.keys(LABEL)))
KEY_KEYS = tuple(dict.fromkeys(k for s in SPECS for k in s.keys(YEAR, MONTH)))
NUMERIC_KEYS = {s.name: s.keys(AMOUNT) for s in SPECS}
TEXT_KEYS = tuple(dict.fromkeys(c.key for s in SPECS for c in s.columns if c.free_text))

_TOTAL = re.compile(r"^(totalt?|summa|s:a|s a|delsumma|totalsumma|summering|summa totalt)\b")
_NETTO = re.compile(r"^netto\b")
_YEAR_IN_LABEL = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
UNIT_WORD = re.compile(r"(?<![a-zåäö])(mnkr|tkr|kr|kronor|tusen kronor|miljoner kronor|mkr|msek|tsek|sek)(?![a-zåäö])")
UNIT_OF_WORD = {
    "mnkr": "mnkr",
    "mkr": "mnkr",
    "msek": "mnkr",
    "miljoner kronor": "mnkr",
    "tkr": "tkr",
    "tsek": "tkr",
    "tusen kronor": "tkr",
    "kr": "kr",
    "kronor": "kr",
    "sek": "kr",
}
_FORMULA_LIKE = re.compile(r"^(=.|@.|[+\-][A-Za-zÅÄÖåäö(_])")
MAX_PER_RULE = 25  # per file and rule, then one summary finding


@lru_cache(maxsize=100_000)
def _normalize_cached(value: object) -> str:
    return plain_normalize(value)


def normalize(value: object) -> str:
    """``validation.contract.normalize``, memoised (cell texts repeat across rows and files)."""
    try:
        return _normalize_cached(value)
    except TypeError:  # unhashable
        return plain_normalize(value)


@lru_cache(maxsize=4_096)
def _match_cached(spec: TableSpec, headers: tuple) -> tuple[dict[str, int], dict[int, int]]:
    return contract_match_columns(spec, list(headers))


def match_columns(spec: TableSpec, headers: list[object]) -> tuple[dict[str, int], dict[int, int]]:
    """``validation.contract.match_columns``, memoised per header row (callers must not mutate the result)."""
    try:
        return _match_cached(spec, tuple(headers))
    except TypeError:
        return contract_match_columns(spec, headers)


@dataclass
class TrapContext:
    file: str
    enhet: str = "tkr"
    ar: int | None = None
    period: int | None = None
    units: list[str] | None = None  # the round's areas, when known
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: str, sheet: str, cell: str, rule: str, message: str) -> None:
        self.findings.append(
            Finding(allvarlighet=severity, blad=sheet, cell=cell, regel=rule, meddelande=message, fil=self.file)
        )


def q(value: object, limit: int = 60) -> str:
    """A cell value quoted for a message, shortened."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def number_of(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    return number_text.parse_number(value).value if isinstance(value, str) else None


# --- Totalt / Summa rows ---------------------------------------------------------------------
def _is_total(key: str, value: object) -> bool:
    """A label cell holding a total word (Totalt, Summa, …; Netto in the Typ column)."""
    text = normalize(value)
    return bool(text and (_TOTAL.match(text) or (key == "typ" and _NETTO.match(text))))


def _total_level(values: list[object], labels: dict[str, int]) -> str | None:
    """The label column holding a total word, or None for an ordinary row."""
    for key, pos in labels.items():
        if _is_total(key, values[pos]):
            return key
    return None


def total_rows(raw: RawTable, spec: TableSpec, ctx: TrapContext) -> RawTable:
    """Flag Totalt/Summa rows and return the table without them."""
    found, months = match_columns(spec, raw.headers)
    labels = {k: found[k] for k in LABEL_KEYS if k in found}
    if not labels or not raw.rows:
        return raw
    # Label cells repeat (a few area and type names over many rows), and whether a row is a
    # total row is decided cell by cell: the usual table, with no total row at all, is found
    # by looking at each column's distinct values once (picked in C), not at each row.
    if not any(_is_total(key, value) for key, pos in labels.items() for value in set(map(itemgetter(pos), raw.rows))):
        return raw
    levels = _levels(raw, labels)
    if not any(levels):
        return raw
    numeric = [found[k] for k in NUMERIC_KEYS.get(spec.name, ()) if k in found] + sorted(months)
    keys = {**labels, **{k: found[k] for k in KEY_KEYS if k in found}}
    keep = []
    for i, (row_number, values, level) in enumerate(zip(raw.row_numbers, raw.rows, levels)):
        if level is None:
            keep.append(i)
            continue
        members = _members(raw, levels, i, level, keys)
        label = str(values[labels[level]]).strip()
        if not _sums_differ(raw, ctx, row_number, values, label, members, numeric):
            ctx.add(
                VARNING,
                raw.sheet,
                raw.address(row_number, labels[level]),
                "summarad",
                f"Raden {q(label)} är en summarad. Den räknas inte med (annars räknas beloppen två gånger); "
                "ta bort den ur tabellen.",
            )
    return RawTable(
        raw.name,
        raw.sheet,
        raw.first_row,
        raw.first_col,
        raw.headers,
        [raw.rows[i] for i in keep],
        [raw.row_numbers[i] for i in keep],
        raw.from_table,
        set(raw.formula_cells),
    )


def _levels(raw: RawTable, labels: dict[str, int]) -> list[str | None]:
    """Per row, the label column holding a total word (None for an ordinary row); decided once
    per distinct combination of label cells."""
    label_positions = tuple(labels.values())
    memo: dict[tuple, str | None] = {}
    levels = []
    for values in raw.rows:
        cells = tuple(values[pos] for pos in label_positions)
        level = memo.get(cells, "")
        if level == "":
            level = memo[cells] = _total_level(values, labels)
        levels.append(level)
    return levels


def _members(raw: RawTable, levels: list[str | None], i: int, level: str, keys: dict[str, int]) -> list[int]:
    """The ordinary rows total row ``i`` sums: those since the previous total of its level that
    agree with it on its other keys (any earlier such rows when there are none)."""
    values = raw.rows[i]
    restrict = {
        pos: normalize(values[pos])
        for key, pos in keys.items()
        if key != level and not _is_empty(values[pos]) and _total_level([values[pos]], {key: 0}) is None
    }
    start = 0
    for j in range(i - 1, -1, -1):
        if levels[j] == level:
            start = j + 1
            break

    def member(j: int) -> bool:
        return levels[j] is None and all(normalize(raw.rows[j][pos]) == want for pos, want in restrict.items())

    return [j for j in range(start, i) if member(j)] or [j for j in range(0, i) if member(j)]


def _sums_differ(
    raw: RawTable,
    ctx: TrapContext,
    row_number: int,
    values: list[object],
    label: str,
    members: list[int],
    numeric: list[int],
) -> bool:
    """Flag each amount of a total row that its member rows do not sum to (beyond rounding);
    True when one did not."""
    differ = False
    for pos in numeric:
        total = number_of(values[pos])
        if total is None:
            continue
        summed = [number_of(raw.rows[j][pos]) for j in members]
        summed = [v for v in summed if v is not None]
        diff = total - sum(summed)
        tolerance = max(1, len(summed)) * 1.0 + 1e-9
        cell = raw.address(row_number, pos)
        if abs(diff) > tolerance:
            differ = True
            first, last = (raw.row_numbers[members[0]], raw.row_numbers[members[-1]]) if members else (0, 0)
            where = (
                f"raderna {raw.address(first, pos)}:{raw.address(last, pos)} ({len(summed)} celler)"
                if members
                else "inga rader ovanför"
            )
            ctx.add(
                FEL,
                raw.sheet,
                cell,
                "summarad_avviker",
                f"Summaraden {q(label)} anger {format_tal(total)} men {where} summerar till "
                f"{format_tal(sum(summed))}; "
                f"skillnaden {format_tal(diff)} är större än avrundning (±{len(summed) or 1}). En inskriven summa "
                "stämmer inte: ta bort summaraden (Prognos summerar själv) och kontrollera raderna.",
            )
    return differ


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- unit errors: a unit in a header (1000× off: validation/round/magnitudes.py) ----------------
def header_units(raw: RawTable, ctx: TrapContext) -> None:
    for pos, header in enumerate(raw.headers):
        if not isinstance(header, str):
            continue
        match = UNIT_WORD.search(header.lower())
        if match and UNIT_OF_WORD[match.group(1)] != ctx.enhet:
            ctx.add(
                VARNING,
                raw.sheet,
                raw.header_address(pos),
                "enhet_i_rubrik",
                f"Rubriken {q(header)} anger {match.group(1)}, men Enhet i Inställningar är {ctx.enhet}. Alla belopp "
                f"ska vara i {ctx.enhet}; kontrollera kolumnen och ändra rubriken.",
            )


# --- areas ------------------------------------------------------------------------------------
def unknown_areas(raw: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    if not ctx.units:
        return
    found, _ = match_columns(spec, raw.headers)
    if "omrade" not in found:
        return
    known = {normalize(u) for u in ctx.units}
    reported: set[str] = set()
    for row_number, values in zip(raw.row_numbers, raw.rows):
        value = values[found["omrade"]]
        text = normalize(value)
        if not text or text in known or text in reported or _TOTAL.match(text):
            continue
        reported.add(text)
        ctx.add(
            FEL,
            raw.sheet,
            raw.address(row_number, found["omrade"]),
            "okant_omrade",
            f"Verksamhetsområdet {q(value)} finns inte bland omgångens "
            f"verksamhetsområden.{suggest(str(value), ctx.units)} "
            "Använd exakt samma namn som i nämndens budget.",
        )


def labels_with_year(raw: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    found, _ = match_columns(spec, raw.headers)
    for key in ("omrade", "verksamhet", "bidrag", "aktivitet"):
        if key not in found:
            continue
        seen: set[str] = set()
        for row_number, values in zip(raw.row_numbers, raw.rows):
            value = values[found[key]]
            if isinstance(value, str) and value not in seen and _YEAR_IN_LABEL.search(value):
                seen.add(value)
                year = _YEAR_IN_LABEL.search(value).group(1)
                ctx.add(
                    VARNING,
                    raw.sheet,
                    raw.address(row_number, found[key]),
                    "artal_i_etikett",
                    f"Etiketten {q(value)} innehåller årtalet {year}. Årtal hör hemma i kolumnen År; med årtalet i "
                    "namnet blir det ett annat verksamhetsområde nästa år. Kontrollera att raden gäller rätt år.",
                )


def formula_like_text(raw: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    found, _ = match_columns(spec, raw.headers)
    for key in TEXT_KEYS:
        if key not in found:
            continue
        for row_number, values in zip(raw.row_numbers, raw.rows):
            value = values[found[key]]
            if isinstance(value, str) and _FORMULA_LIKE.match(value.strip()):
                ctx.add(
                    VARNING,
                    raw.sheet,
                    raw.address(row_number, found[key]),
                    "formel_som_text",
                    f"Texten {q(value.strip(), 40)} börjar med {value.strip()[0]!r} och skulle bli en formel om den "
                    "kopierades in i en annan arbetsbok. Prognos behandlar den alltid som text; skriv gärna om den.",
                )


# --- cells: formula errors, merged headers (text in number cells: validation/round/number_cells.py) ---
def error_cells(errors: dict[tuple[int, int], str], sheet: str, tables: list[RawTable], ctx: TrapContext) -> set[str]:
    """Formula errors inside tables (fel) and elsewhere on the sheet (varning). Returns flagged cells."""
    flagged: set[str] = set()
    regions = [
        (t.first_row, max(t.row_numbers, default=t.first_row), t.first_col, t.first_col + len(t.headers) - 1)
        for t in tables
        if t.sheet == sheet
    ]
    count = 0
    for (r, c), error in sorted(errors.items()):
        inside = any(r0 <= r <= r1 and c0 <= c <= c1 for r0, r1, c0, c1 in regions)
        cell = f"{column_letters(c)}{r}"
        count += 1
        if count > MAX_PER_RULE:
            ctx.add(
                VARNING,
                sheet,
                "",
                "formelfel",
                f"Bladet har {len(errors)} celler med formelfel; bara de första {MAX_PER_RULE} visas.",
            )
            break
        meaning = ERROR_VALUES.get(error.upper(), "en formel kan inte beräknas")
        flagged.add(cell)
        if inside:
            ctx.add(
                FEL,
                sheet,
                cell,
                "formelfel",
                f"Cellen visar felet {error} ({meaning}). Värdet kan inte läsas; rätta formeln eller skriv in värdet.",
            )
        else:
            ctx.add(
                VARNING,
                sheet,
                cell,
                "formelfel",
                f"Cellen visar felet {error} ({meaning}). Den ligger utanför tabellerna och läses inte, men "
                "kontrollera "
                "om andra celler bygger på den.",
            )
    return flagged


def merged_cells(merges: list[tuple[int, int, int, int]], raw: RawTable, ctx: TrapContext) -> None:
    if not merges:
        return
    c0, c1 = raw.first_col, raw.first_col + max(len(raw.headers), 1) - 1
    last = max(raw.row_numbers, default=raw.first_row)
    for min_col, min_row, max_col, max_row in merges:
        if max_col < c0 or min_col > c1 or max_row < raw.first_row or min_row > last:
            continue
        ref = f"{column_letters(min_col)}{min_row}:{column_letters(max_col)}{max_row}"
        if min_row <= raw.first_row <= max_row:
            ctx.add(
                FEL,
                raw.sheet,
                f"{column_letters(min_col)}{raw.first_row}",
                "sammanslagna_celler",
                f"Rubrikcellerna {ref} i tabellen {raw.name} är sammanslagna; då saknar kolumnerna efter den första "
                "en rubrik och kan inte hittas. Dela upp cellerna (Start > Sammanfoga och centrera) och "
                "skriv en rubrik "
                "i varje kolumn.",
            )
        else:
            ctx.add(
                VARNING,
                raw.sheet,
                f"{column_letters(min_col)}{min_row}",
                "sammanslagna_celler",
                f"Cellerna {ref} i tabellen {raw.name} är sammanslagna; bara den första cellen har ett värde. "
                "Dela upp cellerna och fyll i varje rad.",
            )


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (sheet, cell, rule, message); at most MAX_PER_RULE per rule, then a summary."""
    seen: set[tuple] = set()
    per_rule: dict[str, int] = {}
    out = []
    for f in findings:
        key = (f.blad, f.cell, f.regel) if f.regel == "okant_omrade" else (f.blad, f.cell, f.regel, f.meddelande)
        if key in seen:
            continue
        seen.add(key)
        per_rule[f.regel] = per_rule.get(f.regel, 0) + 1
        if per_rule[f.regel] == MAX_PER_RULE + 1:
            out.append(
                f.model_copy(
                    update={
                        "cell": "",
                        "meddelande": f"Fler fynd av samma slag ({f.regel}) finns; bara de "
                        f"första {MAX_PER_RULE} visas. Rätta dem och kontrollera igen.",
                    }
                )
            )
        if per_rule[f.regel] > MAX_PER_RULE:
            continue
        out.append(f)
    return out
