"""Reading and validating the grant tables ``Statsbidrag`` and ``Bidragskostnader``.

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

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from udfs.grant.report_back import (
    FEL,
    KATEGORI_SAKNAS,
    KOMMENTAR_MAX,
    STANDARDKATEGORI,
    VARNA_DAGAR,
    VARNING,
    Bidrag,
    InskrivenSumma,
    Kostnad,
    Omgang,
    days_text,
)
from udfs.language.rounding import format_tal
from udfs.language.vocabulary import normalize, suggest
from validation.contract import BIDRAGSKOSTNADER, STATSBIDRAG
from validation.findings import Finding
from validation.grant.cells import (
    attach,
    clean_text,
    comment,
    count,
    date_cell,
    flag,
    is_total,
    kr,
    kronor,
    outside,
    short,
    split_categories,
    yes_no,
)
from validation.grant.form import check_orsak
from validation.raw_table import RawTable
from validation.reader import Reader, TableSource

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
        _read_costs(reader, cost_raw, cost_cols[0], grants)
    for grant in grants.values():
        _check_typed_totals(reader, cost_raw, grant)
        _check_deadline(reader, raw, grant, cells[id(grant)], today)
        check_orsak(reader, raw, grant, cells[id(grant)].orsak, cells[id(grant)].bidrag)
    return list(grants.values()), reader.findings


def _row_cells(raw: RawTable, found: dict[str, int], row_number: int, values: list[Any]):
    """``get(key)``: a row's value of a column (None when the column is absent);
    ``at(key)``: that cell's address."""

    def get(key: str) -> Any:
        return values[found[key]] if key in found else None

    def at(key: str) -> str:
        return raw.address(row_number, found[key])

    return get, at


