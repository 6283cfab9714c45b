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
from datetime import date, datetime, timedelta
from typing import Any

from udfs.grant.report_back import (
    FEL,
    KATEGORI_SAKNAS,
    KOMMENTAR_MAX,
    STANDARDKATEGORI,
    VARNA_DAGAR,
    VARNING,
    Anmarkning,
    Bidrag,
    InskrivenSumma,
    Kostnad,
    Omgang,
    dagar_text,
)
from udfs.language.rounding import avrunda, format_tal
from udfs.language.vocabulary import normalize, printable, suggest
from validation.contract import BIDRAGSKOSTNADER, STATSBIDRAG
from validation.findings import Finding
from validation.grant.form import check_orsak
from validation.reader import INVALID, Reader, TableSource
from validation.raw_table import RawTable

# A row in the cost list whose activity (or category) is one of these is a typed total.
TOTAL_WORDS = {
    "totalt", "total", "summa", "totalsumma", "summa totalt", "summa kostnader", "totalt kostnader",
    "summa aktiviteter", "totalt aktiviteter", "summa redovisade kostnader",
}
YES = {"ja", "j", "yes", "y", "x", "1", "sant", "true", "anonymisera"}
NO = {"nej", "n", "no", "0", "falskt", "false"}
# Words after a small number that make it a count of people in free text.
PERSON_WORDS = (
    "person", "personer", "deltagare", "medarbetare", "barn", "ungdom", "ungdomar", "familj", "familjer",
    "familjehem", "jourhem", "hushall", "individ", "individer", "brukare", "klient", "klienter",
    "foraldrar", "kvinnor", "man", "elever", "arenden", "placeringar", "placerade",
)
_SMALL_COUNT = re.compile(r"(?<![\d,.])([1-3])\s+([^\W\d_]+)", re.UNICODE)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
EXCEL_EPOCH = date(1899, 12, 30)


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


