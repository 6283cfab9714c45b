"""A ledger export interpreted: each row's responsibility code through the Kodplan and its
account through the account plan (Kommun-Bas with the workbook's Kontoplan over it, in
``udfs.ledger.kommunbas``), signed as Prognos signs (revenue +, cost −), summed per
verksamhetsområde for the report, per code and per kostnadsslag, with the reconciliation per
kontoklass and what could not be used. Pure and vectorised: a 500 000-row ledger is mapped
through its few hundred distinct codes (``pandas.factorize``), never row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from udfs.ledger.kommunbas import (
    BALANS,
    FIN_INTAKT,
    FIN_KOSTNAD,
    INTAKTER,
    KOSTNADER,
    CodePlan,
    kontoklass,
    kostnadsslag_order,
    lookup,
)


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
