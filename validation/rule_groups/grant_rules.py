"""Rules on the state-grant register, Statsbidrag and Bidragskostnader (docs/regler.md:
Statsbidrag)."""

from __future__ import annotations

from udfs.language.vocabulary import FEL, VARNING
from validation.rule_groups.rule import FEL_ELLER_VARNING, Rule

# In docs/regler.md under "Statsbidrag".
GRANT_RULES = (
    Rule.of(
        "bidrag_saknas", FEL, "Bidragets namn saknas", "En rad i Statsbidrag eller Bidragskostnader saknar Bidrag."
    ),
    Rule.of("myndighet_saknas", FEL, "Myndighet saknas", "Statsbidraget saknar beviljande myndighet."),
    Rule.of("mottaget_saknas", FEL, "Mottaget belopp saknas", "Statsbidraget saknar mottaget belopp."),
    Rule.of("datum_saknas", FEL, "Datum saknas", "Period från eller Period till saknas."),
    Rule.of("ogiltigt_datum", FEL, "Ogiltigt datum", "Ett datum i bidragsregistret går inte att läsa."),
    Rule.of(
        "datum_som_tal",
        VARNING,
        "Datum skrivet som tal",
        "Ett datum är skrivet som tal (20230115) och läses som datum.",
    ),
    Rule.of("period_omvand", FEL, "Perioden är omvänd", "Period till ligger före Period från."),
    Rule.of(
        "omgang_avviker",
        FEL_ELLER_VARNING,
        "Omgångarna avviker",
        "Två rader (omgångar) av samma bidrag har olika myndighet, period eller kategorier.",
    ),
    Rule.of("hela_kronor", FEL, "Inte hela kronor", "Statsbidrag och kostnader anges i hela kronor."),
    Rule.of("negativt_belopp", FEL, "Negativt belopp", "Ett mottaget belopp eller en kostnad är negativ."),
    Rule.of("belopp_saknas", VARNING, "Belopp saknas", "En kostnadsrad saknar belopp."),
    Rule.of("okant_bidrag", FEL, "Okänt bidrag", "En kostnad hör till ett bidrag som inte finns i Statsbidrag."),
    Rule.of(
        "okand_kategori",
        VARNING,
        "Okänd kostnadskategori",
        "Kostnadens kategori finns inte bland bidragets kostnadskategorier.",
    ),
    Rule.of(
        "kategori_saknas",
        VARNING,
        "Kategori saknas",
        "Bidraget har kostnadskategorier men kostnaden saknar kategori.",
    ),
    Rule.of("kostnader_saknas", VARNING, "Inga kostnader", "Bidraget har inga kostnader i Bidragskostnader."),
    Rule.of("utanfor_period", FEL, "Kostnad utanför perioden", "En kostnad är daterad utanför bidragsperioden."),
    Rule.of("inskriven_summa", VARNING, "Inskriven summa", "En Totalt/Summa-rad i Bidragskostnader räknas inte med."),
    Rule.of("ja_nej", FEL, "Ja eller Nej", "Anonymisera antal ska vara Ja eller Nej."),
    Rule.of("ogiltigt_antal", FEL, "Ogiltigt antal", "Antal ska vara ett heltal, noll eller större."),
    Rule.of(
        "smatal_i_text", VARNING, "Små tal i text", "En kommentar nämner 1–3 personer fast antal ska anonymiseras."
    ),
    Rule.of("kommentar_for_lang", FEL, "Kommentaren är för lång", "Kommentaren får vara högst 1 000 tecken."),
    Rule.of(
        "sista_dag",
        VARNING,
        "Sista dag närmar sig eller har passerat",
        "Återrapporteringen ska lämnas senast det angivna datumet.",
    ),
    Rule.of("inlamnad_sent", VARNING, "Inlämnad för sent", "Återrapporteringen lämnades in efter sista dag."),
    Rule.of(
        "orsak_kvarstaende_saknas",
        VARNING,
        "Orsak till kvarstående medel saknas",
        "Pengar är kvar och ska återbetalas, men formulärets fält 3a (kolumnen Orsak kvarstående medel i "
        "Statsbidrag) är tomt. Skriv orsaken innan formuläret skrivs under.",
    ),
)
