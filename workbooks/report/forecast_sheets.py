"""The derived sheets of a refresh: Avvikelse, Sammanfattning, Metodval, Valideringsfel.

Each builder returns a backend-neutral ``SheetSpec``. Derived columns are live Excel
formulas; each formula cell also carries the value the Python engine computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from openpyxl.utils import get_column_letter

from udfs.forecasting.engine import UNKNOWABLE, Report, derived, netto
from udfs.language.rounding import avrunda
from udfs.language.sheet_names import AVVIKELSE, SAMMANFATTNING, VALIDERINGSFEL
from udfs.language.vocabulary import ENHETER
from udfs.section.assembly import summary_texts
from udfs.section.headings import Headings
from validation.findings import Finding, sort_key
from validation.rules import rule_title
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, SheetSpec, TableDef


@dataclass(frozen=True)
class Column:
    """One column of the Avvikelse table, described once: its header, the engine's key
    (``udfs.forecasting.engine``: ``Line.values()`` for the inputs, ``derived()`` for the formula columns,
    which compute with ``udfs.forecasting.deviation`` as the formula does), the Excel formula of a derived
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
    Column(
        "Avvikelse period",
        "avvikelse_period",
        red=True,
        formula=lambda at: f"={at('utfall_period')}-{at('budget_period')}",
    ),
    Column("Utfall period fg år", "utfall_period_fg"),
    Column(
        "Förändring mot fg år",
        "forandring_fg",
        red=True,
        formula=lambda at: f"={at('utfall_period')}-{at('utfall_period_fg')}",
    ),
    Column("Utfall helår fg år", "utfall_helar_fg"),
    Column("Budget", "budget"),
    Column("Prognos", "prognos"),
    _text("Metod", "metod", 16),
    Column("Avvikelse", "avvikelse", red=True, formula=lambda at: f"={at('prognos')}-{at('budget')}"),
    Column(
        "Avvikelse %",
        "avvikelse_procent",
        "procent",
        12,
        red=True,
        formula=lambda at: f'=IF({at("budget")}=0,"",{at("avvikelse")}/ABS({at("budget")}))',
    ),
    Column("Föregående prognos", "foregaende"),
    Column(
        "Prognosförändring",
        "prognosforandring",
        red=True,
        formula=lambda at: f'=IF(COUNT({at("foregaende")})=0,"",{at("prognos")}-{at("foregaende")})',
    ),
    _text("Kommentar", "kommentar", 40),
    # The 80 % interval of the outcome (udfs.forecasting.intervals): values, empty where the
    # history gives none (Metodval says why).
    Column("Prognos låg", "prognos_lag"),
    Column("Prognos hög", "prognos_hog"),
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


def headers(report: Report) -> dict[str, str]:
    """Avvikelse headers with the real years and period ("Utfall jan–apr 2023", "Bokslut 2022")."""
    r = Headings(report.ar, report.period)
    named = {
        "utfall_period": r.utfall_period,
        "budget_period": r.budget_period,
        "avvikelse_period": r.avvikelse_period,
        "utfall_period_fg": r.utfall_period_fg,
        "forandring_fg": r.forandring_fg,
        "utfall_helar_fg": r.bokslut_fg,
        "budget": r.budget,
        "prognos": r.prognos,
        "avvikelse": r.avvikelse,
    }
    return {c.key: named.get(c.key, c.header) for c in COLUMNS}


