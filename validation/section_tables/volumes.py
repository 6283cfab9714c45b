"""Reading and rules for the optional ``Volymer`` table (and the volume settings).

Rules: volumes ≥ 0; unit costs > 0; units from a known list; ``Styckkostnad per`` år or
månad; placeholders are missing, never zero; sub-rows declared by ``Del av`` must add up
to their parent (SiS + HVB = LVU årsplatser) within ±1 in the last digit; a jump from last
year's volume beyond the factor ``Volymsprång`` in Inställningar (default 2) is a warning.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from udfs.language import number_text
from udfs.language.number_format import format_as_typed
from udfs.language.vocabulary import normalize, printable, suggest
from udfs.volume.rows import AR, FLOW, INDICATOR, KNOWN_UNITS, MANAD, MONEY, STOCK, VOLUME_UNITS, VolumeRow
from validation.contract import EXTRA_SETTINGS, INSTALLNINGAR, VOLYMER, Setting
from validation.findings import FEL, VARNING
from validation.raw_table import RawTable
from validation.reader import INVALID, Reader, area_lookup
from validation.settings import SettingsTable

DEFAULT_SPRANG = 2.0
VOLUMES = ("budget_volym", "utfall_volym", "prognos_volym", "fg_volym")
COSTS = ("budget_styckkostnad", "utfall_styckkostnad", "prognos_styckkostnad")
FIELD = {  # table key -> VolumeRow attribute
    "budget_volym": "budget_volym",
    "utfall_volym": "utfall_volym",
    "prognos_volym": "prognos_volym",
    "fg_volym": "fg_volym",
    "budget_styckkostnad": "budget_styck",
    "utfall_styckkostnad": "utfall_styck",
    "prognos_styckkostnad": "prognos_styck",
}
_PER = {
    "ar": AR,
    "per ar": AR,
    "helar": AR,
    "arlig": AR,
    "manad": MANAD,
    "per manad": MANAD,
    "man": MANAD,
    "manatlig": MANAD,
    "manadsvis": MANAD,
}


def extra_setting(reader: Reader, setting: Setting) -> tuple[Any, RawTable | None, str]:
    """A setting row outside the core contract (value, table, cell); (None, None, "") when absent."""
    raw = reader.table(INSTALLNINGAR)
    hit = SettingsTable(raw).get(setting)
    if hit is None:
        return None, None, ""
    return hit[0], raw, hit[1]


def positive_setting(reader: Reader, setting: Setting, default: float, share: bool = False) -> float:
    """A positive number setting (a share when ``share``: "1 %" or 0,01); warns and uses the default."""
    value, raw, cell = extra_setting(reader, setting)
    display = setting.display
    if value in (None, "") or raw is None:
        return default
    parsed = number_text.parse_number(value)
    number = parsed.value
    if number is not None and share and not (isinstance(value, str) and "%" in value) and number >= 1:
        number /= 100  # "1" in a settings cell means 1 %
    if number is None or number <= 0:
        reader.add(
            VARNING,
            raw,
            cell,
            "ogiltig_installning",
            f"{display}: {value!r} är inte ett positivt tal; standardvärdet används.",
        )
        return default
    return number


def volymsprang(reader: Reader) -> float:
    factor = positive_setting(reader, EXTRA_SETTINGS["volymsprang"], DEFAULT_SPRANG)
    return factor if factor > 1 else 1 / factor


def _decimals(value: float) -> int:
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


@dataclass
class _Row:
    """One row of the Volymer table being read: its cells by column key."""

    raw: RawTable
    found: dict[str, int]
    row_number: int
    values: list[Any]

    def cell(self, key: str) -> str:
        return self.raw.address(self.row_number, self.found.get(key, 0))

    def text(self, key: str) -> str | None:
        if key not in self.found:
            return None
        value = self.values[self.found[key]]
        if value is None:
            return None
        out = " ".join(printable(str(value)).split())
        return out or None


def read_volymer(reader: Reader, areas: list[str], enhet: str = "tkr") -> list[VolumeRow] | None:
    """The Volymer table as ``VolumeRow``s; None when the workbook has no such table.

    Findings go to ``reader``; rows with errors are left out.
    """
    raw = reader.table(VOLYMER)
    if raw is None:
        return None
    cols = reader.columns(raw, VOLYMER)
    if cols is None:
        return []
    found, _ = cols
    labels = {c.key: c.header for c in VOLYMER.columns}
    lookup = area_lookup(areas)
    rows: list[VolumeRow] = []
    seen: dict[tuple[str, str], int] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        row = _Row(raw, found, row_number, values)
        area, label, unit, per, money, ok = _descriptions(reader, row, lookup, areas, enhet)
        nums, numbers_ok = _numbers(reader, row, labels, label, unit)
        ok = ok and numbers_ok
        if unit is not None and unit[1] == FLOW and per == MANAD:
            reader.add(
                FEL,
                raw,
                row.cell("styckkostnad_per"),
                "ogiltigt_varde",
                f"{label}: enheten {unit[0]} räknas som en summa över året; Styckkostnad per ska vara år "
                "(kostnad per enhet) eller tom.",
            )
            ok = False
        if not ok or area is None or label is None or unit is None:
            continue
        key = (area, normalize(label))
        if key in seen:
            reader.add(
                FEL,
                raw,
                row.cell("volymmatt"),
                "dubblett",
                f"{area} / {label} finns redan på rad {seen[key]} i Volymer. Ta bort dubbletten.",
            )
            continue
        seen[key] = row_number
        rows.append(
            VolumeRow(
                omrade=area,
                matt=label,
                enhet=unit[0],
                kind=unit[1],
                per=per,
                kostnad_i=money,
                budget_volym=nums["budget_volym"],
                utfall_volym=nums["utfall_volym"],
                prognos_volym=nums["prognos_volym"],
                fg_volym=nums["fg_volym"],
                budget_styck=nums["budget_styckkostnad"],
                utfall_styck=nums["utfall_styckkostnad"],
                prognos_styck=nums["prognos_styckkostnad"],
                del_av=row.text("del_av"),
                row=row_number,
                cells={k: raw.address(row_number, pos) for k, pos in found.items()},
            )
        )
    _check_parents(reader, raw, rows)
    return rows


def _descriptions(
    reader: Reader, row: _Row, lookup: dict[str, str], areas: list[str], enhet: str
) -> tuple[str | None, str | None, tuple[str, str] | None, str | None, str, bool]:
    """A row's area, Volymmått, unit, Styckkostnad per and Styckkostnad i, with their findings;
    and whether they are all valid."""
    raw, ok = row.raw, True
    label = row.text("volymmatt")
    area_text = row.text("omrade")
    if area_text is None:
        reader.add(
            FEL,
            raw,
            row.cell("omrade"),
            "ogiltigt_varde",
            "Verksamhetsområde saknas. Fyll i området (samma namn som i Budget).",
        )
        ok = False
        area = None
    else:
        area = lookup.get(normalize(area_text))
        if area is None:
            reader.add(
                FEL,
                raw,
                row.cell("omrade"),
                "okant_omrade",
                f"Verksamhetsområdet {area_text!r} finns inte i Budget.{suggest(area_text, areas)} "
                "Använd samma namn som i Budget.",
            )
            ok = False
    if label is None:
        reader.add(
            FEL,
            raw,
            row.cell("volymmatt"),
            "ogiltigt_varde",
            "Volymmått saknas. Skriv vad som mäts, t.ex. 'Institution LVU, årsplatser'.",
        )
        ok = False
    unit_text = row.text("enhet")
    unit = VOLUME_UNITS.get(normalize(unit_text or "").replace(" ", ""))
    if unit is None:
        shown = "tom" if unit_text is None else repr(unit_text)
        reader.add(
            FEL,
            raw,
            row.cell("enhet"),
            "okand_enhet",
            f"Enhet {shown} är inte en känd volymenhet.{suggest(unit_text or '', list(KNOWN_UNITS))} "
            f"Välj någon av: {', '.join(KNOWN_UNITS)}.",
        )
        ok = False
    per_text = row.text("styckkostnad_per")
    per = AR if per_text is None else _PER.get(normalize(per_text))
    if per is None:
        reader.add(
            FEL,
            raw,
            row.cell("styckkostnad_per"),
            "ogiltigt_varde",
            f"Styckkostnad per måste vara år eller månad (står: {per_text!r}).",
        )
        ok = False
    money_text = row.text("styckkostnad_i")
    money = enhet if money_text is None else normalize(money_text).replace(" ", "")
    if money not in MONEY:
        reader.add(
            FEL,
            raw,
            row.cell("styckkostnad_i"),
            "ogiltigt_varde",
            f"Styckkostnad i måste vara kr, tkr eller mnkr (står: {money_text!r}).",
        )
        ok = False
    return area, label, unit, per, money, ok


def _numbers(
    reader: Reader, row: _Row, labels: dict[str, str], label: str | None, unit: tuple[str, str] | None
) -> tuple[dict[str, float | None], bool]:
    """A row's volumes and unit costs, with their findings; and whether they are all valid."""
    raw, found, row_number, values, ok = row.raw, row.found, row.row_number, row.values, True
    nums: dict[str, float | None] = {}
    for key in VOLUMES + COSTS:
        if key not in found:
            nums[key] = None
            continue
        name = f"{labels[key]} ({label})" if label else labels[key]
        value = reader.cell_value(raw, row_number, found[key], values[found[key]], "budget", name)
        if value is INVALID:
            ok = False
            value = None
        nums[key] = None if value is None else float(value)
    for key in VOLUMES:
        if nums[key] is not None and nums[key] < 0:
            reader.add(
                FEL,
                raw,
                row.cell(key),
                "negativ_volym",
                f"{labels[key]} ({label}) är {format_as_typed(nums[key])}; en volym kan inte vara negativ.",
            )
            ok = False
    for key in COSTS:
        value = nums[key]
        if value is None:
            continue
        if unit is not None and unit[1] == INDICATOR:
            reader.add(
                FEL,
                raw,
                row.cell(key),
                "nyckeltal_med_kostnad",
                f"{label}: enheten {unit[0]} är ett nyckeltal utan kostnad, men {labels[key]} är ifylld. "
                "Lämna styckkostnaden tom eller välj en volymenhet.",
            )
            ok = False
        elif value <= 0:
            reader.add(
                FEL,
                raw,
                row.cell(key),
                "styckkostnad_ej_positiv",
                f"{labels[key]} ({label}) är {format_as_typed(value)}; en styckkostnad skrivs som ett positivt belopp "
                "(större än noll), även om den är en kostnad.".replace(".", ",", 1),
            )
            ok = False
    return nums, ok


