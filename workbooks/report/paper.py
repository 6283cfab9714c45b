"""The economic section of the committee paper as data: sections of headings, paragraphs,
tables and charts, built once from the engine's ``Report`` and rendered twice, as the
print-ready ``Rapport`` sheet (``workbooks.report.paper_sheet``) and as Word
(``workbooks.report.paper_word``).

Only what the committee reads is here. The engine's own checks (a section's ``notes``, its
reconciliation rows marked ``check``, columns not meant for print) stay on the working sheets
and in Valideringsfel. Numbers in a table are kept as numbers with their display unit and
decimals; each renderer formats them the Swedish way (``format_cell``).

Adding a section: write a function ``(report) -> list[Section]`` and put it in ``PARTS`` where
the paper has it (or let the engine carry it on ``report.sections``: ``extra_sections`` turns
any such part into a section, in the order of ``PAPER_ORDER``). A chart goes to the section
whose ``key`` ``CHART_SECTIONS`` names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from udfs.forecasting.engine import Report, derived
from udfs.language.rounding import format_tal
from udfs.language.vocabulary import ENHETER, MONTH_ABBR
from udfs.section.assembly import SummaryTexts, context, summary_texts
from udfs.section.explanations import meaningful_base, volume_sentence
from udfs.section.headings import Headings
from udfs.section.sections import PCT
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
    """A part of the paper: a heading (``level`` 2, or 3 under the previous one), paragraphs,
    tables and the Diagram sheet's charts (by name) that illustrate it. ``key`` names the
    part ("resultat", "omraden", "kommentarer", "volymer", or an engine section's key).
    ``new_page`` is kept for callers that set it; the paper flows and ignores it."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # ChartDef names on the Diagram sheet
    new_page: bool = False
    key: str = ""  # "resultat", "omraden", "kommentarer", "omrade:<area>" (where own words go: paper_own_words)
    level: int = 2


def format_cell(value: Any, kind: str, decimals: int = 0) -> str:
    """One table cell as the paper prints it; unknown is an empty cell, never 0."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind == PERCENT and isinstance(value, (int, float)):
        return f"{format_tal(value * 100, 1, tecken=True)}\u00a0%"
    if kind == NUMBER and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_tal(value, decimals)
    return str(value)


def period_heading(period: int) -> str:
    """ "jan–apr" for period 4, "jan" for 1."""
    if period <= 1:
        return MONTH_ABBR[0]
    return f"{MONTH_ABBR[0]}\u2013{MONTH_ABBR[period - 1]}"


def year_headers(report: Report) -> list[str]:
    """The committee table's columns with real years and periods, as the papers print them."""
    ar = report.ar
    return [
        f"Bokslut {ar - 1}",
        f"Utfall {period_heading(report.period)} {ar}",
        f"Budget {ar}",
        f"Prognos {ar}",
        "Avvikelse",
    ]


def report_name(report: Report) -> str:
    """The report's name: Inställningar's ``Rapport`` ("Delårsrapport 1 2023"), else what the
    period says ("Uppföljning januari–april 2023", "Bokslut 2023")."""
    name = getattr(report, "rapport", None)
    if name:
        return str(name)
    r = Headings(report.ar, report.period)
    return r.prognos if r.bokslut else f"Uppföljning {r.utfall_period.removeprefix('Utfall ')}"


KEYS = ("utfall_helar_fg", "utfall_period", "budget", "prognos", "avvikelse")
AREA_KEYS = ("utfall_period", "utfall_period_fg", "utfall_helar_fg", "budget", "prognos", "avvikelse")


def _values(v: dict[str, Any], divisor: float, keys: tuple[str, ...] = KEYS) -> list[float | None]:
    """The columns ``keys``; unknown (no last year in the workbook) stays empty, never 0."""
    full = {**v, **derived(v)}
    return [None if full[k] is None else full[k] / divisor for k in keys]


def committee_table(report: Report) -> Table:
    div = 1_000_000.0 / ENHETER[report.enhet]
    totals = report.totals()
    rows = [[typ, *_values(totals[typ], div)] for typ in ("Intäkter", "Kostnader", "Netto")]
    styles = ["", "", "bold"]
    investments = _investment_total(report)
    if investments is not None:  # the papers' Nettoinvesteringar row, under Netto
        rows.append(["Nettoinvesteringar", *[None if v is None else v / div for v in investments]])
        styles.append("")
    return Table(
        ["mnkr", *year_headers(report)], rows, [TEXT] + [NUMBER] * 5, unit="mnkr", decimals=1, row_styles=styles
    )


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


def area_headers(report: Report) -> list[str]:
    """The per-area table's columns, as the paper prints them: this period, the same period
    last year, last year's outcome, budget, forecast and deviation."""
    r = Headings(report.ar, report.period)
    return [
        r.utfall_period,
        r.utfall_period_fg,
        r.bokslut_fg,
        f"Budget {report.ar}",
        f"Prognos {report.ar}",
        "Avvikelse",
    ]


def area_table(report: Report) -> Table:
    """Per area: a heading row, then Intäkter, Kostnader and Netto, in tkr; then the totals."""
    div = 1_000.0 / ENHETER[report.enhet]
    rows: list[list[Any]] = []
    styles: list[str] = []
    blank = [None] * len(AREA_KEYS)
    for area in report.areas:
        rows.append([area, *blank])
        styles.append("group")
        for typ in ("Intäkter", "Kostnader"):
            rows.append([typ, *_values(report.line(area, typ).values(), div, AREA_KEYS)])
            styles.append("")
        rows.append(["Netto", *_values(report.area_netto(area), div, AREA_KEYS)])
        styles.append("bold")
    totals = report.totals()
    rows.append(["Totalt", *blank])
    styles.append("group")
    for typ in ("Intäkter", "Kostnader", "Netto"):
        rows.append([typ, *_values(totals[typ], div, AREA_KEYS)])
        styles.append("bold" if typ == "Netto" else "")
    return Table(
        ["tkr", *area_headers(report)],
        rows,
        [TEXT] + [NUMBER] * len(AREA_KEYS),
        unit="tkr",
        decimals=0,
        row_styles=styles,
    )


def texts(report: Report) -> SummaryTexts:
    """The committee's sentences and each area's paragraph, the same as Sammanfattning prints
    (``udfs.section.assembly``: year-end wording, Väsentlighetsgräns, forecast change)."""
    return report.summary if report.summary is not None else summary_texts(report)


def area_paragraphs(report: Report) -> list[str]:
    """The areas' paragraphs in the paper's order, then what several areas share."""
    found = texts(report)
    return [found.areas[a] for a in report.areas if found.areas.get(a)] + list(found.common)


# --- the parts of the paper, in its order ----------------------------------------------------
def result_section(report: Report) -> list[Section]:
    table = committee_table(report)
    table.caption = f"Nämndens ekonomi ({table.unit})"
    return [Section("Ekonomiskt resultat och prognos", list(texts(report).committee), [table], key="resultat")]


def areas_section(report: Report) -> list[Section]:
    table = area_table(report)
    table.caption = "Intäkter, kostnader och avvikelse per verksamhetsområde (tkr)"
    return [Section("Budgetavvikelse per verksamhetsområde", [], [table], key="omraden")]


def comment_sections(report: Report) -> list[Section]:
    """ "Kommentarer per verksamhetsområde": an area with something to say under its own
    heading (the paper's layout); what several areas share said once."""
    found = texts(report)
    out = [Section("Kommentarer per verksamhetsområde", list(found.common), key="kommentarer")]
    out += [
        Section(area, [found.areas[area]], key=f"omrade:{area}", level=3)
        for area in report.areas
        if found.areas.get(area)
    ]
    return out


def volume_sections(report: Report) -> list[Section]:
    """Volume and price effects per area in one table with one sentence, instead of the same
    sentence in every area's paragraph."""
    analysis = getattr(report, "volume_analysis", None)
    areas = [a for a in (analysis.areas if analysis is not None else []) if a.volymdriven is not None]
    if not areas:
        return []
    ctx = context(report)
    div = 1_000_000.0 / ENHETER[report.enhet]
    rows = [[a.omrade, a.volymeffekt / div, a.priseffekt / div, a.volymdriven / div] for a in areas]
    total = [sum(a.volymeffekt for a in areas), sum(a.priseffekt for a in areas), sum(a.volymdriven for a in areas)]
    rows.append(["Totalt", *[v / div for v in total]])
    table = Table(
        ["mnkr", "Volymeffekt", "Priseffekt", "Summa"],
        rows,
        [TEXT, NUMBER, NUMBER, NUMBER],
        "mnkr",
        1,
        [""] * len(areas) + ["bold"],
        "Volym- och priseffekter mot budget per verksamhetsområde (mnkr, + lägre kostnad)",
    )
    return [Section("Volymer och styckkostnader", [volume_sentence(ctx, *total)], [table], key="volymer")]


PARTS: tuple[Callable[[Report], list[Section]], ...] = (
    result_section,
    areas_section,
    comment_sections,
    volume_sections,
)
# The engine's sections (report.sections) in the paper's order; other keys follow in theirs.
PAPER_ORDER = ("prognosforandring", "kostnadsslag", "orsaker", "handlingsplan", "bidrag", "investeringar")
# Which section each chart of the Diagram sheet illustrates (a chart of another name goes last).
CHART_SECTIONS = {
    "manad_mot_budget": "resultat",
    "ackumulerat_mot_budget": "resultat",
    "avvikelse_per_omrade": "omraden",
    "volym_prisbrygga": "volymer",
}


def sections(report: Report, chart_names: list[str] | None = None) -> list[Section]:
    """The economic section in the order of the committee paper, each chart in its section."""
    out = [section for part in PARTS for section in part(report)]
    out += extra_sections(report)
    out = place_own_words(report, out, lambda a, w: Section(a, w, key=area_key(a), level=3))  # issue 20
    keys = {s.key: s for s in out}
    for name in chart_names or []:
        target = keys.get(CHART_SECTIONS.get(name, ""))
        if target is None:
            target = keys.setdefault("diagram", Section("Diagram", key="diagram"))
            if target not in out:
                out.append(target)
        target.charts.append(name)
    return out


def _first(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


KINDS = {"text": TEXT, "belopp": NUMBER, "procent": PERCENT, "mnkr": NUMBER}


def _printed(obj: Any, report: Report | None) -> tuple[list[Any], list[Any]]:
    """The columns and rows the paper prints: not the reconciliation rows (``check``) nor the
    columns meant for the working sheet only (``in_paper`` False), nor a column empty in
    every row."""
    columns = [c for c in _first(obj, "columns", default=[]) or [] if getattr(c, "in_paper", True)]
    rows = [r for r in _first(obj, "rows", default=[]) or [] if not _first(r, "check", default=False)]

    def filled(c: Any) -> bool:
        return any((_first(r, "values", default={}) or {}).get(c.key) not in (None, "") for r in rows)

    return [c for i, c in enumerate(columns) if i == 0 or filled(c)], rows


def _shown_share(row_values: dict, column: Any, report: Report | None) -> Any:
    """A percentage only where its base means something (``meaningful_base``)."""
    value = row_values.get(column.key)
    derived_from = getattr(column, "derived", None)
    if value is None or report is None or not derived_from or derived_from[0] != PCT:
        return value
    base = row_values.get(derived_from[2])
    return value if base is not None and meaningful_base(base, context(report)) else None


def _column_table(obj: Any, report: Report | None = None) -> Table | None:
    """A section of columns (header, key, fmt) and rows (values by key, bold), amounts in the
    workbook's unit: shown in tkr (mnkr stays mnkr), as the papers' section tables are."""
    columns = list(_first(obj, "columns", default=[]) or [])
    if not columns or not all(hasattr(c, "header") and hasattr(c, "key") for c in columns):
        return None
    columns, source_rows = _printed(obj, report)
    unit = str(_first(obj, "unit", "enhet", default="tkr") or "tkr")
    shown = "mnkr" if unit == "mnkr" else "tkr"
    factor = ENHETER.get(unit, 1_000.0) / ENHETER[shown]
    kinds = [KINDS.get(getattr(c, "fmt", "belopp"), NUMBER) for c in columns]
    rows, styles = [], []
    for row in source_rows:
        values = _first(row, "values", default={}) or {}
        line = []
        for c, kind in zip(columns, kinds):
            v = _shown_share(values, c, report) if kind == PERCENT else values.get(c.key)
            if kind == NUMBER and isinstance(v, (int, float)) and not isinstance(v, bool):
                v = v * factor
            line.append(v)
        rows.append(line)
        styles.append("bold" if _first(row, "bold", default=False) else "")
    return Table(
        [str(c.header) for c in columns],
        rows,
        kinds,
        shown,
        1 if shown == "mnkr" else 0,
        styles,
        f"{_first(obj, 'title', default='')} ({shown})".strip(),
    )


def _table(obj: Any, report: Report | None = None) -> Table | None:
    from_columns = _column_table(obj, report)
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
        kinds = [
            NUMBER
            if any(isinstance(r[i], (int, float)) and not isinstance(r[i], bool) for r in rows if i < len(r))
            else TEXT
            for i in range(len(headers))
        ]
    kinds = [PERCENT if "%" in h and k == NUMBER else k for h, k in zip(headers, kinds)]
    unit = _first(obj, "unit", "enhet", default="tkr")
    decimals = _first(obj, "decimals", "decimaler", default=1 if unit == "mnkr" else 0)
    styles = _first(obj, "row_styles", "radstilar", default=[]) or []
    return Table(
        headers,
        rows,
        list(kinds),
        unit,
        int(decimals),
        list(styles),
        str(_first(obj, "caption", "rubrik", default="") or ""),
    )


def extra_sections(report: Report) -> list[Section]:
    """Sections the engine carries on its result, whatever they are (duck-typed: a title,
    sentences and tables of headers and rows), in the paper's order. A section's ``notes``
    (the engine's own observations) are not printed: they are findings on Valideringsfel."""
    found = _first(report, "sections", "avsnitt", default=None) or []
    if isinstance(found, dict):
        found = list(found.values())
    rank = {key: i for i, key in enumerate(PAPER_ORDER)}
    found = sorted(found, key=lambda s: rank.get(_first(s, "key", default=""), len(rank)))
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
        tables = _first(item, "tables", "tabeller", default=None)
        if tables is None:
            single = _first(item, "table", "tabell", default=None)
            tables = [single] if single is not None else ([item] if _table(item, report) else [])
        converted = [t for t in (_table(t, report) for t in tables) if t is not None]
        if title or paragraphs or converted:
            out.append(
                Section(title, [str(p) for p in paragraphs], converted, key=str(_first(item, "key", default="") or ""))
            )
    return out
