"""Per-unit workbooks sent out before a forecast round: ``prognos utskick MASTER.xlsx -o MAPP/``.

One workbook per Verksamhetsområde of the master's ``Budget``, following the workbook
contract, so it is itself a valid Prognos workbook:

- ``Instruktioner`` (Swedish) first;
- ``Inställningar`` (table ``Installningar``): the master's settings plus the unit's name
  (``Verksamhetsområde``) and the round (``Omgång``), and ``Svar senast`` when given;
- ``Budget`` and ``Utfall`` with the area's rows (locked);
- ``Prognos`` with one row per Typ: ``Metod`` (drop-down), ``Manuell prognos`` and
  ``Kommentar`` unlocked and shaded, everything else locked; ``Föregående prognos``,
  ``Budget helår`` and ``Utfall t.o.m. period`` as information;
- a very hidden sheet ``_Utskick`` with the round's metadata, the list of units in the
  round and the original value of every locked cell, so ``prognos validera`` can tell
  which unit sent a file and which locked cell was changed.

Every sheet is protected (no password unless one is given) and the workbook structure is
locked, so sheets cannot be added, renamed or unhidden.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from udfs.language.vocabulary import (
    METODER,
    MONTH_HEADERS,
    MONTH_NAMES,
    TYPER,
    canonical_metod,
    canonical_typ,
    normalize,
    slug,
    suggest,
)
from validation.contract import PROGNOS, VOLYMER, join_or, match_columns
from validation.findings import Finding
from validation.forecast_tables.inputs import Inputs, read_inputs
from validation.reader import area_lookup
from validation.round.submission import (
    INPUT_HEADERS,
    META_KEYS,
    ORIGINALS_HEADER_ROW,
    P_ENHET,
    P_OMGANG,
    P_SVAR_SENAST,
    UTSKICK_SHEET,
    UTSKICK_VERSION,
    canon,
    checksum,
)
from validation.raw_table import UnusableInput
from workbooks.books.xlsx_book import XlsxBook
from workbooks.books.cell_text import set_value
from workbooks.books.atomic import write_atomically
from workbooks.books import palette

INPUT_FILL = PatternFill("solid", fgColor=palette.INPUT_FILL)
HEADER_FONT = Font(bold=True)
MAX_KOMMENTAR = 1000


class MasterInvalid(Exception):
    """The master workbook has validation errors; nothing is sent out."""

    def __init__(self, findings: list[Finding]):
        super().__init__("mastern har valideringsfel")
        self.findings = findings


@dataclass
class UtskickResult:
    folder: Path
    omgang: str
    files: dict[str, Path] = field(default_factory=dict)  # unit -> file


# --- helpers ------------------------------------------------------------------------------
def default_omgang(ar: int, period: int) -> str:
    """The round's name from year and period: Delår 1 after April, Delår 2 after August."""
    if period == 4:
        return f"Delår 1 {ar}"
    if period == 8:
        return f"Delår 2 {ar}"
    if period == 12:
        return f"Bokslut {ar}"
    return f"Prognos {MONTH_NAMES[period - 1]} {ar}"


def file_name(ar: int, period: int, unit: str) -> str:
    return f"prognos_{ar}_p{period:02d}_{slug(unit)}.xlsx"


CHUNK = 30_000  # characters per cell (Excel allows 32 767)


