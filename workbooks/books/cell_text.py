"""Text that Excel would take for a formula stays text, declared once.

A comment such as "-5 % mot budget" or "=se bilaga" typed by a unit must never become a formula
in a workbook Prognos writes: openpyxl would write it as one, Excel would parse it, and the
live book's range assignment would too.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")


def looks_like_formula(value: Any) -> bool:
    """Whether Excel would read this text as a formula if it were typed into a cell."""
    return isinstance(value, str) and len(value) > 1 and value[:1] in FORMULA_STARTS


def set_value(cell: Any, value: Any) -> None:
    """Put a value into an openpyxl cell; text that looks like a formula is kept as text
    (a string cell with Excel's quote prefix, as when the user types an apostrophe)."""
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def as_typed_text(text: str) -> str:
    """The text as the user would type it so that Excel keeps it as text (a leading apostrophe
    where it would be a formula): for writing through Excel itself (the live book)."""
    return "'" + text if looks_like_formula(text) else text
