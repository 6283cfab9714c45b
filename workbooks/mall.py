"""The empty template workbook written by ``prognos mall UT.xlsx``.

The workbook follows the workbook contract in PRODUCT.md: one sheet per input
table, each holding a real Excel Table (ListObject) with the contract's name,
the required columns first and then the optional ones, drop-downs on the
columns with a closed set of values, number formats on amount and date columns,
and a first sheet "Instruktioner" that explains it all in Swedish.

Everything the user sees is Swedish; the code is English.
"""

from __future__ import annotations

import datetime as _dt
import math
import pathlib
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "DATARADER",
    "MALLTABELLER",
    "MANADER",
    "TABELLSTIL",
    "MallTabell",
    "skapa_mall",
]

#: Number of empty data rows each data table covers, so drop-downs and number
#: formats are in place where the user starts typing.
DATARADER = 200

TABELLSTIL = "TableStyleMedium2"

BELOPPSFORMAT = "#,##0"
DATUMFORMAT = "yyyy-mm-dd"
PROCENTFORMAT = "0.0%"

MANADER = ("Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec")

TYPER = ("Intäkter", "Kostnader")
METODER = ("Linjär", "Säsong", "Budgetprofil", "Volym", "Manuell")
ENHETER = ("kr", "tkr", "mnkr")
STYCKKOSTNAD_PER = ("år", "månad")


@dataclass(frozen=True)
class MallTabell:
    """One input table of the contract, as laid out in the template."""

    blad: str  # sheet name
    namn: str  # Excel Table displayName
    obligatoriska: tuple[str, ...]  # required columns
    valfria: tuple[str, ...] = ()  # optional columns
    belopp: tuple[str, ...] = ()  # columns formatted as amounts
    datum: tuple[str, ...] = ()  # columns formatted as dates
    breda: dict[str, float] = field(default_factory=dict)  # extra-wide columns

    @property
    def kolumner(self) -> tuple[str, ...]:
        return self.obligatoriska + self.valfria


INSTALLNINGAR = MallTabell(
    blad="Inställningar",
    namn="Installningar",
    obligatoriska=("Parameter", "Värde"),
    valfria=("Förklaring",),
    breda={"Förklaring": 80},
)

#: The data tables, in sheet order. Budget and Utfall put the optional
#: ``Verksamhet`` next to ``Verksamhetsområde`` where it reads naturally.
MALLTABELLER: tuple[MallTabell, ...] = (
    MallTabell(
        blad="Budget",
        namn="Budget",
        obligatoriska=("Verksamhetsområde", "Verksamhet", "Typ", "Budget"),
        valfria=MANADER,
        belopp=("Budget",) + MANADER,
    ),
    MallTabell(
        blad="Utfall",
        namn="Utfall",
        obligatoriska=("Verksamhetsområde", "Verksamhet", "Typ", "År", "Månad", "Belopp"),
        belopp=("Belopp",),
    ),
    MallTabell(
        blad="Prognos",
        namn="Prognos",
        obligatoriska=("Verksamhetsområde", "Typ"),
        valfria=("Metod", "Manuell prognos", "Föregående prognos", "Kommentar"),
        belopp=("Manuell prognos", "Föregående prognos"),
        breda={"Kommentar": 60},
    ),
    MallTabell(
        blad="Volymer",
        namn="Volymer",
        obligatoriska=(
            "Verksamhetsområde",
            "Volymmått",
            "Enhet",
            "Budget volym",
            "Budget styckkostnad",
        ),
        valfria=(
            "Styckkostnad per",
            "Utfall volym",
            "Utfall styckkostnad",
            "Prognos volym",
            "Prognos styckkostnad",
            "Styckkostnad i",
            "Utfall volym fg år",
            "Del av",
        ),
        belopp=("Budget styckkostnad", "Utfall styckkostnad", "Prognos styckkostnad"),
        breda={"Volymmått": 40, "Del av": 40},
    ),
    MallTabell(
        blad="Prognoshistorik",
        namn="Prognoshistorik",
        obligatoriska=("Verksamhetsområde", "Omgång", "Prognos"),
        valfria=("År", "Typ", "Budget"),
        belopp=("Prognos", "Budget"),
    ),
    MallTabell(
        blad="Statsbidrag",
        namn="Statsbidrag",
        obligatoriska=("Bidrag", "Myndighet", "Mottaget", "Period från", "Period till"),
        valfria=(
            "Diarienummer",
            "Myndighetens dnr",
            "Verksamhetsområde",
            "Återrapportering senast",
            "Kostnadskategorier",
            "Anonymisera antal",
            "Inlämnad",
            "Kommentar",
        ),
        belopp=("Mottaget",),
        datum=("Period från", "Period till", "Återrapportering senast", "Inlämnad"),
        breda={"Bidrag": 30, "Kostnadskategorier": 50},
    ),
    MallTabell(
        blad="Bidragskostnader",
        namn="Bidragskostnader",
        obligatoriska=("Bidrag", "Belopp"),
        valfria=("Kategori", "Aktivitet", "Datum", "Kommentar", "Antal"),
        belopp=("Belopp",),
        datum=("Datum",),
        breda={"Bidrag": 30, "Kategori": 40, "Aktivitet": 40, "Kommentar": 60},
    ),
)

