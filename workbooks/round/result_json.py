"""The result of ``prognos validera`` as JSON (``--json``, and the add-in's task pane), and the
links that open a submitted file at a finding's cell (also used by the report workbook,
``workbooks/round/report_workbook.py``). No spreadsheet library: printing the JSON loads no writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from validation.findings import Finding, sort_key
from validation.round.batch import BatchResult, file_order


def location(sheet: str, cell: str) -> str:
    """An Excel location: 'Blad'!A1 (quotes doubled inside the name)."""
    name = "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{cell or 'A1'}"


def file_link(path: str, sheet: str, cell: str) -> str:
    """A link that opens the file at the cell: file:///…/fil.xlsx#'Blad'!A1."""
    uri = Path(path).resolve().as_uri()
    return f"{uri}#{location(sheet, cell)}" if sheet else uri


def batch_json(batch: BatchResult) -> dict[str, Any]:
    """The batch as the JSON of ``prognos validera --json`` (and of the add-in's task pane)."""
    files = sorted(batch.files, key=file_order)
    return {
        "version": 1,
        "sammanfattning": {
            **batch.counts(),
            "alla_giltiga": batch.all_valid,
            "tid_s": round(batch.seconds, 3),
            "processer": batch.jobs,
        },
        "forvantade_enheter": batch.expected,
        "saknade_enheter": batch.missing,
        "master": str(batch.master.path) if batch.master else None,
        "hoppade_over": batch.skipped,
        "filer": [
            {
                "fil": f.fil,
                "sokvag": f.path,
                "sha256": f.sha256,
                "enhet": f.unit,
                "enhet_enligt": f.unit_source or None,
                "omgang": f.omgang,
                "ar": f.ar,
                "period": f.period,
                "status": f.status,
                "fel": f.errors,
                "varningar": f.warnings,
                "tid_s": round(f.seconds, 4),
                "diarienummer": f.case_numbers,
                "fynd": [
                    {
                        **{k: v for k, v in d.items() if k != "fil"},
                        "lank": file_link(f.path, d["blad"], d["cell"]) if d["blad"] else file_link(f.path, "", ""),
                    }
                    for d in sorted(f.findings, key=lambda d: sort_key(Finding(**d)))
                ],
            }
            for f in files
        ],
    }
