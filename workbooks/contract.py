"""The workbook contract (../shared/PRODUCT.md): table names, columns, synonyms.

Headers are matched case- and accent-insensitively after normalisation, first on the
canonical name, then on synonyms, so that "Verksamhet" is the finer level when a
"Verksamhetsområde" column exists and the area itself when it does not.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

MONTH_NAMES = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]
MONTH_ABBR = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTH_HEADERS = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]

# Sheets the add-in owns and rewrites whole on every run; never read as input.
DERIVED_SHEETS = (
    "Sammanfattning",
    "Rapport",
    "Avvikelse",
    "Metodval",
    "Volymanalys",
    "Prognossäkerhet",
    "Diagram",
    "Återrapportering",
    "Valideringsfel",
)

TYP_INTAKTER = "Intäkter"
TYP_KOSTNADER = "Kostnader"
TYP_NETTO = "Netto"
TYPER = (TYP_INTAKTER, TYP_KOSTNADER)

METODER = ("Linjär", "Säsong", "Budgetprofil", "Volym", "Manuell")

ENHETER = {"kr": 1.0, "tkr": 1_000.0, "mnkr": 1_000_000.0}

# Text that means "not known yet" in a number cell. Never zero.
PLACEHOLDERS = {
    "-", "--", "\u2013", "\u2014", "x", "..", "...", "saknas", "uppgift saknas",
    "anges vid arsbokslut", "anges senare", "ej kand", "ej kant", "okand", "okant",
    "* endast utfall", "endast utfall", "n/a", "na", "ej tillampligt", "e.t.",
}


def normalize(text: object) -> str:
    """Lower-case, strip accents and punctuation, fold white space: "Månad " -> "manad"."""
    if text is None:
        return ""
    return _normalize(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=65536)
def _normalize(text: str) -> str:
    # Cached: the same few area and type names recur on every outcome row.
    value = unicodedata.normalize("NFKD", text)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.lower().replace("\u00a0", " ")
    value = re.sub(r"[\s_]+", " ", value)
    value = re.sub(r"[:*\.]+$", "", value.strip())
    return value.strip()


def month_of_header(header: object) -> int | None:
    """1–12 for "jan", "Januari", "2023-01", "jan 2023", "2023 jan"; else None."""
    text = normalize(header)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})[-/ ]?(\d{1,2})", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(2))
    text = re.sub(r"\b\d{4}\b", "", text).strip()
    if text in MONTH_NAMES:
        return MONTH_NAMES.index(text) + 1
    if text in MONTH_ABBR:
        return MONTH_ABBR.index(text) + 1
    if text == "sept":
        return 9
    return None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str  # Excel Table name
    sheet: str  # sheet-name fallback
    columns: tuple[Column, ...]
    months: bool = False  # Jan…Dec columns allowed
    extra_sheet_names: tuple[str, ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


AREA = Column("omrade", "Verksamhetsområde", ("verksamhet", "omrade", "verksamhetsomraden", "vo"), True)
ACTIVITY = Column("verksamhet", "Verksamhet", ("aktivitet", "enhet/verksamhet", "ansvar"))
TYP = Column("typ", "Typ", ("intakt/kostnad", "intakter/kostnader", "slag", "kostnadstyp"), True)

INSTALLNINGAR = TableSpec(
    "Installningar",
    "Inställningar",
    (
        Column("parameter", "Parameter", ("installning", "namn"), True),
        Column("varde", "Värde", ("varde", "installt varde"), True),
    ),
    extra_sheet_names=("Installningar", "Settings"),
)
BUDGET = TableSpec(
    "Budget",
    "Budget",
    (
        AREA,
        ACTIVITY,
        TYP,
        Column("budget", "Budget", ("budget helar", "helarsbudget", "arsbudget", "budget ar"), True),
    ),
    months=True,
)
UTFALL = TableSpec(
    "Utfall",
    "Utfall",
    (
        AREA,
        ACTIVITY,
        TYP,
        Column("ar", "År", ("ar", "year", "bokforingsar"), True),
        Column("manad", "Månad", ("manad", "period", "man", "manadsnummer")),
        Column("belopp", "Belopp", ("utfall", "varde", "summa", "belopp tkr", "belopp kr")),
    ),
    months=True,
)
PROGNOS = TableSpec(
    "Prognos",
    "Prognos",
    (
        AREA,
        TYP,
        Column("metod", "Metod", ("prognosmetod",)),
        Column("manuell", "Manuell prognos", ("manuell", "egen prognos", "manuell prognos helar")),
        Column("foregaende", "Föregående prognos", ("fg prognos", "foregaende", "forra prognosen", "tidigare prognos")),
        Column("kommentar", "Kommentar", ("kommentarer", "anteckning", "forklaring")),
    ),
)

INPUT_TABLES = (INSTALLNINGAR, BUDGET, UTFALL, PROGNOS)

# Installningar rows: key -> (display name, synonyms, required)
SETTINGS_ROWS = {
    "namnd": ("Nämnd", ("namnd", "namnden", "styrelse"), True),
    "ar": ("År", ("ar", "budgetar", "prognosar"), True),
    "period": ("Period", ("period", "senaste manad", "stangd manad", "manad"), True),
    "enhet": ("Enhet", ("enhet", "belopp i"), False),
    "balansgrans": ("Balansgräns", ("balansgrans", "grans budget i balans"), False),
    # The sign convention as explicit data: "negativa" (default, as the committee papers) or
    # "positiva" for ledgers that export costs as positive amounts.
    "kostnader": ("Kostnader", ("kostnader som", "teckenkonvention", "kostnadstecken", "tecken kostnader"), False),
}


def match_columns(spec: TableSpec, headers: list[object]) -> tuple[dict[str, int], dict[int, int]]:
    """Map header positions to column keys and month numbers.

    Returns (key -> position, position -> month). Canonical names win over synonyms;
    the first matching column wins; extra columns are simply not mapped.
    """
    normalized = [normalize(h) for h in headers]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for column in spec.columns:
        target = normalize(column.header)
        for pos, text in enumerate(normalized):
            if pos not in taken and text == target:
                found[column.key] = pos
                taken.add(pos)
                break
    for column in spec.columns:
        if column.key in found:
            continue
        names = {normalize(s) for s in column.synonyms}
        for pos, text in enumerate(normalized):
            if pos not in taken and text in names:
                found[column.key] = pos
                taken.add(pos)
                break
    # "Verksamhet" is the finer level only beside an area column; alone it is the area.
    if "omrade" not in found and "verksamhet" in found and any(c.key == "omrade" for c in spec.columns):
        found["omrade"] = found.pop("verksamhet")
    months: dict[int, int] = {}
    if spec.months:
        for pos, header in enumerate(headers):
            if pos in taken:
                continue
            month = month_of_header(header)
            if month is not None and month not in months.values():
                months[pos] = month
    return found, months


# --- tables of the volume and grant features (issues on volumes and grants) ----------
VOLYMER = TableSpec(
    "Volymer",
    "Volymer",
    (
        AREA,
        Column("volymmatt", "Volymmått", ("volym", "matt", "nyckeltal"), True),
        Column("enhet", "Enhet", ("volymenhet",), True),
        Column("budget_volym", "Budget volym", ("budgeterad volym", "volym budget"), True),
        Column("budget_styckkostnad", "Budget styckkostnad", ("budgeterad styckkostnad", "styckkostnad budget"), True),
        Column("styckkostnad_per", "Styckkostnad per", ("per",)),
        Column("utfall_volym", "Utfall volym", ("volym utfall",)),
        Column("utfall_styckkostnad", "Utfall styckkostnad", ("styckkostnad utfall",)),
        Column("prognos_volym", "Prognos volym", ("volym prognos",)),
        Column("prognos_styckkostnad", "Prognos styckkostnad", ("styckkostnad prognos",)),
        Column("del_av", "Del av", ("delmangd av", "ingar i", "varav av")),
        Column("styckkostnad_i", "Styckkostnad i", ("valuta", "belopp i", "kostnad i")),
        Column("fg_volym", "Utfall volym fg år", ("volym fg ar", "utfall fg ar", "fg ar volym")),
    ),
)
# Forecast accuracy (prognossäkerhet): one row per round's forecast, per area.
PROGNOSHISTORIK = TableSpec(
    "Prognoshistorik",
    "Prognoshistorik",
    (
        AREA,
        Column("omgang", "Omgång", ("prognostillfalle", "tillfalle", "prognosomgang", "rapport"), True),
        Column("prognos", "Prognos", ("prognos helar", "helarsprognos", "belopp"), True),
        Column("ar", "År", ("ar", "prognosar"),),
        Column("typ", "Typ", ("intakt/kostnad", "slag")),
        Column("budget", "Budget", ("budget helar", "arsbudget")),
    ),
)
STATSBIDRAG = TableSpec(
    "Statsbidrag",
    "Statsbidrag",
    (
        Column("bidrag", "Bidrag", ("statsbidrag", "bidragets namn"), True),
        Column("myndighet", "Myndighet", ("beviljande myndighet",), True),
        Column("mottaget", "Mottaget", ("mottaget belopp", "mottaget kr", "belopp"), True),
        Column("period_fran", "Period från", ("fran", "fran och med", "period fr o m"), True),
        Column("period_till", "Period till", ("till", "till och med", "period t o m"), True),
        Column("diarienummer", "Diarienummer", ("dnr", "kommunens dnr", "myndighetens dnr")),
        Column("omrade", "Verksamhetsområde", ("verksamhet", "omrade")),
        Column("aterrapportering_senast", "Återrapportering senast", ("sista dag aterrapportering", "deadline")),
        Column("kostnadskategorier", "Kostnadskategorier", ("kategorier",)),
        Column("anonymisera", "Anonymisera antal", ("anonymisera",)),
        Column("inlamnad", "Inlämnad", ("inskickad", "rapporterad", "aterrapporterad", "inlamnad datum")),
        # issue 4: the agency's case number per round, and the form's comment (max 1 000 tecken)
        Column("myndighetens_dnr", "Myndighetens dnr", ("dnr myndighet", "dnr for ansokan", "dnr for rekvisition")),
        Column("kommentar", "Kommentar", ("kommentarer", "kommentar ekonomisk redovisning")),
        # the form's field 3a: why money is left when it is (issue 13)
        Column("orsak_kvarstaende", "Orsak kvarstående medel",
               ("orsak till kvarstaende medel", "orsak kvarstaende", "orsak till kvarstaende", "falt 3a", "3a")),
    ),
)
BIDRAGSKOSTNADER = TableSpec(
    "Bidragskostnader",
    "Bidragskostnader",
    (
        Column("bidrag", "Bidrag", ("statsbidrag",), True),
        Column("belopp", "Belopp", ("kostnad", "belopp kr"), True),
        Column("kategori", "Kategori", ("kostnadskategori",)),
        Column("aktivitet", "Aktivitet", ("insats",)),
        Column("datum", "Datum", ("bokforingsdatum",)),
        Column("kommentar", "Kommentar", ("kommentarer",)),
        Column("antal", "Antal", ("antal personer", "antal deltagare", "deltagare")),  # anonymised when the grant says so
    ),
)
