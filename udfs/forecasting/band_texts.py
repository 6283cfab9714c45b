"""Words for the 80 % interval: the committee's sentence, where a manual forecast lies in the
interval, and the warning when it lies far outside (rule ``manuell_utanfor_intervall``)."""

from __future__ import annotations

from udfs.forecasting.intervals import Band
from udfs.language.number_format import format_tal
from udfs.language.vocabulary import ENHETER

MNKR = 1_000_000.0
FAR = 0.5  # a manual forecast more than half the interval's width outside it is "far outside"
INOM, UNDER, OVER = "Inom intervallet", "Under intervallet", "Över intervallet"


def _mnkr(value: float, enhet: str) -> str:
    return format_tal(value * ENHETER[enhet] / MNKR, 1)


def band_sentence(band: Band | None, enhet: str, forecast: float) -> str | None:
    """ "Med 80 % sannolikhet hamnar nettokostnaden mellan … och … miljoner kronor." for the
    committee's Netto when the history gives an interval and the committee's ``forecast`` lies
    in it (a manual forecast outside it would contradict the sentence: the economist is warned
    in Valideringsfel instead); a sentence saying why not when the history was long enough to
    test an interval that did not hold; else None."""
    if band is None or (band.shown and position(forecast, band) != INOM):
        return None
    if not band.shown:
        if band.checked and band.coverage is not None:
            return (
                "Prognosens osäkerhet anges inte som ett intervall: när metoden prövades på tidigare år "
                f"hamnade bara {band.inside} av {band.checked} utfall inom intervallet."
            )
        return None
    if band.high <= 0:  # net cost: the interval of −netto, turned round
        return (
            f"Med 80 % sannolikhet hamnar nettokostnaden mellan {_mnkr(-band.high, enhet)} och "
            f"{_mnkr(-band.low, enhet)} miljoner kronor."
        )
    return (
        f"Med 80 % sannolikhet hamnar nettoresultatet mellan {_mnkr(band.low, enhet)} och "
        f"{_mnkr(band.high, enhet)} miljoner kronor."
    )


def for_committee(band: Band | None, forecast: float) -> Band | None:
    """The interval the committee sees (its sentence, the chart): only one that holds the
    committee's own forecast, else a manual forecast outside it would be contradicted in print."""
    return band if band is not None and band.shown and position(forecast, band) == INOM else None


def position(value: float, band: Band | None) -> str | None:
    """Where ``value`` lies against the interval, or None without one."""
    if band is None or not band.shown:
        return None
    if value < band.low:
        return UNDER
    if value > band.high:
        return OVER
    return INOM


def far_outside(value: float, band: Band | None) -> bool:
    if band is None or not band.shown:
        return False
    margin = FAR * (band.high - band.low)
    return value < band.low - margin or value > band.high + margin


def outside_warning(area: str, typ: str, value: float, band: Band, enhet: str) -> str:
    lo, hi = format_tal(band.low, 0), format_tal(band.high, 0)
    return (
        f"{area} / {typ}: Manuell prognos ligger utanför det troliga intervallet ({lo} till {hi} {enhet}, "
        f"80 % enligt hur prognoserna träffat tidigare år); den automatiska prognosen är "
        f"{format_tal(band.center, 0)} {enhet}. Kontrollera bedömningen och förklara den i Kommentar."
    )
