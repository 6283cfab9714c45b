"""One submitted unit workbook: what ``prognos utskick`` wrote into it (the hidden ``_Utskick``
sheet's layout, shared with ``workbooks/round/send_out.py``), the result of validating it, and the
submission rules over its values (locked cells unchanged, the unit's entries, its settings).

Pure rules over values already read: the file handling is ``workbooks/round/submissions.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import ENHETER, TYPER, canonical_metod, canonical_typ, normalize
from validation.contract import EXTRA_SETTINGS, PROGNOS
from validation.findings import FEL, VARNING, Finding
from validation.raw_table import RawTable, column_letters
from validation.round import magnitudes, traps
from validation.round.traps import match_columns
from validation.round.unit_tables import PROGNOS_INPUTS
from validation.rules import check
from validation.settings import SettingsTable, period_of, unit_of, year_of

# --- the _Utskick sheet, as prognos utskick writes it and prognos validera reads it -----------
UTSKICK_SHEET = "_Utskick"
UTSKICK_VERSION = 1
P_ENHET = EXTRA_SETTINGS["enhet_namn"].display  # the unit's name in Installningar
P_OMGANG = EXTRA_SETTINGS["omgang"].display
P_SVAR_SENAST = EXTRA_SETTINGS["svar_senast"].display
ORIGINALS_HEADER_ROW = 14  # header of the originals on _Utskick: one row per sheet, JSON in B, C, …
INPUT_HEADERS = PROGNOS_INPUTS.input_headers  # the unit fills in (validation.round.unit_tables)
META_KEYS = (
    "Version",
    "Verksamhetsområde",
    "Omgång",
    "Nämnd",
    "År",
    "Period",
    "Enhet",
    "Enheter",
    "Referens",
    "Skapad",
    "Kontrollsumma",
)
MAX_LOCKED_FINDINGS = 10  # per sheet, then a summary

OK, VARNINGAR, FELSTATUS, SAKNAS = "OK", "Varningar", "Fel", "Saknas"


def canon(value: Any) -> str:
    """A canonical text form of a cell value, equal for openpyxl's and calamine's reading."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, (int, float)):
        number = float(value)
        return repr(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def checksum(meta: dict[str, Any], sheets_json: dict[str, str]) -> str:
    """Over the metadata and the stored JSON, so an edited _Utskick sheet is noticed."""
    digest = hashlib.sha256()
    for key in META_KEYS:
        if key != "Kontrollsumma":
            digest.update(f"{key}={canon(meta.get(key))}\n".encode())
    for sheet, text in sheets_json.items():
        digest.update(f"{sheet}={text}\n".encode())
    return digest.hexdigest()[:20]


# --- results ---------------------------------------------------------------------------------
@dataclass
class PrognosInput:
    """One row of a submission's Prognos table, as the unit entered it."""

    omrade: str
    typ: str
    metod: str | None
    manuell: float | None
    kommentar: str | None
    rad: int  # sheet row in the submission
    blad: str
    changed: tuple[str, ...] = ("metod", "manuell", "kommentar")  # fields the unit changed since utskick


@dataclass
class SubmissionResult:
    path: str  # absolute
    fil: str  # as shown: relative to the folder given
    sha256: str = ""
    usable: bool = True
    seconds: float = 0.0
    unit: str | None = None  # resolved in the parent
    unit_source: str = ""  # "Inställningar", "filnamn" or ""
    unit_in_settings: str | None = None
    omgang: str | None = None
    ar: int | None = None
    period: int | None = None
    enhet: str | None = None
    meta_unit: str | None = None
    meta_units: list[str] | None = None
    areas: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> area -> first cell
    areas_sheet: dict[str, str] = field(default_factory=dict)  # table -> sheet
    prognos: list[PrognosInput] = field(default_factory=list)
    entries: list[Any] = field(default_factory=list)  # validation.round.unit_entries.UnitRow: Volymer and the like
    case_numbers: dict[str, str] = field(default_factory=dict)
    findings: list[dict[str, str]] = field(default_factory=list)
    report: bool = False  # a report workbook of prognos validera, not a submission: skipped

    def add(self, severity: str, sheet: str, cell: str, rule: str, message: str) -> None:
        check(rule, severity)
        self.findings.append(
            {
                "allvarlighet": severity,
                "blad": sheet,
                "cell": cell,
                "regel": rule,
                "meddelande": message,
                "fil": self.fil,
            }
        )

    def finding_objects(self) -> list[Finding]:
        return [Finding(**f) for f in self.findings]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f["allvarlighet"] == FEL)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f["allvarlighet"] == VARNING)

    @property
    def status(self) -> str:
        return FELSTATUS if self.errors else VARNINGAR if self.warnings else OK

    @property
    def valid(self) -> bool:
        return self.usable and not self.errors


class Grids(Protocol):
    """A workbook's values, sheet by sheet (``workbooks.ooxml.safe_read.CalamineBook``)."""

    sheet_names: list[str]

    def grid(self, sheet: str) -> list[list[Any]]: ...


CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