def _check_parents(reader: Reader, raw: RawTable, rows: list[VolumeRow]) -> None:
    """Del av must name a row of the same area with the same unit; the parts must add up."""
    by_key = {(r.omrade, normalize(r.matt)): r for r in rows}
    children: dict[int, list[VolumeRow]] = defaultdict(list)
    for r in rows:
        if r.del_av is None:
            continue
        parent = by_key.get((r.omrade, normalize(r.del_av)))
        where = r.cells.get("del_av", "")
        if parent is None:
            names = [p.matt for p in rows if p.omrade == r.omrade and p is not r]
            reader.add(
                FEL,
                raw,
                where,
                "okand_del_av",
                f"Del av {r.del_av!r}: det finns ingen rad med det volymmåttet i {r.omrade}.{suggest(r.del_av, names)}",
            )
            continue
        if parent is r or parent.del_av is not None:
            reader.add(
                FEL,
                raw,
                where,
                "del_av_niva",
                f"Del av {r.del_av!r}: raden som delen ingår i får inte själv vara en del av en annan rad "
                "(bara en nivå av delrader).",
            )
            continue
        if parent.enhet != r.enhet:
            reader.add(
                FEL,
                raw,
                where,
                "del_av_enhet",
                f"{r.matt} har enheten {r.enhet} men {parent.matt} har {parent.enhet}; delar och helhet "
                "måste ha samma enhet.",
            )
            continue
        r.del_av = parent.matt
        children[id(parent)].append(r)
    for parent in rows:
        parts = children.get(id(parent))
        if not parts:
            continue
        for attr, key in (
            ("budget_volym", "budget_volym"),
            ("utfall_volym", "utfall_volym"),
            ("prognos_volym", "prognos_volym"),
            ("fg_volym", "fg_volym"),
        ):
            whole = getattr(parent, attr)
            values = [getattr(p, attr) for p in parts]
            if whole is None or any(v is None for v in values):
                continue  # not known yet: nothing to check
            total = sum(Decimal(repr(v)) for v in values)
            decimals = max(_decimals(v) for v in [whole, *values])
            tolerance = Decimal(1).scaleb(-decimals)
            if abs(total - Decimal(repr(whole))) > tolerance:
                label = VOLYMER.column(key).header
                part_cells = ", ".join(p.cells.get(key, "") for p in parts)
                reader.add(
                    FEL,
                    raw,
                    parent.cells.get(key, ""),
                    "delar_summerar_inte",
                    f"{label}: delarna av {parent.matt} ({part_cells}) summerar till "
                    f"{format_as_typed(float(total))} men "
                    f"{parent.matt} är {format_as_typed(float(whole))}. Rätta delarna eller helheten.",
                )


