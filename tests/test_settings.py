"""One reader of Inställningar on every path (validation/settings.py): the refresh, batch
validation of returned unit workbooks, the traps and the extra settings rows read the same
Period, whatever way it is written."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from batch_hjalp import make_master, utskick
from workbook_factory import AR, minimal_rows, setting, write_workbook

from validation.contract import INSTALLNINGAR
from validation.forecast_tables.inputs import read_inputs
from validation.reader import Reader
from validation.section_tables.volumes import volymsprang
from validation.settings import SettingsTable, period_of, year_of
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.master import read_master_info
from workbooks.round.submissions import validate_batch, validate_file
from workbooks.round.worker_pool import WorkerContext

APRIL = ["april", "4", 4, 4.0, "2023-04", 202304, "Apr", " April "]


@pytest.mark.parametrize("period", APRIL, ids=repr)
def test_the_same_period_on_every_path(tmp_path, period):
    tables = minimal_rows()
    setting(tables, "Period", period)
    setting(tables, "Volymsprång", "3")
    path = write_workbook(tmp_path / "nämnd.xlsx", tables)

    # the refresh (prognos uppdatera, the ribbon)
    inputs, findings = read_inputs(XlsxBook(path), path.name)
    assert inputs is not None, [f.one_line() for f in findings]
    assert (inputs.settings.ar, inputs.settings.period, inputs.settings.enhet) == (AR, 4, "tkr")

    # batch validation (prognos validera): the file's round, which the traps also get
    result = validate_file(str(path), path.name, WorkerContext(full=True))
    assert (result.ar, result.period, result.enhet) == (AR, 4, "tkr")
    assert not [f for f in result.findings if f["regel"] in ("ogiltig_installning", "saknad_installning")]

    # the settings table itself, and an extra row through the same reader (volumes)
    table = SettingsTable(XlsxBook(path).table(INSTALLNINGAR))
    core = table.core()
    assert period_of(core["period"][0]) == 4 and year_of(core["ar"][0]) == AR
    assert volymsprang(Reader(XlsxBook(path), path.name)) == 3.0


@pytest.mark.parametrize("period", ["februari", "2", 2, "2023-02", 202302, "feb"], ids=repr)
def test_validera_flags_another_round_however_period_is_written(tmp_path, period):
    master = make_master(tmp_path / "master.xlsx")  # 2023 period 3
    files = utskick(master, tmp_path / "ut")
    folder = tmp_path / "in"
    folder.mkdir()
    unit = shutil.copy(files["Vuxna"], folder / files["Vuxna"].name)
    wb = openpyxl.load_workbook(unit)
    ws = wb["Inställningar"]
    cell = next(row[1] for row in ws.iter_rows(min_row=2) if row[0].value == "Period")
    cell.value = period
    wb.save(unit)

    batch = validate_batch([folder], master=read_master_info(master), jobs=0)
    (result,) = batch.files
    assert result.period == 2
    assert "fel_omgang" in {f["regel"] for f in result.findings}


def test_the_same_round_is_not_flagged_however_period_is_written(tmp_path):
    master = make_master(tmp_path / "master.xlsx")  # 2023 period 3
    files = utskick(master, tmp_path / "ut")
    folder = tmp_path / "in"
    folder.mkdir()
    unit = shutil.copy(files["Vuxna"], folder / files["Vuxna"].name)
    wb = openpyxl.load_workbook(unit)
    ws = wb["Inställningar"]
    cell = next(row[1] for row in ws.iter_rows(min_row=2) if row[0].value == "Period")
    cell.value = "mars"
    wb.save(unit)

    batch = validate_batch([folder], master=read_master_info(master), jobs=0)
    (result,) = batch.files
    assert result.period == 3
    assert "fel_omgang" not in {f["regel"] for f in result.findings}
    assert "last_cell_andrad" in {f["regel"] for f in result.findings}  # the locked cell was changed
