"""Editing a workbook as a person would in LibreOffice: open it (headless, by a small Basic
macro in a private profile), type a number into one cell, save as .xlsx."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import soffice

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Redigera
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ(&quot;PROGNOS_LO_IN&quot;)), &quot;_blank&quot;, 0, load())
  cell = doc.Sheets.getByName(Environ(&quot;PROGNOS_LO_BLAD&quot;)).getCellRangeByName(Environ(&quot;PROGNOS_LO_CELL&quot;))
  cell.setValue(CDbl(Environ(&quot;PROGNOS_LO_VARDE&quot;)))
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = &quot;FilterName&quot;
  save(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  doc.storeToURL(ConvertToURL(Environ(&quot;PROGNOS_LO_UT&quot;)), save())
  doc.close(True)
End Sub
</script:module>
"""


def edit_in_libreoffice(source: Path, target: Path, sheet: str, cell: str, value: float, profile: Path) -> Path:
    """Open ``source`` in LibreOffice, type ``value`` into ``sheet!cell``, save as .xlsx to ``target``."""
    exe = soffice()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) saknas i CI: .ci/run ska installera libreoffice-calc-nogui")
        pytest.skip("LibreOffice saknas: installera libreoffice-calc-nogui")
    url = f"-env:UserInstallation=file://{profile}"
    if not (profile / "user" / "basic" / "Standard").exists():  # a fresh profile, then the macro in it
        subprocess.run([exe, url, "--headless", "--terminate_after_init"], capture_output=True, timeout=180)
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(MACRO, encoding="utf-8")
    env = {
        **os.environ,
        "PROGNOS_LO_IN": str(source),
        "PROGNOS_LO_UT": str(target),
        "PROGNOS_LO_BLAD": sheet,
        "PROGNOS_LO_CELL": cell,
        "PROGNOS_LO_VARDE": str(value),
    }
    done = subprocess.run(
        [exe, url, "--headless", "vnd.sun.star.script:Standard.Module1.Redigera?language=Basic&location=application"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert target.exists(), f"LibreOffice sparade inget: {done.stdout} {done.stderr}"
    return target
