"""Which column of a header row is which column of the contract (``validation.contract``
imports it from here, so readers find it there with the declarations it reads)."""

from __future__ import annotations

from typing import Any

from udfs.language.vocabulary import month_of_header, normalize


def match_columns(spec: Any, headers: list[object]) -> tuple[dict[str, int], dict[int, int]]:
    """Map header positions to column keys and month numbers (``spec``: a ``TableSpec``).

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
