"""Statsbidrag och ersättningar i prognosen per verksamhet (the papers' "Övrig betydelsefull
ekonomisk information"): grant and ersättning revenue in the forecast, per source."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from udfs.language.rounding import format_tal
from udfs.language.sheet_names import BIDRAG_OCH_ERSATTNINGAR
from udfs.language.vocabulary import ENHETER
from udfs.section.explanations import Context, list_phrase
from udfs.section.headings import Headings
from udfs.section.rows import GrantRevenue
from udfs.section.sections import SUMMA, Section, SectionColumn, Warning

REGISTER = "Statsbidrag"


def _key(text: str) -> str:
    value = unicodedata.normalize("NFKD", str(text))
    return " ".join("".join(ch for ch in value if not unicodedata.combining(ch)).lower().split())


def _days(start: dt.date, end: dt.date) -> int:
    return max(0, (end - start).days + 1)


def _month_end(ar: int, month: int) -> dt.date:
    return dt.date(ar, 12, 31) if month >= 12 else dt.date(ar, month + 1, 1) - dt.timedelta(days=1)


def register_rows(
    bidrag: list[Any], typed: list[GrantRevenue], areas: list[str], ar: int, period: int, enhet: str
) -> list[GrantRevenue]:
    """Grants of the register (``udfs.grant.report_back.Bidrag``) with a verksamhetsområde and a period
    overlapping the year, not already typed in Bidragsintakter: the amount received,
    periodised by days over the grant period (the year's part as Prognos, the part up to the
    end of ``period`` as Utfall), in the workbook's unit."""
    known = {_key(x.post) for x in typed}
    by_area = {_key(a): a for a in areas}
    year_start, year_end, period_end = dt.date(ar, 1, 1), dt.date(ar, 12, 31), _month_end(ar, period)
    out = []
    for b in bidrag:
        area = by_area.get(_key(b.omrade or ""))
        if area is None or b.period_fran is None or b.period_till is None or _key(b.namn) in known:
            continue
        total_days = _days(b.period_fran, b.period_till)
        in_year = _days(max(b.period_fran, year_start), min(b.period_till, year_end))
        if total_days == 0 or in_year == 0:
            continue
        received = float(sum(o.mottaget for o in b.omgangar))
        in_period = _days(max(b.period_fran, year_start), min(b.period_till, period_end))
        per_unit = ENHETER[enhet]
        note = (
            f"Ur registret Statsbidrag: mottaget {format_tal(received, 0)} kr för "
            f"{b.period_fran.isoformat()}–{b.period_till.isoformat()}, periodiserat per dag."
        )
        out.append(
            GrantRevenue(
                REGISTER,
                b.namn,
                area,
                received * in_year / total_days / per_unit,
                b.myndighet,
                None,
                received * in_period / total_days / per_unit,
                note,
                b.kalla,
            )
        )
    return out


def grant_revenue_section(rows: list[GrantRevenue], ctx: Context, warnings: list[Warning] | None = None) -> Section:
    """The section; a post found under several verksamheter is also a warning in ``warnings``
    (for Valideringsfel: the paper prints the amounts, the economist checks them)."""
    r = Headings(ctx.ar, ctx.period)
    columns = [
        SectionColumn("Post", "post", "text"),
        SectionColumn("Verksamhet", "verksamhet", "text"),
        SectionColumn("Verksamhetsområde", "omrade", "text", in_paper=False),  # the paper prints Verksamhet
        SectionColumn(r.budget, "budget"),
        SectionColumn(r.utfall_period, "utfall"),
        SectionColumn(r.prognos, "prognos"),
        SectionColumn("Kommentar", "kommentar", "text"),
    ]
    what = "i utfallet" if ctx.bokslut else "i prognosen"
    section = Section(
        "bidrag", BIDRAG_OCH_ERSATTNINGAR, f"Statsbidrag och ersättningar {what} {ctx.ar}", ctx.enhet, columns
    )
    sources = list(dict.fromkeys(x.kalla for x in rows))
    sums: list[int] = []
    for source in sources:
        first = len(section.rows)
        for x in (x for x in rows if x.kalla == source):
            section.add(
                {
                    "post": x.post,
                    "verksamhet": x.verksamhet or x.omrade,
                    "omrade": x.omrade,
                    "budget": x.budget,
                    "utfall": x.utfall,
                    "prognos": x.prognos,
                    "kommentar": x.kommentar,
                }
            )
        sums.append(section.add({"post": f"Summa {source}"}, SUMMA, tuple(range(first, len(section.rows)))))
    section.add({"post": "Totalt"}, SUMMA, tuple(sums))
    parts = [
        f"{ctx.belopp(section.value(i, 'prognos'))} från {src.lower() if src.lower() == 'statsbidrag' else src}"
        for src, i in zip(sources, sums)
    ]
    parts = [p.replace("från statsbidrag", "i statsbidrag") for p in parts]
    section.sentences.append(f"I {'utfallet' if ctx.bokslut else 'prognosen'} för {ctx.ar} ingår {list_phrase(parts)}.")
    for source, i in zip(sources, sums):
        by_area: dict[str, float] = {}
        for x in rows:
            if x.kalla == source:
                by_area[x.omrade] = by_area.get(x.omrade, 0.0) + x.prognos
        named = [f"{a} {ctx.belopp(v)}" for a, v in by_area.items()]
        section.sentences.append(f"{source} per verksamhetsområde: {list_phrase(named)}.")
    seen: dict[tuple[str, str], list[GrantRevenue]] = {}
    for x in rows:
        seen.setdefault((x.kalla, x.post), []).append(x)
    for (source, post), items in seen.items():
        places = {x.verksamhet or x.omrade for x in items}
        if len(places) > 1:
            text = (
                f"Posten {post!r} ({source}) finns under {len(places)} verksamheter "
                f"({list_phrase([f'{x.verksamhet or x.omrade} {ctx.belopp(x.prognos)}' for x in items])}); "
                "beloppen är olika delar och summeras, kontrollera att ingen del räknas två gånger."
            )
            section.notes.append(text)
            if warnings is not None:
                sheet, _, cell = (items[0].cell or "").rpartition("!")
                warnings.append(
                    Warning(cell or "A1", text, sheet.strip("'") or "Bidragsintäkter", regel="post_flera_verksamheter")
                )
    return section
