"""Validation findings: every problem with severity, place and a Swedish message, made from
its entry in the rule catalogue (``validation/rules.py``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, model_validator

from validation.rules import FEL, VARNING, check

__all__ = ["FEL", "VARNING", "Finding", "sort_key"]


class Finding(BaseModel):
    allvarlighet: Literal["fel", "varning"]
    blad: str
    cell: str
    regel: str  # a code of the rule catalogue
    meddelande: str
    fil: str = ""

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
