"""The economic section of the committee paper as data: sections of headings, paragraphs and
tables, built once from the engine's ``Report`` and rendered twice, as the print-ready
``Rapport`` sheet (``workbooks.report.paper_sheet``) and as Word (``workbooks.report.paper_word``).

Numbers in a table are kept as numbers with their display unit and decimals; each renderer
formats them the Swedish way (``format_cell``: non-breaking space thousands, decimal comma,
"−"). Further sections that the engine puts on its result (``report.sections``: investments,
kostnadsslag, prognosförändring, åtgärder …) flow in through ``extra_sections`` without the
renderers knowing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from udfs.section.assembly import SummaryTexts, summary_texts
from udfs.forecasting.engine import Report, derived
from udfs.language.rounding import format_tal
from udfs.language.vocabulary import ENHETER, MONTH_ABBR
from workbooks.report.paper_own_words import area_key, place_own_words

TEXT, NUMBER, PERCENT = "text", "number", "percent"


@dataclass
class Table:
    """A table of the paper. ``kinds`` per column: "text", "number" (in ``unit`` with
    ``decimals``) or "percent" (a share, shown with one decimal). ``row_styles`` per row:
    "" (plain), "bold" (a sum) or "group" (a heading row over the rows that follow)."""

    headers: list[str]
    rows: list[list[Any]]
    kinds: list[str]
    unit: str = "tkr"
    decimals: int = 0
    row_styles: list[str] = field(default_factory=list)
    caption: str = ""

    def style(self, i: int) -> str:
        return self.row_styles[i] if i < len(self.row_styles) else ""


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # ChartDef names on the Diagram sheet
    new_page: bool = False
    key: str = ""  # "resultat", "omraden", "kommentarer", "omrade:<area>" (where own words go: paper_own_words)


def format_cell(value: Any, kind: str, decimals: int = 0) -> str:
    """One table cell as the paper prints it; unknown is an empty cell, never 0."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind == PERCENT and isinstance(value, (int, float)):
        return f"{format_tal(value * 100, 1)}\u00a0%"
    if kind == NUMBER and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_tal(value, decimals)
    return str(value)


def period_heading(period: int) -> str:
    """"jan–apr" for period 4, "jan" for 1."""
    if period <= 1:
        return MONTH_ABBR[0]
    return f"{MONTH_ABBR[0]}\u2013{MONTH_ABBR[period - 1]}"


def year_headers(report: Report) -> list[str]:
    """The committee table's columns with real years and periods, as the papers print them."""
    ar = report.ar
    return [f"Bokslut {ar - 1}", f"Utfall {period_heading(report.period)} {ar}", f"Budget {ar}",
            f"Prognos {ar}", "Avvikelse"]


KEYS = ("utfall_helar_fg", "utfall_period", "budget", "prognos", "avvikelse")


def _values(v: dict[str, Any], divisor: float) -> list[float | None]:
    """The committee columns; unknown (no last year in the workbook) stays empty, never 0."""
    full = {**v, **derived(v)}
    return [None if full[k] is None else full[k] / divisor for k in KEYS]


def committee_table(report: Report) -> Table:
    div = 1_000_000.0 / ENHETER[report.enhet]
    totals = report.totals()
    rows = [[typ, *_values(totals[typ], div)] for typ in ("Intäkter", "Kostnader", "Netto")]
    styles = ["", "", "bold"]
    investments = _investment_total(report)
    if investments is not None:  # the papers' Nettoinvesteringar row, under Netto
        rows.append(["Nettoinvesteringar", *[None if v is None else v / div for v in investments]])
        styles.append("")
    return Table(["mnkr", *year_headers(report)], rows, [TEXT] + [NUMBER] * 5, unit="mnkr", decimals=1,
                 row_styles=styles)


def _investment_total(report: Report) -> list[float | None] | None:
    """The investment section's sum row (key "investeringar"), in the committee table's
    columns, when the engine carries one; unknown stays unknown."""
    for section in _first(report, "sections", default=None) or []:
        if _first(section, "key", default="") != "investeringar":
            continue
        rows = list(_first(section, "rows", default=[]) or [])
        total = next((r for r in rows if _first(r, "kind", default="") == "summa"), rows[-1] if rows else None)
        if total is None:
            return None
        values = _first(total, "values", default={}) or {}
        out = [values.get(k) for k in ("utfall_fg", "utfall_period", "budget", "prognos")]
        budget, prognos = out[2], out[3]
        out.append(values.get("avvikelse", None if budget is None or prognos is None else prognos - budget))
        return [v if isinstance(v, (int, float)) and not isinstance(v, bool) else None for v in out]
    return None


def area_table(report: Report) -> Table:
    """Per area: a heading row, then Intäkter, Kostnader and Netto, in tkr; then the totals."""
    div = 1_000.0 / ENHETER[report.enhet]
    rows: list[list[Any]] = []
    styles: list[str] = []
    for area in report.areas:
        rows.append([area] + [None] * 5)
        styles.append("group")
        for typ in ("Intäkter", "Kostnader"):
            rows.append([typ, *_values(report.line(area, typ).values(), div)])
            styles.append("")
        rows.append(["Netto", *_values(report.area_netto(area), div)])
        styles.append("bold")
    totals = report.totals()
    rows.append(["Totalt"] + [None] * 5)
    styles.append("group")
    for typ in ("Intäkter", "Kostnader", "Netto"):
        rows.append([typ, *_values(totals[typ], div)])
        styles.append("bold" if typ == "Netto" else "")
    return Table(["tkr", *year_headers(report)], rows, [TEXT] + [NUMBER] * 5, unit="tkr", decimals=0,
                 row_styles=styles)