#: Rows of the settings table: parameter, explanation. The value is set in
#: ``_skriv_installningar`` (the year depends on the call).
INSTALLNINGSRADER: tuple[tuple[str, str], ...] = (
    ("Nämnd", "Nämndens namn, t.ex. Socialnämnden. Visas i rubriker och texter."),
    ("År", "Budgetåret som prognosen gäller (fyra siffror, t.ex. 2024)."),
    (
        "Period",
        "Senast stängda månad, 1–12 (t.ex. 4 = utfall till och med april). "
        "Utfall efter denna månad räknas inte in i perioden.",
    ),
    (
        "Enhet",
        "Enhet för alla belopp i Budget, Utfall, Prognos och Volymer: kr, tkr eller mnkr. "
        "Statsbidrag och bidragskostnader anges alltid i hela kronor.",
    ),
    (
        "Balansgräns",
        "Andel av budget under vilken avvikelsen räknas som budget i balans "
        "(0,5 % betyder att en avvikelse mindre än 0,5 % av budgeten beskrivs som "
        "\"budget i balans\").",
    ),
    (
        "Kostnader",
        "Hur kostnader skrivs i Budget, Utfall och Prognos: negativa (med minustecken, som i "
        "nämndens rapporter: intäkter +, kostnader −) eller positiva (utan minustecken, som "
        "många ekonomisystem exporterar). Rapporterna visar alltid kostnader med minustecken.",
    ),
)

