"""The cost list ``Bidragskostnader``: each cost row read into its grant (``Bidrag.kostnader``),
typed totals kept apart (``Bidrag.inskrivna_summor``) and compared with the rows, each cost put
under one of its grant's form categories, and small counts of people in free text flagged when
the grant is reported anonymised. The register itself is read by ``validation.grant.register``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from udfs.grant.report_back import FEL, KATEGORI_SAKNAS, STANDARDKATEGORI, VARNING, Bidrag, InskrivenSumma, Kostnad
from udfs.language.rounding import format_tal
from udfs.language.vocabulary import normalize, suggest
from validation.grant.cells import (
    attach,
    clean_text,
    count,
    date_cell,
    flag,
    is_total,
    kr,
    kronor,
    missing,
    outside,
    row_cells,
)
from validation.raw_table import RawTable
from validation.reader import Reader

# Words after a small number that make it a count of people in free text.
PERSON_WORDS = (
    "person",
    "personer",
    "deltagare",
    "medarbetare",
    "barn",
    "ungdom",
    "ungdomar",
    "familj",
    "familjer",
    "familjehem",
    "jourhem",
    "hushall",
    "individ",
    "individer",
    "brukare",
    "klient",
    "klienter",
    "foraldrar",
    "kvinnor",
    "man",
    "elever",
    "arenden",
    "placeringar",
    "placerade",
)
_SMALL_COUNT = re.compile(r"(?<![\d,.])([1-3])\s+([^\W\d_]+)", re.UNICODE)


@dataclass
class _Pending:
    """A cost row read in the first pass; its category is settled once all rows are read."""

    bidrag: Bidrag
    kategori: str | None
    kategori_cell: str
    kostnad: Kostnad
    giltig: bool


def read_costs(reader: Reader, raw: RawTable, found: dict[str, int], grants: dict[str, Bidrag]) -> None:
    """Read the cost list into the grants of the register (``grants``, by normalised name)."""
    pending: list[_Pending] = []
    names = [g.namn for g in grants.values()]
    reported_unknown: set[str] = set()
    for row_number, values in zip(raw.row_numbers, raw.rows):
        start = len(reader.findings)
        get, at = row_cells(raw, found, row_number, values)
        grant = _grant_of(reader, raw, at("bidrag"), clean_text(get("bidrag")), grants, names, reported_unknown)
        if grant is None:
            continue
        aktivitet = clean_text(get("aktivitet"))
        kategori = clean_text(get("kategori"))
        label = f"{grant.namn}: Belopp"
        belopp, state = kronor(reader, raw, row_number, found["belopp"], get("belopp"), label)
        if is_total(aktivitet) or (not aktivitet and is_total(kategori)):
            if belopp is not None:
                grant.inskrivna_summor.append(InskrivenSumma(belopp, f"{raw.sheet}!{at('belopp')}"))
            attach(reader, grant, start)
            continue
        if state == "tom":
            reader.add(
                VARNING,
                raw,
                at("belopp"),
                "belopp_saknas",
                f"{label} är tomt och räknas som 0 kr. Formuläret kräver ett belopp: skriv 0 om det inte finns "
                "någon kostnad.",
            )
        datum, dated_ok = _cost_date(reader, raw, found, row_number, get, at, grant)
        giltig = state in ("ok", "tom") and dated_ok
        antal = None
        if "antal" in found:
            antal = count(reader, raw, row_number, found["antal"], get("antal"), f"{grant.namn}: Antal")
        kommentar = clean_text(get("kommentar"))
        if grant.anonymisera:
            for column, text in (("aktivitet", aktivitet), ("kommentar", kommentar)):
                _check_small_counts(reader, raw, at(column) if column in found else at("bidrag"), grant, text)
        kostnad = Kostnad(
            belopp=belopp or 0,
            kategori="",
            aktivitet=aktivitet,
            kommentar=kommentar,
            antal=antal,
            datum=datum,
            kalla=f"{raw.sheet}!{at('belopp')}",
        )
        pending.append(
            _Pending(grant, kategori, at("kategori") if "kategori" in found else at("bidrag"), kostnad, giltig)
        )
        attach(reader, grant, start)
    _settle_categories(reader, raw, pending, grants)


def _grant_of(
    reader: Reader,
    raw: RawTable,
    cell: str,
    namn: str | None,
    grants: dict[str, Bidrag],
    names: list[str],
    reported_unknown: set[str],
) -> Bidrag | None:
    """The register's grant a cost row names; None (with an error) when it names none."""
    if not namn:
        missing(
            reader,
            raw,
            cell,
            "bidrag_saknas",
            "Bidrag",
            "Skriv bidragets namn som det står i tabellen Statsbidrag.",
            where=" på kostnadsraden",
        )
        return None
    grant = grants.get(normalize(namn))
    if grant is not None:
        return grant
    if normalize(namn) not in reported_unknown:
        reported_unknown.add(normalize(namn))
        reader.add(
            FEL,
            raw,
            cell,
            "okant_bidrag",
            f"Bidraget {namn!r} finns inte i tabellen Statsbidrag.{suggest(namn, names)} "
            "Använd samma namn som i Statsbidrag eller lägg till bidraget där.",
        )
    else:
        reader.add(
            FEL,
            raw,
            cell,
            "okant_bidrag",
            f"Bidraget {namn!r} finns inte i tabellen Statsbidrag (se första raden med samma namn).",
        )
    return None