def texts(report: Report) -> SummaryTexts:
    """The committee's sentences and each area's paragraph, the same as Sammanfattning prints
    (``udfs.section.assembly``: year-end wording, Väsentlighetsgräns, forecast change)."""
    return report.summary if report.summary is not None else summary_texts(report)


def area_paragraphs(report: Report) -> list[str]:
    """Per area its paragraph: deviation, the unit's own comments, volume, change, last year."""
    areas = texts(report).areas
    return [areas[area] for area in report.areas if areas.get(area)]


def sections(report: Report, chart_names: list[str] | None = None) -> list[Section]:
    """The economic section in the order of the committee paper."""
    first = Section("Ekonomiskt resultat och prognos", list(texts(report).committee), [committee_table(report)],
                    key="resultat")
    first.tables[0].caption = "Nämndens ekonomi (mnkr)"
    areas = Section("Budgetavvikelse per verksamhetsområde", [], [area_table(report)], new_page=True, key="omraden")
    areas.tables[0].caption = "Intäkter, kostnader och avvikelse per verksamhetsområde (tkr)"
    out = [first, areas, Section("Kommentarer per verksamhetsområde", area_paragraphs(report), new_page=True,
                                 key="kommentarer")]
    out += extra_sections(report)
    out = place_own_words(report, out, lambda area, words: Section(area, words, key=area_key(area)))  # issue 20
    if chart_names:
        out.append(Section("Diagram", [], [], list(chart_names), new_page=True))
    return out


def _first(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


KINDS = {"text": TEXT, "belopp": NUMBER, "procent": PERCENT, "mnkr": NUMBER}


def _column_table(obj: Any) -> Table | None:
    """A section of columns (header, key, fmt) and rows (values by key, bold), amounts in the
    workbook's unit: shown in tkr (mnkr stays mnkr), as the papers' section tables are."""
    columns = list(_first(obj, "columns", default=[]) or [])
    if not columns or not all(hasattr(c, "header") and hasattr(c, "key") for c in columns):
        return None
    filled = [any((_first(r, "values", default={}) or {}).get(c.key) not in (None, "")
                  for r in _first(obj, "rows", default=[]) or []) for c in columns]
    columns = [c for i, c in enumerate(columns) if i == 0 or filled[i]]  # an empty column is left out
    unit = str(_first(obj, "unit", "enhet", default="tkr") or "tkr")
    shown = "mnkr" if unit == "mnkr" else "tkr"
    factor = ENHETER.get(unit, 1_000.0) / ENHETER[shown]
    kinds = [KINDS.get(getattr(c, "fmt", "belopp"), NUMBER) for c in columns]
    rows, styles = [], []
    for row in _first(obj, "rows", default=[]) or []:
        values = _first(row, "values", default={}) or {}
        line = []
        for c, kind in zip(columns, kinds):
            v = values.get(c.key)
            if kind == NUMBER and isinstance(v, (int, float)) and not isinstance(v, bool):
                v = v * factor
            line.append(v)
        rows.append(line)
        styles.append("bold" if _first(row, "bold", default=False) else "")
    return Table([str(c.header) for c in columns], rows, kinds, shown, 1 if shown == "mnkr" else 0, styles,
                 f"{_first(obj, 'title', default='')} ({shown})".strip())


def _table(obj: Any) -> Table | None:
    from_columns = _column_table(obj)
    if from_columns is not None:
        return from_columns
    headers = _first(obj, "headers", "rubriker", "kolumner")
    rows = _first(obj, "rows", "rader")
    if not headers or rows is None:
        return None
    headers = [str(h) for h in headers]
    rows = [list(r) for r in rows]
    kinds = _first(obj, "kinds", "typer")
    if not kinds:
        kinds = [NUMBER if any(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                               for r in rows if i < len(r)) else TEXT for i in range(len(headers))]
    kinds = [PERCENT if "%" in h and k == NUMBER else k for h, k in zip(headers, kinds)]
    unit = _first(obj, "unit", "enhet", default="tkr")
    decimals = _first(obj, "decimals", "decimaler", default=1 if unit == "mnkr" else 0)
    styles = _first(obj, "row_styles", "radstilar", default=[]) or []
    return Table(headers, rows, list(kinds), unit, int(decimals), list(styles),
                 str(_first(obj, "caption", "rubrik", default="") or ""))


def extra_sections(report: Report) -> list[Section]:
    """Sections the engine carries on its result, whatever they are (duck-typed: a title,
    paragraphs and tables of headers and rows)."""
    found = _first(report, "sections", "avsnitt", default=None) or []
    if isinstance(found, dict):
        found = list(found.values())
    out = []
    for item in found:
        if isinstance(item, Section):
            out.append(item)
            continue
        title = str(_first(item, "title", "rubrik", "namn", default="") or "")
        paragraphs = _first(item, "paragraphs", "sentences", "texter", "text", default=[]) or []
        if isinstance(paragraphs, str):
            paragraphs = [paragraphs]
        paragraphs = list(_first(item, "own_words", default=[]) or []) + list(paragraphs)  # issue 20: first
        paragraphs = list(paragraphs) + list(_first(item, "notes", "noter", default=[]) or [])
        tables = _first(item, "tables", "tabeller", default=None)
        if tables is None:
            single = _first(item, "table", "tabell", default=None)
            tables = [single] if single is not None else ([item] if _table(item) else [])
        converted = [t for t in (_table(t) for t in tables) if t is not None]
        if title or paragraphs or converted:
            out.append(Section(title, [str(p) for p in paragraphs], converted, new_page=True))
    return out
