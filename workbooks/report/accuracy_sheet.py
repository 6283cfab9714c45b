"""The Prognossäkerhet sheet: how far each forecast round of Prognoshistorik was from the year's
outcome, per area and for the committee, against the accuracy goal, with the lean of the
forecasts and how often the outcome fell inside the band. Backend-neutral ``SheetSpec``; the
errors are live formulas, each carrying the engine's value."""

from __future__ import annotations

from udfs.forecasting.accuracy import AccuracyGroup
from udfs.forecasting.bias import band_hits, hits_sentence, lean, lean_sentence
from udfs.forecasting.engine import Report
from udfs.forecasting.sentences import belopp_text, procent_text
from udfs.language.rounding import format_tal
from udfs.language.sheet_names import PROGNOSSAKERHET
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, SheetSpec, TableDef

BLUE = palette.DARK_BLUE
ACC_HEADER = [
    "År",
    "Omgång",
    "Verksamhetsområde",
    "Typ",
    "Prognos",
    "Utfall helår",
    "Budget",
    "Prognosfel",
    "Prognosfel % av budget",
]


def _acc_formulas(r: int) -> tuple[str, str]:
    return (f'=IF(COUNT(E{r},F{r})<2,"",E{r}-F{r})', f'=IF(OR(COUNT(H{r},G{r})<2,N(G{r})=0),"",H{r}/ABS(G{r}))')


def prognossakerhet_sheet(groups: list[AccuracyGroup], report: Report) -> SheetSpec:
    spec = SheetSpec(PROGNOSSAKERHET, freeze="A5", print_title_rows="4:4", tab_color=BLUE)
    spec.add(Cell(f"Prognossäkerhet – {report.namnd}", bold=True, size=14))
    spec.add(
        Cell(
            "Hur långt varje prognosomgång låg från årets utfall. Prognosfel = prognos − utfall helår "
            f"({report.enhet}, "
            "med tecken); negativt betyder att utfallet blev bättre än prognosen. Prognosfel % = prognosfel "
            "/ |budget|. "
            "Utfallet visas när hela året finns i tabellen Utfall.",
            wrap=True,
        )
    )
    spec.add()
    header_row = spec.add(*[Cell(h, bold=True) for h in ACC_HEADER])
    total_rows = [(g, _group_rows(spec, g)) for g in groups]
    last = len(spec.rows)
    spec.table = TableDef("Prognossakerhet", header_row, max(last, header_row + 1), len(ACC_HEADER))
    spec.negative_red.append(f"H{header_row + 1}:I{max(last, header_row + 1)}")
    _committee_table(spec, total_rows)
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


def _group_rows(spec: SheetSpec, g: AccuracyGroup) -> int:
    """One round's lines and their total; the total's row number."""
    first = len(spec.rows) + 1
    for ln in g.lines:
        r = len(spec.rows) + 1
        fel_f, pct_f = _acc_formulas(r)
        spec.add(
            Cell(ln.row.ar, fmt="heltal"),
            Cell(ln.row.omgang),
            Cell(ln.row.omrade),
            Cell(ln.row.typ),
            Cell(ln.row.prognos, fmt="belopp"),
            Cell(ln.utfall, fmt="belopp"),
            Cell(ln.budget, fmt="belopp"),
            Cell(ln.fel, formula=fel_f, fmt="belopp"),
            Cell(ln.fel_procent, formula=pct_f, fmt="procent"),
        )
    last = len(spec.rows)
    n = last - first + 1
    r = last + 1
    fel_f, pct_f = _acc_formulas(r)
    spec.add(
        Cell(g.ar, fmt="heltal", bold=True),
        Cell(g.omgang, bold=True),
        Cell("Totalt", bold=True),
        Cell(g.typ, bold=True),
        Cell(g.prognos, formula=f"=SUM(E{first}:E{last})", fmt="belopp", bold=True),
        Cell(g.utfall, formula=f'=IF(COUNT(F{first}:F{last})<{n},"",SUM(F{first}:F{last}))', fmt="belopp", bold=True),
        Cell(g.budget, formula=f'=IF(COUNT(G{first}:G{last})<{n},"",SUM(G{first}:G{last}))', fmt="belopp", bold=True),
        Cell(g.fel, formula=fel_f, fmt="belopp", bold=True),
        Cell(g.fel_procent, formula=pct_f, fmt="procent", bold=True),
    )
    return r


def _committee_table(spec: SheetSpec, total_rows: list[tuple[AccuracyGroup, int]]) -> None:
    """Nämndens prognossäkerhet: each round's total against the goal, following the table's totals."""
    spec.add()
    spec.add(Cell("Nämndens prognossäkerhet", bold=True))
    spec.add(
        *[
            Cell(h, bold=True)
            for h in ("År", "Omgång", "Typ", "Prognosfel", "Prognosfel % av budget", "Mål, högst", "Inom målet")
        ]
    )
    for g, tr in total_rows:
        r = len(spec.rows) + 1
        inom = g.within_goal
        spec.add(
            Cell(g.ar, fmt="heltal"),
            Cell(g.omgang),
            Cell(g.typ),
            Cell(g.fel, formula=f"=H{tr}", fmt="belopp"),
            Cell(g.fel_procent, formula=f"=I{tr}", fmt="procent"),
            Cell(g.mal, fmt="procent"),
            Cell(
                "" if inom is None else ("Ja" if inom else "Nej"),
                formula=f'=IF(COUNT(E{r})=0,"",IF(ABS(E{r})<=F{r},"Ja","Nej"))',
            ),
        )


def accuracy_sentence(g: AccuracyGroup, enhet: str) -> str:
    what = "Prognosen" if g.typ == "Netto" else f"Prognosen för {g.typ.lower()}"
    name = f"{g.omgang[:1].lower()}{g.omgang[1:]} {g.ar}"
    if g.fel is None:
        return f"{what} vid {name}: årets utfall finns inte än, så prognossäkerheten kan inte beräknas."
    if g.fel == 0:
        return f"{what} vid {name} träffade årsutfallet exakt."
    better = "bättre" if g.fel < 0 else "sämre"
    text = (
        f"{what} vid {name} avvek från årsutfallet med {belopp_text(g.fel, enhet)}; utfallet blev {better} än prognosen"
    )
    if g.fel_procent is not None:
        goal = "nåddes" if g.within_goal else "nåddes inte"
        text += (
            f". Avvikelsen motsvarar {procent_text(g.fel_procent)} av budget, och målet om högst "
            f"{format_tal(g.mal * 100, 1)} procent {goal}"
        )
    return text + "."
