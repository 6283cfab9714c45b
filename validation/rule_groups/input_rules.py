"""Rules on the workbook as typed, whatever the table (docs/regler.md: Tabeller och kolumner;
Tal, tecken och formler; Inställningar)."""

from __future__ import annotations

from udfs.language.vocabulary import FEL, VARNING
from validation.rule_groups.rule import FEL_ELLER_VARNING, Rule

# In docs/regler.md under "Tabeller och kolumner".
TABLE_RULES = (
    Rule.of(
        "saknad_tabell",
        FEL,
        "Tabell saknas",
        "En obligatorisk tabell (Installningar, Budget, Utfall; Prognos i en inlämning) finns varken som "
        "Excel-tabell eller som blad med tabellens namn.",
    ),
    Rule.of(
        "saknad_kolumn",
        FEL,
        "Kolumn saknas",
        "En obligatorisk kolumn saknas i tabellens rubrikrad (Utfall: Månad och Belopp, eller Jan…Dec).",
    ),
    Rule.of(
        "tom_tabell",
        FEL_ELLER_VARNING,
        "Tabellen är tom",
        "Budget utan rader är fel; Utfall eller bidragstabeller utan rader ger en varning.",
    ),
    Rule.of(
        "dubblett",
        FEL_ELLER_VARNING,
        "Dubblett",
        "Samma område och typ (och verksamhet) finns två gånger. I Budget och Prognos fel; i Utfall "
        "summeras beloppen med en varning.",
    ),
    Rule.of(
        "ogiltigt_varde",
        FEL,
        "Ogiltigt värde",
        "Cellen har ett värde som kolumnen inte tillåter, t.ex. en Typ som inte är Intäkter eller Kostnader.",
    ),
)

# In docs/regler.md under "Tal, tecken och formler".
NUMBER_RULES = (
    Rule.of("inte_tal", FEL, "Inte ett tal", "En cell som ska vara ett belopp innehåller text som inte är ett tal."),
    Rule.of(
        "kommentar_i_talcell",
        FEL,
        "Kommentar i en talcell",
        'Ord i en cell som ska vara ett tal ("ca −1 200", "1 200 prel."): skriv talet i cellen och '
        "kommentaren i Kommentar.",
    ),
    Rule.of(
        "tal_som_text",
        VARNING,
        "Tal skrivet som text",
        'Talet är skrivet som text ("1 234,5", "−12 000") och läses som tal.',
    ),
    Rule.of(
        "platshallare",
        VARNING,
        "Platshållare",
        '"-", "saknas" eller "Anges vid årsbokslut": värdet är okänt och räknas som saknat, aldrig som noll.',
    ),
    Rule.of(
        "fel_tecken",
        FEL_ELLER_VARNING,
        "Fel tecken",
        "Intäkter skrivs positiva och kostnader negativa (eller utan minustecken när Inställningar säger "
        "Kostnader: positiva). Fel i Budget och Manuell prognos, varning i Utfall och Föregående prognos.",
    ),
    Rule.of(
        "formel_utan_varde",
        FEL_ELLER_VARNING,
        "Formel utan värde",
        "Cellen har en formel som ger ett fel eller aldrig har beräknats; spara om arbetsboken i Excel.",
    ),
    Rule.of(
        "formelfel",
        FEL_ELLER_VARNING,
        "Formelfel",
        "En formel ger #REF!, #DIV/0! eller liknande: fel inne i en tabell, varning utanför.",
    ),
    Rule.of(
        "formel_som_text",
        VARNING,
        "Text som liknar en formel",
        "Text som börjar med =, @, + eller − följt av bokstäver blir en formel om den kopieras.",
    ),
    Rule.of(
        "enhetsfel",
        FEL_ELLER_VARNING,
        "Fel enhet",
        "Ett belopp är ungefär tusen (eller en miljon) gånger för stort eller litet jämfört med budget och utfall: "
        "troligen kr/tkr/mnkr förväxlade. Nämndens kostnader i Budget mot utfallet uppräknat till helår, "
        "ett områdes "
        "kostnader eller en Manuell prognos är fel (meddelandet pekar på Enhet eller Huvudbok i i Inställningar, "
        "eller på raden); ett områdes intäkter, och i en inlämning, en varning.",
    ),
    Rule.of(
        "enhet_i_rubrik",
        VARNING,
        "Annan enhet i rubriken",
        'En rubrik nämner en annan enhet ("Belopp (kr)") än Enhet i Inställningar.',
    ),
    Rule.of(
        "summarad",
        VARNING,
        "Summarad",
        "En Totalt/Summa-rad i tabellen räknas inte med (annars räknas beloppen två gånger).",
    ),
    Rule.of(
        "summarad_avviker",
        FEL,
        "Summaraden stämmer inte",
        "En inskriven summarad stämmer inte med raderna ovanför.",
    ),
    Rule.of(
        "orimligt_belopp",
        FEL,
        "Orimligt belopp",
        "Ett belopp över 1 000 miljarder kronor (räknat i arbetsbokens enhet), oändligt eller NaN: inget "
        "belopp i en kommuns budget är så stort. Kontrollera enheten och siffrorna.",
    ),
    Rule.of(
        "annan_enhet_i_cell",
        FEL,
        "Annan enhet i cellen",
        'Talet är skrivet med en annan enhet ("−275 mnkr") än arbetsboken räknar i; meddelandet ger talet i '
        "arbetsbokens enhet.",
    ),
    Rule.of(
        "exponentform",
        FEL,
        "Tal i exponentform",
        'Text som "−2.76E5" i en beloppscell; skriv talet med siffror (meddelandet visar det, t.ex. −276 000).',
    ),
    Rule.of(
        "levande_formel",
        FEL,
        "Levande formel",
        "En cell som läses har en DDE-länk, en funktion som hämtar data utifrån (WEBSERVICE, FILTERXML, RTD), en "
        "länk till en annan arbetsbok eller en cirkelreferens; värdet läses inte. Skriv in värdet.",
    ),
    Rule.of(
        "formel_i_inmatning",
        VARNING,
        "Formel i en inmatningscell",
        "Metod, Manuell prognos eller Kommentar är en formel; värdet som visas läses, formeln följer inte med.",
    ),
    Rule.of(
        "for_lang_text",
        FEL,
        "För lång text",
        "Texten är längre än de 32 767 tecken en cell i Excel rymmer och skulle kortas av utan att det syns.",
    ),
    Rule.of(
        "sammanslagna_celler",
        FEL_ELLER_VARNING,
        "Sammanslagna celler",
        "Sammanslagna celler i en tabell: rubriken eller värdena läses bara i den första cellen.",
    ),
)

# In docs/regler.md under "Inställningar".
SETTINGS_RULES = (
    Rule.of("saknad_installning", FEL, "Inställning saknas", "Nämnd, År eller Period saknas i Inställningar."),
    Rule.of(
        "ogiltig_installning",
        FEL_ELLER_VARNING,
        "Ogiltig inställning",
        "Ett värde i Inställningar går inte att läsa (t.ex. Period 13). För Volymsprång och Mål "
        "prognossäkerhet används då standardvärdet, med en varning.",
    ),
    Rule.of(
        "balansgrans_procent",
        VARNING,
        "Balansgräns tolkad som procent",
        'Balansgräns "0,5" tolkas som 0,5 procent.',
    ),
)
