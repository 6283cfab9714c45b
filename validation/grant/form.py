"""What the signed report-back form needs beyond the arithmetic: field 3a, the reason why
money is left (``Orsak kvarstående medel`` in the register)."""

from __future__ import annotations

from udfs.grant.report_back import Anmarkning, Bidrag
from udfs.language.rounding import format_tal
from validation.findings import VARNING
from validation.raw_table import RawTable
from validation.reader import Reader


def check_orsak(reader: Reader, raw: RawTable, grant: Bidrag, orsak_cell: str | None, grant_cell: str) -> None:
    """Money left (kvarstående) needs the form's field 3a; without it the report-back is not
    ready to sign (a warning on the grant, so its status is Varning)."""
    left = grant.mottaget - sum(k.belopp for k in grant.kostnader)
    if left <= 0 or grant.orsak_kvarstaende or grant.inlamnad is not None:
        return
    where = "i kolumnen Orsak kvarstående medel" if orsak_cell else "i en ny kolumn Orsak kvarstående medel"
    message = (
        f"{grant.namn}: {format_tal(left, 0)} kr av statsbidraget är kvar och ska återbetalas, men "
        f"formulärets fält 3a (orsak till kvarstående medel) är tomt. Skriv orsaken {where} i Statsbidrag."
    )
    cell = orsak_cell or grant_cell
    reader.add(VARNING, raw, cell, "orsak_kvarstaende_saknas", message)
    grant.anmarkningar.append(Anmarkning(VARNING, f"{raw.sheet}!{cell}: {message}"))
