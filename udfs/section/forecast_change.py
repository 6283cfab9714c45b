"""Prognosförändring: the bridge per area from the previous forecast to this one, the
committee sentence and the areas that moved most.

The previous forecast is the Prognos table's ``Föregående prognos`` (netto per area). When a
``Prognoshistorik`` round of this year holds this forecast, every area where that round and
the forecast differ by more than rounding is reported: the same forecast with two values
(Botkyrka delår 1 2023: Flyktingmottagande −218 in one table, −215 in another).

The previous round's name (issue 20: "jämfört med prognosen i mars"), first that applies: the
settings row ``Föregående omgång`` ("mars", "delår 1"); else the ``Prognoshistorik`` round of this
year whose Netto per area equals ``Föregående prognos`` (within rounding) for at least half of
its known areas and is closer to it than to this forecast, the most such areas winning
(Botkyrka delår 1 2023: "Mars"); else none, and the texts say "föregående prognos".
"""

from __future__ import annotations

from typing import Any

from udfs.forecasting.engine import Report
from udfs.language.rounding import format_tal
from udfs.language.sheet_names import PROGNOSFORANDRING
from udfs.language.vocabulary import normalize
from udfs.section.explanations import Context, change_sentence, list_phrase
from udfs.section.headings import Headings
from udfs.section.sections import DIFF, SUMMA, Section, SectionColumn, Warning

GENERIC = "föregående prognos"
TOP = 3


def forecast_change_section(report: Report, ctx: Context) -> Section | None:
    areas = [a for a in report.areas if report.area_netto(a)["foregaende"] is not None]
    if not areas:
        return None
    r = Headings(ctx.ar, ctx.period)
    columns = [
        SectionColumn("Verksamhetsområde", "omrade", "text"),
        SectionColumn(previous_header(report), "foregaende"),
        SectionColumn(r.prognos, "prognos"),
        SectionColumn("Förändring", "forandring", derived=(DIFF, "prognos", "foregaende")),
    ]
    title = "Utfall jämfört med föregående prognos" if ctx.bokslut else f"Prognosförändring {ctx.ar}"
    section = Section("prognosforandring", PROGNOSFORANDRING, title, ctx.enhet, columns)
    for area in areas:
        v = report.area_netto(area)
        section.add(
            {"omrade": area, "foregaende": v["foregaende"], "prognos": v["prognos"]},
            links={"foregaende": ("foregaende", area), "prognos": ("prognos", area)},
        )
    total = section.add({"omrade": "Totalt"}, SUMMA, tuple(range(len(areas))))
    change = section.value(total, "forandring")
    section.sentences.append(change_sentence(ctx, change))
    moved = sorted(
        (
            (row.values["omrade"], row.values["forandring"])
            for row in section.rows[:-1]
            if ctx.vasentlig(row.values["forandring"])
        ),
        key=lambda item: -abs(item[1]),
    )[:TOP]
    if moved:
        parts = [f"{area} ({'förbättring' if d > 0 else 'försämring'} med {ctx.belopp(d)})" for area, d in moved]
        section.sentences.append(f"Störst förändring: {list_phrase(parts)}.")
    missing = [a for a in report.areas if a not in areas]
    if missing:  # the economist's to know (Valideringsfel), not the committee's
        text = f"{list_phrase(missing)} saknar föregående prognos och ingår inte i jämförelsen."
        section.notes.append(text)
        report.warnings.append(
            Warning(
                "A1",
                f"{text} Fyll i Föregående prognos i tabellen Prognos för "
                f"{'området' if len(missing) == 1 else 'områdena'} om de ska med.",
                "Prognos",
                regel="foregaende_prognos_saknas",
            )
        )
    return section


def two_values(report: Report, history: list[Any] | None) -> list[Warning]:
    """Areas where this year's Prognoshistorik round that holds this forecast differs from it."""
    if not history:
        return []
    netto = {a: report.area_netto(a)["prognos"] for a in report.areas}
    rounds: dict[str, list[Any]] = {}
    for row in history:
        if row.ar == report.ar and row.typ == "Netto" and row.known_area and row.omrade in netto:
            rounds.setdefault(row.omgang, []).append(row)
    best, best_hits = None, 0
    for name, rows in rounds.items():
        hits = sum(1 for x in rows if abs(x.prognos - netto[x.omrade]) <= 1 + 1e-9)
        if hits > best_hits:
            best, best_hits = name, hits
    if best is None or best_hits * 2 < len(rounds[best]):
        return []
    out = []
    for x in rounds[best]:
        if abs(x.prognos - netto[x.omrade]) > 1 + 1e-9:
            out.append(
                Warning(
                    x.cells.get("prognos", "A1"),
                    f"Prognoshistorik anger {format_tal(x.prognos, 0)} för {x.omrade} i omgången {best} "
                    f"{report.ar}, men "
                    f"årets prognos netto (Avvikelse) är {format_tal(netto[x.omrade], 0)}: samma prognos har "
                    "två värden. "
                    "Kontrollera vilket som gäller och rätta det andra.",
                    "Prognoshistorik",
                    regel="prognos_tva_varden",
                )
            )
    return out


def phrase(name: str | None) -> str:
    """ "prognosen i mars" for "Mars", "prognosen i delår 1" for "Delår 1"; else "föregående prognos"."""
    text = " ".join(str(name or "").split())
    if not text:
        return GENERIC
    first = text.split(" ")[0]
    if first[:1].isupper() and first[1:] == first[1:].lower():  # "Mars" -> "mars"; "KF-prognos" stays
        text = text[0].lower() + text[1:]
    return text if normalize(text).startswith("prognos") else f"prognosen i {text}"


def previous_header(report: Report) -> str:
    """The bridge's column of the previous forecast: "Prognos mars", else "Föregående prognos"."""
    name = " ".join(str(getattr(report, "foregaende_omgang", None) or "").split())
    if not name:
        return "Föregående prognos"
    return name[0].upper() + name[1:] if normalize(name).startswith("prognos") else f"Prognos {phrase(name)[12:]}"


def _hits(rows: list[Any], values: dict[str, float | None]) -> int:
    return sum(1 for x in rows if values.get(x.omrade) is not None and abs(x.prognos - values[x.omrade]) <= 1 + 1e-9)


def previous_round(report: Report, history: list[Any] | None, setting: str | None = None) -> str | None:
    """The name of the round ``Föregående prognos`` comes from (see the module's doc), or None."""
    if setting and str(setting).strip():
        return " ".join(str(setting).split())
    if not history:
        return None
    nettos = {a: report.area_netto(a) for a in report.areas}
    previous = {a: v["foregaende"] for a, v in nettos.items()}
    current = {a: v["prognos"] for a, v in nettos.items()}
    rounds: dict[str, list[Any]] = {}
    for row in history:
        if row.ar == report.ar and row.typ == "Netto" and row.known_area and row.omrade in previous:
            rounds.setdefault(row.omgang, []).append(row)
    best, best_hits = None, 0
    for name, rows in rounds.items():
        hits = _hits(rows, previous)
        if hits * 2 < len(rows) or hits <= best_hits or _hits(rows, current) > hits:
            continue
        best, best_hits = name, hits
    return best
