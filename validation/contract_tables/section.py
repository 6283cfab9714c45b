"""The tables of the report's economic section beyond the forecast (read in
``validation/section_tables/``): Volymer, Prognoshistorik, Investeringar, Kostnadsslag and
Bidragsintäkter; the economist's own words are in ``validation.contract_tables.own_words``.
"""

from __future__ import annotations

from udfs.language.vocabulary import ENHETER, TYP_NETTO, TYPER
from validation.contract_tables.forecast import AREA
from validation.contract_tables.own_words import ATGARDER, ORSAKER, TEXTER
from validation.table_spec import AMOUNT, COUNT, LABEL, YEAR, Column, TableSpec

# --- the volume feature and forecast accuracy ----------------------------------------
VOLYMER = TableSpec(
    "Volymer",
    "Volymer",
    (
        AREA,
        Column("volymmatt", "Volymmått", ("volym", "matt", "nyckeltal"), True, LABEL, width=40),
        Column("enhet", "Enhet", ("volymenhet",), True),
        Column("budget_volym", "Budget volym", ("budgeterad volym", "volym budget"), True, COUNT),
        Column(
            "budget_styckkostnad",
            "Budget styckkostnad",
            ("budgeterad styckkostnad", "styckkostnad budget"),
            True,
            AMOUNT,
        ),
        Column(
            "styckkostnad_per",
            "Styckkostnad per",
            ("per",),
            values=("år", "månad"),
            hint="Gäller styckkostnaden per år eller per månad?",
        ),
        Column("utfall_volym", "Utfall volym", ("volym utfall",), kind=COUNT),
        Column("utfall_styckkostnad", "Utfall styckkostnad", ("styckkostnad utfall",), kind=AMOUNT),
        Column("prognos_volym", "Prognos volym", ("volym prognos",), kind=COUNT),
        Column("prognos_styckkostnad", "Prognos styckkostnad", ("styckkostnad prognos",), kind=AMOUNT),
        Column(
            "styckkostnad_i",
            "Styckkostnad i",
            ("valuta", "belopp i", "kostnad i"),
            values=tuple(ENHETER),
            hint="Valutaenhet för styckkostnaderna (tom = samma som Enhet i Inställningar).",
        ),
        Column("fg_volym", "Utfall volym fg år", ("volym fg ar", "utfall fg ar", "fg ar volym"), kind=COUNT),
        Column("del_av", "Del av", ("delmangd av", "ingar i", "varav av"), width=40),
    ),
    instructions=(
        "En rad per verksamhetsområde och volymmått (t.ex. årsplatser HVB, hushåll med "
        "ekonomiskt bistånd) med Enhet för volymen, budgeterad volym och styckkostnad. "
        "Styckkostnad per anger om styckkostnaden gäller per år eller per månad. Utfall och "
        "prognos för volym och styckkostnad är frivilliga och ger analys av volym- och "
        "priseffekt. Styckkostnad i anger om styckkostnaderna är i kr, tkr eller mnkr (tom = "
        "samma som Enhet). Utfall volym fg år används för att varna för stora förändringar "
        "(gränsen Volymsprång i Inställningar, förval 2). Del av anger att raden är en del av "
        "en annan rad i samma område (t.ex. SiS och HVB av LVU-placeringar); delarna måste "
        "summera till helheten. Platshållare som - eller Anges vid årsbokslut räknas som "
        "saknade värden, aldrig som noll. Metoden Volym i Prognos räknar kostnadsprognosen "
        "från volymerna.",
    ),
)
# Forecast accuracy (prognossäkerhet): one row per round's forecast, per area.
PROGNOSHISTORIK = TableSpec(
    "Prognoshistorik",
    "Prognoshistorik",
    (
        AREA,
        Column("omgang", "Omgång", ("prognostillfalle", "tillfalle", "prognosomgang", "rapport"), True),
        Column("prognos", "Prognos", ("prognos helar", "helarsprognos", "belopp"), True, AMOUNT),
        Column("ar", "År", ("ar", "prognosar"), kind=YEAR),
        Column(
            "typ",
            "Typ",
            ("intakt/kostnad", "slag"),
            kind=LABEL,
            values=(*TYPER, TYP_NETTO),
            hint="Välj Intäkter, Kostnader eller Netto (tom = Netto).",
        ),
        Column("budget", "Budget", ("budget helar", "arsbudget"), kind=AMOUNT),
        *(
            Column(key, name, (), kind=AMOUNT)
            for key, name in (("prognos_lag", "Prognos låg"), ("prognos_hog", "Prognos hög"))
        ),
    ),
    instructions=(
        "En rad per prognosomgång och verksamhetsområde: Omgång (t.ex. mars, delår 1, oktober, delår 2) och "
        "helårsprognosen. "
        "Frivilligt: År (tom = året i Inställningar), Typ (Intäkter, Kostnader eller Netto, tom = Netto) och "
        "Budget (behövs för"
        " tidigare år). När årets utfall finns visar bladet Prognossäkerhet hur långt varje prognos låg från "
        "utfallet, i belopp"
        " och i procent av budget, mot målet Mål prognossäkerhet i Inställningar (förval 1 %), om "
        "prognoserna lutat åt ett håll"
        " och, med Prognos låg och Prognos hög, hur ofta utfallet hamnade inom.",
    ),
)

