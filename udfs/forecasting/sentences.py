"""The committee paper's standard sentences, generated from the numbers (the rest of the
committee's texts: ``udfs.section.explanations``)."""

from __future__ import annotations

from udfs.forecasting.deviation import avvikelse, avvikelseprocent
from udfs.language.rounding import avrunda, format_tal
from udfs.language.vocabulary import ENHETER, MONTH_NAMES

MNKR = 1_000_000.0


def period_text(period: int) -> str:
    """ "januari–april" for period 4, "januari" for 1."""
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
