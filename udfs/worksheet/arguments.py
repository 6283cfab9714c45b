"""The worksheet functions' Excel-facing layer: Excel's error values as results (``ExcelError``), a
whole call that cannot be used (``CallError``), the declaration of a function and its
arguments (``WorksheetFunction``, ``Argument``), and reading Excel arguments: single cells or ranges
broadcast as Excel does, Swedish number text, placeholders as not known (``#N/A``), an error in
an input cell passed on. The functions themselves are in ``udfs.worksheet.functions``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from udfs.language.number_text import EMPTY, INVALID, PLACEHOLDER, parse_number
from udfs.language.vocabulary import ERROR_VALUES

# Excel's error values, as xlwings writes them (a string starting with "#").
VALUE_ERROR = "#VALUE!"
DIV0_ERROR = "#DIV/0!"
NA_ERROR = "#N/A"
NUM_ERROR = "#NUM!"
ERROR_CODES = tuple(ERROR_VALUES)


@dataclass(frozen=True)
class ExcelError:
    """An Excel error value in one element of a result, with the Swedish reason."""

    code: str
    message: str = ""

    def __str__(self) -> str:
        return self.code


class CallError(ValueError):
    """A whole call is unusable (wrong shapes, bad single-cell argument).

    The Office.js adapter turns it into ``#VALUE!`` with this message in the cell's
    error tooltip; the desktop adapter into xlwings' error for the cell.
    """

    def __init__(self, message: str, code: str = VALUE_ERROR):
        super().__init__(message)
        self.message = message
        self.code = code


NO_DEFAULT = object()  # marker: optional argument without a default value


@dataclass(frozen=True)
class Argument:
    name: str  # Python and Excel parameter name (ASCII: Excel and VBA accept these everywhere)
    help: str  # Swedish help shown by Excel while typing
    default: Any = NO_DEFAULT  # default for optional arguments

    @property
    def optional(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass(frozen=True)
class WorksheetFunction:
    name: str  # Excel name without namespace: "AVVIKELSE"
    description: str  # Swedish description (Excel's function tooltip)
    arguments: tuple[Argument, ...]
    compute: Callable[..., Any]  # raw Excel arguments in, scalar or 2-D list (with ExcelError) out
    example: str = ""  # Swedish example formula
    engine: Callable[..., Any] | None = field(default=None, compare=False)  # the engine function it calls

    def __call__(self, *args: Any) -> Any:
        return self.compute(*args)


# --- reading Excel arguments ---------------------------------------------------------


def as_grid(value: Any) -> list[list[Any]]:
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


def as_number(value: Any, argument: str) -> float | ExcelError:
    """One cell to a float, or the error value it gives."""
    if isinstance(value, ExcelError):
        return value
    if isinstance(value, dict):  # an Office.js cell value object (raw arguments)
        if value.get("type") == "Error":
            code = str(value.get("basicValue") or VALUE_ERROR)
            return ExcelError(
                code if code in ERROR_CODES else VALUE_ERROR, f"{argument}: cellen innehåller felvärdet {code}."
            )
        value = value.get("basicValue")  # a formatted number (date, currency), a boolean …
    if isinstance(value, str) and value.strip().upper() in ERROR_CODES:
        return ExcelError(value.strip().upper(), f"{argument}: cellen innehåller felvärdet {value.strip()}.")
    parsed = parse_number(value)
    if parsed.kind == EMPTY:
        return 0.0
    if parsed.kind == PLACEHOLDER:
        return ExcelError(NA_ERROR, f"{argument}: {value!r} betyder att värdet inte är känt ännu.")
    if parsed.kind == INVALID or parsed.value is None:
        return ExcelError(VALUE_ERROR, f"{argument}: {value!r} är inte ett tal.")
    return parsed.value


def as_numbers(value: Any, argument: str) -> tuple[np.ndarray, np.ndarray]:
    """(floats, errors): an object array of ExcelError/None beside the float array."""
    grid = as_grid(value)
    width = max(len(r) for r in grid)
    floats = np.zeros((len(grid), width), dtype=float)
    errors = np.full((len(grid), width), None, dtype=object)
    for i, row in enumerate(grid):
        for j in range(width):
            cell = row[j] if j < len(row) else None
            number = as_number(cell, argument)
            if isinstance(number, ExcelError):
                errors[i, j] = number
            else:
                floats[i, j] = number
    return floats, errors


def broadcast_shape(shapes: list[tuple[int, int]], names: list[str]) -> tuple[int, int]:
    try:
        return tuple(np.broadcast_shapes(*shapes))  # type: ignore[return-value]
    except ValueError:
        described = ", ".join(f"{n} {r}×{c}" for n, (r, c) in zip(names, shapes))
        raise CallError(
            f"Områdena har olika storlek ({described}). Använd lika stora områden, "
            "eller en enskild cell mot ett område."
        ) from None


def excel_result(result: np.ndarray, *, scalar_errors: bool = True) -> Any:
    """A 1×1 result as a scalar (raising CallError for an error with a message);
    otherwise a 2-D list."""
    if result.shape == (1, 1):
        value = result[0, 0]
        if isinstance(value, ExcelError) and scalar_errors and value.code == VALUE_ERROR and value.message:
            raise CallError(value.message, value.code)
        return value
    return [[plain(v) for v in row] for row in result.tolist()]


def plain(value: Any) -> Any:
    if isinstance(value, (np.floating, np.integer)):
        return float(value)
    return value


def elementwise(
    engine: Callable[..., Any],
    args: list[tuple[str, Any]],
    nan_error: ExcelError,
    post: Callable[[float], Any] | None = None,
) -> Any:
    """Apply a vectorised engine function over broadcast numeric arguments."""
    names = [n for n, _v in args]
    parsed = [as_numbers(v, n) for n, v in args]
    shape = broadcast_shape([f.shape for f, _e in parsed], names)
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
    return excel_result(out)
