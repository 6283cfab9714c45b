"""Reading the optional ``Prognoshistorik`` table (forecast accuracy)."""

from __future__ import annotations

from dataclasses import dataclass

from udfs.forecasting.history import NETTO, HistoryRow
from udfs.language.vocabulary import TYP_SYNONYMS, normalize, printable, suggest
from validation.contract import EXTRA_SETTINGS, PROGNOSHISTORIK
from validation.findings import FEL, VARNING
from validation.raw_table import RawTable
from validation.reader import INVALID, Reader, area_lookup
from validation.section_tables.volumes import positive_setting

_TYP = {**TYP_SYNONYMS, "netto": NETTO, "nettokostnad": NETTO}
DEFAULT_MAL = 0.01  # Botkyrka: the forecast may deviate from the outcome by at most 1 %


def mal_prognossakerhet(reader: Reader) -> float:
    return positive_setting(reader, EXTRA_SETTINGS["mal_prognossakerhet"], DEFAULT_MAL, share=True)


def read_prognoshistorik(reader: Reader, areas: list[str], ar: int) -> list[HistoryRow] | None:
    """The Prognoshistorik table; None when the workbook has none. Findings go to ``reader``."""
    raw = reader.table(PROGNOSHISTORIK)
    if raw is None:
        return None
    cols = reader.columns(raw, PROGNOSHISTORIK)
    if cols is None:
        return []
    found, _ = cols
    lookup = area_lookup(areas)
    out: list[HistoryRow] = []
    seen: dict[tuple, int] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        row = _Cells(reader, raw, found, row_number, values)
        labels = _labels(row, lookup, areas)
        if labels is None:
            continue
        area_text, omgang, area, typ = labels
        year = _year(row, ar)
        prognos = row.number("prognos", "Prognos")
        if prognos is None:
            reader.add(
                FEL, raw, row.cell("prognos"), "prognos_saknas", "Prognos saknas. Fyll i omgångens helårsprognos."
            )
        budget = row.number("budget", "Budget")
        low, high = row.number("prognos_lag", "Prognos låg"), row.number("prognos_hog", "Prognos hög")
        if any(v is INVALID for v in (prognos, budget, low, high)):
            continue
        if omgang is None or typ is None or year is None or prognos is None:
            continue
        key = (year, normalize(omgang), area or normalize(area_text), typ)
        if key in seen:
            reader.add(
                FEL,
                raw,
                row.cell("omrade"),
                "dubblett",
                f"{area_text} / {typ} {omgang} {year} finns redan på rad {seen[key]}. Ta bort dubbletten.",
            )
            continue
        seen[key] = row_number
        out.append(
            HistoryRow(
                year,
                omgang,
                area or area_text,
                typ,
                float(prognos),
                None if budget is None else float(budget),
                area is not None,
                row_number,
                {k: raw.address(row_number, pos) for k, pos in found.items()},
                None if low is None else float(low),
                None if high is None else float(high),
            )
        )
    return out


@dataclass(frozen=True)
class _Cells:
    """One row of Prognoshistorik: where its cells are and what they hold."""

    reader: Reader
    raw: RawTable
    found: dict[str, int]
    row_number: int
    values: list[object]

    def cell(self, key: str) -> str:
        return self.raw.address(self.row_number, self.found.get(key, 0))

    def text(self, key: str) -> str | None:
        if key not in self.found or self.values[self.found[key]] is None:
            return None
        value = self.values[self.found[key]]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(printable(str(value)).split()) or None

    def number(self, key: str, label: str) -> object:
        if key not in self.found:
            return None
        pos = self.found[key]
        return self.reader.cell_value(self.raw, self.row_number, pos, self.values[pos], "budget", label)


def _labels(
    row: _Cells, lookup: dict[str, str], areas: list[str]
) -> tuple[str, str | None, str | None, str | None] | None:
    """(area as typed, Omgång, the Budget area, Typ); None without an area. A missing Omgång or
    an unreadable Typ is an error (None), an area not in Budget a warning (None)."""
    reader, raw = row.reader, row.raw
    area_text, omgang = row.text("omrade"), row.text("omgang")
    if area_text is None:
        reader.add(FEL, raw, row.cell("omrade"), "ogiltigt_varde", "Verksamhetsområde saknas i Prognoshistorik.")
        return None
    if omgang is None:
        reader.add(
            FEL,
            raw,
            row.cell("omgang"),
            "ogiltigt_varde",
            "Omgång saknas: skriv vilken prognos det är, t.ex. mars, delår 1, oktober eller delår 2.",
        )
    area = lookup.get(normalize(area_text))
    if area is None:
        reader.add(
            VARNING,
            raw,
            row.cell("omrade"),
            "okant_omrade",
            f"Verksamhetsområdet {area_text!r} finns inte i Budget.{suggest(area_text, areas)} "
            "Utfallet kan inte hämtas för raden.",
        )
    typ_text = row.text("typ")
    typ = NETTO if typ_text is None else _TYP.get(normalize(typ_text))
    if typ is None:
        reader.add(
            FEL,
            raw,
            row.cell("typ"),
            "ogiltigt_varde",
            f"Typ måste vara Intäkter, Kostnader eller Netto (står: {typ_text!r}).",
        )
    return area_text, omgang, area, typ


def _year(row: _Cells, ar: int) -> int | None:
    """The row's År (empty: ``ar``, the workbook's year); None when it is not a year."""
    found, values = row.found, row.values
    if "ar" not in found or values[found["ar"]] is None:
        return ar
    parsed = row.number("ar", "År")
    if (
        parsed is INVALID
        or parsed is None
        or float(parsed) != int(float(parsed))
        or not 1990 <= int(float(parsed)) <= 2100
    ):
        if parsed is not INVALID:
            row.reader.add(
                FEL,
                row.raw,
                row.cell("ar"),
                "ogiltigt_varde",
                f"År måste vara ett årtal, t.ex. {ar} (står: {values[found['ar']]!r}).",
            )
        return None
    return int(float(parsed))