INSTRUKTIONER: tuple[tuple[str, str], ...] = (
    # (kind, text); kind is "titel", "rubrik" or "text".
    ("titel", "Prognos – mall för budget, utfall, prognos, volymer och statsbidrag"),
    (
        "text",
        "Den här arbetsboken är indata till Prognos. Fyll i tabellerna på bladen nedan. "
        "Prognos läser tabellerna, kontrollerar dem, räknar fram helårsprognoser och "
        "avvikelser och skriver resultatet på egna blad. Det du har skrivit in ändras aldrig.",
    ),
    (
        "text",
        "Alla tabeller är Excel-tabeller: skriv på första tomma raden så växer tabellen. "
        "Kolumnerna hittas på rubriken, så du får ändra ordning och lägga till egna kolumner; "
        "ändra inte rubrikerna eller tabellernas namn. Listrutor visar tillåtna värden.",
    ),
    (
        "text",
        "Tecken: intäkter anges som positiva belopp och kostnader som negativa belopp "
        "(netto = intäkter + kostnader). Belopp i Budget, Utfall, Prognos och Volymer anges i "
        "den enhet som står under Enhet på bladet Inställningar (kr, tkr eller mnkr). "
        "Statsbidrag och bidragskostnader anges alltid i hela kronor.",
    ),
    ("rubrik", "Inställningar"),
    (
        "text",
        "Nämnd, År (budgetåret), Period (senast stängda månad, 1–12), Enhet (kr, tkr eller mnkr) "
        "och Balansgräns (andel av budget under vilken avvikelsen räknas som budget i balans, "
        "normalt 0,5 %). Ändra bara kolumnen Värde.",
    ),
    ("rubrik", "Budget"),
    (
        "text",
        "En rad per verksamhetsområde och typ (Intäkter eller Kostnader) med budget för helår. "
        "Verksamhet är frivillig och används för en finare nivå. Kolumnerna Jan–Dec är "
        "frivilliga och anger periodiserad budget; fylls de i måste de summera till Budget. "
        "Utan periodisering räknas budget för perioden som tolftedelar.",
    ),
    ("rubrik", "Utfall"),
    (
        "text",
        "Utfall från ekonomisystemet, en rad per verksamhetsområde, typ, år och månad (1–12) "
        "med beloppet för månaden. Ta med föregående år för jämförelse och säsongsprognos. "
        "Utfall kan också anges brett, med År och en kolumn per månad Jan–Dec.",
    ),
    ("rubrik", "Prognos"),
    (
        "text",
        "En rad per verksamhetsområde och typ. Metod väljer hur helårsprognosen räknas: "
        "Linjär (utfall hittills / månader × 12), Säsong (som föregående års fördelning), "
        "Budgetprofil (utfall hittills + återstående budget), Volym (volym × styckkostnad) "
        "eller Manuell. Föregående prognos används för att visa prognosförändringen och "
        "Kommentar följer med till avvikelsetabellen.",
    ),
    (
        "text",
        "Manuell prognos vinner alltid: ett ifyllt belopp i Manuell prognos används oavsett "
        "metod och skrivs aldrig över av Prognos. Detsamma gäller kommentarer och allt annat "
        "du har skrivit in.",
    ),
    ("rubrik", "Volymer"),
    (
        "text",
        "En rad per verksamhetsområde och volymmått (t.ex. årsplatser HVB, hushåll med "
        "ekonomiskt bistånd) med Enhet för volymen, budgeterad volym och styckkostnad. "
        "Styckkostnad per anger om styckkostnaden gäller per år eller per månad. Utfall och "
        "prognos för volym och styckkostnad är frivilliga och ger analys av volym- och "
        "priseffekt. Styckkostnad i anger om styckkostnaderna är i kr, tkr eller mnkr (tom = "
        "samma som Enhet). Utfall volym fg år används för att varna för stora förändringar "
        "(gränsen Volymsprång i Inställningar, förval 2). Del av anger att raden är en del av "
        "en annan rad i samma område (t.ex. SiS och HVB av LVU-placeringar); delarna måste "
        "summera till helheten. Platshållare som - eller Anges vid årsbokslut räknas som "
        "saknade värden, aldrig som noll. Metoden Volym i Prognos räknar kostnadsprognosen "
        "från volymerna.",
    ),
    ("rubrik", "Prognoshistorik"),
    (
        "text",
        "En rad per prognosomgång och verksamhetsområde: Omgång (t.ex. mars, delår 1, oktober, "
        "delår 2) och helårsprognosen. Frivilligt: År (tom = året i Inställningar), Typ "
        "(Intäkter, Kostnader eller Netto, tom = Netto) och Budget (behövs för tidigare år). "
        "När årets utfall finns visar bladet Prognossäkerhet hur långt varje prognos låg från "
        "utfallet, i belopp och i procent av budget, mot målet Mål prognossäkerhet i "
        "Inställningar (förval 1 %).",
    ),
    ("rubrik", "Statsbidrag"),
    (
        "text",
        "En rad per statsbidrag: bidragets namn, myndighet, mottaget belopp i hela kronor och "
        "bidragsperioden (Period från, Period till, som datum ÅÅÅÅ-MM-DD). Frivilligt: "
        "kommunens och myndighetens diarienummer, verksamhetsområde, sista dag för "
        "återrapportering, myndighetens kostnadskategorier (åtskilda med semikolon), om antal "
        "ska anonymiseras (Ja/Nej), datumet då återrapporteringen lämnades in (Inlämnad; då "
        "upphör påminnelserna om sista dag) och en kommentar till återrapporteringen (högst 1 000 tecken).",
    ),
    ("rubrik", "Bidragskostnader"),
    (
        "text",
        "En rad per kostnad som belastar ett statsbidrag: Bidrag (samma namn som på bladet "
        "Statsbidrag) och Belopp i hela kronor. Frivilligt: kategori, aktivitet, datum, "
        "kommentar och antal (personer, deltagare). Summan av kostnaderna får inte överstiga mottaget belopp; det som inte "
        "har använts ska betalas tillbaka.",
    ),
    ("rubrik", "Blad som Prognos skriver"),
    (
        "text",
        "Bladen Avvikelse, Sammanfattning, Metodval, Volymanalys, Prognossäkerhet, Diagram, "
        "Återrapportering och Valideringsfel skrivs av Prognos och skrivs om helt vid varje uppdatering. Skriv "
        "inte i dem: ändringar där försvinner nästa gång. Valideringsfel listar varje problem "
        "med blad, cell och en länk till cellen.",
    ),
    ("rubrik", "Så kör du Prognos"),
    (
        "text",
        "I Excel: fliken Prognos i menyfliksområdet, knappen för att uppdatera. "
        "Från kommandoraden: prognos uppdatera arbetsbok.xlsx -o resultat.xlsx "
        "(indatafilen ändras aldrig; resultatet hamnar i resultat.xlsx). "
        "En ny tom mall skapas med: prognos mall mall.xlsx",
    ),
)


