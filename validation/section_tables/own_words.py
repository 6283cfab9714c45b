"""Reading and rules for the economist's own words (issue 20): ``Texter`` (Avsnitt, Text),
``Orsaker`` (Verksamhetsområde, Orsak, Belopp, Kommentar) and the action plan ``Atgarder``
(sheet "Åtgärder": Åtgärd, Verksamhetsområde, Beslutsdatum, Effekt helår, Varav personal, Full
effekt från, Status, Kommentar), and the settings row ``Föregående omgång``.

An absent or empty table leaves its part of the paper out; a row that names only an area (a
free row of a unit workbook, ``prognos utskick``) is an empty row. An ``Åtgärder`` sheet of the old shape
(Post, Belopp, Kommentar: the explanation items of the deviation, before issue 20) is read as
Orsaker of the committee as a whole, with a warning saying so. Rules (code, level):

========================  =======  ==========================================================
okant_avsnitt             fel      Texter: Avsnitt is neither a part of the paper nor an area
okant_omrade              fel      Orsaker/Åtgärder: an area that is not in Budget
ogiltigt_varde            fel      a row without its Avsnitt, Orsak or Åtgärd; a Status
                                   outside the list
atgarder_som_orsaker      varning  an old Åtgärder sheet (Post, Belopp) read as Orsaker
varav_over_effekt         varning  Varav personal larger than Effekt helår
summarad, tryckt_summa…   varning  a typed Totalt/Summa row in Orsaker (left out)
inte_datum, tvetydigt…    fel      a date that cannot be read (or read one way only)
========================  =======  ==========================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import MONTH_ABBR, MONTH_NAMES, normalize, suggest
from udfs.section.own_words import PLACES, Action, Cause, TextRow, month_text, place_of
from validation.contract import (
    AMOUNT,
    ATGARDER,
    EXTRA_SETTINGS,
    INSTALLNINGAR,
    LABEL,
    ORSAKER,
    TEXTER,
    Column,
    TableSpec,
    match_columns,
)
from validation.findings import FEL, VARNING
from validation.raw_table import RawTable
from validation.reader import INVALID, Reader, area_lookup
from validation.round.trap_dates import date_readings
from validation.settings import SettingsTable

_TOTAL = re.compile(r"^(totalt?|summa|s:a)\b")
WHOLE = {"hela namnden", "namnden som helhet", "overgripande", "hela forvaltningen"}
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
NEW_ONLY = ("beslutsdatum", "effekt", "varav_personal", "full_effekt", "status")
# The Åtgärder sheet before issue 20: the explanation items of the deviation, now read as Orsaker.
ATGARDER_OLD_SHAPE = TableSpec(
    "Atgarder",
    "Åtgärder",
    (
        Column("post", "Post", ("forklaringspost", "forklaring"), True, LABEL),
        Column("belopp", "Belopp", ("belopp tkr",), True, AMOUNT),
        Column("kommentar", "Kommentar", ("kommentarer",)),
    ),
)


@dataclass
class OwnTables:
    texter: list[TextRow] | None = None
    orsaker: list[Cause] | None = None
    atgarder: list[Action] | None = None
    foregaende_omgang: str | None = None


def _label(value: object) -> str | None:
    """A name cell: white space folded; a whole number typed as 12.0 as 12."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) or None


