"""Reading and rules for the optional tables of the report's economic section:
``Investeringar``, ``Kostnadsslag`` and ``Bidragsintakter``, the economist's own words (``Texter``,
``Orsaker``, ``Atgarder``: ``validation/section_tables/own_words.py``) and the materiality threshold (the settings
row ``Väsentlighetsgräns``, read with the other settings).

An absent or empty table leaves its part of the report out. Rules (rule code, level):

==========================  =======  ========================================================
tryckt_summa_avviker        varning  a typed Summa/Totalt/Netto row differs from its rows by
                                     more than rounding (±1 per row); the rows are used and
                                     the typed figure is reported as a slip (e.g. the paper's
                                     −0,9 mnkr for an investment outcome of 91 tkr)
summarad                    varning  a typed total row that matches; it is left out
okant_grupp                 fel      Kostnadsslag: Grupp is not Intäkter, Kostnader or
                                     Finansiella poster
fel_tecken                  varning  investments typed as positive amounts (they are outflows)
okant_omrade                fel      Bidragsintakter: an area that is not in Budget (with the
                                     Budget's name when it is a known second name)
ogiltigt_varde, inte_tal…   fel      as in the other tables
==========================  =======  ========================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import normalize, printable, suggest
from udfs.section.rows import FINANSIELLT, INTAKTER, KOSTNADER, CostKindRow, GrantRevenue, Investment
from validation.contract import BIDRAGSINTAKTER, INVESTERINGAR, KOSTNADSSLAG, TableSpec
from validation.findings import FEL, VARNING
from validation.models import Settings
from validation.raw_table import RawTable
from validation.reader import INVALID, Reader, area_lookup
from validation.section_tables.own_words import OwnTables, read_own_tables

_TOTAL = re.compile(r"^(totalt?|summa|s:a|netto)\b")
_GROUP = {
    "intakter": INTAKTER,
    "intakt": INTAKTER,
    "kostnader": KOSTNADER,
    "kostnad": KOSTNADER,
    "finansiellt": FINANSIELLT,
    "finansiella poster": FINANSIELLT,
    "finansiella": FINANSIELLT,
    "finansiella intakter och kostnader": FINANSIELLT,
    "finansnetto": FINANSIELLT,
}


@dataclass
class ReportTables:
    investeringar: list[Investment] | None = None
    kostnadsslag: list[CostKindRow] | None = None
    own: OwnTables = field(default_factory=OwnTables)  # Texter, Orsaker, Åtgärder (issue 20)
    bidragsintakter: list[GrantRevenue] | None = None
    vasentlighet: float | None = None
    cells: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    cells: dict[str, str]
    total: bool = False


def _rows(reader: Reader, spec: TableSpec, numeric: tuple[str, ...], label: str) -> tuple[RawTable, list[_Row]] | None:
    raw = reader.table(spec)
    if raw is None or not raw.rows:
        return None
    cols = reader.columns(raw, spec)
    if cols is None:
        return raw, []
    found, _ = cols
    headers = {c.key: c.header for c in spec.columns}
    out = []
    for number, values in zip(raw.row_numbers, raw.rows):
        record: dict[str, Any] = {}
        bad = False
        for key, pos in found.items():
            value = values[pos]
            if key in numeric:
                value = reader.cell_value(raw, number, pos, value, "belopp", f"{spec.name} {headers[key]}")
                bad = bad or value is INVALID
            elif value is not None:
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                value = " ".join(printable(str(value)).split()) or None
            record[key] = value
        if bad:
            continue
        text = normalize(record.get(label) or "")
        out.append(
            _Row(number, record, {k: raw.address(number, p) for k, p in found.items()}, bool(_TOTAL.match(text)))
        )
    return raw, out


def _check_totals(
    reader: Reader, raw: RawTable, rows: list[_Row], numeric: tuple[str, ...], label: str, members_of: Any = None
) -> list[_Row]:
    """Typed total rows: checked against their rows (a slip is a warning), then left out."""
    data = [r for r in rows if not r.total]
    for total in (r for r in rows if r.total):
        members = members_of(total, data) if members_of else [r for r in data if r.number < total.number]
        slips = []
        for key in numeric:
            typed = total.values.get(key)
            if typed is None:
                continue
            present = [r.values[key] for r in members if r.values.get(key) is not None]
            if not present:
                continue
            summed = sum(present)
            if abs(typed - summed) > max(1, len(present)) + 1e-9:
                slips.append((key, typed, summed))
        name = total.values.get(label)
        for key, typed, summed in slips:
            reader.add(
                VARNING,
                raw,
                total.cells[key],
                "tryckt_summa_avviker",
                f"Summaraden {name!r} anger {format_tal(typed, 0)} men raderna summerar till "
                f"{format_tal(summed, 0)} (skillnad {format_tal(typed - summed, 0)}, mer än avrundning). "
                "Prognos räknar med raderna; den inskrivna summan är troligen en felskrivning: rätta eller ta "
                "bort den.",
            )
        if not slips:
            reader.add(
                VARNING,
                raw,
                total.cells[label],
                "summarad",
                f"Raden {name!r} är en summarad. Den räknas inte med (Prognos summerar själv); ta "
                "bort den ur tabellen.",
            )
    return data


def _required(reader: Reader, raw: RawTable, row: _Row, keys: tuple[str, ...], spec: TableSpec) -> bool:
    ok = True
    for key in keys:
        if row.values.get(key) is None:
            header = spec.column(key).header
            cell = row.cells.get(key, raw.address(row.number, 0))
            reader.add(
                FEL, raw, cell, "ogiltigt_varde", f"{spec.name}: {header} saknas. Fyll i värdet eller ta bort raden."
            )
            ok = False
    return ok


def read_investeringar(reader: Reader) -> list[Investment] | None:
    numeric = ("budget", "utfall_period", "prognos", "utfall_fg")
    got = _rows(reader, INVESTERINGAR, numeric, "projekt")
    if got is None:
        return None
    raw, rows = got
    data = _check_totals(reader, raw, rows, numeric, "projekt")
    out = []
    for row in data:
        if not _required(reader, raw, row, ("projekt", "budget", "prognos"), INVESTERINGAR):
            continue
        v = {k: row.values.get(k) for k in numeric}
        if reader.costs_positive:
            v = {k: None if x is None else -x for k, x in v.items()}
        elif (v["budget"] or 0) > 0 or (v["prognos"] or 0) > 0:
            reader.add(
                VARNING,
                raw,
                row.cells["budget"],
                "fel_tecken",
                "Investeringar är utgifter och skrivs med minustecken (som i nämndens tabell: −3,0 mnkr), "
                "men här står ett positivt belopp. Ändra tecknet, annars blir överskott och underskott omvända.",
            )
        out.append(
            Investment(
                row.values["projekt"],
                float(v["budget"]),
                v["utfall_period"],
                float(v["prognos"]),
                v["utfall_fg"],
                row.values.get("kommentar"),
                row.cells,
            )
        )
    return out


def read_kostnadsslag(reader: Reader) -> list[CostKindRow] | None:
    numeric = ("utfall", "utfall_fg", "utfall_helar_fg")
    got = _rows(reader, KOSTNADSSLAG, numeric, "kostnadsslag")
    if got is None:
        return None
    raw, rows = got
    for row in rows:  # "Netto" in Grupp is a total of everything
        if normalize(row.values.get("grupp") or "") == "netto":
            row.total = True

    def members(total: _Row, data: list[_Row]) -> list[_Row]:
        group = _GROUP.get(normalize(total.values.get("grupp") or ""))
        if group is None:
            return data
        return [r for r in data if _GROUP.get(normalize(r.values.get("grupp") or "")) == group]

    data = _check_totals(reader, raw, rows, numeric, "kostnadsslag", members)
    out = []
    for row in data:
        if not _required(reader, raw, row, ("grupp", "kostnadsslag"), KOSTNADSSLAG):
            continue
        group = _GROUP.get(normalize(row.values["grupp"]))
        if group is None:
            reader.add(
                FEL,
                raw,
                row.cells["grupp"],
                "okant_grupp",
                f"Grupp {row.values['grupp']!r} är okänd: skriv Intäkter, Kostnader eller Finansiella poster.",
            )
            continue
        v = {k: row.values.get(k) for k in numeric}
        if group in (KOSTNADER, INTAKTER):  # the settings Kostnader and Intäkter (issue 10)
            v = {k: reader.signed(group, x) for k, x in v.items()}
        out.append(
            CostKindRow(
                group,
                row.values["kostnadsslag"],
                v["utfall"],
                v["utfall_fg"],
                v["utfall_helar_fg"],
                row.cells.get("kostnadsslag", ""),
            )
        )
    return out


def read_bidragsintakter(reader: Reader, areas: list[str]) -> list[GrantRevenue] | None:
    numeric = ("prognos", "budget", "utfall")
    got = _rows(reader, BIDRAGSINTAKTER, numeric, "post")
    if got is None:
        return None
    raw, rows = got
    data = _check_totals(reader, raw, rows, numeric, "post")
    lookup = area_lookup(areas)
    out = []
    for row in data:
        if not _required(reader, raw, row, ("kalla", "post", "omrade", "prognos"), BIDRAGSINTAKTER):
            continue
        area = lookup.get(normalize(row.values["omrade"]))
        if area is None:
            name = row.values["omrade"]
            reader.add(
                FEL,
                raw,
                row.cells["omrade"],
                "okant_omrade",
                f"Verksamhetsområdet {name!r} finns inte i Budget.{suggest(name, areas)} "
                "Skriv det tryckta namnet i kolumnen Verksamhet och Budgets namn i Verksamhetsområde.",
            )
            continue
        out.append(
            GrantRevenue(
                row.values["kalla"],
                row.values["post"],
                area,
                float(reader.signed("Intäkter", row.values["prognos"])),
                row.values.get("verksamhet"),
                reader.signed("Intäkter", row.values.get("budget")),
                reader.signed("Intäkter", row.values.get("utfall")),
                row.values.get("kommentar"),
                row.cells.get("prognos", ""),
            )
        )
    return out


def read_report_tables(reader: Reader, areas: list[str], settings: Settings | None) -> ReportTables:
    return ReportTables(
        investeringar=read_investeringar(reader),
        kostnadsslag=read_kostnadsslag(reader),
        own=read_own_tables(reader, areas),
        bidragsintakter=read_bidragsintakter(reader, areas),
        vasentlighet=None if settings is None else settings.vasentlighetsgrans,
    )
