"""The workbook contract (../shared/PRODUCT.md), declared once: every table, its columns
(with their kind, synonyms, template format and width, closed value lists) and every
settings row. Reading (``match_columns``), validation (``validation.reader``,
``validation.round.traps``), the template (``workbooks/template/template.py``), the unit workbooks
(``workbooks/round/send_out.py``) and the tests are built from these declarations.

Headers are matched case- and accent-insensitively after normalisation, first on the
canonical name, then on synonyms, so that "Verksamhet" is the finer level when a
"Verksamhetsområde" column exists and the area itself when it does not.

The declarations live by concern in ``validation/contract_tables/`` (forecast, ledger, section,
own words, grant, settings rows); this module gathers them: import every table, column and
settings row from here. To add a column: add a ``Column`` to its table there (its kind decides
the number parsing, the template format and which traps look at it), then its rule where the
table is validated. To add a table: declare a ``TableSpec`` in the module of its concern and
append it to ``TABLES`` below; see docs/architecture.md.
"""

from __future__ import annotations

# The sheets Prognos owns (never read as input) are declared in udfs.language.sheet_names.
from udfs.language.sheet_names import DERIVED_SHEETS, REPORT_SHEETS  # noqa: F401  (re-exported)
from udfs.language.vocabulary import ENHETER, METODER, TYP_NETTO, TYPER, normalize  # noqa: F401  (re-exported)
from validation.contract_tables.forecast import (  # noqa: F401  (re-exported)
    ACTIVITY,
    AREA,
    BUDGET,
    INPUT_TABLES,
    INSTALLNINGAR,
    PROGNOS,
    TYP,
    UTFALL,
    is_ledger,
)
from validation.contract_tables.grant import BIDRAGSKOSTNADER, STATSBIDRAG
from validation.contract_tables.ledger import (  # noqa: F401  (re-exported)
    KODPLAN,
    KONTOPLAN,
    KONTOTYPER,
    LEDGER_BUDGET,
    LEDGER_COLUMNS,
    LEDGER_UTFALL,
)
from validation.contract_tables.own_words import ACTION_STATUS, ATGARDER, ORSAKER, TEXTER  # noqa: F401  (re-exported)
from validation.contract_tables.section import (  # noqa: F401  (re-exported)
    BIDRAGSINTAKTER,
    INVESTERINGAR,
    KOSTNADSSLAG,
    PROGNOSHISTORIK,
    REPORT_TABLES,
    VOLYMER,
)
from validation.contract_tables.settings_rows import EXTRA_SETTINGS, SETTINGS_ROWS  # noqa: F401  (re-exported)
from validation.header_match import match_columns  # noqa: F401  (re-exported: the contract's header matching)
from validation.table_spec import (  # noqa: F401  (re-exported: the contract's machinery)
    AMOUNT,
    CASE_NUMBER,
    COUNT,
    DATE,
    LABEL,
    MIN_WIDTHS,
    MONTH,
    NUMBER_FORMATS,
    TEXT,
    YEAR,
    Column,
    Setting,
    TableSpec,
    join_or,
)

# Every input table, in the template's sheet order. A new table is appended here.
TABLES = (
    INSTALLNINGAR,
    BUDGET,
    UTFALL,
    PROGNOS,
    VOLYMER,
    PROGNOSHISTORIK,
    STATSBIDRAG,
    BIDRAGSKOSTNADER,
    KODPLAN,
    KONTOPLAN,
    *REPORT_TABLES,
)
