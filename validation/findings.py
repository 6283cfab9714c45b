"""Validation findings: every problem with severity, place and a Swedish message, made from
its entry in the rule catalogue (``validation/rules.py``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_serializer, model_validator

from udfs.language.number_format import format_tal
from validation.rules import FEL, VARNING, check, rule_title

__all__ = ["FEL", "GROUP_AT", "VARNING", "Finding", "grouped", "sort_key"]

GROUP_AT = 20  # more findings of one rule in one table than this are one finding with the count
FIRST_CELLS = 5  # cells a grouped finding's message names


class Finding(BaseModel):
    allvarlighet: Literal["fel", "varning"]
    blad: str
    cell: str
    regel: str  # a code of the rule catalogue
    meddelande: str
    fil: str = ""
    # Every cell a finding that stands for many stands for (its own ``cell`` is the first):
    # the JSON of ``prognos validera`` lists them, the sheets show one row.
    celler: list[str] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _without_empty_cells(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if not data.get("celler"):
            data.pop("celler", None)
        return data

    @model_validator(mode="after")
    def _in_catalogue(self) -> "Finding":
        check(self.regel, self.allvarlighet)
        return self

    @property
    def is_error(self) -> bool:
        return self.allvarlighet == FEL

    def one_line(self) -> str:
        where = f"{self.fil}: " if self.fil else ""
        return f"{where}{self.blad}!{self.cell}: {self.allvarlighet}: {self.meddelande}"


def sort_key(finding: Finding) -> tuple:
    return (0 if finding.is_error else 1, finding.fil, finding.blad, _cell_order(finding.cell))


def _cell_order(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isalpha())
    return (int(digits) if digits else 0, letters.rjust(3))


def cells_text(cells: list[str]) -> str:
    """ "E5, E9, E12 och 85 till" for a message."""
    shown = ", ".join(cells[:FIRST_CELLS])
    return shown + (f" och {format_tal(len(cells) - FIRST_CELLS)} till" if len(cells) > FIRST_CELLS else "")


def grouped(findings: list[Finding]) -> list[Finding]:
    """More than ``GROUP_AT`` findings of one rule and severity on one sheet are one finding, in
    the first one's place: the count, the first cells, the first message, every cell in
    ``celler``. Fewer stay as they are; the order is kept."""
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(findings):
        groups.setdefault((f.fil, f.blad, f.regel, f.allvarlighet), []).append(i)
    big = {k: v for k, v in groups.items() if len(v) > GROUP_AT}
    if not big:
        return findings
    drop = {i for v in big.values() for i in v[1:]}
    out = []
    for i, f in enumerate(findings):
        if i in drop:
            continue
        members = big.get((f.fil, f.blad, f.regel, f.allvarlighet))
        if members:
            cells = [c for j in members for c in (findings[j].celler or [findings[j].cell]) if c]
            f = f.model_copy(
                update={
                    "celler": cells,
                    "meddelande": f"{format_tal(len(members))} fynd av samma slag ({rule_title(f.regel)}) på "
                    f"bladet {f.blad}: "
                    f"{cells_text(cells)}. Det första: {f.meddelande}",
                }
            )
        out.append(f)
    return out
