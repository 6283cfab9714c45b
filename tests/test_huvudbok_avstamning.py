"""Property: any ledger reconciles to the krona. Random ledgers (codes inside and outside the
Kodplan's ranges and prefixes, accounts of every Kommun-Bas class, both sign conventions)
are interpreted by ``udfs.ledger.interpretation.interpret``; per kontoklass the ledger equals what the
report uses + what is shown apart + what was excluded, and the report's totals equal the
ledger rows they come from, computed here independently."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from udfs.ledger import interpretation
from udfs.ledger import kommunbas as kb

PLAN = [("4100-4199", "Barn"), ("42*", "Vuxna"), ("5000", "Stab"), ("4150", "Vuxna")]


def _area(code: int) -> str | None:
    if code == 4150:
        return "Vuxna"
    if 4100 <= code <= 4199:
        return "Barn"
    if str(code).startswith("42"):
        return "Vuxna"
    if code == 5000:
        return "Stab"
    return None


def _plan() -> kb.CodePlan:
    plan = kb.CodePlan()
    for text, area in PLAN:
        plan.add(kb.parse_pattern(text), (area, None))
    return plan


CODES = st.sampled_from([4100, 4150, 4199, 4200, 4299, 42, 5000, 5001, 7777])
ACCOUNTS = st.sampled_from([3130, 3510, 3990, 4610, 4520, 5110, 6010, 7910, 8410, 8510, 1910, 2440])
ROW = st.tuples(
    CODES, ACCOUNTS, st.integers(2022, 2023), st.integers(1, 12), st.one_of(st.integers(-(10**9), 10**9), st.none())
)


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(ROW, max_size=80), costs_positive=st.booleans(), revenue_negative=st.booleans(), as_text=st.booleans()
)
def test_random_ledgers_reconcile_to_the_krona(rows, costs_positive, revenue_negative, as_text):
    frame = pd.DataFrame(
        {
            "ansvar": [str(r[0]) if as_text else r[0] for r in rows],
            "konto": [float(r[1]) if as_text else r[1] for r in rows],
            "ar": np.array([r[2] for r in rows], dtype=np.int64),
            "manad": np.array([r[3] for r in rows], dtype=np.int64),
            "belopp": np.array([np.nan if r[4] is None else float(r[4]) for r in rows], dtype=float),
        }
    )
    sign = interpretation.Sign(costs_positive, revenue_negative)
    t = interpretation.interpret(frame, _plan(), kb.account_plan(), sign)

    recon = t.avstamning
    assert (recon["differens"] == 0).all()  # exact: integer kronor
    # independently: per class, what the report and the separate lines must hold
    expected_report: dict[str, int] = {}
    expected_class: dict[int, int] = {}
    apart = 0
    for code, konto, ar, manad, amount in rows:
        if amount is None:
            continue
        klass = int(str(konto)[0])
        cost = klass in (4, 5, 6, 7) or konto == 8510
        revenue = klass == 3 or konto == 8410
        value = amount * (-1 if (cost and costs_positive) or (revenue and revenue_negative) else 1)
        expected_class[klass] = expected_class.get(klass, 0) + value
        if klass == 8:
            apart += value
        elif klass >= 3 and _area(code) is not None:
            key = f"{_area(code)}/{'Kostnader' if cost else 'Intäkter'}/{ar}-{manad}"
            expected_report[key] = expected_report.get(key, 0) + value
    by_class = recon.set_index("kontoklass")
    for klass, value in expected_class.items():
        assert by_class.loc[klass, "huvudbok"] == value
    assert float(recon["separat"].sum()) == apart
    got = {f"{r.omrade}/{r.typ}/{r.ar}-{r.manad}": r.belopp for r in t.rapport.itertuples() if r.belopp != 0}
    assert got == {k: v for k, v in expected_report.items() if v != 0}
    assert float(recon["rapport"].sum()) == sum(expected_report.values())
    # every unmapped code with an amount on a report account is listed with its total
    unmapped: dict[str, int] = {}
    for code, konto, _ar, _m, amount in rows:
        if amount is not None and _area(code) is None and str(konto)[0] in "34567":
            unmapped[str(code)] = unmapped.get(str(code), 0) + amount
    assert dict(zip(t.omappade["ansvar"], t.omappade["belopp"])) == unmapped
    assert set(t.balans["konto"]) == {str(k) for _c, k, _a, _m, v in rows if v is not None and str(k)[0] in "12"}


def test_code_patterns():
    assert kb.parse_pattern("4100-4199").matches("4150")
    assert kb.parse_pattern("4100 – 4199").matches("4199")
    assert not kb.parse_pattern("4100-4199").matches("41500")
    assert kb.parse_pattern("41*").matches("41500") and not kb.parse_pattern("41*").matches("4210")
    assert kb.parse_pattern(4110.0).matches("4110")
    assert kb.parse_pattern("4199-4100") is None and kb.parse_pattern("41 00*") is None
    assert kb.parse_pattern("41*").overlaps(kb.parse_pattern("4150-4250"))
    assert not kb.parse_pattern("42*").overlaps(kb.parse_pattern("4100-4199"))
    assert kb.code_text("4110 Barn och unga") == "4110" and kb.code_text(" 4110 ") == "4110"


def test_default_mapping_classes():
    plan = kb.account_plan()
    line = lambda konto: plan.targets[plan.find(konto)]  # noqa: E731
    assert line("3510").typ == "Intäkter" and line("3510").kostnadsslag == "Bidrag från staten med flera"
    assert line("4610").kostnadsslag == "Entreprenad och köp av verksamhet"
    assert line("5110").kostnadsslag == "Personalkostnader" and line("56100").typ == "Kostnader"
    assert line("6010").kostnadsslag == "Externa lokalhyror"
    assert line("8510").typ == "Finansiell kostnad" and line("8410").typ == "Finansiell intäkt"
    assert line("1910").typ == "Balans"
    assert plan.find("9100") == -1
