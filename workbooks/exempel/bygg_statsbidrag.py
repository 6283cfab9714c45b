"""Build the bundled grant example ``botkyrka_statsbidrag_2022.xlsx``.

Source: Botkyrka kommun, socialnämnden, the three report-backs of 2022 state grants to
Socialstyrelsen (SN/2022:00109, SN/2022:00369, SN/2022:00138), as tidy CSV in
``shared/data`` (botkyrka_statsbidrag_2022.csv, botkyrka_bidragskostnader_2022.csv).

What the papers print and the CSVs do not hold is added here, true to the papers:
the forms' cost categories, Bostad först's anonymisation rule and its comment, the second
round (omgång 2, 0 kr) of the violence grant's form, and the activity lists' printed
totals ("Totalt 1 455 042", "Totalt 624 580") as typed rows, so the example shows the trap.

Usage::

    python workbooks/exempel/bygg_statsbidrag.py [--data DIR] [--ut FIL]

The output is deterministic down to the bytes (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook

from workbooks.exempel.common import build, finish, read_csv, write_table, write_text_sheet
from workbooks.exempel.common import main as run_main

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DEFAULT_UT = HERE / "botkyrka_statsbidrag_2022.xlsx"

BIDRAG_CSV = "botkyrka_statsbidrag_2022.csv"
KOSTNADER_CSV = "botkyrka_bidragskostnader_2022.csv"

#: The date the report-backs were written (the family-home form is signed 2023-01-17);
#: ``prognos demo`` computes deadlines and days left as of this day.
EXEMPEL_DATUM = _dt.date(2023, 1, 17)
FIXED_DATE = _dt.datetime(2023, 1, 17, 0, 0, 0)

FMT_KR = "#,##0"
FMT_DATUM = "yyyy-mm-dd"

BOSTAD_FORST = "Bostad först 2022"
VALD = "Kvalitetsutveckling våld i nära relationer 2022"
FAMILJEHEM = "Subventioner av familjehemsplaceringar 2022"

# The cost lines of each form (Socialstyrelsen's web forms, as printed in the papers).
EN_KATEGORI = "Kostnader för kommunens arbete inom ramen för statsbidraget"
KATEGORIER = {
    BOSTAD_FORST: [
        "Lönekostnader inklusive sociala avgifter",
        "Lokalhyra",
        "Resor, kost och logi",
        "Köpta tjänster, material",
        "Administration (kontorsmaterial, telefon etc.)",
        "Inköp av utrustning",
        "Informationskostnader",
    ],
    FAMILJEHEM: [EN_KATEGORI],
    VALD: [EN_KATEGORI],
}
# Only the Bostad först form asks for anonymised counts ("0 som 0, 1-3 som 3 ...").
ANONYMISERA = {BOSTAD_FORST: "Ja", FAMILJEHEM: "Nej", VALD: "Nej"}
# The comment in field 4 of the Bostad först form.
KOMMENTAR = {
    BOSTAD_FORST: (
        "De medel som har använts har gått till resor och logi i anslutning till studiebesök hos annan "
        "kommun som redan etablerat Bostad först i syfte att inhämta kunskap och information från dem."
    ),
}
# The printed "Totalt" of each activity list (the family-home one is 4 442 kr above its rows).
TRYCKT_TOTALT = {FAMILJEHEM: 1_455_042, VALD: 624_580}

STATSBIDRAG_RUBRIKER = [
    "Bidrag",
    "Myndighet",
    "Mottaget",
    "Period från",
    "Period till",
    "Diarienummer",
    "Myndighetens dnr",
    "Verksamhetsområde",
    "Återrapportering senast",
    "Kostnadskategorier",
    "Anonymisera antal",
    "Kommentar",
]
KOSTNAD_RUBRIKER = ["Bidrag", "Kategori", "Aktivitet", "Belopp", "Datum", "Kommentar"]


def _date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def statsbidrag_rows(data_dir: Path) -> list[list[Any]]:
    rows = []
    for r in read_csv(Path(data_dir) / BIDRAG_CSV):
        namn = r["bidrag"]
        rows.append(
            [
                namn,
                r["myndighet"],
                int(r["mottaget_kr"]),
                _date(r["period_fran"]),
                _date(r["period_till"]),
                r["kommunens_dnr"],
                r["myndighetens_dnr"],
                r["verksamhetsomrade"],
                _date(r["aterrapportering_senast"]),
                "; ".join(KATEGORIER.get(namn, [])) or None,
                ANONYMISERA.get(namn),
                KOMMENTAR.get(namn),
            ]
        )
        if namn == VALD:
            # The form has "1b. Mottaget statsbidrag, omgång 2 (rekvisition): 0 (Kr)".
            rows.append(
                [
                    namn,
                    r["myndighet"],
                    0,
                    _date(r["period_fran"]),
                    _date(r["period_till"]),
                    r["kommunens_dnr"],
                    None,
                    r["verksamhetsomrade"],
                    _date(r["aterrapportering_senast"]),
                    None,
                    None,
                    None,
                ]
            )
    return rows


def kostnader_rows(data_dir: Path) -> list[list[Any]]:
    rows: list[list[Any]] = []
    by_grant: dict[str, list[list[Any]]] = {}
    for r in read_csv(Path(data_dir) / KOSTNADER_CSV):
        by_grant.setdefault(r["bidrag"], []).append(
            [
                r["bidrag"],
                r["kategori"] or None,
                r["aktivitet"] or None,
                int(r["belopp_kr"]),
                None,
                r["kommentar"] or None,
            ]
        )
    for namn, lines in by_grant.items():
        rows.extend(lines)
        if namn in TRYCKT_TOTALT:
            rows.append([namn, None, "Totalt", TRYCKT_TOTALT[namn], None, "Summan som den trycktes i underlaget"])
    return rows


def about_text() -> list[str]:
    nb = "\u00a0"
    return [
        "Om exemplet",
        "",
        "Källa: Botkyrka kommun, socialnämnden, sammanträdet i januari 2023: återrapportering av tre "
        "statsbidrag för 2022 till Socialstyrelsen – Subventioner av familjehemsplaceringar "
        "(SN/2022:00109), Bostad först (SN/2022:00369) och Kvalitetsutveckling våld i nära relationer "
        "(SN/2022:00138). Belopp i hela kronor, kostnader som positiva belopp som i formulären.",
        "",
        "Statsbidrag: en rad per utbetalning (omgång). Våld i nära relationer har två rader: formuläret "
        f"har fälten 1a (omgång 1, 615{nb}251 kr) och 1b (omgång 2, 0 kr). Kostnadskategorier är "
        "formulärets kostnadsrader, åtskilda med semikolon. Bostad först-formuläret kräver att antal "
        "anonymiseras (0 som 0, 1–3 som 3, 4 och uppåt som faktiskt antal), därav Ja i Anonymisera antal. "
        "Kommentaren till Bostad först är den som lämnades i formulärets fält 4.",
        "",
        "Bidragskostnader: aktivitetslistorna ur ärendenas bilagor. Raderna med Aktivitet ”Totalt” är "
        "summorna som de trycktes. Familjehemslistans tryckta summa, 1\u00a0455\u00a0042 kr, är lika med "
        f"mottaget belopp, men raderna summerar till 1{nb}450{nb}600 kr: 4{nb}442 kr saknar underlag och "
        "blir kvarstående (återbetalas) om kostnaderna inte dokumenteras. Prognos räknar med raderna och "
        "flaggar skillnaden.",
        "",
        f"Våld i nära relationer: aktiviteterna kostade 624{nb}580 kr, 9{nb}329 kr mer än mottagna "
        f"615{nb}251 kr. Formuläret tillåter inte kostnader över mottaget belopp, så 615{nb}251 kr "
        f"redovisas, kvarstående blir 0 och 9{nb}329 kr är nämndens egenfinansiering.",
        "",
        f"Bostad först: mottaget 325{nb}000 kr, kostnader 97{nb}924 kr (lönekostnader 92{nb}201 kr, "
        f"resor 5{nb}723 kr, övriga fem kategorier 0 kr), kvarstående 227{nb}076 kr återbetalas.",
        "",
        "Prova: prognos aterrapport botkyrka_statsbidrag_2022.xlsx -o resultat.xlsx --pdf pdf",
        f"(Inställningar har Rapportdatum {EXEMPEL_DATUM.isoformat()}, dagen då återrapporteringarna skrevs: "
        "sista-dag-varningarna räknas från den dagen. --datum ÅÅÅÅ-MM-DD väljer en annan dag.)",
        "",
        "Arbetsboken byggs av workbooks/exempel/bygg_statsbidrag.py. Ändra inte filen för hand; bygg om den i stället.",
    ]


def make_workbook(data_dir: Path) -> Workbook:
    wb = Workbook()
    write_text_sheet(wb, "Om exemplet", about_text())
    write_table(
        wb,
        "Statsbidrag",
        "Statsbidrag",
        STATSBIDRAG_RUBRIKER,
        statsbidrag_rows(data_dir),
        {"Mottaget": FMT_KR, "Period från": FMT_DATUM, "Period till": FMT_DATUM, "Återrapportering senast": FMT_DATUM},
        max_width=62,
    )
    write_table(
        wb,
        "Bidragskostnader",
        "Bidragskostnader",
        KOSTNAD_RUBRIKER,
        kostnader_rows(data_dir),
        {"Belopp": FMT_KR, "Datum": FMT_DATUM},
        max_width=62,
    )
    # The report's own date: deadline reminders count from the day the report-backs were written.
    write_table(
        wb,
        "Inställningar",
        "Installningar",
        ["Parameter", "Värde"],
        [["Rapportdatum", EXEMPEL_DATUM]],
        {"Värde": FMT_DATUM},
    )
    return finish(wb, "Exempel: Botkyrka socialnämnd, återrapportering av statsbidrag 2022", FIXED_DATE)


def build_example(data_dir: Path = DEFAULT_DATA, ut: Path = DEFAULT_UT) -> Path:
    """Build the grant example from the CSVs in ``data_dir`` into ``ut``; return ``ut``."""
    return build(make_workbook, data_dir, ut, FIXED_DATE)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main(
        build_example, "Bygg exempelarbetsboken med Botkyrkas statsbidrag 2022.", DEFAULT_DATA, DEFAULT_UT, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
