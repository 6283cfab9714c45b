"""The workbook contract (../shared/PRODUCT.md), declared once: every table, its columns
(with their kind, synonyms, template format and width, closed value lists) and every
settings row. Reading (``match_columns``), validation (``validation.reader``,
``validation.round.traps``), the template (``workbooks/template/template.py``), the unit workbooks
(``workbooks/round/send_out.py``) and the tests are built from these declarations.

Headers are matched case- and accent-insensitively after normalisation, first on the
canonical name, then on synonyms, so that "Verksamhet" is the finer level when a
"Verksamhetsområde" column exists and the area itself when it does not.

To add a column: add a ``Column`` to its table below (its kind decides the number parsing,
the template format and which traps look at it), then its rule where the table is
validated. To add a table: declare a ``TableSpec`` and append it to ``TABLES``; see
docs/architecture.md.
"""

from __future__ import annotations

# The sheets Prognos owns (never read as input) are declared in udfs.language.sheet_names.
from udfs.language.sheet_names import DERIVED_SHEETS, REPORT_SHEETS  # noqa: F401  (re-exported)
from udfs.language.vocabulary import ENHETER, METODER, TYP_NETTO, TYPER, normalize
from validation.header_match import match_columns  # noqa: F401  (re-exported: the contract's header matching)
from validation.table_spec import (  # noqa: F401  (re-exported: the contract's machinery)
    AMOUNT,
    CASE_NUMBER,
    COUNT,
    DATE,
    LABEL,
    MIN_WIDTHS,
    MONTH,
    NUMBER_FORMATS,
    TEXT,
    YEAR,
    Column,
    Setting,
    TableSpec,
    join_or,
)

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
# --- the ledger shape of Budget and Utfall (issue 10, docs/huvudbok.md) ----------------------
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


