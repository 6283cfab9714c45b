"""Grafting derived sheets into a byte copy of the user's workbook package.

The derived sheets are rendered by openpyxl into a small scratch workbook (same rendering as
the openpyxl path, ``workbooks.books.xlsx_book.write_spec``); their parts (sheet, tables, drawing,
charts) are then copied into the user's package under free names. Every other zip entry of
the user's file is copied as raw compressed bytes. The parts that change are only:
``[Content_Types].xml``, ``xl/workbook.xml`` (sheet list, defined names of the derived
sheets, active tab, ``fullCalcOnLoad``), ``xl/_rels/workbook.xml.rels``, ``xl/styles.xml``
(appended entries only), ``docProps/app.xml`` (sheet titles), and the user sheet that was
selected (its ``tabSelected`` flag is cleared so that tabs are not grouped). The previous run's
derived sheets go with every part only they reach (tables, drawings, charts, comments, rels);
``xl/calcChain.xml`` goes (Excel rebuilds it; it would name removed sheets' cells).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbooks.ooxml.parts import (
    NS_CT,
    NS_EP,
    NS_MAIN,
    NS_PR,
    NS_R,
    NS_VT,
    REL_CALC_CHAIN,
    REL_STYLES,
    REL_WORKSHEET,
    Element,
    GraftRefused,
    Rel,
    copy_raw,
    next_free,
    parse_xml,
    place,
    q,
    raw_copyable,
    read_rels,
    rels_name,
    serialize,
    sheet_name_key,
    write_part,
)
from workbooks.ooxml.styles import StyleMaps, merge_styles, remap_sheet_styles
from workbooks.ooxml.workbook_xml import recalculate_on_load, renumber_defined_names, set_active_tab

WORKBOOK = "xl/workbook.xml"
CONTENT_TYPES = "[Content_Types].xml"
APP = "docProps/app.xml"
_NUMBERED = re.compile(r"^(.*?)(\d+)(\.[A-Za-z0-9]+)$")
_TAB_SELECTED = re.compile(rb'(<(?:\w+:)?sheetView\b[^>]*?)\s+tabSelected="(?:1|true)"')


@dataclass
class Sheet:
    name: str
    sheet_id: int
    rel_id: str
    part: str
    element: Element


@dataclass
class UserPackage:
    """The user's package, opened and checked once (before any calculation)."""

    path: Path
    archive: zipfile.ZipFile
    infos: list[zipfile.ZipInfo]
    workbook: Element
    workbook_rels: Element
    rels: list[Rel]
    sheets: list[Sheet]
    styles_part: str
    macros: bool  # the workbook part's content type is the macro-enabled one (.xlsm)
    _rels_cache: dict[str, list[Rel]] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> "UserPackage":
        archive = zipfile.ZipFile(path)
        try:
            return cls._open(path, archive)
        except BaseException:
            archive.close()
            raise

    @classmethod
    def _open(cls, path: Path, archive: zipfile.ZipFile) -> "UserPackage":
        infos = archive.infolist()
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise GraftRefused("zip-arkivet har flera delar med samma namn.")
        bad = next((i.filename for i in infos if not raw_copyable(i)), None)
        if bad is not None:
            raise GraftRefused(f"delen {bad} är krypterad eller sparad i zip64-format, som inte kopieras bit för bit.")
        if CONTENT_TYPES not in names or rels_name(WORKBOOK) not in names:
            raise GraftRefused("paketet saknar innehållstyper eller arbetsbokens relationer.")
        workbook = parse_xml(archive.read(WORKBOOK), WORKBOOK)
        if etree.QName(workbook).namespace != NS_MAIN:
            raise GraftRefused("arbetsboken är sparad i formatet Strict Open XML.")
        wb_rels_root, rels = read_rels(archive.read(rels_name(WORKBOOK)), WORKBOOK, rels_name(WORKBOOK))
        by_id = {r.id: r for r in rels}
        sheets = []
        for el in workbook.iter(q(NS_MAIN, "sheet")):
            rel = by_id.get(el.get(q(NS_R, "id"), ""))
            if rel is None or rel.external or rel.target not in names:
                raise GraftRefused(f"bladet {el.get('name')!r} saknas i paketet.")
            sheets.append(Sheet(el.get("name", ""), int(el.get("sheetId", "0")), rel.id, rel.target, el))
        styles = next((r.target for r in rels if r.type == REL_STYLES), None)
        if styles is None or styles not in names:
            raise GraftRefused("arbetsboken saknar formatmallar (xl/styles.xml).")
        types = parse_xml(archive.read(CONTENT_TYPES), CONTENT_TYPES)
        macros = any(
            el.get("PartName", "").lstrip("/") == WORKBOOK and "macroEnabled" in el.get("ContentType", "")
            for el in types.iter(q(NS_CT, "Override"))
        )
        return cls(path, archive, infos, workbook, wb_rels_root, rels, sheets, styles, macros)

    @property
    def names(self) -> list[str]:
        return [i.filename for i in self.infos]

    def read(self, part: str) -> bytes:
        return self.archive.read(part)

    def part_rels(self, part: str) -> list[Rel]:
        if part not in self._rels_cache:
            name = rels_name(part) if part else "_rels/.rels"
            if name in self.archive.NameToInfo:
                self._rels_cache[part] = read_rels(self.read(name), part, name)[1]
            else:
                self._rels_cache[part] = []
        return self._rels_cache[part]

    def reach(self, starts: list[str], stop: set[str]) -> set[str]:
        """Parts reachable from ``starts`` through internal relationships, not entering ``stop``."""
        seen: set[str] = set()
        todo = [s for s in starts if s not in stop]
        while todo:
            part = todo.pop()
            if part in seen:
                continue
            seen.add(part)
            for rel in self.part_rels(part):
                if not rel.external and rel.target not in seen and rel.target not in stop:
                    todo.append(rel.target)
        return seen

    def close(self) -> None:
        self.archive.close()


