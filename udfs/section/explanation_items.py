"""Orsaker: the causes of the deviation, as the paper gives them (issue 20).

Two places in the paper: the causes with an amount (and those of the committee as a whole) with
the explained share in the section ``Förklaringsposter``, the paper's table of explanation items
("Orsakerna förklarar 38,2 av 38,3 miljoner kronor av överskottet mot budget"); and each area's
causes as a bulleted list under that area's explanation, amounts in miljoner kronor with the
deviation's sign ("(+3,0 miljoner kronor)" helps the result). An area's cause without an amount
is only a bullet there; no amount is left out of the sums (unknown is never 0).
Causes whose sum runs against the deviation are a warning on Valideringsfel, not a sentence in
the paper.
"""

from __future__ import annotations

from udfs.language.number_format import format_tal
from udfs.language.sheet_names import FORKLARINGSPOSTER
from udfs.section.explanations import Context, mnkr
from udfs.section.own_words import Cause, bullet
from udfs.section.sections import SKILLNAD, SUMMA, Section, SectionColumn, Warning

WHOLE = "Hela nämnden"  # the area column of a cause of the committee as a whole
LEAD = "Avvikelsen förklaras främst av följande:"


def _share(ctx: Context, explained: float, deviation: float) -> str:
    a, b = format_tal(abs(mnkr(explained, ctx.enhet)), 1), format_tal(abs(mnkr(deviation, ctx.enhet)), 1)
    return f"{a} av {b} miljoner kronor"


def causes_section(causes: list[Cause], ctx: Context, avvikelse: float) -> tuple[Section, list[Warning]]:
    """``avvikelse``: the committee's total deviation (Prognos − Budget, Netto)."""
    columns = [
        SectionColumn("Verksamhetsområde", "omrade", "text"),
        SectionColumn("Orsak", "orsak", "text"),
        SectionColumn("Belopp", "belopp"),
        SectionColumn("Kommentar", "kommentar", "text"),
    ]
    section = Section("orsaker", FORKLARINGSPOSTER, "Orsaker till avvikelsen mot budget", ctx.enhet, columns)
    items = [x for x in causes if x.belopp is not None or x.omrade is None]  # the others: bullets under their area
    for x in items:
        section.add({"omrade": x.omrade or WHOLE, "orsak": x.orsak, "belopp": x.belopp, "kommentar": x.kommentar})
    summa = section.add({"omrade": "Summa orsaker"}, SUMMA, tuple(range(len(items))))
    total = section.add(
        {"omrade": "Avvikelse mot budget", "belopp": avvikelse}, links={"belopp": ("avvikelse", "Totalt:Netto")}
    )
    section.rows[total].bold = True
    rest = section.add({"omrade": "Ej förklarat"}, SKILLNAD, (total, summa))
    explained = section.value(summa, "belopp")
    warnings = []
    word = "överskottet" if avvikelse >= 0 else "underskottet"
    if explained is not None and explained * avvikelse < 0:
        cell = next((x.cell for x in causes if x.cell), "A1")
        warnings.append(
            Warning(
                cell,
                f"Orsakerna summerar till {ctx.belopp(explained)} åt motsatt håll mot {word} på "
                f"{ctx.belopp(avvikelse)}. Belopp i Orsaker skrivs med avvikelsens tecken (+ för "
                "det som ger överskott, − för det som ger underskott): kontrollera tecknen.",
                "Orsaker",
                regel="orsaker_mot_avvikelsen",
            )
        )
    elif explained is not None:
        section.sentences.append(f"Orsakerna förklarar {_share(ctx, explained, avvikelse)} av {word} mot budget.")
    left = section.value(rest, "belopp")
    if explained is not None and left is not None and ctx.vasentlig(left):
        section.sentences.append(f"{ctx.belopp(left)} av avvikelsen förklaras inte av orsakerna ovan.")
    return section, warnings


def cause_bullet(ctx: Context, cause: Cause) -> str:
    """ "• Färre hushåll med försörjningsstöd än budgeterat (+15,1 miljoner kronor)"; no amount: the cause alone."""
    if cause.belopp is None:
        return bullet(cause.orsak)
    return bullet(f"{cause.orsak} ({format_tal(mnkr(cause.belopp, ctx.enhet), 1, tecken=True)} miljoner kronor)")


def area_causes(ctx: Context, causes: list[Cause], area: str, deviation: float) -> list[str]:
    """An area's causes as the paper's lead line and bullets, and the explained share when every
    cause has an amount and together they explain no more than the deviation (in its direction)."""
    mine = [c for c in causes if c.omrade == area]
    if not mine:
        return []
    out = [LEAD, *(cause_bullet(ctx, c) for c in mine)]
    amounts = [c.belopp for c in mine]
    if all(a is not None for a in amounts) and deviation:
        explained = sum(a for a in amounts if a is not None)
        within = explained * deviation > 0 and abs(mnkr(explained, ctx.enhet)) <= abs(mnkr(deviation, ctx.enhet)) + 0.05
        if within:
            out.append(f"Orsakerna förklarar {_share(ctx, explained, deviation)}.")
    return out
