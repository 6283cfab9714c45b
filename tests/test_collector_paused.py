"""The refresh pauses Python's cycle collector while it runs (``addin.commands.uppdatera``) and
leaves it as it found it, also when the refresh fails."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from workbook_factory import minimal_rows, write_workbook

from addin.commands.uppdatera import collector_paused, run_uppdatera
from validation.raw_table import UnusableInput


def test_the_collector_is_off_during_a_refresh_and_back_on_after(tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", minimal_rows())
    states = []
    gc.callbacks.append(seen := lambda phase, info: states.append(phase))
    try:
        assert gc.isenabled()
        result = run_uppdatera(path, tmp_path / "out.xlsx", show_progress=False)
        assert result.ok and gc.isenabled()
        # The refresh allocates plenty, yet at most one collection ran: the one right after the
        # collector was switched on again (without the pause: ten on this small workbook).
        assert states.count("start") <= 1, states
        with collector_paused():
            junk = [[i] for i in range(100_000)]  # thousands of allocations' worth of collections
            assert not gc.isenabled() and states.count("start") <= 1
        del junk
    finally:
        gc.callbacks.remove(seen)


def test_the_collector_is_left_as_it_was_when_the_refresh_fails(tmp_path):
    with pytest.raises(UnusableInput):
        run_uppdatera(Path(tmp_path / "saknas.xlsx"), tmp_path / "out.xlsx", show_progress=False)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
