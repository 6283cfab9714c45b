"""The Metodval sheet: the evidence behind each automatic forecast and its 80 % interval.

A table of every method per area and type (this year's forecast, its error in each earlier
year at the same month, the mean error, which was chosen and why), the intervals of every
row with how they held in the history, the grant revenue counted as known, and what each
method does. Values only: the evidence is the engine's (``udfs.forecasting.evidence``).
"""

from __future__ import annotations

from udfs.forecasting import candidates as cand
from udfs.forecasting.band_texts import position
from udfs.forecasting.engine import Report
from udfs.forecasting.intervals import LEVEL, MIN_ERRORS
from udfs.language.sheet_names import METODVAL
from udfs.language.vocabulary import MONTH_NAMES, TYPER
from workbooks.books.sheet_spec import Cell, SheetSpec, TableDef
from workbooks.report.print_setup import text_height

TEXT_WIDTH = "A{r}:L{r}"


def _years(report: Report) -> list[int]:
    if report.auto is None:
        return []
    return list(range(report.auto.first_year, report.ar))


def _text(spec: SheetSpec, text: str, bold: bool = False, lines: int = 1) -> None:
    r = spec.add(Cell(text, wrap=True, bold=bold))
    spec.merges.append(TEXT_WIDTH.format(r=r))
    spec.row_heights[r] = 15 * lines + 2


def metodval_sheet(report: Report) -> SheetSpec:
    month = MONTH_NAMES[report.period - 1]
    spec = SheetSpec(METODVAL, freeze="A5", print_title_rows="4:4")
    spec.add(Cell(f"Metodval – {report.namnd}, prognos {report.ar} efter {month}", bold=True, size=14))
    _text(
        spec,
        (
            "Varje metod har fått prognostisera helåret för de tidigare år som historiken räcker till, med "
            "utfallet till och "
            f"med {month} det året: samma läge som nu, med {12 - report.period} månader kvar. Fel = metodens "
            "prognos − årets "
            "utfall (negativt: prognosen var lägre än utfallet). Den automatiska prognosen använder metoden med minst "
            "medelfel; vid lika fel den som står först. En ifylld Manuell prognos eller en Metod i tabellen "
            "Prognos går "
            "alltid före."
        ),
        lines=3,
    )
    spec.add()
    years = _years(report)
    headers = (
        ["Verksamhetsområde", "Typ", "Metod", f"Prognos helår {report.ar}", "Testade år"]
        + [f"Fel {y}" for y in years]
        + ["Medelfel", "Medelfel %", "Vald", "Förklaring"]
    )
    header_row = spec.add(*[Cell(h, bold=True, wrap=True) for h in headers])
    for e in report.evidence:
        cells = [
            Cell(e.omrade),
            Cell(e.typ),
            Cell(e.metod),
            Cell(e.prognos, fmt="belopp"),
            Cell(e.years_tested if e.metod not in ("Manuell", "Volym") else None, fmt="heltal"),
            *[Cell(e.per_ar.get(y), fmt="belopp") for y in years],
            Cell(e.fel, fmt="belopp"),
            Cell(e.fel_procent, fmt="procent"),
            Cell("Ja" if e.vald else ""),
            Cell(e.skal),
        ]
        for cell in cells:  # wrapped cells sit at the top of a tall row: the whole row does, so it reads as one
            cell.wrap = True
        spec.add(*cells)
    spec.table = TableDef(METODVAL, header_row, max(len(spec.rows), header_row + 1), len(headers))
    last_col = len(headers)
    spec.widths = {1: 34, 2: 11, 3: 22, 4: 15, 5: 9, **{6 + k: 13 for k in range(len(years))}}
    spec.widths.update({last_col - 3: 13, last_col - 2: 11, last_col - 1: 6, last_col: 60})
    spec.row_heights[header_row] = 32
    for r in range(header_row + 1, len(spec.rows) + 1):  # the explanation wraps: tall enough for its lines
        text = spec.rows[r - 1][-1].value
        if text:
            spec.row_heights[r] = max(15.0, text_height(text, spec.widths[last_col]))
    _band_block(spec, report)
    _known_block(spec, report)
    _methods_block(spec)
    return spec