@lru_cache(maxsize=100_000)
def cell_ref(cell: str) -> tuple[int, int]:
    """ "B12" -> (11, 1): 0-based row and column."""
    m = CELL_REF.match(cell)
    if m is None:
        return (-1, -1)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def int_of(value: object) -> int | None:
    number = traps.number_of(value)
    return int(number) if number is not None and float(number).is_integer() else None


def show(value: Any) -> str:
    """A stored or read value for a message: numbers Swedish, text quoted, empty "tom"."""
    if isinstance(value, dict) and "datum" in value:
        return str(value["datum"])
    if value is None or value == "":
        return "tom"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_tal(float(value), 0 if float(value).is_integer() else 2)
    if isinstance(value, (dt.date, dt.datetime)):
        return canon(value)
    return traps.q(value, 50)


@dataclass
class Meta:
    values: dict[str, Any]
    originals: dict[str, dict[str, Any]]  # sheet -> {"ref": "A1", "rows": [[…]]}
    intact: bool  # the checksum matches


def read_meta(book: Grids, res: SubmissionResult) -> Meta | None:
    """The _Utskick sheet: metadata and the original values of the locked cells."""
    if UTSKICK_SHEET not in book.sheet_names:
        return None
    grid = book.grid(UTSKICK_SHEET)
    meta: dict[str, Any] = {}
    for row in grid[1 : ORIGINALS_HEADER_ROW - 1]:
        if row and isinstance(row[0], str) and row[0]:
            meta[row[0]] = row[1] if len(row) > 1 else ""
    stored: dict[str, str] = {}
    for row in grid[ORIGINALS_HEADER_ROW:]:
        if row and isinstance(row[0], str) and row[0]:
            stored[row[0]] = "".join(v for v in row[1:] if isinstance(v, str))
    intact = canon(meta.get("Kontrollsumma")) == checksum(meta, stored)
    if not intact:
        res.add(
            FEL,
            UTSKICK_SHEET,
            "",
            "utskick_andrat",
            "Det dolda bladet _Utskick, som visar vad Prognos skickade ut, har ändrats. Låsta celler kan "
            "därför inte "
            "kontrolleras. Be ekonomen om en ny arbetsbok och för över dina uppgifter dit.",
        )
    originals: dict[str, dict[str, Any]] = {}
    for sheet, text in stored.items():
        try:
            block = json.loads(text)
            if not isinstance(block, dict) or not isinstance(block.get("rows"), list):
                raise ValueError
            originals[sheet] = block
        except ValueError:
            intact = False
            res.add(
                FEL,
                UTSKICK_SHEET,
                "",
                "utskick_andrat",
                f"Det dolda bladet _Utskick är skadat (uppgifterna om bladet {sheet!r} går inte att läsa).",
            )
    for key in ("Enheter", "Referens"):
        try:
            meta[key] = json.loads(meta.get(key) or "null")
        except ValueError:
            meta[key] = None
    if not isinstance(meta.get("Enheter"), list):
        meta["Enheter"] = None
    return Meta(meta, originals, intact)


def same_value(current: Any, original: Any) -> bool:
    if current == original:
        return True
    if (
        isinstance(current, (int, float))
        and isinstance(original, (int, float))
        and not isinstance(current, bool)
        and not isinstance(original, bool)
    ):
        # Excel and openpyxl may write a number back with another last digit.
        return abs(current - original) <= 1e-9 * max(1.0, abs(current), abs(original))
    if isinstance(original, dict):  # a date
        return canon(current) == str(original.get("datum"))
    if isinstance(current, str) and isinstance(original, str):
        return current.strip() == original.strip()
    return False


