"""Reading the optional ``Prognoshistorik`` table (forecast accuracy)."""

from __future__ import annotations

from udfs.forecasting.history import NETTO, HistoryRow
from udfs.language.vocabulary import TYP_SYNONYMS, normalize, printable, suggest
from validation.contract import EXTRA_SETTINGS, PROGNOSHISTORIK
from validation.findings import FEL, VARNING
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

        def cell(key: str) -> str:
            return raw.address(row_number, found.get(key, 0))

        def text(key: str) -> str | None:
            if key not in found or values[found[key]] is None:
                return None
            value = values[found[key]]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return " ".join(printable(str(value)).split()) or None

        def number(key: str, label: str) -> object:
            if key not in found:
                return None
            return reader.cell_value(raw, row_number, found[key], values[found[key]], "budget", label)

        ok = True
        area_text, omgang = text("omrade"), text("omgang")
        if area_text is None:
            reader.add(FEL, raw, cell("omrade"), "ogiltigt_varde", "Verksamhetsområde saknas i Prognoshistorik.")
            continue
        if omgang is None:
            reader.add(
                FEL,
                raw,
                cell("omgang"),
                "ogiltigt_varde",
                "Omgång saknas: skriv vilken prognos det är, t.ex. mars, delår 1, oktober eller delår 2.",
            )
            ok = False
        area = lookup.get(normalize(area_text))
        if area is None:
            reader.add(
                VARNING,
                raw,
                cell("omrade"),
                "okant_omrade",
                f"Verksamhetsområdet {area_text!r} finns inte i Budget.{suggest(area_text, areas)} "
                "Utfallet kan inte hämtas för raden.",
            )
        typ_text = text("typ")
        typ = NETTO if typ_text is None else _TYP.get(normalize(typ_text))
        if typ is None:
            reader.add(
                FEL,
                raw,
                cell("typ"),
                "ogiltigt_varde",
                f"Typ måste vara Intäkter, Kostnader eller Netto (står: {typ_text!r}).",
            )
            ok = False
        year = ar
        if "ar" in found and values[found["ar"]] is not None:
            parsed = number("ar", "År")
            if (
                parsed is INVALID
                or parsed is None
                or float(parsed) != int(float(parsed))
                or not 1990 <= int(float(parsed)) <= 2100
            ):
                if parsed is not INVALID:
                    reader.add(
                        FEL,
                        raw,
                        cell("ar"),
                        "ogiltigt_varde",
                        f"År måste vara ett årtal, t.ex. {ar} (står: {values[found['ar']]!r}).",
                    )
                ok = False
            else:
                year = int(float(parsed))
        prognos = number("prognos", "Prognos")
        if prognos is None:
            reader.add(FEL, raw, cell("prognos"), "prognos_saknas", "Prognos saknas. Fyll i omgångens helårsprognos.")
            ok = False
        budget = number("budget", "Budget")
        low, high = number("prognos_lag", "Prognos låg"), number("prognos_hog", "Prognos hög")
        if prognos is INVALID or budget is INVALID or low is INVALID or high is INVALID or not ok:
            continue
        key = (year, normalize(omgang), area or normalize(area_text), typ)
        if key in seen:
            reader.add(
                FEL,
                raw,
                cell("omrade"),
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
