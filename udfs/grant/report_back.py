"""State grants (statsbidrag): the report-back (återrapportering) arithmetic and texts.

Pure calculations on whole kronor. The form rules (Socialstyrelsen's web forms, see
../shared/DOMAIN.md): costs may not exceed the amount received, so reported costs are
``min(costs, received)``; the excess is the municipality's own co-financing
(*egenfinansiering*); ``kvarstående = received − reported costs`` is repaid.

The vectorised functions (``egenfinansiering``, ``redovisade_kostnader``) take scalars or
arrays like the other PROGNOS.* functions; ``kvarstaende`` and ``smatal`` live in
``udfs.forecasting.deviation`` and are used from there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

import numpy as np

from udfs.forecasting.deviation import kvarstaende, smatal
from udfs.language.rounding import avrunda, format_tal
from udfs.language.vocabulary import FEL, MONTH_NAMES, VARNING

KLAR = "Klar"
STATUS_VARNING = "Varning"
STATUS_FEL = "Fel"

KOMMENTAR_MAX = 1000  # characters in the form's comment field
VARNA_DAGAR = 14  # a deadline this close (or passed) is a warning
STANDARDKATEGORI = "Kostnader"  # the form's single cost line when no categories are given
KATEGORI_SAKNAS = "(kategori saknas)"


# --- vectorised functions (PROGNOS.* candidates) -------------------------------------
def _out(value: np.ndarray) -> Any:
    return float(value) if np.ndim(value) == 0 else value


def redovisade_kostnader(mottaget: Any, kostnader: Any) -> Any:
    """Costs to report in the form: never more than the amount received."""
    m = np.asarray(mottaget, dtype=float)
    return _out(np.minimum(np.asarray(kostnader, dtype=float), m))


def egenfinansiering(mottaget: Any, kostnader: Any) -> Any:
    """Costs above the amount received: borne by the municipality itself (0 if none)."""
    m = np.asarray(mottaget, dtype=float)
    return _out(np.maximum(np.asarray(kostnader, dtype=float) - m, 0.0))


def anonymised_count(antal: int | None) -> int | None:
    """Anonymised count for a form: 0 → 0, 1–3 → 3, 4 and up as is (None stays None)."""
    if antal is None:
        return None
    return int(smatal(antal))


def reported_per_category(underlag: Sequence[int], mottaget: int) -> list[int]:
    """Reported cost per form category when costs exceed the amount received.

    The excess (egenfinansiering) is taken from the categories top-down in the form's
    order, so the reported amounts are whole kronor and sum to ``min(costs, received)``.
    This is what the sheet's formulas do:
    ``reported_i = cost_i − MIN(cost_i, MAX(0, excess − SUM(cost_1 … cost_{i−1})))``.
    """
    excess = int(egenfinansiering(mottaget, sum(underlag)))
    out: list[int] = []
    before = 0
    for amount in underlag:
        take = min(amount, max(0, excess - before))
        out.append(amount - take)
        before += amount
    return out


def days_left(senast: date | None, today: date) -> int | None:
    """Days left to the report-back deadline (negative when passed)."""
    return None if senast is None else (senast - today).days


# --- the grant as read from the workbook ------------------------------------------------
@dataclass
class Omgang:
    """One payment (round, rekvisition) of a grant."""

    mottaget: int
    dnr: str | None = None  # the agency's case number for this round
    kalla: str = ""  # "Statsbidrag!C3"


@dataclass
class Kostnad:
    belopp: int
    kategori: str  # the form category it is reported under (the form's spelling)
    aktivitet: str | None = None
    kommentar: str | None = None
    antal: int | None = None
    datum: date | None = None
    kalla: str = ""  # "Bidragskostnader!D5"


@dataclass
class Anmarkning:
    """A problem on one grant: decides its status (Klar / Varning / Fel)."""

    allvarlighet: str  # FEL or VARNING
    text: str


@dataclass
class InskrivenSumma:
    """A total typed into the cost list ("Totalt 1 455 042"), compared with its rows."""

    belopp: int
    kalla: str = ""


@dataclass
class Bidrag:
    namn: str
    myndighet: str
    omgangar: list[Omgang]
    period_fran: date | None = None
    period_till: date | None = None
    diarienummer: str | None = None  # the municipality's case number
    omrade: str | None = None
    senast: date | None = None
    inlamnad: date | None = None  # the day the report-back was submitted, when it has been
    kategorier: list[str] = field(default_factory=list)  # the form's cost categories, in order
    extra_kategorier: list[str] = field(default_factory=list)  # used but not in the form
    anonymisera: bool = False
    kommentar: str | None = None
    orsak_kvarstaende: str | None = None  # the form's field 3a: why money is left
    kostnader: list[Kostnad] = field(default_factory=list)
    inskrivna_summor: list[InskrivenSumma] = field(default_factory=list)
    anmarkningar: list[Anmarkning] = field(default_factory=list)
    kalla: str = ""  # the grant's first register cell

    @property
    def mottaget(self) -> int:
        return sum(o.mottaget for o in self.omgangar)

    @property
    def myndighetens_dnr(self) -> list[str]:
        return [o.dnr for o in self.omgangar if o.dnr]


# --- the computed report-back -----------------------------------------------------------
@dataclass
class Kategorirad:
    kategori: str
    underlag: int  # costs in the cost list
    redovisas: int  # what goes into the form
    i_formularet: bool = True


@dataclass
class Aterrapport:
    bidrag: Bidrag
    mottaget: int
    kategorier: list[Kategorirad]
    kostnader: int  # all costs in the cost list
    redovisade: int  # reported in the form: min(kostnader, mottaget)
    kvarstaende: int  # repaid
    egenfinansiering: int
    aktiviteter: list[Kostnad]  # the activity summary, in form-category order
    teckenantal: int
    dagar_kvar: int | None
    status: str
    orsaker: list[str]
    texter: list[str]

    @property
    def namn(self) -> str:
        return self.bidrag.namn

    @property
    def inskriven_summa(self) -> int | None:
        sums = self.bidrag.inskrivna_summor
        return sums[-1].belopp if sums else None

    @property
    def skillnad(self) -> int | None:
        """Typed total − computed total of the activity list (None without a typed total)."""
        typed = self.inskriven_summa
        return None if typed is None else typed - self.kostnader

    @property
    def show_count(self) -> bool:
        return any(k.antal is not None for k in self.aktiviteter)


def status_for(anmarkningar: Sequence[Anmarkning]) -> str:
    if any(a.allvarlighet == FEL for a in anmarkningar):
        return STATUS_FEL
    if any(a.allvarlighet == VARNING for a in anmarkningar):
        return STATUS_VARNING
    return KLAR


def activity_rows(bidrag: Bidrag) -> list[Kostnad]:
    """The rows of the activity summary: every cost row with an amount or an activity,
    grouped by form category (the form's order, then categories outside the form)."""
    order = {k: i for i, k in enumerate([*bidrag.kategorier, *bidrag.extra_kategorier])}
    rows = [k for k in bidrag.kostnader if k.belopp != 0 or k.aktivitet]
    return sorted(rows, key=lambda k: order.get(k.kategori, len(order)))  # stable: input order within


def compute_report_back(bidrag: Bidrag, today: date) -> Aterrapport:
    """The report-back of one grant, with the figures the sheet's formulas reproduce."""
    kategorier = bidrag.kategorier or [STANDARDKATEGORI]
    alla = list(dict.fromkeys([*kategorier, *bidrag.extra_kategorier]))
    underlag = [sum(k.belopp for k in bidrag.kostnader if k.kategori == namn) for namn in alla]
    mottaget = bidrag.mottaget
    redovisas = reported_per_category(underlag, mottaget)
    rader = [Kategorirad(namn, u, r, namn in kategorier) for namn, u, r in zip(alla, underlag, redovisas)]
    kostnader = sum(underlag)
    redovisade = int(redovisade_kostnader(mottaget, kostnader))
    kvar = int(kvarstaende(mottaget, kostnader))
    egen = int(egenfinansiering(mottaget, kostnader))
    rapport = Aterrapport(
        bidrag=bidrag,
        mottaget=mottaget,
        kategorier=rader,
        kostnader=kostnader,
        redovisade=redovisade,
        kvarstaende=kvar,
        egenfinansiering=egen,
        aktiviteter=activity_rows(bidrag),
        teckenantal=len(bidrag.kommentar or ""),
        dagar_kvar=days_left(bidrag.senast, today),
        status=status_for(bidrag.anmarkningar),
        orsaker=[a.text for a in bidrag.anmarkningar],
        texter=[],
    )
    rapport.texter = decision_sentences(rapport)
    return rapport


# --- texts --------------------------------------------------------------------------------
def kronor_text(amount: float) -> str:
    """ "325 000 kronor" (non-breaking space as thousands separator)."""
    return f"{format_tal(amount, 0)} kronor"


def date_text(day: date) -> str:
    """ "1 augusti 2022"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def period_text(fran: date | None, till: date | None) -> str | None:
    """ "1 augusti–31 december 2022"; both years when they differ."""
    if fran is None or till is None:
        return None
    if fran.year == till.year:
        return f"{fran.day} {MONTH_NAMES[fran.month - 1]}\u2013{date_text(till)}"
    return f"{date_text(fran)}\u2013{date_text(till)}"


def decision_sentences(rapport: Aterrapport) -> list[str]:
    """The decision paper's standard sentences, from the numbers.

    "Hela statsbidraget har använts." only when nothing is left to repay.
    """
    b = rapport.bidrag
    mottaget = rapport.mottaget
    omgangar = [o.mottaget for o in b.omgangar if o.mottaget]
    belopp = kronor_text(mottaget)
    if len(omgangar) > 1:  # rounds are named only when more than one paid something
        delar = ", ".join(format_tal(x, 0) for x in omgangar[:-1]) + f" och {kronor_text(omgangar[-1])}"
        belopp = f"totalt {belopp} i {len(omgangar)} omgångar ({delar})"
    detaljer = b.namn
    period = period_text(b.period_fran, b.period_till)
    if period:
        detaljer += f", bidragsperiod {period}"
    forsta = f"Nämnden har tagit emot statsbidrag om {belopp} från {b.myndighet} ({detaljer})."
    if mottaget == 0:
        return [forsta, "Inget belopp har betalats ut, så det finns inget att återbetala."]
    if rapport.kostnader == 0:
        return [
            forsta,
            f"Inget av statsbidraget har förbrukats, varför hela beloppet, {kronor_text(mottaget)}, "
            f"ska återbetalas till {b.myndighet}.",
        ]
    if rapport.kvarstaende > 0:
        return [
            forsta,
            f"Förvaltningen har förbrukat {kronor_text(rapport.redovisade)} av statsbidraget, varför "
            f"{kronor_text(rapport.kvarstaende)} ska återbetalas till {b.myndighet}.",
        ]
    texter = [forsta, "Hela statsbidraget har använts."]
    if rapport.egenfinansiering > 0:
        texter.append(
            f"Kostnaderna uppgick till {kronor_text(rapport.kostnader)}. "
            f"De {kronor_text(rapport.egenfinansiering)} som överstiger statsbidraget redovisas inte till "
            "myndigheten utan finansieras av nämnden (egenfinansiering)."
        )
    return texter


def days_text(days: int | None) -> str:
    if days is None:
        return "ingen sista dag angiven"
    if days > 1:
        return f"{days} dagar kvar"
    if days == 1:
        return "1 dag kvar"
    if days == 0:
        return "sista dagen i dag"
    if days == -1:
        return "passerad för 1 dag sedan"
    return f"passerad för {-days} dagar sedan"


# --- the committee's grant table ----------------------------------------------------------
EJ_OMRADE = "Ej angivet verksamhetsområde"


def by_area(rapporter: Sequence[Aterrapport]) -> list[tuple[str, list[Aterrapport]]]:
    """Grants grouped by Verksamhetsområde in the register's order of first appearance."""
    groups: dict[str, list[Aterrapport]] = {}
    for r in rapporter:
        groups.setdefault(r.bidrag.omrade or EJ_OMRADE, []).append(r)
    return list(groups.items())


def to_mkr(amount: float) -> float:
    """Kronor to mkr with one decimal, half away from zero (the interim reports' tables)."""
    value = float(avrunda(amount / 1_000_000, 1))
    return 0.0 if math.isclose(value, 0.0) else value
