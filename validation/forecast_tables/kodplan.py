"""The workbook's code plans for a ledger export (issue 10, docs/huvudbok.md): ``Kodplan``
(responsibility codes to areas) and ``Kontoplan`` (the workbook's own account lines over
Kommun-Bas), read into ``udfs.ledger.kommunbas.CodePlan`` objects with their findings."""

from __future__ import annotations

from typing import Protocol

from udfs.language.vocabulary import normalize
from udfs.ledger import kommunbas as kb
from validation.contract import KODPLAN, KONTOPLAN, TableSpec
from validation.findings import FEL, Finding
from validation.models import clean_text
from validation.raw_table import RawTable


class Source(Protocol):
    """What the ledger reader needs of ``validation.forecast_tables.inputs.Reader``."""

    file: str
    findings: list[Finding]

    def table(self, spec: TableSpec) -> RawTable | None: ...
    def add(self, severity: str, raw: RawTable, cell: str, rule: str, message: str) -> None: ...
    def columns(self, raw: RawTable, spec: TableSpec) -> tuple[dict[str, int], dict[int, int]] | None: ...
    def amount(self, raw: RawTable, row_number: int, pos: int, value: object, label: str, **how: object) -> object: ...


# --- Kodplan and Kontoplan ------------------------------------------------------------------
def read_kodplan(reader: Source, needed_by: RawTable) -> kb.CodePlan | None:
    """The Kodplan as a CodePlan with targets (omrade, verksamhet); None (with an error) when
    the table is missing, empty or has overlapping ranges."""
    raw = reader.table(KODPLAN)
    if raw is None or not raw.rows:
        reader.add(
            FEL,
            needed_by,
            needed_by.header_address(),
            "kodplan_saknas",
            f"Tabellen {needed_by.name} är en huvudboksexport (Ansvar, Konto), men arbetsboken saknar en ifylld "
            "tabell Kodplan som säger vilket verksamhetsområde varje ansvarskod hör till. Lägg till bladet "
            "Kodplan med kolumnerna Ansvar (kod, intervall 4100-4199 eller prefix 41*) och Verksamhetsområde "
            "(se 'prognos mall').",
        )
        return None
    columns = reader.columns(raw, KODPLAN)  # one error per missing column
    if columns is None:
        return None
    found = columns[0]
    plan = kb.CodePlan()
    rows: list[int] = []
    spelling: dict[str, str] = {}
    ok = True
    for row_number, values in zip(raw.row_numbers, raw.rows):
        code, area = values[found["ansvar"]], values[found["omrade"]]
        finer = values[found["verksamhet"]] if "verksamhet" in found else None
        cell = raw.address(row_number, found["ansvar"])
        pattern = kb.parse_pattern(code)
        area_text = str(clean_text(area) or "")
        area_text = spelling.setdefault(normalize(area_text), area_text)  # one area however it is spelt
        if pattern is None:
            ok = False
            reader.add(FEL, raw, cell, "ogiltig_kod", f"Kodplan: {code!r} {_not_a_code(code)} Skriv om den.")
            continue
        if not area_text:
            ok = False
            reader.add(
                FEL,
                raw,
                raw.address(row_number, found["omrade"]),
                "kodplan_omrade_saknas",
                f"Kodplan: ansvar {pattern.text} saknar verksamhetsområde. Fyll i vilket område koden hör till.",
            )
            continue
        finer_text = clean_text(finer) if finer not in (None, "") else None
        plan.add(pattern, (area_text, finer_text))
        rows.append(row_number)
    what = "ansvarskoder, så det är oklart vilket område koderna hör till"
    if _overlaps(reader, raw, KODPLAN.name, plan, rows, found["ansvar"], "kodplan_overlapp", what):
        ok = False
    return plan if ok else None


