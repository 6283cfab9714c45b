"""Lean over rounds: did the earlier forecasts err one way (as Botkyrka's, which all overstated
cost), and did the outcome fall inside the intervals kept with them (Prognoshistorik's
``Prognos låg`` / ``Prognos hög``)? Scored on ``udfs.forecasting.accuracy``'s groups.

A forecast below its outcome (prognosfel < 0) was on the cautious side for every type: a
net cost or a cost overstated, a revenue understated. Whether the lean is more than chance
is a two-sided sign test: with n scored forecasts, k of one side, the chance of k or more of
either side if each side were as likely (p < 0,10 reads as a lean).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from udfs.forecasting.accuracy import AccuracyGroup
from udfs.forecasting.sentences import procent_text

SIGNIFICANT = 0.10
NETTO = "Netto"


@dataclass
class Lean:
    typ: str
    scored: int  # forecasts with a known outcome
    cautious: int  # below the outcome: cost overstated, revenue understated
    hopeful: int  # above the outcome
    mean_share: float | None  # mean prognosfel / |budget|
    p_value: float

    @property
    def leans(self) -> bool:
        return self.scored >= 4 and self.p_value < SIGNIFICANT


@dataclass
class BandHits:
    scored: int  # lines with an interval and a known outcome
    inside: int


def sign_test(k: int, n: int) -> float:
    """Two-sided sign test: the chance of a split at least as uneven as k of n."""
    if n == 0:
        return 1.0
    extreme = max(k, n - k)
    tail = sum(math.comb(n, i) for i in range(extreme, n + 1)) / 2**n
    return min(1.0, 2 * tail)


def lean(groups: list[AccuracyGroup], typ: str = NETTO) -> Lean:
    """The lean of the committee's forecasts (one per year and round) of type ``typ``."""
    scored = [g for g in groups if g.typ == typ and g.fel is not None]
    cautious = sum(1 for g in scored if g.fel < 0)
    hopeful = sum(1 for g in scored if g.fel > 0)
    shares = [g.fel_procent for g in scored if g.fel_procent is not None]
    mean = sum(shares) / len(shares) if shares else None
    return Lean(typ, len(scored), cautious, hopeful, mean, sign_test(cautious, cautious + hopeful))


def band_hits(groups: list[AccuracyGroup]) -> BandHits:
    """How many kept intervals held the year's outcome, over every area line that has both."""
    scored = inside = 0
    for g in groups:
        for ln in g.lines:
            low, high = ln.row.prognos_lag, ln.row.prognos_hog
            if ln.utfall is None or low is None or high is None:
                continue
            scored += 1
            inside += int(min(low, high) <= ln.utfall <= max(low, high))
    return BandHits(scored, inside)


def lean_sentence(result: Lean) -> str | None:
    if result.scored == 0:
        return None
    if result.scored == 1:
        what = "nettoprognosen" if result.typ == NETTO else f"prognosen för {result.typ.lower()}"
        side = "under" if result.cautious else "över" if result.hopeful else "exakt på"
        return f"Den enda bedömbara {what} låg {side} utfallet; en enda omgång säger inget om en lutning."
    what = "nettoprognoser" if result.typ == NETTO else f"prognoser för {result.typ.lower()}"
    text = (
        f"Av {result.scored} bedömbara {what} låg {result.cautious} under utfallet (försiktiga: kostnaden "
        f"överskattad eller intäkten underskattad) och {result.hopeful} över."
    )
    if result.leans:
        side = "under" if result.cautious > result.hopeful else "över"
        text += " Prognoserna har lutat åt samma håll, mer än slumpen förklarar"
        if result.mean_share is not None:
            text += f": i genomsnitt {procent_text(result.mean_share)} av budget {side} utfallet"
        text += "."
    elif result.cautious == result.scored or result.hopeful == result.scored:
        text += " Alla åt samma håll, men för få för att säga att det är en systematisk lutning."
    else:
        text += " Ingen tydlig lutning åt något håll."
    return text


def hits_sentence(hits: BandHits) -> str | None:
    if hits.scored == 0:
        return None
    return (
        f"Utfallet hamnade inom det sparade 80 %-intervallet för {hits.inside} av {hits.scored} prognoser "
        f"(väntat är omkring 8 av 10)."
    )
