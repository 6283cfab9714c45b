"""The economist's own words of the Botkyrka example (issue 20), quoted from the published paper:
Botkyrka kommun, socialnämnden, Delårsrapport 1 2023 (SN/2023:00129), section 2.4 and
sections 3.1–3.2 (``shared/seeds``, the meeting papers of 2023-05-23).

- ``TEXTER``: (Avsnitt, Text) as the paper words it; a line of its own is a paragraph, "- " a
  bullet. Area names are the Budget's (the operating statement's: "Gemensam verksamhet" for the
  paper's "Ledning och administration").
- ``ORSAKER``: (Verksamhetsområde, Orsak, Post). Belopp and Kommentar come from the paper's table
  "Åtgärder med anledning av budgetavvikelse" (3.1.2, summa 38 179 tkr: the shared CSV
  ``botkyrka_sn_2023_atgarder_tkr.csv``, by its Post), each given to the
  area the paper's own text names for it (Polismyndigheten 3 miljoner kronor under vuxna utan
  beroendeproblematik, försörjningsstöd under ekonomiskt bistånd, Migrationsverket under
  flyktingmottagande); the personnel items and Statsbidrag stay with the committee as a whole. The
  causes without an amount are the paper's per-area explanations (3.1.1), in its words,
  shortened to a bullet; they have no amount in the paper and none here.
- ``ATGARDER``: the actions the paper names (3.1.1, 3.1.2, 3.2). The paper gives no decision
  day, effect or month of full effect for them ("Effekterna i handlingsplanerna finns
  medräknade i den lämnade årsprognosen"): those cells are empty, never 0.
"""

from __future__ import annotations