def _text(value: object) -> str | None:
    """A text cell as typed, line breaks kept (each line is a paragraph of the paper)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").strip()
    return text or None


def _table(reader: Reader, spec: TableSpec) -> tuple[RawTable, dict[str, int]] | None:
    raw = reader.table(spec)
    if raw is None or not raw.rows:
        return None
    cols = reader.columns(raw, spec)
    return None if cols is None else (raw, cols[0])


def _area(
    reader: Reader, raw: RawTable, cell: str, value: object, lookup: dict[str, str], areas: list[str], table: str
) -> tuple[bool, str | None]:
    """(ok, the area as Budget spells it, or None for the committee as a whole)."""
    name = _label(value)
    if name is None or normalize(name) in WHOLE:
        return True, None
    if normalize(name) in lookup:
        return True, lookup[normalize(name)]
    reader.add(
        FEL,
        raw,
        cell,
        "okant_omrade",
        f"{table}: verksamhetsområdet {name!r} finns inte i Budget.{suggest(name, areas)} Skriv områdets namn "
        "som i Budget, eller lämna cellen tom när raden gäller hela nämnden.",
    )
    return False, None


def read_texter(reader: Reader, areas: list[str]) -> list[TextRow] | None:
    got = _table(reader, TEXTER)
    if got is None:
        return None
    raw, found = got
    lookup = area_lookup(areas)
    names = [name for _key, name, _syn in PLACES]
    out = []
    for number, values in zip(raw.row_numbers, raw.rows):
        avsnitt = _label(values[found["avsnitt"]])
        text = _text(values[found["text"]]) if "text" in found else None
        cell = raw.address(number, found["avsnitt"])
        if text is None:
            continue  # nothing to print
        if avsnitt is None:
            reader.add(
                FEL,
                raw,
                cell,
                "ogiltigt_varde",
                "Texter: Avsnitt saknas, så Prognos vet inte var texten ska stå. Skriv Nämnden, ett avsnitt "
                f"({', '.join(names[1:])}) eller ett verksamhetsområde som i Budget.",
            )
            continue
        area = lookup.get(normalize(avsnitt))
        place = None if area else place_of(avsnitt)
        if area is None and place is None:
            reader.add(
                FEL,
                raw,
                cell,
                "okant_avsnitt",
                f"Texter: avsnittet {avsnitt!r} finns inte i rapporten.{suggest(avsnitt, names + areas)} Skriv "
                f"Nämnden, ett avsnitt ({', '.join(names[1:])}) eller ett verksamhetsområde som i Budget.",
            )
            continue
        out.append(TextRow(place, area, text, raw.address(number, found["text"])))
    return out


def _amount(reader: Reader, raw: RawTable, number: int, pos: int | None, values: list, label: str) -> Any:
    if pos is None or values[pos] is None:
        return None
    return reader.cell_value(raw, number, pos, values[pos], "belopp", label)


def _cause_rows(
    reader: Reader, raw: RawTable, found: dict[str, int], areas: list[str], spec: TableSpec, label_key: str
) -> list[tuple[Cause, bool]]:
    """(cause, is a typed total row) per row; rows with a finding that stops them are left out."""
    lookup, out = area_lookup(areas), []
    for number, values in zip(raw.row_numbers, raw.rows):
        orsak = _label(values[found[label_key]])
        belopp = _amount(reader, raw, number, found.get("belopp"), values, f"{spec.name} Belopp")
        kommentar = _label(values[found["kommentar"]]) if "kommentar" in found else None
        area_value = values[found["omrade"]] if "omrade" in found else None
        if orsak is None and belopp is None and (area_value is None or kommentar is None):
            continue  # an empty row, or one that names only an area (a unit workbook's free row)
        if belopp is INVALID:
            continue
        cell = raw.address(number, found[label_key])
        if orsak is None:
            header = spec.column(label_key).header
            reader.add(
                FEL,
                raw,
                cell,
                "ogiltigt_varde",
                f"{spec.name}: {header} saknas. Skriv orsaken i ord (t.ex. Vakanta tjänster) eller ta bort raden.",
            )
            continue
        ok, area = (
            (True, None)
            if "omrade" not in found
            else _area(reader, raw, raw.address(number, found["omrade"]), area_value, lookup, areas, spec.name)
        )
        if ok:
            amount_cell = raw.address(number, found["belopp"]) if "belopp" in found else cell
            out.append((Cause(orsak, area, belopp, kommentar, amount_cell), bool(_TOTAL.match(normalize(orsak)))))
    return out


def _without_totals(reader: Reader, raw: RawTable, rows: list[tuple[Cause, bool]]) -> list[Cause]:
    """Typed Totalt/Summa rows are left out: a warning, naming a typed sum that differs."""
    data: list[Cause] = []
    for cause, total in rows:
        if not total:
            data.append(cause)
            continue
        known = [c.belopp for c in data if c.belopp is not None]
        if cause.belopp is not None and known and abs(cause.belopp - sum(known)) > max(1, len(known)) + 1e-9:
            reader.add(
                VARNING,
                raw,
                cause.cell,
                "tryckt_summa_avviker",
                f"Summaraden {cause.orsak!r} anger {format_tal(cause.belopp, 0)} men raderna ovanför summerar "
                f"till {format_tal(sum(known), 0)}. Prognos räknar med raderna och tar inte med summaraden: "
                "ta bort den.",
            )
        else:
            reader.add(
                VARNING,
                raw,
                cause.cell,
                "summarad",
                f"Raden {cause.orsak!r} är en summarad. Den räknas inte med (Prognos summerar själv); ta bort den.",
            )
    return data


def read_orsaker(reader: Reader, areas: list[str]) -> list[Cause] | None:
    got = _table(reader, ORSAKER)
    if got is None:
        return None
    raw, found = got
    return _without_totals(reader, raw, _cause_rows(reader, raw, found, areas, ORSAKER, "orsak"))


def old_shape(headers: list[object]) -> bool:
    """An Åtgärder table of the shape before issue 20: Post and Belopp, none of the plan's columns."""
    old, _ = match_columns(ATGARDER_OLD_SHAPE, headers)
    new, _ = match_columns(ATGARDER, headers)
    return {"post", "belopp"} <= old.keys() and not any(k in new for k in NEW_ONLY)


