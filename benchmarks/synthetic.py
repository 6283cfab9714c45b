"""A synthetic committee workbook for the benchmarks, following the workbook contract.

Tables (real Excel Tables, as in ``workbooks/exempel/botkyrka_sn_2023_delar1.xlsx``):

- ``Installningar`` on sheet "Inställningar": Nämnd, År, Period, Enhet (tkr);
- ``Budget``: Verksamhetsområde × Verksamhet × Typ, full-year ``Budget`` (signed:
  revenue +, cost −), not periodised;
- ``Utfall`` in long form: every earlier year full (12 months), the current year months
  1…Period, with a seasonal profile, growth and noise (numpy, fixed seed);
- ``Prognos``: Verksamhetsområde × Typ with Föregående prognos, a few Manuell prognos and
  Kommentar values; Metod empty.

With the defaults (40 areas × 25 activities, 3 years, period 8) Utfall has
40 × 25 × 2 × (12 + 12 + 8) = 64 000 rows.

The file is cached under ``benchmarks/out/`` keyed by the parameters (and
``GENERATOR_VERSION``), so repeated benchmark runs do not pay for writing it.

    python benchmarks/synthetic.py [--areas 40 --activities 25 --years 3] [-o FILE]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

GENERATOR_VERSION = 2
OUT_DIR = Path(__file__).resolve().parent / "out"

# Cost profile over the year (shares × 12): low in July (holidays), high in December
# (year-end invoices), a little higher in spring/autumn. Revenue is flatter.
COST_PROFILE = np.array([0.98, 0.95, 1.02, 1.00, 1.02, 1.04, 0.78, 0.92, 1.03, 1.05, 1.04, 1.17])
REVENUE_PROFILE = np.array([0.90, 0.95, 1.05, 1.00, 1.00, 1.10, 0.85, 0.95, 1.00, 1.05, 1.05, 1.10])
COST_PROFILE = COST_PROFILE / COST_PROFILE.mean()
REVENUE_PROFILE = REVENUE_PROFILE / REVENUE_PROFILE.mean()

AREA_STEMS = [
    "Äldreomsorg",
    "Individ- och familjeomsorg",
    "Funktionsstöd",
    "Försörjningsstöd",
    "Förskola",
    "Grundskola",
    "Gymnasieskola",
    "Vuxenutbildning",
    "Kultur",
    "Fritid",
    "Gata och park",
    "Miljö och hälsoskydd",
    "Bygglov",
    "Räddningstjänst",
    "Måltidsservice",
    "Lokalförsörjning",
    "Arbetsmarknad",
    "Integration",
    "Nämnd och förvaltning",
    "Kollektivtrafik",
]


def area_names(n: int) -> list[str]:
    """Distinct, realistic-looking area names (Swedish letters included on purpose)."""
    names = []
    for i in range(n):
        stem = AREA_STEMS[i % len(AREA_STEMS)]
        names.append(stem if i < len(AREA_STEMS) else f"{stem} {i // len(AREA_STEMS) + 1}")
    return names


def activity_names(area: str, n: int) -> list[str]:
    return [f"{area} – verksamhet {j + 1:02d}" for j in range(n)]


def cache_path(areas: int, activities: int, years: int, year: int, period: int, seed: int) -> Path:
    return OUT_DIR / f"synthetic_v{GENERATOR_VERSION}_a{areas}_v{activities}_y{years}_{year}p{period}_s{seed}.xlsx"


def generate_data(
    areas: int = 40, activities: int = 25, years: int = 3, year: int = 2025, period: int = 8, seed: int = 20250
) -> dict[str, list[tuple]]:
    """The rows of each table (without headers), deterministic for a seed."""
    rng = np.random.default_rng(seed)
    first_year = year - years + 1
    area_list = area_names(areas)
    n_lines = areas * activities

    # Size of each activity in the first year (tkr, positive): costs log-normal around
    # 2 000 tkr (about 2 700 mnkr net cost for 1 000 activities); revenue 5–35 % of cost.
    cost_base = rng.lognormal(mean=np.log(2_000), sigma=0.8, size=n_lines)
    revenue_base = cost_base * rng.uniform(0.05, 0.35, size=n_lines)
    growth = rng.normal(0.03, 0.015, size=n_lines)  # yearly growth per activity

    budget_rows: list[tuple] = []
    utfall_rows: list[tuple] = []
    last_full: dict[tuple[str, str], float] = {}  # (area, typ) -> last year's full outcome
    budget_sums: dict[tuple[str, str], float] = {}

    line = 0
    for area in area_list:
        for activity in activity_names(area, activities):
            for typ, base, profile, sign in (
                ("Intäkter", revenue_base[line], REVENUE_PROFILE, 1.0),
                ("Kostnader", cost_base[line], COST_PROFILE, -1.0),
            ):
                for k, y in enumerate(range(first_year, year + 1)):
                    annual = base * (1 + growth[line]) ** k
                    months = period if y == year else 12
                    noise = rng.normal(1.0, 0.06, size=months)
                    amounts = np.round(sign * annual / 12 * profile[:months] * noise, 1)
                    for m in range(months):
                        utfall_rows.append((area, activity, typ, y, m + 1, float(amounts[m])))
                    if y == year - 1:
                        last_full[(area, typ)] = last_full.get((area, typ), 0.0) + float(amounts.sum())
                annual_now = base * (1 + growth[line]) ** (year - first_year)
                budget = float(np.round(sign * annual_now * rng.normal(1.0, 0.03), 0))
                budget_rows.append((area, activity, typ, budget))
                budget_sums[(area, typ)] = budget_sums.get((area, typ), 0.0) + budget
            line += 1

    prognos_rows: list[tuple] = []
    for i, area in enumerate(area_list):
        for typ in ("Intäkter", "Kostnader"):
            budget = budget_sums[(area, typ)]
            previous = float(np.round(budget * rng.normal(1.0, 0.02), 0))
            manual = None
            comment = None
            if i % 7 == 3:  # a few manual forecasts, signed like the budget
                manual = float(np.round(budget * rng.normal(1.02, 0.02), 0))
                comment = "Manuell prognos: känd förändring under hösten."
            elif i % 5 == 1 and typ == "Kostnader":
                comment = "Ökade kostnader för bemanning under sommaren."
            prognos_rows.append((area, typ, None, manual, previous, comment))

    settings_rows = [
        ("Nämnd", "Syntetiska nämnden (benchmark)", "Nämndens namn, används i rubriker och texter."),
        ("År", year, "Budgetåret som prognosen avser."),
        ("Period", period, "Senast stängda månad (1–12)."),
        ("Enhet", "tkr", "Enhet för alla belopp i arbetsboken: kr, tkr eller mnkr."),
    ]
    return {"Installningar": settings_rows, "Budget": budget_rows, "Utfall": utfall_rows, "Prognos": prognos_rows}


HEADERS = {
    "Installningar": ("Parameter", "Värde", "Förklaring"),
    "Budget": ("Verksamhetsområde", "Verksamhet", "Typ", "Budget"),
    "Utfall": ("Verksamhetsområde", "Verksamhet", "Typ", "År", "Månad", "Belopp"),
    "Prognos": ("Verksamhetsområde", "Typ", "Metod", "Manuell prognos", "Föregående prognos", "Kommentar"),
}
SHEETS = {"Installningar": "Inställningar", "Budget": "Budget", "Utfall": "Utfall", "Prognos": "Prognos"}


def write_workbook(path: Path, data: dict[str, list[tuple]]) -> Path:
    """Write the tables as Excel Tables with openpyxl (atomically: temp file, then rename)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in data.items():
        ws = wb.create_sheet(SHEETS[name])
        headers = HEADERS[name]
        ws.append(headers)
        for row in rows:
            ws.append(row)
        ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        table = Table(displayName=name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
        for i, header in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(header) + 4))
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def build(
    areas: int = 40,
    activities: int = 25,
    years: int = 3,
    year: int = 2025,
    period: int = 8,
    seed: int = 20250,
    path: Path | None = None,
    force: bool = False,
) -> Path:
    """The synthetic workbook's path; generated unless cached (or ``force``)."""
    if years < 1:
        raise ValueError("years must be at least 1")
    target = Path(path) if path else cache_path(areas, activities, years, year, period, seed)
    if target.exists() and not force:
        return target
    return write_workbook(target, generate_data(areas, activities, years, year, period, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate the synthetic benchmark workbook.")
    parser.add_argument("--areas", type=int, default=40)
    parser.add_argument("--activities", type=int, default=25)
    parser.add_argument("--years", type=int, default=3, help="years of Utfall, the last one up to --period")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--period", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20250)
    parser.add_argument("-o", "--out", type=Path, default=None)
    parser.add_argument("--force", action="store_true", help="regenerate even when cached")
    args = parser.parse_args()
    path = build(args.areas, args.activities, args.years, args.year, args.period, args.seed, args.out, args.force)
    print(path)


if __name__ == "__main__":
    main()
