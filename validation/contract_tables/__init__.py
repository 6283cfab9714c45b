"""The contract's declarations by concern, gathered and re-exported by ``validation.contract``:
the forecast tables (``forecast``), the ledger shape with its code plans (``ledger``), the
economic section's tables (``section``) with the economist's own words (``own_words``), the grant
register (``grant``) and the Inställningar rows (``settings_rows``). Each table is declared in
exactly one of them; import them from ``validation.contract``.
"""
