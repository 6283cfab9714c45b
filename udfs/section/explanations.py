"""Explanations in the committee papers' register, built from the numbers.

Every text is in one unit (miljoner kronor, one decimal): never "22 tusen kronor" inside a
text in miljoner kronor. Amounts under the materiality threshold (setting
``Väsentlighetsgräns``, default 0,5 miljoner kronor) read "i samma storleksordning".
An area's paragraph uses its deviation, the unit's own Kommentar, the volume and price
effects from Volymanalys and the change since the previous forecast; the committee
paragraph names the areas with underskott and överskott. At Period 12 everything is worded
as the year's outcome ("redovisar ett överskott på …").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from udfs.section.headings import ar_slut
from udfs.language.rounding import avrunda, format_tal
from udfs.forecasting.deviation import avvikelseprocent
from udfs.forecasting.sentences import avvikelsetext, i_balans, period_text
from udfs.language.vocabulary import ENHETER

MNKR = 1_000_000.0
DEFAULT_MATERIALITY_KR = 500_000.0  # 0,5 miljoner kronor


def default_vasentlighet(enhet: str) -> float:
    """The default threshold in the workbook's unit."""
    return DEFAULT_MATERIALITY_KR / ENHETER[enhet]


def mnkr(value: float, enhet: str) -> float:
    return float(value) * ENHETER[enhet] / MNKR


def mnkr_text(value: float, enhet: str) -> str:
    """|value| in miljoner kronor with one decimal: "38,3 miljoner kronor"."""
    return f"{format_tal(abs(mnkr(value, enhet)), 1)} miljoner kronor"


def vasentlig(value: float | None, grans: float, enhet: str) -> bool:
    """At or above the threshold and visible at one decimal in mnkr."""
    if value is None:
        return False
    return abs(value) >= grans - 1e-9 and avrunda(abs(mnkr(value, enhet)), 1) > 0


def manader_text(period: int) -> str:
    """ "januari–april" for 4."""
    return period_text(max(1, min(12, int(period))))


def _procent(share: float) -> str:
    return f"{format_tal(abs(share) * 100, 1)} procent"


def andel(budget: float, prognos: float) -> float:
    """The deviation as a share of |budget|, as the Avvikelse table's Avvikelse %."""
    return float(avvikelseprocent(budget, prognos))


