"""The rule catalogue: every rule code a finding can carry, declared once, with its
severity, a short Swedish title and the doc text of ``docs/regler.md``.

``validation.findings.Finding`` accepts only codes of this catalogue and a severity the
rule allows, so a rule cannot fire without its entry; ``tests/test_rules.py`` checks the
codes used in the sources and on real runs, and that ``docs/regler.md`` is this catalogue
(regenerate it with ``python -m validation.rules > docs/regler.md``).

To add a rule: add a ``Rule`` below, fire it with its code where the table is validated,
regenerate docs/regler.md.
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


def _r(code: str, severity: str | tuple[str, ...], title: str, doc: str) -> Rule:
    return Rule(code, severity if isinstance(severity, tuple) else (severity,), title, doc)


# Grouped as docs/regler.md shows them.
GROUPS: dict[str, tuple[Rule, ...]] = {
    "Tabeller och kolumner": (
        _r(
            "saknad_tabell",
            FEL,
            "Tabell saknas",
            "En obligatorisk tabell (Installningar, Budget, Utfall; Prognos i en inlämning) finns varken som "
            "Excel-tabell eller som blad med tabellens namn.",
        ),
        _r(
            "saknad_kolumn",
            FEL,
            "Kolumn saknas",
            "En obligatorisk kolumn saknas i tabellens rubrikrad (Utfall: Månad och Belopp, eller Jan…Dec).",
        ),
        _r(
            "tom_tabell",
            FEL_ELLER_VARNING,
            "Tabellen är tom",
            "Budget utan rader är fel; Utfall eller bidragstabeller utan rader ger en varning.",
        ),
        _r(
            "dubblett",
            FEL_ELLER_VARNING,
            "Dubblett",
            "Samma område och typ (och verksamhet) finns två gånger. I Budget och Prognos fel; i Utfall "
            "summeras beloppen med en varning.",
        ),
        _r(
            "ogiltigt_varde",
            FEL,
            "Ogiltigt värde",
            "Cellen har ett värde som kolumnen inte tillåter, t.ex. en Typ som inte är Intäkter eller Kostnader.",
        ),
    ),
    "Tal, tecken och formler": (
        _r("inte_tal", FEL, "Inte ett tal", "En cell som ska vara ett belopp innehåller text som inte är ett tal."),
        _r(
            "kommentar_i_talcell",
            FEL,
            "Kommentar i en talcell",
            'Ord i en cell som ska vara ett tal ("ca −1 200", "1 200 prel."): skriv talet i cellen och '
            "kommentaren i Kommentar.",
        ),
        _r(
            "tal_som_text",
            VARNING,
            "Tal skrivet som text",
            'Talet är skrivet som text ("1 234,5", "−12 000") och läses som tal.',
        ),
        _r(
            "platshallare",
            VARNING,
            "Platshållare",
            '"-", "saknas" eller "Anges vid årsbokslut": värdet är okänt och räknas som saknat, aldrig som noll.',
        ),
        _r(
            "fel_tecken",
            FEL_ELLER_VARNING,
            "Fel tecken",
            "Intäkter skrivs positiva och kostnader negativa (eller utan minustecken när Inställningar säger "
            "Kostnader: positiva). Fel i Budget och Manuell prognos, varning i Utfall och Föregående prognos.",
        ),
        _r(
            "formel_utan_varde",
            FEL_ELLER_VARNING,
            "Formel utan värde",
            "Cellen har en formel som ger ett fel eller aldrig har beräknats; spara om arbetsboken i Excel.",
        ),
        _r(
            "formelfel",
            FEL_ELLER_VARNING,
            "Formelfel",
            "En formel ger #REF!, #DIV/0! eller liknande: fel inne i en tabell, varning utanför.",
        ),
        _r(
            "formel_som_text",
            VARNING,
            "Text som liknar en formel",
            "Text som börjar med =, @, + eller − följt av bokstäver blir en formel om den kopieras.",
        ),
        _r(
            "enhetsfel",
            FEL_ELLER_VARNING,
            "Fel enhet",
            "Ett belopp är ungefär tusen (eller en miljon) gånger för stort eller litet jämfört med budget och utfall: "
            "troligen kr/tkr/mnkr förväxlade. Nämndens kostnader i Budget mot utfallet uppräknat till helår, "
            "ett områdes "
            "kostnader eller en Manuell prognos är fel (meddelandet pekar på Enhet eller Huvudbok i i Inställningar, "
            "eller på raden); ett områdes intäkter, och i en inlämning, en varning.",
        ),
        _r(
            "enhet_i_rubrik",
            VARNING,
            "Annan enhet i rubriken",
            'En rubrik nämner en annan enhet ("Belopp (kr)") än Enhet i Inställningar.',
        ),
        _r(
            "summarad",
            VARNING,
            "Summarad",
            "En Totalt/Summa-rad i tabellen räknas inte med (annars räknas beloppen två gånger).",
        ),
        _r(
            "summarad_avviker",
            FEL,
            "Summaraden stämmer inte",
            "En inskriven summarad stämmer inte med raderna ovanför.",
        ),
        _r(
            "orimligt_belopp",
            FEL,
            "Orimligt belopp",
            "Ett belopp över 1 000 miljarder kronor (räknat i arbetsbokens enhet), oändligt eller NaN: inget "
            "belopp i en kommuns budget är så stort. Kontrollera enheten och siffrorna.",
        ),
        _r(
            "annan_enhet_i_cell",
            FEL,
            "Annan enhet i cellen",
            'Talet är skrivet med en annan enhet ("−275 mnkr") än arbetsboken räknar i; meddelandet ger talet i '
            "arbetsbokens enhet.",
        ),
        _r(
            "exponentform",
            FEL,
            "Tal i exponentform",
            'Text som "−2.76E5" i en beloppscell; skriv talet med siffror (meddelandet visar det, t.ex. −276 000).',
        ),
        _r(
            "levande_formel",
            FEL,
            "Levande formel",
            "En cell som läses har en DDE-länk, en funktion som hämtar data utifrån (WEBSERVICE, FILTERXML, RTD), en "
            "länk till en annan arbetsbok eller en cirkelreferens; värdet läses inte. Skriv in värdet.",
        ),
        _r(
            "formel_i_inmatning",
            VARNING,
            "Formel i en inmatningscell",
            "Metod, Manuell prognos eller Kommentar är en formel; värdet som visas läses, formeln följer inte med.",
        ),
        _r(
            "for_lang_text",
            FEL,
            "För lång text",
            "Texten är längre än de 32 767 tecken en cell i Excel rymmer och skulle kortas av utan att det syns.",
        ),
        _r(
            "sammanslagna_celler",
            FEL_ELLER_VARNING,
            "Sammanslagna celler",
            "Sammanslagna celler i en tabell: rubriken eller värdena läses bara i den första cellen.",
        ),
    ),
    "Inställningar": (
        _r("saknad_installning", FEL, "Inställning saknas", "Nämnd, År eller Period saknas i Inställningar."),
        _r(
            "ogiltig_installning",
            FEL_ELLER_VARNING,
            "Ogiltig inställning",
            "Ett värde i Inställningar går inte att läsa (t.ex. Period 13). För Volymsprång och Mål "
            "prognossäkerhet används då standardvärdet, med en varning.",
        ),
        _r(
            "balansgrans_procent",
            VARNING,
            "Balansgräns tolkad som procent",
            'Balansgräns "0,5" tolkas som 0,5 procent.',
        ),
    ),
    "Budget, utfall och prognos": (
        _r(
            "okant_omrade",
            FEL_ELLER_VARNING,
            "Okänt verksamhetsområde",
            "Området finns inte i Budget (eller, i en inlämning, inte bland omgångens områden).",
        ),
        _r("periodisering", FEL, "Periodiseringen summerar fel", "Månadsbudgeten Jan…Dec summerar inte till Budget."),
        _r("utfall_efter_period", FEL, "Utfall efter perioden", "Utfall för en månad efter Period i Inställningar."),
        _r("manuell_saknas", FEL, "Manuell prognos saknas", "Metod är Manuell men Manuell prognos är tom."),
        _r(
            "volym_saknas",
            FEL,
            "Volymer saknas för metoden Volym",
            "Metoden Volym kräver kostnadsrader med styckkostnad i tabellen Volymer.",
        ),
        _r(
            "metod_ej_beraknad",
            VARNING,
            "Metoden kunde inte beräknas",
            "Den valda metoden gick inte att räkna (t.ex. säsong utan fjolårets utfall); en annan metod användes.",
        ),
        _r(
            "manuell_utanfor_intervall",
            VARNING,
            "Manuell prognos långt utanför intervallet",
            "Manuell prognos ligger utanför det troliga intervallet (80 %, från hur de automatiska prognoserna "
            "träffat tidigare år) med mer än halva intervallets bredd. Prognosen används ändå; kontrollera "
            "bedömningen och förklara den i Kommentar.",
        ),
        _r(
            "utfall_fg_saknas",
            VARNING,
            "Föregående års utfall saknas",
            "Utfall för föregående år saknas för periodens månader (t.ex. bara en helårsrad före Period 12), för några "
            "av årets månader (bara januari–oktober: inget bokslut) eller helt. Det som inte är känt lämnas "
            "tomt, aldrig "
            "0 eller en del av året: Utfall period fg år och jämförelsen, Bokslut fg år. Ett helt år är tolv månader "
            "eller en helårsrad per område och typ (i december); vid Period 12 är helårsraden hela perioden.",
        ),
        _r(
            "tecken_mot_budget",
            FEL_ELLER_VARNING,
            "Tecken mot budget",
            "Ett områdes utfall (uppräknat till helår) har motsatt tecken mot budgeten och ungefär dess storlek: "
            "tecknen är omvända. Fel när både intäkter och kostnader i området är omvända, eller när en hel tabells "
            "kostnader eller intäkter är det (meddelandet pekar då på raden Kostnader eller Intäkter i Inställningar); "
            "annars en varning.",
        ),
        _r(
            "orimlig_avvikelse",
            FEL_ELLER_VARNING,
            "Orimlig avvikelse",
            "Nämndens avvikelse mot budget (med utfallet uppräknat till helår och de manuella prognoserna) är mer än "
            "hälften av budgetens kostnader, något ingen nämnd rapporterar: varning; mer än fem gånger: fel. "
            "Kontrollera enheter, tecken och att Budget har alla områden.",
        ),
        _r(
            "forklaring_overstiger",
            FEL_ELLER_VARNING,
            "Förklaringarna överstiger avvikelsen",
            "Posterna i Åtgärder (Förklaringsposter) summerar till mer än tre gånger nämndens avvikelse mot budget: "
            "varning; mer än budgetens kostnader: fel. Kontrollera posternas enhet och tecken.",
        ),
        _r(
            "artal_i_etikett",
            VARNING,
            "Årtal i en etikett",
            "En etikett innehåller ett årtal; årtal hör hemma i kolumnen År.",
        ),
        _r("inte_datum", FEL, "Inte ett datum", "En datumcell innehåller något som inte är ett datum."),
        _r("tvetydigt_datum", FEL, "Tvetydigt datum", "Datumet kan läsas på flera sätt (03/04/23); skriv ÅÅÅÅ-MM-DD."),
        _r("osannolikt_datum", VARNING, "Osannolikt datum", "Datumet ligger långt från budgetåret."),
        _r("datum_som_text", VARNING, "Datum skrivet som text", "Datumet är text och läses som ett datum."),
        _r(
            "diarienummer_stavning",
            VARNING,
            "Diarienummer stavat olika",
            "Samma diarienummer är skrivet på olika sätt.",
        ),
    ),
    "Volymer och prognoshistorik": (
        _r("negativ_volym", FEL, "Negativ volym", "En volym är negativ."),
        _r("styckkostnad_ej_positiv", FEL, "Styckkostnaden är inte positiv", "En styckkostnad är noll eller negativ."),
        _r(
            "nyckeltal_med_kostnad",
            FEL,
            "Nyckeltal med styckkostnad",
            "En rad med ett nyckeltal (andel, procent) har en styckkostnad.",
        ),
        _r(
            "okand_enhet",
            FEL,
            "Okänd enhet",
            "Volymens enhet (eller, i en inlämning, enheten i Inställningar) är inte känd.",
        ),
        _r("okand_del_av", FEL, "Okänd helhet i Del av", "Del av pekar på ett volymmått som inte finns i området."),
        _r("del_av_enhet", FEL, "Del av med annan enhet", "En del har en annan enhet än helheten."),
        _r("del_av_niva", FEL, "Del av i flera nivåer", "En del av en del: bara en nivå stöds."),
        _r("delar_summerar_inte", FEL, "Delarna summerar inte", "Delarnas volymer summerar inte till helheten."),
        _r(
            "volymsprang",
            VARNING,
            "Stort volymsprång",
            "Volymen ändras mer än Volymsprång (förval 2 gånger) mot föregående år.",
        ),
        _r("prognos_saknas", FEL, "Prognos saknas", "En rad i Prognoshistorik saknar helårsprognos."),
    ),
    "Ekonomisk redovisning (investeringar, kostnadsslag, prognosförändring)": (
        _r(
            "tryckt_summa_avviker",
            VARNING,
            "Inskriven summa stämmer inte",
            "En inskriven Summa/Totalt/Netto-rad i Investeringar, Kostnadsslag, Åtgärder eller Bidragsintäkter "
            "skiljer sig från raderna mer än avrundning (±1 per rad). Prognos räknar med raderna; den inskrivna "
            "summan är troligen en felskrivning (som −0,9 mnkr tryckt för ett utfall på 91 tkr).",
        ),
        _r(
            "okant_grupp",
            FEL,
            "Okänd grupp i Kostnadsslag",
            "Grupp i Kostnadsslag ska vara Intäkter, Kostnader eller Finansiella poster.",
        ),
        _r(
            "kostnadsslag_avviker",
            VARNING,
            "Kostnadsslagen stämmer inte med nettot",
            "Nettot i tabellen Kostnadsslag skiljer sig från nettot i Avvikelse (tabellen Utfall) för samma "
            "period: jämförelsen görs på två olika underlag. Skillnaden visas också som en rad på bladet "
            "Intäkter och kostnader (arbetsbladet, inte nämndens rapport).",
        ),
        _r(
            "foregaende_prognos_saknas",
            VARNING,
            "Föregående prognos saknas",
            "Ett eller flera verksamhetsområden saknar Föregående prognos i tabellen Prognos medan andra har den; "
            "de ingår inte i prognosförändringen. Fyll i den om de ska med. (Står inte i nämndens rapport.)",
        ),
        _r(
            "post_flera_verksamheter",
            VARNING,
            "Samma post under flera verksamheter",
            "En post i Bidragsintäkter (eller registret Statsbidrag) finns under flera verksamheter. Beloppen "
            "räknas som olika delar och summeras; kontrollera att ingen del räknas två gånger. (Står inte i "
            "nämndens rapport.)",
        ),
        _r(
            "prognos_tva_varden",
            VARNING,
            "Samma prognos med två värden",
            "Prognoshistorikens omgång för årets prognos anger ett annat värde för ett område än prognosen i "
            "Avvikelse (som −218 mot −215 tkr).",
        ),
    ),
    "Egna texter, orsaker och åtgärder (Texter, Orsaker, Åtgärder)": (
        _r(
            "okant_avsnitt",
            FEL,
            "Okänt avsnitt i Texter",
            "Avsnitt i Texter är varken Nämnden, ett av rapportens avsnitt (Budgetavvikelse per verksamhetsområde, "
            "Kommentarer per verksamhetsområde, Investeringar, Intäkter och kostnader, Prognosförändring, Orsaker, "
            "Åtgärder, Bidrag och ersättningar) eller ett verksamhetsområde i Budget, så Prognos vet inte var texten "
            "ska stå.",
        ),
        _r(
            "avsnitt_utan_innehall",
            VARNING,
            "Avsnittet finns inte i rapporten",
            "Texter har en text för ett avsnitt som rapporten inte har, eftersom dess tabell saknas eller är tom "
            "(t.ex. Investeringar utan tabellen Investeringar). Texten skrivs inte ut.",
        ),
        _r(
            "atgarder_som_orsaker",
            VARNING,
            "Åtgärder läses som Orsaker",
            "Bladet Åtgärder har kolumnerna Post och Belopp, som före handlingsplanen: raderna är orsaker till "
            "avvikelsen och läses som Orsaker för hela nämnden. Flytta dem till bladet Orsaker och använd Åtgärder "
            "för handlingsplanen.",
        ),
        _r(
            "orsaker_mot_avvikelsen",
            VARNING,
            "Orsakerna går åt andra hållet",
            "Beloppen i Orsaker summerar åt motsatt håll mot nämndens avvikelse: troligen har de skrivits med "
            "kostnadens tecken i stället för avvikelsens (+ för det som ger överskott).",
        ),
        _r(
            "varav_over_effekt",
            VARNING,
            "Varav personal större än effekten",
            "I Åtgärder är Varav personal större än Effekt helår, fast den är en del av effekten.",
        ),
    ),
    "Statsbidrag": (
        _r("bidrag_saknas", FEL, "Bidragets namn saknas", "En rad i Statsbidrag eller Bidragskostnader saknar Bidrag."),
        _r("myndighet_saknas", FEL, "Myndighet saknas", "Statsbidraget saknar beviljande myndighet."),
        _r("mottaget_saknas", FEL, "Mottaget belopp saknas", "Statsbidraget saknar mottaget belopp."),
        _r("datum_saknas", FEL, "Datum saknas", "Period från eller Period till saknas."),
        _r("ogiltigt_datum", FEL, "Ogiltigt datum", "Ett datum i bidragsregistret går inte att läsa."),
        _r(
            "datum_som_tal",
            VARNING,
            "Datum skrivet som tal",
            "Ett datum är skrivet som tal (20230115) och läses som datum.",
        ),
        _r("period_omvand", FEL, "Perioden är omvänd", "Period till ligger före Period från."),
        _r(
            "omgang_avviker",
            FEL_ELLER_VARNING,
            "Omgångarna avviker",
            "Två rader (omgångar) av samma bidrag har olika myndighet, period eller kategorier.",
        ),
        _r("hela_kronor", FEL, "Inte hela kronor", "Statsbidrag och kostnader anges i hela kronor."),
        _r("negativt_belopp", FEL, "Negativt belopp", "Ett mottaget belopp eller en kostnad är negativ."),
        _r("belopp_saknas", VARNING, "Belopp saknas", "En kostnadsrad saknar belopp."),
        _r("okant_bidrag", FEL, "Okänt bidrag", "En kostnad hör till ett bidrag som inte finns i Statsbidrag."),
        _r(
            "okand_kategori",
            VARNING,
            "Okänd kostnadskategori",
            "Kostnadens kategori finns inte bland bidragets kostnadskategorier.",
        ),
        _r(
            "kategori_saknas",
            VARNING,
            "Kategori saknas",
            "Bidraget har kostnadskategorier men kostnaden saknar kategori.",
        ),
        _r("kostnader_saknas", VARNING, "Inga kostnader", "Bidraget har inga kostnader i Bidragskostnader."),
        _r("utanfor_period", FEL, "Kostnad utanför perioden", "En kostnad är daterad utanför bidragsperioden."),
        _r("inskriven_summa", VARNING, "Inskriven summa", "En Totalt/Summa-rad i Bidragskostnader räknas inte med."),
        _r("ja_nej", FEL, "Ja eller Nej", "Anonymisera antal ska vara Ja eller Nej."),
        _r("ogiltigt_antal", FEL, "Ogiltigt antal", "Antal ska vara ett heltal, noll eller större."),
        _r("smatal_i_text", VARNING, "Små tal i text", "En kommentar nämner 1–3 personer fast antal ska anonymiseras."),
        _r("kommentar_for_lang", FEL, "Kommentaren är för lång", "Kommentaren får vara högst 1 000 tecken."),
        _r(
            "sista_dag",
            VARNING,
            "Sista dag närmar sig eller har passerat",
            "Återrapporteringen ska lämnas senast det angivna datumet.",
        ),
        _r("inlamnad_sent", VARNING, "Inlämnad för sent", "Återrapporteringen lämnades in efter sista dag."),
        _r(
            "orsak_kvarstaende_saknas",
            VARNING,
            "Orsak till kvarstående medel saknas",
            "Pengar är kvar och ska återbetalas, men formulärets fält 3a (kolumnen Orsak kvarstående medel i "
            "Statsbidrag) är tomt. Skriv orsaken innan formuläret skrivs under.",
        ),
    ),
    "Huvudbok (Budget och Utfall som export ur ekonomisystemet)": (
        _r(
            "kodplan_saknas",
            FEL,
            "Kodplan saknas",
            "Budget eller Utfall är en huvudboksexport (Ansvar, Konto) men tabellen Kodplan saknas eller är tom.",
        ),
        _r(
            "ogiltig_kod",
            FEL,
            "Ogiltig kod",
            "En rad i Kodplan eller Kontoplan är varken en kod, ett intervall (4100-4199) eller ett prefix "
            "(41*), eller "
            'en kod (också i exportens Ansvar eller Konto) har ett tecken som liknar en siffra men inte är en ("²", '
            '"①"). Siffror i andra skrivsätt som int() läser ("４１１０") är samma kod som 4110; inledande nollor '
            "hör till koden (0410 och 410 är två koder).",
        ),
        _r("kodplan_omrade_saknas", FEL, "Område saknas i Kodplan", "En rad i Kodplan saknar verksamhetsområde."),
        _r(
            "kodplan_overlapp",
            FEL,
            "Överlappande intervall i Kodplan",
            "Två intervall eller prefix i Kodplan täcker delvis samma ansvarskoder (en enskild kod inom ett "
            "intervall är tillåten och gäller före intervallet).",
        ),
        _r(
            "kontoplan_overlapp",
            FEL,
            "Överlappande intervall i Kontoplan",
            "Två intervall eller prefix i Kontoplan täcker delvis samma konton.",
        ),
        _r(
            "okand_ansvarskod",
            FEL,
            "Ansvarskod saknas i Kodplan",
            "En ansvarskod i exporten finns inte i Kodplan; meddelandet anger kodens summa och antal rader, så att "
            "inget försvinner ur rapporten i tysthet.",
        ),
        _r(
            "balanskonto",
            FEL,
            "Balanskonto i resultatexporten",
            "Ett konto i kontoklass 0–2 (tillgångar, skulder, eget kapital); en resultatrapport bygger på klass 3–8.",
        ),
        _r(
            "okant_konto",
            FEL,
            "Okänt konto",
            "Ett konto som varken Kommun-Bas eller tabellen Kontoplan placerar som intäkt, kostnad eller "
            "finansiell post.",
        ),
        _r(
            "fel_tecken_huvudbok",
            FEL,
            "Tecknen motsäger Inställningar",
            "Summan av intäktskontona (klass 3) eller kostnadskontona (klass 4–7) har det tecken som raderna Intäkter "
            "och Kostnader i Inställningar säger att den inte ska ha; meddelandet visar summorna.",
        ),
        _r(
            "kolumn_tolkad",
            VARNING,
            "Kolumn läst under annat namn",
            "En kolumn känns igen under ett annat namn, t.ex. Kst som Ansvar, eller Ansvar som Verksamhetsområde.",
        ),
        _r(
            "ogiltig_period",
            FEL,
            "Ogiltig period",
            "En period i exporten går inte att läsa; skriv 202304, 2023-04, apr 2023 eller ett datum.",
        ),
        _r(
            "budget_annat_ar",
            FEL,
            "Budget för ett annat år",
            "En budgetexport har perioder i ett annat år än År i Inställningar.",
        ),
    ),
    "Inlämnade arbetsböcker (prognos validera)": (
        _r(
            "olasbar_fil",
            FEL,
            "Filen går inte att läsa",
            "Filen är inte en .xlsx-arbetsbok, är krypterad, trasig eller fientligt konstruerad.",
        ),
        _r("minnesgrans", FEL, "Minnesgränsen nåddes", "Läsningen behövde mer minne än gränsen och avbröts."),
        _r("lasning_avbruten", FEL, "Läsningen avbröts", "Läsaren avslutades, troligen vid minnesgränsen."),
        _r("tidsgrans", FEL, "Tidsgränsen nåddes", "Läsningen tog längre tid än --tidsgrans och avbröts."),
        _r("internt_fel", FEL, "Internt fel", "Ett oväntat fel vid läsningen; filen kontrolleras inte."),
        _r(
            "orimlig_dimension",
            VARNING,
            "Orimlig dimension",
            "Bladet påstår sig ha fler rader än det har innehåll; spara om i Excel.",
        ),
        _r("makron", VARNING, "Makron", "Arbetsboken innehåller makron (VBA); de körs aldrig."),
        _r(
            "extern_lank",
            VARNING,
            "Externa länkar",
            "Arbetsboken länkar till andra filer; värdena kan vara inaktuella.",
        ),
        _r("dolt_blad", VARNING, "Dolt blad", "Ett blad är dolt; tabeller på dolda blad läses ändå."),
        _r(
            "tvetydig_tabell",
            FEL,
            "Tvetydig tabell",
            "Två Excel-tabeller (eller, utan tabell, två blad) har samma tabellnamn; det går inte att veta vilken som "
            "gäller, så ingen läses.",
        ),
        _r(
            "dold_tabell",
            FEL,
            "Tabell på dolt blad",
            "Tabellen som skulle läsas ligger på ett dolt eller mycket dolt blad; det som syns är inte det som läses.",
        ),
        _r(
            "dold_inmatning",
            FEL,
            "Inmatning på dold rad eller kolumn",
            "Metod, Manuell prognos eller Kommentar är ifylld på en dold rad eller i en dold kolumn i Prognos.",
        ),
        _r(
            "utskick_saknas",
            FEL_ELLER_VARNING,
            "Bladet _Utskick saknas",
            "Arbetsboken saknar bladet som visar att den kommer från prognos utskick: varning vid validering, fel "
            "vid sammanställning (den sammanställs inte).",
        ),
        _r(
            "utskick_andrat",
            FEL,
            "Bladet _Utskick ändrat",
            "Det dolda bladet med utskickets uppgifter har ändrats eller är skadat.",
        ),
        _r(
            "last_cell_andrad",
            FEL,
            "Låst cell ändrad",
            "En låst cell har ett annat värde än när arbetsboken skickades ut.",
        ),
        _r("tillagt_innehall", FEL, "Tillagt innehåll", "Innehåll har lagts till runt de utskickade cellerna."),
        _r("skydd_borttaget", VARNING, "Bladskyddet borttaget", "Bladskyddet har tagits bort."),
        _r(
            "rullista_saknas",
            VARNING,
            "Rullistan för Metod saknas",
            "En cell i kolumnen Metod har inte längre listan som utskicket gav den.",
        ),
        _r("okand_avsandare", FEL, "Okänd avsändare", "Det går inte att se vilken enhet som skickade filen."),
        _r("dubbel_inlamning", FEL, "Dubbel inlämning", "Flera filer kommer från samma enhet."),
        _r("fel_omgang", FEL, "Fel omgång", "Filen gäller ett annat år eller en annan period än omgången."),
        _r("annan_enhets_rad", FEL, "En annan enhets rad", "Filen har rader för en annan enhet än avsändaren."),
    ),
}

RULES: dict[str, Rule] = {rule.code: rule for rules in GROUPS.values() for rule in rules}


def check(code: str, severity: str) -> Rule:
    """The catalogue entry of a finding about to be made; a code the catalogue lacks, or a
    severity the rule does not allow, is a programming error."""
    rule = RULES.get(code)
    if rule is None:
        raise ValueError(f"rule code {code!r} is not in the rule catalogue (validation/rules.py)")
    if severity not in rule.severities:
        raise ValueError(f"rule {code!r} is {rule.severity_text}, not {severity!r} (validation/rules.py)")
    return rule


def rule_title(code: str) -> str:
    """The rule's Swedish title from the catalogue (a code is for the JSON, not for the reader)."""
    rule = RULES.get(code)
    return rule.title if rule is not None else code


def rules_markdown() -> str:
    """docs/regler.md: the catalogue as tables, one per group."""
    lines = [
        "# Regler (valideringens regelkatalog)",
        "",
        "Varje fynd på bladet Valideringsfel, i rapporten från `prognos validera` och i JSON har en av "
        "dessa regelkoder. Katalogen är `validation/rules.py`; den här filen skrivs av "
        "`python -m validation.rules > docs/regler.md` och testas mot katalogen (`tests/test_rules.py`).",
        "",
    ]
    for group, rules in GROUPS.items():
        lines += [f"## {group}", "", "| kod | allvarlighet | regel | beskrivning |", "|---|---|---|---|"]
        lines += [f"| `{r.code}` | {r.severity_text} | {r.title} | {r.doc} |" for r in rules]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - regenerates docs/regler.md
    print(rules_markdown(), end="")
