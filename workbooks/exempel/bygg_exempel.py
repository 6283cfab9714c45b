"""Build the bundled example workbook ``botkyrka_sn_2023_delar1.xlsx``.

Source: Botkyrka kommun, socialnämnden, delårsrapport 1 2023 (SN/2023:00129), as tidy CSV in
``shared/data``. The paper only prints January-April and full-year outcome, so the monthly
``Utfall`` rows are synthesised with a fixed seasonal profile (largest-remainder rounding on
integers) such that every published total is reproduced exactly.

Usage::

    python workbooks/exempel/bygg_exempel.py [--data DIR] [--ut FIL]

The output is deterministic down to the bytes (fixed document dates and zip timestamps), so
rebuilding gives no diff in git.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook

from workbooks.exempel import botkyrka_texter
from workbooks.exempel.botkyrka_avsnitt import (
    FMT_PCT,
    FMT_TKR,
    VOLYMRUBRIKER,
    bidragsintakter_rows,
    investeringar_rows,
    kostnadsslag_rows,
    orsaker_rows,
    volymer_rows,
)
from workbooks.exempel.common import build, finish, read_csv, write_table, write_text_sheet
from workbooks.exempel.common import main as run_main

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DEFAULT_UT = HERE / "botkyrka_sn_2023_delar1.xlsx"

DRIFT_CSV = "botkyrka_sn_2023_delar1_drift_tkr.csv"
FORANDRING_CSV = "botkyrka_sn_2023_prognosforandring_tkr.csv"

# Seasonal profile for social services, Jan..Dec, in hundredths so the arithmetic is exact:
# 1.00, 0.95, 1.02, 0.98, 1.00, 1.03, 0.80, 0.92, 1.02, 1.03, 1.00, 1.25.
SEASONAL_WEIGHTS: tuple[int, ...] = (100, 95, 102, 98, 100, 103, 80, 92, 102, 103, 100, 125)

TYPER = ("Intäkter", "Kostnader")
TOTAL = "Totalt"

# Names in the forecast-change table -> names in the operating-statement table.
NAMN_FORANDRING_TILL_DRIFT = {
    "Ledning och administration": "Gemensam verksamhet",
    "Vuxna, med psykisk funktionsnedsättning": "Vuxna, psykisk funktionsnedsättning",
}

# Short comments, true to the paper's text (SN/2023:00129).
KOMMENTARER = {
    ("Ekonomiskt bistånd", "Kostnader"): ("Färre hushåll med försörjningsstöd än budgeterat (843 mot 965 per månad)."),
    ("Flyktingmottagande", "Intäkter"): (
        "Prognostiserad ersättning från Migrationsverket, 14,7 mnkr (främst ensamkommande barn och unga)."
    ),
}

FIXED_DATE = _dt.datetime(2023, 5, 10, 0, 0, 0)  # date of the tjänsteskrivelse

FMT_INT = "0"


# --------------------------------------------------------------------------------------------
# Synthesising monthly outcome
# --------------------------------------------------------------------------------------------
def distribute(total: int, weights: Sequence[int]) -> list[int]:
    """Split an integer ``total`` over ``weights`` with the largest-remainder method.

    The parts sum exactly to ``total`` and all have its sign (or are 0). Ties in the
    remainder go to the earlier position, so the result is deterministic.
    """
    total = int(total)
    if total == 0:
        return [0] * len(weights)
    if not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    sign = 1 if total > 0 else -1
    amount = abs(total)
    wsum = sum(weights)
    floors = [amount * w // wsum for w in weights]
    remainders = [amount * w % wsum for w in weights]
    left = amount - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * part for part in floors]


def monthly_utfall(jan_apr_2022: int, helar_2022: int, jan_apr_2023: int) -> dict[int, list[int]]:
    """Monthly outcome {2022: 12 months, 2023: months 1-4} reproducing the published totals.

    If the rest of 2022 (May-Dec) has the opposite sign of January-April it is treated as a
    correction posting and put entirely in December.
    """
    w = SEASONAL_WEIGHTS
    first = distribute(jan_apr_2022, w[:4])
    rest_total = helar_2022 - jan_apr_2022
    if rest_total != 0 and jan_apr_2022 != 0 and (rest_total > 0) != (jan_apr_2022 > 0):
        rest = [0] * 7 + [rest_total]
    else:
        rest = distribute(rest_total, w[4:])
    return {2022: first + rest, 2023: distribute(jan_apr_2023, w[:4])}


# --------------------------------------------------------------------------------------------
# Reading the CSVs
# --------------------------------------------------------------------------------------------
def read_drift(data_dir: Path) -> list[dict[str, Any]]:
    """Rows per area x Intäkter/Kostnader (no Netto, no Totalt), in CSV order, ints parsed."""
    rows = []
    for r in read_csv(Path(data_dir) / DRIFT_CSV):
        if r["verksamhetsomrade"] == TOTAL or r["typ"] not in TYPER:
            continue
        row: dict[str, Any] = {"verksamhetsomrade": r["verksamhetsomrade"], "typ": r["typ"]}
        for key, value in r.items():
            if key not in ("verksamhetsomrade", "typ"):
                row[key] = int(value)
        rows.append(row)
    return rows


def read_march_forecast(data_dir: Path, omraden: Sequence[str]) -> dict[str, int]:
    """March net forecast per area, keyed by the operating-statement area name."""
    known = set(omraden)
    out: dict[str, int] = {}
    for r in read_csv(Path(data_dir) / FORANDRING_CSV):
        name = r["verksamhetsomrade"]
        if name == TOTAL:
            continue
        name = NAMN_FORANDRING_TILL_DRIFT.get(name, name)
        if name not in known:
            raise ValueError(f"okänt verksamhetsområde i {FORANDRING_CSV}: {name!r}")
        out[name] = int(r["prognos_mars_netto"])
    return out


def _areas(drift: Sequence[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(r["verksamhetsomrade"] for r in drift))


# --------------------------------------------------------------------------------------------
# Table contents
# --------------------------------------------------------------------------------------------
def installningar_rows() -> list[list[Any]]:
    return [
        ["Nämnd", "Socialnämnden, Botkyrka kommun", "Nämndens namn, används i rubriker och texter."],
        ["År", 2023, "Budgetåret som prognosen avser."],
        ["Period", 4, "Senast stängda månad (1–12). Utfallet gäller januari–april."],
        ["Enhet", "tkr", "Enhet för alla belopp i arbetsboken: kr, tkr eller mnkr."],
        [
            "Balansgräns",
            0.005,
            "Avvikelse mindre än denna andel av budgeten beskrivs som budget i balans.",
        ],
        ["Rapport", "Delårsrapport 1 2023", "Rapportens namn i sidhuvud och rubrik."],
        ["Rapportdatum", RAPPORTDATUM, "Tjänsteutlåtandets datum (230510): sidhuvudet visar det."],
    ]


RAPPORTDATUM = _dt.date(2023, 5, 10)
FMT_DATUM = "yyyy-mm-dd"


def budget_rows(drift: Sequence[dict[str, Any]]) -> list[list[Any]]:
    return [[r["verksamhetsomrade"], r["typ"], r["budget_helar_2023"]] for r in drift]


def utfall_rows(drift: Sequence[dict[str, Any]]) -> list[list[Any]]:
    order = {name: i for i, name in enumerate(_areas(drift))}
    rows = []
    for r in sorted(drift, key=lambda r: (order[r["verksamhetsomrade"]], TYPER.index(r["typ"]))):
        months = monthly_utfall(r["utfall_jan_apr_2022"], r["utfall_helar_2022"], r["utfall_jan_apr_2023"])
        for year in sorted(months):
            for month, amount in enumerate(months[year], start=1):
                rows.append([r["verksamhetsomrade"], r["typ"], year, month, amount])
    return rows


def prognos_rows(drift: Sequence[dict[str, Any]], mars: dict[str, int]) -> list[list[Any]]:
    intakter = {r["verksamhetsomrade"]: r["prognos_helar_2023"] for r in drift if r["typ"] == "Intäkter"}
    rows = []
    for r in drift:
        area, typ = r["verksamhetsomrade"], r["typ"]
        if area not in mars:
            foregaende = None
        elif typ == "Intäkter":
            foregaende = intakter[area]  # revenue assumed unchanged since March
        else:
            foregaende = mars[area] - intakter[area]  # so that Netto = published March forecast
        rows.append([area, typ, None, r["prognos_helar_2023"], foregaende, KOMMENTARER.get((area, typ))])
    return rows


# Verksamhetsberättelse 2022 (SN/2022:00554), 4.1.1.1 Prognosavvikelse, tkr netto: budget
# deviation of the year's outcome and of the delår 2 forecast. The paper's column headers are
# swapped (the first column sums to 78 545 = the year's 78,5 mnkr); the totals decide.
AVVIKELSE_2022 = {
    "Nämnd": (226, 102),
    "Gemensam verksamhet": (464, -670),
    "Öppen förskola": (179, 10),
    "Barn och unga": (38_099, 17_914),
    "Vuxna utan beroendeproblematik": (6_436, 4_990),
    "Vuxna, psykisk funktionsnedsättning": (706, -1_549),
    "Vuxna med beroendeproblematik": (5_762, 3_427),
    "Ekonomiskt bistånd": (16_466, 10_089),
    "Flyktingmottagande": (10_207, 5_758),
}


def prognoshistorik_rows(drift: Sequence[dict[str, Any]], mars: dict[str, int]) -> list[list[Any]]:
    """Prognoshistorik: delår 2 2022 (with its budget), mars and delår 1 2023 (netto, tkr)."""
    netto: dict[str, dict[str, int]] = {}
    for r in drift:
        acc = netto.setdefault(r["verksamhetsomrade"], {"utfall_helar_2022": 0, "prognos_helar_2023": 0})
        for key in acc:
            acc[key] += r[key]
    rows: list[list[Any]] = []
    for area, (avv_ar, avv_delar2) in AVVIKELSE_2022.items():
        budget = netto[area]["utfall_helar_2022"] - avv_ar
        rows.append([2022, "Delår 2", area, "Netto", budget + avv_delar2, budget])
    return rows


def printed_prognoshistorik_rows(data_dir: Path) -> list[list[Any]]:
    """March and delår 1 2023 as the forecast-change table prints them: its own area names and
    Flyktingmottagande −218 (the operating statement says −215). The tool reports both."""
    rows: list[list[Any]] = []
    printed = [r for r in read_csv(Path(data_dir) / FORANDRING_CSV) if r["verksamhetsomrade"] != TOTAL]
    for omgang, key in (("Mars", "prognos_mars_netto"), ("Delår 1", "prognos_delar1_netto")):
        for r in printed:
            rows.append([2023, omgang, r["verksamhetsomrade"], "Netto", int(r[key]), None])
    return rows


def about_text() -> list[str]:
    return ["Om exemplet", "", *_about_amounts(), "", *_about_tables()]


def _about_amounts() -> list[str]:
    """The sheet's paragraphs on the source, the amounts, the names and the rounding."""
    nb = "\u00a0"
    minus = "\u2212"
    return [
        "Källa: Botkyrka kommun, socialnämnden, Delårsrapport 1 2023 (dnr SN/2023:00129), "
        "tjänsteskrivelse 2023-05-10. Beloppen kommer från rapportens driftredovisning per "
        "verksamhetsområde och tabellen över prognosavvikelse mot mars.",
        "",
        "Belopp anges i tusentals kronor (tkr) med tecken: intäkter positiva, kostnader negativa. "
        "Netto = intäkter + kostnader.",
        "",
        "Budget: helårsbudget 2023 per verksamhetsområde för intäkter och kostnader.",
        "",
        "Utfall: rapporten redovisar bara utfall för januari–april 2023, januari–april 2022 och "
        "helår 2022. Månadsutfallet är därför syntetiskt. Varje belopp har fördelats på månaderna "
        "med en fast säsongsprofil (jan 1,00, feb 0,95, mar 1,02, apr 0,98, maj 1,00, jun 1,03, "
        "jul 0,80, aug 0,92, sep 1,02, okt 1,03, nov 1,00, dec 1,25) och avrundats till hela tkr "
        "så att månaderna summerar exakt till de publicerade beloppen för januari–april 2022, "
        "helår 2022 och januari–april 2023. Där resten av 2022 har motsatt tecken mot "
        "januari–april (Övriga verksamheter, kostnader) ligger hela resten i december, som en "
        "rättelsebokning.",
        "",
        "Prognos: Manuell prognos är den publicerade helårsprognosen i delår 1. Föregående prognos "
        "är prognosen från mars. Den publicerades bara som netto; intäkterna antas oförändrade "
        "sedan mars, så kostnadsraden är marsprognosen netto minus intäktsprognosen och nettot "
        "stämmer exakt med den publicerade marsprognosen. Övriga verksamheter saknas i tabellen "
        "över prognosavvikelse och har ingen föregående prognos. Kommentarerna är hämtade ur "
        "rapportens text.",
        "",
        "Namn: rapportens tabeller använder olika namn på samma verksamhetsområde. "
        "”Ledning och administration” i tabellen över prognosavvikelse är ”Gemensam verksamhet” "
        "i driftredovisningen, och ”Vuxna, med psykisk funktionsnedsättning” är ”Vuxna, psykisk "
        "funktionsnedsättning”. Här används driftredovisningens namn. Tabellerna anger också "
        f"olika prognos för Flyktingmottagande netto ({minus}215 respektive {minus}218 tkr); "
        f"här används driftredovisningens {minus}215.",
        "",
        "Avrundning: rapportens tabeller är avrundade cell för cell, så tryckta summor skiljer sig "
        "ibland ±1 tkr från summan av raderna. Till exempel är totalt netto avvikelse tryckt som "
        f"38{nb}279 tkr, medan exakt beräkning ger 38{nb}278 tkr (prognos netto "
        f"{minus}682{nb}051 tkr mot tryckt {minus}682{nb}050). Prognos räknar exakt.",
    ]


