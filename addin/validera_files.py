"""What the options of ``prognos validera`` that read or write workbooks run: the round's master
(``--master``, ``--sammanstall``: which units are expected), the consolidation into a new master
(``--sammanstall``) and the report workbook (``-o``/``--rapport``). They need openpyxl and the
engine's input reader (pandas); ``addin/validera_cmd.py`` loads this module only when one of
these options is given, so plain validation does not pay for them.
"""

from __future__ import annotations

from workbooks.batch_master import read_master_info
from workbooks.batch_report import write_report
from workbooks.consolidate import sammanstall as consolidate

__all__ = ["consolidate", "read_master_info", "write_report"]
