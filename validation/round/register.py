"""The round register (sheet ``Omgång`` of the master) declared once, and its rows as read.

One row per unit of the round: sent (when, file, checksum), returned (when, file,
checksum), the validation status, the economist's decision (Godkänd / Åter till enheten /
Väntar) with a comment and a date, and what was consolidated. Prognos writes every column
but the decision, the comment and the decision date, which the economist types (a drop-down
on Beslut); ``workbooks/round_register/register_sheet.py`` writes the sheet, ``validation/round/
round_status.py`` combines the register with the returned files.

Pure: no files, no cells (rows come as a ``RawTable`` from any book).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from udfs.language.vocabulary import normalize
from validation.contract import AREA, DATE, EXTRA_SETTINGS, LABEL, Column, TableSpec, match_columns
from validation.raw_table import RawTable

REGISTER_SHEET = "Omgång"
REGISTER_TABLE = "Omgang"

# The economist's decision per unit (the register's drop-down), declared once.
GODKAND = "Godkänd"
ATER = "Åter till enheten"
VANTAR = "Väntar"
BESLUT = (GODKAND, ATER, VANTAR)
AUTO_GODKAND = "Godkänd automatiskt"  # shown and logged when the setting approved a clean file
_BESLUT_SYNONYMS = {
    "godkand": GODKAND,
    "godkann": GODKAND,
    "ja": GODKAND,
    "ok": GODKAND,
    "ater till enheten": ATER,
    "ater": ATER,
    "tillbaka": ATER,
    "skickas tillbaka": ATER,
    "nej": ATER,
    "avslag": ATER,
    "vantar": VANTAR,
    "": VANTAR,
}

# Inställningar row of the master: Ja approves every returned file without errors that has no decision.
AUTO_APPROVE = EXTRA_SETTINGS["godkann_automatiskt"]

REGISTER = TableSpec(
    REGISTER_TABLE,
    REGISTER_SHEET,
    (
        AREA,
        Column("omgang", "Omgång", ("prognosomgang",), kind=LABEL),
        Column("svar_senast", "Svar senast", ("sista svarsdag",), kind=DATE),
        Column("skickad", "Skickad", (), kind=DATE),
        Column("skickad_fil", "Skickad fil", ()),
        Column("skickad_summa", "Kontrollsumma skickad", ()),
        Column("inkommen", "Inkommen", (), kind=DATE),
        Column("inkommen_fil", "Inkommen fil", ()),
        Column("inkommen_summa", "Kontrollsumma inkommen", ()),
        Column("status", "Valideringsstatus", ("status",)),
        Column("fel", "Fel", ()),
        Column(
            "beslut",
            "Beslut",
            (),
            values=BESLUT,
            hint="Godkänd: sammanställs. Åter till enheten: skicka återkoppling. Väntar: inget beslut än.",
        ),
        Column("kommentar", "Ekonomens kommentar", ("kommentar",), width=50),
        Column("beslutsdatum", "Beslutsdatum", (), kind=DATE),
        Column("sammanstalld", "Sammanställd", (), width=40),
    ),
)
# The columns the economist types; Prognos carries them over and never overwrites them.
ECONOMIST_KEYS = ("beslut", "kommentar", "beslutsdatum")
DECISION_HEADERS = (REGISTER.column("beslut").header, REGISTER.column("kommentar").header)

# The decision may instead be typed in the validation report (prognos validera -o RAPPORT.xlsx,
# sheet Översikt): per returned file, bound to its SHA-256 (``--beslut RAPPORT.xlsx``).
REPORT_DECISIONS = TableSpec(
    "Oversikt",
    "Översikt",
    (
        Column("enhet", "Enhet", (), True, LABEL),
        Column("sha", "SHA-256", ("sha256", "kontrollsumma"), True),
        REGISTER.column("beslut"),
        REGISTER.column("kommentar"),
    ),
)


def canonical_beslut(value: Any) -> str | None:
    """The decision as the register's word, or None when it cannot be understood."""
    if value is None:
        return VANTAR
    return _BESLUT_SYNONYMS.get(normalize(value))