def check_jumps(reader: Reader, rows: list[VolumeRow], period: int, factor: float) -> None:
    """Warn where this year's volume differs from last year's by more than ``factor``."""
    raw = reader.table(VOLYMER)
    if raw is None:
        return
    for r in rows:
        if r.fg_volym is None or r.kind == INDICATOR:
            continue
        if r.prognos_volym is not None:
            now, what, key = r.prognos_volym, "Prognos volym", "prognos_volym"
        elif r.utfall_volym is not None:
            now, what, key = r.utfall_volym * (12 / period if r.kind == FLOW else 1), "Utfall volym", "utfall_volym"
        else:
            continue
        last = r.fg_volym
        if last == 0 and now == 0:
            continue
        ratio = float("inf") if min(last, now) == 0 else max(now, last) / min(now, last)
        if ratio > factor:
            direction = "ökar" if now > last else "minskar"
            reader.add(
                VARNING,
                raw,
                r.cells.get(key, ""),
                "volymsprang",
                f"{r.omrade} / {r.matt}: {what} {direction} från {format_as_typed(float(last))} förra året till "
                f"{format_as_typed(float(now))} {r.enhet}, mer än en faktor {format_as_typed(float(factor))}. "
                "Kontrollera siffran eller förklara förändringen (gränsen är Volymsprång i Inställningar).",
            )


__all__ = ["DEFAULT_SPRANG", "STOCK", "check_jumps", "extra_setting", "positive_setting", "read_volymer", "volymsprang"]
