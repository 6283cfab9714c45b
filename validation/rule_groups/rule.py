"""A rule of the catalogue (``validation/rules.py``): its code, the severities it may fire
with, a short Swedish title and the doc text of ``docs/regler.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from udfs.language.vocabulary import FEL, VARNING

FEL_ELLER_VARNING = (FEL, VARNING)  # the severity depends on where the rule fires


@dataclass(frozen=True)
class Rule:
    code: str
    severities: tuple[str, ...]  # (FEL,), (VARNING,) or both
    title: str  # short, Swedish
    doc: str  # what the rule checks and what to do, Swedish

    @property
    def severity_text(self) -> str:
        return " eller ".join(self.severities)

    @classmethod
    def of(cls, code: str, severity: str | tuple[str, ...], title: str, doc: str) -> Rule:
        """A catalogue entry; ``severity`` is FEL, VARNING or FEL_ELLER_VARNING."""
        return cls(code, severity if isinstance(severity, tuple) else (severity,), title, doc)
