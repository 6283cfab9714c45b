"""The PROGNOS worksheet functions for desktop Excel (classic xlwings, Windows).

The same definitions as the Office.js add-in (``udfs.worksheet.functions``), registered with
classic xlwings' ``@xw.func``/``@xw.arg``. Desktop Excel has no function namespaces,
so the names carry a prefix: ``PROGNOS_AVVIKELSE``, ``PROGNOS_AVRUNDA`` … (a bare
``AVRUNDA`` would collide with Swedish Excel's own name for ROUND).

Set "UDF Modules" in the xlwings ribbon (or the xlwings.conf sheet) to
``addin.desktop.prognos_udfs`` and click "Import Functions" (docs/desktop.md).
"""

from __future__ import annotations

import sys

import xlwings as xw

from udfs.language.vocabulary import CLASSIC_ERROR_VALUES
from udfs.worksheet.arguments import CallError, ExcelError
from udfs.worksheet.functions import register, replace_errors

PREFIX = "PROGNOS_"

# The classic error values as COM hands them over: Excel's CVErr codes (xlErrNull 2000 …
# xlErrNA 2042) as HRESULTs (0x800A0000 | code, signed).
_CVERR_CODES = (2000, 2007, 2015, 2023, 2029, 2036, 2042)
_COM_ERRORS = {value: -0x7FF60000 + code for value, code in zip(CLASSIC_ERROR_VALUES, _CVERR_CODES)}


def excel_error(error: ExcelError):
    """An Excel error value for one element: a COM error variant on Windows, the error
    text elsewhere (where the module only gets registered, never called by Excel)."""
    if sys.platform.startswith("win"):
        try:
            import pythoncom
            from win32com.client import VARIANT

            return VARIANT(pythoncom.VT_ERROR, _COM_ERRORS.get(error.code, _COM_ERRORS["#VALUE!"]))
        except ImportError:
            pass
    return error.code


def _render(result):
    return replace_errors(result, excel_error)


def _raise_call_error(exc: CallError):
    # xlwings shows the message (Swedish) and Excel shows #VALUE! in the cell.
    raise ValueError(exc.message)


FUNCTIONS = register(
    xw.func,
    xw.arg,
    prefix=PREFIX,
    render=_render,
    on_error=_raise_call_error,
    func_kwargs={"category": "Prognos"},
)
globals().update(FUNCTIONS)
__all__ = sorted(FUNCTIONS)
