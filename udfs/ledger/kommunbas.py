"""The ledger's vocabulary: Kommun-Bas accounts, codes on one normal form and code plans
(Kodplan, the account plan). The interpretation of a ledger export (one row per
responsibility code, account and period) as the engine's signed Intäkter/Kostnader per
verksamhetsområde, with its reconciliation, is ``udfs.ledger.interpretation``.

Pure and vectorised: a 500 000-row ledger is mapped through its few hundred distinct codes
(``pandas.factorize``, ``lookup``), never row by row. The workbook layer
(``validation/forecast_tables/ledger.py``) reads the cells and turns what is returned into findings.

Kommun-Bas (SKR's base chart of accounts for municipalities): class 3 is the activity's
revenue, 4 purchases (köp av huvudverksamhet, material, bidrag), 5 personnel, 6–7 other
costs, 8 financial items (outside the activity's net: shown apart), 0–2 the balance sheet.
The default mapping from account group to Typ and kostnadsslag ships as
``udfs/data/kommunbas.csv``; a workbook overrides any line with its ``Kontoplan`` table.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd

INTAKTER = "Intäkter"
KOSTNADER = "Kostnader"
FIN_INTAKT = "Finansiell intäkt"
FIN_KOSTNAD = "Finansiell kostnad"
BALANS = "Balans"
FINANSIELLA_POSTER = "Finansiella poster"
# Typ values of a mapping line: the report's two, the two sides of class 8, the balance sheet.
MAPPING_TYPES = (INTAKTER, KOSTNADER, FIN_INTAKT, FIN_KOSTNAD, BALANS)
REPORT_TYPES = (INTAKTER, KOSTNADER)
KLASS_NAMN = {
    0: "Balans",
    1: "Tillgångar",
    2: "Eget kapital och skulder",
    3: "Verksamhetens intäkter",
    4: "Köp av verksamhet, material och bidrag",
    5: "Personalkostnader",
    6: "Övriga verksamhetskostnader",
    7: "Övriga verksamhetskostnader",
    8: "Finansiella poster",
    9: "Interna och övriga konton",
}


# --- codes ------------------------------------------------------------------------------------
_LEADING_CODE = re.compile(r"^([0-9]+)\s+\D")
_LOW, _HIGH = "\x00", "\U0010ffff"  # below and above every character a code can have


def lookalike(text: str) -> str | None:
    """The first character of ``text`` that looks like a digit but is none ``int()`` reads
    ("²", "①", "⁹"), or None."""
    return next((ch for ch in text if ch.isdigit() and not ch.isdecimal()), None)


def normal_code(text: str) -> str | None:
    """A code in the one form every comparison uses: digits of any script as ASCII digits
    ("４１１０" -> "4110"), letters in upper case, leading zeros kept (a code is a name, not a
    number); None when it holds a character that only looks like a digit."""
    if lookalike(text):
        return None
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text).upper()


def code_text(value: object) -> str | None:
    """A responsibility or account code in its normal form (``normal_code``): 4110, 4110.0,
    " 4110 ", "4110 Barn och unga" (code and name, as some exports print them) all give "4110";
    empty gives None, and so does a code with a look-alike digit (``lookalike`` says which)."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    text = normal_code(text)
    if text is None:
        return None
    match = _LEADING_CODE.match(text)
    return match.group(1) if match else text


def _key(code: str) -> tuple[int, str]:
    """The order of codes: shorter first, then character by character (for digits of one
    length, the numbers' order), so a range, a prefix and a code compare on one form."""
    return (len(code), code)


