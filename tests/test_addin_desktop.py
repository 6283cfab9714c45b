"""Desktop Excel (classic xlwings) on Linux: the UDF module registers every function with
xlwings' own classic decorators, their VBA wrappers generate, and the ribbon XML and
VBA module fit together."""

from __future__ import annotations

import importlib
import io
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

# Before xlwings is first imported in this test session: the remote engine (xlwings PRO,
# PolyForm Noncommercial) that the live-book tests use is only loaded with a key.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import defusedxml.ElementTree as ET
import pytest

xw = pytest.importorskip("xlwings")

from udfs.worksheet.functions import FUNCTIONS  # noqa: E402

DESKTOP = Path(__file__).resolve().parents[1] / "addin" / "desktop"


@pytest.fixture
def classic_xlwings(monkeypatch):
    """xlwings.udfs (the classic COM decorators) importable on Linux: pywin32 stubbed.

    Only the decorators and the VBA generator run here; nothing calls into COM."""
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pythoncom.VT_ERROR = 10
    pywintypes = types.ModuleType("pywintypes")
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None
    client.VARIANT = lambda kind, value: ("VARIANT", kind, value)
    win32com.client = client
    for name, module in (
        ("pythoncom", pythoncom),
        ("pywintypes", pywintypes),
        ("win32com", win32com),
        ("win32com.client", client),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    udfs = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xw, "func", udfs.xlfunc)
    monkeypatch.setattr(xw, "arg", udfs.xlarg)
    monkeypatch.setattr(xw, "ret", udfs.xlret)
    monkeypatch.delitem(sys.modules, "addin.desktop.prognos_udfs", raising=False)
    yield udfs
    sys.modules.pop("addin.desktop.prognos_udfs", None)
    sys.modules.pop("xlwings.udfs", None)


def test_every_function_registers_with_classic_xlwings(classic_xlwings):
    module = importlib.import_module("addin.desktop.prognos_udfs")
    names = {f"PROGNOS_{f.name}" for f in FUNCTIONS}
    registered = {n for n in dir(module) if hasattr(getattr(module, n), "__xlfunc__")}
    assert registered == names
    for spec in FUNCTIONS:
        f = getattr(module, f"PROGNOS_{spec.name}")
        info = f.__xlfunc__
        assert info["name"] == f"PROGNOS_{spec.name}"
        assert info["category"] == "Prognos" and info["sub"] is False
        assert info["ret"]["doc"] == spec.description
        assert [a["name"] for a in info["args"]] == [a.name for a in spec.arguments]
        assert [a["doc"] for a in info["args"]] == [a.help for a in spec.arguments]
        assert all(a["options"] == {"ndim": 2, "err_to_str": True} for a in info["args"])
        assert ["optional" in a for a in info["args"]] == [a.optional for a in spec.arguments]
    # the registered functions compute (as Excel would call them, with 2-D ranges)
    assert module.PROGNOS_AVVIKELSE(-720329, -682050) == 38279
    assert module.PROGNOS_AVRUNDA([[-682.05], [2.5]], 1) == [[-682.1], [2.5]]
    with pytest.raises(ValueError, match="inte ett tal"):
        module.PROGNOS_AVVIKELSE("tolv", 1)


def test_vba_wrappers_generate(classic_xlwings):
    module = importlib.import_module("addin.desktop.prognos_udfs")
    out = io.StringIO()
    classic_xlwings.generate_vba_wrapper(
        "addin.desktop.prognos_udfs", module, out, types.SimpleNamespace(Name="Prognos.xlam")
    )
    vba = out.getvalue()
    for spec in FUNCTIONS:
        args = ", ".join(("Optional " if a.optional else "") + a.name for a in spec.arguments)
        assert f"Function PROGNOS_{spec.name}({args})" in vba


def test_excel_errors_on_windows_are_com_error_values(classic_xlwings, monkeypatch):
    module = importlib.import_module("addin.desktop.prognos_udfs")
    monkeypatch.setattr(sys, "platform", "win32")
    result = module.PROGNOS_AVVIKELSEPROCENT([[0], [100]], 50)
    assert result[0][0] == ("VARIANT", 10, -2146826281)  # #DIV/0!
    assert result[1][0] == -0.5


def test_module_imports_without_windows():
    # Plain import on Linux (no COM): xlwings' decorators are inert there, nothing fails.
    sys.modules.pop("addin.desktop.prognos_udfs", None)
    module = importlib.import_module("addin.desktop.prognos_udfs")
    assert set(module.FUNCTIONS) == {f"PROGNOS_{f.name}" for f in FUNCTIONS}


def test_ribbon_xml_and_vba_module_fit_together():
    ns = {"c": "http://schemas.microsoft.com/office/2009/07/customui"}
    root = ET.parse(DESKTOP / "customUI14.xml").getroot()
    tab = root.find(".//c:tab", ns)
    assert tab.get("label") == "Prognos"
    buttons = tab.findall(".//c:button", ns)
    assert [b.get("label") for b in buttons] == [
        "Uppdatera prognos",
        "Validera",
        "Återrapportering",
        "Validera inskickade",
    ]
    vba = (DESKTOP / "Prognos.bas").read_text(encoding="utf-8")
    subs = set(re.findall(r"Public Sub (\w+)\(control As IRibbonControl\)", vba))
    assert {b.get("onAction") for b in buttons} == subs
    from addin.desktop import macros

    for call in re.findall(r"macros\.(\w+)\(", vba):
        assert callable(getattr(macros, call))


def test_vba_module_imports_cleanly_in_the_vba_editor():
    # The VBA editor reads a .bas in the Windows code page and expects CRLF: the file is
    # ASCII (the same bytes in every code page) with CRLF line ends, and non-ASCII letters
    # are built with ChrW, so the dialog title reads "Välj … arbetsböcker" in Excel.
    data = (DESKTOP / "Prognos.bas").read_bytes()
    assert all(b < 128 for b in data), "Prognos.bas måste vara ASCII (använd ChrW för å, ä, ö)"
    assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n") > 10
    text = data.decode("ascii")
    title = re.search(r"\.Title = (.+)\r\n", text).group(1)
    parts = re.findall(r'"([^"]*)"|ChrW\((\d+)\)', title)
    assert "".join(s or chr(int(code)) for s, code in parts) == "Välj mappen med inskickade arbetsböcker"
    # .gitattributes keeps git from converting the line ends on checkout
    attributes = (DESKTOP.parents[1] / ".gitattributes").read_text(encoding="utf-8")
    assert "addin/desktop/*.bas -text" in attributes.splitlines()
    git = shutil.which("git")
    if git and (DESKTOP.parents[1] / ".git").exists():
        out = subprocess.run(
            [git, "check-attr", "text", "addin/desktop/Prognos.bas"],
            cwd=DESKTOP.parents[1],
            capture_output=True,
            text=True,
        ).stdout
        assert out.strip().endswith("text: unset")
