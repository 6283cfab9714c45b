"""The rule catalogue (validation/rules.py) is complete and documented:

- every rule code the sources can fire (found with ``ast``: the code argument of every call
  that makes a finding) is in the catalogue, with a severity the rule allows;
- every catalogue code is fired somewhere (no dead entries);
- docs/regler.md is the catalogue, and every code is described in docs/;
- a finding with a code the catalogue lacks cannot be made (on every run path).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from validation.findings import Finding
from validation.round.submission import SubmissionResult
from validation.rules import FEL, RULES, VARNING, check, rules_markdown

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for layer in ("udfs", "validation", "workbooks", "addin") for p in sorted((ROOT / layer).rglob("*.py"))]
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
SEVERITY_NAMES = {"FEL": FEL, "VARNING": VARNING}


def _rule_parameters(trees: dict[Path, ast.AST]) -> dict[str, int]:
    """Functions that take a rule code: name -> position of the parameter called ``rule``."""
    out = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [a.arg for a in node.args.args]
                if "rule" in names:
                    index = names.index("rule")
                    out[node.name] = index - 1 if names[0] in ("self", "cls") else index
    return out


def fired_codes() -> dict[str, set[tuple[str, str | None]]]:
    """code -> {(where, severity or None when it is a variable)} for every literal code in the sources."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in SOURCES}
    takes_rule = _rule_parameters(trees)
    found: dict[str, set[tuple[str, str | None]]] = {}

    def note(code: ast.AST, severity: ast.AST | None, path: Path, line: int) -> None:
        if isinstance(code, ast.Constant) and isinstance(code.value, str):
            level = SEVERITY_NAMES.get(severity.id) if isinstance(severity, ast.Name) else None
            if isinstance(severity, ast.Constant):
                level = severity.value
            found.setdefault(code.value, set()).add((f"{path.relative_to(ROOT)}:{line}", level))

    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            # finding.model_copy(update={"regel": "…"}): the severity is the copied finding's
            for value in [*node.args, *keywords.values()]:
                if isinstance(value, ast.Dict):
                    for key, code in zip(value.keys, value.values):
                        if isinstance(key, ast.Constant) and key.value == "regel":
                            note(code, None, path, node.lineno)
            if "regel" in keywords:
                note(keywords["regel"], keywords.get("allvarlighet"), path, node.lineno)
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            index = takes_rule.get(name)
            if index is not None and index < len(node.args):
                severity = next(
                    (
                        a
                        for a in node.args[:index]
                        if isinstance(a, ast.Name)
                        and a.id in SEVERITY_NAMES
                        or isinstance(a, ast.Name)
                        and a.id == "severity"
                    ),
                    None,
                )
                note(node.args[index], severity, path, node.lineno)
    return found


FIRED = fired_codes()


def test_the_scan_sees_the_call_sites():
    assert len(FIRED) >= 80
    assert "fel_omgang" in FIRED and "tidsgrans" in FIRED and "metod_ej_beraknad" in FIRED
    assert "kommentar_i_talcell" in FIRED  # made by model_copy(update={"regel": …}), which pydantic does not validate


def test_every_fired_code_is_in_the_catalogue():
    missing = {code: sorted(w for w, _ in places) for code, places in FIRED.items() if code not in RULES}
    assert not missing, f"codes fired but not in validation/rules.py: {missing}"
    bad = [
        f"{w}: {code} as {level}"
        for code, places in FIRED.items()
        for w, level in places
        if level is not None and level not in RULES[code].severities
    ]
    assert not bad, "severities the catalogue does not allow:\n" + "\n".join(bad)


def test_every_catalogue_code_is_fired():
    assert not sorted(set(RULES) - set(FIRED)), "catalogue entries no code fires"


def test_catalogue_entries_are_complete():
    for rule in RULES.values():
        assert CODE.match(rule.code)
        assert rule.severities and set(rule.severities) <= {FEL, VARNING}
        assert rule.title and rule.title[0].isupper() and len(rule.title) <= 50, rule.code
        assert len(rule.doc) >= 20, rule.code


def test_docs_describe_the_catalogue():
    regler = (ROOT / "docs" / "regler.md").read_text(encoding="utf-8")
    assert regler == rules_markdown(), "docs/regler.md is stale: run python -m validation.rules > docs/regler.md"
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    undocumented = [code for code in RULES if f"`{code}`" not in docs]
    assert not undocumented


def test_a_finding_needs_a_catalogue_code():
    Finding(allvarlighet="fel", blad="Budget", cell="A1", regel="dubblett", meddelande="x")
    with pytest.raises(ValidationError, match="not in the rule catalogue"):
        Finding(allvarlighet="fel", blad="Budget", cell="A1", regel="ny_regel_utan_katalog", meddelande="x")
    with pytest.raises(ValidationError, match="is varning"):
        Finding(allvarlighet="fel", blad="Budget", cell="A1", regel="tal_som_text", meddelande="x")
    with pytest.raises(ValueError):
        SubmissionResult(path="/x.xlsx", fil="x.xlsx").add(FEL, "", "", "ny_regel_utan_katalog", "x")
    assert check("fel_omgang", FEL).title == "Fel omgång"