# --------------------------------------------------------------------------- helpers


def _header_width(text: str, minimum: float = 10.0) -> float:
    # Room for the header text in bold plus the table's filter button.
    return max(minimum, round(len(text) * 1.15 + 4, 1))


def _style_header(
    ws: Worksheet,
    kolumner: tuple[str, ...],
    breda: dict[str, float],
    minsta: dict[str, float] | None = None,
) -> None:
    minsta = minsta or {}
    for idx, namn in enumerate(kolumner, start=1):
        cell = ws.cell(row=1, column=idx, value=namn)
        cell.font = Font(name="Calibri", size=11, bold=True)
        bredd = max(_header_width(namn), breda.get(namn, 0), minsta.get(namn, 0))
        ws.column_dimensions[get_column_letter(idx)].width = bredd
    ws.freeze_panes = "A2"


def _add_table(ws: Worksheet, namn: str, n_kolumner: int, sista_rad: int) -> Table:
    ref = f"A1:{get_column_letter(n_kolumner)}{sista_rad}"
    tabell = Table(displayName=namn, name=namn, ref=ref)
    tabell.tableStyleInfo = TableStyleInfo(
        name=TABELLSTIL,
        showFirstColumn=False,
        showLastColumn=False,
        showRowStripes=True,
        showColumnStripes=False,
    )
    ws.add_table(tabell)
    return tabell


def _list_validation(
    varden: tuple[str, ...], titel: str, fel: str, uppmaning: str
) -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(varden) + '"',
        allow_blank=True,
        showDropDown=False,  # False means: do show the in-cell arrow (OOXML quirk)
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=titel,
        error=fel,
        showInputMessage=True,
        promptTitle=titel,
        prompt=uppmaning,
    )


def _whole_validation(
    lagst: int, hogst: int, titel: str, fel: str, uppmaning: str
) -> DataValidation:
    return DataValidation(
        type="whole",
        operator="between",
        formula1=str(lagst),
        formula2=str(hogst),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=titel,
        error=fel,
        showInputMessage=True,
        promptTitle=titel,
        prompt=uppmaning,
    )


def _typ_validation() -> DataValidation:
    return _list_validation(
        TYPER,
        "Typ",
        "Typ måste vara Intäkter eller Kostnader.",
        "Välj Intäkter eller Kostnader.",
    )