def read_atgarder(reader: Reader, areas: list[str]) -> tuple[list[Action] | None, list[Cause] | None]:
    """(the action plan, the explanation items of an old Åtgärder sheet read as Orsaker)."""
    raw = reader.table(ATGARDER)
    if raw is None or not raw.rows:
        return None, None
    if old_shape(raw.headers):
        cols = reader.columns(raw, ATGARDER_OLD_SHAPE)
        if cols is None:
            return None, None
        reader.add(
            VARNING,
            raw,
            raw.header_address(),
            "atgarder_som_orsaker",
            f"Bladet {raw.sheet} har kolumnerna Post och Belopp: det är orsaker till avvikelsen "
            "(förklaringsposter), "
            "som nu har en egen tabell, Orsaker. Prognos läser raderna som Orsaker för hela nämnden. Flytta dem "
            "till bladet Orsaker (Verksamhetsområde, Orsak, Belopp) och använd Åtgärder för nämndens "
            "handlingsplan (Åtgärd, Verksamhetsområde, Beslutsdatum, Effekt helår, Varav personal, Full effekt "
            "från, Status, Kommentar); en ny mall har båda: prognos mall mall.xlsx.",
        )
        rows = _cause_rows(reader, raw, cols[0], areas, ATGARDER_OLD_SHAPE, "post")
        return None, _without_totals(reader, raw, rows)
    got = _table(reader, ATGARDER)
    if got is None:
        return None, None
    raw, found = got
    return [a for a in (_action(reader, raw, found, n, v, areas) for n, v in zip(raw.row_numbers, raw.rows)) if a], None


