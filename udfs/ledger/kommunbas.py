"""The ledger's vocabulary and arithmetic: Kommun-Bas accounts, code plans, and the
interpretation of a ledger export (one row per responsibility code, account and period)
as the engine's signed Intäkter/Kostnader per verksamhetsområde, with its reconciliation.

Pure and vectorised: a 500 000-row ledger is mapped through its few hundred distinct codes
(``pandas.factorize``), never row by row. The workbook layer (``validation/forecast_tables/ledger.py``)
reads the cells and turns what is returned here into findings.

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


# --- interpreting a ledger -------------------------------------------------------------------
@dataclass
class Sign:
    """How the export is signed (Inställningar Kostnader / Intäkter). Prognos' convention is
    revenue +, cost −; a debit/credit export has costs positive and revenue negative."""

    costs_positive: bool = False
    revenue_negative: bool = False

    def factor(self, typ: str) -> float:
        if typ in (KOSTNADER, FIN_KOSTNAD):
            return -1.0 if self.costs_positive else 1.0
        if typ in (INTAKTER, FIN_INTAKT):
            return -1.0 if self.revenue_negative else 1.0
        return 1.0


@dataclass
class Interpretation:
    """One ledger table interpreted. Amounts in the ledger's unit; ``belopp`` in Prognos'
    sign (revenue +, cost −), ``belopp_export`` as exported.

    - ``rapport``: what the report uses (classes 3–7 of mapped codes), per
      omrade, verksamhet ("" without a finer level), typ, ar, manad (ar/manad -1 when the
      ledger has no period).
    - ``per_kod``: what each code became: ansvar, omrade, verksamhet, konto, kontoklass, typ,
      kostnadsslag, kalla (Kommun-Bas or the Kontoplan line), belopp, belopp_export, rader.
    - ``per_slag``: typ, kostnadsslag, ar, manad, belopp (also class 8, typ "Finansiellt").
    - ``avstamning``: per kontoklass: rader, huvudbok_export, huvudbok, rapport, separat
      (class 8), ej_medraknat (refused or unmapped), differens (= huvudbok − the three).
    - ``omappade``: codes missing from the Kodplan: ansvar, belopp, rader, first (row index).
    - ``balans``: balance accounts (class 0–2): konto, belopp, rader, first.
    - ``okanda_konton``: accounts no mapping line covers: konto, belopp, rader, first.
    """

    rapport: pd.DataFrame
    per_kod: pd.DataFrame
    per_slag: pd.DataFrame
    avstamning: pd.DataFrame
    omappade: pd.DataFrame
    balans: pd.DataFrame
    okanda_konton: pd.DataFrame
    sums: dict[str, float] = field(default_factory=dict)  # typ -> exported sum (sign check)


def interpret(ledger: pd.DataFrame, kodplan: CodePlan, accounts: CodePlan, sign: Sign) -> Interpretation:
    """Interpret a ledger frame with columns ``ansvar``, ``konto`` (raw codes), ``belopp``
    (float, as exported, NaN = empty), and optionally ``ar``, ``manad`` (ints).

    ``kodplan`` targets are (omrade, verksamhet or None); ``accounts`` targets AccountLine.
    """
    n = len(ledger)
    amount = ledger["belopp"].to_numpy(dtype=float)
    has_amount = ~np.isnan(amount)
    amount = np.where(has_amount, amount, 0.0)
    a_idx, a_codes, a_uniques = lookup(ledger["ansvar"].to_numpy(dtype=object), kodplan)
    k_idx, k_codes, k_uniques = lookup(ledger["konto"].to_numpy(dtype=object), accounts)
    klass_u = np.array([kontoklass(u) for u in k_uniques] + [-1], dtype=np.int64)
    klass = klass_u[k_codes]
    line_types = [t.typ for t in accounts.targets] + [""]
    typ_names = np.array(line_types, dtype=object)
    typ = typ_names[k_idx]
    factors = np.array([sign.factor(t) for t in line_types], dtype=float)[k_idx]
    signed = amount * factors
    ar = ledger["ar"].to_numpy(dtype=np.int64) if "ar" in ledger else np.full(n, -1, dtype=np.int64)
    manad = ledger["manad"].to_numpy(dtype=np.int64) if "manad" in ledger else np.full(n, -1, dtype=np.int64)

    mapped_account = k_idx >= 0
    is_balance = typ == BALANS
    is_fin = (typ == FIN_INTAKT) | (typ == FIN_KOSTNAD)
    in_report = (typ == INTAKTER) | (typ == KOSTNADER)
    mapped_code = a_idx >= 0
    used = in_report & mapped_code
    apart = is_fin  # class 8 is shown apart whether or not its code is in the Kodplan
    # unmapped codes only matter on rows that would be used; refused rows are excluded
    excluded = ~(used | apart)

    frame = pd.DataFrame(
        {
            "a": a_codes,
            "k": k_codes,
            "ai": a_idx,
            "ki": k_idx,
            "klass": klass,
            "ar": ar,
            "manad": manad,
            "belopp": signed,
            "export": amount,
            "used": used,
            "apart": apart,
            "excluded": excluded,
            "has": has_amount,
        }
    )
    rapport, avst, omr, verks = _report_rows(frame, used, apart, excluded, kodplan, typ_names)
    a_text = np.array(a_uniques + [None], dtype=object)
    k_text = np.array(k_uniques + [None], dtype=object)
    per_kod = _per_code(frame, a_text, k_text, omr, verks, klass_u, typ_names, accounts)
    per_slag = _per_slag(frame[used | apart], accounts)

    # --- problems ----------------------------------------------------------------------------
    row_index = np.arange(n)
    omappade = _problem(frame[in_report & ~mapped_code & has_amount], row_index, "a", a_text, "ansvar")
    balans = _problem(frame[is_balance & has_amount], row_index, "k", k_text, "konto")
    okanda = _problem(frame[~mapped_account & has_amount], row_index, "k", k_text, "konto")
    sums = {INTAKTER: float(amount[typ == INTAKTER].sum()), KOSTNADER: float(amount[typ == KOSTNADER].sum())}
    return Interpretation(rapport, per_kod, per_slag, avst, omappade, balans, okanda, sums)


def _group(typ: str) -> str:
    return {INTAKTER: INTAKTER, KOSTNADER: KOSTNADER, FIN_INTAKT: "Finansiellt", FIN_KOSTNAD: "Finansiellt"}.get(
        typ, ""
    )


def _report_rows(
    frame: pd.DataFrame,
    used: np.ndarray,
    apart: np.ndarray,
    excluded: np.ndarray,
    kodplan: CodePlan,
    typ_names: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray]:
    """The rows the report uses, per area, and the reconciliation per class; with the areas and activities."""
    # --- reconciliation per class, from the rows as read ------------------------------------
    by_class = frame.groupby("klass", sort=True)
    avst = pd.DataFrame(
        {
            "rader": by_class["has"].sum(),
            "huvudbok_export": by_class["export"].sum(),
            "huvudbok": by_class["belopp"].sum(),
        }
    )
    # --- what the report uses: aggregated first to codes, then to areas -----------------
    used_rows = frame[used]
    detail = used_rows.groupby(["ai", "ki", "klass", "ar", "manad"], sort=False)["belopp"].sum().reset_index()
    targets = kodplan.targets
    omr = np.array([t[0] for t in targets] + [None], dtype=object)
    verks = np.array([t[1] for t in targets] + [None], dtype=object)
    detail["omrade"] = omr[detail["ai"].to_numpy()]
    detail["verksamhet"] = verks[detail["ai"].to_numpy()]
    detail["typ"] = typ_names[detail["ki"].to_numpy()]
    rapport = (
        detail.assign(verksamhet=detail["verksamhet"].fillna(""))
        .groupby(["omrade", "verksamhet", "typ", "ar", "manad"], sort=False)["belopp"]
        .sum()
        .reset_index()
    )
    # "rapport" per class comes from the aggregated rows, "separat" from class 8 rows
    avst["rapport"] = detail.groupby("klass")["belopp"].sum() if len(detail) else 0.0
    avst["separat"] = frame[apart].groupby("klass")["belopp"].sum()
    avst["ej_medraknat"] = frame[excluded].groupby("klass")["belopp"].sum()
    avst = avst.fillna(0.0)
    avst["differens"] = avst["huvudbok"] - avst["rapport"] - avst["separat"] - avst["ej_medraknat"]
    avst = avst.reset_index().rename(columns={"klass": "kontoklass"})
    return rapport, avst, omr, verks


def _per_code(
    frame: pd.DataFrame,
    a_text: np.ndarray,
    k_text: np.ndarray,
    omr: np.ndarray,
    verks: np.ndarray,
    klass_u: np.ndarray,
    typ_names: np.ndarray,
    accounts: CodePlan,
) -> pd.DataFrame:
    """What each code became."""
    per_kod = (
        frame.groupby(["a", "k"], sort=False)
        .agg(
            belopp=("belopp", "sum"),
            belopp_export=("export", "sum"),
            rader=("has", "sum"),
            ai=("ai", "first"),
            ki=("ki", "first"),
        )
        .reset_index()
    )
    per_kod["ansvar"] = a_text[per_kod["a"].to_numpy()]
    per_kod["konto"] = k_text[per_kod["k"].to_numpy()]
    per_kod["omrade"] = omr[per_kod["ai"].to_numpy()]
    per_kod["verksamhet"] = verks[per_kod["ai"].to_numpy()]
    per_kod["kontoklass"] = klass_u[per_kod["k"].to_numpy()]
    per_kod["typ"] = typ_names[per_kod["ki"].to_numpy()]
    slag = np.array([t.kostnadsslag for t in accounts.targets] + [""], dtype=object)
    source = np.array([t.source for t in accounts.targets] + [""], dtype=object)
    per_kod["kostnadsslag"] = slag[per_kod["ki"].to_numpy()]
    per_kod["kalla"] = source[per_kod["ki"].to_numpy()]
    per_kod = per_kod.sort_values(["ansvar", "konto"], key=_code_sort, kind="stable").reset_index(drop=True)
    return per_kod[
        [
            "ansvar",
            "omrade",
            "verksamhet",
            "konto",
            "kontoklass",
            "typ",
            "kostnadsslag",
            "kalla",
            "belopp",
            "belopp_export",
            "rader",
        ]
    ]


def _per_slag(slag_rows: pd.DataFrame, accounts: CodePlan) -> pd.DataFrame:
    """Per kostnadsslag (classes 3–8 with a mapped account)."""
    slag = np.array([t.kostnadsslag for t in accounts.targets] + [""], dtype=object)
    per_slag = slag_rows.groupby(["ki", "ar", "manad"], sort=False)["belopp"].sum().reset_index()
    group = np.array([_group(t.typ) for t in accounts.targets] + [""], dtype=object)
    per_slag["typ"] = group[per_slag["ki"].to_numpy()]
    per_slag["kostnadsslag"] = slag[per_slag["ki"].to_numpy()]
    return per_slag.groupby(["typ", "kostnadsslag", "ar", "manad"], sort=False)["belopp"].sum().reset_index()


def _problem(rows: pd.DataFrame, _index: np.ndarray, key: str, text: np.ndarray, name: str) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=[name, "belopp", "rader", "first"])
    rows = rows.assign(first=rows.index.to_numpy())
    out = (
        rows.groupby(key, sort=False)
        .agg(belopp=("export", "sum"), rader=("has", "sum"), first=("first", "min"))
        .reset_index()
    )
    out[name] = text[out[key].to_numpy()]
    return out.sort_values("first")[[name, "belopp", "rader", "first"]].reset_index(drop=True)


def _code_sort(column: pd.Series) -> pd.Series:
    return column.map(lambda c: (0, int(c), "") if isinstance(c, str) and c.isdigit() else (1, 0, str(c)))


# --- for tables of revenue and costs per kostnadsslag ------------------------------------------
def per_kostnadsslag(per_slag: pd.DataFrame, ar: int, period: int, divisor: float = 1.0) -> pd.DataFrame:
    """Outcome per kostnadsslag: columns ``grupp`` (Intäkter, Kostnader, Finansiellt),
    ``kostnadsslag``, ``utfall_period`` (months 1..period of ``ar``), ``utfall_period_fg``
    (the same months a year earlier), ``utfall_helar_fg`` (the whole earlier year); signed
    revenue +, cost −, divided by ``divisor`` (ledger unit -> report unit). Rows in the
    Kommun-Bas mapping's order, kinds of the workbook's own Kontoplan after them."""
    d = per_slag
    cols = {
        "utfall_period": (d["ar"] == ar) & (d["manad"] >= 1) & (d["manad"] <= period),
        "utfall_period_fg": (d["ar"] == ar - 1) & (d["manad"] >= 1) & (d["manad"] <= period),
        "utfall_helar_fg": d["ar"] == ar - 1,
    }
    keys = d[["typ", "kostnadsslag"]].drop_duplicates()
    out = keys.rename(columns={"typ": "grupp"}).reset_index(drop=True)
    for name, mask in cols.items():
        sums = d[mask].groupby(["typ", "kostnadsslag"])["belopp"].sum() / divisor
        out[name] = [float(sums.get((g, s), 0.0)) for g, s in zip(out["grupp"], out["kostnadsslag"])]
    order = {name: i for i, name in enumerate(kostnadsslag_order())}
    groups = {INTAKTER: 0, KOSTNADER: 1, "Finansiellt": 2}
    out["_g"] = out["grupp"].map(groups).fillna(3)
    out["_o"] = out["kostnadsslag"].map(order).fillna(len(order))
    return out.sort_values(["_g", "_o", "kostnadsslag"]).drop(columns=["_g", "_o"]).reset_index(drop=True)
