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

import re
from dataclasses import dataclass
from typing import Any, Iterable

from udfs.forecasting.deviation import avvikelseprocent
from udfs.forecasting.sentences import avvikelsetext, i_balans, period_text
from udfs.language.rounding import avrunda, format_tal
from udfs.language.vocabulary import ENHETER, normalize
from udfs.section.headings import is_year_end

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


_UNIT_WORDS = (
    (re.compile(r"(\d)\s*mnkr\b"), r"\1 miljoner kronor"),
    (re.compile(r"(\d)\s*mkr\b"), r"\1 miljoner kronor"),
    (re.compile(r"(\d)\s*tkr\b"), r"\1 tusen kronor"),
)


def sentence(text: str | None) -> str | None:
    """A typed comment as a sentence: trimmed, capitalised, ending with a full stop, amounts in
    words as the rest of the prose ("14,7 mnkr" reads "14,7 miljoner kronor")."""
    if not text:
        return None
    text = " ".join(str(text).split())
    if not text:
        return None
    for pattern, words in _UNIT_WORDS:
        text = pattern.sub(words, text)
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def list_phrase(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


# --- how the texts name an area ------------------------------------------------------------------
AREA_WORD = "verksamhetsområdet"
NAMND_AREAS = ("namnd", "namnden")  # the committee's own row, normalised


def _lower_first(name: str) -> str:
    """ "Barn och unga" -> "barn och unga"; an abbreviation ("LSS", "IFO Vuxna") is kept."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def text_name(area: str, declared: str | None = None) -> str:
    """How running text names an area (lower case, as inside a sentence): the workbook's own
    ``Benämning i text`` when given, "nämnden" for the committee's own row, otherwise
    "verksamhetsområdet <area>" (a table label such as "Vuxna, psykisk funktionsnedsättning"
    is not a sentence's subject)."""
    if declared and str(declared).strip():
        return _lower_first(" ".join(str(declared).split()))
    if normalize(area) in NAMND_AREAS:
        return "nämnden"
    return f"{AREA_WORD} {_lower_first(area)}"


def sentence_start(name: str) -> str:
    """A text name at the start of a sentence."""
    return name[:1].upper() + name[1:]


def names_phrase(names: list[str]) -> str:
    """Several text names in one phrase: "nämnden samt verksamhetsområdena öppen förskola och
    övriga verksamheter"."""
    areas = [n[len(AREA_WORD) + 1 :] for n in names if n.startswith(f"{AREA_WORD} ")]
    others = [n for n in names if not n.startswith(f"{AREA_WORD} ")]
    parts = list(others)
    if len(areas) == 1:
        parts.append(f"{AREA_WORD} {areas[0]}")
    elif areas:
        parts.append(f"verksamhetsområdena {list_phrase(areas)}")
    if len(parts) > 1 and len(areas) > 1:
        return ", ".join(parts[:-1]) + " samt " + parts[-1]
    return list_phrase(parts)


def meaningful_base(base: float | None, ctx: "Context") -> bool:
    """A percentage says something only of a base at least 20 times the materiality threshold
    (10 miljoner kronor by default): 7,4 miljoner kronor on a net budget of 7,6 is not
    "97,2 procent av budget" in any sense a reader can use, and a change of 100 percent on a
    row of half a million is noise."""
    return base is not None and abs(base) >= 20 * ctx.vasentlighet - 1e-9


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
        return is_year_end(self.period)

    def belopp(self, value: float) -> str:
        return mnkr_text(value, self.enhet)

    def vasentlig(self, value: float | None) -> bool:
        return vasentlig(value, self.vasentlighet, self.enhet)


# --- the committee ---------------------------------------------------------------------------
def main_sentence(ctx: Context, budget: float, prognos: float) -> str:
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


def comparison_sentence(ctx: Context, utfall: float, utfall_fg: float | None, subject: str = "nämnden") -> str | None:
    """The comparison with the same period last year; None when last year is not in the workbook."""
    if utfall_fg is None:
        return None
    diff = utfall - utfall_fg
    if ctx.bokslut:
        start = f"I jämförelse med {ctx.ar - 1}"
    else:
        start = f"I jämförelse med samma period föregående år, {manader_text(ctx.period)} {ctx.ar - 1},"
    if not ctx.vasentlig(diff):
        return f"{start} är nettokostnaden i samma storleksordning för {subject}."
    level = "lägre" if diff > 0 else "högre"
    return f"{start} redovisar {subject} en {level} nettokostnad på totalt {ctx.belopp(diff)}."


def area_split(
    ctx: Context, deviations: Iterable[tuple[str, float, float, float]], names: dict[str, str] | None = None
) -> str:
    """ "Underskott finns inom …. Överskott finns inom …" from (area, budget, prognos, dev),
    each area by its text name (``text_name``)."""
    names = names or {}
    under, over, rest = [], [], 0
    for area, budget, prognos, dev in deviations:
        if i_balans(budget, prognos, ctx.balansgrans) or not ctx.vasentlig(dev):
            rest += 1
        elif dev < 0:
            under.append(names.get(area) or text_name(area))
        else:
            over.append(names.get(area) or text_name(area))
    verb = "redovisar" if ctx.bokslut else "prognostiserar"
    parts = []
    if under:
        parts.append(f"Underskott finns inom {names_phrase(under)}.")
    if over:
        parts.append(f"Överskott finns inom {names_phrase(over)}.")
    if rest and (under or over):
        parts.append(
            f"Övriga verksamhetsområden {verb} ett resultat i samma storleksordning som budget "
            "eller en budget i balans."
        )
    elif not under and not over:
        parts.append(
            f"Samtliga verksamhetsområden {verb} ett resultat i samma storleksordning som budget "
            "eller en budget i balans."
        )
    return " ".join(parts)


# --- one area ----------------------------------------------------------------------------------
BALANS, STORLEK, AVVIKELSE = "balans", "storleksordning", "avvikelse"


@dataclass
class AreaText:
    """An area's text in parts, so what several areas share can be said once."""

    name: str  # its text name
    kind: str  # BALANS, STORLEK or AVVIKELSE
    lead: str  # the deviation sentence
    details: list[str]  # the unit's comments, the forecast change, last year's comparison
    same_as_last_year: bool  # last year's comparison is "i samma storleksordning" (said jointly)

    @property
    def paragraph(self) -> str:
        return " ".join([self.lead, *self.details])


def area_text(
    ctx: Context, area: str, netto: dict[str, Any], kommentarer: list[str], namn: str | None = None
) -> AreaText:
    """An area's deviation, the unit's comments, a forecast change that matters and a
    comparison with last year that matters; the rest is said jointly by ``said_jointly``."""
    name = namn or text_name(area)
    budget, prognos = netto["budget"], netto["prognos"]
    dev = prognos - budget
    verb = "redovisar" if ctx.bokslut else "prognostiserar"
    if i_balans(budget, prognos, ctx.balansgrans):
        kind, lead = BALANS, f"{sentence_start(name)} {verb} en budget i balans."
    elif not ctx.vasentlig(dev):
        kind, lead = STORLEK, f"{sentence_start(name)} {verb} ett resultat i samma storleksordning som budget."
    else:
        direction = "överskott" if dev > 0 else "underskott"
        kind, lead = AVVIKELSE, f"{sentence_start(name)} {verb} ett {direction} på {ctx.belopp(dev)} jämfört med budget"
        if budget and meaningful_base(budget, ctx):
            lead += f", vilket motsvarar {_procent(andel(budget, prognos))} av budgeten"
        lead += "."
    details = [c for c in (sentence(k) for k in kommentarer) if c]
    change = None if netto.get("foregaende") is None else prognos - netto["foregaende"]
    if change is not None and ctx.vasentlig(change):
        details.append(change_sentence(ctx, change))
    same = False
    if netto["utfall_period_fg"] is not None:
        diff = netto["utfall_period"] - netto["utfall_period_fg"]
        when = f"{ctx.ar}" if ctx.bokslut else f"{manader_text(ctx.period)} {ctx.ar}"
        before = f"{ctx.ar - 1}" if ctx.bokslut else f"samma period {ctx.ar - 1}"
        if ctx.vasentlig(diff):
            level = "lägre" if diff > 0 else "högre"
            details.append(f"Nettokostnaden för {when} är {ctx.belopp(diff)} {level} än {before}.")
        else:
            same = True
    return AreaText(name, kind, lead, details, same)


def area_paragraph(
    ctx: Context,
    area: str,
    netto: dict[str, Any],
    kommentarer: list[str],
    volym: Any | None = None,
    namn: str | None = None,
) -> str:
    """One area's paragraph on its own (``area_text``), last year's comparison included even
    when it is "i samma storleksordning". ``volym`` is no longer used here: the volume and
    price effects are one table for all areas (``volume_sentence``)."""
    text = area_text(ctx, area, netto, kommentarer, namn)
    if text.same_as_last_year:
        when = f"{ctx.ar}" if ctx.bokslut else f"{manader_text(ctx.period)} {ctx.ar}"
        before = f"{ctx.ar - 1}" if ctx.bokslut else f"samma period {ctx.ar - 1}"
        return f"{text.paragraph} Nettokostnaden för {when} är i samma storleksordning som {before}."
    return text.paragraph


def said_jointly(ctx: Context, texts: list[AreaText]) -> tuple[dict[str, str], list[str]]:
    """Each area's paragraph where it has something of its own to say, and the sentences
    several areas share said once: "Nämnden samt verksamhetsområdena … prognostiserar en
    budget i balans." Returns (paragraph by text name, shared sentences)."""
    verb = "redovisar" if ctx.bokslut else "prognostiserar"
    own = {t.name: t.paragraph for t in texts if t.details or t.kind == AVVIKELSE}
    common = []
    for kind, what in ((BALANS, "en budget i balans"), (STORLEK, "ett resultat i samma storleksordning som budget")):
        quiet = [t.name for t in texts if t.kind == kind and not t.details]
        if len(quiet) == 1:
            own[quiet[0]] = next(t.lead for t in texts if t.name == quiet[0])
        elif quiet:
            common.append(f"{sentence_start(names_phrase(quiet))} {verb} {what}.")
    same = [t.name for t in texts if t.same_as_last_year]
    if same:
        when = f"{ctx.ar}" if ctx.bokslut else f"{manader_text(ctx.period)} {ctx.ar}"
        before = f"{ctx.ar - 1}" if ctx.bokslut else f"samma period {ctx.ar - 1}"
        common.append(f"För {names_phrase(same)} är nettokostnaden för {when} i samma storleksordning som {before}.")
    return own, common


def _effect_phrase(ctx: Context, name: str, value: float) -> str:
    if not ctx.vasentlig(value):
        return f"{name} ger ingen väsentlig skillnad mot budget"
    level = "lägre" if value > 0 else "högre"
    return f"{name} ger {ctx.belopp(value)} {level} kostnader än budgeterat"


def volume_sentence(ctx: Context, volymeffekt: float, priseffekt: float, volymdriven: float) -> str:
    """The volume-driven costs against budget, split into volumes and unit costs, once for the
    whole committee (the table beside it has each area)."""
    verb = "blev" if ctx.bokslut else "blir"
    if not ctx.vasentlig(volymdriven):
        head = "De volymdrivna kostnaderna är i samma storleksordning som budgeterat"
    else:
        level = "lägre" if volymdriven > 0 else "högre"
        head = f"De volymdrivna kostnaderna {verb} sammantaget {ctx.belopp(volymdriven)} {level} än budgeterat"
    return (
        f"{head}: {_effect_phrase(ctx, 'antalet (volymeffekten)', volymeffekt)} och "
        f"{_effect_phrase(ctx, 'styckkostnaderna (priseffekten)', priseffekt)}."
    )


def change_sentence(ctx: Context, change: float, subject: str = "Prognosen") -> str:
    """ "Prognosen har förbättrats med 38,5 miljoner kronor jämfört med föregående prognos." """
    if ctx.bokslut:
        if not ctx.vasentlig(change):
            return f"Utfallet är i samma storleksordning som {ctx.foregaende}."
        level = "bättre" if change > 0 else "sämre"
        return f"Utfallet blev {ctx.belopp(change)} {level} än {ctx.foregaende}."
    if change == 0:
        return f"{subject} är oförändrad jämfört med {ctx.foregaende}."
    if not ctx.vasentlig(change):
        return f"{subject} är i samma storleksordning som {ctx.foregaende}."
    verb = "förbättrats" if change > 0 else "försämrats"
    return f"{subject} har {verb} med {ctx.belopp(change)} jämfört med {ctx.foregaende}."
