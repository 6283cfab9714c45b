"""Reading one workbook's contract tables: the ``Reader`` that converts cells and collects
findings, shared by the forecast tables (``validation.forecast_tables.inputs``), volumes, history and grants.

Works on ``RawTable`` objects, so it serves the file adapter and the live Excel book alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from pydantic import TypeAdapter, ValidationError

from udfs.language import number_text
from udfs.language.number_format import format_as_typed
from udfs.language.vocabulary import ENHETER, normalize
from validation import extremes
from validation.contract import AMOUNT, BUDGET, PROGNOS, UTFALL, YEAR, TableSpec, is_ledger, match_columns
from validation.findings import FEL, VARNING, Finding
from validation.models import message_for
from validation.raw_table import RawTable, UnusableInput
from validation.round import traps

# Cells the reader converts itself (Swedish number text, placeholders), by the kinds of the
# forecast tables' columns; the feature tables (volumes, grants) convert their own cells.
NUMERIC = {k for spec in (BUDGET, UTFALL, PROGNOS) for k in spec.keys(AMOUNT)}
INTEGER = {k for spec in (BUDGET, UTFALL, PROGNOS) for k in spec.keys(YEAR)}  # Månad goes to the model as typed


class TableSource(Protocol):
    def table(self, spec: TableSpec) -> RawTable | None: ...


@dataclass
class Reader:
    """Collects findings while converting one workbook's tables."""

    source: TableSource
    file: str = ""
    findings: list[Finding] = field(default_factory=list)
    _tables: dict[str, RawTable | None] = field(default_factory=dict)
    costs_positive: bool = False  # Installningar "Kostnader: positiva": costs typed without minus
    enhet: str = "tkr"  # the workbook's unit, for the bound on amounts (validation.extremes)
    revenue_negative: bool = False  # Installningar "Intäkter: negativa": revenue typed with minus

    def signed(self, typ: str, value: float | None) -> float | None:
        """A typed amount in the engine's convention (revenue +, cost −)."""
        if value is None:
            return value
        if (typ == "Kostnader" and self.costs_positive) or (typ == "Intäkter" and self.revenue_negative):
            return -value
        return value

    def add(self, severity: str, raw: RawTable, cell: str, rule: str, message: str) -> None:
        self.findings.append(
            Finding(allvarlighet=severity, blad=raw.sheet, cell=cell, regel=rule, meddelande=message, fil=self.file)
        )

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    # --- tables ------------------------------------------------------------------
    def table(self, spec: TableSpec) -> RawTable | None:
        """The table from the source, read once per reader. Totalt/Summa rows typed into
        Budget, Utfall or Prognos are left out (with a finding), or they would be counted
        twice."""
        if spec.name not in self._tables:
            raw = self.source.table(spec)
            # (a ledger-shaped Budget/Utfall has its own Totalt rows: validation/forecast_tables/ledger.py)
            if raw is not None and spec.name in (BUDGET.name, UTFALL.name, PROGNOS.name) and not is_ledger(raw.headers):
                context = traps.TrapContext(self.file)
                raw = traps.total_rows(raw, spec, context)
                self.findings.extend(context.findings)
            self._tables[spec.name] = raw
        return self._tables[spec.name]

    def require(self, spec: TableSpec) -> RawTable:
        raw = self.table(spec)
        if raw is None:
            where = f"{self.file}: " if self.file else ""
            raise UnusableInput(
                f"{where}arbetsboken saknar tabellen {spec.name!r} (en Excel-tabell med det namnet eller ett blad "
                f"som heter {spec.sheet!r}). Skapa en mall med 'prognos mall mall.xlsx' och följ den."
            )
        return raw

    def columns(self, raw: RawTable, spec: TableSpec) -> tuple[dict[str, int], dict[int, int]] | None:
        found, months = match_columns(spec, raw.headers)
        missing = [c for c in spec.columns if c.required and c.key not in found]
        if spec in (BUDGET, UTFALL):
            for key, pos in found.items():
                if normalize(raw.headers[pos]) in ("ansvar", "ansvarskod"):
                    self.add(
                        VARNING,
                        raw,
                        raw.header_address(pos),
                        "kolumn_tolkad",
                        f"Kolumnen {raw.headers[pos]!r} läses som {spec.column(key).header}. Är det "
                        "ansvarskoder ur "
                        "ekonomisystemet: lägg till kolumnen Konto (då läses tabellen som en huvudboksexport) och "
                        "tabellen Kodplan; annars byt rubriken till "
                        f"{spec.column(key).header!r}.",
                    )
        # what the columns that were found were read as, when a header differs from the contract's
        read_as = "".join(
            f" Kolumnen {raw.headers[pos]!r} läses som {spec.column(key).header}."
            for key, pos in found.items()
            if normalize(raw.headers[pos]) != normalize(spec.column(key).header)
        )
        if raw.header_note and (missing or (spec is UTFALL and not months and not {"manad", "belopp"} <= found.keys())):
            self.add(
                FEL, raw, raw.header_address(), "saknad_kolumn", f"Tabellen {spec.name}: {raw.header_note}{read_as}"
            )
            return None
        if spec is UTFALL and not months and not {"manad", "belopp"} <= found.keys():
            lacking = [UTFALL.column(k).header for k in ("manad", "belopp") if k not in found]
            self.add(
                FEL,
                raw,
                raw.header_address(),
                "saknad_kolumn",
                f"Tabellen Utfall saknar kolumnen {' och '.join(lacking)} (lång form) eller månadskolumnerna "
                "Jan…Dec (bred form). Lägg till rubrikerna i rad "
                f"{raw.first_row}." + read_as,
            )
            return None
        for column in missing:
            self.add(
                FEL,
                raw,
                raw.header_address(),
                "saknad_kolumn",
                f"Tabellen {spec.name} saknar kolumnen {column.header!r}. Lägg till den i rubrikraden "
                f"(rad {raw.first_row})." + read_as,
            )
        if missing:
            return None
        return found, months

    def cell_value(self, raw: RawTable, row_number: int, pos: int, value: object, key: str, label: str) -> object:
        """Convert one cell; number text and placeholders give warnings, junk an error."""
        if (row_number, pos) in raw.formula_cells:
            self.add(
                VARNING,
                raw,
                raw.address(row_number, pos),
                "formel_utan_varde",
                f"{label}: cellen har en formel utan värde: den ger ett fel (som #REF! eller #DIV/0!) eller har "
                "aldrig beräknats. Rätta formeln eller skriv in värdet, spara i Excel och försök igen.",
            )
            return None
        if key in NUMERIC or key in INTEGER:
            return self.amount(raw, row_number, pos, value, label, money=key in NUMERIC)
        return value

    def amount(
        self,
        raw: RawTable,
        row_number: int,
        pos: int,
        value: object,
        label: str,
        *,
        money: bool = True,
        enhet: str | None = None,
        setting: str = "Enhet",
        add: Callable[..., None] | None = None,
    ) -> object:
        """One number cell, judged the same whatever table or shape it comes from: the number,
        None (empty, or a placeholder with a warning) or ``INVALID`` (with an error). An amount
        (``money``) in ``enhet`` (the workbook's unit, named by the ``setting`` row of
        Inställningar) must be within the bounds of ``validation.extremes`` and carry no other
        unit ("5 tkr" in a kr table). Findings go to ``add`` (``self.add`` by default)."""
        add = add or self.add
        enhet = enhet or self.enhet
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if money and (problem := extremes.problem(value, enhet)):
                add(FEL, raw, raw.address(row_number, pos), "orimligt_belopp", f"{label}: {problem}.")
                return INVALID
            return value
        parsed = number_text.parse_number(value)
        address = raw.address(row_number, pos)
        if money and parsed.value is not None and (problem := extremes.problem(parsed.value, enhet)):
            add(FEL, raw, address, "orimligt_belopp", f"{label}: {problem}.")
            return INVALID
        typed_unit = number_text.unit_suffix(value) if parsed.kind == number_text.TEXT_NUMBER else None
        if typed_unit and typed_unit != enhet and money:
            factor = ENHETER[typed_unit] / ENHETER.get(enhet, 1e3)
            add(
                FEL,
                raw,
                address,
                "annan_enhet_i_cell",
                f"{label}: {value!r} är skrivet i {typed_unit}, men tabellen räknar i {enhet} (raden "
                f"{setting!r} i Inställningar). "
                f"Skriv talet i {enhet}: {format_as_typed(parsed.value * factor)}, utan enhet.",
            )
            return INVALID
        if parsed.kind == number_text.TEXT_NUMBER:
            add(
                VARNING,
                raw,
                address,
                "tal_som_text",
                f"{label}: talet är skrivet som text ({value!r}) och läses som {format_as_typed(parsed.value)}. "
                "Skriv det som ett tal i cellen.",
            )
            return parsed.value
        if parsed.kind == number_text.PLACEHOLDER:
            add(
                VARNING,
                raw,
                address,
                "platshallare",
                f"{label}: {value!r} betyder att värdet inte är känt än; det räknas som saknat, inte som noll.",
            )
            return None
        if parsed.kind == number_text.INVALID:
            add(
                FEL,
                raw,
                address,
                "inte_tal",
                f"{label}: {value!r} är inte ett tal. Skriv ett belopp (t.ex. −12 000) eller lämna cellen tom.",
            )
            return INVALID
        return None

    def rows(
        self, raw: RawTable, spec: TableSpec, found: dict[str, int], only: list[int] | None = None
    ) -> list[tuple[int, dict[str, Any]]]:
        """Convert the cells of every row (or of the rows at indices ``only``) to records."""
        out = []
        labels = {c.key: c.header for c in spec.columns}
        pairs = zip(raw.row_numbers, raw.rows) if only is None else ((raw.row_numbers[i], raw.rows[i]) for i in only)
        for row_number, values in pairs:
            record: dict[str, Any] = {}
            for key, pos in found.items():
                record[key] = self.cell_value(raw, row_number, pos, values[pos], key, labels[key])
            out.append((row_number, record))
        return out

    def validate(
        self, raw: RawTable, model: type, found: dict[str, int], rows: list[tuple[int, dict[str, Any]]]
    ) -> list[tuple[int, Any]]:
        """Validate rows with the pydantic model in one call; map errors to cells."""
        valid_records = [(n, r) for n, r in rows if INVALID not in r.values()]
        adapter = _adapter(model)
        try:
            models = adapter.validate_python([r for _, r in valid_records])
            return list(zip((n for n, _ in valid_records), models))
        except ValidationError as exc:
            bad: set[int] = set()
            for error in exc.errors():
                index, fieldname = error["loc"][0], error["loc"][1] if len(error["loc"]) > 1 else None
                bad.add(index)
                row_number = valid_records[index][0]
                pos = found.get(fieldname, 0)
                value = valid_records[index][1].get(fieldname)
                self.add(FEL, raw, raw.address(row_number, pos), "ogiltigt_varde", message_for(fieldname, value))
        good = [(n, r) for i, (n, r) in enumerate(valid_records) if i not in bad]
        return list(zip((n for n, _ in good), adapter.validate_python([r for _, r in good])))


class Invalid:
    def __repr__(self) -> str:
        return "<ogiltigt>"


INVALID = Invalid()  # a cell that is not a number where one is needed: the row is not validated
_ADAPTERS: dict[type, TypeAdapter] = {}


def _adapter(model: type) -> TypeAdapter:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(list[model])
    return _ADAPTERS[model]


def area_lookup(areas: list[str]) -> dict[str, str]:
    """Normalised name -> the area as Budget spells it."""
    return {normalize(a): a for a in areas}
