"""Traps in dates and case numbers: dates typed as text, ambiguous or unlikely dates, text in
a date column (``DATE`` columns of the contract and headers naming a date), and one case
number spelled several ways (``CASE_NUMBER`` columns and the Diarienummer setting)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from validation.contract import CASE_NUMBER, DATE, EXTRA_SETTINGS, TABLES, TableSpec
from validation.findings import FEL, VARNING
from validation.raw_table import RawTable
from validation.round.traps import TrapContext, match_columns, normalize, q
from validation.settings import SettingsTable

DATE_KEYS = tuple(dict.fromkeys(k for s in TABLES for k in s.keys(DATE)))
DNR_KEYS = tuple(dict.fromkeys(k for s in TABLES for k in s.keys(CASE_NUMBER)))
DNR_NAMES = {normalize(EXTRA_SETTINGS["diarienummer"].display), *EXTRA_SETTINGS["diarienummer"].synonyms}


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _century(yy: int) -> int:
    return 2000 + yy if yy < 70 else 1900 + yy


def date_readings(text: str) -> tuple[list[dt.date], str]:
    """All dates a text can mean, and the form it was read in."""
    s = text.strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s)
    if m:
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return ([d] if d else []), "ÅÅÅÅ-MM-DD"
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if m:
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return ([d] if d else []), "ÅÅÅÅMMDD"
    m = re.fullmatch(r"(\d{2})[-/.]?(\d{2})[-/.]?(\d{2})", s)
    if m:
        a, b, c = (int(g) for g in m.groups())
        readings = [_valid(_century(a), b, c), _valid(_century(c), b, a), _valid(_century(c), a, b)]
        return list(dict.fromkeys(d for d in readings if d)), "kort"
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/. ](\d{4})", s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        readings = [_valid(y, b, a), _valid(y, a, b)]
        return list(dict.fromkeys(d for d in readings if d)), "DD/MM ÅÅÅÅ"
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", s)
    if m:
        return [], "dag/månad utan år"
    return [], ""


def check_date(value: object, sheet: str, cell: str, label: str, ctx: TrapContext) -> None:
    if value is None or value == "":
        return
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        if ctx.ar and abs(day.year - ctx.ar) > 3:
            ctx.add(
                VARNING,
                sheet,
                cell,
                "osannolikt_datum",
                f"{label}: datumet {day.isoformat()} ligger långt från omgångens år {ctx.ar}. Kontrollera årtalet.",
            )
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return  # a date serial without date format; Excel shows it as a number
    text = str(value).strip()
    readings, form = date_readings(text)
    if len(readings) > 1:
        ways = " eller ".join(d.isoformat() for d in readings)
        ctx.add(
            FEL,
            sheet,
            cell,
            "tvetydigt_datum",
            f"{label}: datumet {q(text)} kan betyda {ways}. Skriv datumet som ÅÅÅÅ-MM-DD (t.ex. "
            f"{readings[0].isoformat()}) eller som ett Excel-datum.",
        )
    elif len(readings) == 1:
        ctx.add(
            VARNING,
            sheet,
            cell,
            "datum_som_text",
            f"{label}: datumet är skrivet som text ({q(text)}) och läses som {readings[0].isoformat()}. "
            "Skriv det som ett Excel-datum.",
        )
        if ctx.ar and abs(readings[0].year - ctx.ar) > 3:
            ctx.add(
                VARNING,
                sheet,
                cell,
                "osannolikt_datum",
                f"{label}: datumet {readings[0].isoformat()} ligger långt från omgångens år {ctx.ar}. "
                "Kontrollera årtalet.",
            )
    else:
        ctx.add(
            FEL,
            sheet,
            cell,
            "inte_datum",
            f"{label}: {q(text)} är inget datum{' (' + form + ')' if form else ''}. Skriv datumet som ÅÅÅÅ-MM-DD.",
        )


def dates(raw: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    found, _ = match_columns(spec, raw.headers)
    columns = {found[k]: spec.column(k).header for k in DATE_KEYS if k in found}
    for pos, header in enumerate(raw.headers):
        if (
            pos not in columns
            and isinstance(header, str)
            and ("datum" in normalize(header) or "senast" in normalize(header))
        ):
            columns[pos] = header
    for pos, label in columns.items():
        for row_number, values in zip(raw.row_numbers, raw.rows):
            check_date(values[pos], raw.sheet, raw.address(row_number, pos), label, ctx)


_DNR = re.compile(r"^\s*([A-Za-zÅÄÖåäö]{1,10})\s*[./\- ]?\s*(\d{4})\s*[:/\-. ]\s*0*(\d{1,7})\s*$")


def normalise_case_number(text: object) -> str | None:
    """ "SN 2022:554", "sn/2022-00554" -> "SN/2022:00554"; None when it is not a case number."""
    if not isinstance(text, str):
        return None
    m = _DNR.match(text)
    if not m:
        return None
    return f"{m.group(1).upper()}/{m.group(2)}:{int(m.group(3)):05d}"


def case_numbers(cells: Iterable[tuple[str, str, object]], ctx: TrapContext) -> dict[str, str]:
    """Flag case numbers spelled several ways; return {spelling: normalised}."""
    spellings: dict[str, dict[str, list[tuple[str, str]]]] = {}
    out: dict[str, str] = {}
    for sheet, cell, value in cells:
        norm = normalise_case_number(value)
        if norm is None:
            continue
        text = str(value).strip()
        out[text] = norm
        spellings.setdefault(norm, {}).setdefault(text, []).append((sheet, cell))
    for norm, variants in spellings.items():
        if len(variants) < 2:
            continue
        listed = ", ".join(q(v, 30) for v in variants)
        for text, places in variants.items():
            if text == norm:
                continue
            for sheet, cell in places:
                ctx.add(
                    VARNING,
                    sheet,
                    cell,
                    "diarienummer_stavning",
                    f"Diarienumret {q(text)} skrivs på flera sätt i arbetsboken ({listed}). Prognos läser dem som "
                    f"samma ärende, {norm}; skriv det på ett sätt.",
                )
    return out


def case_number_cells(raw: RawTable, spec: TableSpec) -> list[tuple[str, str, object]]:
    found, _ = match_columns(spec, raw.headers)
    positions = [found[k] for k in DNR_KEYS if k in found]
    positions += [pos for pos, h in enumerate(raw.headers) if pos not in positions and normalize(h) in DNR_NAMES]
    if spec.name == "Installningar" and {"parameter", "varde"} <= found.keys():
        return [(raw.sheet, row.cell, row.value) for row in SettingsTable(raw).rows if row.name in DNR_NAMES]
    return [(raw.sheet, raw.address(n, pos), v[pos]) for pos in positions for n, v in zip(raw.row_numbers, raw.rows)]


def settings_dates(raw: RawTable, ctx: TrapContext) -> None:
    for row in SettingsTable(raw).rows:
        if "datum" in row.name or "senast" in row.name:
            check_date(row.value, raw.sheet, row.cell, row.label, ctx)
