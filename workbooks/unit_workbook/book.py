"""One unit's workbook for a forecast round (``prognos utskick``), following the workbook
contract, so it is itself a valid Prognos workbook:

- ``Instruktioner`` (Swedish) first;
- ``Inställningar`` (table ``Installningar``): the master's settings plus the unit's name
  (``Verksamhetsområde``) and the round (``Omgång``), and ``Svar senast`` when given;
- ``Budget`` and ``Utfall`` with the area's rows (locked);
- ``Volymer`` with the area's rows, ``Prognos volym`` and ``Prognos styckkostnad`` open;
- ``Prognos`` with one row per Typ: budget and outcome so far, the previous forecast and what
  each method gives (left), then ``Metod`` (drop-down), ``Manuell prognos`` (left empty, so
  the chosen method counts), the forecast and its deviation against budget as live formulas
  (``forecast_formulas``), and ``Kommentar``;
- ``Orsaker``, ``Åtgärder`` and ``Texter`` with the area's rows of the master's tables open and
  empty rows for the unit's own (``own_words_sheets``);
- a very hidden sheet ``_Utskick`` with the round's metadata, the list of units in the round
  and the original value of every locked cell, so ``prognos validera`` can tell which unit
  sent a file and which locked cell was changed.

Which columns the unit fills in is ``validation.round.unit_tables``. Every sheet is
protected (no password unless one is given) and the workbook structure is locked.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from udfs.language.vocabulary import MONTH_HEADERS, MONTH_NAMES
from validation.contract import VOLYMER
from validation.round.submission import (
    META_KEYS,
    ORIGINALS_HEADER_ROW,
    P_ENHET,
    P_OMGANG,
    P_SVAR_SENAST,
    UTSKICK_SHEET,
    UTSKICK_VERSION,
    checksum,
)
from validation.round.unit_tables import VOLYMER_INPUTS
from workbooks.books.sheet_spec import FORMATS
from workbooks.unit_workbook import forecast_formulas as ff
from workbooks.unit_workbook import instructions, own_words_sheets, prognos_sheet
from workbooks.unit_workbook.cells import UnitSheet, originals_json, plain_number, protect, text_cell

CHUNK = 30_000  # characters per cell of the originals (Excel allows 32 767)


@dataclass(frozen=True)
class Round:
    """What every unit workbook of one send-out shares."""

    units: list[str]
    omgang: str
    inputs: Any  # validation Inputs of the master
    prognos: dict  # (area, typ) -> the master's entries (send_out.MasterEntries)
    volymer: tuple[list[str], dict[str, list[list[Any]]]] | None
    choices: dict  # (area, typ) -> (auto method, Volym figure or None), from the engine
    svar_senast: dt.date | None
    kontakt: str | None
    password: str | None
    created: str
    own_words: own_words_sheets.OwnRows = field(default_factory=dict)  # the master's Orsaker, Texter, Åtgärder

    @property
    def amount_format(self) -> str:
        return amount_format(self.inputs.settings.enhet)


def amount_format(enhet: str) -> str:
    """The report's own formats: Swedish whatever the machine's locale ("−1 234", "38,3")."""
    return FORMATS["mnkr"] if enhet == "mnkr" else FORMATS["belopp"]


def typed(settings: Any, typ: str) -> int:
    """1 or −1: from Prognos' signs (revenue +, cost −) to the master's own (Inställningar
    Kostnader/Intäkter), so a unit workbook is written as its master is."""
    if (typ == "Kostnader" and settings.kostnader == "positiva") or (
        typ == "Intäkter" and settings.intakter == "negativa"
    ):
        return -1
    return 1


def unit_workbook(unit: str, rnd: Round) -> Workbook:
    s = rnd.inputs.settings
    originals: dict[str, dict[tuple[int, int], Any]] = {}
    wb = Workbook()
    instr = wb.active
    instr.title = "Instruktioner"
    volumes = rnd.volymer is not None and bool(rnd.volymer[1].get(unit))
    instructions.write(instr, instructions.lines(unit, rnd.omgang, s, rnd.svar_senast, rnd.kontakt, volumes))
    _settings_sheet(wb, originals, unit, rnd)
    budget_cols = _budget_sheet(wb, originals, unit, rnd.inputs)
    utfall_cols, utfall = _utfall_sheet(wb, originals, unit, rnd.inputs)
    if volumes:
        _volume_sheet(wb, originals, rnd.volymer[0], rnd.volymer[1][unit])
    src = ff.SourceColumns(**utfall_cols, **budget_cols)
    budget = rnd.inputs.budget[rnd.inputs.budget["omrade"] == unit]
    references = prognos_sheet.references(unit, budget, utfall, s)
    prognos_sheet.write(wb, originals, unit, rnd, src, references, lambda typ: typed(s, typ))
    own_words_sheets.write_sheets(wb, originals, unit, rnd.own_words, rnd.amount_format)
    for ws in wb.worksheets:
        protect(ws, rnd.password)
    _hidden_sheet(wb, originals, unit, rnd, references)
    wb.security = WorkbookProtection(lockStructure=True)
    if rnd.password:
        wb.security.workbookPassword = rnd.password
    wb.active = 0
    wb.properties.creator = "Prognos"
    wb.properties.title = f"{rnd.omgang}: {unit}"
    return wb


def _settings_sheet(wb: Workbook, originals: dict, unit: str, rnd: Round) -> None:
    s = rnd.inputs.settings
    rows = [
        ["Nämnd", s.namnd, "Nämnden som prognosen gäller."],
        ["År", s.ar, "Budgetåret."],
        ["Period", s.period, f"Senast stängda månad: utfallet gäller t.o.m. {MONTH_NAMES[s.period - 1]}."],
        ["Enhet", s.enhet, "Enhet för alla belopp (kr, tkr eller mnkr)."],
        ["Balansgräns", s.balansgrans, "Andel av budget under vilken avvikelsen räknas som budget i balans."],
        ["Kostnader", s.kostnader, "Hur kostnader skrivs: negativa (med minustecken) eller positiva."],
        *(
            [["Intäkter", s.intakter, "Hur intäkter skrivs: positiva eller negativa (med minustecken)."]]
            if s.intakter != "positiva"
            else []
        ),
        [P_ENHET, unit, "Enheten som arbetsboken skickades till. Ändra inte."],
        [P_OMGANG, rnd.omgang, "Prognosomgången. Ändra inte."],
    ]
    if rnd.svar_senast:
        rows.append([P_SVAR_SENAST, rnd.svar_senast, "Sista dag att skicka tillbaka arbetsboken."])
    sheet = UnitSheet(wb, "Inställningar", originals)
    sheet.table("Installningar", ["Parameter", "Värde", "Förklaring"], rows, widths={"Värde": 34, "Förklaring": 70})
    sheet.ws["B6"].number_format = "0.0%"
    if rnd.svar_senast:
        sheet.ws[f"B{len(rows) + 1}"].number_format = FORMATS["datum"]


def _budget_sheet(wb: Workbook, originals: dict, unit: str, inputs: Any) -> dict[str, Any]:
    s = inputs.settings
    budget = inputs.budget[inputs.budget["omrade"] == unit]
    with_activity = inputs.budget["verksamhet"].notna().any()
    headers = ["Verksamhetsområde"] + (["Verksamhet"] if with_activity else []) + ["Typ", "Budget"]
    if inputs.periodised:
        headers += list(MONTH_HEADERS)
    rows = []
    for rec in budget.itertuples(index=False):
        f = typed(s, rec.typ)
        row = [rec.omrade] + ([rec.verksamhet] if with_activity else []) + [rec.typ, plain_number(f * rec.budget)]
        if inputs.periodised:
            row += [plain_number(f * getattr(rec, f"m{i}")) for i in range(1, 13)]
        rows.append(row)
    amount = amount_format(s.enhet)
    UnitSheet(wb, "Budget", originals).table(
        "Budget",
        headers,
        rows,
        formats={h: amount for h in ["Budget", *MONTH_HEADERS]},
        widths={"Verksamhetsområde": 34, "Verksamhet": 28},
    )
    return {
        "budget_typ": headers.index("Typ") + 1,
        "budget_last": len(rows) + 1,
        "budget_first_month": headers.index("Jan") + 1 if inputs.periodised else None,
    }


def _utfall_sheet(wb: Workbook, originals: dict, unit: str, inputs: Any) -> tuple[dict[str, int], Any]:
    s = inputs.settings
    utfall = inputs.utfall[inputs.utfall["omrade"] == unit].sort_values(["typ", "ar", "manad"], kind="stable")
    with_activity = inputs.utfall["verksamhet"].notna().any()
    headers = ["Verksamhetsområde"] + (["Verksamhet"] if with_activity else []) + ["Typ", "År", "Månad", "Belopp"]
    rows = [
        [rec.omrade]
        + ([rec.verksamhet] if with_activity else [])
        + [rec.typ, int(rec.ar), int(rec.manad), plain_number(typed(s, rec.typ) * rec.belopp)]
        for rec in utfall.itertuples(index=False)
    ]
    UnitSheet(wb, "Utfall", originals).table(
        "Utfall",
        headers,
        rows,
        formats={"Belopp": amount_format(s.enhet)},
        widths={"Verksamhetsområde": 34, "Verksamhet": 28},
    )
    columns = {
        f"utfall_{key}": headers.index(header) + 1
        for key, header in (("typ", "Typ"), ("ar", "År"), ("manad", "Månad"), ("belopp", "Belopp"))
    }
    return {**columns, "utfall_last": len(rows) + 1}, utfall


def _volume_sheet(wb: Workbook, originals: dict, headers: list[str], rows: list[list[Any]]) -> None:
    """The area's Volymer rows; the prognosis columns open (added when the master lacks them)."""
    headers = list(headers)
    rows = [list(r) for r in rows]
    for header in VOLYMER_INPUTS.input_headers:
        if header not in headers:
            headers.append(header)
            for row in rows:
                row.append(None)
    sheet = UnitSheet(wb, "Volymer", originals)
    sheet.table(
        "Volymer",
        headers,
        rows,
        inputs=VOLYMER_INPUTS.input_headers,
        widths={"Verksamhetsområde": 34, VOLYMER.column("volymmatt").header: 40},
    )
    last = max(2, len(rows) + 1)
    for header in VOLYMER_INPUTS.input_headers:
        col = get_column_letter(headers.index(header) + 1)
        dv = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=header,
            error=f"{header}: skriv ett tal (0 eller mer), eller lämna tomt om du inte vet.",
            showInputMessage=True,
            promptTitle=header,
            prompt=f"{header} för helåret. Tomt = okänt.",
        )
        sheet.ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")