def avvikelse_sheet(report: Report) -> tuple[SheetSpec, dict[str, int]]:
    """The Avvikelse table. Returns the spec and the row numbers of the Totalt rows."""
    spec = SheetSpec(AVVIKELSE, freeze="C2", print_title_rows="1:1", tab_color=palette.DARK_BLUE)
    names = headers(report)
    spec.add(*[Cell(names[c.key], bold=True, wrap=True) for c in COLUMNS])
    spec.row_heights[1] = 32
    for area in report.areas:
        inc = report.line(area, "Intäkter")
        cost = report.line(area, "Kostnader")
        rows = []
        for line in (inc, cost):
            r = len(spec.rows) + 1
            values = {
                **line.values(),
                "omrade": area,
                "typ": line.typ,
                "metod": line.metod,
                "kommentar": line.kommentar,
                **_band(report, area, line.typ),
            }
            spec.add(*_row(r, values, {}))
            rows.append(r)
        r = len(spec.rows) + 1
        values = {**netto(inc.values(), cost.values()), "omrade": area, "typ": "Netto", **_band(report, area, "Netto")}
        spec.add(*_row(r, values, _netto_formulas(rows[0], rows[1]), bold=True))
    last_area_row = len(spec.rows)
    totals = report.totals()
    total_rows: dict[str, int] = {}
    for typ in ("Intäkter", "Kostnader"):
        r = len(spec.rows) + 1
        spec.add(
            *_row(
                r,
                {**totals[typ], "omrade": "Totalt", "typ": typ, **_band(report, "Totalt", typ)},
                _sumif_formulas(typ, last_area_row),
                bold=True,
            )
        )
        total_rows[typ] = r
    r = len(spec.rows) + 1
    spec.add(
        *_row(
            r,
            {**totals["Netto"], "omrade": "Totalt", "typ": "Netto", **_band(report, "Totalt", "Netto")},
            _netto_formulas(total_rows["Intäkter"], total_rows["Kostnader"]),
            bold=True,
        )
    )
    total_rows["Netto"] = r
    last = len(spec.rows)
    spec.table = TableDef(AVVIKELSE, 1, last, len(COLUMNS))
    for c in COLUMNS:
        if c.red:
            spec.negative_red.append(f"{COL[c.key]}2:{COL[c.key]}{last}")
    for i, c in enumerate(COLUMNS, start=1):
        spec.widths[i] = c.width
    return spec, total_rows


def _band(report: Report, omrade: str, typ: str) -> dict[str, float | None]:
    band = report.band(omrade, typ)
    if band is None or not band.shown:
        return {"prognos_lag": None, "prognos_hog": None}
    return {"prognos_lag": band.low, "prognos_hog": band.high}


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
        f'=IF(SUMPRODUCT(({t}="{typ}")*ISNUMBER({n}2:{n}{last}))=0,"",SUMIF({t},"{typ}",{n}2:{n}{last}))'
    )
    return out


def summary_columns(report: Report) -> list[tuple[str, str]]:
    """The committee table's columns as the papers print them; at year end the
    verksamhetsberättelse's (Bokslut fg år, Bokslut, Budget, Avvikelse)."""
    r = Headings(report.ar, report.period)
    if r.bokslut:
        return [
            (r.bokslut_fg, "utfall_helar_fg"),
            (r.prognos, "prognos"),
            (r.budget, "budget"),
            (r.avvikelse, "avvikelse"),
        ]
    return [
        (r.bokslut_fg, "utfall_helar_fg"),
        (r.utfall_period, "utfall_period"),
        (r.budget, "budget"),
        (r.prognos, "prognos"),
        (r.avvikelse, "avvikelse"),
    ]


# One extra committee-table row: label and, per summary key, (engine value, cell reference or None).
ExtraRow = tuple[str, dict[str, tuple[Any, str | None]]]


