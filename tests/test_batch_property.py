"""A property (issue 12): unit workbooks made by ``prognos utskick`` from the bundled example,
filled in at random and then damaged at random (cells, zip parts, sheets), never lead to a
consolidated value that differs from the cell the unit sees, and never to an internal error.

"Consolidated value" is what ``workbooks.round.consolidation`` writes into the master: the
``PrognosInput`` fields of a valid submission. "The cell the unit sees" is read independently
with openpyxl from the damaged file (cached values, sheet visibility)."""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE
from udfs.language.number_text import parse_number
from workbooks.round.send_out import write_send_out
from workbooks.round.submissions import validate_file
from workbooks.round.worker_pool import WorkerContext

ERRORS = ["#N/A", "#REF!", "#SPILL!", "#CALC!", "#BUSY!", "#DIV/0!"]
FORMULAS = ["cmd|'/c calc'!A0", 'WEBSERVICE("http://exempel.invalid")', "[1]Blad1!A1", "D3", "SUM(D2:D3)", "1+1"]
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.integers(-(10**12), 10**12),
    st.sampled_from([1e308, -1e308, 0.0, -61_000.0, 1e15]),
)
TEXTS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    st.sampled_from(
        ["-2.76E5", "ca -275 mnkr", "1 234,5", "−12 000", "saknas", "=SUMMA(A1)", "Manuell", "Linjär", "x" * 33_000]
    ),
)


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    folder = tmp_path_factory.mktemp("utskick")
    return [p.read_bytes() for p in write_send_out(EXAMPLE, folder).files.values()]


def _filled(data: bytes, entries: list[tuple[int, str, object]]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Prognos"]
    columns = {c.value: c.column for c in ws[1]}
    for row, header, value in entries:
        cell = ws.cell(row=2 + row % max(ws.max_row - 1, 1), column=columns[header])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_CELL = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>.*?</c>)', re.S)


def _damage(data: bytes, draw) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    names = sorted(members)
    sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
    kind = draw(
        st.sampled_from(
            [
                "cell",
                "cell",
                "cell",
                "delete",
                "duplicate",
                "flip",
                "hide",
                "rename",
                "unlist",
                "stub",
                "table",
                "hiderow",
            ]
        )
    )
    if kind == "cell":
        part = draw(st.sampled_from(sheets))
        cells = list(_CELL.finditer(members[part]))
        if cells:
            m = draw(st.sampled_from(cells))
            ref = m.group(1)
            choice = draw(st.sampled_from(["num", "text", "error", "formula"]))
            if choice == "num":
                new = b'<c r="%s"><v>%s</v></c>' % (ref, repr(draw(NUMBERS)).encode())
            elif choice == "text":
                text = draw(TEXTS).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                text = "".join(
                    ch
                    for ch in text
                    if ch in "\t\n\r"
                    or (ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF and ord(ch) not in (0xFFFE, 0xFFFF))
                )
                new = b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text.encode())
            elif choice == "error":
                new = b'<c r="%s" t="e"><f>1/0</f><v>%s</v></c>' % (ref, draw(st.sampled_from(ERRORS)).encode())
            else:
                formula = (
                    draw(st.sampled_from(FORMULAS))
                    .replace("D3", ref.decode())
                    .replace("&", "&amp;")
                    .replace('"', "&quot;")
                )
                new = b'<c r="%s"><f>%s</f><v>-5000</v></c>' % (ref, formula.encode())
            members[part] = members[part][: m.start()] + new + members[part][m.end() :]
    elif kind == "delete":
        del members[draw(st.sampled_from(names))]
    elif kind == "flip":
        part = draw(st.sampled_from(names))
        blob = bytearray(members[part])
        if blob:
            pos = draw(st.integers(0, len(blob) - 1))
            blob[pos] = draw(st.integers(0, 255))
        members[part] = bytes(blob)
    elif kind in ("hide", "rename", "unlist"):
        workbook = members["xl/workbook.xml"]
        tags = list(re.finditer(rb"<sheet [^>]*?/>", workbook))
        tag = draw(st.sampled_from(tags))
        text = tag.group(0)
        if kind == "hide":
            text = text.replace(
                b"<sheet ", b'<sheet state="%s" ' % draw(st.sampled_from([b"hidden", b"veryHidden"])), 1
            )
            text = re.sub(rb' state="visible"', b"", text) if text.count(b"state=") > 1 else text
        elif kind == "rename":
            text = re.sub(
                rb'name="[^"]*"',
                b'name="%s"' % draw(st.sampled_from([b"Prognos", b"Kopia", b"prognos ", b"Data"])),
                text,
            )
        else:
            text = b""
        members["xl/workbook.xml"] = workbook[: tag.start()] + text + workbook[tag.end() :]
    elif kind == "hiderow":
        part = draw(st.sampled_from(sheets))
        rows = list(re.finditer(rb"<row ", members[part]))
        if rows:
            m = draw(st.sampled_from(rows))
            members[part] = members[part][: m.start()] + b'<row hidden="1" ' + members[part][m.end() :]
    elif kind == "table":
        tables = [n for n in names if n.startswith("xl/tables/")]
        if tables:
            part = draw(st.sampled_from(tables))
            members[part] = re.sub(rb'(name|displayName)="[^"]*"', rb'\1="Prognos"', members[part])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
        if kind == "duplicate":
            part = draw(st.sampled_from(sheets))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                archive.writestr(part, members[part].replace(b"<v>", b"<v>9", 1))
    out = buffer.getvalue()
    return b"MZ" + bytes(100) + out if kind == "stub" else out


