"""LibreOffice to PDF and pdftotext back, for the tests that look at printed pages."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from conftest import require_tool

NBSP = "\u00a0"


def to_pdf(path: Path, outdir: Path, lang: str = "en_US.UTF-8") -> Path:
    """Convert a workbook or document with LibreOffice headless (a fresh profile, the given
    locale: en_US by default, so Swedish formatting must not come from the machine)."""
    exe = require_tool("soffice", "libreoffice-calc-nogui libreoffice-writer-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LANG": lang, "LC_ALL": lang}
    with tempfile.TemporaryDirectory(prefix="lo_pdf_") as profile:
        env["HOME"] = profile
        result = subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            env=env,
        )
    out = outdir / (Path(path).stem + ".pdf")
    assert out.exists(), f"LibreOffice skapade ingen PDF: {result.stdout} {result.stderr}"
    return out


def pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext -layout), non-breaking spaces as spaces."""
    require_tool("pdftotext", "poppler-utils")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    parts = text.replace(NBSP, " ").split("\f")
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return parts


def page_size_mm(pdf: Path) -> tuple[float, float]:
    require_tool("pdfinfo", "poppler-utils")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    line = next(ln for ln in info.splitlines() if ln.startswith("Page size:"))
    w, h = (float(x) for x in line.split(":", 1)[1].split("pts")[0].split("x"))
    return w / 72 * 25.4, h / 72 * 25.4


def sheet_pdf(xlsx: Path, sheet: str, outdir: Path) -> Path:
    """Only ``sheet`` of a written workbook as PDF: the others hidden, as a print of that sheet."""
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    wb.active = wb.sheetnames.index(sheet)
    for ws in wb.worksheets:
        ws.sheet_state = "visible" if ws.title == sheet else "hidden"
        ws.sheet_view.tabSelected = ws.title == sheet
        if ws.title != sheet:  # LibreOffice prints a hidden sheet's print area
            ws.print_area = None
    outdir.mkdir(parents=True, exist_ok=True)
    ascii_name = unicodedata.normalize("NFKD", sheet).encode("ascii", "ignore").decode()  # LibreOffice under LANG=C
    target = outdir / f"{''.join(ch for ch in ascii_name if ch.isalnum())}.xlsx"
    wb.save(target)
    return to_pdf(target, outdir)


# What the tool says to the economist and must never stand in what the committee or the agency
# reads (the paper in Word, the Rapport sheet, the grant forms): its checks, reconciliations and
# statuses, which belong on Valideringsfel, Avstämning or a working sheet (issue 20).
TOOL_PHRASES = (
    r"Netto enligt Avvikelse",
    r"(?m)^\s*Skillnad\b",
    r"[Kk]ontrollera",
    r"finns under \d+ verksamheter",
    r"saknar föregående prognos",
    r"ingår inte i jämförelsen",
    r"Verksamheten anger",
    r"(?m)^\s*Status\b",
    r"Antal tecken",
    r"saknar underlag",
    r"Valideringsfel",
    r"se bladet",
    r"\bOK\b",
    r"Att observera",
    r"enligt tabellen",
    r"\(tabellen \w+\)",
    r"nettade mot",
    r"anmärkning",
    r"Prognos räknar",
    r"Prognos\s+(Sida \d|Underlag per)",  # the tool's name in a footer
)


def tool_phrases(text: str) -> list[str]:
    """The tool phrases (``TOOL_PHRASES``) found in ``text``, as found."""
    found = []
    for pattern in TOOL_PHRASES:
        found += [m.group(0).strip() for m in re.finditer(pattern, text)]
    return found
