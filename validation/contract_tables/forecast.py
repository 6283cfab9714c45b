"""The forecast tables of the contract (read in ``validation/forecast_tables/``): Inställningar,
Budget, Utfall and Prognos, and the columns other tables share (Verksamhetsområde, Verksamhet,
Typ). Budget and Utfall may also come in the ledger shape (``validation.contract_tables.ledger``).
"""

from __future__ import annotations

from udfs.language.vocabulary import METODER, TYPER, normalize
from validation.contract_tables.ledger import LEDGER_BUDGET, LEDGER_UTFALL
from validation.header_match import match_columns
from validation.table_spec import AMOUNT, LABEL, MONTH, TEXT, YEAR, Column, TableSpec

AREA = Column("omrade", "Verksamhetsområde", ("verksamhet", "omrade", "verksamhetsomraden", "vo"), True, LABEL)
ACTIVITY = Column("verksamhet", "Verksamhet", ("aktivitet", "enhet/verksamhet", "ansvar"), kind=LABEL)
TYP = Column("typ", "Typ", ("intakt/kostnad", "intakter/kostnader", "slag", "kostnadstyp"), True, LABEL, values=TYPER)

INSTALLNINGAR = TableSpec(
    "Installningar",
    "Inställningar",
    (
        Column("parameter", "Parameter", ("installning", "namn"), True),
        Column("varde", "Värde", ("varde", "installt varde"), True),
        Column("forklaring", "Förklaring", (), width=80),
    ),
    extra_sheet_names=("Installningar", "Settings"),
    instructions=(
        "Nämnd, År (budgetåret), Period (senast stängda månad, 1–12), Enhet (kr, tkr eller mnkr) "
        "och Balansgräns (avgör när texterna säger budget i balans, förval 0,5 % av budget). Väsentlighetsgräns "
        'avgör vilka belopp texterna nämner: mindre avvikelser och förändringar står som "i samma storleksordning" '
        "(förval 0,5 miljoner kronor). Kolumnen Förklaring säger exakt vad varje rad avgör. Ändra bara kolumnen Värde.",
    ),
)


def is_ledger(headers: list[object]) -> bool:
    """A Budget/Utfall header in ledger shape: Konto and Ansvar, no Typ column."""
    found, _ = match_columns(LEDGER_UTFALL, headers)
    typ_names = {normalize(TYP.header), *(normalize(s) for s in TYP.synonyms)}
    return "konto" in found and "ansvar" in found and not any(normalize(h) in typ_names for h in headers)


BUDGET = TableSpec(
    "Budget",
    "Budget",
    (
        AREA,
        ACTIVITY,
        TYP,
        Column("budget", "Budget", ("budget helar", "helarsbudget", "arsbudget", "budget ar"), True, AMOUNT),
        Column("benamning", "Benämning i text", ("benamning", "namn i text", "textnamn"), kind=TEXT),  # text_name
    ),
    months=True,
    template_months=True,
    alternatives=(LEDGER_BUDGET,),
    instructions=(
        "En rad per verksamhetsområde och typ (Intäkter eller Kostnader) med budget för helår. "
        "Verksamhet är frivillig och används för en finare nivå. Kolumnerna Jan–Dec är "
        "frivilliga och anger periodiserad budget; fylls de i måste de summera till Budget. "
        "Utan periodisering räknas budget för perioden som tolftedelar.",
        "Benämning i text är frivillig: hur texterna ska kalla verksamhetsområdet i en mening "
        '(t.ex. socialpsykiatrin). Tom ger "nämnden" för raden Nämnd och annars '
        '"verksamhetsområdet …". Det räcker att fylla i den på en av områdets rader.',
    ),
)
UTFALL = TableSpec(
    "Utfall",
    "Utfall",
    (
        AREA,
        ACTIVITY,
        TYP,
        Column("ar", "År", ("ar", "year", "bokforingsar"), True, YEAR),
        Column("manad", "Månad", ("manad", "period", "man", "manadsnummer"), kind=MONTH),
        Column("belopp", "Belopp", ("utfall", "varde", "summa", "belopp tkr", "belopp kr"), kind=AMOUNT),
    ),
    months=True,
    alternatives=(LEDGER_UTFALL,),
    instructions=(
        "Utfall från ekonomisystemet, en rad per verksamhetsområde, typ, år och månad (1–12) "
        "med beloppet för månaden. Ta med föregående år för jämförelse och säsongsprognos. "
        "Utfall kan också anges brett, med År och en kolumn per månad Jan–Dec.",
    ),
)
PROGNOS = TableSpec(
    "Prognos",
    "Prognos",
    (
        AREA,
        TYP,
        Column(
            "metod",
            "Metod",
            ("prognosmetod",),
            values=METODER,
            hint="Välj prognosmetod. Ett belopp i Manuell prognos gäller alltid.",
        ),
        Column("manuell", "Manuell prognos", ("manuell", "egen prognos", "manuell prognos helar"), kind=AMOUNT),
        Column(
            "foregaende",
            "Föregående prognos",
            ("fg prognos", "foregaende", "forra prognosen", "tidigare prognos"),
            kind=AMOUNT,
        ),
        Column("kommentar", "Kommentar", ("kommentarer", "anteckning", "forklaring"), width=60),
    ),
    instructions=(
        "En rad per verksamhetsområde och typ. Metod väljer hur helårsprognosen räknas: "
        "Linjär (utfall hittills / månader × 12), Säsong (som föregående års fördelning), "
        "Budgetprofil (utfall hittills + återstående budget), Volym (volym × styckkostnad) "
        'eller Manuell. Föregående prognos används för att visa prognosförändringen ("jämfört med '
        'prognosen i mars": omgångens namn tas ur Prognoshistorik, eller ur raden Föregående omgång i '
        "Inställningar) och Kommentar följer med till avvikelsetabellen.",
        "Manuell prognos vinner alltid: ett ifyllt belopp i Manuell prognos används oavsett "
        "metod och skrivs aldrig över av Prognos. Detsamma gäller kommentarer och allt annat "
        "du har skrivit in.",
    ),
)

INPUT_TABLES = (INSTALLNINGAR, BUDGET, UTFALL, PROGNOS)
