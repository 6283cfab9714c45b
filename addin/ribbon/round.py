"""The round in the open master (the add-in): the register as JSON for the task pane, and
Fastställ (the ribbon button) appending the round's forecast to ``Prognoshistorik``.

- ``round_overview(book)``: the register ``Omgång`` per unit with its state, decision and the
  cells of Beslut, Ekonomens kommentar and Beslutsdatum (the pane writes a decision there with
  Office.js), the units to remind and the deadline. Only the register is read: the files
  themselves are checked by ``prognos status`` or the pane's upload.
- ``faststall_open_book(live, omgang, datum)``: the same rows as ``prognos faststall``
  (``workbooks.round_register.settle_book.settle``), written below the table (or on a new sheet) with
  a constant number of Excel calls, and a row per cell in ``Ändringslogg``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from udfs.language.counts import count_text
from validation.contract import EXTRA_SETTINGS, INSTALLNINGAR, PROGNOSHISTORIK, TableSpec, match_columns
from validation.raw_table import RawTable, UnusableInput, column_letters
from validation.round.audit_log import FASTSTALLD, LOG, LOG_KEYS, LogRow, chain, read_log
from validation.round.register import ATER, ECONOMIST_KEYS, GODKAND, REGISTER, read_register
from validation.round.round_status import ATER_VANTAR, BESLUT_VANTAR, KLAR, MED_FEL, SAKNAS, register_state
from validation.round.settle import KEYS, header, history_columns, round_name
from validation.round.submission import FELSTATUS
from validation.settings import SettingsTable, period_of, year_of
from workbooks.round.send_out import default_omgang
from workbooks.round_register.settle_book import settle

# The pane's own names for the states (its colours and buttons); the words it shows are the register's.
STATE_KEYS = {SAKNAS: "saknas", MED_FEL: "fel", ATER_VANTAR: "ater", BESLUT_VANTAR: "vantar", KLAR: "godkand"}


def _address(raw: RawTable, row: int, key: str, found: dict[str, int]) -> str | None:
    if key not in found:
        return None
    return "'" + raw.sheet.replace("'", "''") + "'!" + raw.address(row, found[key])


def round_overview(book: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The register of the open workbook as the task pane shows it."""
    today = today or dt.date.today()
    raw = book.table(REGISTER)
    if raw is None:
        raise UnusableInput(
            "Arbetsboken har inget omgångsregister (bladet Omgång). Det skapas av prognos utskick "
            "--master-ut eller av den första sammanställningen."
        )
    found, _ = match_columns(REGISTER, raw.headers)
    rows = read_register(raw)
    units = []
    for reg in rows:
        state = register_state(reg)
        units.append(
            {
                "verksamhetsomrade": reg.omrade,
                "lage": state,
                "lage_nyckel": STATE_KEYS.get(state, "okand"),
                "beslut": reg.beslut,
                "beslut_oforstatt": reg.beslut_text or None,  # typed, but not one of the three words
                "kommentar": reg.kommentar or None,
                "beslutsdatum": reg.beslutsdatum.isoformat() if reg.beslutsdatum else None,
                "skickad": reg.skickad.isoformat(sep=" ") if reg.skickad else None,
                "inkommen": reg.inkommen.isoformat(sep=" ") if reg.inkommen else None,
                "fil": reg.inkommen_fil or None,
                "valideringsstatus": reg.status or None,
                "har_fel": reg.status == FELSTATUS,
                "fel": reg.fel,
                "sammanstalld": reg.sammanstalld or None,
                "paminn": state in (SAKNAS, ATER_VANTAR),
                # the unit's own cell too: the pane checks the row is still the unit's before it writes
                "celler": {key: _address(raw, reg.row, key, found) for key in ("omrade", *ECONOMIST_KEYS)},
            }
        )
    deadlines = sorted({r.svar_senast for r in rows if r.svar_senast})
    deadline = deadlines[0] if deadlines else None
    remind = [u["verksamhetsomrade"] for u in units if u["paminn"]]
    text = f"{count_text(len(units), 'enhet', 'enheter')}; påminn {len(remind)}" + (
        f" (svar senast {deadline.isoformat()})." if deadline else "."
    )
    return {
        "version": 1,
        "omgang": next((r.omgang for r in rows if r.omgang), ""),
        "idag": today.isoformat(),
        "svar_senast": deadline.isoformat() if deadline else None,
        "paminn": remind,
        "beslutsord": {"godkann": GODKAND, "skicka_tillbaka": ATER},  # what the pane writes in Beslut
        "enheter": units,
        "text": text,
    }


