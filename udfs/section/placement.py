"""Where the economist's own words go in the report (issue 20): a section's text (Texter) on the
section (``Section.own_words``, printed first under its heading); an area's text and its causes
(Orsaker) on ``report.own_words``, which the paper (``workbooks/report/paper_own_words.py``)
places under the area's explanation, with the committee's paragraph and the texts of the
paper's own parts (the area table, the area comments).

A text for a section the report does not have (its table is absent or empty) is not lost in
silence: it is a warning on Valideringsfel naming the Texter cell.
"""

from __future__ import annotations

from typing import Any

from udfs.section.explanation_items import area_causes
from udfs.section.explanations import Context
from udfs.section.own_words import AREA_COMMENTS, AREA_TABLE, COMMITTEE, PLACE_NAMES, Cause, TextRow, own_words
from udfs.section.sections import Warning

PAPER_PLACES = (COMMITTEE, AREA_TABLE, AREA_COMMENTS)
# The input a section comes from, for the warning when its text has nowhere to go.
SOURCE = {
    "investeringar": "tabellen Investeringar",
    "kostnadsslag": "tabellen Kostnadsslag (eller Utfall som huvudbok)",
    "prognosforandring": "kolumnen Föregående prognos i Prognos",
    "orsaker": "tabellen Orsaker",
    "handlingsplan": "tabellen Åtgärder",
    "bidrag": "tabellen Bidragsintäkter (eller statsbidrag med verksamhetsområde)",
}


def place_own_words(
    report: Any, texter: list[TextRow] | None, causes: list[Cause] | None, ctx: Context
) -> list[Warning]:
    """Put ``report.own_words`` on the report and each section's text on the section;
    the warnings for texts whose section is not in the report."""
    words = own_words(texter)
    sections = {s.key: s for s in report.sections}
    warnings = []
    for key, paragraphs in words.places.items():
        if key in PAPER_PLACES or not paragraphs:
            continue
        section = sections.get(key)
        if section is not None:
            section.own_words = list(paragraphs)
            continue
        cell = next((r.cell for r in texter or [] if r.place == key and r.cell), "A1")
        warnings.append(
            Warning(
                cell,
                f"Texten för avsnittet {PLACE_NAMES[key]!r} skrivs inte ut: rapporten har inget sådant avsnitt "
                f"eftersom {SOURCE.get(key, 'dess tabell')} saknas eller är tom. Fyll i tabellen eller skriv texten "
                "under ett annat avsnitt.",
                "Texter",
                regel="avsnitt_utan_innehall",
            )
        )
    for area in report.areas:
        netto = report.area_netto(area)
        mine = area_causes(ctx, causes or [], area, netto["prognos"] - netto["budget"])
        if mine:
            words.areas[area] = words.area(area) + mine
    report.own_words = words
    return warnings
