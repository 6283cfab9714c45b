"""Shared fixtures: the bundled example, the CLI, and LibreOffice headless recalculation."""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# xlwings PRO (server, remote engine) is PolyForm Noncommercial, which permits use by
# government institutions; the key must be set before xlwings is first imported.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "workbooks" / "exempel" / "botkyrka_sn_2023_delar1.xlsx"
SHARED_DATA = REPO.parent / "shared" / "data"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the bundled example (the original stays untouched)."""
    target = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, target)
    return target


def require_tool(name: str, package: str) -> str:
    """The path of a command-line tool the test needs: missing fails in CI (which installs
    it), and skips on a developer's machine with a note of what to install."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} saknas i CI: .ci/run ska installera {package}")
        pytest.skip(f"{name} saknas: installera {package} (make test gör det som root)")
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalc(path: Path, outdir: Path) -> Path:
    """Open ``path`` in LibreOffice headless, recalculate every formula, save as xlsx.

    Files written by openpyxl carry no cached formula results, so LibreOffice
    computes every formula on load; the saved copy holds LibreOffice's values.
    """
    exe = soffice()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) saknas i CI: .ci/run ska installera libreoffice-calc-nogui")
        pytest.skip("LibreOffice saknas: installera libreoffice-calc-nogui (make test gör det som root)")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        result = subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(outdir),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    out = outdir / (Path(path).stem + ".xlsx")
    assert out.exists(), f"LibreOffice converted nothing: {result.stdout} {result.stderr}"
    return out


def same_value(engine, office) -> bool:
    """A formula's recalculated value equals the engine's: "" and empty are the same,
    numbers within floating-point noise."""
    if engine is None or engine == "":
        return office is None or office == ""
    if isinstance(engine, str):
        return engine == office
    if not isinstance(office, (int, float)):
        return False
    return math.isclose(float(engine), float(office), rel_tol=1e-9, abs_tol=1e-9)


# The server's test modules skip themselves when the [server] extra (xlwings Server) is not
# installed, so that a developer without it can run the rest. In CI that skip would let the
# suite pass green with the server untested: there it is a failure, as a missing soffice is.
SERVER_EXTRA = ("xlwings_server", "xlwings Server", "[server] extra")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if not (os.environ.get("CI") and report.skipped and isinstance(collector, pytest.Module)):
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr)
    if any(marker in reason for marker in SERVER_EXTRA):
        report.outcome = "failed"
        report.longrepr = (
            f"{collector.nodeid}: xlwings Server saknas i CI ({reason}); "
            "installera med pip install -e '.[server]' (make test gör det)."
        )
