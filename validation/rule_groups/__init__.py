"""The rule catalogue's entries by concern, gathered in ``validation/rules.py`` (which orders
them as docs/regler.md shows them): the workbook as typed (``input_rules``), the forecast and the
report's tables (``forecast_rules``), the grant register (``grant_rules``), the ledger export
(``ledger_rules``) and returned unit workbooks (``round_rules``); ``Rule`` itself in ``rule``.
"""
