"""The cells of the grant tables: whole kronor, counts, dates, yes/no, free text and form
categories read with a Swedish finding at the cell, and a finding on a grant that also becomes
an ``Anmarkning`` deciding its status. Used by ``validation.grant.register`` and ``validation.grant.costs``."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Callable

from udfs.grant.report_back import FEL, VARNING, Anmarkning, Bidrag
from udfs.language.rounding import avrunda, format_tal
from udfs.language.vocabulary import normalize, printable
from validation.findings import Finding
from validation.raw_table import RawTable
from validation.reader import INVALID, Reader

# A row in the cost list whose activity (or category) is one of these is a typed total.
TOTAL_WORDS = {
    "totalt",
    "total",
    "summa",
    "totalsumma",
    "summa totalt",
    "summa kostnader",
    "totalt kostnader",
    "summa aktiviteter",
    "totalt aktiviteter",
    "summa redovisade kostnader",
}

YES = {"ja", "j", "yes", "y", "x", "1", "sant", "true", "anonymisera"}

NO = {"nej", "n", "no", "0", "falskt", "false"}

ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")

COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")

EXCEL_EPOCH = date(1899, 12, 30)


def flag(
    reader: Reader, grant: Bidrag, severity: str, raw: RawTable | None, cell: str, rule: str, message: str
) -> None:
    sheet = raw.sheet if raw is not None else "Statsbidrag"
    reader.findings.append(
        Finding(allvarlighet=severity, blad=sheet, cell=cell, regel=rule, meddelande=message, fil=reader.file)
    )
    grant.anmarkningar.append(Anmarkning(severity, f"{sheet}!{cell}: {message}"))


def missing(reader: Reader, raw: RawTable, cell: str, rule: str, what: str, hint: str, where: str = "") -> None:
    """A required cell left empty: the error "<what> saknas<where>. <hint>" at the cell."""
    reader.add(FEL, raw, cell, rule, f"{what} saknas{where}. {hint}")


def row_cells(
    raw: RawTable, found: dict[str, int], row_number: int, values: list[Any]
) -> tuple[Callable[[str], Any], Callable[[str], str]]:
    """``get(key)``: a row's value of a column (None when the column is absent);
    ``at(key)``: that cell's address."""

    def get(key: str) -> Any:
        return values[found[key]] if key in found else None

    def at(key: str) -> str:
        return raw.address(row_number, found[key])

    return get, at


def attach(reader: Reader, grant: Bidrag, start: int) -> None:
    """Findings made while reading one row also go on the row's grant."""
    for f in reader.findings[start:]:
        grant.anmarkningar.append(Anmarkning(f.allvarlighet, f"{f.blad}!{f.cell}: {f.meddelande}"))


def clean_text(value: object) -> str | None:
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


def comment(value: object) -> str | None:
    """Free text kept with its line breaks (the form counts every character)."""
    if value is None:
        return None
    text = printable(str(value)).replace("\r\n", "\n").strip()
    return text or None


def short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def kr(value: int) -> str:
    return f"{format_tal(value, 0)} kr"


def kronor(
    reader: Reader, raw: RawTable, row_number: int, pos: int, value: object, label: str
) -> tuple[int | None, str]:
    """Whole, non-negative kronor. Returns (amount, state) with state ok / tom / fel."""
    address = raw.address(row_number, pos)
    if (row_number, pos) in raw.formula_cells:
        reader.add(
            FEL,
            raw,
            address,
            "formel_utan_varde",
            f"{label}: cellen har en formel som aldrig har beräknats, så beloppet kan inte läsas. "
            "Öppna arbetsboken i Excel, spara och försök igen.",
        )
        return None, "fel"
    converted = reader.cell_value(raw, row_number, pos, value, "belopp", label)
    if converted is INVALID:
        return None, "fel"
    if converted is None:
        return None, "tom"
    amount = float(converted)
    whole = int(avrunda(amount, 0))
    if abs(amount - whole) > 1e-6:
        reader.add(
            FEL,
            raw,
            address,
            "hela_kronor",
            f"{label}: {format_tal(amount, 2)} är inte hela kronor. Formuläret kräver belopp i hela kronor "
            f"(t.ex. {format_tal(whole, 0)}).",
        )
        return None, "fel"
    if whole < 0:
        reader.add(
            FEL,
            raw,
            address,
            "negativt_belopp",
            f"{label}: {format_tal(whole, 0)} är negativt. Statsbidrag och bidragskostnader skrivs som positiva "
            "belopp i hela kronor; en rättelse dras av från kostnadsraden den gäller.",
        )
        return None, "fel"
    return whole, "ok"


