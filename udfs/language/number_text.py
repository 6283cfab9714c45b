"""Swedish number text to numbers: "1 234,5", "−12 000", "12 000-", "(500)".

Placeholders ("-", "Anges vid årsbokslut", "saknas") mean *not known yet* and become
``None``, never zero.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from udfs.language.vocabulary import ENHETER, PLACEHOLDERS, normalize

NUMBER = "tal"
TEXT_NUMBER = "text"
PLACEHOLDER = "platshallare"
EMPTY = "tom"
INVALID = "ogiltig"

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']")
_MINUSES = ("\u2212", "\u2013", "\u2014", "-")
_UNIT_SUFFIX = re.compile(r"(mnkr|tkr|kr|sek|:-)$", re.IGNORECASE)


@dataclass(frozen=True)
class Parsed:
    value: float | None
    kind: str


def parse_number(value: object) -> Parsed:
    """Classify and convert one cell value."""
    if value is None:
        return Parsed(None, EMPTY)
    if isinstance(value, bool):
        return Parsed(None, INVALID)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return Parsed(None, INVALID)
        return Parsed(float(value), NUMBER)
    if isinstance(value, (date, datetime)):
        return Parsed(None, INVALID)
    text = str(value).strip()
    if not text:
        return Parsed(None, EMPTY)
    if normalize(text) in PLACEHOLDERS or text in PLACEHOLDERS:
        return Parsed(None, PLACEHOLDER)
    number = parse_text(text)
    if number is None:
        return Parsed(None, INVALID)
    return Parsed(number, TEXT_NUMBER)


_UNITS = {**{unit: unit for unit in ENHETER}, "sek": "kr", ":-": "kr"}  # as typed after a number


def unit_suffix(text: object) -> str | None:
    """The unit typed after a number in text ("−275 mnkr" -> "mnkr"), or None."""
    if not isinstance(text, str):
        return None
    match = _UNIT_SUFFIX.search(_SPACES.sub("", text))
    return _UNITS.get(match.group(1).lower()) if match else None


def parse_text(text: str) -> float | None:
    s = _SPACES.sub("", text)
    s = _UNIT_SUFFIX.sub("", s)
    negative = False
    percent = False
    if s.endswith("%"):
        percent = True
        s = s[:-1]
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s[:1] in _MINUSES:
        negative, s = True, s[1:]
    elif s[-1:] in _MINUSES:
        negative, s = True, s[:-1]
    elif s.startswith("+"):
        s = s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s):
        return None
    if "," in s and "." in s:
        decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        s = s.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in s:
        if s.count(",") > 1:
            return None
        s = s.replace(",", ".")
    elif "." in s:
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
            s = s.replace(".", "")
    try:
        number = float(s)
    except ValueError:
        return None
    if percent:
        number /= 100
    return -number if negative else number
