"""Intäkter och kostnader per kostnadsslag: this period, the same period last year, last
full year and the change, reconciled to the committee's Netto.

The papers net financial items differently in different tables (Botkyrka delår 1 2023:
the operating statement nets −13 tkr of financial items against revenue, the cost-type
table shows them on a line of their own). The table shows them apart and the section says
how the operating statement (sheet Avvikelse) nets them; a difference in Netto is never
hidden: it is a row of the table, a note and a warning.
"""

from __future__ import annotations

from typing import Any

from udfs.language.rounding import format_tal
from udfs.language.sheet_names import INTAKTER_OCH_KOSTNADER
from udfs.section.explanations import Context, manader_text
from udfs.section.headings import Headings
from udfs.section.rows import FINANSIELLT, INTAKTER, KOSTNADER, CostKindRow
from udfs.section.sections import DIFF, PCT, SKILLNAD, SUMMA, Section, SectionColumn, Warning

GROUPS = (INTAKTER, KOSTNADER, FINANSIELLT)
AMOUNTS = ("utfall", "utfall_fg", "utfall_helar_fg")
# amount key -> key of the matching Avvikelse column
AVVIKELSE_KEY = {"utfall": "utfall_period", "utfall_fg": "utfall_period_fg", "utfall_helar_fg": "utfall_helar_fg"}


LEDGER_GROUPS = {"Intäkter": INTAKTER, "Kostnader": KOSTNADER, "Finansiellt": FINANSIELLT}


def rows_from_ledger(frame: Any, with_last_year: bool) -> list[CostKindRow]:
    """The ledger's outcome per kostnadsslag (``Huvudbok.per_kostnadsslag``: grupp, kostnadsslag,
    utfall_period, utfall_period_fg, utfall_helar_fg) as rows; without last year's ledger rows
    the comparison columns are unknown, never zero."""
    out = []
    for r in frame.itertuples(index=False):
        fg = (float(r.utfall_period_fg), float(r.utfall_helar_fg)) if with_last_year else (None, None)
        out.append(CostKindRow(LEDGER_GROUPS.get(r.grupp, r.grupp), str(r.kostnadsslag), float(r.utfall_period), *fg))
    return out


def _label(key: str, r: Headings) -> str:
    return {"utfall": r.utfall_period, "utfall_fg": r.utfall_period_fg, "utfall_helar_fg": r.bokslut_fg}[key]


def _tal(value: float) -> str:
    return format_tal(value, 0)


def cost_kind_section(
    rows: list[CostKindRow],
    ctx: Context,
    totals: dict[str, dict],
    sheet: str = "Kostnadsslag",
    source: str = "tabellen Kostnadsslag",
) -> tuple[Section, list[Warning]]:
    """``totals``: the report's totals (Intäkter, Kostnader, Netto) from the Avvikelse table."""
    r = Headings(ctx.ar, ctx.period)
    columns = [
        SectionColumn("Intäkter och kostnader", "kostnadsslag", "text"),
        SectionColumn(r.utfall_period, "utfall"),
        SectionColumn(r.utfall_period_fg, "utfall_fg"),
        SectionColumn("Förändring", "forandring", derived=(DIFF, "utfall", "utfall_fg")),
        SectionColumn("Förändring %", "forandring_procent", "procent", derived=(PCT, "utfall", "utfall_fg")),
        SectionColumn(r.bokslut_fg, "utfall_helar_fg"),
    ]
    section = Section(
        "kostnadsslag",
        INTAKTER_OCH_KOSTNADER,
        f"Intäkter och kostnader per kostnadsslag, {r.utfall_period}",
        ctx.enhet,
        columns,
    )
    sums: dict[str, int] = {}
    for group in GROUPS:
        members = [x for x in rows if x.grupp == group]
        if not members:
            continue
        first = len(section.rows)
        for x in members:
            section.add(
                {
                    "kostnadsslag": x.kostnadsslag,
                    "utfall": x.utfall,
                    "utfall_fg": x.utfall_fg,
                    "utfall_helar_fg": x.utfall_helar_fg,
                },
                bold=len(members) == 1,
            )
        if len(members) == 1:  # one row is its own sum ("Finansiella poster" once, not twice)
            sums[group] = first
            continue
        sums[group] = section.add(
            {"kostnadsslag": f"Summa {group.lower()}"}, SUMMA, tuple(range(first, len(section.rows)))
        )
    netto = section.add({"kostnadsslag": "Netto"}, SUMMA, tuple(sums.values()))
    # The reconciliation with Avvikelse: on the working sheet, not in the paper (check rows).
    links = {key: (AVVIKELSE_KEY[key], "Totalt:Netto") for key in AMOUNTS}
    drift = section.add(
        {"kostnadsslag": "Netto enligt Avvikelse", **{key: totals["Netto"][AVVIKELSE_KEY[key]] for key in AMOUNTS}},
        links=links,
        check=True,
    )
    section.rows[drift].bold = False
    section.add({"kostnadsslag": "Skillnad"}, SKILLNAD, (netto, drift), check=True)
    warnings = _reconcile(section, sums, netto, totals, r, sheet, source, rows)
    section.sentences.extend(_sentences(section, sums, ctx, r))
    return section, warnings