def _band_block(spec: SheetSpec, report: Report) -> None:
    spec.add()
    spec.add(Cell(f"Prognosintervall ({int(LEVEL * 100)} %)", bold=True))
    _text(
        spec,
        (
            "Intervallet bygger på hur den automatiska prognosen träffade tidigare år vid samma månad (och två månader "
            "före och efter): felen, i andel av de tolv senaste månadernas utfall, sorteras och intervallet "
            "skiljer bort "
            "de 10 % största felen åt vardera hållet (split-conformal, empiriska kvantiler med en marginal "
            "för få fel), "
            f"så att 80 % av utfallen ska hamna inom det. Det kräver minst {MIN_ERRORS} sådana prognosfel. "
            "Träffade i efterhand: hur många av "
            "de tidigare årens utfall som hamnade inom ett intervall byggt utan det året; träffar för få visas inget "
            "intervall."
        ),
        lines=4,
    )
    heads = [
        "Verksamhetsområde",
        "Typ",
        "Prognos",
        "Automatisk prognos",
        "Prognos låg",
        "Prognos hög",
        "Prognosfel i underlaget",
        "Träffade i efterhand",
        "Prognosen i intervallet",
        "Förklaring",
    ]
    spec.add(*[Cell(h, bold=True, wrap=True) for h in heads])
    rows = [(a, t) for a in report.areas for t in (*TYPER, "Netto")] + [("Totalt", t) for t in (*TYPER, "Netto")]
    totals = report.totals()
    for area, typ in rows:
        band = report.band(area, typ)
        if band is None:
            continue
        value = (
            totals[typ]
            if area == "Totalt"
            else report.area_netto(area)
            if typ == "Netto"
            else report.line(area, typ).values()
        )["prognos"]
        hits = f"{band.inside} av {band.checked}" if band.checked else None
        spec.add(
            Cell(area, bold=area == "Totalt"),
            Cell(typ),
            Cell(value, fmt="belopp"),
            Cell(band.center, fmt="belopp"),
            Cell(band.low, fmt="belopp"),
            Cell(band.high, fmt="belopp"),
            Cell(band.errors, fmt="heltal"),
            Cell(hits),
            Cell(position(value, band)),
            Cell(band.reason or None, wrap=True),
        )


def _known_block(spec: SheetSpec, report: Report) -> None:
    if report.auto is None:
        return
    known = report.auto.known
    spec.add()
    spec.add(Cell("Kända intäkter i prognosen", bold=True))
    keys = [(a, t) for a in report.areas for t in TYPER]
    if not known.notes and not known.left_out:
        _text(
            spec,
            "Inga bidrag i Statsbidrag (med verksamhetsområde och period) eller Bidragsintäkter (med Utfall "
            "period) är kända för året: alla intäkter skrivs fram med metoderna.",
            lines=2,
        )
        return
    _text(
        spec,
        "Bidrag som är kända räknas in med sitt belopp för året i stället för att skrivas fram från det som "
        "kommit hittills; metoderna skriver bara fram resten av intäkterna (Budgetprofil och Budgettakt utgår "
        "från budgeten, som redan rymmer bidragen).",
        lines=2,
    )
    for i in sorted(set(known.notes) | set(known.left_out)):
        area, typ = keys[i]
        for note in known.notes.get(i, []):
            spec.add(Cell(area), Cell(typ), Cell(f"Räknas in: {note}."))
        for note in known.left_out.get(i, []):
            spec.add(Cell(area), Cell(typ), Cell(f"{note}."))


def _methods_block(spec: SheetSpec) -> None:
    spec.add()
    spec.add(Cell("Metoderna", bold=True))
    for method in cand.METHODS:
        spec.add(Cell(method.name), Cell(None), Cell(method.explained))
    spec.add(Cell("Volym"), Cell(None), Cell("prognos volym × styckkostnad (se Volymanalys); kan inte testas bakåt"))
    spec.add(Cell("Manuell"), Cell(None), Cell("ekonomens egen prognos i tabellen Prognos; går alltid före"))


__all__ = ["metodval_sheet"]
