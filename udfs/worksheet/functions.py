"""The PROGNOS.* worksheet functions: one definition, registered twice.

Each function here is the engine's own calculation (``udfs.forecasting.deviation``,
``udfs.language.rounding``, ``udfs.forecasting.methods``, ``udfs.forecasting.sentences``) behind an Excel-facing layer
that:

- takes single cells or whole ranges (a 2-D list, as xlwings delivers with
  ``ndim=2``) and broadcasts them like Excel does (a single cell against a range,
  a column against a row gives a table), returning a scalar for cells and a 2-D
  list for ranges (array in, array out, spilling);
- reads numbers the Swedish way ("1 234,5", "−12 000"); an empty cell is 0 as in
  Excel's own arithmetic; a placeholder ("-", "Anges vid årsbokslut", "saknas") is
  *not known yet* and gives ``#N/A``, never 0; an Excel error in an input cell is
  passed on;
- never crashes a batch: a bad element of a range gives an Excel error value in
  that element only (``#VALUE!``, ``#DIV/0!``, ``#N/A``), and a bad single-cell
  call raises ``FunktionsFel`` with a Swedish message, which the adapters turn into
  an Excel error value carrying that message.

``FUNKTIONER`` is the one definition; ``registrera`` applies a set of xlwings
decorators (``xlwings.server`` for the Office.js add-in, classic ``@xw.func`` for
desktop Excel) to fresh copies of the functions, with Swedish descriptions and
argument help.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from udfs.forecasting import deviation
from udfs.forecasting import methods
from udfs.language.number_text import EMPTY, INVALID, PLACEHOLDER, parse_number
from udfs.language.rounding import avrunda as _avrunda
from udfs.forecasting.sentences import avvikelsetext as _avvikelsetext
from udfs.language.vocabulary import ENHETER, ERROR_VALUES, normalize

NAMESPACE = "PROGNOS"

# Excel's error values, as xlwings writes them (a string starting with "#").
VARDEFEL = "#VALUE!"
DIVFEL = "#DIV/0!"
SAKNAS = "#N/A"
TALFEL = "#NUM!"
FELKODER = tuple(ERROR_VALUES)


@dataclass(frozen=True)
class Fel:
    """An Excel error value in one element of a result, with the Swedish reason."""

    kod: str
    meddelande: str = ""

    def __str__(self) -> str:
        return self.kod


class FunktionsFel(ValueError):
    """A whole call is unusable (wrong shapes, bad single-cell argument).

    The Office.js adapter turns it into ``#VALUE!`` with this message in the cell's
    error tooltip; the desktop adapter into xlwings' error for the cell.
    """

    def __init__(self, meddelande: str, kod: str = VARDEFEL):
        super().__init__(meddelande)
        self.meddelande = meddelande
        self.kod = kod


_UTELAMNAD = object()  # marker: optional argument without a default value


@dataclass(frozen=True)
class Argument:
    namn: str  # Python and Excel parameter name (ASCII: Excel and VBA accept these everywhere)
    hjalp: str  # Swedish help shown by Excel while typing
    standard: Any = _UTELAMNAD  # default for optional arguments

    @property
    def valfri(self) -> bool:
        return self.standard is not _UTELAMNAD


@dataclass(frozen=True)
class Funktion:
    namn: str  # Excel name without namespace: "AVVIKELSE"
    beskrivning: str  # Swedish description (Excel's function tooltip)
    argument: tuple[Argument, ...]
    berakna: Callable[..., Any]  # raw Excel arguments in, scalar or 2-D list (with Fel) out
    exempel: str = ""
    motor: Callable[..., Any] | None = field(default=None, compare=False)  # the engine function it calls

    def __call__(self, *args: Any) -> Any:
        return self.berakna(*args)


# --- reading Excel arguments ---------------------------------------------------------

def _grid(value: Any) -> list[list[Any]]:
    """A scalar, 1-D or 2-D argument as a 2-D list (1-D = one row)."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if not value:
            return [[None]]
        if all(isinstance(v, (list, tuple)) for v in value):
            return [list(v) if len(v) else [None] for v in value]
        return [list(value)]
    return [[value]]


