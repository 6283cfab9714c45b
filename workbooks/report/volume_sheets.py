"""Derived sheets for volumes and forecast accuracy: Volymanalys, and the list of volume and
accuracy sheets a refresh writes (Prognossäkerhet is ``accuracy_sheet.py``, the Diagram sheet
``charts/diagram_sheet.py``). Backend-neutral ``SheetSpec``s; derived columns are live formulas,
each carrying the engine's value."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from openpyxl.utils import get_column_letter

from udfs.forecasting.accuracy import prognossakerhet
from udfs.forecasting.engine import Report
from udfs.language.sheet_names import VOLYMANALYS
from udfs.volume.calculation import FLOW, INDICATOR, MONEY, VolumeAnalysis, VolumeLine, analyse_volumes
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, SheetSpec, TableDef
from workbooks.report.accuracy_sheet import prognossakerhet_sheet
from workbooks.report.charts.diagram_sheet import diagram_sheet
from workbooks.report.forecast_sheets import AVVIKELSE, COL

BLUE = palette.DARK_BLUE

# Volymanalys main table: (header, key)
VOLUME_COLUMNS = [
    ("Verksamhetsområde", "omrade"),
    ("Volymmått", "matt"),
    ("Enhet", "enhet"),
    ("Del av", "del_av"),
    ("Styckkostnad per", "per"),
    ("Styckkostnad i", "kostnad_i"),
    ("Volym fg år", "fg_volym"),
    ("Budget volym", "budget_volym"),
    ("Utfall volym", "utfall_volym"),
    ("Prognos volym", "prognos_volym"),
    ("Budget styckkostnad", "budget_styck"),
    ("Utfall styckkostnad", "utfall_styck"),
    ("Prognos styckkostnad", "prognos_styck"),
    ("Kostnad budget", "budget_kostnad"),
    ("Kostnad utfall helårstakt", "utfall_kostnad"),
    ("Kostnad prognos", "prognos_kostnad"),
    ("Avvikelse", "avvikelse"),
    ("Volymeffekt", "volymeffekt"),
    ("Priseffekt", "priseffekt"),
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


def _volume_row(r: int, ln: VolumeLine, enhet: str, period: int) -> list[Cell]:
    row = ln.row
    c = {k: f"{VC[k]}{r}" for _h, k in VOLUME_COLUMNS}
    money = Fraction(MONEY[row.kostnad_i], MONEY[enhet])
    f = _factor_text(row.manader, money)
    f_utfall = _factor_text(row.manader, money, period) if row.kind == FLOW else f
    volume_fmt = "procent" if row.enhet == "procent" else None
    cells = {
        "omrade": Cell(row.omrade),
        "matt": Cell(row.matt),
        "enhet": Cell(row.enhet),
        "del_av": Cell(row.del_av),
        "per": Cell(None if row.kind == INDICATOR else ("kostnad per enhet" if row.kind == FLOW else row.per)),
        "kostnad_i": Cell(None if row.kind == INDICATOR else row.kostnad_i),
        "fg_volym": Cell(row.fg_volym, fmt=volume_fmt),
        "budget_volym": Cell(row.budget_volym, fmt=volume_fmt),
        "utfall_volym": Cell(row.utfall_volym, fmt=volume_fmt),
        "prognos_volym": Cell(row.prognos_volym, fmt=volume_fmt),
        "budget_styck": Cell(row.budget_styck, fmt="belopp"),
        "utfall_styck": Cell(row.utfall_styck, fmt="belopp"),
        "prognos_styck": Cell(
            row.prognos_styck_eff,
            formula=f"={c['budget_styck']}" if row.prognos_styck_antagen else None,
            fmt="belopp",
            italic=row.prognos_styck_antagen,
        ),
        "anmarkning": Cell(ln.anmarkning or None),
    }
    if row.kind == INDICATOR:
        for key in ("budget_kostnad", "utfall_kostnad", "prognos_kostnad", "avvikelse", "volymeffekt", "priseffekt"):
            cells[key] = Cell(None)
    else:
        both = f"COUNT({c['budget_kostnad']},{c['prognos_kostnad']})<2"
        cells.update(
            {
                "budget_kostnad": Cell(
                    ln.budget_kostnad,
                    fmt="belopp",
                    formula=(
                        f'=IF(COUNT({c["budget_volym"]},{c["budget_styck"]})<2,"",-{c["budget_volym"]}*{c["budget_styck"]}{f})'
                    ),
                ),
                "utfall_kostnad": Cell(
                    ln.utfall_kostnad,
                    fmt="belopp",
                    formula=(
                        f'=IF(COUNT({c["utfall_volym"]},{c["utfall_styck"]})<2,"",-{c["utfall_volym"]}*{c["utfall_styck"]}{f_utfall})'
                    ),
                ),
                "prognos_kostnad": Cell(
                    ln.prognos_kostnad,
                    fmt="belopp",
                    formula=(
                        f'=IF(COUNT({c["prognos_volym"]},{c["prognos_styck"]})<2,"",-{c["prognos_volym"]}*{c["prognos_styck"]}{f})'
                    ),
                ),
                "avvikelse": Cell(
                    ln.avvikelse, fmt="belopp", formula=f'=IF({both},"",{c["prognos_kostnad"]}-{c["budget_kostnad"]})'
                ),
                "volymeffekt": Cell(
                    ln.volymeffekt,
                    fmt="belopp",
                    formula=(f'=IF({both},"",-({c["prognos_volym"]}-{c["budget_volym"]})*{c["budget_styck"]}{f})'),
                ),
                "priseffekt": Cell(
                    ln.priseffekt,
                    fmt="belopp",
                    formula=(f'=IF({both},"",-({c["prognos_styck"]}-{c["budget_styck"]})*{c["prognos_volym"]}{f})'),
                ),
            }
        )
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


def volymanalys_sheet(
    analysis: VolumeAnalysis, report: Report, avvikelse: SheetSpec
) -> tuple[SheetSpec, dict[str, Any]]:
    """The Volymanalys sheet. Returns the spec and the cells of the committee totals, for charts."""
    enhet = analysis.enhet
    spec = SheetSpec(VOLYMANALYS, freeze="C5", print_title_rows="4:4", tab_color=BLUE)
    spec.add(Cell(f"Volymanalys – {report.namnd}", bold=True, size=14))
    spec.add(
        Cell(
            "Kostnad = volym × styckkostnad (× 12 när styckkostnaden gäller per månad), för helår, i "
            f"{enhet} med tecken "
            "(kostnad −). Avvikelse = kostnad prognos − kostnad budget = volymeffekt + priseffekt, där volymeffekt = "
            "(prognos volym − budget volym) × budget styckkostnad och priseffekt = (prognos styckkostnad − budget "
            "styckkostnad) × prognos volym, med tecken: positivt är ett överskott. Tomma celler är värden som inte är "
            "kända än (platshållare), aldrig noll. Delrader (Del av) räknas inte två gånger.",
            wrap=True,
        )
    )
    spec.add()
    rows_of, line_index = _line_table(spec, analysis, report)
    total_row = _area_table(spec, analysis, avvikelse, rows_of)
    _method_table(spec, analysis)
    spec.widths = {i: 13 for i in range(1, len(VOLUME_COLUMNS) + 1)}
    spec.widths.update({1: 34, 2: 44, 3: 11, 4: 30, 5: 10, 6: 8, len(VOLUME_COLUMNS): 60})
    refs = {"total_row": total_row, "rows_of": rows_of, "line_index": line_index, "columns": VC}
    return spec, refs


def _line_table(
    spec: SheetSpec, analysis: VolumeAnalysis, report: Report
) -> tuple[dict[str, list[int]], dict[int, int]]:
    """The main table, one row per volume line. Returns the cost rows per area and each row's line."""
    enhet, period = analysis.enhet, analysis.period
    header_row = spec.add(
        *[Cell(f"Volym {report.ar - 1}" if k == "fg_volym" else h, bold=True) for h, k in VOLUME_COLUMNS]
    )
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
    return rows_of, line_index