def _visible(path: Path, sheet: str, cell: str):
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet]
    return ws.sheet_state, ws[cell].value


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_damaged_submissions_never_consolidate_what_the_sheet_does_not_show(units, tmp_path, data):
    source = units[data.draw(st.integers(0, len(units) - 1), label="unit")]
    plausible = st.one_of(
        st.tuples(
            st.integers(0, 3), st.just("Metod"), st.sampled_from(["Linjär", "Säsong", "Budgetprofil", "Manuell", None])
        ),
        st.tuples(
            st.integers(0, 3),
            st.just("Manuell prognos"),
            st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False)),
        ),
        st.tuples(
            st.integers(0, 3),
            st.just("Kommentar"),
            st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60),
        ),
    )
    hostile = st.tuples(
        st.integers(0, 3),
        st.sampled_from(["Metod", "Manuell prognos", "Kommentar"]),
        st.one_of(NUMBERS, TEXTS, st.none()),
    )
    entries = data.draw(st.lists(st.one_of(plausible, plausible, hostile), max_size=5))
    filled = _filled(source, entries)
    damaged = filled
    for _ in range(data.draw(st.integers(0, 2))):
        damaged = _damage(damaged, data.draw)
    path = tmp_path / "inlamning.xlsx"
    path.write_bytes(damaged)
    res = validate_file(str(path), path.name, WorkerContext())
    assert not [f for f in res.findings if f["regel"] == "internt_fel"], res.findings
    for f in res.findings:
        assert f["meddelande"] and "Traceback" not in f["meddelande"]
    event("giltig" if res.valid else "ogiltig" if res.usable else "oläsbar")
    if not res.valid:
        return
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception:
        assume(False)
    for p in res.prognos:
        event(f"sammanställs: {', '.join(p.changed) or 'inget'}")
        ws = wb[p.blad]
        assert ws.sheet_state == "visible", (p.blad, ws.sheet_state)
        assert not ws.row_dimensions[p.rad].hidden or not (p.metod or p.manuell is not None or p.kommentar), p
        headers = {c.value: c.column for c in ws[1]}
        if "manuell" in p.changed:
            shown = ws.cell(row=p.rad, column=headers["Manuell prognos"]).value
            if p.manuell is None:
                assert shown in (None, "") or isinstance(shown, str), shown
            else:
                assert math.isfinite(p.manuell) and abs(p.manuell) <= 1e9
                number = shown if isinstance(shown, (int, float)) else None
                if number is None:
                    number = parse_number(shown).value
                assert number is not None and abs(number - p.manuell) <= 1e-9 * max(1, abs(number)), (shown, p.manuell)
        if "kommentar" in p.changed and p.kommentar is not None:
            shown = ws.cell(row=p.rad, column=headers["Kommentar"]).value
            assert len(p.kommentar) <= 32_767
            assert str(shown).rstrip() == p.kommentar or (not isinstance(shown, str) and p.kommentar == str(shown)), (
                shown,
                p.kommentar,
            )
