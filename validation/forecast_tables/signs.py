"""The sign convention's check shared by Budget, Utfall and Prognos (``check_sign``): an amount
whose sign does not match the workbook's convention (``Reader.costs_positive`` and
``Reader.revenue_negative``, from Installningar) gets a finding ``fel_tecken`` at its cell.
"""

from __future__ import annotations

from udfs.language.number_format import format_as_typed
from validation.raw_table import RawTable
from validation.reader import Reader


def check_sign(
    reader: Reader, raw: RawTable, cell: str, typ: str, value: float | None, label: str, severity: str
) -> None:
    """``value`` as typed; the workbook's convention is in ``reader.costs_positive``."""
    if value is None or value == 0:
        return
    if typ == "Kostnader" and reader.costs_positive and value < 0:
        reader.add(
            severity,
            raw,
            cell,
            "fel_tecken",
            f"{label}: kostnader skrivs utan minustecken i den här arbetsboken (Kostnader: positiva i "
            f"Inställningar), men här står {format_as_typed(value)}. Ta bort minustecknet om det är en kostnad.",
        )
    elif typ == "Kostnader" and not reader.costs_positive and value > 0:
        reader.add(
            severity,
            raw,
            cell,
            "fel_tecken",
            f"{label}: kostnader skrivs med minustecken (intäkter +, kostnader −), men här står "
            f"{format_as_typed(value)}. "
            "Ändra till ett negativt belopp om det är en kostnad, eller skriv Kostnader: positiva i "
            "Inställningar om arbetsboken genomgående har kostnader utan minustecken.",
        )
    elif typ == "Intäkter" and (value < 0) != reader.revenue_negative:
        if reader.revenue_negative:
            reader.add(
                severity,
                raw,
                cell,
                "fel_tecken",
                f"{label}: intäkter skrivs med minustecken i den här arbetsboken (Intäkter: negativa i "
                f"Inställningar), men här står {format_as_typed(value)}. Ändra tecknet om det är en intäkt.",
            )
        else:
            reader.add(
                severity,
                raw,
                cell,
                "fel_tecken",
                f"{label}: intäkter skrivs som positiva belopp, men här står {format_as_typed(value)}. "
                "Ändra tecknet om det är en intäkt.",
            )
