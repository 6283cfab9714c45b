"""Åtgärder: the committee's action plan as Nacka's papers print it (issue 20): per action its
area, the day it was decided, its effect on the full year and of that on personnel costs, the
month it has full effect from, its status and a comment. Written to the sheet ``Handlingsplan``
and as a table in the paper; the effects are summed when any is known (unknown is never 0).
"""

from __future__ import annotations

from datetime import date

from udfs.language.sheet_names import HANDLINGSPLAN
from udfs.section.explanations import Context
from udfs.section.own_words import Action
from udfs.section.sections import SUMMA, Section, SectionColumn

TITLE = "Åtgärder med anledning av budgetavvikelse"


def day_text(value: date | str | None) -> str | None:
    """A day as ÅÅÅÅ-MM-DD; a month typed as a month ("2024-03") as "mars 2024"."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def action_plan_section(actions: list[Action], ctx: Context) -> Section:
    columns = [
        SectionColumn("Åtgärd", "atgard", "text"),
        SectionColumn("Verksamhetsområde", "omrade", "text"),
        SectionColumn("Beslutsdatum", "beslutsdatum", "text"),
        SectionColumn("Effekt helår", "effekt"),
        SectionColumn("Varav personal", "varav_personal"),
        SectionColumn("Full effekt från", "full_effekt", "text"),
        SectionColumn("Status", "status", "text"),
        SectionColumn("Kommentar", "kommentar", "text"),
    ]
    section = Section("handlingsplan", HANDLINGSPLAN, TITLE, ctx.enhet, columns)
    for x in actions:
        section.add(
            {
                "atgard": x.atgard,
                "omrade": x.omrade,
                "beslutsdatum": day_text(x.beslutsdatum),
                "effekt": x.effekt,
                "varav_personal": x.varav_personal,
                "full_effekt": day_text(x.full_effekt),
                "status": x.status,
                "kommentar": x.kommentar,
            }
        )
    effects = [x.effekt for x in actions if x.effekt is not None]
    if not effects:
        return section
    summa = section.add({"atgard": "Summa åtgärder"}, SUMMA, tuple(range(len(actions))))
    effect, personnel = section.value(summa, "effekt"), section.value(summa, "varav_personal")
    text = f"Åtgärderna beräknas ge {ctx.belopp(effect)} för helåret"
    if personnel is not None and ctx.vasentlig(personnel):
        text += f", varav {ctx.belopp(personnel)} avser personal"
    missing = len(actions) - len(effects)
    if missing:
        text += f"; för {missing} {'åtgärd' if missing == 1 else 'åtgärder'} är effekten ännu inte beräknad"
    section.sentences.append(text + ".")
    return section