@dataclass
class Scratch:
    """The scratch workbook openpyxl wrote: its sheets in order, styles and defined names."""

    archive: zipfile.ZipFile
    sheets: list[Sheet]
    defined_names: list[Element]

    @classmethod
    def load(cls, data: bytes) -> "Scratch":
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = parse_xml(archive.read(WORKBOOK), WORKBOOK)
        by_id = {r.id: r for r in read_rels(archive.read(rels_name(WORKBOOK)), WORKBOOK, "")[1]}
        sheets = [
            Sheet(el.get("name"), 0, el.get(q(NS_R, "id")), by_id[el.get(q(NS_R, "id"))].target, el)
            for el in workbook.iter(q(NS_MAIN, "sheet"))
        ]
        return cls(archive, sheets, list(workbook.iter(q(NS_MAIN, "definedName"))))

    def rels(self, part: str) -> list[Rel]:
        name = rels_name(part)
        if name not in self.archive.NameToInfo:
            return []
        return read_rels(self.archive.read(name), part, name)[1]

    def content_types(self) -> dict[str, str]:
        root = parse_xml(self.archive.read(CONTENT_TYPES), CONTENT_TYPES)
        return {el.get("PartName").lstrip("/"): el.get("ContentType") for el in root.iter(q(NS_CT, "Override"))}


class _Placer:
    """Copies scratch parts (and what they reach) into the user's package under free names."""

    def __init__(
        self,
        scratch: Scratch,
        maps: StyleMaps,
        taken: set[str],
        taken_table_names: set[str],
        next_table_id: int,
        added: dict[str, bytes],
        content_types: dict[str, str],
    ) -> None:
        self.scratch = scratch
        self.scratch_types = scratch.content_types() if scratch.archive is not None else {}
        self.maps = maps
        self.taken = taken
        self.taken_table_names = taken_table_names
        self.next_table_id = next_table_id
        self.added = added
        self.content_types = content_types

    def place(self, part: str) -> str:
        """Copy a scratch part (and what it reaches) under a free name; its new name."""
        match = _NUMBERED.match(part)
        new = next_free(match.group(1), self.taken, suffix=match.group(3)) if match else part
        if new.lower() in self.taken:
            raise GraftRefused(f"delen {part} finns redan i paketet.")
        self.taken.add(new.lower())
        data = self.scratch.archive.read(part)
        rels = self.scratch.rels(part)
        for rel in rels:
            if not rel.external:
                rel.element.set("Target", "/" + self.place(rel.target))
        if rels:
            self.added[rels_name(new)] = serialize(rels[0].element.getparent())
        kind = self.scratch_types.get(part)
        if kind is None:
            raise GraftRefused(f"delen {part} saknar innehållstyp.")
        self.content_types[new] = kind
        if kind.endswith(".worksheet+xml"):
            sheet = parse_xml(data, part)
            remap_sheet_styles(sheet, self.maps)
            data = serialize(sheet)
        elif kind.endswith(".table+xml"):
            data = self._renumber_table(data, part)
        self.added[new] = data
        return new

    def _renumber_table(self, data: bytes, part: str) -> bytes:
        """A scratch table with the next free id; refused when its name is taken."""
        table = parse_xml(data, part)
        name = (table.get("displayName") or table.get("name") or "").lower()
        if name in self.taken_table_names:
            raise GraftRefused(f"arbetsboken har redan en tabell eller ett namn {name!r}.")
        self.taken_table_names.add(name)
        table.set("id", str(self.next_table_id))
        self.next_table_id += 1
        return serialize(table)