def _reconcile(
    section: Section,
    sums: dict[str, int],
    netto: int,
    totals: dict[str, dict],
    r: Headings,
    sheet: str,
    source: str,
    rows: list[CostKindRow],
) -> list[Warning]:
    warnings: list[Warning] = []
    cell = rows[0].cell if rows else "A1"
    n = max(1, len(rows))
    unit = section.unit
    for key in AMOUNTS:
        ours = section.value(netto, key)
        theirs = totals["Netto"][AVVIKELSE_KEY[key]]
        label = _label(key, r)
        if ours is None or theirs is None:  # unknown on either side: nothing to compare
            continue
        diff = ours - theirs
        fin = section.value(sums[FINANSIELLT], key) if FINANSIELLT in sums else None
        if fin and abs(diff - fin) <= 1 + 1e-9:  # Avvikelse leaves the financial items out
            section.notes.append(
                f"{label}: Avvikelse tar inte med de finansiella posterna ({_tal(fin)} {unit}); här visas de "
                "på egen rad, så nettot här skiljer med just dem."
            )
            continue
        if abs(diff) > n + 1e-9:  # more than rounding cell by cell
            text = (
                f"{label}: nettot enligt {source} är {_tal(ours)} {unit}, men Avvikelse (tabellen Utfall) ger "
                f"{_tal(theirs)} {unit}; skillnaden är {_tal(diff)} {unit}. Jämförelsen görs då på två olika "
                "underlag: kontrollera vilket som gäller."
            )
            section.notes.append(text)
            warnings.append(Warning(cell, text, sheet, regel="kostnadsslag_avviker"))
            continue
        for group, typ in ((INTAKTER, "Intäkter"), (KOSTNADER, "Kostnader")):
            if group not in sums:
                continue
            ours_g, theirs_g = section.value(sums[group], key), totals[typ][AVVIKELSE_KEY[key]]
            if ours_g is None or theirs_g is None:
                continue
            gap = theirs_g - ours_g
            if fin and abs(gap - fin) <= 1 + 1e-9:  # the financial items, netted there
                section.notes.append(
                    f"{label}: Avvikelse redovisar de finansiella posterna ({_tal(fin)} {unit}) nettade mot "
                    f"{typ.lower()}na ({_tal(theirs_g)} {unit}); här visas de på egen rad, så summa {typ.lower()} "
                    f"är {_tal(ours_g)} {unit}. Nettot är detsamma."
                )
            elif abs(gap) > n + 1e-9:
                section.notes.append(
                    f"{label}: summa {typ.lower()} är {_tal(ours_g)} {unit} här men {_tal(theirs_g)} {unit} i "
                    f"Avvikelse (skillnad {_tal(ours_g - theirs_g)} {unit}); nettot är detsamma, så tabellerna "
                    "fördelar poster olika mellan intäkter och kostnader."
                )
    return warnings


def _sentences(section: Section, sums: dict[str, int], ctx: Context, r: Headings) -> list[str]:
    out = []
    same = f"{ctx.ar - 1}" if ctx.bokslut else f"samma period {ctx.ar - 1}"
    for group in (INTAKTER, KOSTNADER):
        if group not in sums:
            continue
        now, before = section.value(sums[group], "utfall"), section.value(sums[group], "utfall_fg")
        if now is None:
            continue
        when = f"{ctx.ar}" if ctx.bokslut else f"{manader_text(ctx.period)} {ctx.ar}"
        text = f"{group}na för {when} uppgår till {ctx.belopp(now)}"
        if before is not None:
            change = abs(now) - abs(before)
            if ctx.vasentlig(change):
                text += f", {ctx.belopp(change)} {'mer' if change > 0 else 'mindre'} än {same}"
            else:
                text += f", i samma storleksordning som {same}"
        out.append(text + ".")
    moved = [
        (row.values["kostnadsslag"], row.values["forandring"])
        for row in section.rows
        if row.kind == "rad"
        and not row.links
        and row.values.get("forandring") is not None
        and ctx.vasentlig(row.values["forandring"])
    ]
    moved.sort(key=lambda item: -abs(item[1]))
    if moved:
        parts = [
            f"{name} ({ctx.belopp(change)} {'bättre' if change > 0 else 'sämre'} för nettot)"
            for name, change in moved[:3]
        ]
        out.append("Störst förändring mot " + same + ": " + ", ".join(parts) + ".")
    return out