def _number(value: Any, argument: str) -> float | Fel:
    """One cell to a float, or the error value it gives."""
    if isinstance(value, Fel):
        return value
    if isinstance(value, dict):  # an Office.js cell value object (raw arguments)
        if value.get("type") == "Error":
            code = str(value.get("basicValue") or VARDEFEL)
            return Fel(code if code in FELKODER else VARDEFEL, f"{argument}: cellen innehåller felvärdet {code}.")
        value = value.get("basicValue")  # a formatted number (date, currency), a boolean …
    if isinstance(value, str) and value.strip().upper() in FELKODER:
        return Fel(value.strip().upper(), f"{argument}: cellen innehåller felvärdet {value.strip()}.")
    parsed = parse_number(value)
    if parsed.kind == EMPTY:
        return 0.0
    if parsed.kind == PLACEHOLDER:
        return Fel(SAKNAS, f"{argument}: {value!r} betyder att värdet inte är känt ännu.")
    if parsed.kind == INVALID or parsed.value is None:
        return Fel(VARDEFEL, f"{argument}: {value!r} är inte ett tal.")
    return parsed.value


def _numbers(value: Any, argument: str) -> tuple[np.ndarray, np.ndarray]:
    """(floats, errors): an object array of Fel/None beside the float array."""
    grid = _grid(value)
    width = max(len(r) for r in grid)
    floats = np.zeros((len(grid), width), dtype=float)
    errors = np.full((len(grid), width), None, dtype=object)
    for i, row in enumerate(grid):
        for j in range(width):
            cell = row[j] if j < len(row) else None
            number = _number(cell, argument)
            if isinstance(number, Fel):
                errors[i, j] = number
            else:
                floats[i, j] = number
    return floats, errors


def _broadcast_shape(shapes: list[tuple[int, int]], names: list[str]) -> tuple[int, int]:
    try:
        return tuple(np.broadcast_shapes(*shapes))  # type: ignore[return-value]
    except ValueError:
        described = ", ".join(f"{n} {r}×{c}" for n, (r, c) in zip(names, shapes))
        raise FunktionsFel(
            f"Områdena har olika storlek ({described}). Använd lika stora områden, "
            "eller en enskild cell mot ett område."
        ) from None


def _out(result: np.ndarray, *, scalar_errors: bool = True) -> Any:
    """A 1×1 result as a scalar (raising FunktionsFel for an error with a message);
    otherwise a 2-D list."""
    if result.shape == (1, 1):
        value = result[0, 0]
        if isinstance(value, Fel) and scalar_errors and value.kod == VARDEFEL and value.meddelande:
            raise FunktionsFel(value.meddelande, value.kod)
        return value
    return [[_plain(v) for v in row] for row in result.tolist()]


def _plain(value: Any) -> Any:
    if isinstance(value, (np.floating, np.integer)):
        return float(value)
    return value


def _elementwise(
    engine: Callable[..., Any],
    args: list[tuple[str, Any]],
    nan_error: Fel,
    post: Callable[[float], Any] | None = None,
) -> Any:
    """Apply a vectorised engine function over broadcast numeric arguments."""
    names = [n for n, _v in args]
    parsed = [_numbers(v, n) for n, v in args]
    shape = _broadcast_shape([f.shape for f, _e in parsed], names)
    floats = [np.broadcast_to(f, shape) for f, _e in parsed]
    errors = [np.broadcast_to(e, shape) for _f, e in parsed]
    with np.errstate(all="ignore"):
        values = np.asarray(engine(*floats), dtype=float)
    values = np.broadcast_to(values, shape)
    out = np.empty(shape, dtype=object)
    for index in np.ndindex(shape):
        first_error = next((e[index] for e in errors if e[index] is not None), None)
        if first_error is not None:
            out[index] = first_error
        elif math.isnan(values[index]) or math.isinf(values[index]):
            out[index] = nan_error
        else:
            out[index] = post(float(values[index])) if post else float(values[index])
    return _out(out)


# --- the functions -------------------------------------------------------------------

def avvikelse(budget: Any, prognos: Any) -> Any:
    return _elementwise(deviation.avvikelse, [("budget", budget), ("prognos", prognos)], Fel(TALFEL))


