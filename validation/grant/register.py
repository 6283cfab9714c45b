"""Reading and validating the grant tables ``Statsbidrag`` and ``Bidragskostnader`` (the cost
list's rows are read by ``validation.grant.costs``, the cells by ``validation.grant.cells``).

Rules (issue 4, Socialstyrelsen's forms): amounts in whole kronor and never negative; a
cost dated outside the grant's period is an error; a cost row whose grant is not in the
register is an error; a category that is not on the grant's form is a warning; a
report-back deadline that has passed or is within 14 days is a warning; a total typed into
the cost list that differs from its rows is a warning that states the difference; a
comment longer than the form's 1 000 characters is an error.

Every finding on a grant also becomes an ``Anmarkning`` on that grant, which decides its
status (Klar / Varning / Fel) in the Återrapportering sheet. Only problems that make the
tables unreadable (missing columns, no grants) stop the report altogether.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from udfs.grant.report_back import FEL, KOMMENTAR_MAX, VARNA_DAGAR, VARNING, Bidrag, Omgang, days_text
from udfs.language.rounding import format_tal
from udfs.language.vocabulary import normalize
from validation.contract import BIDRAGSKOSTNADER, STATSBIDRAG
from validation.findings import Finding
from validation.grant.cells import (
    attach,
    clean_text,
    comment,
    date_cell,
    flag,
    kronor,
    missing,
    row_cells,
    short,
    split_categories,
    yes_no,
)
from validation.grant.costs import check_typed_totals, read_costs
from validation.grant.form import check_orsak
from validation.raw_table import RawTable
from validation.reader import Reader, TableSource


@dataclass
class _Cells:
    """Where a grant's fields are, for findings on the grant as a whole."""

    bidrag: str
    senast: str | None = None
    inlamnad: str | None = None
    orsak: str | None = None


def read_grants(
    source: TableSource, file: str = "", today: date | None = None
) -> tuple[list[Bidrag] | None, list[Finding]]:
    """Read and validate the grant register and its costs.

    Returns (grants, findings); grants is None when the tables cannot be used at all.
    Raises UnusableInput (exit 2) when the workbook has no ``Statsbidrag`` table.
    """
    reader = Reader(source, file, enhet="kr")  # grant amounts are whole kronor, whatever the forecast's unit
    raw = reader.require(STATSBIDRAG)
    cols = reader.columns(raw, STATSBIDRAG)
    cost_raw = source.table(BIDRAGSKOSTNADER)
    cost_cols = reader.columns(cost_raw, BIDRAGSKOSTNADER) if cost_raw is not None else None
    if cols is None or (cost_raw is not None and cost_cols is None):
        return None, reader.findings
    if not raw.rows:
        reader.add(
            FEL,
            raw,
            raw.header_address(),
            "tom_tabell",
            "Tabellen Statsbidrag har inga rader. Fyll i ett statsbidrag per rad (en rad per utbetalning).",
        )
        return None, reader.findings
    grants, cells = _read_register(reader, raw, cols[0])
    if not grants:
        return None, reader.findings
    if cost_raw is None:
        for grant in grants.values():
            flag(
                reader,
                grant,
                VARNING,
                raw,
                cells[id(grant)].bidrag,
                "kostnader_saknas",
                "Tabellen Bidragskostnader saknas, så bidraget redovisas med kostnaden 0 kr och hela beloppet "
                "blir kvarstående. Lägg till tabellen Bidragskostnader med bidragets kostnader.",
            )
    else:
        read_costs(reader, cost_raw, cost_cols[0], grants)
    for grant in grants.values():
        check_typed_totals(reader, cost_raw, grant)
        _check_deadline(reader, raw, grant, cells[id(grant)], today)
        check_orsak(reader, raw, grant, cells[id(grant)].orsak, cells[id(grant)].bidrag)
    return list(grants.values()), reader.findings


