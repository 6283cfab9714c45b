"""A structural check of an xlsx/xlsm package, reusable by any test that writes workbooks.

``check_package(path)`` returns a list of problems (empty when the package is sound):
no duplicate zip names; every part has a content type; every internal relationship target
exists; sheet names, sheetIds and relationship ids unique; table ids and names unique and not
clashing with defined names; defined names local to an existing sheet and referring to
existing sheets; the active tab an existing sheet, and exactly that sheet selected.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_SHEET_REF = re.compile(r"(?<![\w\]])(?:'((?:[^']|'')+)'|([^\s'!(),;:=+*/&<>^\-\[\]]+))!")


def _rels(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str, bool]]:
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels") if part else "_rels/.rels"
    if name not in archive.namelist():
        return []
    out = []
    for el in etree.fromstring(archive.read(name)).iter(PR + "Relationship"):
        target, external = el.get("Target"), el.get("TargetMode") == "External"
        if not external:
            target = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            )
        out.append((el.get("Id"), el.get("Type"), target, external))
    return out


def check_package(path: Path) -> list[str]:
    problems: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if len(set(names)) != len(names):
            problems.append("duplicate zip entry names")
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        overrides = {el.get("PartName").lstrip("/") for el in types.iter(CT + "Override")}
        defaults = {el.get("Extension").lower() for el in types.iter(CT + "Default")}
        for name in names:
            if name == "[Content_Types].xml" or name.endswith("/"):
                continue
            if name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append(f"no content type: {name}")
        for part in overrides - set(names):
            problems.append(f"content type for a missing part: {part}")
        for name in names:
            if not name.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            source = posixpath.join(folder, posixpath.basename(name)[: -len(".rels")]) if name != "_rels/.rels" else ""
            if source and source not in names:
                problems.append(f"relationships of a missing part: {name}")
            ids = [rel[0] for rel in _rels(archive, source)]
            if len(set(ids)) != len(ids):
                problems.append(f"duplicate relationship ids in {name}")
            for _id, _type, target, external in _rels(archive, source):
                if not external and target not in names:
                    problems.append(f"{name}: target {target} missing")
        problems += _check_workbook(archive, names)
    return problems


def _check_workbook(archive: zipfile.ZipFile, names: list[str]) -> list[str]:
    problems = []
    root = next(target for _id, kind, target, _ext in _rels(archive, "") if kind.endswith("/officeDocument"))
    wb = etree.fromstring(archive.read(root))
    rels = {rel[0]: rel for rel in _rels(archive, root)}
    sheets = list(wb.iter(MAIN + "sheet"))
    sheet_names = [s.get("name") for s in sheets]
    if len({n.lower() for n in sheet_names}) != len(sheet_names):
        problems.append("duplicate sheet names")
    if len({s.get("sheetId") for s in sheets}) != len(sheets):
        problems.append("duplicate sheetIds")
    parts = []
    for s in sheets:
        rel = rels.get(s.get(R_ID))
        if rel is None:
            problems.append(f"sheet {s.get('name')} has no relationship")
        else:
            parts.append(rel[2])
    view = wb.find(f"{MAIN}bookViews/{MAIN}workbookView")
    active = int(view.get("activeTab", "0")) if view is not None else 0
    if active >= len(sheets):
        problems.append(f"activeTab {active} beyond {len(sheets)} sheets")
    selected = []
    for i, part in enumerate(parts):
        head = archive.read(part)[:8192]
        if re.search(rb'<(?:\w+:)?sheetView\b[^>]*tabSelected="(?:1|true)"', head):
            selected.append(i)
    if selected and selected != [active]:
        problems.append(f"selected sheets {selected}, active tab {active}")
    defined = []
    for el in wb.iter(MAIN + "definedName"):
        defined.append(el.get("name", "").lower())
        local = el.get("localSheetId")
        if local is not None and int(local) >= len(sheets):
            problems.append(f"defined name {el.get('name')} local to sheet {local}, beyond {len(sheets)}")
        for quoted, plain in _SHEET_REF.findall(el.text or ""):
            sheet = quoted.replace("''", "'") if quoted else plain
            if sheet and sheet not in sheet_names:
                problems.append(f"defined name {el.get('name')} refers to missing sheet {sheet!r}")
    ids, table_names = [], []
    for name in names:
        if re.match(r"xl/tables/[^/]+\.xml$", name):
            table = etree.fromstring(archive.read(name))
            ids.append(table.get("id"))
            table_names.append((table.get("displayName") or table.get("name")).lower())
    if len(set(ids)) != len(ids):
        problems.append(f"duplicate table ids {sorted(ids)}")
    if len(set(table_names)) != len(table_names):
        problems.append(f"duplicate table names {sorted(table_names)}")
    clash = set(table_names) & {d for d in defined if not d.startswith("_xlnm.")}
    if clash:
        problems.append(f"table names equal defined names: {sorted(clash)}")
    return problems