@dataclass
class RegisterRow:
    """One unit's row of the register (values as Prognos writes them)."""

    omrade: str
    omgang: str = ""
    svar_senast: dt.date | None = None
    skickad: dt.datetime | None = None
    skickad_fil: str = ""
    skickad_summa: str = ""
    inkommen: dt.datetime | None = None
    inkommen_fil: str = ""
    inkommen_summa: str = ""
    status: str = ""
    fel: int | None = None
    beslut: str = VANTAR
    kommentar: str = ""
    beslutsdatum: dt.date | None = None
    sammanstalld: str = ""
    row: int = 0  # sheet row when read; 0 for a new row
    beslut_text: str = ""  # the decision as typed, when it could not be understood

    @property
    def values(self) -> list[Any]:
        """The row's cells in the register's column order."""
        return [getattr(self, c.key) for c in REGISTER.columns]


REGISTER_KEYS = tuple(c.key for c in REGISTER.columns)
assert set(REGISTER_KEYS) <= {f.name for f in fields(RegisterRow)}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).replace(microsecond=0, tzinfo=None)
        except ValueError:
            return None
    return None


_READERS = {"svar_senast": _date, "beslutsdatum": _date, "skickad": _datetime, "inkommen": _datetime}


def read_register(raw: RawTable | None) -> list[RegisterRow]:
    """The register's rows (one per unit, the first row of a unit wins); [] without one."""
    if raw is None:
        return []
    found, _ = match_columns(REGISTER, raw.headers)
    if "omrade" not in found:
        return []
    out: list[RegisterRow] = []
    seen: set[str] = set()
    for row_number, values in zip(raw.row_numbers, raw.rows):
        area = _text(values[found["omrade"]])
        if not area or normalize(area) in seen:
            continue
        seen.add(normalize(area))
        row = RegisterRow(area, row=row_number)
        for key, pos in found.items():
            if key == "omrade":
                continue
            value = values[pos]
            if key in _READERS:
                setattr(row, key, _READERS[key](value))
            elif key == "fel":
                row.fel = int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
            elif key == "beslut":
                beslut = canonical_beslut(value)
                row.beslut = beslut or VANTAR
                row.beslut_text = "" if beslut else _text(value)
            else:
                setattr(row, key, _text(value))
        out.append(row)
    return out


def by_unit(rows: list[RegisterRow]) -> dict[str, RegisterRow]:
    return {normalize(r.omrade): r for r in rows}


def report_decisions(raw: RawTable | None) -> dict[str, tuple[str, str, str]]:
    """The decisions typed in a validation report: unit -> (decision, comment, SHA-256 of the
    file decided on); rows without a decision, or with one that cannot be understood, are left out."""
    if raw is None:
        return {}
    found, _ = match_columns(REPORT_DECISIONS, raw.headers)
    if not {"enhet", "sha", "beslut"} <= found.keys():
        return {}
    out = {}
    for values in raw.rows:
        beslut = canonical_beslut(values[found["beslut"]])
        unit, sha = _text(values[found["enhet"]]), _text(values[found["sha"]])
        if unit and sha and beslut and beslut != VANTAR:
            comment = _text(values[found["kommentar"]]) if "kommentar" in found else ""
            out[normalize(unit)] = (beslut, comment, sha)
    return out


def apply_decisions(rows: list[RegisterRow], decisions: dict[str, tuple[str, str, str]], day: dt.date) -> None:
    """The report's decisions into the register's rows: each binds to the file it was made on."""
    for row in rows:
        decision = decisions.get(normalize(row.omrade))
        if decision is not None:
            row.beslut, comment, row.inkommen_summa = decision
            row.kommentar = comment or row.kommentar
            row.beslutsdatum, row.beslut_text = day, ""
