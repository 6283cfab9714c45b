"""PDF export of the report-backs: one PDF per grant, one A4 page each, via LibreOffice.

Each grant's block is written alone to a temporary workbook (print area = the block,
fitted to one page, page header with the grant's name and dnr) and all of them are
converted in one ``soffice --headless --convert-to pdf`` run with a throw-away profile,
so a running LibreOffice of the user is not disturbed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl

from udfs.grant.report_back import Aterrapport
from validation.raw_table import UnusableInput
from workbooks.books.xlsx_book import write_spec
from workbooks.grant_forms.form_sheet import block_sheet

TIMEOUT_S = 300


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    exe = soffice()
    if exe is None:
        raise UnusableInput(
            "PDF-export kräver LibreOffice (programmet soffice), som inte hittades. "
            "Installera LibreOffice (t.ex. paketet libreoffice-calc-nogui) eller kör utan --pdf."
        )
    return exe


def pdf_name(namn: str) -> str:
    """ "aterrapportering_bostad_forst_2022.pdf": ASCII, safe on every file system."""
    folded = unicodedata.normalize("NFKD", namn)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:80] or "bidrag"
    return f"aterrapportering_{slug}.pdf"


def export_pdfs(rapporter: list[Aterrapport], mapp: Path, idag: date) -> list[Path]:
    """Write one PDF per report-back into ``mapp``; returns the paths in register order."""
    exe = require_soffice()
    mapp = Path(mapp)
    if mapp.exists() and not mapp.is_dir():
        raise UnusableInput(f"{mapp}: finns redan och är ingen mapp. Ange en mapp för PDF-filerna med --pdf.")
    mapp.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for r in rapporter:
        name = pdf_name(r.namn)
        stem, n = name[:-4], 2
        while name in names:  # two grants with the same slug
            name, n = f"{stem}_{n}.pdf", n + 1
        names.append(name)
    with tempfile.TemporaryDirectory(prefix="prognos_pdf_") as tmp:
        tmp_path = Path(tmp)
        inputs = []
        for i, r in enumerate(rapporter):
            wb = openpyxl.Workbook()
            ws = wb.active
            spec = block_sheet(r, idag)
            ws.title = spec.name
            write_spec(ws, spec)
            path = tmp_path / f"bidrag_{i:03d}.xlsx"
            wb.save(path)
            inputs.append(path)
        outdir = tmp_path / "pdf"
        profile = tmp_path / "profil"
        env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice writes to $HOME on some systems
        try:
            result = subprocess.run(
                [
                    exe,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    *map(str, inputs),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                env=env,
            )
        except subprocess.TimeoutExpired:
            raise UnusableInput(f"PDF-exporten avbröts: LibreOffice svarade inte inom {TIMEOUT_S} sekunder.") from None
        written = []
        for path, name in zip(inputs, names):
            pdf = outdir / (path.stem + ".pdf")
            if not pdf.exists():
                detail = (result.stderr or result.stdout or "").strip().splitlines()
                raise UnusableInput(
                    "PDF-exporten misslyckades: LibreOffice skapade ingen PDF"
                    + (f" ({detail[-1]})" if detail else "")
                    + "."
                )
            target = mapp / name
            shutil.move(str(pdf), target)
            written.append(target)
    return written