def avvikelseprocent(budget: Any, prognos: Any) -> Any:
    return _elementwise(
        deviation.avvikelseprocent, [("budget", budget), ("prognos", prognos)],
        Fel(DIVFEL, "Budgeten är 0: avvikelsen i procent går inte att beräkna."),
    )


def arsplatser(varddygn: Any, dagar: Any) -> Any:
    return _elementwise(
        deviation.arsplatser, [("vårddygn", varddygn), ("dagar", dagar)],
        Fel(DIVFEL, "Antalet dagar måste vara större än 0."),
    )


def volymkostnad(volym: Any, styckkostnad: Any, manader: Any = 1) -> Any:
    return _elementwise(
        deviation.volymkostnad,
        [("volym", volym), ("styckkostnad", styckkostnad), ("månader", 1 if manader is None else manader)],
        Fel(TALFEL),
    )


def kvarstaende(mottaget: Any, kostnader: Any) -> Any:
    return _elementwise(deviation.kvarstaende, [("mottaget", mottaget), ("kostnader", kostnader)], Fel(TALFEL))


def smatal(antal: Any) -> Any:
    def engine(a: np.ndarray) -> np.ndarray:
        return np.where((a < 0) | (a != np.floor(a)), np.nan, deviation.smatal(a))

    return _elementwise(engine, [("antal", antal)], Fel(VARDEFEL, "Antalet måste vara ett heltal 0 eller större."))