def _area_table(spec: SheetSpec, analysis: VolumeAnalysis, avvikelse: SheetSpec, rows_of: dict[str, list[int]]) -> int:
    """Per area: how much of the deviation the volumes explain. Returns the total's row."""
    spec.add()
    spec.add(Cell("Per verksamhetsområde: hur mycket av kostnadsavvikelsen volymerna förklarar", bold=True))
    area_header = [
        "Verksamhetsområde",
        "Avvikelse kostnader",
        "Volymdriven avvikelse",
        "Volymeffekt",
        "Priseffekt",
        "Övrigt",
        "Andel förklarad av volymer",
        "Anmärkning",
    ]
    spec.add(*[Cell(h, bold=True) for h in area_header])
    avv_rows = {
        (row[0].value, row[1].value): i for i, row in enumerate(avvikelse.rows, start=1) if row and row[0] is not None
    }
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
        elif area.rows_without_deviation:
            note = f"{area.rows_without_deviation} av {len(rows)} rader saknar budget eller prognos och ingår inte."
        spec.add(
            Cell(area.omrade),
            Cell(
                area.avvikelse_kostnader,
                formula=f"={AVVIKELSE}!{COL['avvikelse']}{avv_row}" if avv_row else None,
                fmt="belopp",
            ),
            Cell(area.volymdriven, formula=_sum_formula(q) if q else None, fmt="belopp"),
            Cell(area.volymeffekt, formula=_sum_formula(v) if v else None, fmt="belopp"),
            Cell(area.priseffekt, formula=_sum_formula(p) if p else None, fmt="belopp"),
            Cell(area.ovrigt, formula=f'=IF(COUNT(C{r})=0,"",B{r}-C{r})', fmt="belopp"),
            Cell(area.andel_forklarad, formula=f'=IF(OR(COUNT(C{r})=0,B{r}=0),"",C{r}/B{r})', fmt="procent"),
            Cell(note or None),
        )
        known_rows.append(r)
    return _area_total(spec, analysis, first_area)