def graft(user: UserPackage, scratch_bytes: bytes | None, remove: set[str], active: str | None, out: Path) -> None:
    """Write ``out``: the user's package without the sheets named in ``remove`` and with the
    scratch workbook's sheets appended in their order, ``active`` the selected tab."""
    scratch = Scratch.load(scratch_bytes) if scratch_bytes is not None else Scratch(None, [], [])
    new_names = [s.name for s in scratch.sheets]
    removed = [s for s in user.sheets if s.name in remove or s.name in new_names]
    kept = [s for s in user.sheets if s not in removed]
    kept_keys = {sheet_name_key(s.name) for s in kept}
    clash = next((n for n in new_names if sheet_name_key(n) in kept_keys), None)
    if clash is not None:  # PackageBook refuses such a workbook before it saves (look_alike_sheets)
        raise GraftRefused(f"arbetsboken har redan ett blad som heter {clash!r} med annan stavning.")
    removed_parts = {s.part for s in removed}
    keep = user.reach([""], removed_parts)
    drop = user.reach([s.part for s in removed], set()) - keep
    if removed or scratch.sheets:  # Excel rebuilds it; kept, it would miss or misplace cells
        drop |= {r.target for r in user.rels if r.type == REL_CALC_CHAIN}
    drop |= {rels_name(p) for p in drop}
    taken = {n.lower() for n in user.names if n not in drop}
    updated: dict[str, bytes] = {}
    added: dict[str, bytes] = {}
    content_types: dict[str, str] = {}

    maps = StyleMaps()
    if scratch.archive is not None:
        styles = parse_xml(user.read(user.styles_part), user.styles_part)
        maps = merge_styles(styles, parse_xml(scratch.archive.read("xl/styles.xml"), "xl/styles.xml"))
        if maps.changed:
            updated[user.styles_part] = serialize(styles)

    tables = _user_tables(user, keep)
    taken_table_names = {name.lower() for name in tables.values()}
    taken_table_names |= {el.get("name", "").lower() for el in user.workbook.iter(q(NS_MAIN, "definedName"))}
    next_table_id = max(tables, default=0) + 1
    placer = _Placer(scratch, maps, taken, taken_table_names, next_table_id, added, content_types)
    sheet_parts = [placer.place(sheet.part) for sheet in scratch.sheets]

    updated[WORKBOOK], updated[rels_name(WORKBOOK)], positions = _workbook(
        user, scratch, kept, removed, drop, sheet_parts, active
    )
    updated[CONTENT_TYPES] = _content_types(user, drop, content_types)
    if APP in user.archive.NameToInfo:
        app = _app(user, [s.name for s in kept] + new_names)
        if app is not None:
            updated[APP] = app
    if active is not None and active in new_names:
        for sheet in kept:
            patched = _unselect(user, sheet.part)
            if patched is not None:
                updated[sheet.part] = patched
    _write(user, out, drop, updated, added)


def _user_tables(user: UserPackage, keep: set[str]) -> dict[int, str]:
    """id -> name of every table part the kept package still has."""
    out = {}
    for part in sorted(keep):
        if part.startswith("xl/tables/") and part.endswith(".xml") and part in user.archive.NameToInfo:
            root = parse_xml(user.read(part), part)
            out[int(root.get("id", "0"))] = root.get("displayName") or root.get("name") or ""
    return out


def _workbook(
    user: UserPackage,
    scratch: Scratch,
    kept: list[Sheet],
    removed: list[Sheet],
    drop: set[str],
    sheet_parts: list[str],
    active: str | None,
) -> tuple[bytes, bytes, dict[str, int]]:
    wb = user.workbook
    rels_root = user.workbook_rels
    old_index = {s.name: i for i, s in enumerate(user.sheets)}
    _relink_sheets(user, scratch, kept, removed, drop, sheet_parts)
    order = [s.name for s in kept] + [s.name for s in scratch.sheets]
    positions = {name: i for i, name in enumerate(order)}
    new_of_old = {old_index[s.name]: positions[s.name] for s in kept}
    added_positions = [positions[s.name] for s in scratch.sheets]
    renumber_defined_names(wb, new_of_old, scratch.defined_names, added_positions)
    set_active_tab(wb, positions, new_of_old, active)
    recalculate_on_load(wb)
    return serialize(wb), serialize(rels_root), positions