def _overlaps(
    reader: Source, raw: RawTable, table: str, plan: kb.CodePlan, rows: list[int], pos: int, rule: str, what: str
) -> bool:
    """An error for each pair of ranges or prefixes in ``plan`` (read from ``rows``) that cover
    some of the same codes, at the later row's cell in column ``pos``; True when there is any."""
    any_overlap = False
    for i, j in plan.overlaps():
        any_overlap = True
        a, b = plan.patterns[i], plan.patterns[j]
        reader.add(
            FEL,
            raw,
            raw.address(rows[j], pos),
            rule,
            f"{table}: {a.text} (rad {rows[i]}) och {b.text} (rad {rows[j]}) täcker delvis samma {what}. "
            "Dela upp intervallen så att de inte överlappar.",
        )
    return any_overlap


def _not_a_code(value: object, what: str = "en ansvarskod", stem: str = "41") -> str:
    """Why a Kodplan or Kontoplan cell is no code: a look-alike digit, or no code's shape."""
    odd = kb.lookalike(str(value)) if value is not None else None
    if odd is not None:
        return (
            f"har tecknet {odd!r}, som liknar en siffra men inte är en siffra i en kod: skriv den med vanliga "
            "siffror 0–9."
        )
    return f"är inte {what}, ett intervall ({stem}00-{stem}99) eller ett prefix ({stem}*)."


_KONTOTYPER = {
    "intakter": kb.INTAKTER,
    "intakt": kb.INTAKTER,
    "kostnader": kb.KOSTNADER,
    "kostnad": kb.KOSTNADER,
    "finansiell intakt": kb.FIN_INTAKT,
    "finansiella intakter": kb.FIN_INTAKT,
    "finansiell kostnad": kb.FIN_KOSTNAD,
    "finansiella kostnader": kb.FIN_KOSTNAD,
    "balans": kb.BALANS,
    "balanskonto": kb.BALANS,
}
_OVRIGA = {
    kb.INTAKTER: "Övriga verksamhetsintäkter",
    kb.KOSTNADER: "Övriga verksamhetskostnader",
    kb.FIN_INTAKT: kb.FINANSIELLA_POSTER,
    kb.FIN_KOSTNAD: kb.FINANSIELLA_POSTER,
    kb.BALANS: "",
}


def read_kontoplan(reader: Source) -> kb.CodePlan | None:
    """The workbook's own account lines over Kommun-Bas; None (with errors) when unusable."""
    raw = reader.table(KONTOPLAN)
    overrides = kb.CodePlan()
    if raw is None or not raw.rows:
        return kb.account_plan(overrides)
    columns = reader.columns(raw, KONTOPLAN)  # one error per missing column
    if columns is None:
        return None
    found = columns[0]
    ok = True
    rows: list[int] = []
    for row_number, values in zip(raw.row_numbers, raw.rows):
        pattern = kb.parse_pattern(values[found["konto"]])
        typ = _KONTOTYPER.get(normalize(values[found["typ"]]))
        if pattern is None:
            ok = False
            reader.add(
                FEL,
                raw,
                raw.address(row_number, found["konto"]),
                "ogiltig_kod",
                f"Kontoplan: {values[found['konto']]!r} "
                f"{_not_a_code(values[found['konto']], 'ett konto', '46')} "
                "Skriv om det.",
            )
            continue
        if typ is None:
            ok = False
            reader.add(
                FEL,
                raw,
                raw.address(row_number, found["typ"]),
                "ogiltigt_varde",
                f"Kontoplan: Typ måste vara Intäkter, Kostnader, Finansiell intäkt, Finansiell kostnad eller "
                f"Balans (står: {values[found['typ']]!r}).",
            )
            continue
        slag = values[found["kostnadsslag"]] if "kostnadsslag" in found else None
        slag_text = clean_text(slag) if slag not in (None, "") else _OVRIGA[typ]
        overrides.add(pattern, kb.AccountLine(typ, slag_text, "", f"Kontoplan rad {row_number}"))
        rows.append(row_number)
    if _overlaps(reader, raw, KONTOPLAN.name, overrides, rows, found["konto"], "kontoplan_overlapp", "konton"):
        ok = False
    return kb.account_plan(overrides) if ok else None
