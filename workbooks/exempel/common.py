"""What the example builders share: reading the CSVs and a byte-deterministic save."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def deterministic_bytes(wb: Workbook, fixed: _dt.datetime) -> bytes:
    """Save to bytes with fixed document dates and zip timestamps (openpyxl stamps 'now'),
    so that rebuilding a committed example shows no diff."""
    raw = io.BytesIO()
    wb.save(raw)
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    zip_date = fixed.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED_RE.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=zip_date)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()
