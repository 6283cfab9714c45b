"""Derived sheets for volumes, forecast accuracy and pictures: Volymanalys, Prognossäkerhet,
Diagram. Backend-neutral ``SheetSpec``s; derived columns are live formulas, each carrying
the engine's value; charts are ``ChartDef``s over cells of the same sheet."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from udfs.language.sheet_names import DIAGRAM, PROGNOSSAKERHET, VOLYMANALYS
from udfs.forecasting.accuracy import AccuracyGroup, prognossakerhet
from udfs.forecasting.band_texts import for_committee
from udfs.forecasting.bias import band_hits, hits_sentence, lean, lean_sentence
from udfs.forecasting.engine import Report
from udfs.language.rounding import avrunda, format_tal
from udfs.forecasting.sentences import belopp_text, procent_text
from udfs.language.vocabulary import ENHETER, MONTH_HEADERS
from udfs.volume.calculation import FLOW, INDICATOR, MONEY, VolumeAnalysis, VolumeLine, analysera
from workbooks.report.chart_series import bridge_scale, clean, cumulative, cumulative_band, line_floor, monthly_forecast
from workbooks.report.forecast_sheets import AVVIKELSE, COL
from workbooks.books.sheet_spec import Cell, ChartDef, ChartSeries, SheetSpec, TableDef
from workbooks.books import palette


GREEN = palette.GREEN
RED = palette.RED
BLUE = palette.DARK_BLUE
GREY = palette.GREY
ORANGE = palette.ORANGE

# Volymanalys main table: (header, key)
VOLUME_COLUMNS = [
    ("Verksamhetsområde", "omrade"), ("Volymmått", "matt"), ("Enhet", "enhet"), ("Del av", "del_av"),
    ("Styckkostnad per", "per"), ("Styckkostnad i", "kostnad_i"), ("Volym fg år", "fg_volym"),
    ("Budget volym", "budget_volym"), ("Utfall volym", "utfall_volym"), ("Prognos volym", "prognos_volym"),
    ("Budget styckkostnad", "budget_styck"), ("Utfall styckkostnad", "utfall_styck"),
    ("Prognos styckkostnad", "prognos_styck"), ("Kostnad budget", "budget_kostnad"),
    ("Kostnad utfall helårstakt", "utfall_kostnad"), ("Kostnad prognos", "prognos_kostnad"),
    ("Avvikelse", "avvikelse"), ("Volymeffekt", "volymeffekt"), ("Priseffekt", "priseffekt"),
    ("Anmärkning", "anmarkning"),
]
VC = {key: get_column_letter(i) for i, (_h, key) in enumerate(VOLUME_COLUMNS, start=1)}


def _factor_text(months: int, money: Fraction, per_period: int | None = None) -> str:
    """The readable multiplier of a cost formula: "*12/1000" (monthly, kr -> tkr), "" for 1."""
    out = f"*{months}" if months != 1 else ""
    if per_period is not None:
        out += f"*12/{per_period}"
    if money.numerator != 1:
        out += f"*{money.numerator}"
    if money.denominator != 1:
        out += f"/{money.denominator}"
    return out


def _mnkr_divisor(enhet: str) -> float:
    return 1_000_000.0 / ENHETER[enhet]


def _volume_row(r: int, ln: VolumeLine, enhet: str, period: int) -> list[Cell]:
    row = ln.row
    c = {k: f"{VC[k]}{r}" for _h, k in VOLUME_COLUMNS}
    money = Fraction(MONEY[row.kostnad_i], MONEY[enhet])
    f = _factor_text(row.manader, money)
    f_utfall = _factor_text(row.manader, money, period) if row.kind == FLOW else f
    volume_fmt = "procent" if row.enhet == "procent" else None
    cells = {
        "omrade": Cell(row.omrade), "matt": Cell(row.matt), "enhet": Cell(row.enhet), "del_av": Cell(row.del_av),
        "per": Cell(None if row.kind == INDICATOR else ("kostnad per enhet" if row.kind == FLOW else row.per)),
        "kostnad_i": Cell(None if row.kind == INDICATOR else row.kostnad_i),
        "fg_volym": Cell(row.fg_volym, fmt=volume_fmt), "budget_volym": Cell(row.budget_volym, fmt=volume_fmt),
        "utfall_volym": Cell(row.utfall_volym, fmt=volume_fmt), "prognos_volym": Cell(row.prognos_volym, fmt=volume_fmt),
        "budget_styck": Cell(row.budget_styck, fmt="belopp"), "utfall_styck": Cell(row.utfall_styck, fmt="belopp"),
        "prognos_styck": Cell(row.prognos_styck_eff, formula=f"={c['budget_styck']}" if row.prognos_styck_antagen else None,
                              fmt="belopp", italic=row.prognos_styck_antagen),
        "anmarkning": Cell(ln.anmarkning or None),
    }
    if row.kind == INDICATOR:
        for key in ("budget_kostnad", "utfall_kostnad", "prognos_kostnad", "avvikelse", "volymeffekt", "priseffekt"):
            cells[key] = Cell(None)
    else:
        both = f"COUNT({c['budget_kostnad']},{c['prognos_kostnad']})<2"
        cells.update({
            "budget_kostnad": Cell(ln.budget_kostnad, fmt="belopp", formula=(
                f'=IF(COUNT({c["budget_volym"]},{c["budget_styck"]})<2,"",-{c["budget_volym"]}*{c["budget_styck"]}{f})')),
            "utfall_kostnad": Cell(ln.utfall_kostnad, fmt="belopp", formula=(
                f'=IF(COUNT({c["utfall_volym"]},{c["utfall_styck"]})<2,"",-{c["utfall_volym"]}*{c["utfall_styck"]}{f_utfall})')),
            "prognos_kostnad": Cell(ln.prognos_kostnad, fmt="belopp", formula=(
                f'=IF(COUNT({c["prognos_volym"]},{c["prognos_styck"]})<2,"",-{c["prognos_volym"]}*{c["prognos_styck"]}{f})')),
            "avvikelse": Cell(ln.avvikelse, fmt="belopp", formula=f'=IF({both},"",{c["prognos_kostnad"]}-{c["budget_kostnad"]})'),
            "volymeffekt": Cell(ln.volymeffekt, fmt="belopp", formula=(
                f'=IF({both},"",-({c["prognos_volym"]}-{c["budget_volym"]})*{c["budget_styck"]}{f})')),
            "priseffekt": Cell(ln.priseffekt, fmt="belopp", formula=(
                f'=IF({both},"",-({c["prognos_styck"]}-{c["budget_styck"]})*{c["prognos_volym"]}{f})')),
        })
    italic = not ln.top_level
    out = []
    for _h, key in VOLUME_COLUMNS:
        cell = cells[key]
        if italic and key in ("matt",):
            cell.italic = True
        out.append(cell)
    return out


def _sum_formula(cells: list[str]) -> str:
    joined = ",".join(cells)
    return f'=IF(COUNT({joined})=0,"",SUM({joined}))'


def volymanalys_sheet(analysis: VolumeAnalysis, report: Report, avvikelse: SheetSpec) -> tuple[SheetSpec, dict[str, Any]]:
    """The Volymanalys sheet. Returns the spec and the cells of the committee totals, for charts."""
    enhet, period = analysis.enhet, analysis.period
    spec = SheetSpec(VOLYMANALYS, freeze="C5", print_title_rows="4:4", tab_color=BLUE)
    spec.add(Cell(f"Volymanalys – {report.namnd}", bold=True, size=14))
    spec.add(Cell(
        f"Kostnad = volym × styckkostnad (× 12 när styckkostnaden gäller per månad), för helår, i {enhet} med tecken "
        "(kostnad −). Avvikelse = kostnad prognos − kostnad budget = volymeffekt + priseffekt, där volymeffekt = "
        "(prognos volym − budget volym) × budget styckkostnad och priseffekt = (prognos styckkostnad − budget "
        "styckkostnad) × prognos volym, med tecken: positivt är ett överskott. Tomma celler är värden som inte är "
        "kända än (platshållare), aldrig noll. Delrader (Del av) räknas inte två gånger.", wrap=True))
    spec.add()
    header_row = spec.add(*[Cell(f"Volym {report.ar - 1}" if k == "fg_volym" else h, bold=True) for h, k in VOLUME_COLUMNS])
    rows_of: dict[str, list[int]] = {}
    line_index: dict[int, int] = {}
    for index, ln in enumerate(analysis.lines):
        r = len(spec.rows) + 1
        spec.add(*_volume_row(r, ln, enhet, period))
        line_index[r] = index
        if ln.top_level and ln.row.has_cost:
            rows_of.setdefault(ln.row.omrade, []).append(r)
    last = len(spec.rows)
    spec.table = TableDef(VOLYMANALYS, header_row, last, len(VOLUME_COLUMNS))
    for key in ("avvikelse", "volymeffekt", "priseffekt"):
        spec.negative_red.append(f"{VC[key]}{header_row + 1}:{VC[key]}{last}")

    # --- per area: how much of the deviation the volumes explain --------------------------
    spec.add()
    spec.add(Cell("Per verksamhetsområde: hur mycket av kostnadsavvikelsen volymerna förklarar", bold=True))
    area_header = ["Verksamhetsområde", "Avvikelse kostnader", "Volymdriven avvikelse", "Volymeffekt", "Priseffekt",
                   "Övrigt", "Andel förklarad av volymer", "Anmärkning"]
    spec.add(*[Cell(h, bold=True) for h in area_header])
    avv_rows = {(row[0].value, row[1].value): i for i, row in enumerate(avvikelse.rows, start=1) if row and row[0] is not None}
    first_area = len(spec.rows) + 1
    known_rows: list[int] = []
    for area in analysis.areas:
        r = len(spec.rows) + 1
        rows = rows_of.get(area.omrade, [])
        q = [f"{VC['avvikelse']}{x}" for x in rows]
        v = [f"{VC['volymeffekt']}{x}" for x in rows]
        p = [f"{VC['priseffekt']}{x}" for x in rows]
        avv_row = avv_rows.get((area.omrade, "Kostnader"))
        note = ""
        if not rows:
            note = "Inga rader med styckkostnad."
        elif area.rader_utan_avvikelse:
            note = f"{area.rader_utan_avvikelse} av {len(rows)} rader saknar budget eller prognos och ingår inte."
        spec.add(
            Cell(area.omrade),
            Cell(area.avvikelse_kostnader, formula=f"={AVVIKELSE}!{COL['avvikelse']}{avv_row}" if avv_row else None, fmt="belopp"),
            Cell(area.volymdriven, formula=_sum_formula(q) if q else None, fmt="belopp"),
            Cell(area.volymeffekt, formula=_sum_formula(v) if v else None, fmt="belopp"),
            Cell(area.priseffekt, formula=_sum_formula(p) if p else None, fmt="belopp"),
            Cell(area.ovrigt, formula=f'=IF(COUNT(C{r})=0,"",B{r}-C{r})', fmt="belopp"),
            Cell(area.andel_forklarad, formula=f'=IF(OR(COUNT(C{r})=0,B{r}=0),"",C{r}/B{r})', fmt="procent"),
            Cell(note or None),
        )
        known_rows.append(r)
    last_area = len(spec.rows)
    r = len(spec.rows) + 1
    totals = analysis.totals()
    total_dev = float(sum(a.avvikelse_kostnader for a in analysis.areas))
    total_driven = totals["avvikelse"]
    span = f"{first_area}:{last_area}"
    lo, hi = span.split(":")
    spec.add(
        Cell("Totalt", bold=True),
        Cell(total_dev, formula=f"=SUM(B{lo}:B{hi})", fmt="belopp", bold=True),
        Cell(total_driven, formula=f'=IF(COUNT(C{lo}:C{hi})=0,"",SUM(C{lo}:C{hi}))', fmt="belopp", bold=True),
        Cell(totals["volymeffekt"], formula=f'=IF(COUNT(D{lo}:D{hi})=0,"",SUM(D{lo}:D{hi}))', fmt="belopp", bold=True),
        Cell(totals["priseffekt"], formula=f'=IF(COUNT(E{lo}:E{hi})=0,"",SUM(E{lo}:E{hi}))', fmt="belopp", bold=True),
        Cell(None if total_driven is None else total_dev - total_driven, formula=f'=IF(COUNT(C{r})=0,"",B{r}-C{r})', fmt="belopp", bold=True),
        Cell(None if total_driven is None or total_dev == 0 else total_driven / total_dev,
             formula=f'=IF(OR(COUNT(C{r})=0,B{r}=0),"",C{r}/B{r})', fmt="procent", bold=True),
        Cell(None),
    )
    total_row = r
    spec.negative_red.append(f"B{first_area}:F{total_row}")

    # --- the Volym method: forecast build-up per area ---------------------------------------
    spec.add()
    spec.add(Cell("Metoden Volym: kostnadsprognos från volymerna", bold=True))
    spec.add(Cell(
        "Prognos = utfall hittills − volymkostnad hittills + volymkostnad helår (prognos volym × styckkostnad) + "
        "övrig budget × andel av året kvar. Volymkostnad hittills bygger på utfall volym och utfall styckkostnad "
        f"för {period} månader, eller på prognosnivån där utfall saknas. Välj Volym i tabellen Prognos för att använda "
        "prognosen; annars visas den som förslag.", wrap=True))
    method_header = ["Verksamhetsområde", "Utfall hittills", "Volymkostnad hittills", "Volymkostnad helår",
                     "Övrig budget", "Andel av året kvar", "Övrig budget återstående", "Prognos med Volym", "Används",
                     "Anmärkning"]
    spec.add(*[Cell(h, bold=True) for h in method_header])
    for vf in analysis.forecasts:
        r = len(spec.rows) + 1
        used = vf.omrade in analysis.volym_omraden
        if vf.prognos is None:
            spec.add(Cell(vf.omrade), Cell(vf.utfall_period, fmt="belopp"), *[Cell(None)] * 6,
                     Cell("Nej" if used else None), Cell(f"Kan inte beräknas: {vf.orsak}."))
            continue
        spec.add(
            Cell(vf.omrade), Cell(vf.utfall_period, fmt="belopp"), Cell(vf.volym_hittills, fmt="belopp"),
            Cell(vf.volym_helar, fmt="belopp"), Cell(vf.ovrig_budget, fmt="belopp"),
            Cell(vf.aterstaende_andel, fmt="procent"),
            Cell(vf.ovrig_aterstaende, formula=f"=E{r}*F{r}", fmt="belopp"),
            Cell(vf.prognos, formula=f"=B{r}-C{r}+D{r}+G{r}", fmt="belopp", bold=used),
            Cell("Ja" if used else None), Cell(None),
        )
    spec.widths = {i: 13 for i in range(1, len(VOLUME_COLUMNS) + 1)}
    spec.widths.update({1: 34, 2: 44, 3: 11, 4: 30, 5: 10, 6: 8, len(VOLUME_COLUMNS): 60})
    refs = {"total_row": total_row, "rows_of": rows_of, "line_index": line_index}
    return spec, refs


# --- Prognossäkerhet -----------------------------------------------------------------------------
ACC_HEADER = ["År", "Omgång", "Verksamhetsområde", "Typ", "Prognos", "Utfall helår", "Budget", "Prognosfel",
              "Prognosfel % av budget"]


def _acc_formulas(r: int) -> tuple[str, str]:
    return (f'=IF(COUNT(E{r},F{r})<2,"",E{r}-F{r})',
            f'=IF(OR(COUNT(H{r},G{r})<2,N(G{r})=0),"",H{r}/ABS(G{r}))')


def prognossakerhet_sheet(groups: list[AccuracyGroup], report: Report) -> SheetSpec:
    spec = SheetSpec(PROGNOSSAKERHET, freeze="A5", print_title_rows="4:4", tab_color=BLUE)
    spec.add(Cell(f"Prognossäkerhet – {report.namnd}", bold=True, size=14))
    spec.add(Cell(
        f"Hur långt varje prognosomgång låg från årets utfall. Prognosfel = prognos − utfall helår ({report.enhet}, "
        "med tecken); negativt betyder att utfallet blev bättre än prognosen. Prognosfel % = prognosfel / |budget|. "
        "Utfallet visas när hela året finns i tabellen Utfall.", wrap=True))
    spec.add()
    header_row = spec.add(*[Cell(h, bold=True) for h in ACC_HEADER])
    total_rows: list[tuple[AccuracyGroup, int]] = []
    for g in groups:
        first = len(spec.rows) + 1
        for ln in g.lines:
            r = len(spec.rows) + 1
            fel_f, pct_f = _acc_formulas(r)
            spec.add(Cell(ln.row.ar, fmt="heltal"), Cell(ln.row.omgang), Cell(ln.row.omrade), Cell(ln.row.typ),
                     Cell(ln.row.prognos, fmt="belopp"), Cell(ln.utfall, fmt="belopp"), Cell(ln.budget, fmt="belopp"),
                     Cell(ln.fel, formula=fel_f, fmt="belopp"), Cell(ln.fel_procent, formula=pct_f, fmt="procent"))
        last = len(spec.rows)
        n = last - first + 1
        r = last + 1
        fel_f, pct_f = _acc_formulas(r)
        spec.add(Cell(g.ar, fmt="heltal", bold=True), Cell(g.omgang, bold=True), Cell("Totalt", bold=True),
                 Cell(g.typ, bold=True),
                 Cell(g.prognos, formula=f"=SUM(E{first}:E{last})", fmt="belopp", bold=True),
                 Cell(g.utfall, formula=f'=IF(COUNT(F{first}:F{last})<{n},"",SUM(F{first}:F{last}))', fmt="belopp", bold=True),
                 Cell(g.budget, formula=f'=IF(COUNT(G{first}:G{last})<{n},"",SUM(G{first}:G{last}))', fmt="belopp", bold=True),
                 Cell(g.fel, formula=fel_f, fmt="belopp", bold=True),
                 Cell(g.fel_procent, formula=pct_f, fmt="procent", bold=True))
        total_rows.append((g, r))
    last = len(spec.rows)
    spec.table = TableDef("Prognossakerhet", header_row, max(last, header_row + 1), len(ACC_HEADER))
    spec.negative_red.append(f"H{header_row + 1}:I{max(last, header_row + 1)}")
    spec.add()
    spec.add(Cell("Nämndens prognossäkerhet", bold=True))
    spec.add(*[Cell(h, bold=True) for h in ("År", "Omgång", "Typ", "Prognosfel", "Prognosfel % av budget",
                                           "Mål, högst", "Inom målet")])
    for g, tr in total_rows:
        r = len(spec.rows) + 1
        inom = g.inom_mal
        spec.add(Cell(g.ar, fmt="heltal"), Cell(g.omgang), Cell(g.typ),
                 Cell(g.fel, formula=f"=H{tr}", fmt="belopp"),
                 Cell(g.fel_procent, formula=f"=I{tr}", fmt="procent"),
                 Cell(g.mal, fmt="procent"),
                 Cell("" if inom is None else ("Ja" if inom else "Nej"),
                      formula=f'=IF(COUNT(E{r})=0,"",IF(ABS(E{r})<=F{r},"Ja","Nej"))'))
    spec.add()
    for g, _tr in total_rows:
        spec.add(Cell(accuracy_sentence(g, report.enhet), wrap=True))
    lean_texts = [lean_sentence(lean(groups, typ)) for typ in ("Netto", "Intäkter", "Kostnader")]
    lean_texts.append(hits_sentence(band_hits(groups)))
    if any(lean_texts):
        spec.add()
        spec.add(Cell("Lutning och intervall", bold=True))
        for text in filter(None, lean_texts):
            spec.add(Cell(text, wrap=True))
    spec.widths = {1: 8, 2: 14, 3: 36, 4: 11, 5: 14, 6: 14, 7: 14, 8: 14, 9: 14}
    return spec


def accuracy_sentence(g: AccuracyGroup, enhet: str) -> str:
    what = "Prognosen" if g.typ == "Netto" else f"Prognosen för {g.typ.lower()}"
    name = f"{g.omgang[:1].lower()}{g.omgang[1:]} {g.ar}"
    if g.fel is None:
        return f"{what} vid {name}: årets utfall finns inte än, så prognossäkerheten kan inte beräknas."
    if g.fel == 0:
        return f"{what} vid {name} träffade årsutfallet exakt."
    better = "bättre" if g.fel < 0 else "sämre"
    text = f"{what} vid {name} avvek från årsutfallet med {belopp_text(g.fel, enhet)}; utfallet blev {better} än prognosen"
    if g.fel_procent is not None:
        goal = "nåddes" if g.inom_mal else "nåddes inte"
        text += (f". Avvikelsen motsvarar {procent_text(g.fel_procent)} av budget, och målet om högst "
                 f"{format_tal(g.mal * 100, 1)} procent {goal}")
    return text + "."


# --- Diagram -------------------------------------------------------------------------------------
def diagram_sheet(report: Report, inputs: Any, avvikelse: SheetSpec,
                  analysis: VolumeAnalysis | None = None, volym_refs: dict[str, Any] | None = None) -> SheetSpec:
    """Charts for the committee paper, with the data they show beside them (mnkr)."""
    div = _mnkr_divisor(report.enhet)
    spec = SheetSpec(DIAGRAM, tab_color=BLUE)
    spec.add(Cell(f"Diagram – {report.namnd}, prognos {report.ar} efter period {report.period}", bold=True, size=14))
    spec.add(Cell("Diagrammen bygger på tabellerna till höger (mnkr). Kopiera dem till rapporten med Ctrl+C.", italic=True))
    data_col = 13  # M
    L = get_column_letter

    def put(r: int, c: int, cell: Cell) -> None:
        while len(spec.rows) < r:
            spec.rows.append([])
        line = spec.rows[r - 1]
        while len(line) < c:
            line.append(None)
        line[c - 1] = cell

    # 1. deviation per area (netto), surplus and deficit in their own colours
    r0 = 3
    put(r0, data_col, Cell("Avvikelse per verksamhetsområde, netto (mnkr)", bold=True))
    for i, h in enumerate(("Verksamhetsområde", "Överskott", "Underskott")):
        put(r0 + 1, data_col + i, Cell(h, bold=True))
    dev_col = COL["avvikelse"]
    netto_rows = {row[0].value: i for i, row in enumerate(avvikelse.rows, start=1)
                  if row and row[1] is not None and row[1].value == "Netto"}
    r = r0 + 2
    for area in report.areas:
        v = report.area_netto(area)
        dev = (v["prognos"] - v["budget"]) / div
        ref = f"{AVVIKELSE}!{dev_col}{netto_rows[area]}"
        put(r, data_col, Cell(area))
        # rounded to what the labels show, so a deviation under 0,05 mnkr is no bar and no "−0,0"
        put(r, data_col + 1, Cell(clean(avrunda(max(dev, 0.0), 1)), formula=f"=ROUND(MAX({ref},0)/{div:.0f},1)",
                                  fmt="mnkr_diagram"))
        put(r, data_col + 2, Cell(clean(avrunda(min(dev, 0.0), 1)), formula=f"=ROUND(MIN({ref},0)/{div:.0f},1)",
                                  fmt="mnkr_diagram"))
        r += 1
    first, last = r0 + 2, r - 1
    cats = f"{L(data_col)}{first}:{L(data_col)}{last}"
    spec.charts.append(ChartDef(
        "avvikelse_per_omrade", "barh", "Budgetavvikelse per verksamhetsområde", cats,
        [ChartSeries("Överskott", f"{L(data_col + 1)}{first}:{L(data_col + 1)}{last}", GREEN),
         ChartSeries("Underskott", f"{L(data_col + 2)}{first}:{L(data_col + 2)}{last}", RED)],
        anchor="A3", y_title="mnkr", stacked=True, width_cm=17, height_cm=max(7.0, 3.0 + 0.7 * len(report.areas)),
        data_labels=True))
    next_anchor = 3 + int(spec.charts[-1].height_cm / 0.53) + 2

    # 2. monthly net cost against the periodised budget
    r0 = last + 3
    year = report.ar
    put(r0, data_col, Cell("Nettokostnad per månad (mnkr)", bold=True))
    heads = ("Månad", f"Utfall {year}", f"Prognos {year}", f"Utfall {year - 1}", f"Budget {year}")
    for i, h in enumerate(heads):
        put(r0 + 1, data_col + i, Cell(h, bold=True))
    this, prev, budget = monthly_net(inputs, report)
    ahead = monthly_forecast(this, budget, report.period, report.totals()["Netto"]["prognos"])
    for m in range(12):
        rr = r0 + 2 + m
        put(rr, data_col, Cell(MONTH_HEADERS[m]))
        for j, series in enumerate((this, ahead, prev, budget), start=1):
            value = series[m]
            put(rr, data_col + j, Cell(clean(-value / div), fmt="mnkr"))
    first, last = r0 + 2, r0 + 13
    cats = f"{L(data_col)}{first}:{L(data_col)}{last}"
    colors = (BLUE, BLUE, GREY, ORANGE)
    spec.charts.append(ChartDef(
        "manad_mot_budget", "line", f"Nettokostnad per månad {year} mot periodiserad budget", cats,
        [ChartSeries(heads[j], f"{L(data_col + j)}{first}:{L(data_col + j)}{last}", colors[j - 1], dashed=j == 2)
         for j in range(1, 5)],
        anchor=f"A{next_anchor}", y_title="mnkr", width_cm=17, height_cm=7,
        y_min=line_floor([this, ahead, prev, budget], div)))
    next_anchor += 15
    spec.row_breaks.append(next_anchor - 1)  # two charts a page

    # 2b. cumulative: outcome and forecast against the periodised budget
    r0 = last + 3
    put(r0, data_col, Cell("Ackumulerad nettokostnad (mnkr)", bold=True))
    heads = ("Månad", f"Utfall {year}", f"Prognos {year}", f"Budget {year}")
    columns = list(cumulative(this, ahead, budget, report.period))
    band = for_committee(report.band("Totalt", "Netto"), report.totals()["Netto"]["prognos"])
    if band is not None:  # the 80 % interval, in net cost: the low netto is the high cost
        heads += ("Intervall 80 %, lägre kostnad", "Intervall 80 %, högre kostnad")
        high_cost, low_cost = cumulative_band(this, budget, report.period, band.low, band.high)
        columns += [low_cost, high_cost]
    for i, h in enumerate(heads):
        put(r0 + 1, data_col + i, Cell(h, bold=True))
    for m, values in enumerate(zip(*columns)):
        rr = r0 + 2 + m
        put(rr, data_col, Cell(MONTH_HEADERS[m]))
        for j, value in enumerate(values, start=1):
            put(rr, data_col + j, Cell(clean(-value / div), fmt="mnkr"))
    first, last = r0 + 2, r0 + 13
    cats = f"{L(data_col)}{first}:{L(data_col)}{last}"
    styles = (BLUE, False), (BLUE, True), (ORANGE, False), (GREY, True), (GREY, True)
    spec.charts.append(ChartDef(
        "ackumulerat_mot_budget", "line", f"Ackumulerad nettokostnad {year}: utfall och prognos mot budget", cats,
        [ChartSeries(heads[j], f"{L(data_col + j)}{first}:{L(data_col + j)}{last}", styles[j - 1][0],
                     dashed=styles[j - 1][1]) for j in range(1, len(heads))],
        anchor=f"A{next_anchor}", y_title="mnkr", width_cm=17, height_cm=7))
    next_anchor += 15

    # 3. the volume/price bridge (committee, volume-driven costs)
    if analysis is not None and volym_refs is not None and analysis.totals()["avvikelse"] is not None:
        r0 = last + 3
        put(r0, data_col, Cell("Volym- och prisbrygga, volymdrivna kostnader (mnkr)", bold=True))
        for i, h in enumerate(("Steg", "Bas", "Budget och prognos", "Högre kostnad", "Lägre kostnad")):
            put(r0 + 1, data_col + i, Cell(h, bold=True))
        totals = analysis.totals()
        rows = [x for x, i in volym_refs["line_index"].items() if analysis.lines[i].exact_split is not None
                and analysis.lines[i].top_level]
        budget_cells = ",".join(f"{VOLYMANALYS}!{VC['budget_kostnad']}{x}" for x in rows)
        prognos_cells = ",".join(f"{VOLYMANALYS}!{VC['prognos_kostnad']}{x}" for x in rows)
        tr = volym_refs["total_row"]
        veff, peff = f"{VOLYMANALYS}!D{tr}/{div:.0f}", f"{VOLYMANALYS}!E{tr}/{div:.0f}"  # signed, surplus +
        b = -totals["budget"] / div
        dv = -totals["volymeffekt"] / div
        dp = -totals["priseffekt"] / div
        p = -totals["prognos"] / div
        s0, s1, s2, s3 = (r0 + 2 + i for i in range(4))
        B, C, D, E, F = (L(data_col + i) for i in range(5))
        after_volume = f"({D}{s0}-{veff})"
        steps = [
            (s0, "Budget", 0.0, None, b, f"=-SUM({budget_cells})/{div:.0f}", 0.0, None, 0.0, None),
            (s1, "Volymeffekt", min(b, b + dv), f"=MIN({D}{s0},{after_volume})", 0.0, None,
             max(dv, 0.0), f"=MAX(-{veff},0)", max(-dv, 0.0), f"=MAX({veff},0)"),
            (s2, "Priseffekt", min(b + dv, b + dv + dp), f"=MIN({after_volume},{after_volume}-{peff})", 0.0, None,
             max(dp, 0.0), f"=MAX(-{peff},0)", max(-dp, 0.0), f"=MAX({peff},0)"),
            (s3, "Prognos", 0.0, None, p, f"=-SUM({prognos_cells})/{div:.0f}", 0.0, None, 0.0, None),
        ]
        low, high = bridge_scale([b, b + dv, p], [dv, dp])
        for rr, label, base, base_f, tot, tot_f, up, up_f, down, down_f in steps:
            put(rr, data_col, Cell(label))
            for j, (value, formula) in enumerate(((base, base_f), (tot, tot_f), (up, up_f), (down, down_f)), start=1):
                put(rr, data_col + j, Cell(clean(value), formula=formula, fmt="mnkr_diagram"))
        cats = f"{B}{s0}:{B}{s3}"
        spec.charts.append(ChartDef(
            "volym_prisbrygga", "bar", "Volym- och prisbrygga för volymdrivna kostnader", cats,
            [ChartSeries("Bas", f"{C}{s0}:{C}{s3}", invisible=True),
             ChartSeries("Budget och prognos", f"{D}{s0}:{D}{s3}", BLUE),
             ChartSeries("Högre kostnad", f"{E}{s0}:{E}{s3}", RED, label_sign="+"),
             ChartSeries("Lägre kostnad", f"{F}{s0}:{F}{s3}", GREEN, label_sign="\u2212")],
            anchor=f"A{next_anchor}", y_title="mnkr", stacked=True, width_cm=17, height_cm=7,
            data_labels=True, y_min=low, y_max=high))
        next_anchor += 15
    spec.widths = {data_col: 34, data_col + 1: 13, data_col + 2: 13, data_col + 3: 13, data_col + 4: 13}
    # Printed: the charts (A:K) on A4 portrait, the data beside them stays on screen.
    spec.landscape = False
    spec.print_areas = [f"A1:K{next_anchor}"]
    return spec


def monthly_net(inputs: Any, report: Report) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly net outcome this year (NaN after the period), last year, and the periodised budget."""
    year, period = report.ar, report.period
    utfall = inputs.utfall

    def months(y: int) -> np.ndarray:
        part = utfall[utfall["ar"] == y]
        out = np.full(12, np.nan)
        if part.empty:
            return out
        sums = part.groupby("manad")["belopp"].sum()
        for m, v in sums.items():
            out[int(m) - 1] = float(v)
        return out

    this = months(year)
    this[period:] = np.nan
    prev = months(year - 1)
    budget = inputs.budget
    if inputs.periodised:
        plan = np.array([float(budget[f"m{i}"].sum()) for i in range(1, 13)])
    else:
        plan = np.full(12, float(budget["budget"].sum()) / 12)
    return this, prev, plan


def derived_sheets(inputs: Any, report: Report, avvikelse: SheetSpec) -> list[SheetSpec]:
    """Volymanalys (with a Volymer table), Prognossäkerhet (with a Prognoshistorik table), Diagram."""
    sheets: list[SheetSpec] = []
    analysis, refs = None, None
    if getattr(inputs, "volymer", None):
        analysis = report.volume_analysis or analysera(inputs.volymer, report)
        volymanalys, refs = volymanalys_sheet(analysis, report, avvikelse)
        sheets.append(volymanalys)
    if getattr(inputs, "prognoshistorik", None):
        groups = prognossakerhet(inputs.prognoshistorik, inputs.utfall, inputs.budget, report.ar, report.period,
                                 inputs.mal_prognossakerhet)
        sheets.append(prognossakerhet_sheet(groups, report))
    sheets.append(diagram_sheet(report, inputs, avvikelse, analysis, refs))
    return sheets
