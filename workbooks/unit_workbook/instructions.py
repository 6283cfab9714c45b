"""The ``Instruktioner`` sheet of a unit workbook (Swedish, first sheet)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.styles import Alignment, Font

from udfs.language.vocabulary import MONTH_NAMES

MAX_KOMMENTAR = 1000  # characters in a unit's Kommentar


def sign_text(settings: Any) -> str:
    revenue = "negativa (med minustecken)" if settings.intakter == "negativa" else "positiva"
    costs = "positiva (utan minustecken)" if settings.kostnader == "positiva" else "negativa (med minustecken)"
    return f"Intäkter skrivs som {revenue} belopp och kostnader som {costs}."


def lines(
    unit: str, omgang: str, settings: Any, svar_senast: dt.date | None, kontakt: str | None, volumes: bool
) -> list[tuple[str, str]]:
    """(kind, text): kind "titel", "rubrik" or "text"."""
    s = settings
    out: list[tuple[str, str]] = [
        ("titel", f"{omgang}: prognos för {unit}"),
        (
            "text",
            f"{s.namnd}. Utfallet gäller {MONTH_NAMES[0]}–{MONTH_NAMES[s.period - 1]} {s.ar} (period {s.period}). "
            f"Belopp i {s.enhet}.",
        ),
    ]
    if svar_senast:
        out.append(("text", f"Skicka tillbaka arbetsboken senast {svar_senast.isoformat()}."))
    if kontakt:
        out.append(("text", f"Frågor: {kontakt}."))
    return out + _what_you_fill_in(s, volumes) + _own_words(s) + _mind(s) + _when_done(svar_senast)


def _what_you_fill_in(s: Any, volumes: bool) -> list[tuple[str, str]]:
    out = [
        ("rubrik", "Det här fyller du i"),
        (
            "text",
            "De gula cellerna går att ändra: på bladet Prognos Metod, Manuell prognos och Kommentar (en rad för "
            "Intäkter och en för Kostnader)"
            + ("; på bladet Volymer Prognos volym och Prognos styckkostnad" if volumes else "")
            + "; på bladen Orsaker, Åtgärder och Texter allt utom Verksamhetsområde och Avsnitt. Allt "
            "annat är låst.",
        ),
        (
            "text",
            "Till vänster står budgeten och utfallet hittills, och vad varje metod ger för helåret: "
            "Linjär (utfall "
            "hittills / månader × 12), Säsong (som föregående års fördelning över året) och Budgetprofil (utfall "
            "hittills + återstående budget). Välj metod i listan under Metod. Lämnar du Metod tom väljer Prognos "
            "den metod som hade träffat bäst förra året.",
        ),
        (
            "text",
            f"Manuell prognos: din egen helårsprognos i {s.enhet}, om du har en. Ett ifyllt belopp gäller alltid, "
            "oavsett metod; lämna cellen tom för att använda metoden. " + sign_text(s),
        ),
        (
            "text",
            "De blå cellerna räknas om medan du skriver: Helårsprognos är den prognos dina val ger och "
            "Avvikelse mot "
            "budget är helårsprognosen minus budgeten (positivt är ett överskott, negativt ett underskott).",
        ),
        (
            "text",
            f"Kommentar: förklara avvikelsen mot budget med egna ord och varför prognosen har ändrats sedan "
            f"förra gången (högst {MAX_KOMMENTAR} tecken). Kommentaren följer med till nämndens rapport. "
            "Orsaker med belopp och vad ni gör åt avvikelsen skriver du på bladen Orsaker och Åtgärder.",
        ),
    ]
    if volumes:
        out.append(
            (
                "text",
                "Volymer: skriv den volym (t.ex. antal placeringar eller hushåll) och den styckkostnad du "
                "räknar med för helåret. Lämna tomt om du inte vet; tomt räknas aldrig som noll.",
            )
        )
    return out


def _own_words(s: Any) -> list[tuple[str, str]]:
    return [
        (
            "text",
            "Orsaker: en rad per orsak till avvikelsen mot budget, med Belopp i "
            f"{s.enhet} och avvikelsens tecken (+ för det som ger överskott, − för det som ger underskott; "
            "tomt när beloppet inte är känt). Åtgärder: vad ni gör åt avvikelsen, med Effekt helår, "
            "Beslutsdatum och Status. Texter: din egen text om verksamhetsområdet, ordagrant i rapporten. "
            "Raderna som redan står där är nämndens från förra gången: ändra dem om de inte längre stämmer, "
            "och skriv nya på de tomma raderna. En rad du tömmer tas inte bort ur nämndens sammanställning: "
            "skriv till ekonomen om den ska bort.",
        ),
    ]


def _mind(s: Any) -> list[tuple[str, str]]:
    return [
        ("rubrik", "Att tänka på"),
        (
            "text",
            f"Skriv belopp som tal, inte som text, och i {s.enhet} (inte i kronor). Skriv inga "
            "summarader och inga "
            "kommentarer i beloppscellerna.",
        ),
        (
            "text",
            "Byt inte namn på filen och ändra inte bladen Inställningar, Budget och Utfall: filnamnet och "
            "inställningarna visar vilken enhet som har skickat arbetsboken, och ändrade låsta celler gör att "
            "inlämningen inte kan sammanställas.",
        ),
    ]


def _when_done(svar_senast: dt.date | None) -> list[tuple[str, str]]:
    return [
        ("rubrik", "När du är klar"),
        (
            "text",
            "Spara arbetsboken (som Excel-arbetsbok, .xlsx) och skicka tillbaka den till ekonomen"
            + (f" senast {svar_senast.isoformat()}" if svar_senast else "")
            + ". Ekonomen kontrollerar alla "
            "enheters arbetsböcker med Prognos och för in era prognoser i nämndens sammanställning.",
        ),
    ]


def write(ws, rows: list[tuple[str, str]]) -> None:
    ws.column_dimensions["A"].width = 100
    ws.sheet_view.showGridLines = False
    for r, (kind, text) in enumerate(rows, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind == "titel":
            cell.font = Font(name="Calibri", bold=True, size=14)
        elif kind == "rubrik":
            cell.font = Font(name="Calibri", bold=True, size=12)
        else:
            ws.row_dimensions[r].height = 15 * max(1, -(-len(text) // 105)) + 3