def sentence(text: str | None) -> str | None:
    """A typed comment as a sentence: trimmed, capitalised, ending with a full stop."""
    if not text:
        return None
    text = " ".join(str(text).split())
    if not text:
        return None
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def lista(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


@dataclass
class Context:
    """What every text of one report needs."""

    ar: int
    period: int
    enhet: str
    balansgrans: float
    vasentlighet: float  # in ``enhet``
    foregaende: str = "föregående prognos"  # the previous round: "prognosen i mars" (udfs.section.forecast_change)

    @property
    def bokslut(self) -> bool:
        return ar_slut(self.period)

    def belopp(self, value: float) -> str:
        return mnkr_text(value, self.enhet)

    def vasentlig(self, value: float | None) -> bool:
        return vasentlig(value, self.vasentlighet, self.enhet)


# --- the committee ---------------------------------------------------------------------------
def huvudmening(ctx: Context, budget: float, prognos: float) -> str:
    """The committee's full-year sentence; at year end the outcome."""
    dev = prognos - budget
    if not ctx.bokslut:
        return avvikelsetext(budget, prognos, ctx.enhet, ctx.balansgrans)
    if i_balans(budget, prognos, ctx.balansgrans):
        return f"Nämnden redovisar en budget i balans för {ctx.ar}."
    direction, sign = ("överskott", "positiv") if dev > 0 else ("underskott", "negativ")
    text = f"Nämnden redovisar ett {direction} på {ctx.belopp(dev)} jämfört med budget för {ctx.ar}"
    if budget:
        text += f", vilket motsvarar en {sign} budgetavvikelse på {_procent(andel(budget, prognos))}"
    return text + "."


def jamforelse(ctx: Context, utfall: float, utfall_fg: float | None, subjekt: str = "nämnden") -> str | None:
    """The comparison with the same period last year; None when last year is not in the workbook."""
    if utfall_fg is None:
        return None
    diff = utfall - utfall_fg
    if ctx.bokslut:
        start = f"I jämförelse med {ctx.ar - 1}"
    else:
        start = f"I jämförelse med samma period föregående år, {manader_text(ctx.period)} {ctx.ar - 1},"
    if not ctx.vasentlig(diff):
        return f"{start} är nettokostnaden i samma storleksordning för {subjekt}."
    level = "lägre" if diff > 0 else "högre"
    return f"{start} redovisar {subjekt} en {level} nettokostnad på totalt {ctx.belopp(diff)}."


def omradesfordelning(ctx: Context, deviations: Iterable[tuple[str, float, float, float]]) -> str:
    """ "Underskott finns inom …. Överskott finns inom …" from (area, budget, prognos, dev)."""
    under, over, rest = [], [], 0
    for area, budget, prognos, dev in deviations:
        if i_balans(budget, prognos, ctx.balansgrans) or not ctx.vasentlig(dev):
            rest += 1
        elif dev < 0:
            under.append(area)
        else:
            over.append(area)
    verb = "redovisar" if ctx.bokslut else "prognostiserar"
    parts = []
    if under:
        parts.append(f"Underskott finns inom {_omrade_ord(under)} {lista(under)}.")
    if over:
        parts.append(f"Överskott finns inom {_omrade_ord(over)} {lista(over)}.")
    if rest and (under or over):
        parts.append(f"Övriga verksamhetsområden {verb} ett resultat i samma storleksordning som budget "
                     "eller en budget i balans.")
    elif not under and not over:
        parts.append(f"Samtliga verksamhetsområden {verb} ett resultat i samma storleksordning som budget "
                     "eller en budget i balans.")
    return " ".join(parts)


def _omrade_ord(names: list[str]) -> str:
    return "verksamhetsområdet" if len(names) == 1 else "verksamhetsområdena"


# --- one area ----------------------------------------------------------------------------------
def omradesparagraf(ctx: Context, area: str, netto: dict[str, Any], kommentarer: list[str],
                    volym: Any | None = None) -> str:
    """One paragraph per area: deviation, the unit's comment, volume/price effects, forecast
    change and the comparison with last year, in that order."""
    budget, prognos = netto["budget"], netto["prognos"]
    dev = prognos - budget
    verb = "redovisar" if ctx.bokslut else "prognostiserar"
    if i_balans(budget, prognos, ctx.balansgrans):
        parts = [f"{area} {verb} en budget i balans."]
    elif not ctx.vasentlig(dev):
        parts = [f"{area} {verb} ett resultat i samma storleksordning som budget."]
    else:
        direction = "överskott" if dev > 0 else "underskott"
        first = f"{area} {verb} ett {direction} på {ctx.belopp(dev)} jämfört med budget"
        if budget:
            first += f" ({_procent(andel(budget, prognos))} av budget)"
        parts = [first + "."]
    comments = [c for c in (sentence(k) for k in kommentarer) if c]
    if comments:
        parts.append("Verksamheten anger: " + " ".join(comments))
    if volym is not None and getattr(volym, "volymdriven", None) is not None:
        parts.append(_volymtext(ctx, volym))
    change = None if netto.get("foregaende") is None else prognos - netto["foregaende"]
    if change is not None:
        parts.append(forandringstext(ctx, change))
    if netto["utfall_period_fg"] is None:  # last year not in the workbook: no comparison
        return " ".join(parts)
    diff = netto["utfall_period"] - netto["utfall_period_fg"]
    when = f"{ctx.ar}" if ctx.bokslut else f"{manader_text(ctx.period)} {ctx.ar}"
    same = f"{ctx.ar - 1}" if ctx.bokslut else f"samma period {ctx.ar - 1}"
    if ctx.vasentlig(diff):
        level = "lägre" if diff > 0 else "högre"
        parts.append(f"Nettokostnaden för {when} är {ctx.belopp(diff)} {level} än {same}.")
    else:
        parts.append(f"Nettokostnaden för {when} är i samma storleksordning som {same}.")
    return " ".join(parts)


def _effekt(ctx: Context, name: str, value: float) -> str:
    if not ctx.vasentlig(value):
        return f"{name} är i samma storleksordning som budgeterat"
    level = "lägre" if value > 0 else "högre"
    return f"{name} ger {ctx.belopp(value)} {level} kostnader än budgeterat"


def _volymtext(ctx: Context, volym: Any) -> str:
    driven = volym.volymdriven
    if not ctx.vasentlig(driven):
        head = "De volymdrivna kostnaderna är i samma storleksordning som budgeterat"
    else:
        level = "lägre" if driven > 0 else "högre"
        verb = "blev" if ctx.bokslut else "blir"
        head = f"De volymdrivna kostnaderna {verb} {ctx.belopp(driven)} {level} än budgeterat"
    return (f"{head}: {_effekt(ctx, 'volymeffekten', volym.volymeffekt)} och "
            f"{_effekt(ctx, 'priseffekten', volym.priseffekt)}.")


def forandringstext(ctx: Context, change: float, subjekt: str = "Prognosen") -> str:
    """ "Prognosen har förbättrats med 38,5 miljoner kronor jämfört med föregående prognos." """
    if ctx.bokslut:
        if not ctx.vasentlig(change):
            return f"Utfallet är i samma storleksordning som {ctx.foregaende}."
        level = "bättre" if change > 0 else "sämre"
        return f"Utfallet blev {ctx.belopp(change)} {level} än {ctx.foregaende}."
    if change == 0:
        return f"{subjekt} är oförändrad jämfört med {ctx.foregaende}."
    if not ctx.vasentlig(change):
        return f"{subjekt} är i samma storleksordning som {ctx.foregaende}."
    verb = "förbättrats" if change > 0 else "försämrats"
    return f"{subjekt} har {verb} med {ctx.belopp(change)} jämfört med {ctx.foregaende}."
