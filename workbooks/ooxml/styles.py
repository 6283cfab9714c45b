"""Merging the derived sheets' styles into the user's ``xl/styles.xml``.

The user's number formats, fonts, fills, borders, cell formats (cellXfs) and differential
formats (dxfs) keep their indices: the scratch workbook's entries are appended (an entry
equal to one the user already has is reused, so a refresh of a refreshed workbook adds
nothing), and the derived sheets' ``s=``/``style=``/``dxfId=`` attributes are remapped.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from workbooks.ooxml.parts import NS_MAIN, Element, GraftRefused, q

# Children of <styleSheet> in schema order (a missing list is created in its place).
_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]
FIRST_CUSTOM_NUMFMT = 164


@dataclass
class StyleMaps:
    xf: dict[int, int] = field(default_factory=dict)
    dxf: dict[int, int] = field(default_factory=dict)
    changed: bool = False


def _list(root: Element, name: str, create: bool) -> Element | None:
    found = root.find(q(NS_MAIN, name))
    if found is not None or not create:
        return found
    el = etree.SubElement(root, q(NS_MAIN, name))
    el.set("count", "0")
    later = _ORDER[_ORDER.index(name) + 1 :]
    for child in root:
        if isinstance(child.tag, str) and etree.QName(child).localname in later:
            child.addprevious(el)
            break
    return el


def _key(el: Element) -> bytes:
    return etree.tostring(el, method="c14n", exclusive=True, with_comments=False)


class _Entries:
    """One list of the user's styles (fonts, cellXfs, …) with its entries indexed by content."""

    def __init__(self, target: Element):
        self.target = target
        self.children = [c for c in target if isinstance(c.tag, str)]
        self.index: dict[bytes, int] = {}
        for i, child in enumerate(self.children):
            self.index.setdefault(_key(child), i)

    def add(self, el: Element) -> int:
        """Index of an entry equal to ``el``, appending a copy when there is none."""
        key = _key(el)
        if key not in self.index:
            self.target.append(copy.deepcopy(el))
            self.children.append(el)
            self.index[key] = len(self.children) - 1
            self.target.set("count", str(len(self.children)))
        return self.index[key]


def merge_styles(user: Element, scratch: Element) -> StyleMaps:
    """Append what ``scratch`` needs to ``user`` (in place); the index maps for remapping."""
    if etree.QName(user).namespace != NS_MAIN:
        raise GraftRefused("formatmallarna (xl/styles.xml) är inte i det vanliga Excel-formatet.")
    before = _key(user)
    numfmt = _merge_numfmts(user, scratch)
    maps = StyleMaps()
    sub = {}
    for kind, child in (("fonts", "font"), ("fills", "fill"), ("borders", "border")):
        theirs = scratch.find(q(NS_MAIN, kind))
        sub[child] = {}
        if theirs is None:
            continue
        entries = theirs.findall(q(NS_MAIN, child))
        mine = _Entries(_list(user, kind, create=True))
        for i, el in enumerate(entries):
            sub[child][i] = mine.add(el)
    user_xfs = _Entries(_list(user, "cellXfs", create=True))
    has_style_xf = user.find(q(NS_MAIN, "cellStyleXfs")) is not None
    scratch_xfs = scratch.find(q(NS_MAIN, "cellXfs"))
    for i, xf in enumerate(scratch_xfs.findall(q(NS_MAIN, "xf")) if scratch_xfs is not None else []):
        xf = copy.deepcopy(xf)
        xf.set("numFmtId", str(numfmt.get(int(xf.get("numFmtId", "0")), int(xf.get("numFmtId", "0")))))
        for attr, kind in (("fontId", "font"), ("fillId", "fill"), ("borderId", "border")):
            xf.set(attr, str(sub[kind].get(int(xf.get(attr, "0")), 0)))
        if not has_style_xf:
            xf.attrib.pop("xfId", None)
        maps.xf[i] = user_xfs.add(xf)
    scratch_dxfs = scratch.find(q(NS_MAIN, "dxfs"))
    if scratch_dxfs is not None and len(scratch_dxfs):
        mine = _Entries(_list(user, "dxfs", create=True))
        for i, dxf in enumerate(scratch_dxfs.findall(q(NS_MAIN, "dxf"))):
            dxf = copy.deepcopy(dxf)
            fmt = dxf.find(q(NS_MAIN, "numFmt"))
            if fmt is not None:
                fmt.set("numFmtId", str(numfmt.get(int(fmt.get("numFmtId", "0")), int(fmt.get("numFmtId", "0")))))
            maps.dxf[i] = mine.add(dxf)
    maps.changed = _key(user) != before
    return maps


def _merge_numfmts(user: Element, scratch: Element) -> dict[int, int]:
    """scratch numFmtId -> user numFmtId (built-in ids map to themselves)."""
    theirs = scratch.find(q(NS_MAIN, "numFmts"))
    if theirs is None or not len(theirs):
        return {}
    mine = _list(user, "numFmts", create=True)
    by_code = {el.get("formatCode"): int(el.get("numFmtId")) for el in mine.findall(q(NS_MAIN, "numFmt"))}
    next_id = max([FIRST_CUSTOM_NUMFMT - 1, *by_code.values()]) + 1
    out = {}
    for el in theirs.findall(q(NS_MAIN, "numFmt")):
        code, old = el.get("formatCode"), int(el.get("numFmtId"))
        if code not in by_code:
            new = etree.SubElement(mine, q(NS_MAIN, "numFmt"))
            new.set("numFmtId", str(next_id))
            new.set("formatCode", code)
            by_code[code] = next_id
            next_id += 1
            mine.set("count", str(len(mine.findall(q(NS_MAIN, "numFmt")))))
        out[old] = by_code[code]
    return out


def remap_sheet_styles(sheet: Element, maps: StyleMaps) -> None:
    """Point a derived sheet's cells, rows, columns and conditional formats at the merged styles."""
    c, row, col, rule = q(NS_MAIN, "c"), q(NS_MAIN, "row"), q(NS_MAIN, "col"), q(NS_MAIN, "cfRule")
    for el in sheet.iter(c, row, col, rule):
        if el.tag == col:
            attr = "style"
        elif el.tag == rule:
            if el.get("dxfId") is not None:
                el.set("dxfId", str(maps.dxf[int(el.get("dxfId"))]))
            continue
        else:
            attr = "s"
        value = el.get(attr)
        if value is not None:
            el.set(attr, str(maps.xf[int(value)]))