# The settings the refresh reads into ``validation.models.Settings``, in template order.
SETTINGS_ROWS = {
    "namnd": Setting(
        "Nämnd",
        ("namnd", "namnden", "styrelse"),
        True,
        "Nämndens namn, t.ex. Socialnämnden. Visas i rubriker och texter.",
    ),
    "ar": Setting(
        "År", ("ar", "budgetar", "prognosar"), True, "Budgetåret som prognosen gäller (fyra siffror, t.ex. 2024)."
    ),
    "period": Setting(
        "Period",
        ("period", "senaste manad", "stangd manad", "manad"),
        True,
        "Senast stängda månad, 1–12 (t.ex. 4 = utfall till och med april). "
        "Utfall efter denna månad räknas inte in i perioden.",
    ),
    "enhet": Setting(
        "Enhet",
        ("enhet", "belopp i"),
        False,
        "Enhet för alla belopp i Budget, Utfall, Prognos och Volymer: kr, tkr eller mnkr. "
        "Statsbidrag och bidragskostnader anges alltid i hela kronor.",
    ),
    "balansgrans": Setting(
        "Balansgräns",
        ("balansgrans", "grans budget i balans"),
        False,
        'Avgör när texterna säger "budget i balans": är avvikelsen för nämnden eller ett '
        "verksamhetsområde högst denna andel av dess budget (0,5 %: högst 0,5 % av budgeten) står "
        "det budget i balans i stället för ett överskott eller underskott med belopp, och området "
        "nämns inte bland dem med underskott eller överskott. Förval 0,5 %.",
    ),
    # The sign convention as explicit data: "negativa" (default, as the committee papers) or
    # "positiva" for ledgers that export costs as positive amounts.
    "kostnader": Setting(
        "Kostnader",
        ("kostnader som", "teckenkonvention", "kostnadstecken", "tecken kostnader"),
        False,
        "Hur kostnader skrivs i Budget, Utfall och Prognos: negativa (med minustecken, som i "
        "nämndens rapporter: intäkter +, kostnader −) eller positiva (utan minustecken, som "
        "många ekonomisystem exporterar). Rapporterna visar alltid kostnader med minustecken.",
    ),
    # Its twin (issue 10): "positiva" (default) or "negativa" for debit/credit ledger exports.
    "intakter": Setting(
        "Intäkter",
        ("intakter som", "intaktstecken", "tecken intakter"),
        False,
        "Hur intäkter skrivs: positiva (som i nämndens rapporter) eller negativa (som en "
        "debet/kredit-export ur ekonomisystemet). Rapporterna visar alltid intäkter som "
        "positiva belopp.",
    ),
    # The unit of a ledger-shaped Budget/Utfall (kr default, as financial systems export).
    "huvudbok_enhet": Setting(
        "Huvudbok i",
        ("enhet huvudbok", "huvudboksenhet", "belopp i huvudbok", "huvudbok enhet"),
        False,
        "Enhet för Budget och Utfall när de är en export ur ekonomisystemet (bladet "
        "Huvudbok): kr (normalt), tkr eller mnkr. Prognos räknar om till Enhet.",
    ),
    "vasentlighetsgrans": Setting(
        "Väsentlighetsgräns",
        ("vasentlighetsgrans", "vasentlighet", "grans for kommentar", "kommentarsgrans"),
        False,
        "Avgör vilka belopp texterna nämner (i Enhet): en avvikelse, en förändring mot "
        "föregående prognos eller år eller en oförklarad rest under gränsen står "
        'som "i samma '
        'storleksordning" i stället för med belopp, och ett område under gränsen nämns inte '
        "bland dem med underskott, överskott eller störst förändring. Tom: 0,5 "
        "miljoner kronor.",
    ),
    "rapport": Setting(
        "Rapport",
        ("rapport", "rapportens namn", "rapportnamn"),
        False,
        "Rapportens namn som det står i sidhuvud och rubrik, t.ex. Delårsrapport 1 2023. Tom: "
        '"Uppföljning januari–april 2023" (efter År och Period).',
    ),
    "rapportdatum": Setting(
        "Rapportdatum",
        ("rapportdatum", "datum for rapporten", "rapportens datum"),
        False,
        "Rapportens datum (ÅÅÅÅ-MM-DD) i sidhuvudet och för påminnelser om sista dag. Tom: "
        "dagens datum. Ett datum som inte går att läsa ger en varning.",
    ),
}
# Optional rows read by one feature each (not in the template).
EXTRA_SETTINGS = {
    # A round's master: Ja approves every returned file without errors that has no decision (issue 22).
    "godkann_automatiskt": Setting(
        "Godkänn automatiskt", ("godkann automatiskt", "automatiskt godkannande", "godkann felfria")
    ),
    "volymsprang": Setting("Volymsprång", ("volymsprang", "volymsprang faktor", "max volymforandring")),
    "mal_prognossakerhet": Setting("Mål prognossäkerhet", ("mal prognossakerhet", "prognossakerhet", "mal prognosfel")),
    "omgang": Setting("Omgång", ()),  # written by prognos utskick
    "svar_senast": Setting("Svar senast", ()),  # written by prognos utskick
    # The unit a returned workbook comes from (prognos utskick writes Verksamhetsområde).
    "enhet_namn": Setting(
        "Verksamhetsområde", ("verksamhetsomrade", "enhetens namn", "enhetsnamn", "avsandare", "inlamnande enhet")
    ),
    "diarienummer": Setting("Diarienummer", ("diarienummer", "dnr", "arendenummer", "diarienr")),
    # The previous round's name, for "jämfört med prognosen i mars" (issue 20; else from Prognoshistorik).
    "foregaende_omgang": Setting(
        "Föregående omgång",
        ("foregaende omgang", "foregaende prognosomgang", "forra omgangen", "foregaende prognos fran"),
    ),
}


# --- tables of the volume and grant features (issues on volumes and grants) ----------
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