def read_grants(source: TableSource, file: str = "", today: date | None = None) -> tuple[list[Bidrag] | None, list[Finding]]:
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
        reader.add(FEL, raw, raw.header_address(), "tom_tabell",
                   "Tabellen Statsbidrag har inga rader. Fyll i ett statsbidrag per rad (en rad per utbetalning).")
        return None, reader.findings
    grants, cells = _read_register(reader, raw, cols[0])
    if not grants:
        return None, reader.findings
    if cost_raw is None:
        for grant in grants.values():
            _flag(reader, grant, VARNING, raw, cells[id(grant)].bidrag, "kostnader_saknas",
                  "Tabellen Bidragskostnader saknas, så bidraget redovisas med kostnaden 0 kr och hela beloppet "
                  "blir kvarstående. Lägg till tabellen Bidragskostnader med bidragets kostnader.")
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

        namn = _text(get("bidrag"))
        if not namn:
            reader.add(FEL, raw, at("bidrag"), "bidrag_saknas",
                       "Bidrag saknas. Skriv bidragets namn (samma namn används i Bidragskostnader).")
            continue
        key = normalize(namn)
        first = key not in grants  # a later row of the same grant is a further round and inherits blanks
        myndighet = _text(get("myndighet"))
        if not myndighet and first:
            reader.add(FEL, raw, at("myndighet"), "myndighet_saknas",
                       f"{namn}: Myndighet saknas. Skriv myndigheten som beviljat bidraget, t.ex. Socialstyrelsen.")
        mottaget, state = _kronor(reader, raw, row_number, found["mottaget"], get("mottaget"), f"{namn}: Mottaget")
        if state == "tom":
            reader.add(FEL, raw, at("mottaget"), "mottaget_saknas",
                       f"{namn}: Mottaget saknas. Skriv det mottagna beloppet i hela kronor (0 om inget har betalats ut).")
        fran = _date(reader, raw, row_number, found["period_fran"], get("period_fran"), f"{namn}: Period från", first)
        till = _date(reader, raw, row_number, found["period_till"], get("period_till"), f"{namn}: Period till", first)
        if fran and till and fran > till:
            reader.add(FEL, raw, at("period_till"), "period_omvand",
                       f"{namn}: Period till ({till.isoformat()}) ligger före Period från ({fran.isoformat()}). "
                       "Rätta bidragsperioden.")
        senast = None
        if "aterrapportering_senast" in found:
            senast = _date(reader, raw, row_number, found["aterrapportering_senast"], get("aterrapportering_senast"),
                           f"{namn}: Återrapportering senast", False)
        inlamnad = None
        if "inlamnad" in found:
            inlamnad = _date(reader, raw, row_number, found["inlamnad"], get("inlamnad"), f"{namn}: Inlämnad", False)
        kategorier = _split_categories(get("kostnadskategorier"))
        anonymisera = _yes_no(reader, raw, at("anonymisera"), get("anonymisera"), namn) if "anonymisera" in found else False
        kommentar = _comment(get("kommentar"))
        if kommentar and len(kommentar) > KOMMENTAR_MAX:
            reader.add(FEL, raw, at("kommentar"), "kommentar_for_lang",
                       f"{namn}: kommentaren har {format_tal(len(kommentar), 0)} tecken men formuläret tillåter högst "
                       f"{format_tal(KOMMENTAR_MAX, 0)}. Korta den med {format_tal(len(kommentar) - KOMMENTAR_MAX, 0)} tecken.")
        orsak = _comment(get("orsak_kvarstaende"))
        omgang = Omgang(mottaget or 0, _text(get("myndighetens_dnr")), f"{raw.sheet}!{at('mottaget')}")
        grant = grants.get(key)
        if grant is None:
            grant = Bidrag(
                namn=namn, myndighet=myndighet or "", omgangar=[omgang], period_fran=fran, period_till=till,
                diarienummer=_text(get("diarienummer")), omrade=_text(get("omrade")), senast=senast, inlamnad=inlamnad,
                kategorier=kategorier, anonymisera=bool(anonymisera), kommentar=kommentar,
                orsak_kvarstaende=orsak, kalla=f"{raw.sheet}!{at('bidrag')}",
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
            _merge_round(reader, raw, row_number, found, grant, {
                "myndighet": myndighet, "period_fran": fran, "period_till": till, "aterrapportering_senast": senast,
                "inlamnad": inlamnad,
                "omrade": _text(get("omrade")), "diarienummer": _text(get("diarienummer")),
                "kostnadskategorier": kategorier, "anonymisera": anonymisera, "kommentar": kommentar,
                "orsak_kvarstaende": orsak,
            })
        _attach(reader, grant, start)
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


def _merge_round(reader: Reader, raw: RawTable, row_number: int, found: dict[str, int], grant: Bidrag, new: dict[str, Any]) -> None:
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
        same = [normalize(x) for x in old] == [normalize(x) for x in value] if key == "kostnadskategorier" else (
            normalize(old) == normalize(value) if isinstance(old, str) else old == value)
        if not same:
            shown_old = old.isoformat() if isinstance(old, date) else old
            shown_new = value.isoformat() if isinstance(value, date) else value
            if severity == FEL:
                tail = "Alla rader för samma bidrag måste ha samma bidragsperiod."
            else:
                tail = "Värdet från bidragets första rad används."
            reader.add(severity, raw, raw.address(row_number, found[key]), "omgang_avviker",
                       f"{grant.namn}, omgång {n}: {label} är {_short(shown_new)!r} men {_short(shown_old)!r} på bidragets "
                       f"första rad. {tail}")


# --- the cost list --------------------------------------------------------------------------
def _read_costs(reader: Reader, raw: RawTable, found: dict[str, int], grants: dict[str, Bidrag]) -> None:
    pending: list[_Pending] = []
    names = [g.namn for g in grants.values()]
    reported_unknown: set[str] = set()
    for row_number, values in zip(raw.row_numbers, raw.rows):
        start = len(reader.findings)
        get, at = _row_cells(raw, found, row_number, values)

        namn = _text(get("bidrag"))
        if not namn:
            reader.add(FEL, raw, at("bidrag"), "bidrag_saknas",
                       "Bidrag saknas på kostnadsraden. Skriv bidragets namn som det står i tabellen Statsbidrag.")
            continue
        grant = grants.get(normalize(namn))
        if grant is None:
            if normalize(namn) not in reported_unknown:
                reported_unknown.add(normalize(namn))
                reader.add(FEL, raw, at("bidrag"), "okant_bidrag",
                           f"Bidraget {namn!r} finns inte i tabellen Statsbidrag.{suggest(namn, names)} "
                           "Använd samma namn som i Statsbidrag eller lägg till bidraget där.")
            else:
                reader.add(FEL, raw, at("bidrag"), "okant_bidrag",
                           f"Bidraget {namn!r} finns inte i tabellen Statsbidrag (se första raden med samma namn).")
            continue
        aktivitet = _text(get("aktivitet"))
        kategori = _text(get("kategori"))
        label = f"{grant.namn}: Belopp"
        belopp, state = _kronor(reader, raw, row_number, found["belopp"], get("belopp"), label)
        if _is_total(aktivitet) or (not aktivitet and _is_total(kategori)):
            if belopp is not None:
                grant.inskrivna_summor.append(InskrivenSumma(belopp, f"{raw.sheet}!{at('belopp')}"))
            _attach(reader, grant, start)
            continue
        giltig = state in ("ok", "tom")
        if state == "tom":
            reader.add(VARNING, raw, at("belopp"), "belopp_saknas",
                       f"{label} är tomt och räknas som 0 kr. Formuläret kräver ett belopp: skriv 0 om det inte finns "
                       "någon kostnad.")
        datum = None
        if "datum" in found and get("datum") not in (None, ""):
            datum = _date(reader, raw, row_number, found["datum"], get("datum"), f"{grant.namn}: Datum", False)
            if datum is None:
                giltig = False
            elif _outside(grant, datum):
                giltig = False
                reader.add(FEL, raw, at("datum"), "utanfor_period",
                           f"{grant.namn}: kostnaden är daterad {datum.isoformat()}, utanför bidragsperioden "
                           f"{grant.period_fran.isoformat()}–{grant.period_till.isoformat()}. Bara kostnader inom "
                           "perioden får redovisas; ta bort raden eller rätta datumet. Raden räknas inte med.")
        antal = None
        if "antal" in found:
            antal = _count(reader, raw, row_number, found["antal"], get("antal"), f"{grant.namn}: Antal")
        kommentar = _text(get("kommentar"))
        if grant.anonymisera:
            for column, text in (("aktivitet", aktivitet), ("kommentar", kommentar)):
                _check_small_counts(reader, raw, at(column) if column in found else at("bidrag"), grant, text)
        kostnad = Kostnad(
            belopp=belopp or 0, kategori="", aktivitet=aktivitet, kommentar=kommentar, antal=antal, datum=datum,
            kalla=f"{raw.sheet}!{at('belopp')}",
        )
        pending.append(_Pending(grant, kategori, at("kategori") if "kategori" in found else at("bidrag"), kostnad, giltig))
        _attach(reader, grant, start)
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
                _flag(reader, grant, VARNING, raw, p.kategori_cell, "okand_kategori",
                      f"{grant.namn}: kategorin {p.kategori!r} finns inte bland formulärets kostnadskategorier "
                      f"({'; '.join(grant.kategorier)}).{suggest(p.kategori, grant.kategorier)} Beloppet visas på en "
                      "egen rad som inte finns i formuläret; byt till en av formulärets kategorier.")
        elif len(grant.kategorier) == 1:
            kategori = grant.kategorier[0]
        else:
            kategori = KATEGORI_SAKNAS
            _flag(reader, grant, VARNING, raw, p.kategori_cell, "kategori_saknas",
                  f"{grant.namn}: Kategori saknas och formuläret har flera kostnadskategorier. Välj en av: "
                  f"{'; '.join(grant.kategorier)}.")
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
            tail = (f"{_kr(diff)} saknar underlag: Prognos räknar med raderna, så beloppet blir kvarstående "
                    "statsbidrag som ska återbetalas om kostnaderna inte dokumenteras med egna rader.")
        else:
            tail = "Prognos räknar med raderna; kontrollera den inskrivna summan."
        _flag(reader, grant, VARNING, raw, cell, "inskriven_summa",
              f"{grant.namn}: den inskrivna summan {_kr(typed.belopp)} stämmer inte med summan av raderna, "
              f"{_kr(computed)} (skillnad {format_tal(diff, 0, tecken=True)} kr). {tail}")


def _check_deadline(reader: Reader, raw: RawTable, grant: Bidrag, cells: _Cells, today: date | None) -> None:
    if grant.inlamnad is not None:  # submitted: no deadline warning, but a late submission is noted
        if grant.senast is not None and grant.inlamnad > grant.senast:
            _flag(reader, grant, VARNING, raw, cells.inlamnad or cells.bidrag, "inlamnad_sent",
                  f"{grant.namn}: återrapporteringen lämnades in {grant.inlamnad.isoformat()}, efter sista dag "
                  f"{grant.senast.isoformat()}. Kontrollera med myndigheten att den har tagits emot.")
        return
    if today is None or grant.senast is None:
        return
    days = (grant.senast - today).days
    if days > VARNA_DAGAR:
        return
    when = grant.senast.isoformat()
    if days < 0:
        text = (f"{grant.namn}: sista dag för återrapportering, {when}, har passerat ({dagar_text(days)}). "
                "Om den är inskickad: fyll i Inlämnad med datumet.")
    else:
        text = (f"{grant.namn}: återrapporteringen ska vara inne senast {when} ({dagar_text(days)}). "
                "Fyll i Inlämnad med datumet när den är inskickad.")
    _flag(reader, grant, VARNING, raw, cells.senast or cells.bidrag, "sista_dag", text)


def _check_small_counts(reader: Reader, raw: RawTable, cell: str, grant: Bidrag, text: str | None) -> None:
    if not text:
        return
    for match in _SMALL_COUNT.finditer(text):
        if normalize(match.group(2)) in PERSON_WORDS:
            _flag(reader, grant, VARNING, raw, cell, "smatal_i_text",
                  f"{grant.namn}: texten nämner {match.group(0)!r}. Bidraget ska redovisa antal anonymiserat "
                  f"(0 som 0, 1–3 som 3): skriv \"3 {match.group(2)}\" eller ange antalet i kolumnen Antal.")


# --- cells ------------------------------------------------------------------------------------
def _flag(reader: Reader, grant: Bidrag, severity: str, raw: RawTable | None, cell: str, rule: str, message: str) -> None:
    sheet = raw.sheet if raw is not None else "Statsbidrag"
    reader.findings.append(Finding(allvarlighet=severity, blad=sheet, cell=cell, regel=rule, meddelande=message, fil=reader.file))
    grant.anmarkningar.append(Anmarkning(severity, f"{sheet}!{cell}: {message}"))


def _attach(reader: Reader, grant: Bidrag, start: int) -> None:
    """Findings made while reading one row also go on the row's grant."""
    for f in reader.findings[start:]:
        grant.anmarkningar.append(Anmarkning(f.allvarlighet, f"{f.blad}!{f.cell}: {f.meddelande}"))


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(printable(str(value)).split())
    return text or None


def _comment(value: object) -> str | None:
    """Free text kept with its line breaks (the form counts every character)."""
    if value is None:
        return None
    text = printable(str(value)).replace("\r\n", "\n").strip()
    return text or None


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _kr(value: int) -> str:
    return f"{format_tal(value, 0)} kr"


def _kronor(reader: Reader, raw: RawTable, row_number: int, pos: int, value: object, label: str) -> tuple[int | None, str]:
    """Whole, non-negative kronor. Returns (amount, state) with state ok / tom / fel."""
    address = raw.address(row_number, pos)
    if (row_number, pos) in raw.formula_cells:
        reader.add(FEL, raw, address, "formel_utan_varde",
                   f"{label}: cellen har en formel som aldrig har beräknats, så beloppet kan inte läsas. "
                   "Öppna arbetsboken i Excel, spara och försök igen.")
        return None, "fel"
    converted = reader.cell_value(raw, row_number, pos, value, "belopp", label)
    if converted is INVALID:
        return None, "fel"
    if converted is None:
        return None, "tom"
    amount = float(converted)
    whole = int(avrunda(amount, 0))
    if abs(amount - whole) > 1e-6:
        reader.add(FEL, raw, address, "hela_kronor",
                   f"{label}: {format_tal(amount, 2)} är inte hela kronor. Formuläret kräver belopp i hela kronor "
                   f"(t.ex. {format_tal(whole, 0)}).")
        return None, "fel"
    if whole < 0:
        reader.add(FEL, raw, address, "negativt_belopp",
                   f"{label}: {format_tal(whole, 0)} är negativt. Statsbidrag och bidragskostnader skrivs som positiva "
                   "belopp i hela kronor; en rättelse dras av från kostnadsraden den gäller.")
        return None, "fel"
    return whole, "ok"


def _count(reader: Reader, raw: RawTable, row_number: int, pos: int, value: object, label: str) -> int | None:
    converted = reader.cell_value(raw, row_number, pos, value, "belopp", label)
    if converted is None or converted is INVALID:
        return None
    number = float(converted)
    if number < 0 or abs(number - int(avrunda(number, 0))) > 1e-9:
        reader.add(FEL, raw, raw.address(row_number, pos), "ogiltigt_antal",
                   f"{label}: {format_tal(number, 2)} är inte ett antal. Skriv ett heltal 0 eller större.")
        return None
    return int(avrunda(number, 0))


def _date(reader: Reader, raw: RawTable, row_number: int, pos: int, value: object, label: str, required: bool) -> date | None:
    address = raw.address(row_number, pos)
    if (row_number, pos) in raw.formula_cells:
        reader.add(VARNING, raw, address, "formel_utan_varde",
                   f"{label}: cellen har en formel som aldrig har beräknats. Öppna arbetsboken i Excel, spara och försök igen.")
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            reader.add(FEL, raw, address, "datum_saknas", f"{label} saknas. Skriv datumet som ÅÅÅÅ-MM-DD.")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 2_958_465:
            parsed = EXCEL_EPOCH + timedelta(days=int(value))
            reader.add(VARNING, raw, address, "datum_som_tal",
                       f"{label}: talet {int(value)} läses som Excel-datumet {parsed.isoformat()}. Formatera cellen som datum.")
            return parsed
    if isinstance(value, str):
        text = value.strip()
        match = _ISO.fullmatch(text) or _COMPACT.fullmatch(text)
        if match:
            try:
                parsed = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                parsed = None
            if parsed is not None:
                reader.add(VARNING, raw, address, "datum_som_text",
                           f"{label}: datumet är skrivet som text ({value!r}) och läses som {parsed.isoformat()}. "
                           "Skriv det som ett datum i cellen.")
                return parsed
    reader.add(FEL, raw, address, "ogiltigt_datum",
               f"{label}: {value!r} är inte ett datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-02-15 "
               "(tvåsiffriga årtal som 25-01-17 kan inte tolkas säkert).")
    return None


def _yes_no(reader: Reader, raw: RawTable, cell: str, value: object, namn: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = normalize(_text(value) or "")
    if text in YES:
        return True
    if text in NO or not text:
        return False
    reader.add(FEL, raw, cell, "ja_nej",
               f"{namn}: Anonymisera antal ska vara Ja eller Nej (står: {value!r}).")
    return None


def _split_categories(value: object) -> list[str]:
    """"A; B" or one per line. Commas stay: "Resor, kost och logi" is one category."""
    if value is None:
        return []
    parts = re.split(r"[;\n\r]+", str(value))
    out: dict[str, str] = {}
    for part in parts:
        name = " ".join(part.split())
        if name and normalize(name) not in out:
            out[normalize(name)] = name
    return list(out.values())


def _is_total(text: str | None) -> bool:
    return bool(text) and normalize(text) in TOTAL_WORDS


def _outside(grant: Bidrag, day: date) -> bool:
    if grant.period_fran is None or grant.period_till is None:
        return False
    return not (grant.period_fran <= day <= grant.period_till)
