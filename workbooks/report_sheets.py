"""The derived sheets of a refresh: Avvikelse, Sammanfattning, Metodval, Valideringsfel.

Each builder returns a backend-neutral ``SheetSpec``. Derived columns are live Excel
formulas; each formula cell also carries the value the Python engine computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from openpyxl.utils import get_column_letter

from udfs.report import UNKNOWABLE, Report, derived, netto
from udfs.rounding import avrunda
from udfs.texts import avvikelsetext, jamforelse_text, omrade_text, period_text
from udfs.vocabulary import ENHETER
from validation.findings import Finding, sort_key
from validation.rules import RULES
from workbooks.sheets import Cell, SheetSpec, TableDef

AVVIKELSE = "Avvikelse"
SAMMANFATTNING = "Sammanfattning"
METODVAL = "Metodval"
VALIDERINGSFEL = "Valideringsfel"

@dataclass(frozen=True)
class Column:
    """One column of the Avvikelse table, described once: its header, the engine's key
    (``udfs.report``: ``Line.values()`` for the inputs, ``derived()`` for the formula columns,
    which compute with ``udfs.deviation`` as the formula does), the Excel formula of a derived
    column, number format, width and whether negative values are shown red."""

    header: str
    key: str
    fmt: str | None = "belopp"
    width: float = 15
    formula: Callable[[Callable[[str], str]], str] | None = None  # (cell of a key in this row) -> formula
    red: bool = False


def _text(header: str, key: str, width: float) -> Column:
    return Column(header, key, None, width)


COLUMNS = [
    _text("Verksamhetsområde", "omrade", 34),
    _text("Typ", "typ", 11),
    Column("Utfall period", "utfall_period"),
    Column("Budget period", "budget_period"),
    Column("Avvikelse period", "avvikelse_period", red=True,
           formula=lambda at: f"={at('utfall_period')}-{at('budget_period')}"),
    Column("Utfall period fg år", "utfall_period_fg"),
    Column("Förändring mot fg år", "forandring_fg", red=True,
           formula=lambda at: f"={at('utfall_period')}-{at('utfall_period_fg')}"),
    Column("Utfall helår fg år", "utfall_helar_fg"),
    Column("Budget", "budget"),
    Column("Prognos", "prognos"),
    _text("Metod", "metod", 16),
    Column("Avvikelse", "avvikelse", red=True, formula=lambda at: f"={at('prognos')}-{at('budget')}"),
    Column("Avvikelse %", "avvikelse_procent", "procent", 12, red=True,
           formula=lambda at: f'=IF({at("budget")}=0,"",{at("avvikelse")}/ABS({at("budget")}))'),
    Column("Föregående prognos", "foregaende"),
    Column("Prognosförändring", "prognosforandring", red=True,
           formula=lambda at: f'=IF(COUNT({at("foregaende")})=0,"",{at("prognos")}-{at("foregaende")})'),
    _text("Kommentar", "kommentar", 40),
]
COL = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
SUMMED = ("utfall_period", "budget_period", "utfall_period_fg", "utfall_helar_fg", "budget", "prognos")


def _derived_formulas(r: int) -> dict[str, str]:
    def at(key: str) -> str:
        return f"{COL[key]}{r}"

    return {c.key: c.formula(at) for c in COLUMNS if c.formula is not None}


def _row(r: int, values: dict[str, Any], formulas: dict[str, str], bold: bool = False) -> list[Cell]:
    """One Avvikelse row: ``formulas`` for the input columns that are formulas here
    (Netto and Totalt rows), the derived columns always formulas."""
    vals = {**values, **derived(values)}
    all_formulas = {**formulas, **_derived_formulas(r)}
    for key in (*UNKNOWABLE, "forandring_fg"):  # unknown last year: an empty cell, never a formula giving 0
        if vals.get(key) is None:
            all_formulas.pop(key, None)
    cells = []
    for c in COLUMNS:
        cells.append(Cell(value=vals.get(c.key), formula=all_formulas.get(c.key), fmt=c.fmt, bold=bold))
    return cells


def avvikelse_sheet(report: Report) -> tuple[SheetSpec, dict[str, int]]:
    """The Avvikelse table. Returns the spec and the row numbers of the Totalt rows."""
    spec = SheetSpec(AVVIKELSE, freeze="C2", print_title_rows="1:1", tab_color="1F4E78")
    spec.add(*[Cell(c.header, bold=True, wrap=True) for c in COLUMNS])
    spec.row_heights[1] = 32
    for area in report.areas:
        inc = report.line(area, "Intäkter")
        cost = report.line(area, "Kostnader")
        rows = []
        for line in (inc, cost):
            r = len(spec.rows) + 1
            values = {**line.values(), "omrade": area, "typ": line.typ, "metod": line.metod, "kommentar": line.kommentar}
            spec.add(*_row(r, values, {}))
            rows.append(r)
        r = len(spec.rows) + 1
        values = {**netto(inc.values(), cost.values()), "omrade": area, "typ": "Netto"}
        spec.add(*_row(r, values, _netto_formulas(rows[0], rows[1]), bold=True))
    last_area_row = len(spec.rows)
    totals = report.totals()
    total_rows: dict[str, int] = {}
    for typ in ("Intäkter", "Kostnader"):
        r = len(spec.rows) + 1
        spec.add(*_row(r, {**totals[typ], "omrade": "Totalt", "typ": typ}, _sumif_formulas(typ, last_area_row), bold=True))
        total_rows[typ] = r
    r = len(spec.rows) + 1
    spec.add(*_row(r, {**totals["Netto"], "omrade": "Totalt", "typ": "Netto"},
                   _netto_formulas(total_rows["Intäkter"], total_rows["Kostnader"]), bold=True))
    total_rows["Netto"] = r
    last = len(spec.rows)
    spec.table = TableDef(AVVIKELSE, 1, last, len(COLUMNS))
    for c in COLUMNS:
        if c.red:
            spec.negative_red.append(f"{COL[c.key]}2:{COL[c.key]}{last}")
    for i, c in enumerate(COLUMNS, start=1):
        spec.widths[i] = c.width
    return spec, total_rows


def _netto_formulas(r1: int, r2: int) -> dict[str, str]:
    out = {key: f"={COL[key]}{r1}+{COL[key]}{r2}" for key in SUMMED}
    n = COL["foregaende"]
    out["foregaende"] = f'=IF(COUNT({n}{r1}:{n}{r2})=0,"",SUM({n}{r1}:{n}{r2}))'
    return out


def _sumif_formulas(typ: str, last: int) -> dict[str, str]:
    t = f"$B$2:$B${last}"
    out = {key: f'=SUMIF({t},"{typ}",{COL[key]}2:{COL[key]}{last})' for key in SUMMED}
    n = COL["foregaende"]
    out["foregaende"] = (
        f'=IF(SUMPRODUCT(({t}="{typ}")*ISNUMBER({n}2:{n}{last}))=0,"",'
        f'SUMIF({t},"{typ}",{n}2:{n}{last}))'
    )
    return out


SUMMARY_COLUMNS = [
    ("Bokslut fg år", "utfall_helar_fg"),
    ("Utfall period", "utfall_period"),
    ("Budget", "budget"),
    ("Prognos helår", "prognos"),
    ("Avvikelse", "avvikelse"),
]


def sammanfattning_sheet(report: Report, total_rows: dict[str, int]) -> SheetSpec:
    spec = SheetSpec(SAMMANFATTNING, landscape=False, tab_color="1F4E78")
    months = period_text(report.period)
    divisor = 1_000_000.0 / ENHETER[report.enhet]  # unit -> mnkr
    spec.add(Cell(f"Sammanfattning – {report.namnd}", bold=True, size=14))
    _sentence(spec, f"Prognos {report.ar} efter {months} (period {report.period}). "
                    f"Fg år = {report.ar - 1}. Belopp i miljoner kronor (mnkr), avrundade till en decimal.")
    spec.add()
    spec.add(Cell("mnkr", bold=True), *[Cell(h, bold=True) for h, _k in SUMMARY_COLUMNS])
    totals = report.totals()
    for typ in ("Intäkter", "Kostnader", "Netto"):
        values = {**totals[typ], **derived(totals[typ])}
        r = total_rows[typ]
        cells = [Cell(typ, bold=typ == "Netto")]
        for _h, key in SUMMARY_COLUMNS:
            ref = f"{AVVIKELSE}!{COL[key]}{r}"
            formula = f"=ROUND({ref}/{divisor:.0f},1)" if divisor != 1 else f"=ROUND({ref},1)"
            if values[key] is None:  # unknown (no last year in the workbook): empty, not 0,0
                cells.append(Cell(None, fmt="mnkr", bold=typ == "Netto"))
                continue
            cells.append(Cell(avrunda(values[key] / divisor, 1), formula=formula, fmt="mnkr", bold=typ == "Netto"))
        spec.add(*cells)
    spec.negative_red.append("F5:F7")
    spec.add()
    net = totals["Netto"]
    spec.add(Cell("Ekonomisk prognos", bold=True))
    _sentence(spec, avvikelsetext(net["budget"], net["prognos"], report.enhet, report.balansgrans))
    if net["utfall_period_fg"] is not None:  # unknown last year: no comparison sentence (see Valideringsfel)
        _sentence(spec, jamforelse_text(net["utfall_period"], net["utfall_period_fg"], report.period, report.enhet))
    spec.add()
    spec.add(Cell("Per verksamhetsområde", bold=True))
    for area in report.areas:
        v = report.area_netto(area)
        _sentence(spec, omrade_text(area, v["budget"], v["prognos"], v["utfall_period"], v["utfall_period_fg"],
                                    report.period, report.enhet, report.balansgrans))
    spec.widths = {1: 16, 2: 15, 3: 15, 4: 15, 5: 15, 6: 15}
    return spec


SENTENCE_CHARS_PER_LINE = 95  # about what fits in A:F (91 character widths) at 11 pt


def _sentence(spec: SheetSpec, text: str) -> None:
    """A sentence over the width of the summary table (A:F), tall enough for its lines."""
    r = spec.add(Cell(text, wrap=True))
    spec.merges.append(f"A{r}:F{r}")
    lines = -(-len(text) // SENTENCE_CHARS_PER_LINE)
    spec.row_heights[r] = 15 * max(lines, 1) + 2


def metodval_sheet(report: Report) -> SheetSpec:
    headers = ["Verksamhetsområde", "Typ", "Metod", "Prognos helår", f"Testprognos {report.ar - 1}",
               f"Utfall helår {report.ar - 1}", "Fel", "Fel %", "Vald", "Förklaring"]
    spec = SheetSpec(METODVAL, freeze="A2", print_title_rows="1:1")
    spec.add(*[Cell(h, bold=True) for h in headers])
    for e in report.evidence:
        spec.add(
            Cell(e.omrade), Cell(e.typ), Cell(e.metod),
            Cell(e.prognos, fmt="belopp"), Cell(e.test_prognos, fmt="belopp"), Cell(e.faktiskt, fmt="belopp"),
            Cell(e.fel, fmt="belopp"), Cell(e.fel_procent, fmt="procent"),
            Cell("Ja" if e.vald else ""), Cell(e.skal),
        )
    spec.table = TableDef(METODVAL, 1, len(spec.rows), len(headers))
    spec.widths = {1: 34, 2: 11, 3: 14, 4: 15, 5: 16, 6: 16, 7: 13, 8: 9, 9: 6, 10: 60}
    return spec


def rule_title(code: str) -> str:
    """The rule's Swedish title from the catalogue (a code is for the JSON, not for the reader)."""
    rule = RULES.get(code)
    return rule.title if rule is not None else code