def json_value(value: Any) -> Any:
    """A cell value as stored in the originals: numbers and text as is, empty as "", dates tagged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if isinstance(value, (dt.date, dt.datetime)):
        return {"datum": canon(value)}
    return str(value)


class Unlocked:
    """An input cell in the originals, with the value it was sent out with."""

    def __init__(self, value: Any):
        self.value = value


def originals_json(originals: dict[str, dict[tuple[int, int], Any]]) -> dict[str, str]:
    """Per sheet: {"ref": "A1", "rows": [[value, …], …], "inputs": {"C2": value, …}} as compact JSON.

    The block runs from A1 to the last written cell; every cell in it is locked except the
    input cells, stored as null in "rows" and with their sent-out value in "inputs". Empty
    locked cells are stored as "".
    """
    out = {}
    for sheet, cells in originals.items():
        height = max(r for r, _c in cells)
        width = max(c for _r, c in cells)
        rows = [["" for _ in range(width)] for _ in range(height)]
        inputs = {}
        for (r, c), value in cells.items():
            if isinstance(value, Unlocked):
                rows[r - 1][c - 1] = None
                inputs[f"{get_column_letter(c)}{r}"] = json_value(value.value)
            else:
                rows[r - 1][c - 1] = json_value(value)
        block: dict[str, Any] = {"ref": "A1", "rows": rows}
        if inputs:
            block["inputs"] = inputs  # the input cells' values as sent out
        out[sheet] = json.dumps(block, ensure_ascii=False, separators=(",", ":"))
    return out


# --- the master ------------------------------------------------------------------------------
@dataclass
class _PrognosInput:
    metod: Any = None
    manuell: Any = None
    kommentar: Any = None
    foregaende: Any = None


def _master_prognos(book: XlsxBook, areas: list[str]) -> dict[tuple[str, str], _PrognosInput]:
    """The master's Prognos rows by (area, typ), raw values (comments keep their line breaks)."""
    raw = book.table(PROGNOS)
    out: dict[tuple[str, str], _PrognosInput] = {}
    if raw is None:
        return out
    found, _ = match_columns(PROGNOS, raw.headers)
    if "omrade" not in found or "typ" not in found:
        return out
    by_norm = area_lookup(areas)
    for values in raw.rows:
        area = by_norm.get(normalize(values[found["omrade"]]))
        typ = canonical_typ(values[found["typ"]])
        if area is None or typ not in TYPER or (area, typ) in out:
            continue
        get = lambda key: values[found[key]] if key in found else None  # noqa: E731
        metod = canonical_metod(get("metod"))
        out[(area, typ)] = _PrognosInput(metod if metod in METODER else None,
                                         get("manuell"), get("kommentar"), get("foregaende"))
    return out


def _master_volymer(book: XlsxBook, areas: list[str]) -> tuple[list[str], dict[str, list[list[Any]]]] | None:
    """The master's Volymer table (headers, rows per area), values as read; None without one."""
    raw = book.table(VOLYMER)
    if raw is None:
        return None
    found, _ = match_columns(VOLYMER, raw.headers)
    if "omrade" not in found:
        return None
    width = max((i + 1 for i, h in enumerate(raw.headers) if h not in (None, "")), default=0)
    headers = [str(h) if h not in (None, "") else f"Kolumn{i + 1}" for i, h in enumerate(raw.headers[:width])]
    by_norm = area_lookup(areas)
    rows: dict[str, list[list[Any]]] = {}
    for values in raw.rows:
        area = by_norm.get(normalize(values[found["omrade"]]))
        if area is not None:
            rows.setdefault(area, []).append([_num(v) if isinstance(v, float) else v for v in values[:width]])
    return headers, rows


def read_master(master: Path) -> tuple[XlsxBook, Inputs]:
    book = XlsxBook(master)
    inputs, findings = read_inputs(book, master.name)
    if inputs is None:
        raise MasterInvalid([f for f in findings if f.is_error])
    return book, inputs


