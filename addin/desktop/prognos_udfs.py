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
from udfs.worksheet.arguments import Fel, FunktionsFel
from udfs.worksheet.functions import registrera, rendera_fel

PREFIX = "PROGNOS_"

# The classic error values as COM hands them over: Excel's CVErr codes (xlErrNull 2000 …
# xlErrNA 2042) as HRESULTs (0x800A0000 | code, signed).
_CVERR_CODES = (2000, 2007, 2015, 2023, 2029, 2036, 2042)
_COM_ERRORS = {value: -0x7FF60000 + code for value, code in zip(CLASSIC_ERROR_VALUES, _CVERR_CODES)}


def excel_error(fel: Fel):
    """An Excel error value for one element: a COM error variant on Windows, the error
    text elsewhere (where the module only gets registered, never called by Excel)."""
    if sys.platform.startswith("win"):
        try:
            import pythoncom
            from win32com.client import VARIANT

            return VARIANT(pythoncom.VT_ERROR, _COM_ERRORS.get(fel.kod, _COM_ERRORS["#VALUE!"]))
        except ImportError:
            pass
    return fel.kod


def _rendera(result):
    return rendera_fel(result, excel_error)


def _fel(exc: FunktionsFel):
    # xlwings shows the message (Swedish) and Excel shows #VALUE! in the cell.
    raise ValueError(exc.meddelande)


FUNKTIONER = registrera(
    xw.func,
    xw.arg,
    prefix=PREFIX,
    rendera=_rendera,
    fel=_fel,
    func_kwargs={"category": "Prognos"},
)
globals().update(FUNKTIONER)
__all__ = sorted(FUNKTIONER)
