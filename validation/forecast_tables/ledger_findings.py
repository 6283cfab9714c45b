"""The findings on a ledger-shaped Budget or Utfall after interpretation: responsibility codes
missing from Kodplan, balance accounts, accounts Kommun-Bas cannot place, sums with the sign the
settings deny, periods after Period or outside År. Made by ``validation.forecast_tables.ledger``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from udfs.language.rounding import format_tal
from udfs.ledger import kommunbas as kb
from validation.findings import FEL
from validation.forecast_tables.kodplan import Source
from validation.forecast_tables.ledger_frames import LedgerTable
from validation.models import Settings
from validation.raw_table import RawTable

MAX_CELL_MESSAGES = 20  # per rule and table; the rest are counted in one message


def _n_rows(n: int) -> str:
    return "1 rad" if n == 1 else f"{n} rader"


def _zeros_hint(code: object, kodplan: kb.CodePlan) -> str:
    """When the code differs from a Kodplan code only in leading zeros (a code is text: 0410
    and 410 are two codes; Excel drops the zero of a code typed as a number)."""
    if not isinstance(code, str) or not code.isdigit():
        return ""
    for other in [code.lstrip("0") or "0", *("0" * n + code for n in (1, 2, 3))]:
        if other != code and kodplan.find(other) >= 0:
            return (
                f" Kodplan har {other}, som skiljer sig bara i inledande nollor: skriv koden likadant på båda "
                "ställena (en kod som börjar med 0 som text)."
            )
    return ""


def report_problems(
    reader: Source,
    raw: RawTable,
    table: LedgerTable,
    found: dict[str, int],
    row_numbers: np.ndarray,
    settings: Settings,
    kodplan: kb.CodePlan,
) -> None:
    """Every finding on the interpreted ``table``: codes, accounts, signs, periods."""
    t = table.tolkning
    unit = table.unit
    for n, rec in enumerate(t.omappade.itertuples(index=False)):
        if n >= MAX_CELL_MESSAGES * 5:
            rest = t.omappade.iloc[n:]
            reader.add(
                FEL,
                raw,
                raw.header_address(found["ansvar"]),
                "okand_ansvarskod",
                f"Ytterligare {len(rest)} ansvarskoder saknas i Kodplan "
                f"(summa {format_tal(rest['belopp'].sum())} {unit}).",
            )
            break
        cell = raw.address(int(row_numbers[int(rec.first)]), found["ansvar"])
        name = "Rader utan ansvarskod" if pd.isna(rec.ansvar) else f"Ansvar {rec.ansvar}"
        reader.add(
            FEL,
            raw,
            cell,
            "okand_ansvarskod",
            f"{name} finns inte i Kodplan: {format_tal(rec.belopp)} {unit} på {_n_rows(int(rec.rader))} i {raw.name} "
            "skulle annars försvinna ur rapporten. Lägg till koden (eller ett intervall som täcker "
            "den) i Kodplan "
            "med sitt verksamhetsområde." + _zeros_hint(rec.ansvar, kodplan),
        )
    for rec in t.balans.itertuples(index=False):
        cell = raw.address(int(row_numbers[int(rec.first)]), found["konto"])
        reader.add(
            FEL,
            raw,
            cell,
            "balanskonto",
            f"Konto {rec.konto} är ett balanskonto (kontoklass {str(rec.konto)[0]}: tillgångar, "
            "skulder och eget "
            f"kapital) med {format_tal(rec.belopp)} {unit} på {_n_rows(int(rec.rader))}. En resultatrapport "
            "bygger bara på "
            "resultatkonton (klass 3–8): ta bort balansraderna ur exporten, eller ange kontot i tabellen "
            "Kontoplan om det är ett resultatkonto i er kontoplan.",
        )
    for rec in t.okanda_konton.itertuples(index=False):
        cell = raw.address(int(row_numbers[int(rec.first)]), found["konto"])
        name = "Rader utan konto" if pd.isna(rec.konto) else f"Konto {rec.konto!s}"
        reader.add(
            FEL,
            raw,
            cell,
            "okant_konto",
            f"{name} går inte att placera i Kommun-Bas ({format_tal(rec.belopp)} {unit} på {_n_rows(int(rec.rader))}). "
            "Ange i tabellen Kontoplan om kontot är Intäkter, Kostnader eller en finansiell post.",
        )
    _check_signs(reader, raw, table, found, settings)
    if "ar" in t.rapport and len(t.rapport):
        _check_periods(reader, raw, table, found, row_numbers, settings)


def _check_signs(reader: Source, raw: RawTable, table: LedgerTable, found: dict[str, int], settings: Settings) -> None:
    """The sums of revenue and cost accounts must have the sign the settings promise."""
    costs, revenue = table.tolkning.sums[kb.KOSTNADER], table.tolkning.sums[kb.INTAKTER]
    cell = raw.header_address(found["belopp"])
    unit = table.unit
    if costs and (costs > 0) != (settings.kostnader == "positiva"):
        right = "positiva" if costs > 0 else "negativa"
        reader.add(
            FEL,
            raw,
            cell,
            "fel_tecken_huvudbok",
            f"{raw.name}: kostnadskontona (klass 4–7) summerar till {format_tal(costs)} {unit} och intäktskontona "
            f"(klass 3) till {format_tal(revenue)} {unit}, men Inställningar säger Kostnader: {settings.kostnader}. "
            f"Exporten har kostnaderna som {right} belopp: ändra raden Kostnader i Inställningar till {right}.",
        )
    if revenue and (revenue < 0) != (settings.intakter == "negativa"):
        right = "negativa" if revenue < 0 else "positiva"
        reader.add(
            FEL,
            raw,
            cell,
            "fel_tecken_huvudbok",
            f"{raw.name}: intäktskontona (klass 3) summerar till {format_tal(revenue)} {unit} och kostnadskontona "
            f"(klass 4–7) till {format_tal(costs)} {unit}, men Inställningar säger Intäkter: {settings.intakter}. "
            f"Exporten har intäkterna som {right} belopp: ändra raden Intäkter i Inställningar till {right}.",
        )


def _check_periods(
    reader: Source,
    raw: RawTable,
    table: LedgerTable,
    found: dict[str, int],
    row_numbers: np.ndarray,
    settings: Settings,
) -> None:
    r = table.tolkning.rapport
    pos = found.get("period", found.get("ar", 0))
    if table.name == "Utfall":
        late = r[
            (r["ar"] > settings.ar) | ((r["ar"] == settings.ar) & (r["manad"] > settings.period) & (r["belopp"] != 0))
        ]
        for (year, month), amount in late.groupby(["ar", "manad"])["belopp"].sum().items():
            reader.add(
                FEL,
                raw,
                raw.header_address(pos),
                "utfall_efter_period",
                f"Utfall för {year}-{month:02d} finns ({format_tal(amount)} {table.unit}), men Period i Inställningar "
                f"är {settings.period} ({settings.ar}). Höj Period om månaden är stängd, annars ta "
                "bort raderna.",
            )
    else:
        for year in sorted(set(int(y) for y in r["ar"].unique()) - {settings.ar, -1}):
            reader.add(
                FEL,
                raw,
                raw.header_address(pos),
                "budget_annat_ar",
                f"Budget har rader för {year}, men År i Inställningar är {settings.ar}. Ta bara med budgeten "
                "för prognosåret.",
            )
