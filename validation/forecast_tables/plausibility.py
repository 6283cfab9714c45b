"""Plausibility checks as a controller makes them before signing (issue 21): the figures of
Budget, Utfall and Prognos compared with each other, per area and for the committee, after
every table was read on its own.

- a unit slip: outcome run rate, budget or a manual forecast about 1 000 (or a million)
  times another (a ledger in tkr pasted where ``Huvudbok i`` says kr): ``enhetsfel``, an
  error for the committee and for an area's costs, a warning for an area's revenue;
- signs flipped against the budget: an area (or the whole table) whose outcome has the
  opposite sign of its budget at the budget's size: ``tecken_mot_budget``;
- a committee deviation no real committee reports (more than half the budget's costs):
  ``orimlig_avvikelse``;
- explanation items (Åtgärder / Förklaringsposter) that explain more than the deviation:
  ``forklaring_overstiger``.

Each finding names the setting or the cells to look at. Pure Python over the records the
contract rules made (or the ledger engine's frames, summed with their own ``groupby``), so
every path runs it: ``uppdatera``, ``rapport``, the live book and ``prognos validera``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import ENHETER, TYP_INTAKTER, TYP_KOSTNADER, normalize
from validation.contract import ATGARDER, BUDGET, INSTALLNINGAR, PROGNOS, SETTINGS_ROWS, TABLES, UTFALL, match_columns
from validation.findings import FEL, VARNING
from validation.models import Settings
from validation.reader import Reader
from validation.round.magnitudes import thousand_exponent
from validation.settings import SettingsTable

INTAKTER, KOSTNADER = TYP_INTAKTER, TYP_KOSTNADER
STRONG = 0.5  # |log10(a / b) − 3| within this (316–3 162 times) and both sizeable: an error
DEVIATION_WARNING = 0.5  # share of the budget's costs no real committee's deviation reaches
DEVIATION_ERROR = 5.0
SIGN_SIZE = (0.2, 5.0)  # an outcome of the opposite sign within these times the budget: flipped
EXPLAINS_TIMES = 3.0  # explanation items summing to more than this times the deviation

Key = tuple[str, str]  # (area, typ)
RULES = ("enhetsfel", "tecken_mot_budget", "orimlig_avvikelse", "forklaring_overstiger")  # the codes fired here


@dataclass
class Figures:
    """Sums per (area, typ) in the report's unit and the engine's signs (revenue +, cost −)."""

    period: int
    budget: dict[Key, float] = field(default_factory=dict)
    ytd: dict[Key, float] = field(default_factory=dict)  # this year, months 1..period
    manual: dict[Key, float] = field(default_factory=dict)

    def run_rate(self, key: Key) -> float | None:
        value = self.ytd.get(key)
        return None if value is None else value / self.period * 12

    def total(self, values: dict[Key, float], typ: str) -> float | None:
        hits = [v for (_a, t), v in values.items() if t == typ]
        return sum(hits) if hits else None


def figures(settings: Settings, budget: Any, utfall: Any, prognos: list[dict[str, Any]]) -> Figures:
    """The sums the checks compare, from the records of ``validation.input_checks`` or the
    engine's frames (anything with ``groupby``)."""
    out = Figures(max(1, settings.period))
    if hasattr(budget, "groupby"):
        out.budget = {k: float(v) for k, v in budget.groupby(["omrade", "typ"], sort=False)["budget"].sum().items()}
    else:
        for r in budget:
            key = (r["omrade"], r["typ"])
            out.budget[key] = out.budget.get(key, 0.0) + (r["budget"] or 0.0)
    if hasattr(utfall, "groupby"):
        now = utfall[(utfall["ar"] == settings.ar) & (utfall["manad"] <= settings.period)]
        out.ytd = {k: float(v) for k, v in now.groupby(["omrade", "typ"], sort=False)["belopp"].sum().items()}
    else:
        for area, _act, typ, ar, manad, belopp in utfall or ():
            if ar == settings.ar and manad <= settings.period and belopp is not None:
                out.ytd[(area, typ)] = out.ytd.get((area, typ), 0.0) + belopp
    out.manual = {(r["omrade"], r["typ"]): r["manuell"] for r in prognos if r.get("manuell") is not None}
    return out