TEXTER_RUBRIKER = ["Avsnitt", "Text"]
TEXTER: list[list[str]] = [
    [
        "Nämnden",
        "Uppföljningen visar att nämndens ekonomi har ett överskott på omkring 38 miljoner kronor jämfört med "
        "beslutad budgetram. Överskottet bedöms främst bero på vakanta tjänster och intäkter från Migrationsverket "
        "samt färre hushåll med ekonomiskt bistånd och färre externa placeringar.",
    ],
    [
        "Kommentarer per verksamhetsområde",
        "Gemensamt för alla verksamheter är att budget och kostnad för verksamhetslokaler har från 2023 flyttats "
        "från ledning & administration till den verksamhetskod som är korrekt utifrån verksamheten som bedrivs i "
        "lokalen. Syftet med förändringen är att få en mer rättvisande redovisning för kostnaderna per verksamhet.",
    ],
    [
        "Gemensam verksamhet",
        "Inom verksamhetsområdet finns dock en öronmärkt post för löneglidningar enligt anvisningar i löneöversynen "
        "motsvarande 2,5 miljoner kronor, och det finns en stor osäkerhet hur stor del som kommer att förbrukas "
        "under året.",
    ],
    [
        "Barn och unga",
        "Inom verksamhetsområdet prognostiseras både över- och underskott som tillsammans summerar till ett överskott.",
    ],
    [
        "Vuxna med beroendeproblematik",
        "Den sammantagna förklaringen till ett minskat behov av externa platser för vuxna med beroendeproblematik är "
        "att verksamheten under det senaste året har arbetat med att hitta lösningar i egen regi i form av öppenvård "
        "och interna träningslägenheter med stöd i stället för externa placeringar.",
    ],
    [
        "Ekonomiskt bistånd",
        "Den övergripande analysen till varför antalet har minskat och är fortsatt på låga nivåer är bland annat:\n"
        "- Arbetsmarknaden ställdes om i samband med pandemin och reglerna för A-kassa ändrades vilket gör att fler "
        "får ersättning från A-kassan och inte försörjningsstöd i första hand.\n"
        "- Antalet nya arbetslösa har inte ökat. Det är sannolikt att många nya arbetslösa har tillgångar eller en "
        "partner som har ett arbete och att de därför inte har rätt till försörjningsstöd.\n"
        "- Det finns en oro för att personer som behöver komma till oss inte gör det.",
    ],
    [
        "Flyktingmottagande",
        "Det prognostiserade överskottet för verksamheterna för ensamkommande barn (jourhem, familjehem och "
        "stödboende) beror på att de sammantagna kostnaderna för alla verksamheterna är lägre än de tilldelade "
        "medel vi får från Migrationsverket.",
    ],
    [
        "Prognosförändring",
        "Prognosavvikelsen från den lämnade prognosen i mars förklaras främst genom följande:\n"
        "- Fler externa platser inom vuxna med psykisk funktionsnedsättning än föregående prognos motsvarande 1,3 "
        "miljoner kronor. Förändringen beror dels på missförstånd vid överflyttning av ärenden mellan enheter, dels "
        "på en placering där en tidigare bedömning varit att vård- och omsorgsförvaltningen skulle ta över "
        "placeringen.\n"
        "- Ytterligare vakanta tjänster i verksamheterna (3,1 miljoner kronor) och utökad prognos för inhyrd "
        "personal (-1,6 miljoner kronor) som sammantaget uppgår till en förändrad prognos motsvarande +1,5 miljoner "
        "kronor.\n"
        "- Fler uppdragstagare än vad som tidigare prognostiserats motsvarande 1,1 miljoner kronor utifrån bland "
        "annat fler jour- och familjehem.\n"
        "- Tilläggsbudget för kompetensfonden motsvarande 1,3 miljoner kronor har beslutats vilket visar en "
        "förändring i prognosen från mars månad, men det påverkar inte den totala prognosavvikelsen mot budget för "
        "helåret.",
    ],
    [
        "Intäkter och kostnader",
        "För kostnadstypen entreprenad och köp av verksamhet beror de minskade kostnaderna på köp av färre externa "
        "platser i flera verksamheter jämfört med föregående år samma period (se volymer och nyckeltal).\n"
        "För kostnadstypen bidrag och transfereringar beror de lägre kostnaderna på färre hushåll framför allt "
        "kopplat till ekonomiskt bistånd. Antalet genomsnittliga biståndshushåll under januari till och med april "
        "2023 är 776, att jämföra med samma period föregående år där antalet uppgår till 981.",
    ],
    [
        "Åtgärder",
        "Om de poster som redovisas i tabellen ovan undantas lämnar nämnden, i princip, en budget i balans och inga "
        "åtgärder på övergripande nivå har i dagsläget tagits fram. Dock pågår det ett ständigt arbete i "
        "förvaltningen med att effektivisera arbetssätt och metoder i våra verksamheter med minsta möjliga påverkan "
        "för botkyrkaborna.\n"
        "För de verksamheter och enheter som prognostiserar ett underskott har handlingsplaner upprättats. "
        "Handlingsplanerna innehåller en beskrivning av vilka åtgärder som måste vidtas för att minska underskottet "
        "samt vilka ekonomiska effekter det får för året. Effekterna i handlingsplanerna finns medräknade i den "
        "lämnade årsprognosen.",
    ],
    [
        "Investeringar",
        "Socialförvaltningen har en budget på 3 miljoner kronor för årliga projekt. Budgeten fördelas på "
        "investeringar för boenden på 1 miljoner kronor och 2 miljoner kronor för verksamhetslokaler. Ett arbete "
        "pågår med att tydliggöra förvaltningens investeringsprocess så att äskande av investeringsmedel baseras på "
        "verkligt behov.",
    ],
    [
        "Bidrag och ersättningar",
        "Nedan redogörs tilldelade statsbidrag och övriga bidrag som tilldelats och beaktats i den ekonomiska "
        "uppföljningen. Troligtvis kommer fler statsbidrag att tillkomma.\n"
        "Intäktsprognosen från Migrationsverket avser främst återsökning avseende Ensamkommande barn och unga.",
    ],
]

