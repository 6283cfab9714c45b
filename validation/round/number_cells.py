"""Text in a number cell of a returned workbook, explained: a number in scientific notation
("-2.76E5", rule ``exponentform``) or a number with words ("ca −1 200", "500 prel.", rule
``kommentar_i_talcell``), each with the number to type instead in the workbook's unit.
``refine`` puts these messages in place of the foundation's generic ``inte_tal``. The other
traps are in ``validation/round/traps.py``.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from udfs.language import number_text
from udfs.language.number_format import format_as_typed
from udfs.language.vocabulary import ENHETER
from validation.findings import Finding
from validation.round.traps import UNIT_OF_WORD, UNIT_WORD, TrapContext, normalize, q

_NUMBER_IN_TEXT = re.compile(r"[-−–+]?\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[,.]\d+)?|[-−–+]?\s?\d+(?:[,.]\d+)?")
_SCIENTIFIC = re.compile(r"^\s*[-−–+]?\d+(?:[.,]\d+)?[eE][-+]?\d{1,3}\s*$")


def scientific(value: object, enhet: str = "tkr") -> str | None:
    """The message when a number cell holds text in scientific notation ("-2.76E5")."""
    if not isinstance(value, str) or not _SCIENTIFIC.match(value):
        return None
    text = value.strip().replace(",", ".").replace("−", "-").replace("–", "-")
    try:
        number = float(text)
    except ValueError:
        return None
    return (
        f"{q(value.strip())} är skrivet i exponentform (E) och betyder {format_as_typed(number)} {enhet}. Skriv talet "
        f"som {format_as_typed(number)} i cellen, utan E; text kan inte räknas med."
    )


def comment_in_number(value: object, enhet: str = "tkr") -> str | None:
    """The message when a number cell holds a number plus words ("ca −1 200", "500 prel.").

    The suggested number is in the workbook's unit (``enhet``): "ca −275 mnkr" in a tkr
    workbook suggests −275 000, never a number that the next run finds 1 000 times off."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _NUMBER_IN_TEXT.search(text)
    if match is None or not re.search(r"[A-Za-zÅÄÖåäö?]", text):
        return None
    number = number_text.parse_text(
        match.group(0).replace(" ", "", 1) if match.group(0)[1:2] == " " else match.group(0)
    )
    if number is None:
        return None
    unit_word = UNIT_WORD.search(normalize(text[match.end() : match.end() + 20]))
    typed_unit = UNIT_OF_WORD.get(unit_word.group(1)) if unit_word else None
    converted = ""
    if typed_unit and typed_unit != enhet:
        number = number * ENHETER[typed_unit] / ENHETER.get(enhet, 1e3)
        converted = f" ({typed_unit} omräknat till {enhet}, som arbetsboken räknar i)"
    return (
        f"{q(text)} innehåller både ett tal och text. Skriv bara talet ({format_as_typed(number)}){converted} i "
        "cellen och förklaringen i Kommentar; text i en beloppscell kan inte räknas med."
    )


def refine(
    findings: list[Finding], value_at: Callable[[str, str], Any], ctx: TrapContext, superseded: set[tuple[str, str]]
) -> list[Finding]:
    """Replace the foundation's generic "inte_tal" with a specific message; drop findings
    on cells a trap has already explained (formula errors)."""
    out = []
    for f in findings:
        if (f.blad, f.cell) in superseded and f.regel in ("inte_tal", "ogiltigt_varde", "okant_omrade", "tal_som_text"):
            continue
        if f.regel == "inte_tal":
            value = value_at(f.blad, f.cell)
            message = scientific(value, ctx.enhet)
            if message:
                label = f.meddelande.split(":", 1)[0]
                out.append(f.model_copy(update={"regel": "exponentform", "meddelande": f"{label}: {message}"}))
                continue
            message = comment_in_number(value, ctx.enhet)
            if message:
                label = f.meddelande.split(":", 1)[0]
                f = f.model_copy(update={"regel": "kommentar_i_talcell", "meddelande": f"{label}: {message}"})
        out.append(f)
    return out
