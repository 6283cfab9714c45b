"""What the graft changes in ``xl/workbook.xml`` besides the sheet list: the defined names
renumbered to the new sheet order (the removed sheets' own names go, the derived sheets' come
from the scratch workbook), the active tab, and ``fullCalcOnLoad`` so that Excel recalculates
the grafted formulas when it opens the file."""

from __future__ import annotations

from lxml import etree

from workbooks.ooxml.parts import NS_MAIN, Element, place, q

# Schema order of CT_Workbook: the children that follow definedNames, and calcPr.
AFTER_DEFINED_NAMES = (
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
)
AFTER_CALC_PR = AFTER_DEFINED_NAMES[1:]


def renumber_defined_names(
    wb: Element, new_of_old: dict[int, int], added: list[Element], added_positions: list[int]
) -> None:
    """Point the kept sheets' local names at their new index, drop the removed sheets' local
    names, and add the derived sheets' names (``added``; a local one at the index its scratch
    sheet now has, ``added_positions`` by scratch index)."""
    names_el = wb.find(q(NS_MAIN, "definedNames"))
    if names_el is not None:
        for el in list(names_el):
            local = el.get("localSheetId")
            if local is None or not isinstance(el.tag, str):
                continue
            if int(local) in new_of_old:
                el.set("localSheetId", str(new_of_old[int(local)]))
            else:
                names_el.remove(el)
    if added:
        if names_el is None:
            names_el = etree.SubElement(wb, q(NS_MAIN, "definedNames"))
            place(wb, names_el, AFTER_DEFINED_NAMES)
        for name in added:
            el = etree.SubElement(names_el, q(NS_MAIN, "definedName"))
            for key, value in name.attrib.items():
                el.set(key, value)
            if name.get("localSheetId") is not None:
                el.set("localSheetId", str(added_positions[int(name.get("localSheetId"))]))
            el.text = name.text
        if not len(names_el):
            wb.remove(names_el)
    elif names_el is not None and not len(names_el):
        wb.remove(names_el)


def set_active_tab(wb: Element, positions: dict[str, int], new_of_old: dict[int, int], active: str | None) -> None:
    """The sheet named ``active`` opens (else the one that was open, where it moved), and the
    first visible tab is never after it."""
    view = wb.find(f"{q(NS_MAIN, 'bookViews')}/{q(NS_MAIN, 'workbookView')}")
    if view is not None:
        if active is not None and active in positions:
            tab = positions[active]
        else:
            old = int(view.get("activeTab", "0"))
            tab = new_of_old.get(old, 0)
        view.set("activeTab", str(tab))
        if view.get("firstSheet") is not None:
            first = new_of_old.get(int(view.get("firstSheet")), 0)
            view.set("firstSheet", str(min(first, tab)))


def recalculate_on_load(wb: Element) -> None:
    """``calcPr fullCalcOnLoad="1"``: Excel recalculates the whole book when it opens it."""
    calc = wb.find(q(NS_MAIN, "calcPr"))
    if calc is None:
        calc = etree.SubElement(wb, q(NS_MAIN, "calcPr"))
        place(wb, calc, AFTER_CALC_PR)
    calc.set("fullCalcOnLoad", "1")
