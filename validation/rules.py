"""The rule catalogue: every rule code a finding can carry, declared once, with its
severity, a short Swedish title and the doc text of ``docs/regler.md``.

``validation.findings.Finding`` accepts only codes of this catalogue and a severity the
rule allows, so a rule cannot fire without its entry; ``tests/test_rules.py`` checks the
codes used in the sources and on real runs, and that ``docs/regler.md`` is this catalogue
(regenerate it with ``python -m validation.rules > docs/regler.md``).

The entries are declared by concern in ``validation/rule_groups/``; ``GROUPS`` below names each
group's title and where its rules are. To add a rule: add a ``Rule.of(...)`` to its group there,
fire it with its code where the table is validated, regenerate docs/regler.md. To add a group:
declare its tuple in the module of its concern and give it a title in ``GROUPS``.
"""

from __future__ import annotations

from udfs.language.vocabulary import FEL, VARNING  # noqa: F401  (re-exported)
from validation.rule_groups import forecast_rules, grant_rules, input_rules, ledger_rules, round_rules
from validation.rule_groups.rule import FEL_ELLER_VARNING, Rule  # noqa: F401  (re-exported)

# Grouped as docs/regler.md shows them, in this order.
GROUPS: dict[str, tuple[Rule, ...]] = {
    "Tabeller och kolumner": input_rules.TABLE_RULES,
    "Tal, tecken och formler": input_rules.NUMBER_RULES,
    "Inställningar": input_rules.SETTINGS_RULES,
    "Budget, utfall och prognos": forecast_rules.FORECAST_RULES,
    "Volymer och prognoshistorik": forecast_rules.VOLUME_RULES,
    "Ekonomisk redovisning (investeringar, kostnadsslag, prognosförändring)": forecast_rules.SECTION_RULES,
    "Egna texter, orsaker och åtgärder (Texter, Orsaker, Åtgärder)": forecast_rules.OWN_WORDS_RULES,
    "Statsbidrag": grant_rules.GRANT_RULES,
    "Huvudbok (Budget och Utfall som export ur ekonomisystemet)": ledger_rules.LEDGER_RULES,
    "Inlämnade arbetsböcker (prognos validera)": round_rules.SUBMISSION_RULES,
}

RULES: dict[str, Rule] = {rule.code: rule for rules in GROUPS.values() for rule in rules}


def check(code: str, severity: str) -> Rule:
    """The catalogue entry of a finding about to be made; a code the catalogue lacks, or a
    severity the rule does not allow, is a programming error."""
    rule = RULES.get(code)
    if rule is None:
        raise ValueError(f"rule code {code!r} is not in the rule catalogue (validation/rules.py)")
    if severity not in rule.severities:
        raise ValueError(f"rule {code!r} is {rule.severity_text}, not {severity!r} (validation/rules.py)")
    return rule


def rule_title(code: str) -> str:
    """The rule's Swedish title from the catalogue (a code is for the JSON, not for the reader)."""
    rule = RULES.get(code)
    return rule.title if rule is not None else code


def rules_markdown() -> str:
    """docs/regler.md: the catalogue as tables, one per group."""
    lines = [
        "# Regler (valideringens regelkatalog)",
        "",
        "Varje fynd på bladet Valideringsfel, i rapporten från `prognos validera` och i JSON har en av "
        "dessa regelkoder. Katalogen är `validation/rules.py`; den här filen skrivs av "
        "`python -m validation.rules > docs/regler.md` och testas mot katalogen (`tests/test_rules.py`).",
        "",
    ]
    for group, rules in GROUPS.items():
        lines += [f"## {group}", "", "| kod | allvarlighet | regel | beskrivning |", "|---|---|---|---|"]
        lines += [f"| `{r.code}` | {r.severity_text} | {r.title} | {r.doc} |" for r in rules]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - regenerates docs/regler.md
    print(rules_markdown(), end="")
