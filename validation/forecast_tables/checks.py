"""The contract rules over Installningar, Budget, Utfall and Prognos, and the order in which a
workbook's tables are validated (``check_inputs``); Volymer (``validation.section_tables.volumes``),
Prognoshistorik (``validation.section_tables.history``) and the economic section's tables
(``validation.section_tables.section``) read with the same ``Reader``.

Rows come out as plain records: no pandas here, so validating workbooks (``prognos validera``)
does not load it. ``validation.forecast_tables.inputs`` turns the records into the engine's frames and hands in
its ``Engine``: the ledger engine for Budget and Utfall in ledger shape (``validation/forecast_tables/ledger.py``,
on pandas) and the Utfall table's reader (the engine may read a long Utfall its own way, giving
the same findings; ``utfall_records`` serves ``prognos validera``). Utfall's rules are in
``validation.forecast_tables.utfall_rules``, the sign convention's check in ``validation.forecast_tables.signs``.

Works on ``RawTable`` objects, so it serves the file adapter and the live Excel book alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from pydantic import ValidationError

from udfs.forecasting.history import HistoryRow
from udfs.language import number_text
from udfs.language.number_format import format_as_typed, format_tal
from udfs.language.vocabulary import MANUELL, normalize, suggest
from udfs.volume.rows import VolumeRow
from validation.contract import BUDGET, INSTALLNINGAR, PROGNOS, SETTINGS_ROWS, UTFALL, TableSpec, is_ledger
from validation.findings import FEL, VARNING, Finding, grouped
from validation.forecast_tables import plausibility
from validation.forecast_tables.signs import check_sign
from validation.forecast_tables.utfall_rules import utfall_records
from validation.models import BudgetRow, PrognosRow, Settings, message_for
from validation.raw_table import RawTable
from validation.reader import INVALID, Reader, TableSource, area_lookup
from validation.section_tables.history import mal_prognossakerhet, read_prognoshistorik
from validation.section_tables.report_date import as_date, unreadable_message
from validation.section_tables.section import ReportTables, read_report_tables
from validation.section_tables.volumes import check_jumps, read_volymer, volymsprang
from validation.settings import SettingsTable, number_or_text

BUDGET_COLUMNS = ["omrade", "verksamhet", "typ", "budget", *[f"m{i}" for i in range(1, 13)], "benamning"]
UTFALL_COLUMNS = ["omrade", "verksamhet", "typ", "ar", "manad", "belopp"]
PROGNOS_COLUMNS = ["omrade", "typ", "metod", "manuell", "foregaende", "kommentar", "cell"]


class Engine(Protocol):
    """What the engine's reader hands in (``validation.forecast_tables.inputs.ENGINE``): Budget and Utfall in
    ledger shape (docs/huvudbok.md) interpreted through Kodplan and Kontoplan by the ledger
    engine, and the Utfall table read for the engine."""

    def ledgers(self, reader: Reader, settings: Settings | None, shaped: list[TableSpec]) -> LedgerBooks | None:
        """The ledger-shaped tables ``shaped`` interpreted; None when one cannot be (the
        findings say why)."""

    def ledger_budget(self, books: LedgerBooks) -> tuple[Any, bool, list[str]]:
        """Budget from the ledger: (the engine's budget, periodised, areas in order)."""

    def ledger_utfall(self, reader: Reader, books: LedgerBooks, areas: list[str], settings: Settings) -> Any:
        """Utfall from the ledger (an area Budget lacks is an error; last year's missing months
        said as for the Utfall table)."""

    def utfall(self, reader: Reader, settings: Settings, areas: list[str]) -> Any:
        """The Utfall table (not a ledger): the findings of ``utfall_records`` in the same order,
        the rows as records or as the engine's frame; None when its columns are missing."""


@dataclass
class LedgerBooks:
    huvudbok: Any = None  # validation.forecast_tables.ledger.Huvudbok
    budget: Any = None  # validation.forecast_tables.ledger.LedgerTable of Budget, None when Budget is a table
    utfall: Any = None  # the same for Utfall
    kodplan: Any = None  # udfs.ledger.kommunbas.CodePlan


@dataclass
class Checked:
    """A workbook's contract tables, validated. ``ok``: no errors, everything the engine needs is
    there. Budget and Utfall are records (``BUDGET_COLUMNS``, ``UTFALL_COLUMNS``), or what
    the ``Engine`` made of them."""

    findings: list[Finding]
    ok: bool = False
    settings: Settings | None = None
    budget: Any = None
    periodised: bool = False
    utfall: Any = None
    prognos: list[dict[str, Any]] = field(default_factory=list)  # PROGNOS_COLUMNS
    areas: list[str] = field(default_factory=list)  # in budget order
    volymer: list[VolumeRow] | None = None
    prognoshistorik: list[HistoryRow] | None = None
    mal_prognossakerhet: float = 0.01
    parts: ReportTables | None = None
    huvudbok: Any = None


def ledger_shaped(reader: Reader, spec: TableSpec) -> bool:
    raw = reader.table(spec)
    return raw is not None and is_ledger(raw.headers)


def check_inputs(source: TableSource, file: str = "", engine: Engine | None = None) -> Checked:
    """Read and validate the contract tables, in the order the findings are reported; a rule
    that fires on many cells of a table is one finding (``validation.findings.grouped``).

    Raises UnusableInput when a required table is missing altogether. A ledger-shaped Budget
    or Utfall needs the ``engine`` (``validation.forecast_tables.inputs.read_inputs`` gives it)."""
    checked = _check_inputs(source, file, engine)
    checked.findings = grouped(checked.findings)
    return checked


def _check_inputs(source: TableSource, file: str, engine: Engine | None) -> Checked:
    reader = Reader(source, file)
    # Require all three before validating any, so a missing table is reported first.
    for spec in (INSTALLNINGAR, BUDGET, UTFALL):
        reader.require(spec)
    settings = read_settings(reader)
    reader.costs_positive = settings is not None and settings.costs_positive
    reader.enhet = settings.enhet if settings is not None else "tkr"
    reader.revenue_negative = settings is not None and settings.revenue_negative
    shaped = [spec for spec in (BUDGET, UTFALL) if ledger_shaped(reader, spec)]
    books = LedgerBooks()
    if shaped:
        if engine is None:
            raise ValueError(
                "Budget or Utfall in ledger shape: validate with validation.forecast_tables.inputs.read_inputs"
            )
        books = engine.ledgers(reader, settings, shaped)
        if books is None:  # Budget or Utfall is a ledger that cannot be interpreted
            return Checked(reader.findings)
    if books.budget is not None:
        budget, periodised, areas = engine.ledger_budget(books)
    else:
        budget_read = budget_records(reader)
        if budget_read is None:
            return Checked(reader.findings)
        budget, periodised = budget_read
        areas = list(dict.fromkeys(r["omrade"] for r in budget))
    if settings is None:
        return Checked(reader.findings)
    if books.utfall is not None:
        utfall = engine.ledger_utfall(reader, books, areas, settings)
    elif engine is not None:
        utfall = engine.utfall(reader, settings, areas)
    else:
        utfall = utfall_records(reader, settings, areas)
    volymer = read_volymer(reader, areas, settings.enhet)
    volume_areas = None if volymer is None else {r.omrade for r in volymer if r.has_cost}
    prognos = check_prognos(reader, areas, volume_areas)
    if volymer:
        check_jumps(reader, volymer, settings.period, volymsprang(reader))
    historik = read_prognoshistorik(reader, areas, settings.ar)
    mal = mal_prognossakerhet(reader) if historik is not None else 0.01
    parts = read_report_tables(reader, areas, settings)
    if utfall is not None and not reader.has_errors:  # the figures compared as a controller would
        plausibility.check(reader, settings, budget, utfall, prognos, {spec.name for spec in shaped}, parts)
    return Checked(
        reader.findings,
        not reader.has_errors and utfall is not None,
        settings,
        budget,
        periodised,
        utfall,
        prognos,
        areas,
        volymer,
        historik,
        mal,
        parts,
        books.huvudbok,
    )


# --- the tables ------------------------------------------------------------------
def read_settings(reader: Reader) -> Settings | None:
    raw = reader.require(INSTALLNINGAR)
    cols = reader.columns(raw, INSTALLNINGAR)
    if cols is None:
        return None
    found, _ = cols
    p_pos = found["parameter"]
    core = SettingsTable(raw).core()
    values: dict[str, Any] = {key: value for key, (value, _cell) in core.items()}
    cells: dict[str, str] = {key: cell for key, (_value, cell) in core.items()}
    for key, (display, _syn, required, _explanation) in SETTINGS_ROWS.items():
        if required and (key not in values or values[key] in (None, "")):
            where = cells.get(key, raw.header_address(p_pos))
            reader.add(
                FEL,
                raw,
                where,
                "saknad_installning",
                f"Inställningen {display!r} saknas. Lägg till en rad med Parameter {display!r} och ett Värde.",
            )
    if "balansgrans" in values:
        values["balansgrans"] = _share(reader, raw, cells["balansgrans"], values["balansgrans"])
        if values["balansgrans"] is None:
            del values["balansgrans"]
    for key in ("ar", "period", "vasentlighetsgrans"):
        if key in values:
            values[key] = number_or_text(values[key])
    if "rapportdatum" in values:
        values["rapportdatum"] = _report_date(reader, raw, cells["rapportdatum"], values["rapportdatum"])
    if reader.has_errors:
        return None
    try:
        return Settings(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            key = error["loc"][0] if error["loc"] else ""
            reader.add(
                FEL,
                raw,
                cells.get(key, raw.header_address()),
                "ogiltig_installning",
                message_for(str(key), values.get(key)),
            )
        return None


def _report_date(reader: Reader, raw: RawTable, cell: str, value: object) -> date | None:
    """Rapportdatum as a date; one that cannot be read is a warning (the date is then today,
    said so), never silently today."""
    try:
        return as_date(value)
    except ValueError:
        reader.add(VARNING, raw, cell, "ogiltig_installning", unreadable_message(value))
        return None


def _share(reader: Reader, raw: RawTable, cell: str, value: object) -> float | None:
    if value in (None, ""):
        return None
    parsed = number_text.parse_number(value)
    if parsed.value is None:
        reader.add(FEL, raw, cell, "ogiltig_installning", message_for("balansgrans", value))
        return None
    share = parsed.value
    typed_percent = isinstance(value, str) and "%" in value
    if not typed_percent and share > 0.2:
        # "0,5" almost surely means 0,5 %, not 50 %.
        reader.add(
            VARNING,
            raw,
            cell,
            "balansgrans_procent",
            f"Balansgräns {value!r} tolkas som {format_as_typed(share)} procent. Skriv t.ex. 0,5 % i en "
            "procentformaterad cell.",
        )
        share /= 100
    return share


def budget_records(reader: Reader) -> tuple[list[dict[str, Any]], bool] | None:
    """The Budget table's valid rows as records (``BUDGET_COLUMNS``) and whether it has months."""
    raw = reader.require(BUDGET)
    cols = reader.columns(raw, BUDGET)
    if cols is None:
        return None
    found, months = cols
    rows = reader.rows(raw, BUDGET, found)
    month_values: dict[int, list[float | None]] = {}
    for (row_number, record), values in zip(rows, raw.rows):
        mv: list[float | None] = [None] * 12
        for pos, month in months.items():
            v = reader.cell_value(raw, row_number, pos, values[pos], "budget", f"Budget {month:02d}")
            mv[month - 1] = None if v is INVALID else v
        month_values[row_number] = mv
    valid = reader.validate(raw, BudgetRow, found, rows)
    if not valid and not raw.rows:
        reader.add(
            FEL,
            raw,
            raw.header_address(),
            "tom_tabell",
            "Tabellen Budget har inga rader. Fyll i budgeten per verksamhetsområde och typ.",
        )
        return None
    records = []
    seen: dict[tuple, int] = {}
    spelling: dict[str, str] = {}  # an area written in other case or spacing is the same area
    periodised = bool(months)
    for row_number, row in valid:
        key = (normalize(row.omrade), normalize(row.verksamhet or ""), row.typ)
        area = spelling.setdefault(key[0], row.omrade)
        budget_cell = raw.address(row_number, found["budget"])
        if key in seen:
            reader.add(
                FEL,
                raw,
                raw.address(row_number, found["omrade"]),
                "dubblett",
                f"{row.omrade} / {row.typ}{' / ' + row.verksamhet if row.verksamhet else ''} finns redan på "
                f"rad {seen[key]}. "
                "Slå ihop raderna eller ta bort dubbletten.",
            )
            continue
        seen[key] = row_number
        check_sign(reader, raw, budget_cell, row.typ, row.budget, "Budget", FEL)
        mv = month_values.get(row_number, [None] * 12)
        if periodised:
            filled = [v for v in mv if v is not None]
            total = sum(filled)
            if filled and abs(total - row.budget) > 1.0 + 1e-9:
                first = raw.address(row_number, min(months))
                last = raw.address(row_number, max(months))
                reader.add(
                    FEL,
                    raw,
                    budget_cell,
                    "periodisering",
                    f"Månadsbudgeten {first}:{last} summerar till {format_tal(total)} men Budget är "
                    f"{format_tal(row.budget)} (skillnad {format_tal(total - row.budget)}). Justera månaderna "
                    "så att de summerar till helårsbudgeten.",
                )
            if not filled:
                mv = [row.budget / 12] * 12
            else:
                mv = [v or 0.0 for v in mv]
        records.append(
            {
                "omrade": area,
                "verksamhet": row.verksamhet,
                "typ": row.typ,
                "budget": reader.signed(row.typ, row.budget),
                **{f"m{i + 1}": (reader.signed(row.typ, mv[i]) if periodised else None) for i in range(12)},
                "benamning": row.benamning,
            }
        )
    return records, periodised


def check_prognos(reader: Reader, areas: list[str], volume_areas: set[str] | None = None) -> list[dict[str, Any]]:
    """Validate the Prognos table; its valid rows as records (no frame: the batch
    validator only needs the findings)."""
    raw = reader.table(PROGNOS)
    if raw is None:
        return []
    cols = reader.columns(raw, PROGNOS)
    if cols is None:
        return []
    found, _ = cols
    rows = reader.rows(raw, PROGNOS, found)
    valid = reader.validate(raw, PrognosRow, found, rows)
    lookup = area_lookup(areas)
    records = []
    seen: dict[tuple, int] = {}
    for row_number, row in valid:
        area = lookup.get(normalize(row.omrade))
        area_cell = raw.address(row_number, found["omrade"])
        if area is None:
            reader.add(
                FEL,
                raw,
                area_cell,
                "okant_omrade",
                f"Verksamhetsområdet {row.omrade!r} finns inte i Budget.{suggest(row.omrade, areas)} "
                "Använd samma namn som i Budget.",
            )
            continue
        key = (area, row.typ)
        if key in seen:
            reader.add(
                FEL,
                raw,
                area_cell,
                "dubblett",
                f"{area} / {row.typ} finns redan på rad {seen[key]} i Prognos. Ta bort dubbletten.",
            )
            continue
        seen[key] = row_number
        _check_prognos_signs(reader, raw, found, row_number, row)
        method_cell = raw.address(row_number, found.get("metod", 0))
        if row.metod == MANUELL and row.manuell is None:
            reader.add(
                FEL,
                raw,
                method_cell,
                "manuell_saknas",
                "Metod är Manuell men Manuell prognos är tom. Fyll i beloppet eller välj en annan metod.",
            )
            continue
        problem = _volume_problem(row, area, volume_areas)
        if problem:
            reader.add(FEL, raw, method_cell, "volym_saknas", problem)
            continue
        records.append(_prognos_record(reader, row, area, method_cell))
    return records


def _prognos_record(reader: Reader, row: PrognosRow, area: str, method_cell: str) -> dict[str, Any]:
    """A valid Prognos row as the engine takes it (PROGNOS_COLUMNS), amounts in the report's signs."""
    return {
        "omrade": area,
        "typ": row.typ,
        "metod": row.metod,
        "manuell": reader.signed(row.typ, row.manuell),
        "foregaende": reader.signed(row.typ, row.foregaende),
        "kommentar": row.kommentar,
        "cell": method_cell,
    }


def _check_prognos_signs(
    reader: Reader, raw: RawTable, found: dict[str, int], row_number: int, row: PrognosRow
) -> None:
    """Manuell prognos with the wrong sign for its Typ is an error, Föregående prognos a warning."""
    if "manuell" in found:
        check_sign(reader, raw, raw.address(row_number, found["manuell"]), row.typ, row.manuell, "Manuell prognos", FEL)
    if "foregaende" in found:
        check_sign(
            reader,
            raw,
            raw.address(row_number, found["foregaende"]),
            row.typ,
            row.foregaende,
            "Föregående prognos",
            VARNING,
        )


def _volume_problem(row: PrognosRow, area: str, volume_areas: set[str] | None) -> str | None:
    """Why the method Volym cannot forecast this row (no Manuell prognos overrides it), or None."""
    if row.metod != "Volym" or row.manuell is not None:
        return None
    if row.typ != "Kostnader":
        return "Metoden Volym ger en prognos för kostnader (volym × styckkostnad); välj en annan metod för intäkter."
    if volume_areas is None:
        return (
            "Metoden Volym kräver tabellen Volymer med volymer och styckkostnader. "
            "Lägg till den (se 'prognos mall') eller välj Linjär, Säsong, Budgetprofil eller Manuell."
        )
    if area not in volume_areas:
        return (
            f"Metoden Volym kräver minst en rad för {area} med styckkostnad i tabellen Volymer. "
            "Lägg till raden eller välj en annan metod."
        )
    return None
