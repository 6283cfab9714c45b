"""The economist's own words (issue 20; read by ``validation/section_tables/own_words.py``):
Texter, Orsaker and the action plan Åtgärder.
"""

from __future__ import annotations

from validation.contract_tables.forecast import AREA
from validation.table_spec import AMOUNT, DATE, LABEL, TEXT, Column, TableSpec

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