# --- the register -----------------------------------------------------------------------
def _read_register(reader: Reader, raw: RawTable, found: dict[str, int]) -> tuple[dict[str, Bidrag], dict[int, _Cells]]:
    grants: dict[str, Bidrag] = {}
    cells: dict[int, _Cells] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        start = len(reader.findings)
        get, at = row_cells(raw, found, row_number, values)
        namn = clean_text(get("bidrag"))
        if not namn:
            missing(
                reader,
                raw,
                at("bidrag"),
                "bidrag_saknas",
                "Bidrag",
                "Skriv bidragets namn (samma namn används i Bidragskostnader).",
            )
            continue
        key = normalize(namn)
        first = key not in grants  # a later row of the same grant is a further round and inherits blanks
        mottaget, fields = _register_fields(reader, raw, found, row_number, get, at, namn, first)
        omgang = Omgang(mottaget or 0, clean_text(get("myndighetens_dnr")), f"{raw.sheet}!{at('mottaget')}")
        grant = grants.get(key)
        if grant is None:
            grant = grants[key] = _new_grant(namn, omgang, fields, f"{raw.sheet}!{at('bidrag')}")
            cells[id(grant)] = _Cells(
                bidrag=at("bidrag"),
                senast=at("aterrapportering_senast") if "aterrapportering_senast" in found else None,
                inlamnad=at("inlamnad") if "inlamnad" in found else None,
                orsak=at("orsak_kvarstaende") if "orsak_kvarstaende" in found else None,
            )
        else:
            grant.omgangar.append(omgang)
            _merge_round(reader, raw, row_number, found, grant, fields)
        attach(reader, grant, start)
    return grants, cells


def _register_fields(
    reader: Reader,
    raw: RawTable,
    found: dict[str, int],
    row_number: int,
    get: Callable[[str], Any],
    at: Callable[[str], str],
    namn: str,
    first: bool,
) -> tuple[int | None, dict[str, Any]]:
    """One register row read and checked: (Mottaget, the other fields by ``_ROUND_FIELDS`` key).
    Myndighet and the period are required on a grant's ``first`` row only."""
    myndighet = clean_text(get("myndighet"))
    if not myndighet and first:
        missing(
            reader,
            raw,
            at("myndighet"),
            "myndighet_saknas",
            f"{namn}: Myndighet",
            "Skriv myndigheten som beviljat bidraget, t.ex. Socialstyrelsen.",
        )
    mottaget, state = kronor(reader, raw, row_number, found["mottaget"], get("mottaget"), f"{namn}: Mottaget")
    if state == "tom":
        missing(
            reader,
            raw,
            at("mottaget"),
            "mottaget_saknas",
            f"{namn}: Mottaget",
            "Skriv det mottagna beloppet i hela kronor (0 om inget har betalats ut).",
        )
    fran, till = _period(reader, raw, found, row_number, get, at, namn, first)

    def optional_date(key: str, label: str) -> date | None:
        if key not in found:
            return None
        return date_cell(reader, raw, row_number, found[key], get(key), f"{namn}: {label}", False)

    senast = optional_date("aterrapportering_senast", "Återrapportering senast")
    inlamnad = optional_date("inlamnad", "Inlämnad")
    kategorier = split_categories(get("kostnadskategorier"))
    anonymisera = yes_no(reader, raw, at("anonymisera"), get("anonymisera"), namn) if "anonymisera" in found else False
    kommentar = comment(get("kommentar"))
    if kommentar and len(kommentar) > KOMMENTAR_MAX:
        _comment_too_long(reader, raw, at("kommentar"), namn, kommentar)
    return mottaget, {
        "myndighet": myndighet,
        "period_fran": fran,
        "period_till": till,
        "aterrapportering_senast": senast,
        "inlamnad": inlamnad,
        "omrade": clean_text(get("omrade")),
        "diarienummer": clean_text(get("diarienummer")),
        "kostnadskategorier": kategorier,
        "anonymisera": anonymisera,
        "kommentar": kommentar,
        "orsak_kvarstaende": comment(get("orsak_kvarstaende")),
    }


def _period(
    reader: Reader,
    raw: RawTable,
    found: dict[str, int],
    row_number: int,
    get: Callable[[str], Any],
    at: Callable[[str], str],
    namn: str,
    required: bool,
) -> tuple[date | None, date | None]:
    """The grant's period (Period från, Period till); an error when it runs backwards."""
    fran = date_cell(
        reader, raw, row_number, found["period_fran"], get("period_fran"), f"{namn}: Period från", required
    )
    till = date_cell(
        reader, raw, row_number, found["period_till"], get("period_till"), f"{namn}: Period till", required
    )
    if fran and till and fran > till:
        reader.add(
            FEL,
            raw,
            at("period_till"),
            "period_omvand",
            f"{namn}: Period till ({till.isoformat()}) ligger före Period från ({fran.isoformat()}). "
            "Rätta bidragsperioden.",
        )
    return fran, till


def _comment_too_long(reader: Reader, raw: RawTable, cell: str, namn: str, kommentar: str) -> None:
    reader.add(
        FEL,
        raw,
        cell,
        "kommentar_for_lang",
        f"{namn}: kommentaren har {format_tal(len(kommentar), 0)} tecken men formuläret tillåter högst "
        f"{format_tal(KOMMENTAR_MAX, 0)}. Korta den med "
        f"{format_tal(len(kommentar) - KOMMENTAR_MAX, 0)} tecken.",
    )