@dataclass(frozen=True)
class CodePattern:
    """A single code ("4110"), a range ("4100-4199") or a prefix ("41*"), bounds in the
    normal form of ``normal_code``."""

    text: str
    kind: str  # "kod", "intervall", "prefix"
    low: str
    high: str = ""

    def matches(self, code: str) -> bool:
        if self.kind == "kod":
            return code == self.low
        if self.kind == "prefix":
            return code.startswith(self.low)
        return _key(self.low) <= _key(code) <= _key(self.high)

    @property
    def width(self) -> tuple[int, int]:
        """Sort key: more specific first (a code, then the longest prefix, narrowest range)."""
        if self.kind == "kod":
            return (0, 0)
        if self.kind == "prefix":
            return (1, -len(self.low))
        if self.low.isdigit() and self.high.isdigit() and len(self.low) == len(self.high):
            return (1, int(self.high) - int(self.low))
        return (1, 10**9)

    def spans(self, longest: int) -> list[tuple[tuple[int, str], tuple[int, str]]]:
        """The codes this pattern matches as intervals of ``_key``, for lengths up to ``longest``
        (a prefix: one interval per length)."""
        if self.kind == "kod":
            return [(_key(self.low), _key(self.low))]
        if self.kind == "intervall":
            return [(_key(self.low), _key(self.high))]
        pad = range(0, max(0, longest - len(self.low)) + 1)
        return [(_key(self.low + _LOW * n), _key(self.low + _HIGH * n)) for n in pad]

    def overlaps(self, other: "CodePattern") -> bool:
        """Whether some code matches both, on the one normal form (a prefix is the ranges of
        its lengths)."""
        if self.kind == "prefix" and other.kind == "prefix":
            return self.low.startswith(other.low) or other.low.startswith(self.low)
        longest = max(len(p) for p in (self.low, self.high, other.low, other.high))
        return any(
            a_lo <= b_hi and b_lo <= a_hi for a_lo, a_hi in self.spans(longest) for b_lo, b_hi in other.spans(longest)
        )


_RANGE = re.compile(r"^(\w+)\s*(?:-|\u2013|\u2014|\.\.|till)\s*(\w+)$")


def parse_pattern(value: object) -> CodePattern | None:
    """ "4110", 4110, "4100-4199", "4100–4199", "41*" -> a pattern; None when unreadable (also
    with a character that only looks like a digit: ``lookalike``)."""
    text = code_text(value) if not isinstance(value, str) else " ".join(value.split())
    if not text or lookalike(text):
        return None
    if text.endswith("*"):
        stem = normal_code(text[:-1].strip())
        return CodePattern(text, "prefix", stem) if stem and re.fullmatch(r"\w+", stem) else None
    match = _RANGE.match(text)
    if match:
        low, high = normal_code(match.group(1)), normal_code(match.group(2))
        if _key(low) > _key(high) or (not (low.isdigit() and high.isdigit()) and len(low) != len(high)):
            return None
        return CodePattern(text, "intervall", low, high)
    code = code_text(text)
    if code and re.fullmatch(r"[\w.]+", code):
        return CodePattern(text, "kod", code)
    return None


@dataclass
class CodePlan:
    """Patterns and their targets; the most specific pattern wins (a single code over a
    range or prefix, a longer prefix over a shorter one)."""

    patterns: list[CodePattern] = field(default_factory=list)
    targets: list[object] = field(default_factory=list)

    def add(self, pattern: CodePattern, target: object) -> None:
        self.patterns.append(pattern)
        self.targets.append(target)

    def find(self, code: str | None) -> int:
        """Index of the pattern ``code`` falls under, -1 when none."""
        if code is None:
            return -1
        best, best_width = -1, None
        for i, pattern in enumerate(self.patterns):
            if pattern.matches(code) and (best_width is None or pattern.width < best_width):
                best, best_width = i, pattern.width
        return best

    def overlaps(self) -> list[tuple[int, int]]:
        """Pairs of ranges/prefixes that share codes, and repeated single codes: a code in
        both would be mapped by chance, so each pair is an error."""
        out = []
        wide = [i for i, p in enumerate(self.patterns) if p.kind != "kod"]
        for x, i in enumerate(wide):
            for j in wide[x + 1 :]:
                if self.patterns[i].overlaps(self.patterns[j]):
                    out.append((i, j))
        seen: dict[str, int] = {}
        for i, p in enumerate(self.patterns):
            if p.kind == "kod":
                if p.low in seen:
                    out.append((seen[p.low], i))
                else:
                    seen[p.low] = i
        return out


