"""The ledger shape of Budget and Utfall (issue 10, docs/huvudbok.md): the financial system's
export as it is, and the tables that interpret it: Kodplan (responsibility codes to areas) and
Kontoplan (the workbook's own account lines). Read in ``validation/forecast_tables/``
(``ledger.py``, ``kodplan.py``).
"""

from __future__ import annotations

from validation.table_spec import AMOUNT, LABEL, MONTH, YEAR, Column, TableSpec

LEDGER_COLUMNS = (
    Column(
        "ansvar",
        "Ansvar",
        (
            "ansvarskod",
            "ansvarsnummer",
            "ansvar nr",
            "ansvarsenhet",
            "kostnadsstalle",
            "kst",
            "resultatenhet",
            "ansvarsomrade kod",
        ),
        True,
        LABEL,
    ),
    Column("verksamhet", "Verksamhet", ("verksamhetskod", "vht", "verks", "verksamhet kod", "aktivitet"), kind=LABEL),
    Column("konto", "Konto", ("kontonummer", "kontonr", "konto nr", "kto", "baskonto", "kontokod"), True, LABEL),
    Column(
        "period",
        "Period",
        (
            "bokforingsperiod",
            "redovisningsperiod",
            "ar manad",
            "armanad",
            "ar/manad",
            "bokforingsdatum",
            "datum",
            "verifikationsdatum",
        ),
        kind=MONTH,
    ),
    Column("ar", "År", ("ar", "bokforingsar", "rakenskapsar", "year"), kind=YEAR),
    Column("manad", "Månad", ("manad", "man", "manadsnummer"), kind=MONTH),
    Column(
        "belopp",
        "Belopp",
        (
            "utfall",
            "budget",
            "belopp kr",
            "belopp sek",
            "summa",
            "varde",
            "budgetbelopp",
            "utfall kr",
            "budget kr",
            "debet/kredit",
            "netto",
        ),
        True,
        AMOUNT,
    ),
    Column("projekt", "Projekt", ("projektkod", "projektnummer", "proj"), kind=LABEL),
    Column("motpart", "Motpart", ("motpartskod", "motpartsid"), kind=LABEL),
    Column("text", "Text", ("beskrivning", "verifikationstext", "benamning", "kommentar"), width=30),
)
LEDGER_UTFALL = TableSpec("Utfall", "Utfall", LEDGER_COLUMNS)
LEDGER_BUDGET = TableSpec("Budget", "Budget", LEDGER_COLUMNS)

# Kodplan: responsibility codes (a code, a range 4100-4199 or a prefix 41*) to areas.
KODPLAN = TableSpec(
    "Kodplan",
    "Kodplan",
    (
        Column("ansvar", "Ansvar", ("ansvarskod", "kod", "koder", "ansvar fran-till", "kst"), True, LABEL),
        Column("omrade", "Verksamhetsområde", ("omrade", "vo", "verksamhetsomraden"), True, LABEL, width=34),
        Column("verksamhet", "Verksamhet", ("finare verksamhet", "enhet"), kind=LABEL, width=28),
    ),
    instructions=(
        "Budget och Utfall kan i stället vara ekonomisystemets export som den är (Ansvar, Konto, Period, Belopp): "
        "se bladet Huvudbok. Kodplan säger vilket verksamhetsområde varje ansvarskod hör till (en kod, ett "
        "intervall 4100-4199 eller ett prefix 41*, och frivilligt en finare Verksamhet). En ansvarskod som saknas "
        "i Kodplan blir ett fel med sitt belopp. Bladet Avstämning visar att huvudboken stämmer på kronan.",
    ),
)
KONTOTYPER = ("Intäkter", "Kostnader", "Finansiell intäkt", "Finansiell kostnad", "Balans")
# Kontoplan: the workbook's own lines over the Kommun-Bas default (udfs/data/kommunbas.csv).
KONTOPLAN = TableSpec(
    "Kontoplan",
    "Kontoplan",
    (
        Column("konto", "Konto", ("konton", "kontogrupp", "kontointervall"), True, LABEL),
        Column(
            "typ",
            "Typ",
            ("intakt/kostnad", "slag"),
            True,
            LABEL,
            values=KONTOTYPER,
            hint="Vad kontot är: intäkt, kostnad, finansiell post eller balanskonto.",
        ),
        Column("kostnadsslag", "Kostnadsslag", ("kostnadsgrupp", "intakts- eller kostnadsslag"), kind=LABEL, width=34),
    ),
    instructions=(
        "Behövs bara för konton som ska tolkas annorlunda än Kommun-Bas (klass 3 intäkter, 4–7 kostnader, "
        "8 finansiella poster som redovisas för sig, 0–2 balanskonton som inte tas med): Konto (konto, "
        "intervall eller prefix), Typ och Kostnadsslag. En rad här gäller före Kommun-Bas.",
    ),
)
