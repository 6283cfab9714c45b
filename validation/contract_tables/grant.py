"""The state-grant register (read in ``validation/grant/``): Statsbidrag, one row per grant
(and round), and Bidragskostnader, the costs charged to them, in whole kronor.
"""

from __future__ import annotations

from validation.table_spec import AMOUNT, CASE_NUMBER, COUNT, DATE, LABEL, Column, TableSpec

STATSBIDRAG = TableSpec(
    "Statsbidrag",
    "Statsbidrag",
    (
        Column("bidrag", "Bidrag", ("statsbidrag", "bidragets namn"), True, LABEL, width=30),
        Column("myndighet", "Myndighet", ("beviljande myndighet",), True),
        Column("mottaget", "Mottaget", ("mottaget belopp", "mottaget kr", "belopp"), True, AMOUNT),
        Column("period_fran", "Period från", ("fran", "fran och med", "period fr o m"), True, DATE),
        Column("period_till", "Period till", ("till", "till och med", "period t o m"), True, DATE),
        Column("diarienummer", "Diarienummer", ("dnr", "kommunens dnr", "myndighetens dnr"), kind=CASE_NUMBER),
        # issue 4: the agency's case number per round
        Column("myndighetens_dnr", "Myndighetens dnr", ("dnr myndighet", "dnr for ansokan", "dnr for rekvisition")),
        Column("omrade", "Verksamhetsområde", ("verksamhet", "omrade"), kind=LABEL),
        Column(
            "aterrapportering_senast", "Återrapportering senast", ("sista dag aterrapportering", "deadline"), kind=DATE
        ),
        Column("kostnadskategorier", "Kostnadskategorier", ("kategorier",), width=50),
        Column("anonymisera", "Anonymisera antal", ("anonymisera",)),
        Column("inlamnad", "Inlämnad", ("inskickad", "rapporterad", "aterrapporterad", "inlamnad datum"), kind=DATE),
        # the form's comment (max 1 000 tecken)
        Column("kommentar", "Kommentar", ("kommentarer", "kommentar ekonomisk redovisning")),
        # the form's field 3a: why money is left when it is (issue 13)
        Column(
            "orsak_kvarstaende",
            "Orsak kvarstående medel",
            ("orsak till kvarstaende medel", "orsak kvarstaende", "orsak till kvarstaende", "falt 3a", "3a"),
            width=50,
        ),
    ),
    instructions=(
        "En rad per statsbidrag: bidragets namn, myndighet, mottaget belopp i hela kronor och "
        "bidragsperioden (Period från, Period till, som datum ÅÅÅÅ-MM-DD). Frivilligt: "
        "kommunens och myndighetens diarienummer, verksamhetsområde, sista dag för "
        "återrapportering, myndighetens kostnadskategorier (åtskilda med semikolon), om antal "
        "ska anonymiseras (Ja/Nej), datumet då återrapporteringen lämnades in (Inlämnad; då "
        "upphör påminnelserna om sista dag), en kommentar till återrapporteringen (högst 1 000 tecken) "
        "och, när pengar är kvar, orsaken till kvarstående medel (formulärets fält 3a).",
    ),
)
BIDRAGSKOSTNADER = TableSpec(
    "Bidragskostnader",
    "Bidragskostnader",
    (
        Column("bidrag", "Bidrag", ("statsbidrag",), True, LABEL, width=30),
        Column("belopp", "Belopp", ("kostnad", "belopp kr"), True, AMOUNT),
        Column("kategori", "Kategori", ("kostnadskategori",), kind=LABEL, width=40),
        Column("aktivitet", "Aktivitet", ("insats",), kind=LABEL, width=40),
        Column("datum", "Datum", ("bokforingsdatum",), kind=DATE),
        Column("kommentar", "Kommentar", ("kommentarer",), width=60),
        Column(
            "antal", "Antal", ("antal personer", "antal deltagare", "deltagare"), kind=COUNT
        ),  # anonymised when the grant says so
    ),
    instructions=(
        "En rad per kostnad som belastar ett statsbidrag: Bidrag (samma namn som på bladet "
        "Statsbidrag) och Belopp i hela kronor. Frivilligt: kategori, aktivitet, datum, "
        "kommentar och antal (personer, deltagare). Summan av kostnaderna får inte överstiga mottaget "
        "belopp; det som inte "
        "har använts ska betalas tillbaka.",
    ),
)