def _action(
    reader: Reader, raw: RawTable, found: dict[str, int], number: int, values: list, areas: list[str]
) -> Action | None:
    cells = {k: raw.address(number, p) for k, p in found.items()}
    get = {k: values[p] for k, p in found.items()}
    if all(v is None or (isinstance(v, str) and not v.strip()) for k, v in get.items() if k != "omrade"):
        return None  # an empty row, or one that names only an area (a unit workbook's free row)
    name = _label(get.get("atgard"))
    if name is None:
        reader.add(
            FEL,
            raw,
            cells["atgard"],
            "ogiltigt_varde",
            "Åtgärder: Åtgärd saknas. Beskriv åtgärden med några ord eller ta bort raden.",
        )
        return None
    ok, area = _area(reader, raw, cells.get("omrade", ""), get.get("omrade"), area_lookup(areas), areas, "Åtgärder")
    effekt = _amount(reader, raw, number, found.get("effekt"), values, "Åtgärder Effekt helår")
    personal = _amount(reader, raw, number, found.get("varav_personal"), values, "Åtgärder Varav personal")
    days = {
        k: _day(reader, raw, cells[k], get[k], ATGARDER.column(k).header)
        for k in ("beslutsdatum", "full_effekt")
        if k in found
    }
    status = _status(reader, raw, cells.get("status", ""), get.get("status"))
    if not ok or INVALID in (effekt, personal, status, *days.values()):
        return None
    if effekt is not None and personal is not None and abs(personal) > abs(effekt) + 1e-9:
        reader.add(
            VARNING,
            raw,
            cells["varav_personal"],
            "varav_over_effekt",
            f"Åtgärder: Varav personal ({format_tal(personal, 0)}) är större än Effekt helår "
            f"({format_tal(effekt, 0)}). Varav personal är den del av effekten som gäller personal.",
        )
    return Action(
        name,
        area,
        days.get("beslutsdatum"),
        effekt,
        personal,
        days.get("full_effekt"),
        status,
        _label(get.get("kommentar")),
        cells["atgard"],
    )


def _status(reader: Reader, raw: RawTable, cell: str, value: object) -> Any:
    name = _label(value)
    if name is None:
        return None
    column = ATGARDER.column("status")
    hit = next((v for v in column.values if normalize(v) == normalize(name)), None)
    if hit is None:
        reader.add(FEL, raw, cell, "ogiltigt_varde", f"Åtgärder: {name!r} är ingen status. {column.values_error}")
        return INVALID
    return hit


def _day(reader: Reader, raw: RawTable, cell: str, value: object, label: str) -> Any:
    """A day (an Excel date or ÅÅÅÅ-MM-DD), or a month as "mars 2024" (typed 2024-03 or mars 2024)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).split())
    month = _month(text)
    if month is not None:
        return month
    readings, _form = date_readings(text)
    if len(readings) == 1:
        reader.add(
            VARNING,
            raw,
            cell,
            "datum_som_text",
            f"Åtgärder {label}: datumet är skrivet som text ({text!r}) och läses som {readings[0].isoformat()}. "
            "Skriv det som ett datum i cellen.",
        )
        return readings[0]
    if len(readings) > 1:
        ways = " eller ".join(d.isoformat() for d in readings)
        reader.add(
            FEL,
            raw,
            cell,
            "tvetydigt_datum",
            f"Åtgärder {label}: {text!r} kan betyda {ways}. Skriv datumet som ÅÅÅÅ-MM-DD.",
        )
        return INVALID
    reader.add(
        FEL,
        raw,
        cell,
        "inte_datum",
        f"Åtgärder {label}: {text!r} är inget datum. Skriv ett datum som ÅÅÅÅ-MM-DD (t.ex. 2024-03-15) eller "
        "en månad som ÅÅÅÅ-MM (t.ex. 2024-03).",
    )
    return INVALID


def _month(text: str) -> str | None:
    """ "2024-03" or "mars 2024" as "mars 2024"; else None."""
    m = _MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return month_text(int(m.group(1)), int(m.group(2)))
    words = normalize(text).split(" ")
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4:
        names = {n: i for i, n in enumerate(MONTH_NAMES, 1)} | {a: i for i, a in enumerate(MONTH_ABBR, 1)}
        if words[0] in names:
            return month_text(int(words[1]), names[words[0]])
    return None


def foregaende_omgang(reader: Reader) -> str | None:
    """The settings row Föregående omgång (e.g. "mars"), or None."""
    hit = SettingsTable(reader.table(INSTALLNINGAR)).get(EXTRA_SETTINGS["foregaende_omgang"])
    return None if hit is None else _label(hit[0])


def read_own_tables(reader: Reader, areas: list[str]) -> OwnTables:
    actions, old = read_atgarder(reader, areas)
    causes = read_orsaker(reader, areas)
    if old is not None:
        causes = (causes or []) + old
    return OwnTables(read_texter(reader, areas), causes, actions, foregaende_omgang(reader))
