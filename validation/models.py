"""Pydantic models: one per contract table row, plus the settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from udfs.language.vocabulary import (
    ENHETER,
    METODER,
    TYPER,
    canonical_metod,
    canonical_typ,
    month_of_header,
    normalize,
    printable,
)


def clean_text(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(printable(str(value)).split())
    return text or None


def _month(value: object) -> object:
    """A month as ledgers export it: 4, "apr", "april", "2023-04", 202304, or a date."""
    if isinstance(value, (date, datetime)):
        return value.month
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        number = int(value)
        if 190001 <= number <= 210012 and 1 <= number % 100 <= 12:  # YYYYMM
            return number % 100
        return number
    if isinstance(value, str):
        month = month_of_header(value)
        if month is not None:
            return month
        text = value.strip()
        if text.isdigit():
            return _month(int(text))
    return value


def _whole(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


SIGNS = {
    "negativa": "negativa",
    "negativ": "negativa",
    "minus": "negativa",
    "-": "negativa",
    "\u2212": "negativa",
    "med minustecken": "negativa",
    "positiva": "positiva",
    "positiv": "positiva",
    "plus": "positiva",
    "+": "positiva",
    "utan minustecken": "positiva",
}

Typ = Annotated[Literal[TYPER], BeforeValidator(canonical_typ)]
Metod = Annotated[Optional[Literal[METODER]], BeforeValidator(canonical_metod)]
Area = Annotated[str, BeforeValidator(clean_text), Field(min_length=1)]
OptText = Annotated[Optional[str], BeforeValidator(clean_text)]
Year = Annotated[int, BeforeValidator(_whole), Field(ge=1990, le=2100)]
Month = Annotated[int, BeforeValidator(_month), Field(ge=1, le=12)]


class Row(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class BudgetRow(Row):
    omrade: Area
    verksamhet: OptText = None
    typ: Typ
    budget: float
    benamning: OptText = None  # "Benämning i text"


class UtfallRow(Row):
    omrade: Area
    verksamhet: OptText = None
    typ: Typ
    ar: Year
    manad: Month
    belopp: Optional[float] = None


class PrognosRow(Row):
    omrade: Area
    typ: Typ
    metod: Metod = None
    manuell: Optional[float] = None
    foregaende: Optional[float] = None
    kommentar: OptText = None


class Settings(BaseModel):
    """Installningar. Field names are the contract's rows."""

    namnd: Annotated[str, BeforeValidator(clean_text), Field(min_length=1)]
    ar: Year
    period: Month
    enhet: Literal[tuple(ENHETER)] = "tkr"
    balansgrans: float = Field(default=0.005, ge=0, le=1)
    kostnader: Literal["negativa", "positiva"] = "negativa"  # how the workbook writes costs
    # materiality threshold for the texts, in the workbook's unit (None: 0,5 miljoner kronor)
    vasentlighetsgrans: float | None = Field(default=None, ge=0)
    intakter: Literal["positiva", "negativa"] = "positiva"  # how it writes revenue (issue 10)
    huvudbok_enhet: Literal["kr", "tkr", "mnkr"] = "kr"  # unit of a ledger-shaped Budget/Utfall
    rapport: Annotated[Optional[str], BeforeValidator(clean_text)] = None  # "Delårsrapport 1 2023"
    rapportdatum: Optional[date] = None  # read by validation.section_tables.report_date.as_date

    @field_validator("intakter", mode="before")
    @classmethod
    def _intakter(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return "positiva"
        text = normalize(value) if isinstance(value, str) else value
        return SIGNS.get(text, value)

    @field_validator("huvudbok_enhet", mode="before")
    @classmethod
    def _huvudbok_enhet(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return "kr"
        return normalize(value).replace(" ", "") if isinstance(value, str) else value

    @property
    def revenue_negative(self) -> bool:
        return self.intakter == "negativa"

    @field_validator("kostnader", mode="before")
    @classmethod
    def _kostnader(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return "negativa"
        text = normalize(value) if isinstance(value, str) else value
        return SIGNS.get(text, value)

    @property
    def costs_positive(self) -> bool:
        return self.kostnader == "positiva"

    @field_validator("enhet", mode="before")
    @classmethod
    def _enhet(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return "tkr"
        return normalize(value).replace(" ", "") if isinstance(value, str) else value

    @property
    def factor_to_mnkr(self) -> float:
        return ENHETER["mnkr"] / ENHETER[self.enhet]


# Swedish messages for pydantic errors, by field.
FIELD_MESSAGES = {
    "omrade": "Verksamhetsområde saknas. Fyll i området (samma namn som i Budget).",
    "typ": "Typ måste vara Intäkter eller Kostnader (står: {input!r}). Välj i listan.",
    "metod": "Metod måste vara Linjär, Säsong, Budgetprofil, Volym, Manuell eller tom (står: {input!r}).",
    "ar": "År måste vara ett årtal, t.ex. 2023 (står: {input!r}).",
    "manad": "Månad måste vara 1–12, ett månadsnamn (april) eller ÅÅÅÅMM (202304) (står: {input!r}).",
    "period": "Period måste vara senast stängda månad, ett heltal 1–12 (står: {input!r}).",
    "namnd": "Nämnd saknas. Skriv nämndens namn.",
    "enhet": "Enhet måste vara kr, tkr eller mnkr (står: {input!r}).",
    "balansgrans": "Balansgräns måste vara en andel mellan 0 och 100 %, t.ex. 0,5 % (står: {input!r}).",
    "budget": "Budget saknas eller är inte ett tal. Fyll i helårsbudgeten.",
    "kostnader": "Kostnader måste vara negativa (kostnader skrivs med minustecken) eller positiva (står: {input!r}).",
    "vasentlighetsgrans": "Väsentlighetsgräns måste vara ett belopp i arbetsbokens enhet, noll eller större, t.ex. 500 "
    "(står: {input!r}). Lämna tom för 0,5 miljoner kronor.",
    "intakter": "Intäkter måste vara positiva (standard) eller negativa (intäkter med minustecken, som i en "
    "debet/kredit-export) (står: {input!r}).",
    "huvudbok_enhet": "Huvudbok i måste vara kr, tkr eller mnkr (står: {input!r}).",
}


def message_for(field: str, value: object) -> str:
    template = FIELD_MESSAGES.get(field, "Ogiltigt värde (står: {input!r}).")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # the cell says 13, not 13.0 (calamine reads numbers as floats)
    return template.format(input=value)
