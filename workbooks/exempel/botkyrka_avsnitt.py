"""The economic section's tables of the Botkyrka example (issue 11), read from the CSVs in
``shared/data``: Volymer with its unit costs, Investeringar, Kostnadsslag, Orsaker and
Bidragsintäkter, as the paper prints them. Used by ``bygg_exempel.py`` and, through it,
``bygg_huvudbok.py``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbooks.exempel import botkyrka_texter
from workbooks.exempel.common import read_csv

VOLYMER_CSV = "botkyrka_sn_2023_volymer.csv"
INVESTERINGAR_CSV = "botkyrka_sn_2023_investeringar_tkr.csv"
KOSTNADSSLAG_CSV = "botkyrka_sn_2023_kostnadsslag_tkr.csv"
ATGARDER_CSV = "botkyrka_sn_2023_atgarder_tkr.csv"
BIDRAG_CSV = "botkyrka_sn_2023_bidrag_ersattningar_mkr.csv"
NYCKELTAL_CSV = "botkyrka_sn_2023_nyckeltal.csv"

FMT_TKR = "#,##0"
FMT_PCT = "0.0%"

# Volume table names -> operating-statement names.
NAMN_VOLYMER_TILL_DRIFT = {"Vuxna med psykisk funktionsnedsättning": "Vuxna, psykisk funktionsnedsättning"}

# Volymmått -> the key figure (nyckeltal) holding its unit cost, per area as printed.
NYCKELTAL_FOR = {
    (
        "Barn och unga",
        "Institution SoL, årsplatser exkl ensamkommande",
    ): "Institution SoL, årskostnad exkl ensamkommande",
    (
        "Barn och unga",
        "Institution LVU, årsplatser exkl ensamkommande",
    ): "Institution LVU, årskostnad exkl ensamkommande",
    ("Barn och unga", "varav årsplatser SiS"): "varav årskostnad SiS",
    ("Barn och unga", "varav årsplatser HVB"): "varav årskostnad HVB",
    ("Barn och unga", "Stödboende, exkl ensamkommande"): "Stödboende SoL, årskostnad exkl ensamkommande",
    (
        "Barn och unga",
        "Familje- och jourhem, årsplatser exkl ensamkommande",
    ): "Familje- och jourhem, årskostnad exkl ensamkommande inkl vårdnadsöverflytt 2020",
    ("Barn och unga", "Vårdnadsöverflyttade"): "Vårdnadsöverflyttade",
    ("Vuxna utan beroendeproblematik", "Skyddat boende, årsplatser"): "Skyddat boende, årskostnad",
    ("Vuxna utan beroendeproblematik", "Tillfälligt boende, årsplatser"): "Tillfälligt boende, årskostnad",
    ("Vuxna med psykisk funktionsnedsättning", "Boende i egen regi, årsboende"): "Kostnad per årsboende i egen regi",
    (
        "Vuxna med psykisk funktionsnedsättning",
        "Boende i annan regi, årsboende (ej tillfälliga)",
    ): "Kostnad per årsboende i annan regi (ej tillfälligt)",
    (
        "Vuxna med psykisk funktionsnedsättning",
        "Tillfälligt boende i annan regi, årsboende",
    ): "Tillfälligt boende i annan regi, årsboende",
    ("Vuxna med beroendeproblematik", "Institution SoL, årsplatser"): "Institution SoL, nettokostnad per årsplats",
    ("Vuxna med beroendeproblematik", "Institution LVM, årsplatser"): "Institution LVM, nettokostnad per årsplats",
    (
        "Vuxna med beroendeproblematik",
        "Boende (utan hvb-tillstånd) årsplatser",
    ): "Boende (utan hvb-tillstånd) nettokostnad per årsplats",
    (
        "Ekonomiskt bistånd",
        "Genomsnittligt antal biståndshushåll per månad",
    ): "Genomsnittligt bistånd per hushåll och månad",
    (
        "Flyktingmottagande",
        "Genomsnittligt antal biståndshushåll per månad",
    ): "Genomsnittligt bistånd per hushåll och månad",
}
# Sub-rows: "varav" rows are parts of the LVU row (SiS + HVB = LVU årsplatser).
DEL_AV = {
    ("Barn och unga", "varav årsplatser SiS"): "Institution LVU, årsplatser exkl ensamkommande",
    ("Barn och unga", "varav årsplatser HVB"): "Institution LVU, årsplatser exkl ensamkommande",
}

VOLYMRUBRIKER = [
    "Verksamhetsområde",
    "Volymmått",
    "Enhet",
    "Del av",
    "Styckkostnad per",
    "Styckkostnad i",
    "Utfall volym fg år",
    "Budget volym",
    "Utfall volym",
    "Prognos volym",
    "Budget styckkostnad",
    "Utfall styckkostnad",
    "Prognos styckkostnad",
]


def _cell_value(text: str) -> Any:
    """A printed figure: int, decimal comma, percent; placeholders stay text as printed."""
    t = text.strip()
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    if re.fullmatch(r"-?\d+,\d+", t):
        return float(t.replace(",", "."))
    if re.fullmatch(r"\d+(,\d+)?%", t):
        return float(t[:-1].replace(",", ".")) / 100
    return t


def volymer_rows(data_dir: Path) -> tuple[list[list[Any]], dict[tuple[int, int], str]]:
    """Volymer rows from the volume and key-figure CSVs, and per-cell number formats."""
    nyckeltal = {(r["verksamhetsomrade"], r["nyckeltal"]): r for r in read_csv(Path(data_dir) / NYCKELTAL_CSV)}
    rows: list[list[Any]] = []
    formats: dict[tuple[int, int], str] = {}
    for r in read_csv(Path(data_dir) / VOLYMER_CSV):
        area, matt = r["verksamhetsomrade"], r["volymmatt"]
        cost = nyckeltal.get((area, NYCKELTAL_FOR.get((area, matt), "")))
        monthly = cost is not None and cost["enhet"] == "kr"
        row = [
            NAMN_VOLYMER_TILL_DRIFT.get(area, area),
            matt,
            r["enhet"],
            DEL_AV.get((area, matt)),
            ("månad" if monthly else "år") if cost else None,
            cost["enhet"] if cost else None,
            _cell_value(r["utfall_2022"]),
            _cell_value(r["budget_2023"]),
            _cell_value(r["april_2023"]),
            _cell_value(r["prognos_2023"]),
        ]
        if cost:
            row += [
                _cell_value(cost["budget_2023"]),
                _cell_value(cost["april_2023"]),
                _cell_value(cost["prognos_2023"]),
            ]
        else:
            row += [None, None, None]
        for c, value in enumerate(row):
            if c >= 6 and isinstance(value, (int, float)):
                if r["enhet"] == "procent":
                    formats[(len(rows), c)] = FMT_PCT
                elif isinstance(value, float):
                    formats[(len(rows), c)] = "0.0"
                else:
                    formats[(len(rows), c)] = FMT_TKR
        rows.append(row)
    return rows, formats


# The committee table's Nettoinvesteringar row as printed (mnkr -> tkr): the outcome for the
# period is printed −0,9 although the projects' outcome is 91 tkr. Typed as the paper has it,
# so that the tool flags the slip.
INVESTERINGAR_TRYCKT_SUMMA = ("Summa nettoinvesteringar (tryckt)", -3000, -900, -2000)


# Last year's net investments as the summary table prints them (Bokslut 2022: −2,0 mnkr, the
# two annual projects of 2022 together; verksamhetsberättelse 2022): one row of its own, as the
# paper gives no split per project. It has no budget, outcome or forecast in 2023.
INVESTERINGAR_FG_AR = ("Årliga projekt 2022", 0, 0, 0, None, -2000)


def investeringar_rows(data_dir: Path) -> list[list[Any]]:
    """Projekt, Budget, Utfall period, Prognos, Kommentar, Utfall fg år."""
    rows: list[list[Any]] = [
        [r["projekt"], int(r["budget"]), int(r["utfall_period"]), int(r["prognos"]), None, None]
        for r in read_csv(Path(data_dir) / INVESTERINGAR_CSV)
    ]
    rows.append(list(INVESTERINGAR_FG_AR))
    rows.append(
        [*INVESTERINGAR_TRYCKT_SUMMA, "Nettoinvesteringar enligt rapportens sammanfattning", INVESTERINGAR_FG_AR[-1]]
    )
    return rows


def kostnadsslag_rows(data_dir: Path) -> list[list[Any]]:
    """The cost-type table without its printed sums (Prognos sums itself)."""
    out = []
    for r in read_csv(Path(data_dir) / KOSTNADSSLAG_CSV):
        if r["grupp"] == "Netto" or r["kostnadsslag"].startswith("Summa"):
            continue
        grupp = "Finansiella poster" if r["grupp"] == "Finansiellt" else r["grupp"]
        out.append(
            [
                grupp,
                r["kostnadsslag"],
                int(r["utfall_jan_apr_2023"]),
                int(r["utfall_jan_apr_2022"]),
                int(r["utfall_helar_2022"]),
            ]
        )
    return out


def orsaker_rows(data_dir: Path) -> list[list[Any]]:
    """Orsaker (issue 20): the paper's causes per area; the amounts and comments of the paper's table of
    explanation items (the CSV, by Post), which must all be used exactly once."""
    items = {r["post"]: r for r in read_csv(Path(data_dir) / ATGARDER_CSV)}
    used = [post for _area, _orsak, post in botkyrka_texter.ORSAKER if post is not None]
    if sorted(used) != sorted(items):
        raise ValueError(f"Orsakerna använder inte varje post i {ATGARDER_CSV} exakt en gång: {used} mot {list(items)}")
    return [
        [
            area,
            orsak,
            None if post is None else int(items[post]["belopp"]),
            None if post is None else items[post]["kommentar"] or None,
        ]
        for area, orsak, post in botkyrka_texter.ORSAKER
    ]


# The grant table's verksamhet as printed -> the operating statement's area.
NAMN_BIDRAG_TILL_DRIFT = {
    "Flyktingåtgärder inkl. Ensamkommande": "Flyktingmottagande",
    "Flyktingåtgärder": "Flyktingmottagande",
    "Försörjningsstöd": "Ekonomiskt bistånd",
}


def bidragsintakter_rows(data_dir: Path) -> list[list[Any]]:
    """Grant and Migrationsverket revenue in the forecast, mnkr -> tkr, with the printed verksamhet."""
    out = []
    for r in read_csv(Path(data_dir) / BIDRAG_CSV):
        printed = r["verksamhet_som_tryckt"]
        tkr = int((Decimal(r["belopp_mkr"]) * 1000).to_integral_value())
        out.append([r["kalla"], r["post"], NAMN_BIDRAG_TILL_DRIFT.get(printed, printed), printed, tkr])
    return out
