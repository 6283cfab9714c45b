"""The economist's own words as data (issue 20, item 4): the rows of ``Texter``, ``Orsaker`` and
the action plan ``Atgarder``, the places a text may stand (``Avsnitt``) and a typed text as the
paper's paragraphs and bullets.

Records and vocabulary only, no numbers: ``validation/section_tables/own_words.py`` reads the
tables, ``udfs/section/explanation_items.py`` (Orsaker) and ``udfs/section/action_plan.py``
(Åtgärder) build the sections, ``udfs/section/assembly.py`` puts ``OwnWords`` on the report and
``workbooks/report/own_words.py`` places them in the paper.

A typed text keeps its words: each line of a cell is a paragraph of its own (Alt+Enter in
Excel), a line that starts with "- " or "•" is a bullet, and several rows of one Avsnitt follow
each other in the table's order. A bullet travels through the paper's description as a
paragraph that starts with ``BULLET``; the renderers turn it into a real list item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from udfs.language.vocabulary import MONTH_NAMES, normalize

BULLET = "\u2022"  # "•": the mark a bullet paragraph starts with in the paper's description
_BULLET_MARKS = ("- ", "\u2013 ", "\u2022", "*\u0020")

# Where a text may stand, as the economist writes it in Avsnitt (key, name, other names).
# An area's name (as in Budget) is a place too: the text stands under that area.
COMMITTEE = "namnden"
AREA_TABLE = "omraden"
AREA_COMMENTS = "kommentarer"
PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        COMMITTEE,
        "Nämnden",
        (
            "namndens ekonomi",
            "sammanfattning",
            "ekonomiskt resultat och prognos",
            "ekonomisk sammanfattning",
            "inledning",
            "hela namnden",
        ),
    ),
    (
        AREA_TABLE,
        "Budgetavvikelse per verksamhetsområde",
        ("budgetavvikelse", "driftredovisning", "avvikelse per verksamhetsomrade"),
    ),
    (AREA_COMMENTS, "Kommentarer per verksamhetsområde", ("kommentarer", "analys", "verksamhetsomradena")),
    ("investeringar", "Investeringar", ("investeringsredovisning", "investeringsuppfoljning")),
    ("kostnadsslag", "Intäkter och kostnader", ("kostnadsslag", "intakter och kostnadsanalys")),
    (
        "prognosforandring",
        "Prognosförändring",
        ("prognosavvikelse", "forandring mot foregaende prognos", "prognosforandringar"),
    ),
    ("orsaker", "Orsaker", ("forklaringsposter", "orsaker till avvikelsen", "forklaringar")),
    (
        "handlingsplan",
        "Åtgärder",
        ("atgarder", "handlingsplan", "atgarder med anledning av budgetavvikelse", "atgardsplan"),
    ),
    (
        "bidrag",
        "Bidrag och ersättningar",
        ("statsbidrag", "bidrag", "ersattningar", "ovrig betydelsefull ekonomisk information"),
    ),
)
PLACE_NAMES = {key: name for key, name, _ in PLACES}


def place_of(name: object) -> str | None:
    """The key of the place ``name`` (an Avsnitt as typed) names, or None."""
    text = normalize(name or "")
    for key, display, synonyms in PLACES:
        if text == normalize(display) or text in synonyms:
            return key
    return None


@dataclass
class TextRow:
    """A row of Texter: ``place`` a key of ``PLACES``, or ``area`` (as Budget spells it)."""

    place: str | None
    area: str | None
    text: str
    cell: str = ""


@dataclass
class Cause:
    """A row of Orsaker: a cause of the deviation, in the workbook's unit with the deviation's
    sign (+ helps the result, − burdens it); ``belopp`` None: no amount given (never 0)."""

    orsak: str
    omrade: str | None = None  # None: the committee as a whole
    belopp: float | None = None
    kommentar: str | None = None
    cell: str = ""


@dataclass
class Action:
    """A row of the action plan (Åtgärder), as Nacka prints it; amounts in the workbook's unit."""

    atgard: str
    omrade: str | None = None
    beslutsdatum: date | str | None = None  # a day, or a month as text ("mars 2024")
    effekt: float | None = None
    varav_personal: float | None = None
    full_effekt: date | str | None = None
    status: str | None = None
    kommentar: str | None = None
    cell: str = ""


@dataclass
class OwnWords:
    """The economist's paragraphs by place: the committee's, a section's (by its key, as
    ``udfs.section.sections.Section.key``) and an area's (by its name)."""

    places: dict[str, list[str]] = field(default_factory=dict)
    areas: dict[str, list[str]] = field(default_factory=dict)

    def place(self, key: str) -> list[str]:
        return list(self.places.get(key, []))

    def area(self, name: str) -> list[str]:
        return list(self.areas.get(name, []))


def paragraphs(text: object) -> list[str]:
    """A typed text as the paper's paragraphs: one per line; a bullet starts with ``BULLET``."""
    out = []
    for line in str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        mark = next((m for m in _BULLET_MARKS if line.startswith(m)), None)
        if mark is not None:
            rest = line[len(mark) :].strip()
            if rest:
                out.append(bullet(rest))
            continue
        out.append(line)
    return out


def month_text(year: int, month: int) -> str:
    """A month as the paper writes it: "mars 2024"."""
    return f"{MONTH_NAMES[month - 1]} {year}"


def bullet(text: str) -> str:
    return f"{BULLET} {text}"


def is_bullet(paragraph: str) -> bool:
    return paragraph.startswith(BULLET)


def bullet_text(paragraph: str) -> str:
    """The words of a bullet paragraph without its mark."""
    return paragraph[len(BULLET) :].strip() if is_bullet(paragraph) else paragraph


def own_words(rows: list[TextRow] | None) -> OwnWords:
    """Texter as paragraphs by place and by area, rows of one place in table order."""
    out = OwnWords()
    for row in rows or []:
        target = out.areas.setdefault(row.area, []) if row.area else out.places.setdefault(row.place or "", [])
        target.extend(paragraphs(row.text))
    return out