ORSAKER_RUBRIKER = ["Verksamhetsområde", "Orsak", "Belopp", "Kommentar"]
# (Verksamhetsområde, Orsak, the Post of shared/data/botkyrka_sn_2023_atgarder_tkr.csv whose Belopp and
# Kommentar the row takes, or None: no amount in the paper).
ORSAKER: list[tuple[str | None, str, str | None]] = [
    (
        "Barn och unga",
        "Fler jourhemsplaceringar än vad som budgeterats: jourhemsplacering bedöms vara en mer hållbar "
        "och bättre lösning för klienten än placering på institution",
        None,
    ),
    (
        "Barn och unga",
        "Överskott för placeringar enligt LVU på SiS-institution samt HVB och placeringar enligt SoL i "
        "HVB, med samma förklaring som för jourhem",
        None,
    ),
    (
        "Barn och unga",
        "Vakanta tjänster inom övrig egen öppenvård utifrån svårigheter att rekrytera, bland annat områdessekreterare",
        None,
    ),
    ("Vuxna utan beroendeproblematik", "Bidrag från Polismyndigheten för avhopparverksamheten", "Polismyndigheten"),
    (
        "Vuxna utan beroendeproblematik",
        "Skyddat boende vid våld i nära relation: ett lågt inflöde likt våren 2022 samt "
        "ett effektivt och systematiskt arbete med att hitta nya boendelösningar",
        None,
    ),
    (
        "Vuxna utan beroendeproblematik",
        "Kommunkontrakt och tillfälligt boende: tomhyror, reparationer samt "
        "besiktnings- och saneringskostnader utöver vad som är budgeterat",
        None,
    ),
    (
        "Vuxna, psykisk funktionsnedsättning",
        "Fler externa placeringar för boende och tillfälligt boende än budgeterat: "
        "en fortsatt utmaning att kunna ta hem externt placerade klienter",
        None,
    ),
    ("Vuxna, psykisk funktionsnedsättning", "Vakanta tjänster inom administration och boendestöd", None),
    (
        "Vuxna, psykisk funktionsnedsättning",
        "Färre pågående insatser med kontaktpersoner enligt SoL än vad som budgeterats",
        None,
    ),
    (
        "Vuxna med beroendeproblematik",
        "Färre externa placeringar inom SoL på HVB, LVM på SiS eller HVB samt "
        "tillfälligt boende: lösningar i egen regi i stället för externa placeringar",
        None,
    ),
    (
        "Ekonomiskt bistånd",
        "Färre hushåll med försörjningsstöd än budgeterat: i genomsnitt 776 hushåll per månad "
        "januari–april 2023 mot 981 samma period 2022",
        "Försörjningsstöd",
    ),
    (
        "Flyktingmottagande",
        "Ersättning från Migrationsverket, främst för ensamkommande barn och unga, högre än kommunens kostnader",
        "Migrationsverket",
    ),
    ("Flyktingmottagande", "Färre biståndshushåll bland nyanlända i behov av försörjningsstöd än budgeterat", None),
    (None, "Statsbidrag", "Statsbidrag"),
    (None, "Uppdragstagare", "Prognos på uppdragstagare"),
    (None, "Personalkostnader", "Prognos personalkostnader"),
    (None, "Inhyrd personal", "Prognos inhyrd personal"),
]

ATGARDER_RUBRIKER = [
    "Åtgärd",
    "Verksamhetsområde",
    "Beslutsdatum",
    "Effekt helår",
    "Varav personal",
    "Full effekt från",
    "Status",
    "Kommentar",
]
ATGARDER: list[list[object]] = [
    [
        "Handlingsplan för kommunkontrakt och tillfälligt boende: tätare uppföljningar och utvecklat samarbete med "
        "samverkande enheter",
        "Vuxna utan beroendeproblematik",
        None,
        None,
        None,
        None,
        "Pågår",
        "Minskar tomhyror, reparationer samt besiktnings- och saneringskostnader",
    ],
    [
        "Uppföljning av pågående insatser med kontaktpersoner enligt SoL",
        "Vuxna, psykisk funktionsnedsättning",
        None,
        None,
        None,
        None,
        "Pågår",
        None,
    ],
    ["Genomgång av alla externa platser", "Vuxna med beroendeproblematik", None, None, None, None, "Pågår", None],
    [
        "Tydliggöra förvaltningens investeringsprocess så att äskande av investeringsmedel baseras på verkligt behov",
        None,
        None,
        None,
        None,
        None,
        "Pågår",
        None,
    ],
]
