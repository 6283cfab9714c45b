"""The round's master for ``prognos validera --master`` / ``--sammanstall``: which units are
expected, for which year and period.

The master is read as ``prognos utskick`` reads it (openpyxl and the engine's input reader,
``workbooks.round.send_out.read_master``); kept apart from the batch validation
(``workbooks/round/submissions.py``) so that validating without a master does not load either.
"""

from __future__ import annotations

from pathlib import Path

from validation.raw_table import UnusableInput
from validation.round.batch import MasterInfo
from workbooks.round.send_out import MasterInvalid, read_master


def read_master_info(master: Path) -> MasterInfo:
    try:
        _book, inputs = read_master(Path(master))
    except MasterInvalid as exc:
        first = exc.findings[0].one_line() if exc.findings else ""
        raise UnusableInput(
            f"{Path(master).name}: mastern har {len(exc.findings)} valideringsfel och kan "
            "inte användas "
            f"(t.ex. {first}). Kör prognos uppdatera på mastern och rätta felen först."
        ) from None
    return MasterInfo(Path(master), list(inputs.areas), inputs.settings.ar, inputs.settings.period)