def _relink_sheets(
    user: UserPackage, scratch: Scratch, kept: list[Sheet], removed: list[Sheet], drop: set[str], sheet_parts: list[str]
) -> None:
    """The sheet list and the workbook's relationships: the removed sheets and dropped parts
    out, the derived sheets in (after the kept ones, with fresh ids)."""
    rels_root = user.workbook_rels
    sheets_el = user.workbook.find(q(NS_MAIN, "sheets"))
    for sheet in removed:
        sheets_el.remove(sheet.element)
    for rel in user.rels:
        if (rel.type == REL_WORKSHEET and rel.target in {s.part for s in removed}) or (
            not rel.external and rel.target in drop
        ):
            rels_root.remove(rel.element)
    rel_ids = {(el.get("Id") or "").lower() for el in rels_root if isinstance(el.tag, str)}
    next_sheet_id = max((s.sheet_id for s in kept), default=0) + 1
    for sheet, part in zip(scratch.sheets, sheet_parts):
        rel_id = next_free("rId", rel_ids)
        rel_ids.add(rel_id.lower())
        rel = etree.SubElement(rels_root, q(NS_PR, "Relationship"))
        rel.set("Id", rel_id)
        rel.set("Type", REL_WORKSHEET)
        rel.set("Target", "/" + part)
        el = etree.SubElement(sheets_el, q(NS_MAIN, "sheet"))
        el.set("name", sheet.name)
        el.set("sheetId", str(next_sheet_id))
        el.set(q(NS_R, "id"), rel_id)
        next_sheet_id += 1


def _content_types(user: UserPackage, drop: set[str], new: dict[str, str]) -> bytes:
    root = parse_xml(user.read(CONTENT_TYPES), CONTENT_TYPES)
    for el in list(root.iter(q(NS_CT, "Override"))):
        if el.get("PartName", "").lstrip("/") in drop:
            root.remove(el)
    defaults = {el.get("Extension", "").lower() for el in root.iter(q(NS_CT, "Default"))}
    if "rels" not in defaults:
        el = etree.SubElement(root, q(NS_CT, "Default"))
        el.set("Extension", "rels")
        el.set("ContentType", "application/vnd.openxmlformats-package.relationships+xml")
        place(root, el, ("Override",))
    for part, kind in new.items():
        el = etree.SubElement(root, q(NS_CT, "Override"))
        el.set("PartName", "/" + part)
        el.set("ContentType", kind)
    return serialize(root)


def _app(user: UserPackage, sheet_names: list[str]) -> bytes | None:
    """docProps/app.xml with the worksheet titles of the new sheet list; None when it has no
    list recognisable as the sheets (left as it is)."""
    root = parse_xml(user.read(APP), APP)
    pairs = root.find(f"{q(NS_EP, 'HeadingPairs')}/{q(NS_VT, 'vector')}")
    titles = root.find(f"{q(NS_EP, 'TitlesOfParts')}/{q(NS_VT, 'vector')}")
    if pairs is None or titles is None:
        return None
    variants = pairs.findall(q(NS_VT, "variant"))
    lpstrs = titles.findall(q(NS_VT, "lpstr"))
    old_sheets = {s.name for s in user.sheets}
    offset = 0
    for label, count in zip(variants[::2], variants[1::2]):
        number = count.find(q(NS_VT, "i4"))
        if number is None:
            return None
        n = int(number.text)
        group = lpstrs[offset : offset + n]
        if n and all(el.text in old_sheets for el in group):
            at = list(titles).index(group[0])
            for el in group:
                titles.remove(el)
            for i, name in enumerate(sheet_names):
                el = etree.SubElement(titles, q(NS_VT, "lpstr"))
                el.text = name
                titles.insert(at + i, el)
            number.text = str(len(sheet_names))
            titles.set("size", str(len(titles.findall(q(NS_VT, "lpstr")))))
            return serialize(root)
        offset += n
    return None


def _unselect(user: UserPackage, part: str) -> bytes | None:
    """The sheet's bytes with ``tabSelected`` cleared, or None when it is not selected."""
    with user.archive.open(part) as handle:
        head = handle.read(8192)
    if _TAB_SELECTED.search(head) is None:
        return None
    data = user.read(part)
    return _TAB_SELECTED.sub(rb"\1", data, count=1)


def _write(user: UserPackage, out: Path, drop: set[str], updated: dict[str, bytes], added: dict[str, bytes]) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in user.infos:
            if info.filename in drop:
                continue
            if info.filename in updated:
                write_part(dst, info.filename, updated[info.filename], like=info)
            else:
                copy_raw(user.archive, info, dst)
        for name, data in added.items():
            write_part(dst, name, data)
