"""Rules on Budget and Utfall as the financial system's export, with Kodplan and Kontoplan
(docs/regler.md: Huvudbok)."""

from __future__ import annotations

from udfs.language.vocabulary import FEL, VARNING
from validation.rule_groups.rule import Rule

# In docs/regler.md under "Huvudbok (Budget och Utfall som export ur ekonomisystemet)".
LEDGER_RULES = (
    Rule.of(
        "kodplan_saknas",
        FEL,
        "Kodplan saknas",
        "Budget eller Utfall är en huvudboksexport (Ansvar, Konto) men tabellen Kodplan saknas eller är tom.",
    ),
    Rule.of(
        "ogiltig_kod",
        FEL,
        "Ogiltig kod",
        "En rad i Kodplan eller Kontoplan är varken en kod, ett intervall (4100-4199) eller ett prefix "
        "(41*), eller "
        'en kod (också i exportens Ansvar eller Konto) har ett tecken som liknar en siffra men inte är en ("²", '
        '"①"). Siffror i andra skrivsätt som int() läser ("４１１０") är samma kod som 4110; inledande nollor '
        "hör till koden (0410 och 410 är två koder).",
    ),
    Rule.of("kodplan_omrade_saknas", FEL, "Område saknas i Kodplan", "En rad i Kodplan saknar verksamhetsområde."),
    Rule.of(
        "kodplan_overlapp",
        FEL,
        "Överlappande intervall i Kodplan",
        "Två intervall eller prefix i Kodplan täcker delvis samma ansvarskoder (en enskild kod inom ett "
        "intervall är tillåten och gäller före intervallet).",
    ),
    Rule.of(
        "kontoplan_overlapp",
        FEL,
        "Överlappande intervall i Kontoplan",
        "Två intervall eller prefix i Kontoplan täcker delvis samma konton.",
    ),
    Rule.of(
        "okand_ansvarskod",
        FEL,
        "Ansvarskod saknas i Kodplan",
        "En ansvarskod i exporten finns inte i Kodplan; meddelandet anger kodens summa och antal rader, så att "
        "inget försvinner ur rapporten i tysthet.",
    ),
    Rule.of(
        "balanskonto",
        FEL,
        "Balanskonto i resultatexporten",
        "Ett konto i kontoklass 0–2 (tillgångar, skulder, eget kapital); en resultatrapport bygger på klass 3–8.",
    ),
    Rule.of(
        "okant_konto",
        FEL,
        "Okänt konto",
        "Ett konto som varken Kommun-Bas eller tabellen Kontoplan placerar som intäkt, kostnad eller finansiell post.",
    ),
    Rule.of(
        "fel_tecken_huvudbok",
        FEL,
        "Tecknen motsäger Inställningar",
        "Summan av intäktskontona (klass 3) eller kostnadskontona (klass 4–7) har det tecken som raderna Intäkter "
        "och Kostnader i Inställningar säger att den inte ska ha; meddelandet visar summorna.",
    ),
    Rule.of(
        "kolumn_tolkad",
        VARNING,
        "Kolumn läst under annat namn",
        "En kolumn känns igen under ett annat namn, t.ex. Kst som Ansvar, eller Ansvar som Verksamhetsområde.",
    ),
    Rule.of(
        "ogiltig_period",
        FEL,
        "Ogiltig period",
        "En period i exporten går inte att läsa; skriv 202304, 2023-04, apr 2023 eller ett datum.",
    ),
    Rule.of(
        "budget_annat_ar",
        FEL,
        "Budget för ett annat år",
        "En budgetexport har perioder i ett annat år än År i Inställningar.",
    ),
)
