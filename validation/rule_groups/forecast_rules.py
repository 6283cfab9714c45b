"""Rules on the forecast and the report's tables (docs/regler.md: Budget, utfall och prognos;
Volymer och prognoshistorik; Ekonomisk redovisning; Egna texter, orsaker och åtgärder)."""

from __future__ import annotations

from udfs.language.vocabulary import FEL, VARNING
from validation.rule_groups.rule import FEL_ELLER_VARNING, Rule

# In docs/regler.md under "Budget, utfall och prognos".
FORECAST_RULES = (
    Rule.of(
        "okant_omrade",
        FEL_ELLER_VARNING,
        "Okänt verksamhetsområde",
        "Området finns inte i Budget (eller, i en inlämning, inte bland omgångens områden).",
    ),
    Rule.of("periodisering", FEL, "Periodiseringen summerar fel", "Månadsbudgeten Jan…Dec summerar inte till Budget."),
    Rule.of("utfall_efter_period", FEL, "Utfall efter perioden", "Utfall för en månad efter Period i Inställningar."),
    Rule.of("manuell_saknas", FEL, "Manuell prognos saknas", "Metod är Manuell men Manuell prognos är tom."),
    Rule.of(
        "volym_saknas",
        FEL,
        "Volymer saknas för metoden Volym",
        "Metoden Volym kräver kostnadsrader med styckkostnad i tabellen Volymer.",
    ),
    Rule.of(
        "metod_ej_beraknad",
        VARNING,
        "Metoden kunde inte beräknas",
        "Den valda metoden gick inte att räkna (t.ex. säsong utan fjolårets utfall); en annan metod användes.",
    ),
    Rule.of(
        "manuell_utanfor_intervall",
        VARNING,
        "Manuell prognos långt utanför intervallet",
        "Manuell prognos ligger utanför det troliga intervallet (80 %, från hur de automatiska prognoserna "
        "träffat tidigare år) med mer än halva intervallets bredd. Prognosen används ändå; kontrollera "
        "bedömningen och förklara den i Kommentar.",
    ),
    Rule.of(
        "utfall_fg_saknas",
        VARNING,
        "Föregående års utfall saknas",
        "Utfall för föregående år saknas för periodens månader (t.ex. bara en helårsrad före Period 12), för några "
        "av årets månader (bara januari–oktober: inget bokslut) eller helt. Det som inte är känt lämnas "
        "tomt, aldrig "
        "0 eller en del av året: Utfall period fg år och jämförelsen, Bokslut fg år. Ett helt år är tolv månader "
        "eller en helårsrad per område och typ (i december); vid Period 12 är helårsraden hela perioden.",
    ),
    Rule.of(
        "tecken_mot_budget",
        FEL_ELLER_VARNING,
        "Tecken mot budget",
        "Ett områdes utfall (uppräknat till helår) har motsatt tecken mot budgeten och ungefär dess storlek: "
        "tecknen är omvända. Fel när både intäkter och kostnader i området är omvända, eller när en hel tabells "
        "kostnader eller intäkter är det (meddelandet pekar då på raden Kostnader eller Intäkter i Inställningar); "
        "annars en varning.",
    ),
    Rule.of(
        "orimlig_avvikelse",
        FEL_ELLER_VARNING,
        "Orimlig avvikelse",
        "Nämndens avvikelse mot budget (med utfallet uppräknat till helår och de manuella prognoserna) är mer än "
        "hälften av budgetens kostnader, något ingen nämnd rapporterar: varning; mer än fem gånger: fel. "
        "Kontrollera enheter, tecken och att Budget har alla områden.",
    ),
    Rule.of(
        "forklaring_overstiger",
        FEL_ELLER_VARNING,
        "Förklaringarna överstiger avvikelsen",
        "Posterna i Åtgärder (Förklaringsposter) summerar till mer än tre gånger nämndens avvikelse mot budget: "
        "varning; mer än budgetens kostnader: fel. Kontrollera posternas enhet och tecken.",
    ),
    Rule.of(
        "artal_i_etikett",
        VARNING,
        "Årtal i en etikett",
        "En etikett innehåller ett årtal; årtal hör hemma i kolumnen År.",
    ),
    Rule.of("inte_datum", FEL, "Inte ett datum", "En datumcell innehåller något som inte är ett datum."),
    Rule.of("tvetydigt_datum", FEL, "Tvetydigt datum", "Datumet kan läsas på flera sätt (03/04/23); skriv ÅÅÅÅ-MM-DD."),
    Rule.of("osannolikt_datum", VARNING, "Osannolikt datum", "Datumet ligger långt från budgetåret."),
    Rule.of("datum_som_text", VARNING, "Datum skrivet som text", "Datumet är text och läses som ett datum."),
    Rule.of(
        "diarienummer_stavning",
        VARNING,
        "Diarienummer stavat olika",
        "Samma diarienummer är skrivet på olika sätt.",
    ),
)

