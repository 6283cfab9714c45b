"""The PROGNOS.* custom functions of the Office.js add-in (xlwings Server).

xlwings Server imports this package as ``custom_functions`` (``addin/`` is its project
directory) and registers every function that carries xlwings' ``__xlfunc__``. The
functions are the one definition in ``udfs.worksheet.functions``, decorated here with
``xlwings.server.func``/``arg``; the namespace ``PROGNOS`` comes from the manifest
(setting ``functions_namespace``), so Excel shows ``PROGNOS.AVVIKELSE`` and so on.
"""

from __future__ import annotations

from xlwings import XlwingsError
from xlwings.server import arg, func

from udfs.worksheet.arguments import CallError
from udfs.worksheet.functions import register, replace_errors


def _render(result):
    # An element error becomes Excel's error value ("#DIV/0!" -> {"type": "Error", ...}).
    return replace_errors(result, lambda error: error.code)


def _raise_call_error(exc: CallError):
    # xlwings Server answers 400 with this text; Excel shows #VALUE! with the Swedish
    # message in the cell's error tooltip. Only this cell fails, never the batch.
    raise XlwingsError(exc.message)


# convert="raw": the argument matrices exactly as Office.js sent them (udfs.worksheet.functions reads
# empty cells, error values and formatted numbers itself). xlwings' default cleaning is
# per cell and costs about 0.1 ms a cell, i.e. a second for a 10 000-cell range.
_FUNCTIONS = register(func, arg, render=_render, on_error=_raise_call_error, arg_options={"convert": "raw"})
globals().update(_FUNCTIONS)
__all__ = sorted(_FUNCTIONS)