def _hidden_sheet(wb: Workbook, originals: dict, unit: str, rnd: Round, references: dict) -> None:
    """_Utskick: metadata and originals, very hidden and protected."""
    s = rnd.inputs.settings
    meta = {
        "Version": UTSKICK_VERSION,
        "Verksamhetsområde": unit,
        "Omgång": rnd.omgang,
        "Nämnd": s.namnd,
        "År": s.ar,
        "Period": s.period,
        "Enhet": s.enhet,
        "Enheter": json.dumps(rnd.units, ensure_ascii=False),
        "Referens": json.dumps(references, ensure_ascii=False),
        "Skapad": rnd.created,
    }
    stored = originals_json(originals)
    meta["Kontrollsumma"] = checksum(meta, stored)
    hidden = wb.create_sheet(UTSKICK_SHEET)
    hidden["A1"] = "Prognos utskick: används av prognos validera. Ändra inte."
    for r, key in enumerate(META_KEYS, start=2):
        hidden.cell(row=r, column=1, value=key)
        text_cell(hidden.cell(row=r, column=2), meta[key])
    hidden.cell(row=ORIGINALS_HEADER_ROW, column=1, value="Blad")
    hidden.cell(row=ORIGINALS_HEADER_ROW, column=2, value="Låsta cellers värden (JSON)")
    for r, (sheet, text) in enumerate(stored.items(), start=ORIGINALS_HEADER_ROW + 1):
        hidden.cell(row=r, column=1, value=sheet)
        for c, start in enumerate(range(0, len(text), CHUNK), start=2):
            text_cell(hidden.cell(row=r, column=c), text[start : start + CHUNK])
    hidden.sheet_state = "veryHidden"
    protect(hidden, rnd.password)
