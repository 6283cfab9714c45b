"""A returned unit workbook's own parts in ``prognos validera`` (``workbooks.round.submissions``
is the file handling around it): which input cells ``prognos utskick`` sent out, the contract's
rules on what the unit changed (Prognos, Volymer, and its own words: Orsaker, Åtgärder,
Texter, ``validation.round.unit_words``), what the send-out set up and the unit may have
undone (the Metod lists, the protection), and the unit's entries that ``--sammanstall``
carries into the master.
"""

from __future__ import annotations

from typing import Any

from udfs.language.vocabulary import canonical_metod
from validation.contract import PROGNOS, VOLYMER, TableSpec
from validation.findings import FEL, VARNING, Finding
from validation.forecast_tables.checks import check_prognos
from validation.raw_table import RawTable
from validation.reader import Reader
from validation.round import magnitudes, traps
from validation.round.submission import SubmissionResult, meta_references, prognos_rows, same_value
from validation.round.unit_entries import unit_rows
from validation.round.unit_tables import OWN_WORDS, VOLYMER_INPUTS
from validation.round.unit_words import check_own_words
from validation.section_tables.volumes import check_jumps, read_volymer, volymsprang
from validation.settings import SettingsTable, costs_positive, revenue_negative
from workbooks.ooxml.safe_read import CalamineBook
from workbooks.round import submission_checks


class TablesOnce:
    """The table source read_inputs sees: tables read once (Totalt rows left out), any
    other table straight from the book."""

    def __init__(self, tables: dict[str, RawTable], book: CalamineBook):
        self.tables = tables
        self.book = book

    def table(self, spec: TableSpec) -> RawTable | None:
        if spec.name not in self.tables:
            self.tables[spec.name] = self.book.table(spec)
        return self.tables[spec.name]


def sent_inputs(meta, sheet: str) -> dict[str, Any] | None:
    """The input cells of ``sheet`` as ``prognos utskick`` sent them ({"J2": value}); None when the
    sheet had none (or the file has no intact _Utskick)."""
    block = meta.originals.get(sheet) if meta is not None and meta.intact else None
    inputs = block.get("inputs") if isinstance(block, dict) else None
    return inputs if isinstance(inputs, dict) else None


def unit_volumes(reader: Reader, raw: RawTable, res: SubmissionResult, sent: dict[str, Any]) -> None:
    """A unit's Volymer (Prognos volym, Prognos styckkostnad open): the contract's rules on the
    table, as for any Volymer, reported at the cells the unit changed (the rest is the master's,
    checked before it was sent out) and for the table as a whole."""
    current = {raw.address(r, c): v for r, values in zip(raw.row_numbers, raw.rows) for c, v in enumerate(values)}
    changed = {cell for cell, before in sent.items() if not same_value(current.get(cell, ""), before)}
    if not changed:
        return
    before = len(reader.findings)
    volymer = read_volymer(reader, [res.meta_unit] if res.meta_unit else [], reader.enhet)
    if volymer:
        check_jumps(reader, volymer, res.period or 12, volymsprang(reader))
    reader.findings[before:] = [
        f for f in reader.findings[before:] if f.blad != raw.sheet or not f.cell or f.cell in changed
    ]


def untouched_findings(
    book, scanned, meta, raws: dict[str, RawTable], res: SubmissionResult, enhet: str, tctx: traps.TrapContext
) -> list[Finding]:
    """A workbook whose locked cells are as sent out: only the unit's inputs are checked."""
    name = res.fil
    reader = Reader(TablesOnce(raws, book), name)
    core = SettingsTable(raws.get("Installningar")).core()
    reader.costs_positive = costs_positive(core.get("kostnader", (None, ""))[0])
    reader.revenue_negative = revenue_negative(core.get("intakter", (None, ""))[0])
    reader.enhet = enhet
    prognos_raw = raws.get("Prognos")
    sent: dict = {}
    if prognos_raw is None:
        reader.findings.append(
            Finding(
                allvarlighet=FEL,
                blad="Prognos",
                cell="",
                regel="saknad_tabell",
                meddelande=f"{name}: arbetsboken saknar tabellen 'Prognos'.",
                fil=name,
            )
        )
    else:
        areas = [res.meta_unit] if res.meta_unit else []
        block = meta.originals.get(prognos_raw.sheet, {})
        sent = block.get("inputs", {}) if isinstance(block, dict) else {}
        # Volym was valid in the master where it was sent out (the master's Volymer has the area).
        volume_areas = set(areas) if any(canonical_metod(v) == "Volym" for v in sent.values()) else None
        check_prognos(reader, areas, volume_areas)
        traps.formula_like_text(prognos_raw, PROGNOS, tctx)
        sheet = scanned.sheet(prognos_raw.sheet)
        if sheet is not None and sheet.merged:
            traps.merged_cells(sheet.merged, prognos_raw, tctx)
        magnitudes.forecast_magnitudes(prognos_raw, meta_references(meta, res.meta_unit or ""), tctx)
    if "Volymer" in raws:  # the unit's Prognos volym and Prognos styckkostnad: the contract's rules
        unit_volumes(reader, raws["Volymer"], res, sent_inputs(meta, raws["Volymer"].sheet) or {})
        traps.formula_like_text(raws["Volymer"], VOLYMER, tctx)
    own = {t.spec.name: raws[t.spec.name] for t in OWN_WORDS if t.spec.name in raws}
    check_own_words(reader, own, res.meta_unit, {raw.sheet: sent_inputs(meta, raw.sheet) or {} for raw in own.values()})
    for table in OWN_WORDS:
        if table.spec.name in raws:
            traps.formula_like_text(raws[table.spec.name], table.spec, tctx)
    return reader.findings


def layout_findings(name: str, scanned, meta, filtered: dict[str, RawTable], res: SubmissionResult) -> list[Finding]:
    """What the send-out set up and the unit may have undone: the Metod lists, the sheet protection."""
    prognos_table = filtered.get("Prognos")
    found = submission_checks.metod_lists(
        name, prognos_table, scanned.details(prognos_table.sheet) if prognos_table else None
    )
    unprotected = [s for s in meta.originals if (info := scanned.details(s)) is not None and not info.protected]
    if unprotected:
        res.add(
            VARNING,
            unprotected[0],
            "",
            "skydd_borttaget",
            f"Bladskyddet har tagits bort på {', '.join(repr(s) for s in unprotected)}. Låsta celler kontrolleras "
            "ändå; ändrade värden visas som fel.",
        )
    return found


def record_entries(book, filtered: dict[str, RawTable], meta, res: SubmissionResult) -> None:
    """The unit's entries to consolidate: its Prognos rows, its volume rows and its own words."""
    prognos_raw = filtered.get("Prognos")
    sent = None
    if meta and meta.intact and prognos_raw is not None:
        block = meta.originals.get(prognos_raw.sheet)
        sent = block.get("inputs") if isinstance(block, dict) and isinstance(block.get("inputs"), dict) else None
    res.prognos = prognos_rows(prognos_raw, sent)
    if meta is None or not meta.intact:
        return
    for table in (VOLYMER_INPUTS, *OWN_WORDS):
        raw = filtered.get(table.spec.name) or (book.table(table.spec) if table.own_rows else None)
        if raw is not None and (table is VOLYMER_INPUTS or sent_inputs(meta, raw.sheet) is not None):
            res.entries += unit_rows(raw, table, sent_inputs(meta, raw.sheet))