def _cost_date(
    reader: Reader,
    raw: RawTable,
    found: dict[str, int],
    row_number: int,
    get: Callable[[str], Any],
    at: Callable[[str], str],
    grant: Bidrag,
) -> tuple[date | None, bool]:
    """A cost row's Datum, and whether the row may count: not when its date cannot be read or
    lies outside the grant's period."""
    if "datum" not in found or get("datum") in (None, ""):
        return None, True
    datum = date_cell(reader, raw, row_number, found["datum"], get("datum"), f"{grant.namn}: Datum", False)
    if datum is None:
        return None, False
    if outside(grant, datum):
        reader.add(
            FEL,
            raw,
            at("datum"),
            "utanfor_period",
            f"{grant.namn}: kostnaden är daterad {datum.isoformat()}, utanför bidragsperioden "
            f"{grant.period_fran.isoformat()}–{grant.period_till.isoformat()}. Bara kostnader inom "
            "perioden får redovisas; ta bort raden eller rätta datumet. Raden räknas inte med.",
        )
        return datum, False
    return datum, True


def _settle_categories(reader: Reader, raw: RawTable, pending: list[_Pending], grants: dict[str, Bidrag]) -> None:
    """Put each cost under one of its grant's form categories.

    Without Kostnadskategorier the categories used in the cost list, in order of first
    appearance, are the form's lines (so rows with 0 kr keep a line at 0).
    """
    for grant in grants.values():
        if not grant.kategorier:
            seen: dict[str, str] = {}
            for p in pending:
                if p.bidrag is grant and p.kategori and normalize(p.kategori) not in seen:
                    seen[normalize(p.kategori)] = p.kategori
            grant.kategorier = list(seen.values()) or [STANDARDKATEGORI]
    for p in pending:
        grant = p.bidrag
        lookup = {normalize(k): k for k in grant.kategorier}
        if p.kategori:
            kategori = lookup.get(normalize(p.kategori))
            if kategori is None:
                kategori = p.kategori
                flag(
                    reader,
                    grant,
                    VARNING,
                    raw,
                    p.kategori_cell,
                    "okand_kategori",
                    f"{grant.namn}: kategorin {p.kategori!r} finns inte bland formulärets kostnadskategorier "
                    f"({'; '.join(grant.kategorier)}).{suggest(p.kategori, grant.kategorier)} Beloppet visas på en "
                    "egen rad som inte finns i formuläret; byt till en av formulärets kategorier.",
                )
        elif len(grant.kategorier) == 1:
            kategori = grant.kategorier[0]
        else:
            kategori = KATEGORI_SAKNAS
            flag(
                reader,
                grant,
                VARNING,
                raw,
                p.kategori_cell,
                "kategori_saknas",
                f"{grant.namn}: Kategori saknas och formuläret har flera kostnadskategorier. Välj en av: "
                f"{'; '.join(grant.kategorier)}.",
            )
        if kategori not in grant.kategorier and kategori not in grant.extra_kategorier:
            grant.extra_kategorier.append(kategori)
        p.kostnad.kategori = kategori
        if p.giltig:
            grant.kostnader.append(p.kostnad)


def check_typed_totals(reader: Reader, raw: RawTable | None, grant: Bidrag) -> None:
    computed = sum(k.belopp for k in grant.kostnader)
    for typed in grant.inskrivna_summor:
        diff = typed.belopp - computed
        if diff == 0:
            continue
        cell = typed.kalla.split("!", 1)[1]
        if diff > 0:
            tail = (
                f"{kr(diff)} saknar underlag: Prognos räknar med raderna, så beloppet blir kvarstående "
                "statsbidrag som ska återbetalas om kostnaderna inte dokumenteras med egna rader."
            )
        else:
            tail = "Prognos räknar med raderna; kontrollera den inskrivna summan."
        flag(
            reader,
            grant,
            VARNING,
            raw,
            cell,
            "inskriven_summa",
            f"{grant.namn}: den inskrivna summan {kr(typed.belopp)} stämmer inte med summan av raderna, "
            f"{kr(computed)} (skillnad {format_tal(diff, 0, tecken=True)} kr). {tail}",
        )


def _check_small_counts(reader: Reader, raw: RawTable, cell: str, grant: Bidrag, text: str | None) -> None:
    if not text:
        return
    for match in _SMALL_COUNT.finditer(text):
        if normalize(match.group(2)) in PERSON_WORDS:
            flag(
                reader,
                grant,
                VARNING,
                raw,
                cell,
                "smatal_i_text",
                f"{grant.namn}: texten nämner {match.group(0)!r}. Bidraget ska redovisa antal anonymiserat "
                f'(0 som 0, 1–3 som 3): skriv "3 {match.group(2)}" eller ange antalet i kolumnen Antal.',
            )