# --- writing one unit's workbook ---------------------------------------------------------------
class _Sheet:
    """Writes a table at A1 and remembers every locked cell's value."""

    def __init__(self, wb: Workbook, title: str, originals: dict[str, dict[tuple[int, int], Any]]):
        self.ws = wb.create_sheet(title)
        self.cells = originals.setdefault(title, {})

    def table(self, name: str, headers: list[str], rows: list[list[Any]], *, inputs: tuple[str, ...] = (),
              formats: dict[str, str] | None = None, widths: dict[str, float] | None = None) -> None:
        ws, formats, widths = self.ws, formats or {}, widths or {}
        input_cols = {headers.index(h) + 1 for h in inputs if h in headers}
        for c, header in enumerate(headers, start=1):
            cell = ws.cell(row=1, column=c, value=header)
            cell.font = HEADER_FONT
            self.cells[(1, c)] = header
            ws.column_dimensions[get_column_letter(c)].width = widths.get(header, max(12.0, len(header) * 1.2 + 4))
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c)
                set_value(cell, value)
                header = headers[c - 1]
                if header in formats:
                    cell.number_format = formats[header]
                if c in input_cols:
                    self.cells[(r, c)] = Unlocked(value)
                    cell.protection = Protection(locked=False)
                    cell.fill = INPUT_FILL
                    if header == "Kommentar":
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    self.cells[(r, c)] = value
        last = max(2, len(rows) + 1)
        if not rows:  # a table needs a data row
            for c in range(1, len(headers) + 1):
                self.cells[(2, c)] = None
        table = Table(displayName=name, name=name, ref=f"A1:{get_column_letter(len(headers))}{last}")
        table.tableStyleInfo = TableStyleInfo(name=palette.TABLE_STYLE, showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = "A2"



def _protect(ws, password: str | None) -> None:
    prot = ws.protection
    prot.sheet = True
    prot.formatColumns = False  # columns may be widened
    prot.formatRows = False
    prot.autoFilter = False
    if password:
        prot.password = password


def _amount_format(enhet: str) -> str:
    return "#,##0.0;-#,##0.0;0" if enhet == "mnkr" else "#,##0;-#,##0;0"


def _instructions(ws, unit: str, omgang: str, inputs: Inputs, svar_senast: dt.date | None, kontakt: str | None) -> None:
    s = inputs.settings
    lines: list[tuple[str, str]] = [
        ("titel", f"{omgang}: prognos för {unit}"),
        ("text", f"{s.namnd}. Utfallet gäller {MONTH_NAMES[0]}–{MONTH_NAMES[s.period - 1]} {s.ar} (period {s.period}). "
                 f"Belopp i {s.enhet}."),
    ]
    if svar_senast:
        lines.append(("text", f"Skicka tillbaka arbetsboken senast {svar_senast.isoformat()}."))
    if kontakt:
        lines.append(("text", f"Frågor: {kontakt}."))
    lines += [
        ("rubrik", "Det här fyller du i"),
        ("text", "Bara de gula cellerna på bladet Prognos går att ändra: Metod, Manuell prognos och Kommentar, "
                 "en rad för Intäkter och en för Kostnader. Allt annat är låst."),
        ("text", "Metod: välj i listan hur helårsprognosen ska räknas: Linjär (utfall hittills / månader × 12), "
                 "Säsong (som föregående års fördelning över året), Budgetprofil (utfall hittills + återstående "
                 "budget) eller Manuell. Lämnar du Metod tom väljer Prognos den metod som hade träffat bäst förra året."),
        ("text", f"Manuell prognos: din egen helårsprognos i {s.enhet}. Ett ifyllt belopp gäller alltid, oavsett metod. "
                 + _sign_text(s)),
        ("text", f"Kommentar: förklara avvikelsen mot budget med egna ord (högst {MAX_KOMMENTAR} tecken). "
                 "Kommentaren följer med till nämndens avvikelsetabell."),
        ("rubrik", "Att tänka på"),
        ("text", f"Skriv belopp som tal, inte som text, och i {s.enhet} (inte i kronor). Skriv inga summarader och inga "
                 "kommentarer i beloppscellerna. Lämna Manuell prognos tom om du inte har någon egen prognos."),
        ("text", "Byt inte namn på filen och ändra inte bladen Inställningar, Budget och Utfall: filnamnet och "
                 "inställningarna visar vilken enhet som har skickat arbetsboken, och ändrade låsta celler gör att "
                 "inlämningen inte kan sammanställas."),
        ("text", "Bladen Budget och Utfall visar enhetens budget och bokförda utfall som underlag. Kolumnerna "
                 "Budget helår och Utfall t.o.m. period på bladet Prognos är samma siffror summerade."),
        ("rubrik", "När du är klar"),
        ("text", "Spara arbetsboken (som Excel-arbetsbok, .xlsx) och skicka tillbaka den till ekonomen. "
                 "Ekonomen kontrollerar alla enheters arbetsböcker med Prognos och för in era prognoser i nämndens "
                 "sammanställning."),
    ]
    ws.column_dimensions["A"].width = 100
    ws.sheet_view.showGridLines = False
    for r, (kind, text) in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind == "titel":
            cell.font = Font(bold=True, size=14)
        elif kind == "rubrik":
            cell.font = Font(bold=True, size=12)
        else:
            ws.row_dimensions[r].height = 15 * max(1, -(-len(text) // 105)) + 3


def _unit_workbook(unit: str, units: list[str], omgang: str, inputs: Inputs, prognos_in: dict,
                   volymer: tuple[list[str], dict[str, list[list[Any]]]] | None, *,
                   svar_senast: dt.date | None, kontakt: str | None, password: str | None,
                   created: str) -> Workbook:
    s = inputs.settings
    amount = _amount_format(s.enhet)
    originals: dict[str, dict[tuple[int, int], Any]] = {}
    wb = Workbook()
    instr = wb.active
    instr.title = "Instruktioner"
    _instructions(instr, unit, omgang, inputs, svar_senast, kontakt)

    # Inställningar
    settings = _Sheet(wb, "Inställningar", originals)
    rows = [
        ["Nämnd", s.namnd, "Nämnden som prognosen gäller."],
        ["År", s.ar, "Budgetåret."],
        ["Period", s.period, f"Senast stängda månad: utfallet gäller t.o.m. {MONTH_NAMES[s.period - 1]}."],
        ["Enhet", s.enhet, "Enhet för alla belopp (kr, tkr eller mnkr)."],
        ["Balansgräns", s.balansgrans, "Andel av budget under vilken avvikelsen räknas som budget i balans."],
        ["Kostnader", s.kostnader, "Hur kostnader skrivs: negativa (med minustecken) eller positiva."],
        *([["Intäkter", s.intakter, "Hur intäkter skrivs: positiva eller negativa (med minustecken)."]]
          if s.intakter != "positiva" else []),
        [P_ENHET, unit, "Enheten som arbetsboken skickades till. Ändra inte."],
        [P_OMGANG, omgang, "Prognosomgången. Ändra inte."],
    ]
    if svar_senast:
        rows.append([P_SVAR_SENAST, svar_senast, "Sista dag att skicka tillbaka arbetsboken."])
    settings.table("Installningar", ["Parameter", "Värde", "Förklaring"], rows, widths={"Värde": 34, "Förklaring": 70})
    settings.ws["B6"].number_format = "0.0%"
    if svar_senast:
        settings.ws[f"B{len(rows) + 1}"].number_format = "yyyy-mm-dd"

    # Budget
    budget = inputs.budget[inputs.budget["omrade"] == unit]
    with_activity = inputs.budget["verksamhet"].notna().any()
    headers = ["Verksamhetsområde"] + (["Verksamhet"] if with_activity else []) + ["Typ", "Budget"]
    if inputs.periodised:
        headers += list(MONTH_HEADERS)
    rows = []
    for rec in budget.itertuples(index=False):
        f = _typed(s, rec.typ)
        row = [rec.omrade] + ([rec.verksamhet] if with_activity else []) + [rec.typ, _num(f * rec.budget)]
        if inputs.periodised:
            row += [_num(f * getattr(rec, f"m{i}")) for i in range(1, 13)]
        rows.append(row)
    _Sheet(wb, "Budget", originals).table("Budget", headers, rows, formats={h: amount for h in ["Budget", *MONTH_HEADERS]},
                                          widths={"Verksamhetsområde": 34, "Verksamhet": 28})

    # Utfall (long form)
    utfall = inputs.utfall[inputs.utfall["omrade"] == unit].sort_values(["typ", "ar", "manad"], kind="stable")
    u_activity = inputs.utfall["verksamhet"].notna().any()
    headers = ["Verksamhetsområde"] + (["Verksamhet"] if u_activity else []) + ["Typ", "År", "Månad", "Belopp"]
    rows = [[rec.omrade] + ([rec.verksamhet] if u_activity else [])
            + [rec.typ, int(rec.ar), int(rec.manad), _num(_typed(s, rec.typ) * rec.belopp)]
            for rec in utfall.itertuples(index=False)]
    _Sheet(wb, "Utfall", originals).table("Utfall", headers, rows, formats={"Belopp": amount},
                                          widths={"Verksamhetsområde": 34, "Verksamhet": 28})

    # Volymer (as information, so the method Volym works in the unit's workbook)
    if volymer is not None and volymer[1].get(unit):
        v_headers, v_rows = volymer[0], volymer[1][unit]
        _Sheet(wb, "Volymer", originals).table("Volymer", v_headers, v_rows, widths={"Verksamhetsområde": 34})

    # Prognos
    headers = [PROGNOS.column("omrade").header, PROGNOS.column("typ").header, *INPUT_HEADERS,
               PROGNOS.column("foregaende").header, "Budget helår", "Utfall t.o.m. period"]
    rows = []
    current = utfall[(utfall["ar"] == s.ar) & (utfall["manad"] <= s.period)]
    previous = utfall[utfall["ar"] == s.ar - 1]
    references = {typ: {"budget": _num(budget.loc[budget["typ"] == typ, "budget"].sum()),
                        "hittills": _num(current.loc[current["typ"] == typ, "belopp"].sum()),
                        "fg": _num(previous.loc[previous["typ"] == typ, "belopp"].sum())} for typ in TYPER}
    for typ in TYPER:
        p = prognos_in.get((unit, typ), _PrognosInput())
        rows.append([unit, typ, p.metod, _num(p.manuell), p.kommentar, _num(p.foregaende),
                     _num(_typed(s, typ) * budget.loc[budget["typ"] == typ, "budget"].sum()),
                     _num(_typed(s, typ) * current.loc[current["typ"] == typ, "belopp"].sum())])
    prognos = _Sheet(wb, "Prognos", originals)
    prognos.table("Prognos", headers, rows, inputs=INPUT_HEADERS,
                  formats={h: amount for h in ("Manuell prognos", "Föregående prognos", "Budget helår", "Utfall t.o.m. period")},
                  widths={"Verksamhetsområde": 34, "Metod": 16, "Manuell prognos": 17, "Kommentar": 60})
    last = len(rows) + 1
    method = PROGNOS.column("metod")
    unit_methods = tuple(m for m in method.values if m != "Volym")  # Volym is left out of the unit's drop-down
    metod = DataValidation(type="list", formula1='"' + ",".join(unit_methods) + '"', allow_blank=True,
                           showErrorMessage=True, errorStyle="stop", errorTitle=method.header,
                           error=f"Välj {join_or(unit_methods)} i listan (eller lämna tomt).",
                           showInputMessage=True, promptTitle=method.header, prompt=method.hint)
    manuell = DataValidation(type="decimal", operator="between", formula1="-1E+12", formula2="1E+12", allow_blank=True,
                             showErrorMessage=True, errorStyle="stop", errorTitle="Manuell prognos",
                             error=f"Skriv ett belopp i {s.enhet} som ett tal, t.ex. -12000 för en kostnad.",
                             showInputMessage=True, promptTitle="Manuell prognos",
                             prompt=f"Helårsprognos i {s.enhet}. Intäkter +, kostnader −.")
    kommentar = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(MAX_KOMMENTAR), allow_blank=True,
                               showErrorMessage=True, errorStyle="stop", errorTitle="Kommentar",
                               error=f"Kommentaren får vara högst {MAX_KOMMENTAR} tecken.")
    for dv, col in ((metod, "C"), (manuell, "D"), (kommentar, "E")):
        prognos.ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    for r in range(2, last + 1):
        prognos.ws.row_dimensions[r].height = 45

    for ws in wb.worksheets:
        _protect(ws, password)

    # _Utskick: metadata and originals, very hidden
    meta = {
        "Version": UTSKICK_VERSION, "Verksamhetsområde": unit, "Omgång": omgang, "Nämnd": s.namnd, "År": s.ar,
        "Period": s.period, "Enhet": s.enhet, "Enheter": json.dumps(units, ensure_ascii=False),
        "Referens": json.dumps(references, ensure_ascii=False), "Skapad": created,
    }
    stored = originals_json(originals)
    meta["Kontrollsumma"] = checksum(meta, stored)
    hidden = wb.create_sheet(UTSKICK_SHEET)
    hidden["A1"] = "Prognos utskick: används av prognos validera. Ändra inte."
    for r, key in enumerate(META_KEYS, start=2):
        hidden.cell(row=r, column=1, value=key)
        set_value(hidden.cell(row=r, column=2), meta[key])
    hidden.cell(row=ORIGINALS_HEADER_ROW, column=1, value="Blad")
    hidden.cell(row=ORIGINALS_HEADER_ROW, column=2, value="Låsta cellers värden (JSON)")
    for r, (sheet, text) in enumerate(stored.items(), start=ORIGINALS_HEADER_ROW + 1):
        hidden.cell(row=r, column=1, value=sheet)
        for c, start in enumerate(range(0, len(text), CHUNK), start=2):
            set_value(hidden.cell(row=r, column=c), text[start:start + CHUNK])
    hidden.sheet_state = "veryHidden"
    _protect(hidden, password)

    wb.security = WorkbookProtection(lockStructure=True)
    if password:
        wb.security.workbookPassword = password
    wb.active = 0
    wb.properties.creator = "Prognos"
    wb.properties.title = f"{omgang}: {unit}"
    return wb


def _sign_text(s: Any) -> str:
    revenue = "negativa (med minustecken)" if s.intakter == "negativa" else "positiva"
    costs = "positiva (utan minustecken)" if s.kostnader == "positiva" else "negativa (med minustecken)"
    return f"Intäkter skrivs som {revenue} belopp och kostnader som {costs}."


def _typed(settings: Any, typ: str) -> int:
    """1 or −1: from Prognos' signs (revenue +, cost −) to the master's own (Inställningar
    Kostnader/Intäkter), so a unit workbook is written as its master is."""
    if (typ == "Kostnader" and settings.kostnader == "positiva") or (typ == "Intäkter" and settings.intakter == "negativa"):
        return -1
    return 1


def _num(value: Any) -> Any:
    """Plain Python numbers for openpyxl; whole floats as int; NaN/None as empty."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if number != number:  # NaN
        return None
    if not number.is_integer():
        number = round(number, 6)  # sums of one-decimal amounts: no binary tails in the sheet
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def skapa_utskick(master: Path, folder: Path, *, omgang: str | None = None, svar_senast: dt.date | None = None,
                  kontakt: str | None = None, password: str | None = None, overwrite: bool = False,
                  units: list[str] | None = None) -> UtskickResult:
    """Write one workbook per area of the master into ``folder``. The master is never modified."""
    master, folder = Path(master), Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UnusableInput(f"{folder}: är en fil. Ange en mapp med -o, t.ex. -o utskick/.")
    book, inputs = read_master(master)
    all_units = list(inputs.areas)
    chosen = all_units
    if units:
        by_norm = {normalize(a): a for a in all_units}
        unknown = [u for u in units if normalize(u) not in by_norm]
        if unknown:

            raise UnusableInput(f"{master.name}: verksamhetsområdet {unknown[0]!r} finns inte i Budget."
                                f"{suggest(unknown[0], all_units)}")
        chosen = [by_norm[normalize(u)] for u in units]
    s = inputs.settings
    omgang = omgang or default_omgang(s.ar, s.period)
    names: dict[str, str] = {}
    used: set[str] = set()
    for unit in all_units:
        name = file_name(s.ar, s.period, unit)
        stem, n = name[:-5], 2
        while name in used:
            name, n = f"{stem}-{n}.xlsx", n + 1
        used.add(name)
        names[unit] = name
    if not overwrite:
        existing = [folder / names[u] for u in chosen if (folder / names[u]).exists()]
        if existing:
            raise UnusableInput(f"{existing[0]}: filen finns redan. Välj en tom mapp eller ange --skriv-over.")
    folder.mkdir(parents=True, exist_ok=True)
    prognos_in = _master_prognos(book, all_units)
    volymer = _master_volymer(book, all_units)
    created = dt.datetime.now().replace(microsecond=0).isoformat()
    result = UtskickResult(folder, omgang)
    for unit in chosen:
        wb = _unit_workbook(unit, all_units, omgang, inputs, prognos_in, volymer, svar_senast=svar_senast, kontakt=kontakt,
                            password=password, created=created)
        target = folder / names[unit]
        if target.resolve() == master.resolve():
            raise UnusableInput(f"{target.name}: utskicket skulle skriva över mastern. Välj en annan mapp.")
        write_atomically(target, wb.save)
        result.files[unit] = target
    return result