def valideringsfel_sheet(findings: list[Finding], with_file: bool = False) -> SheetSpec:
    headers = (["Fil"] if with_file else []) + ["Allvarlighet", "Blad", "Cell", "Regel", "Meddelande"]
    spec = SheetSpec(VALIDERINGSFEL, freeze="A2", print_title_rows="1:1", tab_color="C00000" if any(f.is_error for f in findings) else None)
    spec.add(*[Cell(h, bold=True) for h in headers])
    for f in sorted(findings, key=sort_key):
        link = None if with_file else f"'{f.blad}'!{f.cell}"
        cells = ([Cell(f.fil)] if with_file else []) + [
            Cell("Fel" if f.is_error else "Varning"), Cell(f.blad), Cell(f.cell, link=link), Cell(rule_title(f.regel)),
            Cell(f.meddelande, wrap=True),
        ]
        spec.add(*cells)
    if not findings:
        spec.add(*([Cell("")] if with_file else []), Cell("OK"), Cell(""), Cell(""), Cell(""), Cell("Inga fel eller varningar hittades."))
    spec.table = TableDef(VALIDERINGSFEL, 1, len(spec.rows), len(headers))
    base = {1: 12, 2: 16, 3: 8, 4: 22, 5: 100}
    spec.widths = {k + (1 if with_file else 0): v for k, v in base.items()}
    if with_file:
        spec.widths[1] = 30
    return spec
