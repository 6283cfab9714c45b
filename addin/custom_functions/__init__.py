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

from udfs.worksheet.arguments import FunktionsFel
from udfs.worksheet.functions import registrera, rendera_fel


def _rendera(result):
    # An element error becomes Excel's error value ("#DIV/0!" -> {"type": "Error", ...}).
    return rendera_fel(result, lambda fel: fel.kod)


def _fel(exc: FunktionsFel):
    # xlwings Server answers 400 with this text; Excel shows #VALUE! with the Swedish
    # message in the cell's error tooltip. Only this cell fails, never the batch.
    raise XlwingsError(exc.meddelande)


# convert="raw": the argument matrices exactly as Office.js sent them (udfs.worksheet.functions reads
# empty cells, error values and formatted numbers itself). xlwings' default cleaning is
# per cell and costs about 0.1 ms a cell, i.e. a second for a 10 000-cell range.
_FUNKTIONER = registrera(func, arg, rendera=_rendera, fel=_fel, arg_options={"convert": "raw"})
globals().update(_FUNKTIONER)
__all__ = sorted(_FUNKTIONER)
