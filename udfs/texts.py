"""The committee paper's standard sentences, generated from the numbers."""

from __future__ import annotations

import math

from udfs.deviation import avvikelse, avvikelseprocent
from udfs.rounding import avrunda, format_tal
from udfs.vocabulary import ENHETER, MONTH_NAMES

MNKR = 1_000_000.0


def period_text(period: int) -> str:
    """"januari–april" for period 4, "januari" for 1."""
    if period <= 1:
        return MONTH_NAMES[0]
    return f"{MONTH_NAMES[0]}\u2013{MONTH_NAMES[period - 1]}"


def belopp_text(value: float, enhet: str = "tkr") -> str:
    """An amount in words: "38,3 miljoner kronor"; below 50 000 kr in "tusen kronor"."""
    kronor = abs(value) * ENHETER[enhet]
    if avrunda(kronor / MNKR, 1) >= 0.1:
        return f"{format_tal(kronor / MNKR, 1)} miljoner kronor"
    if avrunda(kronor / 1000, 0) >= 1:
        return f"{format_tal(kronor / 1000, 0)} tusen kronor"
    return f"{format_tal(kronor, 0)} kronor"


def i_balans(budget: float, prognos: float, balansgrans: float) -> bool:
    return abs(float(avvikelse(budget, prognos))) <= balansgrans * abs(budget) + 1e-9


def procent_text(share: float) -> str:
    return f"{format_tal(abs(share) * 100, 1)} procent"


def avvikelsetext(budget: float, prognos: float, enhet: str = "tkr", balansgrans: float = 0.005) -> str:
    """The full-year sentence: överskott / underskott / budget i balans."""
    dev = float(avvikelse(budget, prognos))
    if i_balans(budget, prognos, balansgrans):
        text = "Prognosen för helåret visar en budget i balans"
        if dev != 0:
            direction = "överskott" if dev > 0 else "underskott"
            text += f" (ett {direction} på {belopp_text(dev, enhet)})"
        return text + "."
    direction, sign = ("överskott", "positiv") if dev > 0 else ("underskott", "negativ")
    text = f"Prognosen för helåret visar ett {direction} på {belopp_text(dev, enhet)}"
    if budget:
        share = float(avvikelseprocent(budget, prognos))  # as the Avvikelse table's Avvikelse %
        text += f", vilket motsvarar en {sign} budgetavvikelse på {procent_text(share)}"
    return text + "."


def jamforelse_text(utfall: float, utfall_fg: float, period: int, enhet: str = "tkr", subjekt: str = "nämnden") -> str:
    """Comparison of net outcome with the same period last year (signed netto)."""
    diff = utfall - utfall_fg
    months = period_text(period)
    if belopp_text(diff, enhet).startswith("0 "):
        return f"I jämförelse med samma period föregående år, {months}, är nettokostnaden oförändrad för {subjekt}."
    level = "lägre" if diff > 0 else "högre"
    return (
        f"I jämförelse med samma period föregående år, {months}, redovisar {subjekt} en {level} "
        f"nettokostnad på totalt {belopp_text(diff, enhet)}."
    )


def omrade_text(
    omrade: str,
    budget: float,
    prognos: float,
    utfall: float,
    utfall_fg: float | None,
    period: int,
    enhet: str = "tkr",
    balansgrans: float = 0.005,
) -> str:
    """One sentence pair per area, from its Netto row; without last year's outcome
    (``utfall_fg`` None) only the first sentence."""
    dev = float(avvikelse(budget, prognos))
    if i_balans(budget, prognos, balansgrans):
        first = f"{omrade}: prognosen visar en budget i balans."
    else:
        direction = "överskott" if dev > 0 else "underskott"
        first = f"{omrade}: prognosen visar ett {direction} på {belopp_text(dev, enhet)}"
        if budget and not math.isclose(budget, 0):
            first += f" ({procent_text(float(avvikelseprocent(budget, prognos)))} av budget)"
        first += "."
    if utfall_fg is None:
        return first
    diff = utfall - utfall_fg
    if belopp_text(diff, enhet).startswith("0 "):
        second = "Nettokostnaden är oförändrad mot samma period föregående år."
    else:
        level = "lägre" if diff > 0 else "högre"
        second = f"Nettokostnaden för {period_text(period)} är {belopp_text(diff, enhet)} {level} än samma period föregående år."
    return f"{first} {second}"