def lookup(values: pd.Series | np.ndarray | list, plan: CodePlan) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
    """Map a column of codes through ``plan`` without a Python step per row.

    Returns (index of the pattern per row, -1 when unmapped; the code's number per row into
    ``uniques``; ``uniques``: the distinct codes as text)."""
    raw_codes, raw_uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    texts = [code_text(u) for u in raw_uniques]
    # 4110, 4110.0 and "4110" are one code: number the distinct texts (None stays -1)
    text_codes, uniques = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=True)
    codes = np.append(text_codes, -1)[raw_codes]
    uniques = list(uniques)
    per_unique = np.array([plan.find(u) for u in uniques] + [-1], dtype=np.int64)
    return per_unique[codes], codes, uniques


# --- Kommun-Bas --------------------------------------------------------------------------------
@dataclass(frozen=True)
class AccountLine:
    typ: str  # one of MAPPING_TYPES
    kostnadsslag: str
    benamning: str = ""
    source: str = "Kommun-Bas"  # or "Kontoplan rad 7"


def default_accounts() -> CodePlan:
    """The shipped Kommun-Bas mapping: account group (prefix) -> Typ and kostnadsslag."""
    plan = CodePlan()
    text = resources.files("udfs").joinpath("data/kommunbas.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        plan.add(
            CodePattern(row["Konto"] + "*", "prefix", row["Konto"]),
            AccountLine(row["Typ"], row["Kostnadsslag"], row["Kontogrupp enligt Kommun-Bas"]),
        )
    return plan


# The order the committee papers print the kinds in (botkyrka_sn_2023_kostnadsslag_tkr.csv).
KOSTNADSSLAG_ORDNING = (
    "Taxor och avgifter",
    "Externa bostads- och lokalhyror",
    "Försäljning av verksamhet",
    "Bidrag från staten med flera",
    "Övriga verksamhetsintäkter",
    "Intäkter konto 39",
    "Personalkostnader",
    "Varor",
    "Entreprenad och köp av verksamhet",
    "Externa lokalhyror",
    "Bidrag och transfereringar",
    "Övriga verksamhetskostnader",
    "Kostnader konto 49",
    "Kapitalkostnader",
    FINANSIELLA_POSTER,
)


def kostnadsslag_order() -> list[str]:
    """Kinds in the papers' order, then any other kind of the shipped mapping."""
    order: list[str] = list(KOSTNADSSLAG_ORDNING)
    for target in default_accounts().targets:
        if target.kostnadsslag and target.kostnadsslag not in order:
            order.append(target.kostnadsslag)
    return order


def account_plan(overrides: CodePlan | None = None) -> CodePlan:
    """The workbook's Kontoplan lines before the defaults: a line there always wins."""
    plan = CodePlan()
    if overrides is not None:
        for p, t in zip(overrides.patterns, overrides.targets):
            plan.add(p, t)
    n = len(plan.patterns)
    default = default_accounts()
    combined = _Layered(plan.patterns + default.patterns, plan.targets + default.targets, n)
    return combined


class _Layered(CodePlan):
    """A plan whose first ``n`` patterns (the workbook's) win over the rest (the defaults)."""

    def __init__(self, patterns, targets, n):
        super().__init__(patterns, targets)
        self.n = n

    def find(self, code: str | None) -> int:
        if code is None:
            return -1
        first = CodePlan(self.patterns[: self.n], self.targets[: self.n]).find(code)
        if first >= 0:
            return first
        rest = CodePlan(self.patterns[self.n :], self.targets[self.n :]).find(code)
        return rest + self.n if rest >= 0 else -1


def kontoklass(code: str | None) -> int:
    """First digit of an account (Kommun-Bas class), -1 when the account is not a number."""
    if code and code[0].isdigit():
        return int(code[0])
    return -1