# In docs/regler.md under "Volymer och prognoshistorik".
VOLUME_RULES = (
    Rule.of("negativ_volym", FEL, "Negativ volym", "En volym är negativ."),
    Rule.of("styckkostnad_ej_positiv", FEL, "Styckkostnaden är inte positiv", "En styckkostnad är noll eller negativ."),
    Rule.of(
        "nyckeltal_med_kostnad",
        FEL,
        "Nyckeltal med styckkostnad",
        "En rad med ett nyckeltal (andel, procent) har en styckkostnad.",
    ),
    Rule.of(
        "okand_enhet",
        FEL,
        "Okänd enhet",
        "Volymens enhet (eller, i en inlämning, enheten i Inställningar) är inte känd.",
    ),
    Rule.of("okand_del_av", FEL, "Okänd helhet i Del av", "Del av pekar på ett volymmått som inte finns i området."),
    Rule.of("del_av_enhet", FEL, "Del av med annan enhet", "En del har en annan enhet än helheten."),
    Rule.of("del_av_niva", FEL, "Del av i flera nivåer", "En del av en del: bara en nivå stöds."),
    Rule.of("delar_summerar_inte", FEL, "Delarna summerar inte", "Delarnas volymer summerar inte till helheten."),
    Rule.of(
        "volymsprang",
        VARNING,
        "Stort volymsprång",
        "Volymen ändras mer än Volymsprång (förval 2 gånger) mot föregående år.",
    ),
    Rule.of("prognos_saknas", FEL, "Prognos saknas", "En rad i Prognoshistorik saknar helårsprognos."),
)

# In docs/regler.md under "Ekonomisk redovisning (investeringar, kostnadsslag, prognosförändring)".
SECTION_RULES = (
    Rule.of(
        "tryckt_summa_avviker",
        VARNING,
        "Inskriven summa stämmer inte",
        "En inskriven Summa/Totalt/Netto-rad i Investeringar, Kostnadsslag, Åtgärder eller Bidragsintäkter "
        "skiljer sig från raderna mer än avrundning (±1 per rad). Prognos räknar med raderna; den inskrivna "
        "summan är troligen en felskrivning (som −0,9 mnkr tryckt för ett utfall på 91 tkr).",
    ),
    Rule.of(
        "okant_grupp",
        FEL,
        "Okänd grupp i Kostnadsslag",
        "Grupp i Kostnadsslag ska vara Intäkter, Kostnader eller Finansiella poster.",
    ),
    Rule.of(
        "kostnadsslag_avviker",
        VARNING,
        "Kostnadsslagen stämmer inte med nettot",
        "Nettot i tabellen Kostnadsslag skiljer sig från nettot i Avvikelse (tabellen Utfall) för samma "
        "period: jämförelsen görs på två olika underlag. Skillnaden visas också som en rad på bladet "
        "Intäkter och kostnader (arbetsbladet, inte nämndens rapport).",
    ),
    Rule.of(
        "foregaende_prognos_saknas",
        VARNING,
        "Föregående prognos saknas",
        "Ett eller flera verksamhetsområden saknar Föregående prognos i tabellen Prognos medan andra har den; "
        "de ingår inte i prognosförändringen. Fyll i den om de ska med. (Står inte i nämndens rapport.)",
    ),
    Rule.of(
        "post_flera_verksamheter",
        VARNING,
        "Samma post under flera verksamheter",
        "En post i Bidragsintäkter (eller registret Statsbidrag) finns under flera verksamheter. Beloppen "
        "räknas som olika delar och summeras; kontrollera att ingen del räknas två gånger. (Står inte i "
        "nämndens rapport.)",
    ),
    Rule.of(
        "prognos_tva_varden",
        VARNING,
        "Samma prognos med två värden",
        "Prognoshistorikens omgång för årets prognos anger ett annat värde för ett område än prognosen i "
        "Avvikelse (som −218 mot −215 tkr).",
    ),
)

# In docs/regler.md under "Egna texter, orsaker och åtgärder (Texter, Orsaker, Åtgärder)".
OWN_WORDS_RULES = (
    Rule.of(
        "okant_avsnitt",
        FEL,
        "Okänt avsnitt i Texter",
        "Avsnitt i Texter är varken Nämnden, ett av rapportens avsnitt (Budgetavvikelse per verksamhetsområde, "
        "Kommentarer per verksamhetsområde, Investeringar, Intäkter och kostnader, Prognosförändring, Orsaker, "
        "Åtgärder, Bidrag och ersättningar) eller ett verksamhetsområde i Budget, så Prognos vet inte var texten "
        "ska stå.",
    ),
    Rule.of(
        "avsnitt_utan_innehall",
        VARNING,
        "Avsnittet finns inte i rapporten",
        "Texter har en text för ett avsnitt som rapporten inte har, eftersom dess tabell saknas eller är tom "
        "(t.ex. Investeringar utan tabellen Investeringar). Texten skrivs inte ut.",
    ),
    Rule.of(
        "atgarder_som_orsaker",
        VARNING,
        "Åtgärder läses som Orsaker",
        "Bladet Åtgärder har kolumnerna Post och Belopp, som före handlingsplanen: raderna är orsaker till "
        "avvikelsen och läses som Orsaker för hela nämnden. Flytta dem till bladet Orsaker och använd Åtgärder "
        "för handlingsplanen.",
    ),
    Rule.of(
        "orsaker_mot_avvikelsen",
        VARNING,
        "Orsakerna går åt andra hållet",
        "Beloppen i Orsaker summerar åt motsatt håll mot nämndens avvikelse: troligen har de skrivits med "
        "kostnadens tecken i stället för avvikelsens (+ för det som ger överskott).",
    ),
    Rule.of(
        "varav_over_effekt",
        VARNING,
        "Varav personal större än effekten",
        "I Åtgärder är Varav personal större än Effekt helår, fast den är en del av effekten.",
    ),
)