def _new_grant(namn: str, omgang: Omgang, fields: dict[str, Any], kalla: str) -> Bidrag:
    """A grant from its first register row (``fields`` as ``_register_fields`` gives them)."""
    attributes = {_ROUND_FIELDS[key][0]: value for key, value in fields.items()}
    attributes["myndighet"] = attributes["myndighet"] or ""
    attributes["anonymisera"] = bool(attributes["anonymisera"])
    return Bidrag(namn=namn, omgangar=[omgang], kalla=kalla, **attributes)


# field key -> (attribute on Bidrag, label, severity when two rounds disagree)
_ROUND_FIELDS = {
    "myndighet": ("myndighet", "Myndighet", VARNING),
    "period_fran": ("period_fran", "Period från", FEL),
    "period_till": ("period_till", "Period till", FEL),
    "aterrapportering_senast": ("senast", "Återrapportering senast", VARNING),
    "inlamnad": ("inlamnad", "Inlämnad", VARNING),
    "omrade": ("omrade", "Verksamhetsområde", VARNING),
    "diarienummer": ("diarienummer", "Diarienummer", VARNING),
    "kostnadskategorier": ("kategorier", "Kostnadskategorier", VARNING),
    "anonymisera": ("anonymisera", "Anonymisera antal", VARNING),
    "kommentar": ("kommentar", "Kommentar", VARNING),
    "orsak_kvarstaende": ("orsak_kvarstaende", "Orsak kvarstående medel", VARNING),
}


def _merge_round(
    reader: Reader, raw: RawTable, row_number: int, found: dict[str, int], grant: Bidrag, new: dict[str, Any]
) -> None:
    """A second row with the same grant is a further round (omgång); its other fields must agree."""
    n = len(grant.omgangar)
    for key, value in new.items():
        attr, label, severity = _ROUND_FIELDS[key]
        old = getattr(grant, attr)
        if value in (None, "", []):
            continue
        if key == "anonymisera":
            grant.anonymisera = grant.anonymisera or bool(value)  # any round that says Ja
            continue
        if old in (None, "", []):
            setattr(grant, attr, value)
            continue
        same = (
            [normalize(x) for x in old] == [normalize(x) for x in value]
            if key == "kostnadskategorier"
            else (normalize(old) == normalize(value) if isinstance(old, str) else old == value)
        )
        if not same:
            shown_old = old.isoformat() if isinstance(old, date) else old
            shown_new = value.isoformat() if isinstance(value, date) else value
            if severity == FEL:
                tail = "Alla rader för samma bidrag måste ha samma bidragsperiod."
            else:
                tail = "Värdet från bidragets första rad används."
            reader.add(
                severity,
                raw,
                raw.address(row_number, found[key]),
                "omgang_avviker",
                f"{grant.namn}, omgång {n}: {label} är {short(shown_new)!r} men {short(shown_old)!r} "
                "på bidragets "
                f"första rad. {tail}",
            )


def _check_deadline(reader: Reader, raw: RawTable, grant: Bidrag, cells: _Cells, today: date | None) -> None:
    if grant.inlamnad is not None:  # submitted: no deadline warning, but a late submission is noted
        if grant.senast is not None and grant.inlamnad > grant.senast:
            flag(
                reader,
                grant,
                VARNING,
                raw,
                cells.inlamnad or cells.bidrag,
                "inlamnad_sent",
                f"{grant.namn}: återrapporteringen lämnades in {grant.inlamnad.isoformat()}, efter sista dag "
                f"{grant.senast.isoformat()}. Kontrollera med myndigheten att den har tagits emot.",
            )
        return
    if today is None or grant.senast is None:
        return
    days = (grant.senast - today).days
    if days > VARNA_DAGAR:
        return
    when = grant.senast.isoformat()
    if days < 0:
        text = (
            f"{grant.namn}: sista dag för återrapportering, {when}, har passerat ({days_text(days)}). "
            "Om den är inskickad: fyll i Inlämnad med datumet."
        )
    else:
        text = (
            f"{grant.namn}: återrapporteringen ska vara inne senast {when} ({days_text(days)}). "
            "Fyll i Inlämnad med datumet när den är inskickad."
        )
    flag(reader, grant, VARNING, raw, cells.senast or cells.bidrag, "sista_dag", text)
