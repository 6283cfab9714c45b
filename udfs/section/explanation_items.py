"""Åtgärder / förklaringsposter: the items that explain the deviation, their sum against
the committee's total deviation ("förklarar 38,2 av 38,3 miljoner kronor")."""

from __future__ import annotations

from udfs.language.sheet_names import FORKLARINGSPOSTER
from udfs.section.explanations import Context, mnkr
from udfs.language.rounding import format_tal
from udfs.section.rows import Measure
from udfs.section.sections import SKILLNAD, SUMMA, Section, SectionColumn



def measures_section(rows: list[Measure], ctx: Context, avvikelse: float) -> Section:
    """``avvikelse``: the committee's total deviation (Prognos − Budget, Netto)."""
    columns = [
        SectionColumn("Post", "post", "text"),
        SectionColumn("Belopp", "belopp"),
        SectionColumn("Kommentar", "kommentar", "text"),
    ]
    title = "Förklaringsposter till avvikelsen mot budget"
    section = Section("atgarder", FORKLARINGSPOSTER, title, ctx.enhet, columns)
    for x in rows:
        section.add({"post": x.post, "belopp": x.belopp, "kommentar": x.kommentar})
    summa = section.add({"post": "Summa förklaringsposter"}, SUMMA, tuple(range(len(rows))))
    total = section.add({"post": "Avvikelse mot budget", "belopp": avvikelse}, links={"belopp": ("avvikelse", "Totalt:Netto")})
    section.rows[total].bold = True
    rest = section.add({"post": "Ej förklarat"}, SKILLNAD, (total, summa))
    explained = section.value(summa, "belopp") or 0.0
    a, b = format_tal(abs(mnkr(explained, ctx.enhet)), 1), format_tal(abs(mnkr(avvikelse, ctx.enhet)), 1)
    word = "överskottet" if avvikelse >= 0 else "underskottet"
    if explained * avvikelse < 0:
        section.sentences.append(
            f"Förklaringsposterna summerar till {ctx.belopp(explained)} åt motsatt håll mot {word} på "
            f"{ctx.belopp(avvikelse)}: kontrollera tecknen.")
    else:
        section.sentences.append(f"Förklaringsposterna förklarar {a} av {b} miljoner kronor av {word} mot budget.")
    left = section.value(rest, "belopp")
    if left is not None and ctx.vasentlig(left):
        section.sentences.append(f"{ctx.belopp(left)} av avvikelsen förklaras inte av någon post.")
    return section
