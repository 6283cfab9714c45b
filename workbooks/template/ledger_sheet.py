"""The template's ledger sheet (issue 10): how to paste the financial system's export as it
is, with the export's header row below the instructions (the reader finds it there)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from workbooks.books import palette

HUVUDBOK_BLAD = "Huvudbok"
HUVUDBOK_RUBRIKER = ("Ansvar", "Verksamhet", "Konto", "Period", "Belopp", "Projekt", "Motpart", "Text")
HUVUDBOK_TEXT: tuple[str, ...] = (
    "Har du utfallet (eller budgeten) som en export ur ekonomisystemet, en rad per ansvar, konto och period, "
    "läser Prognos den som den är. Så här gör du:",
    "1. Ta bort bladet Utfall (eller Budget) och döp om det här bladet till Utfall (eller Budget). "
    "2. Klistra in exporten med sin egen rubrikrad i stället för rubrikraden nedan; titelrader och "
    "anteckningar ovanför rubriken gör inget, och summarader (Totalt) räknas inte.",
    "Kolumner: Ansvar, Konto (Kommun-Bas) och Belopp krävs, och Period (202304, 2023-04, apr 2023 eller ett "
    "datum) eller År och Månad. Verksamhet, Projekt, Motpart och Text får finnas; andra kolumner får stå kvar.",
    "3. Fyll i tabellen Kodplan: vilket verksamhetsområde varje ansvarskod hör till (en kod 4110, ett intervall "
    "4100-4199 eller ett prefix 41*). En kod som saknas i Kodplan blir ett fel med sitt belopp.",
    "4. I Inställningar: hur exporten är tecknad (debet/kredit: Kostnader positiva och Intäkter negativa) och "
    "vilken enhet den har (Huvudbok i, normalt kr).",
    "Konton: klass 3 intäkter, 4–7 kostnader, 8 finansiella poster (redovisas för sig, ingår inte i "
    "verksamhetens netto), 0–2 balanskonton (tas inte med). Tabellen Kontoplan ändrar enskilda konton. "
    "Bladet Avstämning visar efter uppdateringen att huvudboken stämmer på kronan och vad varje kod blev.",
)


def write_ledger_sheet(ws: Worksheet) -> None:
    """Instructions in rows 1–7 (merged across the table) and the ledger header in row 8."""
    width = len(HUVUDBOK_RUBRIKER)
    ws.cell(row=1, column=1, value="Huvudbok: klistra in ekonomisystemets export").font = Font(
        name="Calibri", bold=True, size=14
    )
    for row, text in enumerate(HUVUDBOK_TEXT, start=2):
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.row_dimensions[row].height = 15 * max(1, len(text) // 110 + 1) + 3
    header = 2 + len(HUVUDBOK_TEXT)
    for col, name in enumerate(HUVUDBOK_RUBRIKER, start=1):
        cell = ws.cell(row=header, column=col, value=name)
        cell.font = Font(name="Calibri", bold=True, color=palette.WHITE)
        cell.fill = PatternFill("solid", fgColor=palette.TEMPLATE_BLUE)
        ws.column_dimensions[chr(64 + col)].width = 30 if name == "Text" else 14
    ws.freeze_panes = f"A{header + 1}"