# --- issue 10: responsibility codes to areas, and the workbook's own account lines ----------
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
# The economist's own words (issue 20; validation/section_tables/own_words.py reads them).
TEXTER = TableSpec(
    "Texter",
    "Texter",
    (
        Column("avsnitt", "Avsnitt", ("rubrik", "plats", "del av rapporten"), True, LABEL, width=36),
        Column("text", "Text", ("brodtext", "egen text", "analys"), True, TEXT, width=100),
    ),
    instructions=(
        "Frivillig. Din egen text i rapporten, ordagrant. Avsnitt säger var den står: Nämnden (först i rapporten, före "
        "nämndens siffror), ett avsnitt (Budgetavvikelse per verksamhetsområde, Kommentarer per verksamhetsområde, "
        "Investeringar, Intäkter och kostnader, Prognosförändring, Orsaker, Åtgärder, Bidrag och ersättningar: "
        "direkt under "
        "avsnittets rubrik) eller ett verksamhetsområde med samma namn som i Budget (under områdets "
        "förklaring). I Text "
        "blir varje rad i cellen (Alt+Retur) ett eget stycke, och en rad som börjar med - eller • blir en punkt i en "
        "punktlista. Flera rader med samma Avsnitt kommer i tabellens ordning. Texten står i Word-rapporten "
        "och på bladet "
        "Rapport.",
    ),
)
ORSAKER = TableSpec(
    "Orsaker",
    "Orsaker",
    (
        AREA,
        Column("orsak", "Orsak", ("forklaring", "forklaringspost", "post"), True, LABEL, width=60),
        Column("belopp", "Belopp", ("belopp tkr", "effekt"), True, AMOUNT),
        Column("kommentar", "Kommentar", ("kommentarer",), width=50),
    ),
    instructions=(
        "Frivillig. Orsakerna till avvikelsen mot budget, en rad per orsak: Verksamhetsområde (som i Budget; "
        "tomt = hela "
        "nämnden), Orsak i ord och Belopp med avvikelsens tecken (+ för det som ger överskott, − för det som ger "
        "underskott; tomt när beloppet inte är känt, aldrig 0 för okänt), frivilligt Kommentar. Varje "
        "verksamhetsområde "
        "får sina orsaker som punktlista med belopp under sin förklaring i rapporten. Bladet "
        "Förklaringsposter visar alla "
        'orsaker och hur mycket de förklarar, t.ex. "Orsakerna förklarar 38,2 av 38,3 miljoner kronor av '
        "överskottet mot "
        'budget". Skriv ingen summarad: Prognos summerar själv.',
    ),
)
ACTION_STATUS = ("Ej påbörjad", "Beslutad", "Pågår", "Genomförd", "Avbruten")
ATGARDER = TableSpec(
    "Atgarder",
    "Åtgärder",
    (
        Column("atgard", "Åtgärd", ("atgarder", "beskrivning", "atgard beskrivning"), True, LABEL, width=50),
        Column("omrade", "Verksamhetsområde", ("verksamhet", "omrade", "vo"), kind=LABEL, width=34),
        Column("beslutsdatum", "Beslutsdatum", ("beslutad", "beslut", "datum for beslut"), kind=DATE),
        Column("effekt", "Effekt helår", ("effekt", "effekt tkr", "helarseffekt", "ekonomisk effekt"), kind=AMOUNT),
        Column("varav_personal", "Varav personal", ("varav personalkostnader", "personal"), kind=AMOUNT),
        Column("full_effekt", "Full effekt från", ("full effekt", "helarseffekt fran"), kind=DATE),
        Column("status", "Status", ("lage",), kind=LABEL, values=ACTION_STATUS, hint="Hur långt åtgärden har kommit."),
        Column("kommentar", "Kommentar", ("kommentarer",), width=60),
    ),
    extra_sheet_names=("Atgarder",),
    instructions=(
        "Frivillig. Nämndens handlingsplan, en rad per åtgärd: Åtgärd, Verksamhetsområde (som i Budget; tomt = hela "
        "nämnden), Beslutsdatum, Effekt helår (hur mycket åtgärden förbättrar årets resultat, i Enhet), Varav "
        "personal (den "
        "del av effekten som gäller personalkostnader), Full effekt från (datum, eller månad som 2024-03), Status och "
        "Kommentar. Ger bladet Handlingsplan och tabellen Åtgärder i rapporten; okända belopp och datum lämnas tomma. "
        "Tidigare hade bladet Åtgärder kolumnerna Post och Belopp: sådana rader är orsaker till avvikelsen "
        "och läses som "
        "Orsaker, med en varning.",
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

# Every input table, in the template's sheet order. A new table is appended here.
TABLES = (
    INSTALLNINGAR,
    BUDGET,
    UTFALL,
    PROGNOS,
    VOLYMER,
    PROGNOSHISTORIK,
    STATSBIDRAG,
    BIDRAGSKOSTNADER,
    KODPLAN,
    KONTOPLAN,
    *REPORT_TABLES,
)