def _manad_validation() -> DataValidation:
    return _whole_validation(
        1, 12, "Månad", "Månad måste vara ett heltal 1–12.", "Månadens nummer, 1–12."
    )


def _ar_validation() -> DataValidation:
    return _whole_validation(
        1900, 2999, "År", "År måste vara ett årtal med fyra siffror.", "Årtal, t.ex. 2024."
    )


def _validations_for(tabell: MallTabell) -> dict[str, DataValidation]:
    """Column name -> validation for the data rows of one data table."""
    dv: dict[str, DataValidation] = {}
    if "Typ" in tabell.kolumner and tabell.namn == "Prognoshistorik":
        dv["Typ"] = _list_validation(
            TYPER + ("Netto",),
            "Typ",
            "Typ måste vara Intäkter, Kostnader eller Netto.",
            "Välj Intäkter, Kostnader eller Netto (tom = Netto).",
        )
    elif "Typ" in tabell.kolumner:
        dv["Typ"] = _typ_validation()
    if "Månad" in tabell.kolumner:
        dv["Månad"] = _manad_validation()
    if "År" in tabell.kolumner:
        dv["År"] = _ar_validation()
    if "Metod" in tabell.kolumner:
        dv["Metod"] = _list_validation(
            METODER,
            "Metod",
            "Metod måste vara Linjär, Säsong, Budgetprofil, Volym eller Manuell.",
            "Välj prognosmetod. Ett belopp i Manuell prognos gäller alltid.",
        )
    if "Styckkostnad per" in tabell.kolumner:
        dv["Styckkostnad per"] = _list_validation(
            STYCKKOSTNAD_PER,
            "Styckkostnad per",
            "Styckkostnad per måste vara år eller månad.",
            "Gäller styckkostnaden per år eller per månad?",
        )
    if "Styckkostnad i" in tabell.kolumner:
        dv["Styckkostnad i"] = _list_validation(
            ENHETER,
            "Styckkostnad i",
            "Styckkostnad i måste vara kr, tkr eller mnkr.",
            "Valutaenhet för styckkostnaderna (tom = samma som Enhet i Inställningar).",
        )
    return dv


# --------------------------------------------------------------------------- sheets


def _skriv_instruktioner(ws: Worksheet) -> None:
    bredd = 90
    ws.column_dimensions["A"].width = bredd
    ws.sheet_view.showGridLines = False
    # Print on the page width, as many pages down as needed.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    rad = 1
    for typ, text in INSTRUKTIONER:
        if typ == "rubrik" and rad > 1:
            rad += 1  # blank line before each heading
        cell = ws.cell(row=rad, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if typ == "titel":
            cell.font = Font(name="Calibri", bold=True, size=14)
            ws.row_dimensions[rad].height = 24
        elif typ == "rubrik":
            cell.font = Font(name="Calibri", bold=True, size=12)
            ws.row_dimensions[rad].height = 18
        else:
            # Explicit height so wrapped text shows in full where the reader does
            # not auto-fit rows; generous estimate of the wrapped line count.
            rader = max(1, math.ceil(len(text) / (bredd * 1.05)))
            ws.row_dimensions[rad].height = 15 * rader + 3
        rad += 1


def _skriv_installningar(ws: Worksheet, ar: int) -> None:
    tabell = INSTALLNINGAR
    _style_header(ws, tabell.kolumner, tabell.breda)
    varden: dict[str, object] = {
        "Nämnd": None,
        "År": ar,
        "Period": None,
        "Enhet": "tkr",
        "Balansgräns": 0.005,
        "Kostnader": "negativa",
    }
    rad_for: dict[str, int] = {}
    for rad, (parameter, forklaring) in enumerate(INSTALLNINGSRADER, start=2):
        ws.cell(row=rad, column=1, value=parameter)
        ws.cell(row=rad, column=2, value=varden[parameter])
        cell = ws.cell(row=rad, column=3, value=forklaring)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        rad_for[parameter] = rad
    ws.cell(row=rad_for["År"], column=2).number_format = "0"
    ws.cell(row=rad_for["Period"], column=2).number_format = "0"
    ws.cell(row=rad_for["Balansgräns"], column=2).number_format = PROCENTFORMAT
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 14)

    dv_ar = _whole_validation(
        1900, 2999, "År", "År måste vara ett årtal med fyra siffror.", "Budgetåret, t.ex. 2024."
    )
    dv_period = _whole_validation(
        1,
        12,
        "Period",
        "Period måste vara ett heltal 1–12 (senast stängda månad).",
        "Senast stängda månad, 1–12.",
    )
    dv_enhet = _list_validation(
        ENHETER,
        "Enhet",
        "Enhet måste vara kr, tkr eller mnkr.",
        "Enhet för beloppen: kr, tkr eller mnkr.",
    )
    dv_grans = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="1",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Balansgräns",
        error="Balansgräns måste vara en andel mellan 0 % och 100 %, t.ex. 0,5 %.",
        showInputMessage=True,
        promptTitle="Balansgräns",
        prompt="Andel av budget, t.ex. 0,5 %.",
    )
    dv_kostnader = _list_validation(
        ("negativa", "positiva"),
        "Kostnader",
        "Skriv negativa eller positiva.",
        "Hur kostnader skrivs: negativa (med minustecken) eller positiva.",
    )
    for dv, parameter in (
        (dv_ar, "År"),
        (dv_period, "Period"),
        (dv_enhet, "Enhet"),
        (dv_grans, "Balansgräns"),
        (dv_kostnader, "Kostnader"),
    ):
        ws.add_data_validation(dv)
        dv.add(f"B{rad_for[parameter]}")

    _add_table(ws, tabell.namn, len(tabell.kolumner), 1 + len(INSTALLNINGSRADER))


