"""The Volymer table's vocabulary and its validated row: units (stock, flow, key figure), money
units, ``VolumeRow``. The record only: ``validation/section_tables/volumes.py`` reads the rows,
``udfs/volume/calculation.py`` computes with them (numpy). Kept apart so that validating a workbook does
not load the computation (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from udfs.language.vocabulary import ENHETER

# --- the units of the Volymer table -----------------------------------------------------
STOCK = "genomsnitt"  # an average level over the period (årsplatser, hushåll per månad)
FLOW = "summa"  # a count summed over the period (vårddygn, timmar)
INDICATOR = "nyckeltal"  # a key figure without a cost (procent, månader)

# normalised unit -> (display name, kind)
VOLUME_UNITS: dict[str, tuple[str, str]] = {
    "arsplatser": ("årsplatser", STOCK),
    "arsplats": ("årsplatser", STOCK),
    "platser": ("platser", STOCK),
    "arsboende": ("årsboende", STOCK),
    "hushall": ("hushåll", STOCK),
    "personer": ("personer", STOCK),
    "barn": ("barn", STOCK),
    "antal": ("antal", STOCK),
    "insatser": ("insatser", STOCK),
    "arenden": ("ärenden", STOCK),
    "placeringar": ("placeringar", STOCK),
    "brukare": ("brukare", STOCK),
    "lagenheter": ("lägenheter", STOCK),
    "varddygn": ("vårddygn", FLOW),
    "dygn": ("dygn", FLOW),
    "timmar": ("timmar", FLOW),
    "besok": ("besök", FLOW),
    "procent": ("procent", INDICATOR),
    "%": ("procent", INDICATOR),
    "andel": ("andel", INDICATOR),
    "manader": ("månader", INDICATOR),
}
KNOWN_UNITS = tuple(dict.fromkeys(v[0] for v in VOLUME_UNITS.values()))

AR = "år"
MANAD = "månad"
MONEY = {unit: int(kronor) for unit, kronor in ENHETER.items()}  # exact, for Fraction


@dataclass
class VolumeRow:
    """One validated row of the Volymer table (values in the units typed; None = unknown)."""

    omrade: str
    matt: str
    enhet: str  # display name from VOLUME_UNITS
    kind: str  # STOCK, FLOW or INDICATOR
    per: str = AR  # unit cost per year or per month (STOCK only)
    kostnad_i: str = "tkr"  # money unit of the unit costs
    budget_volym: float | None = None
    utfall_volym: float | None = None
    prognos_volym: float | None = None
    fg_volym: float | None = None
    budget_styck: float | None = None
    utfall_styck: float | None = None
    prognos_styck: float | None = None  # as typed
    del_av: str | None = None  # the Volymmått of the parent row, same area
    row: int = 0  # sheet row, for messages
    cells: dict[str, str] = field(default_factory=dict)  # key -> cell address

    @property
    def has_cost(self) -> bool:
        return self.kind != INDICATOR and (self.budget_styck is not None or self.prognos_styck is not None)

    @property
    def prognos_styck_antagen(self) -> bool:
        """True when the forecast unit cost is taken from the budget (none typed)."""
        return self.prognos_styck is None and self.budget_styck is not None and self.prognos_volym is not None

    @property
    def prognos_styck_eff(self) -> float | None:
        return self.budget_styck if self.prognos_styck_antagen else self.prognos_styck

    @property
    def manader(self) -> int:
        """Multiplier from unit cost to a full year: 12 for a monthly unit cost, else 1."""
        return 12 if (self.kind == STOCK and self.per == MANAD) else 1