def _about_tables() -> list[str]:
    """The sheet's paragraphs on the section's tables, how to try it and how it is built."""
    nb = "\u00a0"
    minus = "\u2212"
    return [
        "Volymer: volymer och nyckeltal ur delårsrapportens tabeller (årsplatser, årsboende, hushåll med "
        "ekonomiskt bistånd) med styckkostnad per år i tkr, för ekonomiskt bistånd per hushåll och månad i kr. "
        "Utfall volym är januari–april 2023, Utfall volym fg år är helår 2022. Platshållare som ”-” och "
        "”Anges vid årsbokslut” står kvar som i rapporten: de betyder att värdet inte är känt än, aldrig noll. "
        "SiS- och HVB-raderna är delar av LVU-raden (kolumnen Del av). Exempel: ekonomiskt bistånd "
        f"843 hushåll × 11{nb}000 kr × 12 mot budgeterade 965 × 11{nb}075 kr × 12.",
        "",
        "Prognoshistorik: prognoserna netto per verksamhetsområde vid delår 2 2022 (budget och prognos "
        "härledda ur verksamhetsberättelsen 2022, SN/2022:00554, tabellen Prognosavvikelse, och utfallet 2022; "
        "tabellens kolumnrubriker är omkastade, summorna avgör), mars 2023 och delår 1 2023. Utfallet för 2023 "
        "finns inte än, så bara delår 2 2022 får ett prognosfel.",
        "",
        "Prognoshistorik, mars och delår 1 2023: som rapportens tabell över prognosavvikelse trycker dem, med "
        "tabellens egna namn (”Ledning och administration”, ”Vuxna, med psykisk funktionsnedsättning”) och "
        f"Flyktingmottagande {minus}218. Prognos rapporterar namnen som okända (med Budgets namn) och att "
        f"delår 1 har två värden för Flyktingmottagande ({minus}218 här, {minus}215 i driftredovisningen).",
        "",
        "Investeringar: rapportens två årliga projekt (budget, utfall januari–april, prognos). Sista raden är "
        f"sammanfattningens rad Nettoinvesteringar som den är tryckt ({minus}3,0; {minus}0,9; {minus}2,0 mnkr). "
        f"Projektens utfall är 91 tkr, alltså {minus}0,1 mnkr: Prognos flaggar den tryckta summan som en felskrivning. "
        f"Raden Årliga projekt 2022 har förra årets nettoinvesteringar ({minus}2,0 mnkr i verksamhetsberättelsen 2022, "
        "kolumnen Utfall fg år), så att sammanfattningens rad Nettoinvesteringar får sin kolumn Bokslut 2022.",
        "",
        "Inställningar: Rapport (Delårsrapport 1 2023) och Rapportdatum (2023-05-10, tjänsteutlåtandets datum) ger "
        "rapportens namn och datum i sidhuvud och rubrik.",
        "",
        "Kostnadsslag: intäkter och kostnader per kostnadsslag för januari–april 2023 och 2022 och helår 2022, "
        "utan de tryckta summaraderna. Finansiella poster står på egen rad; driftredovisningen nettar dem mot "
        f"intäkterna. Jämförelsen med 2022 görs i rapporten på två underlag (netto {minus}231{nb}359 i "
        f"driftredovisningen, {minus}227{nb}704 i kostnadsslagstabellen): Prognos visar och rapporterar skillnaden.",
        "",
        "Texter: rapportens egna texter, ordagrant, där rapporten har dem: nämndens stycke, texten under "
        "avsnitten (prognosförändringen sedan mars med punkter och belopp, intäkter och kostnader, åtgärder, "
        "investeringar, bidrag) och under verksamhetsområdena.",
        "",
        "Orsaker: orsakerna per verksamhetsområde ur rapportens text (jourhem i stället för institution, vakanser, "
        "tomhyror, 776 mot 981 hushåll) med beloppen ur rapportens tabell över förklaringsposter (summa 38 179 tkr); "
        "personalposterna gäller hela nämnden.",
        "",
        "Åtgärder: de åtgärder rapporten nämner (handlingsplan för kommunkontrakt, uppföljning av insatser, "
        "genomgång av externa platser, investeringsprocessen), alla pågående. Rapporten anger inga beslutsdatum "
        "eller belopp för dem, så de cellerna är tomma.",
        "",
        "Bidragsintäkter: statsbidrag och ersättningar från Migrationsverket i prognosen (rapporten i mnkr, här "
        "i tkr). Kolumnen Verksamhet har rapportens namn (”Flyktingåtgärder”, ”Försörjningsstöd”); "
        "Verksamhetsområde har driftredovisningens. Samma post står under två verksamheter.",
        "",
        "Prova: prognos uppdatera botkyrka_sn_2023_delar1.xlsx -o resultat.xlsx",
        "",
        "Arbetsboken byggs av workbooks/exempel/bygg_exempel.py. Ändra inte filen för hand; bygg om den i stället.",
    ]


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def write_section_tables(
    wb: Workbook,
    data_dir: Path,
    kostnadsslag: bool = True,
    kostnader_positiva: bool = False,
    intakter_negativa: bool = False,
) -> None:
    """The tables of the rest of the economic section (issue 11), in the workbook's signs
    (settings Kostnader and Intäkter); the ledger example leaves out Kostnadsslag, which its
    ledger gives."""

    def flip(rows: list[list[Any]], columns: Sequence[int]) -> list[list[Any]]:
        return [[-v if i in columns and isinstance(v, int) else v for i, v in enumerate(r)] for r in rows]

    investeringar = investeringar_rows(data_dir)
    bidrag = bidragsintakter_rows(data_dir)
    write_table(
        wb,
        "Investeringar",
        "Investeringar",
        ["Projekt", "Budget", "Utfall period", "Prognos", "Kommentar", "Utfall fg år"],
        flip(investeringar, (1, 2, 3, 5)) if kostnader_positiva else investeringar,
        formats={"Budget": FMT_TKR, "Utfall period": FMT_TKR, "Prognos": FMT_TKR, "Utfall fg år": FMT_TKR},
    )
    if kostnadsslag:
        write_table(
            wb,
            "Kostnadsslag",
            "Kostnadsslag",
            ["Grupp", "Kostnadsslag", "Utfall period", "Utfall period fg år", "Utfall helår fg år"],
            kostnadsslag_rows(data_dir),
            formats={"Utfall period": FMT_TKR, "Utfall period fg år": FMT_TKR, "Utfall helår fg år": FMT_TKR},
        )
    write_table(wb, "Texter", "Texter", botkyrka_texter.TEXTER_RUBRIKER, botkyrka_texter.TEXTER, max_width=100)
    write_table(
        wb, "Orsaker", "Orsaker", botkyrka_texter.ORSAKER_RUBRIKER, orsaker_rows(data_dir), formats={"Belopp": FMT_TKR}
    )
    write_table(
        wb,
        "Åtgärder",
        "Atgarder",
        botkyrka_texter.ATGARDER_RUBRIKER,
        botkyrka_texter.ATGARDER,
        formats={"Effekt helår": FMT_TKR, "Varav personal": FMT_TKR},
    )
    write_table(
        wb,
        "Bidragsintäkter",
        "Bidragsintakter",
        ["Källa", "Post", "Verksamhetsområde", "Verksamhet", "Prognos"],
        flip(bidrag, range(4, 5)) if intakter_negativa else bidrag,
        formats={"Prognos": FMT_TKR},
    )