class Checks:
    """The checks over one workbook's figures; findings go to the reader."""

    def __init__(self, reader: Reader, settings: Settings, fig: Figures, ledgers: set[str], parts: Any):
        self.reader, self.settings, self.fig, self.ledgers, self.parts = reader, settings, fig, ledgers, parts
        self.enhet = settings.enhet
        self.settings_table = SettingsTable(reader.table(INSTALLNINGAR))

    def run(self) -> None:
        """The checks in order; a unit or sign slip explains an absurd deviation, so the
        deviation is judged only without one."""
        before = len(self.reader.findings)
        if not self.units_committee():
            self.units_per_area()
            self.signs()
            if len(self.reader.findings) == before:
                self.deviation()
        self.explanations()

    # --- where to look -------------------------------------------------------------------------
    def setting_cell(self, key: str) -> tuple[Any, str]:
        """(raw Installningar, the setting's value cell or the table's header cell)."""
        raw = self.reader.table(INSTALLNINGAR)
        hit = self.settings_table.get(SETTINGS_ROWS[key])
        return raw, hit[1] if hit is not None else raw.header_address()

    def row_cell(self, spec, key: Key, column: str) -> tuple[Any, str] | None:
        """The cell of ``column`` on the first row of ``spec`` for the area and type (in
        Utfall: of this year)."""
        raw = self.reader.table(spec)
        if raw is None:
            return None
        found, _ = match_columns(spec, raw.headers)
        if not {"omrade", "typ", column} <= found.keys():
            return raw, raw.header_address()
        area, typ = normalize(key[0]), normalize(key[1])
        year = found.get("ar") if spec is UTFALL else None
        for row_number, values in zip(raw.row_numbers, raw.rows):
            if year is not None and values[year] not in (
                self.settings.ar,
                str(self.settings.ar),
                float(self.settings.ar),
            ):
                continue
            if normalize(values[found["omrade"]]) == area and normalize(values[found["typ"]]) == typ:
                return raw, raw.address(row_number, found[column])
        return raw, raw.header_address(found[column])

    def where(self, table: str) -> tuple[Any, str, str]:
        """(raw, cell, advice) for a table whose unit is in doubt."""
        if table in self.ledgers:
            raw, cell = self.setting_cell("huvudbok_enhet")
            return (
                raw,
                cell,
                (
                    f"{table} är en huvudboksexport: kontrollera raden 'Huvudbok i' i Inställningar "
                    f"(står: {self.settings.huvudbok_enhet}) mot exportens enhet"
                ),
            )
        raw, cell = self.setting_cell("enhet")
        return raw, cell, f"kontrollera att Budget och Utfall båda är skrivna i {self.enhet} (Enhet i Inställningar)"

    def amount(self, value: float) -> str:
        return f"{format_tal(value)} {self.enhet}"

    # --- unit slips ----------------------------------------------------------------------------------
    def units_committee(self) -> bool:
        """Every area's costs about 1 000 times off between Budget and the outcome's run rate:
        one error for the committee at the setting that decides the unit (an area alone is
        ``units_per_area``'s). Revenue is too uneven over a year to say anything here."""
        fig = self.fig
        slips, compared = set(), 0
        for key, budget in fig.budget.items():
            rate = fig.run_rate(key)
            if key[1] != KOSTNADER or not budget or not rate:
                continue
            compared += 1
            if (slip := self.slip(rate, budget)) is not None:
                slips.add((key, slip[0]))
        if not slips or len(slips) < compared or len({k for _key, k in slips}) > 1:
            return False
        budget, ytd = fig.total(fig.budget, KOSTNADER), fig.total(fig.ytd, KOSTNADER)
        rate = ytd / fig.period * 12
        slip = self.slip(rate, budget)
        # every area the same way is the evidence; one area alone must be large enough to say it
        if slip is None or not (slip[1] or (compared > 1 and self.near(rate, budget, slip[0]))):
            return False
        k = slip[0]
        table = "Utfall" if "Utfall" in self.ledgers or "Budget" not in self.ledgers else "Budget"
        raw, cell, advice = self.where(table)
        self.reader.add(
            FEL,
            raw,
            cell,
            "enhetsfel",
            f"Nämndens kostnader: utfallet hittills uppräknat till helår ({self.amount(rate)}) är "
            f"{_factor_text(k)} budgeten ({self.amount(budget)}), i alla områden. Budget och Utfall är "
            f"troligen i olika enheter (kr, tkr, mnkr): {advice}. Rapporten skulle annars visa "
            "en avvikelse "
            "som ingen nämnd har.",
        )
        return True

    def slip(self, value: float | None, reference: float | None) -> tuple[int, bool] | None:
        """(k, strong) when ``value`` is about 10^k times ``reference`` (k = ±3, ±6) and the larger
        is more than 10 000 kronor; strong: within a factor √10 of it and both that large."""
        k = thousand_exponent(value, reference)
        if k is None or not _sizeable(max(abs(value), abs(reference)), self.enhet):
            return None
        return k, self.near(value, reference, k) and _sizeable(min(abs(value), abs(reference)), self.enhet)

    @staticmethod
    def near(value: float, reference: float, k: int) -> bool:
        return abs(math.log10(abs(value) / abs(reference)) - k) <= STRONG

    def area_cell(self, key: Key) -> tuple[Any, str]:
        """The area's row in a table typed by hand (Budget first), else the Utfall header."""
        for spec, column in ((BUDGET, "budget"), (UTFALL, "belopp")):
            if spec.name not in self.ledgers and (spot := self.row_cell(spec, key, column)) is not None:
                return spot
        raw = self.reader.table(UTFALL)
        return raw, raw.header_address()

    def units_per_area(self) -> None:
        fig = self.fig
        for key, budget in fig.budget.items():
            rate = fig.run_rate(key)
            if (slip := self.slip(rate, budget)) is not None:
                k, strong = slip
                raw, cell = self.area_cell(key)
                self.reader.add(
                    FEL if strong and key[1] == KOSTNADER else VARNING,
                    raw,
                    cell,
                    "enhetsfel",
                    f"{key[0]} / {key[1]}: utfallet hittills uppräknat till helår ({self.amount(rate)}) är "
                    f"{_factor_text(k)} budgeten ({self.amount(budget)}). Kontrollera enheten på "
                    "områdets rader "
                    "i Budget och Utfall (kr, tkr, mnkr).",
                )
            manual = fig.manual.get(key)
            for reference, what in ((budget, "budgeten"), (rate, "utfallet hittills uppräknat till helår")):
                k = thousand_exponent(manual, reference)
                spot = self.row_cell(PROGNOS, key, "manuell") if k is not None else None
                if spot is not None:
                    self.reader.add(
                        FEL,
                        spot[0],
                        spot[1],
                        "enhetsfel",
                        f"{key[0]} / {key[1]}: Manuell prognos {self.amount(manual)} är {_factor_text(k)} "
                        f"{what} ({self.amount(reference)}). Skriv prognosen i {self.enhet}.",
                    )
                if k is not None:
                    break

    # --- signs ---------------------------------------------------------------------------------------
    def signs(self) -> None:
        """Areas whose outcome has the opposite sign of their budget at about its size."""
        fig = self.fig
        flipped: dict[str, list[Key]] = {INTAKTER: [], KOSTNADER: []}
        compared: dict[str, int] = {INTAKTER: 0, KOSTNADER: 0}
        for key, budget in fig.budget.items():
            rate = fig.run_rate(key)
            if not budget or not rate or key[1] not in flipped:
                continue
            compared[key[1]] += 1
            if rate * budget < 0 and SIGN_SIZE[0] <= abs(rate) / abs(budget) <= SIGN_SIZE[1]:
                flipped[key[1]].append(key)
        for typ, keys in flipped.items():
            if keys and len(keys) == compared[typ] and len(keys) > 1:
                raw, cell = self.setting_cell("kostnader" if typ == KOSTNADER else "intakter")
                self.reader.add(
                    FEL,
                    raw,
                    cell,
                    "tecken_mot_budget",
                    f"Alla {len(keys)} områdens {typ.lower()} i Utfall har motsatt tecken mot "
                    "Budget. Tecknen i "
                    f"Utfall och Budget följer olika konventioner: kontrollera raden {typ} i Inställningar "
                    "och tecknen i tabellerna.",
                )
                flipped[typ] = []
        areas = {k[0] for keys in flipped.values() for k in keys}
        for area in sorted(areas, key=list(dict.fromkeys(k[0] for k in fig.budget)).index):
            both = all((area, t) in flipped[t] for t in (INTAKTER, KOSTNADER))
            for typ in (INTAKTER, KOSTNADER):
                key = (area, typ)
                if key not in flipped[typ]:
                    continue
                raw, cell = self.row_cell(UTFALL, key, "belopp") or self.setting_cell("kostnader")
                self.reader.add(
                    FEL if both else VARNING,
                    raw,
                    cell,
                    "tecken_mot_budget",
                    f"{area} / {typ}: utfallet hittills uppräknat till helår "
                    f"({self.amount(fig.run_rate(key))}) "
                    f"har motsatt tecken mot budgeten ({self.amount(fig.budget[key])}). "
                    "Kontrollera tecknen på "
                    "områdets rader i Utfall (intäkter +, kostnader − eller som Inställningar säger).",
                )

    # --- the committee's deviation ---------------------------------------------------------------------
    def proxy_deviation(self) -> tuple[float, float] | None:
        """(the committee's net deviation with manual forecasts and run rates, the budget's costs)."""
        fig = self.fig
        costs = abs(fig.total(fig.budget, KOSTNADER) or 0.0)
        if not costs:
            return None
        forecast = 0.0
        for key in fig.budget:
            value = fig.manual.get(key, fig.run_rate(key))
            forecast += value or 0.0
        return forecast - sum(fig.budget.values()), costs

    def deviation(self) -> None:
        got = self.proxy_deviation()
        if got is None:
            return
        deviation, costs = got
        share = abs(deviation) / costs
        limit = DEVIATION_ERROR if self.fig.period < 3 else DEVIATION_WARNING
        if share <= limit:
            return
        severity = FEL if share > DEVIATION_ERROR else VARNING
        raw = self.reader.table(BUDGET)
        self.reader.add(
            severity,
            raw,
            raw.header_address(),
            "orimlig_avvikelse",
            f"Nämndens avvikelse mot budget blir ungefär {self.amount(deviation)} med utfallet "
            "hittills uppräknat "
            f"till helår och de manuella prognoserna, {format_tal(share * 100, 0)} procent av "
            "budgetens kostnader "
            f"({self.amount(costs)}); så stora avvikelser rapporterar ingen nämnd. Kontrollera "
            "enheter, tecken och "
            "att Budget har alla områden.",
        )

    # --- explanation items ------------------------------------------------------------------------------
    def explanation_items(self) -> tuple[list[float], Any] | None:
        """The amounts that explain the deviation and their table: Åtgärder (Post, Belopp), or
        Orsaker where the economic section keeps its own words (``parts.own``)."""
        own = getattr(self.parts, "own", None)
        items, name = (
            (getattr(own, "orsaker", None), "Orsaker")
            if own is not None
            else (getattr(self.parts, "atgarder", None), ATGARDER.name)
        )
        spec = next((t for t in TABLES if t.name == name), None)
        amounts = [m.belopp for m in items or () if m.belopp is not None]
        return (amounts, spec) if amounts and spec is not None else None

    def explanations(self) -> None:
        got, items = self.proxy_deviation(), self.explanation_items()
        if got is None or items is None:
            return
        (deviation, costs), (amounts, spec) = got, items
        explained = sum(amounts)
        floor = max(0.01 * costs, abs(self.settings.vasentlighetsgrans or 0.0))
        if abs(explained) <= EXPLAINS_TIMES * abs(deviation) + floor:
            return
        # An old workbook's Åtgärder (Post, Belopp) is read as Orsaker: its cells are still there.
        raw = self.reader.table(spec) or self.reader.table(ATGARDER)
        if raw is None:
            return
        found, _ = match_columns(spec, raw.headers)
        cell = raw.header_address(found.get("belopp", 0))
        severity = FEL if abs(explained) > costs else VARNING
        self.reader.add(
            severity,
            raw,
            cell,
            "forklaring_overstiger",
            f"Posterna i {raw.sheet} summerar till {self.amount(explained)}, men nämndens "
            "avvikelse mot budget är "
            f"ungefär {self.amount(deviation)} (utfallet uppräknat till helår och de manuella prognoserna)"
            + (" och budgetens kostnader bara " + self.amount(costs) if severity == FEL else "")
            + ". Posterna förklarar mer än avvikelsen: kontrollera att beloppen är i "
            f"{self.enhet} och tecknen.",
        )


def _sizeable(value: float, enhet: str, kronor: float = 1e4) -> bool:
    """More than ``kronor`` (10 000): smaller sums say nothing about a unit."""
    return abs(value) * ENHETER.get(enhet, 1e3) > kronor


def _factor_text(k: int) -> str:
    factor = "1 000" if abs(k) == 3 else "1 000 000"
    return f"ungefär {factor} gånger {'större än' if k > 0 else 'mindre än'}"


def check(
    reader: Reader,
    settings: Settings,
    budget: Any,
    utfall: Any,
    prognos: list[dict[str, Any]],
    ledgers: set[str],
    parts: Any = None,
) -> None:
    """Run the checks over a workbook whose tables were read without errors."""
    if settings is None or budget is None or utfall is None:
        return
    Checks(reader, settings, figures(settings, budget, utfall, prognos), ledgers, parts).run()
