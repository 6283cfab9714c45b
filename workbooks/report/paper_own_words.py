"""The economist's own words in the paper (issue 20): ``report.own_words``
(``udfs.section.own_words.OwnWords``, from the tables Texter and Orsaker) placed into the
sections of ``workbooks.report.paper``, where the published papers have them:

- the committee's paragraph first in the committee's part (key "resultat", else the first part);
- a text for the per-area table first under that table's heading (key "omraden"), and a text
  for the area comments first under theirs (key "kommentarer");
- an area's text and its causes (a lead line and bullets with amounts) under the area: after
  the area's own paragraph, in its own part (key "omrade:<area>") or in the area comments;
  an area with nothing else to say gets a part of its own, in the areas' order.

The engine's sections (investments, Prognosförändring, Orsaker, Åtgärder …) carry their text as
``own_words``, which ``paper.extra_sections`` prints first (``udfs.section.placement``). Duck-typed on the paper's
sections
(``title``, ``paragraphs``, ``key``), so this module does not import the paper.
"""

from __future__ import annotations

from typing import Any, Callable

from udfs.section.own_words import AREA_COMMENTS, AREA_TABLE, COMMITTEE, OwnWords

COMMITTEE_PART, AREA_TABLE_PART, COMMENTS_PART = "resultat", "omraden", "kommentarer"


def own_words(report: Any) -> OwnWords:
    return getattr(report, "own_words", None) or OwnWords()


def area_key(area: str) -> str:
    return f"omrade:{area}"


def _prepend(section: Any, paragraphs: list[str]) -> None:
    if section is not None and paragraphs:
        section.paragraphs[:0] = paragraphs


def place_own_words(report: Any, sections: list[Any], new_part: Callable[[str, list[str]], Any]) -> list[Any]:
    """``sections`` with the own words in place; ``new_part(area, paragraphs)`` makes an area's part."""
    words = own_words(report)
    if not words.places and not words.areas:
        return sections
    by_key = {getattr(s, "key", ""): s for s in sections}
    _prepend(by_key.get(COMMITTEE_PART) or (sections[0] if sections else None), words.place(COMMITTEE))
    _prepend(by_key.get(AREA_TABLE_PART), words.place(AREA_TABLE))
    comments = by_key.get(COMMENTS_PART)
    _prepend(comments, words.place(AREA_COMMENTS))
    generated = getattr(getattr(report, "summary", None), "areas", None) or {}
    anchor = sections.index(comments) if comments in sections else len(sections) - 1
    for area in report.areas:
        mine = words.area(area)
        part = by_key.get(area_key(area))
        if part is not None:
            anchor = sections.index(part)
            part.paragraphs.extend(mine)
            continue
        if not mine:
            continue
        text = generated.get(area)
        if comments is not None and text in comments.paragraphs:
            at = comments.paragraphs.index(text) + 1
            comments.paragraphs[at:at] = mine
            continue
        anchor += 1
        sections.insert(anchor, new_part(area, mine))
    return sections