def locked_cells(book: Grids, originals: dict[str, dict[str, Any]], res: SubmissionResult) -> bool:
    """Every locked cell still holds the value it was sent out with, and nothing was added
    around the sent-out cells. Returns True when the locked content is untouched."""
    clean = True
    for sheet, block in originals.items():
        if sheet not in book.sheet_names:
            res.add(
                FEL,
                sheet,
                "",
                "last_cell_andrad",
                f"Bladet {sheet!r} saknas eller har bytt namn. Arbetsboken måste ha samma blad som när "
                "den skickades ut.",
            )
            clean = False
            continue
        grid = book.grid(sheet)
        r0, c0 = cell_ref(str(block.get("ref", "A1")))
        rows = block["rows"]
        width = max((len(r) for r in rows), default=0)
        changed = []
        for i, stored in enumerate(rows):
            r = r0 + i
            current = grid[r][c0 : c0 + len(stored)] if r < len(grid) else []
            if current == stored:
                continue
            current = list(current) + [""] * (len(stored) - len(current))
            for j, (cur, orig) in enumerate(zip(current, stored)):
                if orig is None or same_value(cur, orig):
                    continue
                changed.append((r, c0 + j, orig, cur))
        for r, c, orig, cur in changed[:MAX_LOCKED_FINDINGS]:
            res.add(
                FEL,
                sheet,
                f"{column_letters(c + 1)}{r + 1}",
                "last_cell_andrad",
                f"Cellen är låst och har ändrats: den var {show(orig)} när arbetsboken skickades ut och är nu "
                f"{show(cur)}. Ändra tillbaka; bara de gula cellerna (Metod, Manuell prognos och "
                "Kommentar på bladet "
                "Prognos, Prognos volym och Prognos styckkostnad på bladet Volymer) får fyllas i.",
            )
        if len(changed) > MAX_LOCKED_FINDINGS:
            res.add(
                FEL,
                sheet,
                "",
                "last_cell_andrad",
                f"Ytterligare {len(changed) - MAX_LOCKED_FINDINGS} låsta celler på bladet har ändrats (totalt "
                f"{len(changed)}); rader kan ha lagts till eller tagits bort. Be ekonomen om en ny arbetsbok.",
            )
        added = None
        for r in range(len(grid)):
            line = grid[r]
            if r >= r0 + len(rows):
                extra = [c for c, v in enumerate(line) if v != ""]
            else:
                extra = [c for c in range(c0 + width, len(line)) if line[c] != ""]
            if extra:
                added = (r, extra[0])
                break
        if added:
            res.add(
                FEL,
                sheet,
                f"{column_letters(added[1] + 1)}{added[0] + 1}",
                "tillagt_innehall",
                "Här finns innehåll som inte fanns när arbetsboken skickades ut (t.ex. en tillagd rad "
                "eller summa). "
                "Bladet är låst för att enhetens rader ska vara desamma som i nämndens budget; ta bort "
                "det tillagda.",
            )
        clean = clean and not changed and not added
    return clean


def prognos_rows(raw: RawTable | None, sent: dict[str, Any] | None = None) -> list[PrognosInput]:
    """The unit's entries for consolidation: Metod canonical, amounts parsed, comments as typed.

    ``sent``: the input cells' values as sent out ({"C2": value}); then only the fields the
    unit changed are marked for consolidation."""
    if raw is None:
        return []
    found, _ = match_columns(PROGNOS, raw.headers)
    if not {"omrade", "typ"} <= found.keys():
        return []
    out = []
    for row_number, values in zip(raw.row_numbers, raw.rows):
        typ = canonical_typ(values[found["typ"]])
        if typ not in TYPER:
            continue
        metod = canonical_metod(values[found["metod"]]) if "metod" in found else None
        manuell = traps.number_of(values[found["manuell"]]) if "manuell" in found else None
        kommentar = values[found["kommentar"]] if "kommentar" in found else None
        if isinstance(kommentar, str):
            kommentar = kommentar.rstrip() or None
        elif kommentar is not None:
            kommentar = canon(kommentar)
        row = PrognosInput(
            str(values[found["omrade"]]).strip(),
            typ,
            metod if isinstance(metod, str) else None,
            manuell,
            kommentar,
            row_number,
            raw.sheet,
        )
        if sent is not None:
            changed = []
            for key in ("metod", "manuell", "kommentar"):
                if key not in found:
                    continue
                before = sent.get(raw.address(row_number, found[key]), "")
                if not same_value(values[found[key]] if values[found[key]] is not None else "", before):
                    changed.append(key)
            if "metod" in changed and "manuell" in found and "manuell" not in changed:
                # Manuell prognos is sent out empty: a unit that chose a method means its empty
                # amount, so the master's earlier manual figure goes. A unit that only commented
                # leaves the master's figure as it was (a number is never lost by a comment).
                changed.append("manuell")
            row.changed = tuple(changed)
        out.append(row)
    return out


def settings_info(raws: dict[str, RawTable], res: SubmissionResult) -> str:
    """The file's settings, read as the refresh reads them (``validation.settings``), into
    ``res``; returns the amount unit for the traps."""
    table = SettingsTable(raws.get("Installningar"))
    core = table.core()
    enhet = unit_of(core.get("enhet", (None, ""))[0])
    res.enhet = enhet
    res.ar = year_of(core.get("ar", (None, ""))[0])
    res.period = period_of(core.get("period", (None, ""))[0])
    omgang = table.get(EXTRA_SETTINGS["omgang"])
    res.omgang = str(omgang[0]).strip() if omgang is not None and omgang[0] not in (None, "") else None
    unit = EXTRA_SETTINGS["enhet_namn"]
    for row in table.rows:
        if row.name in {normalize(unit.display), *unit.synonyms} and isinstance(row.value, str) and row.value.strip():
            res.unit_in_settings = row.value.strip()
            break
    return enhet if enhet in ENHETER else "tkr"


def meta_references(meta: Meta, unit: str) -> magnitudes.References:
    refs: magnitudes.References = {}
    data = meta.values.get("Referens")
    if isinstance(data, dict):
        for typ, v in data.items():
            if isinstance(v, dict):
                budget, ytd, fg = (traps.number_of(v.get(k)) for k in ("budget", "hittills", "fg"))
                period = int_of(meta.values.get("Period"))
                refs[(normalize(unit), normalize(typ))] = (budget, ytd / period * 12 if ytd and period else None, fg)
    return refs
