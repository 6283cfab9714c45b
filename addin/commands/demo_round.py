"""The forecast round in ``prognos demo``, on the bundled example: send-out with the register,
units returning on time (one with a cause of its own), late, with an error and not at all, the status, the economist's
decisions, a feedback workbook, the consolidation of the approved units and Fastställ.
Every step is the real command (``run_command``); the units' typing and the economist's
choices in the register are ``workbooks/exempel/round_example.py``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Callable

from rich.console import Console

from workbooks.exempel.round_example import add_cause, arrive, causes, decide, fill_in, log_lines, register_units

DEADLINE = dt.date(2023, 5, 15)
ROUND = "Delår 1 2023"
ON_TIME = dt.datetime(2023, 5, 12, 9, 0)
# What the units type (file name part -> entries) and when the file arrives.
UNITS = {
    "barn-och-unga": (
        {
            "Kostnader": {
                "Metod": "Manuell",
                "Manuell prognos": -276_100,
                "Kommentar": "Fler placeringar i familjehem än budgeterat.",
            }
        },
        dt.datetime(2023, 5, 10, 14, 5),
    ),
    "ekonomiskt-bistand": ({"Kostnader": {"Manuell prognos": "ca -160 000"}}, dt.datetime(2023, 5, 11, 16, 40)),
    "vuxna-med-beroendeproblematik": (
        {"Kostnader": {"Kommentar": "Två placeringar avslutade i april."}},
        dt.datetime(2023, 5, 17, 8, 15),
    ),
}
# A unit's own cause, written on its sheet Orsaker, arrives in the master's Orsaker.
CAUSE_UNIT, CAUSE = "Barn och unga", ("Fler familjehemsplaceringar än budgeterat under våren", -4_200)
MISSING = "ovriga-verksamheter"  # never answers: the status names it to remind
SENT_BACK = "Ekonomiskt bistånd"
COMMENT = "Skriv prognosen som ett tal i tkr, t.ex. -160000, och förklaringen i Kommentar."


def demo_round(example: Path, folder: Path, out: Console, run_command: Callable[[list[str]], int]) -> int:
    """Returns 0 when every command answered as the round says it should, else 1."""
    p = lambda text: out.print(text, highlight=False, markup=False)  # noqa: E731
    shutil.rmtree(folder, ignore_errors=True)
    sent, inbox = folder / "utskick", folder / "inkommet"
    m1, m2, m2b, m3, m4 = (
        folder / f"master_{n}.xlsx" for n in ("1_utskick", "2_status", "2_beslut", "3_sammanstalld", "4_faststalld")
    )
    p(f"Prognosomgången {ROUND} på {example.name}:")
    codes = [
        run_command(
            [
                "utskick",
                str(example),
                "-o",
                str(sent),
                "--master-ut",
                str(m1),
                "--omgang",
                ROUND,
                "--senast",
                DEADLINE.isoformat(),
                "--anvandare",
                "Demo",
            ]
        )
    ]
    for path in sorted(sent.glob("*.xlsx")):
        stem = next((k for k in UNITS if path.stem.endswith(k)), None)
        if path.stem.endswith(MISSING):
            continue
        entries, when = UNITS.get(stem, ({}, ON_TIME))
        fill_in(path, entries)
        if stem == "barn-och-unga":
            add_cause(path, *CAUSE)
        arrive(path, inbox, when)
    p("Status den 16 maj (en enhet har inte svarat, en har fel):")
    codes.append(
        run_command(
            ["status", str(inbox), "--master", str(m1), "-o", str(m2), "--datum", "2023-05-16", "--anvandare", "Demo"]
        )
    )
    from_register = register_units(m2)
    decisions = {u: ("Godkänd", "") for u in from_register if u != SENT_BACK}
    decisions[SENT_BACK] = ("Åter till enheten", COMMENT)
    decide(m2, m2b, decisions, dt.date(2023, 5, 17))
    p(f"Beslut i bladet Omgång ({m2b.name}): {SENT_BACK} åter till enheten, övriga godkända.")
    codes.append(run_command(["aterkoppling", str(inbox), "--master", str(m2b), "-o", str(folder / "aterkoppling")]))
    codes.append(run_command(["validera", str(inbox), "--sammanstall", str(m2b), "-o", str(m3), "--anvandare", "Demo"]))
    for line in log_lines(m3, last=9):
        p(line)
    p(f"{CAUSE_UNIT}s orsaker i {m3.name} (bladet Orsaker; den sista skrev enheten själv):")
    for line in causes(m3, CAUSE_UNIT):
        p(f"  {line}")
    p(
        "Fastställ: exemplets Prognoshistorik har redan delår 1 2023 (ur nämndens rapport), så omgången sparas inte "
        "en gång till:"
    )
    codes.append(
        run_command(
            ["faststall", str(m3), "-o", str(m4), "--omgang", ROUND, "--datum", "2023-05-24", "--anvandare", "Demo"]
        )
    )
    # utskick and aterkoppling succeed; status and the consolidation see the unit with an error (exit 1);
    # faststall refuses the round the example already keeps (exit 1).
    return 0 if codes == [0, 1, 0, 1, 1] and not m4.exists() else 1