def _skriv_datatabell(ws: Worksheet, tabell: MallTabell) -> None:
    kolumner = tabell.kolumner
    # Amounts and dates need room for their values, not only for the header.
    minsta = {namn: 14.0 for namn in tabell.belopp}
    minsta.update({namn: 12.0 for namn in tabell.datum})
    _style_header(ws, kolumner, tabell.breda, minsta)
    sista = 1 + DATARADER
    for idx, namn in enumerate(kolumner, start=1):
        if namn in tabell.belopp:
            fmt = BELOPPSFORMAT
        elif namn in tabell.datum:
            fmt = DATUMFORMAT
        else:
            continue
        for rad in range(2, sista + 1):
            ws.cell(row=rad, column=idx).number_format = fmt
    for namn, dv in _validations_for(tabell).items():
        bokstav = get_column_letter(kolumner.index(namn) + 1)
        ws.add_data_validation(dv)
        dv.add(f"{bokstav}2:{bokstav}{sista}")
    _add_table(ws, tabell.namn, len(kolumner), sista)


# --------------------------------------------------------------------------- public


def skapa_mall(ut: pathlib.Path, ar: int | None = None) -> pathlib.Path:
    """Write an empty Prognos template workbook to ``ut`` and return its path.

    ``ar`` is the budget year pre-filled in ``Installningar`` (default: the
    current year). Missing parent folders are created; an existing file is
    replaced.
    """
    ut = pathlib.Path(ut)
    if ar is None:
        ar = _dt.date.today().year

    wb = Workbook()
    instr = wb.active
    instr.title = "Instruktioner"
    _skriv_instruktioner(instr)

    _skriv_installningar(wb.create_sheet(INSTALLNINGAR.blad), int(ar))
    for tabell in MALLTABELLER:
        _skriv_datatabell(wb.create_sheet(tabell.blad), tabell)

    wb.active = 0
    wb.properties.creator = "Prognos"
    wb.properties.lastModifiedBy = "Prognos"
    wb.properties.title = "Prognos – mall"

    ut.parent.mkdir(parents=True, exist_ok=True)
    wb.save(ut)
    return ut


if __name__ == "__main__":  # pragma: no cover - convenience: python -m workbooks.mall UT.xlsx
    import sys

    print(skapa_mall(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "mall.xlsx")))