def count(reader: Reader, raw: RawTable, row_number: int, pos: int, value: object, label: str) -> int | None:
    converted = reader.cell_value(raw, row_number, pos, value, "belopp", label)
    if converted is None or converted is INVALID:
        return None
    number = float(converted)
    if number < 0 or abs(number - int(avrunda(number, 0))) > 1e-9:
        reader.add(
            FEL,
            raw,
            raw.address(row_number, pos),
            "ogiltigt_antal",
            f"{label}: {format_tal(number, 2)} är inte ett antal. Skriv ett heltal 0 eller större.",
        )
        return None
    return int(avrunda(number, 0))


def date_cell(
    reader: Reader, raw: RawTable, row_number: int, pos: int, value: object, label: str, required: bool
) -> date | None:
    address = raw.address(row_number, pos)
    if (row_number, pos) in raw.formula_cells:
        reader.add(
            VARNING,
            raw,
            address,
            "formel_utan_varde",
            f"{label}: cellen har en formel som aldrig har beräknats. Öppna arbetsboken i Excel, "
            "spara och försök igen.",
        )
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            missing(reader, raw, address, "datum_saknas", label, "Skriv datumet som ÅÅÅÅ-MM-DD.")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 2_958_465:
            parsed = EXCEL_EPOCH + timedelta(days=int(value))
            reader.add(
                VARNING,
                raw,
                address,
                "datum_som_tal",
                f"{label}: talet {int(value)} läses som Excel-datumet {parsed.isoformat()}. Formatera "
                "cellen som datum.",
            )
            return parsed
    if isinstance(value, str):
        text = value.strip()
        match = ISO_DATE.fullmatch(text) or COMPACT_DATE.fullmatch(text)
        if match:
            try:
                parsed = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                parsed = None
            if parsed is not None:
                reader.add(
                    VARNING,
                    raw,
                    address,
                    "datum_som_text",
                    f"{label}: datumet är skrivet som text ({value!r}) och läses som {parsed.isoformat()}. "
                    "Skriv det som ett datum i cellen.",
                )
                return parsed
    reader.add(
        FEL,
        raw,
        address,
        "ogiltigt_datum",
        f"{label}: {value!r} är inte ett datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-02-15 "
        "(tvåsiffriga årtal som 25-01-17 kan inte tolkas säkert).",
    )
    return None


def yes_no(reader: Reader, raw: RawTable, cell: str, value: object, namn: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = normalize(clean_text(value) or "")
    if text in YES:
        return True
    if text in NO or not text:
        return False
    reader.add(FEL, raw, cell, "ja_nej", f"{namn}: Anonymisera antal ska vara Ja eller Nej (står: {value!r}).")
    return None


def split_categories(value: object) -> list[str]:
    """ "A; B" or one per line. Commas stay: "Resor, kost och logi" is one category."""
    if value is None:
        return []
    parts = re.split(r"[;\n\r]+", str(value))
    out: dict[str, str] = {}
    for part in parts:
        name = " ".join(part.split())
        if name and normalize(name) not in out:
            out[normalize(name)] = name
    return list(out.values())


def is_total(text: str | None) -> bool:
    return bool(text) and normalize(text) in TOTAL_WORDS


def outside(grant: Bidrag, day: date) -> bool:
    if grant.period_fran is None or grant.period_till is None:
        return False
    return not (grant.period_fran <= day <= grant.period_till)