# --- the register -----------------------------------------------------------------------
def _read_register(reader: Reader, raw: RawTable, found: dict[str, int]) -> tuple[dict[str, Bidrag], dict[int, _Cells]]:
    grants: dict[str, Bidrag] = {}
    cells: dict[int, _Cells] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        start = len(reader.findings)
        get, at = _row_cells(raw, found, row_number, values)

        namn = clean_text(get("bidrag"))
        if not namn:
            reader.add(
                FEL,
                raw,
                at("bidrag"),
                "bidrag_saknas",
                "Bidrag saknas. Skriv bidragets namn (samma namn används i Bidragskostnader).",
            )
            continue
        key = normalize(namn)
        first = key not in grants  # a later row of the same grant is a further round and inherits blanks
        myndighet = clean_text(get("myndighet"))
        if not myndighet and first:
            reader.add(
                FEL,
                raw,
                at("myndighet"),
                "myndighet_saknas",
                f"{namn}: Myndighet saknas. Skriv myndigheten som beviljat bidraget, t.ex. Socialstyrelsen.",
            )
        mottaget, state = kronor(reader, raw, row_number, found["mottaget"], get("mottaget"), f"{namn}: Mottaget")
        if state == "tom":
            reader.add(
                FEL,
                raw,
                at("mottaget"),
                "mottaget_saknas",
                f"{namn}: Mottaget saknas. Skriv det mottagna beloppet i hela kronor (0 om inget har betalats ut).",
            )
        fran = date_cell(
            reader, raw, row_number, found["period_fran"], get("period_fran"), f"{namn}: Period från", first
        )
        till = date_cell(
            reader, raw, row_number, found["period_till"], get("period_till"), f"{namn}: Period till", first
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
        senast = None
        if "aterrapportering_senast" in found:
            senast = date_cell(
                reader,
                raw,
                row_number,
                found["aterrapportering_senast"],
                get("aterrapportering_senast"),
                f"{namn}: Återrapportering senast",
                False,
            )
        inlamnad = None
        if "inlamnad" in found:
            inlamnad = date_cell(
                reader, raw, row_number, found["inlamnad"], get("inlamnad"), f"{namn}: Inlämnad", False
            )
        kategorier = split_categories(get("kostnadskategorier"))
        anonymisera = (
            yes_no(reader, raw, at("anonymisera"), get("anonymisera"), namn) if "anonymisera" in found else False
        )
        kommentar = comment(get("kommentar"))
        if kommentar and len(kommentar) > KOMMENTAR_MAX:
            reader.add(
                FEL,
                raw,
                at("kommentar"),
                "kommentar_for_lang",
                f"{namn}: kommentaren har {format_tal(len(kommentar), 0)} tecken men formuläret tillåter högst "
                f"{format_tal(KOMMENTAR_MAX, 0)}. Korta den med "
                f"{format_tal(len(kommentar) - KOMMENTAR_MAX, 0)} tecken.",
            )
        orsak = comment(get("orsak_kvarstaende"))
        omgang = Omgang(mottaget or 0, clean_text(get("myndighetens_dnr")), f"{raw.sheet}!{at('mottaget')}")
        grant = grants.get(key)
        if grant is None:
            grant = Bidrag(
                namn=namn,
                myndighet=myndighet or "",
                omgangar=[omgang],
                period_fran=fran,
                period_till=till,
                diarienummer=clean_text(get("diarienummer")),
                omrade=clean_text(get("omrade")),
                senast=senast,
                inlamnad=inlamnad,
                kategorier=kategorier,
                anonymisera=bool(anonymisera),
                kommentar=kommentar,
                orsak_kvarstaende=orsak,
                kalla=f"{raw.sheet}!{at('bidrag')}",
            )
            grants[key] = grant
            cells[id(grant)] = _Cells(
                bidrag=at("bidrag"),
                senast=at("aterrapportering_senast") if "aterrapportering_senast" in found else None,
                inlamnad=at("inlamnad") if "inlamnad" in found else None,
                orsak=at("orsak_kvarstaende") if "orsak_kvarstaende" in found else None,
            )
        else:
            grant.omgangar.append(omgang)
            _merge_round(
                reader,
                raw,
                row_number,
                found,
                grant,
                {
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
                    "orsak_kvarstaende": orsak,
                },
            )
        attach(reader, grant, start)
    return grants, cells


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


# --- the cost list --------------------------------------------------------------------------
def _read_costs(reader: Reader, raw: RawTable, found: dict[str, int], grants: dict[str, Bidrag]) -> None:
    pending: list[_Pending] = []
    names = [g.namn for g in grants.values()]
    reported_unknown: set[str] = set()
    for row_number, values in zip(raw.row_numbers, raw.rows):
        start = len(reader.findings)
        get, at = _row_cells(raw, found, row_number, values)

        namn = clean_text(get("bidrag"))
        if not namn:
            reader.add(
                FEL,
                raw,
                at("bidrag"),
                "bidrag_saknas",
                "Bidrag saknas på kostnadsraden. Skriv bidragets namn som det står i tabellen Statsbidrag.",
            )
            continue
        grant = grants.get(normalize(namn))
        if grant is None:
            if normalize(namn) not in reported_unknown:
                reported_unknown.add(normalize(namn))
                reader.add(
                    FEL,
                    raw,
                    at("bidrag"),
                    "okant_bidrag",
                    f"Bidraget {namn!r} finns inte i tabellen Statsbidrag.{suggest(namn, names)} "
                    "Använd samma namn som i Statsbidrag eller lägg till bidraget där.",
                )
            else:
                reader.add(
                    FEL,
                    raw,
                    at("bidrag"),
                    "okant_bidrag",
                    f"Bidraget {namn!r} finns inte i tabellen Statsbidrag (se första raden med samma namn).",
                )
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
        giltig = state in ("ok", "tom")
        if state == "tom":
            reader.add(
                VARNING,
                raw,
                at("belopp"),
                "belopp_saknas",
                f"{label} är tomt och räknas som 0 kr. Formuläret kräver ett belopp: skriv 0 om det inte finns "
                "någon kostnad.",
            )
        datum = None
        if "datum" in found and get("datum") not in (None, ""):
            datum = date_cell(reader, raw, row_number, found["datum"], get("datum"), f"{grant.namn}: Datum", False)
            if datum is None:
                giltig = False
            elif outside(grant, datum):
                giltig = False
                reader.add(
                    FEL,
                    raw,
                    at("datum"),
                    "utanfor_period",
                    f"{grant.namn}: kostnaden är daterad {datum.isoformat()}, utanför bidragsperioden "
                    f"{grant.period_fran.isoformat()}–{grant.period_till.isoformat()}. Bara kostnader inom "
                    "perioden får redovisas; ta bort raden eller rätta datumet. Raden räknas inte med.",
                )
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


def _check_typed_totals(reader: Reader, raw: RawTable | None, grant: Bidrag) -> None:
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
