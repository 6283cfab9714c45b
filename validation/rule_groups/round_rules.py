"""Rules on returned unit workbooks, file by file and across the round (docs/regler.md:
Inlämnade arbetsböcker)."""

from __future__ import annotations

from udfs.language.vocabulary import FEL, VARNING
from validation.rule_groups.rule import FEL_ELLER_VARNING, Rule

# In docs/regler.md under "Inlämnade arbetsböcker (prognos validera)".
SUBMISSION_RULES = (
    Rule.of(
        "olasbar_fil",
        FEL,
        "Filen går inte att läsa",
        "Filen är inte en .xlsx-arbetsbok, är krypterad, trasig eller fientligt konstruerad.",
    ),
    Rule.of("minnesgrans", FEL, "Minnesgränsen nåddes", "Läsningen behövde mer minne än gränsen och avbröts."),
    Rule.of("lasning_avbruten", FEL, "Läsningen avbröts", "Läsaren avslutades, troligen vid minnesgränsen."),
    Rule.of("tidsgrans", FEL, "Tidsgränsen nåddes", "Läsningen tog längre tid än --tidsgrans och avbröts."),
    Rule.of("internt_fel", FEL, "Internt fel", "Ett oväntat fel vid läsningen; filen kontrolleras inte."),
    Rule.of(
        "orimlig_dimension",
        VARNING,
        "Orimlig dimension",
        "Bladet påstår sig ha fler rader än det har innehåll; spara om i Excel.",
    ),
    Rule.of("makron", VARNING, "Makron", "Arbetsboken innehåller makron (VBA); de körs aldrig."),
    Rule.of(
        "extern_lank",
        VARNING,
        "Externa länkar",
        "Arbetsboken länkar till andra filer; värdena kan vara inaktuella.",
    ),
    Rule.of("dolt_blad", VARNING, "Dolt blad", "Ett blad är dolt; tabeller på dolda blad läses ändå."),
    Rule.of(
        "tvetydig_tabell",
        FEL,
        "Tvetydig tabell",
        "Två Excel-tabeller (eller, utan tabell, två blad) har samma tabellnamn; det går inte att veta vilken som "
        "gäller, så ingen läses.",
    ),
    Rule.of(
        "dold_tabell",
        FEL,
        "Tabell på dolt blad",
        "Tabellen som skulle läsas ligger på ett dolt eller mycket dolt blad; det som syns är inte det som läses.",
    ),
    Rule.of(
        "dold_inmatning",
        FEL,
        "Inmatning på dold rad eller kolumn",
        "Metod, Manuell prognos eller Kommentar är ifylld på en dold rad eller i en dold kolumn i Prognos.",
    ),
    Rule.of(
        "utskick_saknas",
        FEL_ELLER_VARNING,
        "Bladet _Utskick saknas",
        "Arbetsboken saknar bladet som visar att den kommer från prognos utskick: varning vid validering, fel "
        "vid sammanställning (den sammanställs inte).",
    ),
    Rule.of(
        "utskick_andrat",
        FEL,
        "Bladet _Utskick ändrat",
        "Det dolda bladet med utskickets uppgifter har ändrats eller är skadat.",
    ),
    Rule.of(
        "last_cell_andrad",
        FEL,
        "Låst cell ändrad",
        "En låst cell har ett annat värde än när arbetsboken skickades ut.",
    ),
    Rule.of("tillagt_innehall", FEL, "Tillagt innehåll", "Innehåll har lagts till runt de utskickade cellerna."),
    Rule.of("skydd_borttaget", VARNING, "Bladskyddet borttaget", "Bladskyddet har tagits bort."),
    Rule.of(
        "rullista_saknas",
        VARNING,
        "Rullistan för Metod saknas",
        "En cell i kolumnen Metod har inte längre listan som utskicket gav den.",
    ),
    Rule.of("okand_avsandare", FEL, "Okänd avsändare", "Det går inte att se vilken enhet som skickade filen."),
    Rule.of("dubbel_inlamning", FEL, "Dubbel inlämning", "Flera filer kommer från samma enhet."),
    Rule.of("fel_omgang", FEL, "Fel omgång", "Filen gäller ett annat år eller en annan period än omgången."),
    Rule.of("annan_enhets_rad", FEL, "En annan enhets rad", "Filen har rader för en annan enhet än avsändaren."),
)
