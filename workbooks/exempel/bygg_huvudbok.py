"""Build the ledger-shaped example ``botkyrka_sn_2023_delar1_huvudbok.xlsx``.

The same committee as ``bygg_exempel.py`` (Botkyrka socialnämnd, delår 1 2023), but with
``Budget`` and ``Utfall`` as the financial system exports them: one row per responsibility
code (Ansvar), account (Konto, Kommun-Bas) and period, in kronor, debit/credit signed
(costs positive, revenue negative), title rows and merged cells above the header, a Totalt
row at the end, and a ``Kodplan`` from responsibility codes to areas.

The rows are synthetic but exact: per area, type and month they sum to the contract-shaped
example's outcome (×1 000 kr), and for January–April 2023 per kostnadsslag to the published
figures of ``botkyrka_sn_2023_kostnadsslag_tkr.csv`` (see ``text_om_exemplet``). The result of
a refresh therefore equals the contract-shaped example's Avvikelse and Sammanfattning
(tests/test_huvudbok_exempel.py).

Usage::

    python workbooks/exempel/bygg_huvudbok.py [--data DIR] [--ut FIL]

Deterministic down to the bytes, like ``bygg_exempel.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from workbooks.exempel import bygg_exempel as bas
from workbooks.exempel.common import build, finish, read_csv, write_table, write_text_sheet
from workbooks.exempel.common import main as run_main

HERE = Path(__file__).resolve().parent
DEFAULT_UT = HERE / "botkyrka_sn_2023_delar1_huvudbok.xlsx"
KOSTNADSSLAG_CSV = "botkyrka_sn_2023_kostnadsslag_tkr.csv"
FIXED_DATE = bas.FIXED_DATE

# Kodplan: one line per area, each kind of line once (single code, range, prefix).
KODPLAN: tuple[tuple[str, str], ...] = (
    ("1000", "Nämnd"),
    ("1100-1199", "Gemensam verksamhet"),
    ("12*", "Öppen förskola"),
    ("2000-2999", "Barn och unga"),
    ("31*", "Vuxna utan beroendeproblematik"),
    ("32*", "Vuxna, psykisk funktionsnedsättning"),
    ("33*", "Vuxna med beroendeproblematik"),
    ("4000-4099", "Ekonomiskt bistånd"),
    ("4100-4199", "Flyktingmottagande"),
    ("9000", "Övriga verksamheter"),
)
# The responsibility codes each area books on, with the share of its amounts (weights).
ANSVAR: dict[str, tuple[tuple[int, int], ...]] = {
    "Nämnd": ((1000, 1),),
    "Gemensam verksamhet": ((1110, 5), (1120, 3), (1130, 2)),
    "Öppen förskola": ((1210, 3), (1220, 2)),
    "Barn och unga": ((2110, 4), (2120, 3), (2310, 2), (2320, 1)),
    "Vuxna utan beroendeproblematik": ((3110, 3), (3120, 2)),
    "Vuxna, psykisk funktionsnedsättning": ((3210, 3), (3220, 2)),
    "Vuxna med beroendeproblematik": ((3310, 2), (3320, 1)),
    "Ekonomiskt bistånd": ((4010, 5), (4020, 1)),
    "Flyktingmottagande": ((4110, 2), (4120, 1)),
    "Övriga verksamheter": ((9000, 1),),
}
VERKSAMHETSKOD = {
    "Nämnd": 100,
    "Gemensam verksamhet": 110,
    "Öppen förskola": 405,
    "Barn och unga": 530,
    "Vuxna utan beroendeproblematik": 541,
    "Vuxna, psykisk funktionsnedsättning": 542,
    "Vuxna med beroendeproblematik": 543,
    "Ekonomiskt bistånd": 570,
    "Flyktingmottagande": 580,
    "Övriga verksamheter": 590,
}
# Kostnadsslag as printed -> (account, weight) it is booked on (Kommun-Bas).
KONTON: dict[str, tuple[tuple[int, int, str], ...]] = {
    "Taxor och avgifter": ((3130, 1, "Avgifter social omsorg"),),
    "Externa bostads- och lokalhyror": ((3410, 1, "Bostads- och lokalhyror"),),
    "Försäljning av verksamhet": ((3610, 1, "Försäljning av verksamhet"),),
    "Bidrag från staten med flera": ((3510, 1, "Bidrag från staten"),),
    "Övriga verksamhetsintäkter": ((3710, 1, "Övriga verksamhetsintäkter"),),
    "Intäkter konto 39": ((3990, 1, "Övriga intäkter"),),
    "Personalkostnader": (
        (5110, 68, "Löner månadsavlönade"),
        (5610, 24, "Sociala avgifter"),
        (5710, 8, "Pensionskostnader"),
    ),
    "Varor": ((6410, 1, "Förbrukningsmaterial"),),
    "Entreprenad och köp av verksamhet": ((4610, 1, "Köp av huvudverksamhet"),),
    "Externa lokalhyror": ((6010, 1, "Lokalhyror"),),
    "Bidrag och transfereringar": ((4520, 1, "Ekonomiskt bistånd och bidrag"),),
    "Övriga verksamhetskostnader": ((7410, 1, "Övriga främmande tjänster"),),
    "Kostnader konto 49": ((4990, 1, "Övriga kostnader"),),
    "Kapitalkostnader": ((7910, 1, "Avskrivningar"),),
}
FIN_KONTO = (8510, "Räntekostnader")
# The drift table nets the financial items (−13 tkr) into Intäkter jan–apr 2023; a ledger
# keeps them in class 8, so one revenue kind carries the 13 tkr (documented in the text).
JUSTERING_2023 = {"Övriga verksamhetsintäkter": -13}

RUBRIKER = ["Ansvar", "Verksamhet", "Konto", "Projekt", "Period", "Belopp", "Text"]


def read_kostnadsslag(data_dir: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for r in read_csv(Path(data_dir) / KOSTNADSSLAG_CSV):
        if r["kostnadsslag"].startswith("Summa") or r["grupp"] == "Netto":
            continue
        out[r["kostnadsslag"]] = {"grupp": r["grupp"], **{k: int(v) for k, v in r.items() if k.startswith("utfall")}}
    return out


def distribute_matrix(rows: Sequence[int], cols: Sequence[int]) -> list[list[int]]:
    """Non-negative integers x[i][j] with row sums ``rows`` and column sums ``cols`` (equal
    totals): proportional floors, then the remainders by the north-west corner rule."""
    total = sum(rows)
    if total != sum(cols) or min(list(rows) + list(cols) + [0]) < 0:
        raise ValueError("rows and columns must be non-negative with equal sums")
    x = [[(r * c) // total if total else 0 for c in cols] for r in rows]
    left_r = [r - sum(line) for r, line in zip(rows, x)]
    left_c = [c - sum(x[i][j] for i in range(len(rows))) for j, c in enumerate(cols)]
    i = j = 0
    while i < len(rows) and j < len(cols):
        step = min(left_r[i], left_c[j])
        x[i][j] += step
        left_r[i] -= step
        left_c[j] -= step
        if left_r[i] == 0:
            i += 1
        else:
            j += 1
    return x


def _slag_for(grupp: str, slag: dict[str, dict[str, Any]]) -> list[str]:
    return [k for k, v in slag.items() if v["grupp"] == grupp]


def utfall_tkr(drift: Sequence[dict[str, Any]], slag: dict[str, dict[str, Any]]) -> dict[tuple, int]:
    """{(area, typ, year, month, kostnadsslag): tkr} for the whole outcome."""
    out: dict[tuple, int] = {}
    cells = {
        (r["verksamhetsomrade"], r["typ"]): bas.monthly_utfall(
            r["utfall_jan_apr_2022"], r["utfall_helar_2022"], r["utfall_jan_apr_2023"]
        )
        for r in drift
    }
    for typ in bas.TYPER:
        kinds = _slag_for(typ, slag)
        # 2023: rows (area, month) × kinds, margins exact (the published January–April figures)
        keys = [(area, m) for (area, t), months in cells.items() if t == typ for m in range(1, 5)]
        row_sums = [abs(cells[(area, typ)][2023][m - 1]) for area, m in keys]
        col_sums = [abs(slag[k]["utfall_jan_apr_2023"] + JUSTERING_2023.get(k, 0)) for k in kinds]
        for (area, m), line in zip(keys, distribute_matrix(row_sums, col_sums)):
            sign = -1 if typ == "Kostnader" else 1
            for k, value in zip(kinds, line):
                if value:
                    out[(area, typ, 2023, m, k)] = sign * value
        # 2022: every month in the proportions of the year's published kinds
        weights = [abs(slag[k]["utfall_helar_2022"]) for k in kinds]
        for (area, t), months in cells.items():
            if t != typ:
                continue
            for m, amount in enumerate(months[2022], start=1):
                for k, value in zip(kinds, bas.distribute(amount, weights)):
                    if value:
                        out[(area, typ, 2022, m, k)] = value
    return out


def _accounts(kind: str, kr: int) -> list[tuple[int, int, str]]:
    lines = KONTON[kind]
    return [
        (konto, part, text) for (konto, _w, text), part in zip(lines, bas.distribute(kr, [w for _k, w, _t in lines]))
    ]


def _code_rows(area: str, kind: str, kr_engine: int) -> list[tuple[int, int, int, str]]:
    """(ansvar, konto, kr as exported, text): split over the area's codes and the kind's
    accounts; exported debit/credit, so every amount changes sign."""
    codes = ANSVAR[area]
    out = []
    for (code, _w), part in zip(codes, bas.distribute(kr_engine, [w for _c, w in codes])):
        for konto, amount, text in _accounts(kind, part):
            if amount:
                out.append((code, konto, -amount, text))
    return out


def utfall_rows(drift: Sequence[dict[str, Any]], slag: dict[str, dict[str, Any]]) -> list[list[Any]]:
    cells = utfall_tkr(drift, slag)
    order = {name: i for i, name in enumerate(bas._areas(drift))}
    kinds = list(slag)
    rows: list[list[Any]] = []
    for (area, typ, year, month, kind), tkr in sorted(
        cells.items(),
        key=lambda kv: (kv[0][2], kv[0][3], order[kv[0][0]], bas.TYPER.index(kv[0][1]), kinds.index(kv[0][4])),
    ):
        for code, konto, kr, text in _code_rows(area, kind, tkr * 1000):
            rows.append([code, VERKSAMHETSKOD[area], konto, None, year * 100 + month, kr, text])
    # Financial items (class 8), shown apart by the report: as the paper's kostnadsslag table.
    fin = slag["Finansiella poster"]
    spread = bas.monthly_utfall(fin["utfall_jan_apr_2022"], fin["utfall_helar_2022"], fin["utfall_jan_apr_2023"])
    for year, months in spread.items():
        for month, tkr in enumerate(months, start=1):
            if tkr:  # a cost (−) in Prognos' sign is exported positive
                rows.append(
                    [
                        1110,
                        VERKSAMHETSKOD["Gemensam verksamhet"],
                        FIN_KONTO[0],
                        None,
                        year * 100 + month,
                        -(tkr * 1000),
                        FIN_KONTO[1],
                    ]
                )
    rows.sort(key=lambda r: (r[4], r[0], r[2]))
    return rows


def budget_rows(drift: Sequence[dict[str, Any]], slag: dict[str, dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for r in drift:
        area, typ = r["verksamhetsomrade"], r["typ"]
        kinds = _slag_for(typ, slag)
        weights = [abs(slag[k]["utfall_jan_apr_2023"]) or 0 for k in kinds]
        for kind, tkr in zip(kinds, bas.distribute(r["budget_helar_2023"], weights)):
            if tkr:
                for code, konto, kr, text in _code_rows(area, kind, tkr * 1000):
                    rows.append([code, VERKSAMHETSKOD[area], konto, None, None, kr, text])
    rows.sort(key=lambda r: (r[0], r[2]))
    return [[c, v, k, p, b, t] for c, v, k, p, _period, b, t in rows]


def prognos_rows(drift: Sequence[dict[str, Any]], mars: dict[str, int]) -> list[list[Any]]:
    """The other example's Prognos, typed with the workbook's signs (as the export: costs
    positive, revenue negative), so every amount changes sign."""
    return [
        [a, t, m, _neg(manuell), _neg(foregaende), k]
        for a, t, m, manuell, foregaende, k in bas.prognos_rows(drift, mars)
    ]


def _neg(value: int | None) -> int | None:
    return None if value is None else -value


def installningar_rows() -> list[list[Any]]:
    rows = bas.installningar_rows()
    return rows + [
        ["Kostnader", "positiva", "Exporten är debet/kredit: kostnader som positiva belopp."],
        ["Intäkter", "negativa", "… och intäkter som negativa belopp."],
        ["Huvudbok i", "kr", "Budget och Utfall är exporterade i kronor; rapporten är i tkr (Enhet)."],
        # issue 20: this example's Prognoshistorik has no round of 2023, so the round is named here
        ["Föregående omgång", "mars", 'Omgången som Föregående prognos kommer från: "jämfört med prognosen i mars".'],
    ]


def write_export(
    wb: Workbook, sheet: str, title: str, selection: str, headers: list[str], rows: list[list[Any]], total: bool
) -> None:
    """A pasted export: two title rows (merged across the table), an empty row, the header
    in row 4, the rows, and a Totalt row as the financial system prints it."""
    ws = wb.create_sheet(sheet)
    width = len(headers)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=selection).font = Font(italic=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for c, header in enumerate(headers, start=1):
        ws.cell(row=4, column=c, value=header).font = Font(bold=True)
    amount_col = headers.index("Belopp") + 1
    for r, line in enumerate(rows, start=5):
        for c, value in enumerate(line, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
        ws.cell(row=r, column=amount_col).number_format = "#,##0"
    if total:
        last = 5 + len(rows)
        ws.cell(row=last, column=1, value="Totalt").font = Font(bold=True)
        cell = ws.cell(row=last, column=amount_col, value=sum(line[amount_col - 1] for line in rows))
        cell.number_format = "#,##0"
        cell.font = Font(bold=True)
    for c, w in enumerate([9, 11, 8, 9, 9, 14, 30][:width], start=1):
        ws.column_dimensions[chr(64 + c)].width = w
    ws.freeze_panes = "A5"
    ws["A1"].alignment = Alignment(vertical="top")


def about_text() -> list[str]:
    return [
        "Om exemplet (huvudboksexport)",
        "",
        "Samma nämnd och samma siffror som botkyrka_sn_2023_delar1.xlsx (Botkyrka kommun, socialnämnden, "
        "delårsrapport 1 2023, SN/2023:00129), men Budget och Utfall ser ut som ekonomisystemets export: en rad "
        "per ansvar, konto (Kommun-Bas) och period, i kronor, med titelrader ovanför rubriken och en Totalt-rad "
        "sist. Exporten är debet/kredit: kostnader är positiva och intäkter negativa (raderna Kostnader och "
        "Intäkter i Inställningar säger det). Tabellen Kodplan säger vilket verksamhetsområde varje ansvarskod "
        "hör till (en kod, ett intervall 2000-2999 eller ett prefix 31*).",
        "",
        "Raderna är syntetiska men exakta: per verksamhetsområde, typ och månad summerar de till exemplets utfall "
        "(i tkr × 1 000), och januari–april 2023 summerar de per kostnadsslag till rapportens tabell över "
        "intäkter och kostnader per slag. Ett undantag: driftredovisningen räknar in de finansiella posterna "
        "(−13 tkr) i intäkterna, medan en huvudbok har dem i kontoklass 8, som Prognos redovisar för sig. "
        "Därför är Övriga verksamhetsintäkter 15 tkr här (28 tkr i rapporten), och de finansiella posterna "
        "(konto 8510) syns i bladet Avstämning men inte i rapportens intäkter. För 2022 följer raderna "
        "driftredovisningen (rapportens två tabeller har olika underlag för 2022) och fördelas på kostnadsslag "
        "i helårets proportioner.",
        "",
        "Budget: helårsbudget per verksamhetsområde och typ, fördelad på konton som utfallets kostnadsslag "
        "januari–april 2023. Prognos, Volymer och Prognoshistorik är desamma som i det andra exemplet, men "
        "Prognos är skriven med arbetsbokens tecken (som exporten: kostnader positiva, intäkter negativa). "
        "Bladen Prognos skriver ut (Avvikelse, Sammanfattning) har alltid intäkter + och kostnader −.",
        "",
        "Prova: prognos uppdatera botkyrka_sn_2023_delar1_huvudbok.xlsx -o resultat.xlsx och jämför bladen "
        "Avvikelse och Sammanfattning med det andra exemplets; bladet Avstämning visar att huvudboken stämmer "
        "på kronan och vad varje kod blev.",
        "",
        "Arbetsboken byggs av workbooks/exempel/bygg_huvudbok.py. Ändra inte filen för hand; bygg om den i stället.",
    ]


def make_workbook(data_dir: Path) -> Workbook:
    drift = bas.read_drift(data_dir)
    slag = read_kostnadsslag(data_dir)
    mars = bas.read_march_forecast(data_dir, bas._areas(drift))
    wb = Workbook()
    write_text_sheet(wb, "Om exemplet", about_text())
    write_table(
        wb,
        "Inställningar",
        "Installningar",
        ["Parameter", "Värde", "Förklaring"],
        installningar_rows(),
        cell_formats={(4, 1): bas.FMT_PCT, (6, 1): bas.FMT_DATUM},
    )
    write_table(wb, "Kodplan", "Kodplan", ["Ansvar", "Verksamhetsområde"], [list(r) for r in KODPLAN])
    write_export(
        wb,
        "Budget",
        "Budget 2023 – Socialnämnden",
        "Urval: budgetår 2023, alla ansvar, belopp i kr",
        [h for h in RUBRIKER if h != "Period"],
        budget_rows(drift, slag),
        total=False,
    )
    write_export(
        wb,
        "Utfall",
        "Huvudbok – Socialnämnden",
        "Urval: period 202201–202304, alla ansvar, belopp i kr",
        RUBRIKER,
        utfall_rows(drift, slag),
        total=True,
    )
    write_table(
        wb,
        "Prognos",
        "Prognos",
        ["Verksamhetsområde", "Typ", "Metod", "Manuell prognos", "Föregående prognos", "Kommentar"],
        prognos_rows(drift, mars),
        formats={"Manuell prognos": bas.FMT_TKR, "Föregående prognos": bas.FMT_TKR},
    )
    volymer, volymformat = bas.volymer_rows(data_dir)
    write_table(wb, "Volymer", "Volymer", bas.VOLYMRUBRIKER, volymer, cell_formats=volymformat)
    write_table(
        wb,
        "Prognoshistorik",
        "Prognoshistorik",
        ["År", "Omgång", "Verksamhetsområde", "Typ", "Prognos", "Budget"],
        bas.prognoshistorik_rows(drift, mars),
        formats={"År": bas.FMT_INT, "Prognos": bas.FMT_TKR, "Budget": bas.FMT_TKR},
    )
    # The rest of the economic section as in the contract example; Kostnadsslag comes from the ledger.
    # Written in this workbook's signs (Kostnader positiva, Intäkter negativa).
    bas.write_section_tables(wb, data_dir, kostnadsslag=False, kostnader_positiva=True, intakter_negativa=True)
    return finish(wb, "Exempel: Botkyrka socialnämnd, delår 1 2023, som huvudboksexport", FIXED_DATE)


def build_example(data_dir: Path = bas.DEFAULT_DATA, ut: Path = DEFAULT_UT) -> Path:
    return build(make_workbook, data_dir, ut, FIXED_DATE)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main(
        build_example,
        "Bygg exempelarbetsboken för Botkyrka delår 1 2023 som huvudboksexport.",
        bas.DEFAULT_DATA,
        DEFAULT_UT,
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
