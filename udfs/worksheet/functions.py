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
  call raises ``CallError`` with a Swedish message, which the adapters turn into
  an Excel error value carrying that message.

``FUNCTIONS`` is the one definition; ``register`` applies a set of xlwings
decorators (``xlwings.server`` for the Office.js add-in, classic ``@xw.func`` for
desktop Excel) to fresh copies of the functions, with Swedish descriptions and
argument help.
"""

from __future__ import annotations

import inspect
import math
from typing import Any, Callable

import numpy as np

from udfs.forecasting import deviation, methods
from udfs.forecasting.sentences import avvikelsetext as _avvikelsetext
from udfs.language.rounding import avrunda as _avrunda
from udfs.language.vocabulary import ENHETER, normalize
from udfs.worksheet.arguments import (
    DIV0_ERROR,
    NUM_ERROR,
    VALUE_ERROR,
    Argument,
    CallError,
    ExcelError,
    WorksheetFunction,
    as_grid,
    as_number,
    as_numbers,
    broadcast_shape,
    elementwise,
    excel_result,
)

# --- the functions -------------------------------------------------------------------


def avvikelse(budget: Any, prognos: Any) -> Any:
    return elementwise(deviation.avvikelse, [("budget", budget), ("prognos", prognos)], ExcelError(NUM_ERROR))


def avvikelseprocent(budget: Any, prognos: Any) -> Any:
    return elementwise(
        deviation.avvikelseprocent,
        [("budget", budget), ("prognos", prognos)],
        ExcelError(DIV0_ERROR, "Budgeten är 0: avvikelsen i procent går inte att beräkna."),
    )


def arsplatser(varddygn: Any, dagar: Any) -> Any:
    return elementwise(
        deviation.arsplatser,
        [("vårddygn", varddygn), ("dagar", dagar)],
        ExcelError(DIV0_ERROR, "Antalet dagar måste vara större än 0."),
    )


def volymkostnad(volym: Any, styckkostnad: Any, manader: Any = 1) -> Any:
    return elementwise(
        deviation.volymkostnad,
        [("volym", volym), ("styckkostnad", styckkostnad), ("månader", 1 if manader is None else manader)],
        ExcelError(NUM_ERROR),
    )


def kvarstaende(mottaget: Any, kostnader: Any) -> Any:
    return elementwise(deviation.kvarstaende, [("mottaget", mottaget), ("kostnader", kostnader)], ExcelError(NUM_ERROR))


def smatal(antal: Any) -> Any:
    def engine(a: np.ndarray) -> np.ndarray:
        return np.where((a < 0) | (a != np.floor(a)), np.nan, deviation.smatal(a))

    return elementwise(
        engine, [("antal", antal)], ExcelError(VALUE_ERROR, "Antalet måste vara ett heltal 0 eller större.")
    )


def _avrunda_vectorised(b: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The engine's ``avrunda`` for whole arrays, vectorised where that is exact.

    Away from a tie the nearest multiple of 10^-d is unambiguous, and numpy's rounding
    of ``b·10^d`` followed by one correctly rounded division gives the very float the
    engine's decimal arithmetic gives. Elements near a tie (…,5, within the float error) go through the engine's
    own ``avrunda``, which
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
    fast = ok & (np.abs(frac - 0.5) > tolerance) & (np.abs(scaled) < 2.0**52)
    rounded = np.round(scaled)
    out[fast] = np.where(d >= 0, rounded / scale, rounded * scale)[fast]
    huge = ok & (np.abs(b) >= 2.0**53) & (d >= 0)  # every float this large is whole
    out[huge] = b[huge]
    out[fast & (out == 0)] = 0.0  # no −0
    slow = ok & ~fast & ~huge
    if slow.any():
        out[slow] = np.asarray(_avrunda(b[slow], d[slow]), dtype=float)
    return out


def avrunda(belopp: Any, decimaler: Any = 0) -> Any:
    def engine(b: np.ndarray, d: np.ndarray) -> np.ndarray:
        return _avrunda_vectorised(np.asarray(b, dtype=float), np.asarray(d, dtype=float))

    return elementwise(
        engine, [("belopp", belopp), ("decimaler", 0 if decimaler is None else decimaler)], ExcelError(NUM_ERROR)
    )


def _unit(value: Any) -> str | ExcelError:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "tkr"
    text = normalize(value)
    for unit in ENHETER:
        if text == unit:
            return unit
    return ExcelError(VALUE_ERROR, f"Okänd enhet {value!r}: ange kr, tkr eller mnkr.")


def avvikelsetext(budget: Any, prognos: Any, enhet: Any = "tkr", balansgrans: Any = 0.005) -> Any:
    b_f, b_e = as_numbers(budget, "budget")
    p_f, p_e = as_numbers(prognos, "prognos")
    g_f, g_e = as_numbers(0.005 if balansgrans is None else balansgrans, "balansgräns")
    units = np.array([[_unit(v) for v in row] for row in as_grid(enhet)], dtype=object)
    shape = broadcast_shape(
        [b_f.shape, p_f.shape, units.shape, g_f.shape], ["budget", "prognos", "enhet", "balansgräns"]
    )
    arrays = [np.broadcast_to(a, shape) for a in (b_f, b_e, p_f, p_e, units, g_f, g_e)]
    b_f, b_e, p_f, p_e, units, g_f, g_e = arrays
    out = np.empty(shape, dtype=object)
    for index in np.ndindex(shape):
        error = next((e[index] for e in (b_e, p_e, g_e) if e[index] is not None), None)
        if error is None and isinstance(units[index], ExcelError):
            error = units[index]
        if error is None and not 0 <= g_f[index] < 1:
            error = ExcelError(VALUE_ERROR, "Balansgränsen är en andel av budgeten, t.ex. 0,005 för 0,5 %.")
        out[index] = (
            error
            if error is not None
            else _avvikelsetext(float(b_f[index]), float(p_f[index]), units[index], float(g_f[index]))
        )
    return excel_result(out)


_METHODS = {normalize(m): m for m in (methods.LINJAR, methods.SASONG, methods.BUDGETPROFIL, methods.MANUELL)}


def _row_values(value: Any) -> list[list[Any]] | None:
    return None if value is None else as_grid(value)


def helarsprognos(
    utfall: Any, metod: Any = methods.LINJAR, fg_ar: Any = None, budget: Any = None, manuell: Any = None
) -> Any:
    """One forecast per row of ``utfall`` (months jan… in columns)."""
    rows = as_grid(utfall)
    n = len(rows)

    def per_row(value: Any, what: str, width: int | None) -> list[list[Any] | None]:
        if value is None:
            return [None] * n
        grid = as_grid(value)
        if len(grid) == 1:
            return grid * n
        if len(grid) != n:
            raise CallError(
                f"{what} har {len(grid)} rader men utfall har {n}: en rad per serie, eller en rad för alla."
            )
        return grid

    row_methods = per_row(metod, "metod", 1)
    lasts = per_row(fg_ar, "fg_ar", 12)
    budgets = per_row(budget, "budget", 12)
    manuals = per_row(manuell, "manuell", 1)
    out = np.empty((n, 1), dtype=object)
    for i, row in enumerate(rows):
        out[i, 0] = _one_forecast(row, row_methods[i], lasts[i], budgets[i], manuals[i])
    return excel_result(out)


def _series(values: list[Any] | None, what: str) -> list[float] | ExcelError | None:
    if values is None:
        return None
    out: list[float] = []
    for v in values:
        if v is None or (isinstance(v, str) and not v.strip()):
            out.append(math.nan)
            continue
        number = as_number(v, what)
        if isinstance(number, ExcelError):
            return number
        out.append(number)
    return out


def _one_forecast(
    row: list[Any],
    method_row: list[Any] | None,
    last: list[Any] | None,
    budget: list[Any] | None,
    manual: list[Any] | None,
) -> Any:
    raw = (method_row or [None])[0]
    method = (
        methods.LINJAR if raw is None or (isinstance(raw, str) and not raw.strip()) else _METHODS.get(normalize(raw))
    )
    if method is None:
        return ExcelError(VALUE_ERROR, f"Okänd metod {raw!r}: välj Linjär, Säsong, Budgetprofil eller Manuell.")
    months = _series(row, "utfall")
    if isinstance(months, ExcelError):
        return months
    if len(months) > 12:
        return ExcelError(VALUE_ERROR, f"Utfallet har {len(months)} månader: högst tolv (januari–december) per rad.")
    last_f = _series(last, "fg_ar")
    budget_f = _series(budget, "budget")
    manual_f = _series(manual, "manuell")
    for value in (last_f, budget_f, manual_f):
        if isinstance(value, ExcelError):
            return value
    if budget_f is not None:
        budget_f = [0.0 if math.isnan(v) else v for v in budget_f]
    try:
        return methods.helarsprognos(
            months,
            method,
            fg_ar=None if last_f is None else [0.0 if math.isnan(v) else v for v in last_f],
            budget=budget_f,
            manuell=None if manual_f is None else manual_f[0],
        )
    except ValueError as exc:
        return ExcelError(VALUE_ERROR, str(exc))


AMOUNT_HELP = "Ett belopp, en cell eller ett område (tecken som i tabellerna: intäkter +, kostnader −)."

FUNCTIONS: tuple[WorksheetFunction, ...] = (
    WorksheetFunction(
        "AVVIKELSE",
        "Budgetavvikelse = prognos − budget. Positivt är ett överskott, negativt ett underskott. "
        "Tar celler eller hela områden.",
        (
            Argument("budget", "Budget (helår eller period). " + AMOUNT_HELP),
            Argument("prognos", "Prognos eller utfall. " + AMOUNT_HELP),
        ),
        avvikelse,
        "=PROGNOS.AVVIKELSE(-720329; -682050) ger 38 279",
        deviation.avvikelse,
    ),
    WorksheetFunction(
        "AVVIKELSEPROCENT",
        "Avvikelsen i procent av budgeten: (prognos − budget) / |budget|. #DIV/0! när budgeten är 0.",
        (Argument("budget", "Budget. " + AMOUNT_HELP), Argument("prognos", "Prognos. " + AMOUNT_HELP)),
        avvikelseprocent,
        "=PROGNOS.AVVIKELSEPROCENT(-720329; -682050) ger 5,3 %",
        deviation.avvikelseprocent,
    ),
    WorksheetFunction(
        "HELARSPROGNOS",
        "Helårsprognos för en serie per rad: utfall för årets månader (januari och framåt i kolumner) "
        "med metoden Linjär, Säsong, Budgetprofil eller Manuell.",
        (
            Argument(
                "utfall",
                "Årets utfall per månad, januari först, månaderna i kolumner (en rad per serie). "
                "Tomma celler efter senast stängda månad.",
            ),
            Argument("metod", "Linjär (förval), Säsong, Budgetprofil eller Manuell.", methods.LINJAR),
            Argument("fg_ar", "Säsong: föregående års tolv månader (en rad).", None),
            Argument("budget", "Budgetprofil: helårsbudget (en cell) eller tolv periodiserade månader.", None),
            Argument("manuell", "Manuell: din egen prognos, som alltid gäller.", None),
        ),
        helarsprognos,
        '=PROGNOS.HELARSPROGNOS(B2:E2; "Linjär")',
        methods.helarsprognos,
    ),
    WorksheetFunction(
        "ARSPLATSER",
        "Årsplatser = vårddygn / dagar i perioden (genomsnittligt antal samtidiga placeringar).",
        (
            Argument("varddygn", "Antal vårddygn under perioden."),
            Argument("dagar", "Antal dagar i perioden, t.ex. 365 eller 120."),
        ),
        arsplatser,
        "=PROGNOS.ARSPLATSER(7300; 365) ger 20",
        deviation.arsplatser,
    ),
    WorksheetFunction(
        "VOLYMKOSTNAD",
        "Kostnad = volym × styckkostnad × månader (t.ex. 843 hushåll × 11 000 kr × 12 månader).",
        (
            Argument("volym", "Volym: antal platser, hushåll, dygn …"),
            Argument("styckkostnad", "Kostnad per enhet (per månad eller år)."),
            Argument("manader", "Antal månader, 1 om styckkostnaden gäller hela perioden (förval 1).", 1),
        ),
        volymkostnad,
        "=PROGNOS.VOLYMKOSTNAD(843; 11000; 12)",
        deviation.volymkostnad,
    ),
    WorksheetFunction(
        "KVARSTAENDE",
        "Kvarstående statsbidrag att betala tillbaka: mottaget − redovisade kostnader, där kostnaderna "
        "aldrig räknas högre än det mottagna beloppet (överskjutande del är egen medfinansiering).",
        (
            Argument("mottaget", "Mottaget bidrag i hela kronor."),
            Argument("kostnader", "Summa redovisade kostnader i hela kronor."),
        ),
        kvarstaende,
        "=PROGNOS.KVARSTAENDE(325000; 97924) ger 227 076",
        deviation.kvarstaende,
    ),
    WorksheetFunction(
        "SMATAL",
        "Anonymiserat antal för bidragsblanketterna: 0 blir 0, 1–3 blir 3, 4 och fler som de är.",
        (Argument("antal", "Antal personer, hushåll eller ärenden (heltal)."),),
        smatal,
        "=PROGNOS.SMATAL(2) ger 3",
        deviation.smatal,
    ),
    WorksheetFunction(
        "AVRUNDA",
        "Avrundning med halva bort från noll, som i nämndens tabeller (−682,05 blir −682,1).",
        (
            Argument("belopp", "Talet som ska avrundas."),
            Argument("decimaler", "Antal decimaler, negativt för tiotal/tusental (förval 0).", 0),
        ),
        avrunda,
        "=PROGNOS.AVRUNDA(-682,05; 1) ger -682,1",
        _avrunda,
    ),
    WorksheetFunction(
        "AVVIKELSETEXT",
        "Standardmeningen om helårsprognosen: överskott, underskott eller budget i balans, "
        't.ex. "Prognosen för helåret visar ett överskott på 38,3 miljoner kronor …".',
        (
            Argument("budget", "Budget netto (tecken som i tabellerna)."),
            Argument("prognos", "Prognos netto."),
            Argument("enhet", "Beloppens enhet: kr, tkr (förval) eller mnkr.", "tkr"),
            Argument(
                "balansgrans",
                'Andel av budgeten under vilken avvikelsen är "budget i balans" (förval 0,005 = 0,5 %).',
                0.005,
            ),
        ),
        avvikelsetext,
        '=PROGNOS.AVVIKELSETEXT(-720329; -682050; "tkr")',
        _avvikelsetext,
    ),
)

FUNCTION_BY_NAME = {f.name: f for f in FUNCTIONS}


# --- registration --------------------------------------------------------------------


def _signature(spec: WorksheetFunction) -> inspect.Signature:
    params = [
        inspect.Parameter(
            a.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=a.default if a.optional else inspect.Parameter.empty,
        )
        for a in spec.arguments
    ]
    return inspect.Signature(params)


def make_function(
    spec: WorksheetFunction, name: str, render: Callable[[Any], Any], on_error: Callable[[CallError], Any]
) -> Callable[..., Any]:
    """A fresh Python function for one registration: the spec's signature, its Swedish
    description as docstring, ``render`` applied to the result (to turn ``ExcelError`` into the
    host's error values) and ``on_error`` called for a whole-call error."""

    def function(*args: Any) -> Any:
        try:
            return render(spec.compute(*args))
        except CallError as exc:
            return on_error(exc)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = spec.description
    function.__signature__ = _signature(spec)  # type: ignore[attr-defined]
    function.__annotations__ = {}
    function.__module__ = __name__
    function.prognos_function = spec  # type: ignore[attr-defined]
    return function


def replace_errors(result: Any, replacement: Callable[[ExcelError], Any]) -> Any:
    """Replace every ``ExcelError`` in a scalar or 2-D result with ``replacement(error)``."""
    if isinstance(result, ExcelError):
        return replacement(result)
    if isinstance(result, list):
        return [[replacement(v) if isinstance(v, ExcelError) else v for v in row] for row in result]
    return result


def register(
    func: Callable[..., Any],
    arg: Callable[..., Any],
    *,
    prefix: str = "",
    render: Callable[[Any], Any],
    on_error: Callable[[CallError], Any],
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
    for spec in FUNCTIONS:
        name = f"{prefix}{spec.name}" if prefix else spec.name.lower()
        f = make_function(spec, name, render, on_error)
        for a in spec.arguments:
            f = arg(
                a.name, doc=a.help, **(arg_options if arg_options is not None else {"ndim": 2, "err_to_str": True})
            )(f)
        f = func(**(func_kwargs or {}))(f)
        out[name] = f
    return out
