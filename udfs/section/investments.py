"""Investments: the investment table (projekt, budget, utfall, prognos, avvikelse), its
sentences, and the ``Nettoinvesteringar`` row of the committee table."""

from __future__ import annotations

from udfs.language.sheet_names import INVESTERINGSREDOVISNING
from udfs.section.explanations import Context, manader_text, sentence
from udfs.section.headings import Headings
from udfs.section.rows import Investment
from udfs.section.sections import DIFF, SUMMA, Section, SectionColumn


def investment_section(rows: list[Investment], ctx: Context) -> Section:
    r = Headings(ctx.ar, ctx.period)
    with_fg = any(x.utfall_fg is not None for x in rows)
    columns = [
        SectionColumn("Projekt", "projekt", "text"),
        *([SectionColumn(r.bokslut_fg, "utfall_fg")] if with_fg else []),
        SectionColumn(r.utfall_period, "utfall_period"),
        SectionColumn(r.budget, "budget"),
        SectionColumn(r.prognos, "prognos"),
        SectionColumn(r.avvikelse, "avvikelse", derived=(DIFF, "prognos", "budget")),
        SectionColumn("Kommentar", "kommentar", "text"),
    ]
    section = Section("investeringar", INVESTERINGSREDOVISNING, f"Investeringsredovisning {ctx.ar}", ctx.enhet, columns)
    for x in rows:
        section.add(
            {
                "projekt": x.projekt,
                "budget": x.budget,
                "utfall_period": x.utfall_period,
                "prognos": x.prognos,
                "utfall_fg": x.utfall_fg,
                "kommentar": x.kommentar,
            }
        )
    total = section.add({"projekt": "Summa nettoinvesteringar"}, SUMMA, tuple(range(len(rows))))
    t = section.rows[total].values
    section.sentences.append(_total_sentence(ctx, t))
    for x in rows:
        section.sentences.append(_project_sentence(ctx, x))
    return section


def total_row(section: Section) -> int:
    return next(i for i, row in enumerate(section.rows) if row.kind == SUMMA)


def _deviation(ctx: Context, dev: float | None) -> str:
    if dev is None:
        return "avvikelsen går inte att beräkna"
    if not ctx.vasentlig(dev):
        return f"{'utfallet' if ctx.bokslut else 'prognosen'} är i samma storleksordning som budget"
    word = "överskott" if dev > 0 else "underskott"
    return f"ett {word} på {ctx.belopp(dev)} jämfört med budget"


def _total_sentence(ctx: Context, t: dict) -> str:
    budget = f"Investeringsbudgeten för {ctx.ar} är {ctx.belopp(t['budget'])}."
    if t["utfall_period"] is None:
        outcome = "Utfallet är inte känt."
    elif ctx.bokslut:
        outcome = f"Utfallet för {ctx.ar} är {ctx.belopp(t['utfall_period'])},"
    else:
        outcome = f"Utfallet för {manader_text(ctx.period)} {ctx.ar} är {ctx.belopp(t['utfall_period'])}"
    if ctx.bokslut:
        return f"{budget} {outcome} {_deviation(ctx, t['avvikelse'])}."
    forecast = ctx.belopp(t["prognos"])
    return f"{budget} {outcome} och prognosen för helåret är {forecast}, {_deviation(ctx, t['avvikelse'])}."


def _project_sentence(ctx: Context, x: Investment) -> str:
    dev = x.prognos - x.budget
    utfall = "utfall okänt" if x.utfall_period is None else f"utfall {ctx.belopp(x.utfall_period)}"
    full = "" if ctx.bokslut else f", prognos {ctx.belopp(x.prognos)}"
    text = f"{x.projekt}: budget {ctx.belopp(x.budget)}, {utfall}{full}; {_deviation(ctx, dev)}."
    comment = sentence(x.kommentar)
    return f"{text} {comment}" if comment else text