def default_round_name(book: Any) -> str:
    """The round's name when the ribbon gives none: the register's, else Inställningar's Omgång,
    else the name utskick gives from År and Period ("Delår 1 2023")."""
    rows = read_register(book.table(REGISTER))
    name = next((r.omgang for r in rows if r.omgang), "")
    if name:
        return name
    settings = SettingsTable(book.table(INSTALLNINGAR))
    named = settings.get(EXTRA_SETTINGS["omgang"])
    if named is not None and isinstance(named[0], str) and named[0].strip():
        return named[0].strip()
    core = settings.core()
    ar, period = year_of(core.get("ar", (None, ""))[0]), period_of(core.get("period", (None, ""))[0])
    if ar is None or period is None:
        raise UnusableInput("Omgångens namn går inte att ta fram: Inställningar saknar År eller Period.")
    return default_omgang(ar, period)


def _append(
    live: Any,
    raw: RawTable | None,
    spec: TableSpec,
    headers: dict[str, str],
    found: dict[str, int],
    rows: list[dict[str, Any]],
) -> int:
    """``rows`` (key -> value) below the table ``spec`` of the open book (its columns at
    ``found``), or on a new sheet with that table; a column of ``headers`` (key -> header) the
    table lacks is added at its right edge. The first new row."""
    xb = live.book
    keys = list(headers)
    if raw is None:
        sheet = xb.sheets.add(spec.sheet, after=xb.sheets[len(xb.sheets) - 1])
        values = [list(headers.values())] + [[_cell(r.get(k)) for k in keys] for r in rows]
        sheet.range((1, 1)).value = values
        sheet.tables.add(sheet.range((1, 1), (len(values), len(keys))), name=spec.name)
        live.calls += 3
        return 2
    sheet = xb.sheets[raw.sheet]
    found = dict(found)
    width = len(raw.headers)
    extra = [k for k in keys if k not in found]
    if extra:
        sheet.range((raw.first_row, raw.first_col + width)).value = [[headers[k] for k in extra]]
        found.update({k: width + i for i, k in enumerate(extra)})
        width += len(extra)
        live.calls += 1
    first = max(raw.row_numbers, default=raw.first_row) + 1
    by_pos = {pos: key for key, pos in found.items() if key in keys}
    sheet.range((first, raw.first_col)).value = [
        [_cell(r.get(by_pos[p])) if p in by_pos else None for p in range(width)] for r in rows
    ]
    live.calls += 1
    if raw.from_table:
        last = first + len(rows) - 1
        table = next(t for t in sheet.tables if t.name.lower() == spec.name.lower())
        table.resize(sheet.range((raw.first_row, raw.first_col), (last, raw.first_col + width - 1)))
        live.calls += 1
    return first


def _cell(value: Any) -> Any:
    """A value as the open book takes it: dates as ISO text Excel reads as dates."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def faststall_open_book(
    live: Any, omgang: str, datum: dt.date, user: str, when: dt.datetime | None = None
) -> dict[str, Any]:
    """Fastställ on the open workbook (the ribbon button): the rows of ``prognos faststall``
    below Prognoshistorik and a row per cell in Ändringslogg. Raises ``AlreadySettled`` or
    ``MasterHasErrors`` before anything is written."""
    entries, raw = settle(live, omgang, datum, getattr(live.book, "name", ""))
    log_raw = live.table(LOG)
    found = history_columns(raw.headers) if raw is not None else {}
    first = _append(live, raw, PROGNOSHISTORIK, {k: header(k) for k in KEYS}, found, [e.values() for e in entries])
    when = (when or dt.datetime.now()).replace(microsecond=0)
    name = entries[0].omgang if entries else round_name(omgang, datum.year)
    column = column_letters(raw.first_col + found["prognos"] if raw is not None else KEYS.index("prognos") + 1)
    sheet = raw.sheet if raw is not None else PROGNOSHISTORIK.sheet
    log = [
        LogRow(
            when,
            user,
            name,
            FASTSTALLD,
            omrade=e.omrade,
            falt=f"{e.typ}, Prognos",
            cell=f"{sheet}!{column}{first + i}",
            efter=e.prognos,
        )
        for i, e in enumerate(entries)
    ]
    chain(log, read_log(log_raw).last)
    log_found = match_columns(LOG, log_raw.headers)[0] if log_raw is not None else {}
    _append(
        live,
        log_raw,
        LOG,
        {c.key: c.header for c in LOG.columns},
        log_found,
        [dict(zip(LOG_KEYS, row.values())) for row in log],
    )
    return {"omgang": name, "ar": entries[0].ar if entries else datum.year, "rader": len(entries), "forsta_rad": first}
