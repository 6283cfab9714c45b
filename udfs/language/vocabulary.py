"""The domain's vocabulary: months, types, methods, units, placeholders and text folding.

Declared once, at the bottom of the dependency order (``udfs`` ← ``validation`` ←
``workbooks`` ← ``addin``), so the calculations, the contract and the readers all use the
same words. Pure functions only: no files, no cells.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

MONTH_NAMES = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
MONTH_ABBR = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTH_HEADERS = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]

# A finding's severity, declared once (the rule catalogue, findings and the grant arithmetic).
FEL = "fel"
VARNING = "varning"

TYP_INTAKTER = "Intäkter"
TYP_KOSTNADER = "Kostnader"
TYP_NETTO = "Netto"
TYPER = (TYP_INTAKTER, TYP_KOSTNADER)

LINJAR = "Linjär"
SASONG = "Säsong"
BUDGETPROFIL = "Budgetprofil"
VOLYM = "Volym"
MANUELL = "Manuell"
METODER = (LINJAR, SASONG, BUDGETPROFIL, VOLYM, MANUELL)

ENHETER = {"kr": 1.0, "tkr": 1_000.0, "mnkr": 1_000_000.0}  # kronor per unit
ENHET_I_ORD = {"kr": "kronor", "tkr": "tusentals kronor (tkr)", "mnkr": "miljoner kronor (mnkr)"}

# How economists write a Typ or a Metod (normalised) -> the contract's word.
TYP_SYNONYMS = {"intakter": TYP_INTAKTER, "intakt": TYP_INTAKTER, "kostnader": TYP_KOSTNADER, "kostnad": TYP_KOSTNADER}
METOD_SYNONYMS = {
    "linjar": LINJAR,
    "linjart": LINJAR,
    "sasong": SASONG,
    "sasongsprofil": SASONG,
    "budgetprofil": BUDGETPROFIL,
    "budget": BUDGETPROFIL,
    "volym": VOLYM,
    "manuell": MANUELL,
    "manuellt": MANUELL,
}

# Text that means "not known yet" in a number cell. Never zero.
PLACEHOLDERS = {
    "-",
    "--",
    "\u2013",
    "\u2014",
    "x",
    "..",
    "...",
    "saknas",
    "uppgift saknas",
    "anges vid arsbokslut",
    "anges senare",
    "ej kand",
    "ej kant",
    "okand",
    "okant",
    "* endast utfall",
    "endast utfall",
    "n/a",
    "na",
    "ej tillampligt",
    "e.t.",
}

# Excel's error values, declared once: what each means, for messages. The classic seven
# (CLASSIC_ERROR_VALUES) are the ones every reader knows (python-calamine reads them, COM hands
# them over as CVErr codes); the rest came with dynamic arrays, data types and connected formulas.
ERROR_VALUES = {
    "#REF!": "en formel hänvisar till celler som har tagits bort",
    "#DIV/0!": "en formel delar med noll",
    "#VALUE!": "en formel räknar med text eller fel typ av värde",
    "#NAME?": "en formel använder ett namn eller en funktion som inte finns",
    "#N/A": "en formel hittar inte det värde den letar efter",
    "#NUM!": "en formel ger ett ogiltigt tal",
    "#NULL!": "en formel har ett ogiltigt område",
    "#SPILL!": "en formels resultat får inte plats",
    "#CALC!": "en formel kan inte beräknas",
    "#GETTING_DATA": "en formel väntar på data",
    "#FIELD!": "en formel hänvisar till ett fält som inte finns i en datatyp",
    "#BLOCKED!": "en formel är blockerad, t.ex. av säkerhetsinställningar",
    "#CONNECT!": "en formel får ingen kontakt med en extern tjänst",
    "#BUSY!": "en formel räknar fortfarande",
    "#UNKNOWN!": "en formel använder en datatyp som den här versionen av Excel inte känner till",
    "#PYTHON!": "en Python-formel i Excel ger fel",
}
CLASSIC_ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


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


# Characters no sheet, Word document or PDF may carry (XML 1.0 forbids most C0 controls; Excel
# stores them as _x0001_ … and readers hand them back as characters): separators become a
# space, the rest go.
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1f\x85]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` as every writer can hold it, in composed form (NFC): the one cleaning of texts
    read from a workbook (``validation.models.clean_text``) and written to a sheet
    (``workbooks.books.sheet_spec.Cell``) or a Word document."""
    if text.isascii() and text.isprintable():
        return text
    text = _UNPRINTABLE.sub("", _SEPARATORS.sub(" ", text))
    return unicodedata.normalize("NFC", text)


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


def canonical_typ(value: object) -> object:
    """ "kostnad", "KOSTNADER" -> "Kostnader"; anything else unchanged (the model rejects it)."""
    if isinstance(value, str):
        return TYP_SYNONYMS.get(normalize(value), value)
    return value


def canonical_metod(value: object) -> object:
    """ "linjärt", "Budget" -> "Linjär", "Budgetprofil"; empty -> None; anything else unchanged."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        return METOD_SYNONYMS.get(normalize(value), value)
    return value


# One verksamhetsområde under several names in the committee papers (a known trap): Botkyrka's
# delår 1 2023 calls the same area "Gemensam verksamhet" in the operating statement and "Ledning
# och administration" in the forecast-change table; the grant table prints "Flyktingåtgärder"
# for Flyktingmottagande and "Försörjningsstöd" for Ekonomiskt bistånd. Never matched silently:
# a name that is not the Budget's is still reported, and the message names the Budget's area.
SAME_AREA = (
    ("Gemensam verksamhet", "Ledning och administration", "Gemensamt", "Ledning"),
    ("Flyktingmottagande", "Flyktingåtgärder", "Flyktingåtgärder inkl. Ensamkommande", "Flyktingverksamhet"),
    ("Ekonomiskt bistånd", "Försörjningsstöd"),
    (
        "Vuxna, psykisk funktionsnedsättning",
        "Vuxna, med psykisk funktionsnedsättning",
        "Vuxna med psykisk funktionsnedsättning",
    ),
)


def known_alias(name: str, candidates: list[str]) -> str | None:
    """The candidate that ``name`` is another name for, per ``SAME_AREA``; else None."""
    key = normalize(name)
    by_key = {normalize(c): c for c in candidates}
    for group in SAME_AREA:
        keys = [normalize(g) for g in group]
        if key in keys:
            for k in keys:
                if k in by_key and k != key:
                    return by_key[k]
    return None


def suggest(name: str, candidates: list[str]) -> str:
    """ " Menar du 'X'?" for the closest candidate, or ""; a known second name of an area
    (``SAME_AREA``) names the Budget's area and says it is the same one."""
    alias = known_alias(name, candidates)
    if alias is not None:
        return (
            f" {name!r} och {alias!r} är samma verksamhetsområde under två namn i nämndens rapporter: "
            f"använd Budgets namn {alias!r}."
        )
    by_norm = {normalize(c): c for c in candidates}
    match = difflib.get_close_matches(normalize(name), list(by_norm), n=1, cutoff=0.6)
    return f" Menar du {by_norm[match[0]]!r}?" if match else ""


def slug(text: str) -> str:
    """A file-name-safe ASCII form: "Individ- och familjeomsorg" -> "individ-och-familjeomsorg"."""
    value = unicodedata.normalize("NFKD", str(text))
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value or "enhet"