# --- the rest of the report's economic section (issue 11) ------------------------------
# Optional tables; an absent or empty table leaves its part of the report out
# (validation/section_tables/section.py reads them).
INVESTERINGAR = TableSpec(
    "Investeringar",
    "Investeringar",
    (
        Column("projekt", "Projekt", ("investeringsprojekt", "projektnamn", "investering"), True, LABEL, width=36),
        Column("budget", "Budget", ("budget helar", "investeringsbudget", "arsbudget"), True, AMOUNT),
        Column("utfall_period", "Utfall period", ("utfall", "utfall hittills", "utfall perioden"), True, AMOUNT),
        Column("prognos", "Prognos", ("prognos helar", "helarsprognos"), True, AMOUNT),
        Column("utfall_fg", "Utfall fg år", ("bokslut fg ar", "utfall foregaende ar", "fg ar"), kind=AMOUNT),
        Column("kommentar", "Kommentar", ("kommentarer", "forklaring"), width=60),
    ),
    instructions=(
        "Frivillig. En rad per investeringsprojekt med budget, utfall för perioden och prognos för helåret, "
        "som utgifter med minustecken (t.ex. −2 000). Frivilligt: utfall föregående år och en kommentar. Ger "
        "bladet Investeringsredovisning och raden Nettoinvesteringar i Sammanfattning. Skriv ingen summarad: "
        "Prognos summerar själv (en inskriven summa som inte stämmer flaggas).",
    ),
)
KOSTNADSSLAG = TableSpec(
    "Kostnadsslag",
    "Kostnadsslag",
    (
        Column(
            "grupp",
            "Grupp",
            ("intakt/kostnad", "slag", "typ"),
            True,
            LABEL,
            values=("Intäkter", "Kostnader", "Finansiella poster"),
            hint="Välj Intäkter, Kostnader eller Finansiella poster.",
        ),
        Column("kostnadsslag", "Kostnadsslag", ("intakts- och kostnadsslag", "post", "konto"), True, LABEL, width=36),
        Column("utfall", "Utfall period", ("utfall", "utfall perioden"), True, AMOUNT),
        Column("utfall_fg", "Utfall period fg år", ("utfall samma period fg ar", "samma period fg ar"), kind=AMOUNT),
        Column("utfall_helar_fg", "Utfall helår fg år", ("bokslut fg ar", "utfall helar fg ar"), kind=AMOUNT),
    ),
    instructions=(
        "Frivillig. Intäkter och kostnader per kostnadsslag: Grupp (Intäkter, Kostnader eller Finansiella "
        "poster), kostnadsslaget och utfall för perioden; frivilligt samma period föregående år och helår "
        "föregående år. Ger bladet Intäkter och kostnader med förändring i tkr och procent, avstämt mot "
        "nettot i Avvikelse: en skillnad visas och rapporteras, och om Avvikelse nettar de finansiella "
        "posterna mot intäkterna står det.",
    ),
)

# Grant and ersättning revenue in the forecast, per verksamhet (the papers' "Övrig
# betydelsefull ekonomisk information"), in the workbook's unit.
BIDRAGSINTAKTER = TableSpec(
    "Bidragsintakter",
    "Bidragsintäkter",
    (
        Column("kalla", "Källa", ("bidragsgivare", "myndighet", "finansiar"), True, LABEL),
        Column("post", "Post", ("bidrag", "ersattning", "benamning"), True, LABEL, width=36),
        AREA,
        Column("prognos", "Prognos", ("prognos helar", "belopp"), True, AMOUNT),
        Column("verksamhet", "Verksamhet", ("verksamhet som tryckt",), kind=LABEL, width=30),
        Column("budget", "Budget", ("budget helar",), kind=AMOUNT),
        Column("utfall", "Utfall period", ("utfall",), kind=AMOUNT),
        Column("kommentar", "Kommentar", ("kommentarer",), width=60),
    ),
    extra_sheet_names=("Bidragsintakter", "Ersättningar"),
    instructions=(
        "Frivillig. Statsbidrag och ersättningar (t.ex. från Migrationsverket) i prognosen: Källa, Post, "
        "Verksamhetsområde (som i Budget) och Prognos; frivilligt Verksamhet (rapportens eget namn), Budget, "
        "Utfall period och Kommentar. Ger bladet Bidrag och ersättningar, tillsammans med de statsbidrag i "
        "Statsbidrag som har ett verksamhetsområde och en period inom året (mottaget belopp fördelat per dag).",
    ),
)
REPORT_TABLES = (INVESTERINGAR, KOSTNADSSLAG, TEXTER, ORSAKER, ATGARDER, BIDRAGSINTAKTER)