def _avrunda_snabb(b: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The engine's ``avrunda`` for whole arrays, vectorised where that is exact.

    Away from a tie the nearest multiple of 10^-d is unambiguous, and numpy's rounding
    of ``b·10^d`` followed by one correctly rounded division gives the very float the
    engine's decimal arithmetic gives. Elements near a tie (…,5, within the float error) go through the engine's own ``avrunda``, which
    decides ties on the number as typed; so do values too large for the fast path. Floats
    of 2^53 and more are whole numbers and are returned as they are."""
    d = np.trunc(d)
    out = np.full(np.broadcast(b, d).shape, np.nan)
    b, d = np.broadcast_arrays(b, d)
    ok = np.isfinite(b) & (np.abs(d) <= 10)
    scale = np.where(ok, 10.0 ** np.abs(np.where(ok, d, 0)), 1.0)
    scaled = np.where(d >= 0, b * scale, b / scale)
    frac = np.abs(scaled - np.trunc(scaled))
    # "near a tie": within the error of b·10^d (a few ulp of it) plus a margin
    tolerance = np.maximum(1e-6, np.abs(scaled) * 4e-15)
    fast = ok & (np.abs(frac - 0.5) > tolerance) & (np.abs(scaled) < 2.0 ** 52)
    rounded = np.round(scaled)
    out[fast] = np.where(d >= 0, rounded / scale, rounded * scale)[fast]
    huge = ok & (np.abs(b) >= 2.0 ** 53) & (d >= 0)  # every float this large is whole
    out[huge] = b[huge]
    out[fast & (out == 0)] = 0.0  # no −0
    slow = ok & ~fast & ~huge
    if slow.any():
        out[slow] = np.asarray(_avrunda(b[slow], d[slow]), dtype=float)
    return out


def avrunda(belopp: Any, decimaler: Any = 0) -> Any:
    def engine(b: np.ndarray, d: np.ndarray) -> np.ndarray:
        return _avrunda_snabb(np.asarray(b, dtype=float), np.asarray(d, dtype=float))

    return _elementwise(engine, [("belopp", belopp), ("decimaler", 0 if decimaler is None else decimaler)], Fel(TALFEL))


def _enhet(value: Any) -> str | Fel:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "tkr"
    text = normalize(value)
    for enhet in ENHETER:
        if text == enhet:
            return enhet
    return Fel(VARDEFEL, f"Okänd enhet {value!r}: ange kr, tkr eller mnkr.")


def avvikelsetext(budget: Any, prognos: Any, enhet: Any = "tkr", balansgrans: Any = 0.005) -> Any:
    b_f, b_e = _numbers(budget, "budget")
    p_f, p_e = _numbers(prognos, "prognos")
    g_f, g_e = _numbers(0.005 if balansgrans is None else balansgrans, "balansgräns")
    units = np.array([[_enhet(v) for v in row] for row in _grid(enhet)], dtype=object)
    shape = _broadcast_shape([b_f.shape, p_f.shape, units.shape, g_f.shape], ["budget", "prognos", "enhet", "balansgräns"])
    arrays = [np.broadcast_to(a, shape) for a in (b_f, b_e, p_f, p_e, units, g_f, g_e)]
    b_f, b_e, p_f, p_e, units, g_f, g_e = arrays
    out = np.empty(shape, dtype=object)
    for index in np.ndindex(shape):
        error = next((e[index] for e in (b_e, p_e, g_e) if e[index] is not None), None)
        if error is None and isinstance(units[index], Fel):
            error = units[index]
        if error is None and not 0 <= g_f[index] < 1:
            error = Fel(VARDEFEL, "Balansgränsen är en andel av budgeten, t.ex. 0,005 för 0,5 %.")
        out[index] = error if error is not None else _avvikelsetext(
            float(b_f[index]), float(p_f[index]), units[index], float(g_f[index]))
    return _out(out)


_METODER = {normalize(m): m for m in (methods.LINJAR, methods.SASONG, methods.BUDGETPROFIL, methods.MANUELL)}


def _row_values(value: Any) -> list[list[Any]] | None:
    return None if value is None else _grid(value)


def helarsprognos(utfall: Any, metod: Any = methods.LINJAR, fg_ar: Any = None, budget: Any = None,
                  manuell: Any = None) -> Any:
    """One forecast per row of ``utfall`` (months jan… in columns)."""
    rows = _grid(utfall)
    n = len(rows)

    def per_row(value: Any, what: str, width: int | None) -> list[list[Any] | None]:
        if value is None:
            return [None] * n
        grid = _grid(value)
        if len(grid) == 1:
            return grid * n
        if len(grid) != n:
            raise FunktionsFel(f"{what} har {len(grid)} rader men utfall har {n}: en rad per serie, eller en rad för alla.")
        return grid

    row_methods = per_row(metod, "metod", 1)
    lasts = per_row(fg_ar, "fg_ar", 12)
    budgets = per_row(budget, "budget", 12)
    manuals = per_row(manuell, "manuell", 1)
    out = np.empty((n, 1), dtype=object)
    for i, row in enumerate(rows):
        out[i, 0] = _one_forecast(row, row_methods[i], lasts[i], budgets[i], manuals[i])
    return _out(out)


def _series(values: list[Any] | None, what: str) -> list[float] | Fel | None:
    if values is None:
        return None
    out: list[float] = []
    for v in values:
        if v is None or (isinstance(v, str) and not v.strip()):
            out.append(math.nan)
            continue
        number = _number(v, what)
        if isinstance(number, Fel):
            return number
        out.append(number)
    return out


def _one_forecast(row: list[Any], metod_row: list[Any] | None, last: list[Any] | None,
                  budget: list[Any] | None, manual: list[Any] | None) -> Any:
    raw = (metod_row or [None])[0]
    method = methods.LINJAR if raw is None or (isinstance(raw, str) and not raw.strip()) else _METODER.get(normalize(raw))
    if method is None:
        return Fel(VARDEFEL, f"Okänd metod {raw!r}: välj Linjär, Säsong, Budgetprofil eller Manuell.")
    months = _series(row, "utfall")
    if isinstance(months, Fel):
        return months
    if len(months) > 12:
        return Fel(VARDEFEL, f"Utfallet har {len(months)} månader: högst tolv (januari–december) per rad.")
    last_f = _series(last, "fg_ar")
    budget_f = _series(budget, "budget")
    manual_f = _series(manual, "manuell")
    for value in (last_f, budget_f, manual_f):
        if isinstance(value, Fel):
            return value
    if budget_f is not None:
        budget_f = [0.0 if math.isnan(v) else v for v in budget_f]
    try:
        return methods.helarsprognos(
            months, method,
            fg_ar=None if last_f is None else [0.0 if math.isnan(v) else v for v in last_f],
            budget=budget_f,
            manuell=None if manual_f is None else manual_f[0],
        )
    except ValueError as exc:
        return Fel(VARDEFEL, str(exc))


BELOPP = "Ett belopp, en cell eller ett område (tecken som i tabellerna: intäkter +, kostnader −)."

FUNKTIONER: tuple[Funktion, ...] = (
    Funktion(
        "AVVIKELSE",
        "Budgetavvikelse = prognos − budget. Positivt är ett överskott, negativt ett underskott. "
        "Tar celler eller hela områden.",
        (Argument("budget", "Budget (helår eller period). " + BELOPP), Argument("prognos", "Prognos eller utfall. " + BELOPP)),
        avvikelse, "=PROGNOS.AVVIKELSE(-720329; -682050) ger 38 279", deviation.avvikelse,
    ),
    Funktion(
        "AVVIKELSEPROCENT",
        "Avvikelsen i procent av budgeten: (prognos − budget) / |budget|. #DIV/0! när budgeten är 0.",
        (Argument("budget", "Budget. " + BELOPP), Argument("prognos", "Prognos. " + BELOPP)),
        avvikelseprocent, "=PROGNOS.AVVIKELSEPROCENT(-720329; -682050) ger 5,3 %", deviation.avvikelseprocent,
    ),
    Funktion(
        "HELARSPROGNOS",
        "Helårsprognos för en serie per rad: utfall för årets månader (januari och framåt i kolumner) "
        "med metoden Linjär, Säsong, Budgetprofil eller Manuell.",
        (
            Argument("utfall", "Årets utfall per månad, januari först, månaderna i kolumner (en rad per serie). "
                               "Tomma celler efter senast stängda månad."),
            Argument("metod", "Linjär (förval), Säsong, Budgetprofil eller Manuell.", methods.LINJAR),
            Argument("fg_ar", "Säsong: föregående års tolv månader (en rad).", None),
            Argument("budget", "Budgetprofil: helårsbudget (en cell) eller tolv periodiserade månader.", None),
            Argument("manuell", "Manuell: din egen prognos, som alltid gäller.", None),
        ),
        helarsprognos, "=PROGNOS.HELARSPROGNOS(B2:E2; \"Linjär\")", methods.helarsprognos,
    ),
    Funktion(
        "ARSPLATSER",
        "Årsplatser = vårddygn / dagar i perioden (genomsnittligt antal samtidiga placeringar).",
        (Argument("varddygn", "Antal vårddygn under perioden."), Argument("dagar", "Antal dagar i perioden, t.ex. 365 eller 120.")),
        arsplatser, "=PROGNOS.ARSPLATSER(7300; 365) ger 20", deviation.arsplatser,
    ),
    Funktion(
        "VOLYMKOSTNAD",
        "Kostnad = volym × styckkostnad × månader (t.ex. 843 hushåll × 11 000 kr × 12 månader).",
        (
            Argument("volym", "Volym: antal platser, hushåll, dygn …"),
            Argument("styckkostnad", "Kostnad per enhet (per månad eller år)."),
            Argument("manader", "Antal månader, 1 om styckkostnaden gäller hela perioden (förval 1).", 1),
        ),
        volymkostnad, "=PROGNOS.VOLYMKOSTNAD(843; 11000; 12)", deviation.volymkostnad,
    ),
    Funktion(
        "KVARSTAENDE",
        "Kvarstående statsbidrag att betala tillbaka: mottaget − redovisade kostnader, där kostnaderna "
        "aldrig räknas högre än det mottagna beloppet (överskjutande del är egen medfinansiering).",
        (Argument("mottaget", "Mottaget bidrag i hela kronor."), Argument("kostnader", "Summa redovisade kostnader i hela kronor.")),
        kvarstaende, "=PROGNOS.KVARSTAENDE(325000; 97924) ger 227 076", deviation.kvarstaende,
    ),
    Funktion(
        "SMATAL",
        "Anonymiserat antal för bidragsblanketterna: 0 blir 0, 1–3 blir 3, 4 och fler som de är.",
        (Argument("antal", "Antal personer, hushåll eller ärenden (heltal)."),),
        smatal, "=PROGNOS.SMATAL(2) ger 3", deviation.smatal,
    ),
    Funktion(
        "AVRUNDA",
        "Avrundning med halva bort från noll, som i nämndens tabeller (−682,05 blir −682,1).",
        (Argument("belopp", "Talet som ska avrundas."), Argument("decimaler", "Antal decimaler, negativt för tiotal/tusental (förval 0).", 0)),
        avrunda, "=PROGNOS.AVRUNDA(-682,05; 1) ger -682,1", _avrunda,
    ),
    Funktion(
        "AVVIKELSETEXT",
        "Standardmeningen om helårsprognosen: överskott, underskott eller budget i balans, "
        "t.ex. \"Prognosen för helåret visar ett överskott på 38,3 miljoner kronor …\".",
        (
            Argument("budget", "Budget netto (tecken som i tabellerna)."),
            Argument("prognos", "Prognos netto."),
            Argument("enhet", "Beloppens enhet: kr, tkr (förval) eller mnkr.", "tkr"),
            Argument("balansgrans", "Andel av budgeten under vilken avvikelsen är \"budget i balans\" (förval 0,005 = 0,5 %).", 0.005),
        ),
        avvikelsetext, "=PROGNOS.AVVIKELSETEXT(-720329; -682050; \"tkr\")", _avvikelsetext,
    ),
)

FUNKTION = {f.namn: f for f in FUNKTIONER}


# --- registration --------------------------------------------------------------------

def _signature(spec: Funktion) -> inspect.Signature:
    params = [
        inspect.Parameter(a.namn, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          default=a.standard if a.valfri else inspect.Parameter.empty)
        for a in spec.argument
    ]
    return inspect.Signature(params)


def skapa(spec: Funktion, namn: str, rendera: Callable[[Any], Any],
          fel: Callable[[FunktionsFel], Any]) -> Callable[..., Any]:
    """A fresh Python function for one registration: the spec's signature, its Swedish
    description as docstring, ``rendera`` applied to the result (to turn ``Fel`` into the
    host's error values) and ``fel`` called for a whole-call error."""

    def funktion(*args: Any) -> Any:
        try:
            return rendera(spec.berakna(*args))
        except FunktionsFel as exc:
            return fel(exc)

    funktion.__name__ = funktion.__qualname__ = namn
    funktion.__doc__ = spec.beskrivning
    funktion.__signature__ = _signature(spec)  # type: ignore[attr-defined]
    funktion.__annotations__ = {}
    funktion.__module__ = __name__
    funktion.prognos_funktion = spec  # type: ignore[attr-defined]
    return funktion


def rendera_fel(result: Any, som: Callable[[Fel], Any]) -> Any:
    """Replace every ``Fel`` in a scalar or 2-D result with ``som(fel)``."""
    if isinstance(result, Fel):
        return som(result)
    if isinstance(result, list):
        return [[som(v) if isinstance(v, Fel) else v for v in row] for row in result]
    return result


def registrera(
    func: Callable[..., Any],
    arg: Callable[..., Any],
    *,
    prefix: str = "",
    rendera: Callable[[Any], Any],
    fel: Callable[[FunktionsFel], Any],
    func_kwargs: dict[str, Any] | None = None,
    arg_options: dict[str, Any] | None = None,
) -> dict[str, Callable[..., Any]]:
    """Apply xlwings' ``func``/``arg`` decorators to a copy of every function.

    Returns {python name: function}; put them in the module xlwings scans (the Office.js
    server's ``custom_functions`` package, or the desktop UDF module). ``arg_options``
    are xlwings converter options for every argument: by default 2-D lists with error
    values as text (classic xlwings); the Office.js server passes ``convert="raw"``,
    the matrices exactly as Excel sent them, which this module reads itself.
    """
    out: dict[str, Callable[..., Any]] = {}
    for spec in FUNKTIONER:
        name = f"{prefix}{spec.namn}" if prefix else spec.namn.lower()
        f = skapa(spec, name, rendera, fel)
        for a in spec.argument:
            f = arg(a.namn, doc=a.hjalp, **(arg_options if arg_options is not None else {"ndim": 2, "err_to_str": True}))(f)
        f = func(**(func_kwargs or {}))(f)
        out[name] = f
    return out