def _area_total(spec: SheetSpec, analysis: VolumeAnalysis, first_area: int) -> int:
    """The per-area table's Totalt row; returns its row."""
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
        Cell(
            None if total_driven is None else total_dev - total_driven,
            formula=f'=IF(COUNT(C{r})=0,"",B{r}-C{r})',
            fmt="belopp",
            bold=True,
        ),
        Cell(
            None if total_driven is None or total_dev == 0 else total_driven / total_dev,
            formula=f'=IF(OR(COUNT(C{r})=0,B{r}=0),"",C{r}/B{r})',
            fmt="procent",
            bold=True,
        ),
        Cell(None),
    )
    total_row = r
    spec.negative_red.append(f"B{first_area}:F{total_row}")
    return total_row


def _method_table(spec: SheetSpec, analysis: VolumeAnalysis) -> None:
    """The Volym method: the forecast build-up per area."""
    period = analysis.period
    spec.add()
    spec.add(Cell("Metoden Volym: kostnadsprognos från volymerna", bold=True))
    spec.add(
        Cell(
            "Prognos = utfall hittills − volymkostnad hittills + volymkostnad helår (prognos volym × styckkostnad) + "
            "övrig budget × andel av året kvar. Volymkostnad hittills bygger på utfall volym och utfall styckkostnad "
            f"för {period} månader, eller på prognosnivån där utfall saknas. Välj Volym i tabellen Prognos "
            "för att använda "
            "prognosen; annars visas den som förslag.",
            wrap=True,
        )
    )
    method_header = [
        "Verksamhetsområde",
        "Utfall hittills",
        "Volymkostnad hittills",
        "Volymkostnad helår",
        "Övrig budget",
        "Andel av året kvar",
        "Övrig budget återstående",
        "Prognos med Volym",
        "Används",
        "Anmärkning",
    ]
    spec.add(*[Cell(h, bold=True) for h in method_header])
    for vf in analysis.forecasts:
        r = len(spec.rows) + 1
        used = vf.omrade in analysis.volym_omraden
        if vf.prognos is None:
            spec.add(
                Cell(vf.omrade),
                Cell(vf.utfall_period, fmt="belopp"),
                *[Cell(None)] * 6,
                Cell("Nej" if used else None),
                Cell(f"Kan inte beräknas: {vf.orsak}."),
            )
            continue
        spec.add(
            Cell(vf.omrade),
            Cell(vf.utfall_period, fmt="belopp"),
            Cell(vf.volym_hittills, fmt="belopp"),
            Cell(vf.volym_helar, fmt="belopp"),
            Cell(vf.ovrig_budget, fmt="belopp"),
            Cell(vf.aterstaende_andel, fmt="procent"),
            Cell(vf.ovrig_aterstaende, formula=f"=E{r}*F{r}", fmt="belopp"),
            Cell(vf.prognos, formula=f"=B{r}-C{r}+D{r}+G{r}", fmt="belopp", bold=used),
            Cell("Ja" if used else None),
            Cell(None),
        )


def derived_sheets(inputs: Any, report: Report, avvikelse: SheetSpec) -> list[SheetSpec]:
    """Volymanalys (with a Volymer table), Prognossäkerhet (with a Prognoshistorik table), Diagram."""
    sheets: list[SheetSpec] = []
    analysis, refs = None, None
    if getattr(inputs, "volymer", None):
        analysis = report.volume_analysis or analyse_volumes(inputs.volymer, report)
        volymanalys, refs = volymanalys_sheet(analysis, report, avvikelse)
        sheets.append(volymanalys)
    if getattr(inputs, "prognoshistorik", None):
        groups = prognossakerhet(
            inputs.prognoshistorik, inputs.utfall, inputs.budget, report.ar, report.period, inputs.mal_prognossakerhet
        )
        sheets.append(prognossakerhet_sheet(groups, report))
    sheets.append(diagram_sheet(report, inputs, avvikelse, analysis, refs))
    return sheets