def make_workbook(data_dir: Path) -> Workbook:
    drift = read_drift(data_dir)
    mars = read_march_forecast(data_dir, _areas(drift))

    wb = Workbook()
    write_text_sheet(wb, "Om exemplet", about_text())
    write_table(
        wb,
        "Inställningar",
        "Installningar",
        ["Parameter", "Värde", "Förklaring"],
        installningar_rows(),
        cell_formats={(4, 1): FMT_PCT, (6, 1): FMT_DATUM},
    )
    write_table(
        wb,
        "Budget",
        "Budget",
        ["Verksamhetsområde", "Typ", "Budget"],
        budget_rows(drift),
        formats={"Budget": FMT_TKR},
    )
    write_table(
        wb,
        "Utfall",
        "Utfall",
        ["Verksamhetsområde", "Typ", "År", "Månad", "Belopp"],
        utfall_rows(drift),
        formats={"År": FMT_INT, "Månad": FMT_INT, "Belopp": FMT_TKR},
    )
    write_table(
        wb,
        "Prognos",
        "Prognos",
        ["Verksamhetsområde", "Typ", "Metod", "Manuell prognos", "Föregående prognos", "Kommentar"],
        prognos_rows(drift, mars),
        formats={"Manuell prognos": FMT_TKR, "Föregående prognos": FMT_TKR},
    )
    volymer, volymformat = volymer_rows(data_dir)
    write_table(wb, "Volymer", "Volymer", VOLYMRUBRIKER, volymer, cell_formats=volymformat)
    write_table(
        wb,
        "Prognoshistorik",
        "Prognoshistorik",
        ["År", "Omgång", "Verksamhetsområde", "Typ", "Prognos", "Budget"],
        prognoshistorik_rows(drift, mars) + printed_prognoshistorik_rows(data_dir),
        formats={"År": FMT_INT, "Prognos": FMT_TKR, "Budget": FMT_TKR},
    )
    write_section_tables(wb, data_dir)
    return finish(wb, "Exempel: Botkyrka socialnämnd, delår 1 2023", FIXED_DATE)


def build_example(data_dir: Path = DEFAULT_DATA, ut: Path = DEFAULT_UT) -> Path:
    """Build the example workbook from the CSVs in ``data_dir`` into ``ut``; return ``ut``."""
    return build(make_workbook, data_dir, ut, FIXED_DATE)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main(build_example, "Bygg exempelarbetsboken för Botkyrka delår 1 2023.", DEFAULT_DATA, DEFAULT_UT, argv)


if __name__ == "__main__":
    raise SystemExit(main())