def sammanfattning_sheet(
    report: Report, total_rows: dict[str, int], extra_rows: list[ExtraRow] | None = None
) -> SheetSpec:
    # One A4 page, fitted: with every area's paragraph (issue 11) the text may run a little over.
    spec = SheetSpec(SAMMANFATTNING, landscape=False, tab_color=palette.DARK_BLUE, fit_height=1)
    r = Headings(report.ar, report.period)
    columns = summary_columns(report)
    divisor = 1_000_000.0 / ENHETER[report.enhet]  # unit -> mnkr
    spec.add(Cell(f"Sammanfattning – {report.namnd}", bold=True, size=14))
    _sentence(spec, f"{r.lage}. Belopp i miljoner kronor (mnkr), avrundade till en decimal.")
    spec.add()
    spec.add(Cell("mnkr", bold=True), *[Cell(h, bold=True, wrap=True) for h, _k in columns])
    first = len(spec.rows) + 1
    totals = report.totals()

    def rounded(ref: str) -> str:
        return f"=ROUND({ref}/{divisor:.0f},1)" if divisor != 1 else f"=ROUND({ref},1)"

    for typ in ("Intäkter", "Kostnader", "Netto"):
        values = {**totals[typ], **derived(totals[typ])}
        row = total_rows[typ]
        cells = [Cell(typ, bold=typ == "Netto")]
        for _h, key in columns:
            if values[key] is None:  # unknown (no last year in the workbook): empty, not 0,0
                cells.append(Cell(None, fmt="mnkr", bold=typ == "Netto"))
                continue
            cells.append(
                Cell(
                    avrunda(values[key] / divisor, 1),
                    formula=rounded(f"{AVVIKELSE}!{COL[key]}{row}"),
                    fmt="mnkr",
                    bold=typ == "Netto",
                )
            )
        spec.add(*cells)
    for label, refs in extra_rows or []:
        cells = [Cell(label)]
        for _h, key in columns:
            value, ref = refs.get(key, (None, None))
            if ref is None or value is None:
                cells.append(Cell(None))
            else:
                cells.append(Cell(avrunda(value / divisor, 1), formula=rounded(ref), fmt="mnkr"))
        spec.add(*cells)
    last_col = get_column_letter(1 + len(columns))
    spec.negative_red.append(f"{last_col}{first}:{last_col}{len(spec.rows)}")
    spec.add()
    texts = report.summary if report.summary is not None else summary_texts(report)
    spec.add(Cell("Ekonomiskt resultat" if r.bokslut else "Ekonomisk prognos", bold=True))
    for text in texts.committee:
        _sentence(spec, text)
    spec.add()
    spec.add(Cell("Per verksamhetsområde", bold=True))
    for area in report.areas:  # an area with something of its own to say, then what several share
        if texts.areas.get(area):
            _sentence(spec, texts.areas[area])
    for text in getattr(texts, "common", []):
        _sentence(spec, text)
    spec.widths = {1: 24, **{i: 15 for i in range(2, 2 + len(columns))}}
    return spec


SENTENCE_CHARS_PER_LINE = 95  # about what fits in A:F (91 character widths) at 11 pt


def _sentence(spec: SheetSpec, text: str) -> None:
    """A sentence over the width of the summary table (A:F), tall enough for its lines."""
    r = spec.add(Cell(text, wrap=True))
    spec.merges.append(f"A{r}:F{r}")
    lines = -(-len(text) // SENTENCE_CHARS_PER_LINE)
    spec.row_heights[r] = 15 * max(lines, 1) + 2


def valideringsfel_sheet(findings: list[Finding], with_file: bool = False) -> SheetSpec:
    headers = (["Fil"] if with_file else []) + ["Allvarlighet", "Blad", "Cell", "Regel", "Meddelande"]
    spec = SheetSpec(
        VALIDERINGSFEL,
        freeze="A2",
        print_title_rows="1:1",
        tab_color=palette.RED if any(f.is_error for f in findings) else None,
    )
    spec.add(*[Cell(h, bold=True) for h in headers])
    for f in sorted(findings, key=sort_key):
        # a finding about the whole file (an external link) has no place to link to
        link = f"'{f.blad}'!{f.cell}" if not with_file and f.blad and f.cell else None
        cells = ([Cell(f.fil)] if with_file else []) + [
            Cell("Fel" if f.is_error else "Varning"),
            Cell(f.blad),
            Cell(f.cell, link=link),
            Cell(rule_title(f.regel)),
            Cell(f.meddelande, wrap=True),
        ]
        spec.add(*cells)
    if not findings:
        spec.add(
            *([Cell("")] if with_file else []),
            Cell("OK"),
            Cell(""),
            Cell(""),
            Cell(""),
            Cell("Inga fel eller varningar hittades."),
        )
    spec.table = TableDef(VALIDERINGSFEL, 1, len(spec.rows), len(headers))
    base = {1: 12, 2: 16, 3: 8, 4: 22, 5: 100}
    spec.widths = {k + (1 if with_file else 0): v for k, v in base.items()}
    if with_file:
        spec.widths[1] = 30
    return spec
