"""The rows of Inställningar (read by ``validation/settings.py``): the template's rows, which the
refresh reads into ``validation.models.Settings``, and the optional rows one feature reads each.
"""

from __future__ import annotations

from validation.table_spec import Setting

# The settings the refresh reads into ``validation.models.Settings``, in template order.
SETTINGS_ROWS = {
    "namnd": Setting(
        "Nämnd",
        ("namnd", "namnden", "styrelse"),
        True,
        "Nämndens namn, t.ex. Socialnämnden. Visas i rubriker och texter.",
    ),
    "ar": Setting(
        "År", ("ar", "budgetar", "prognosar"), True, "Budgetåret som prognosen gäller (fyra siffror, t.ex. 2024)."
    ),
    "period": Setting(
        "Period",
        ("period", "senaste manad", "stangd manad", "manad"),
        True,
        "Senast stängda månad, 1–12 (t.ex. 4 = utfall till och med april). "
        "Utfall efter denna månad räknas inte in i perioden.",
    ),
    "enhet": Setting(
        "Enhet",
        ("enhet", "belopp i"),
        False,
        "Enhet för alla belopp i Budget, Utfall, Prognos och Volymer: kr, tkr eller mnkr. "
        "Statsbidrag och bidragskostnader anges alltid i hela kronor.",
    ),
    "balansgrans": Setting(
        "Balansgräns",
        ("balansgrans", "grans budget i balans"),
        False,
        'Avgör när texterna säger "budget i balans": är avvikelsen för nämnden eller ett '
        "verksamhetsområde högst denna andel av dess budget (0,5 %: högst 0,5 % av budgeten) står "
        "det budget i balans i stället för ett överskott eller underskott med belopp, och området "
        "nämns inte bland dem med underskott eller överskott. Förval 0,5 %.",
    ),
    # The sign convention as explicit data: "negativa" (default, as the committee papers) or
    # "positiva" for ledgers that export costs as positive amounts.
    "kostnader": Setting(
        "Kostnader",
        ("kostnader som", "teckenkonvention", "kostnadstecken", "tecken kostnader"),
        False,
        "Hur kostnader skrivs i Budget, Utfall och Prognos: negativa (med minustecken, som i "
        "nämndens rapporter: intäkter +, kostnader −) eller positiva (utan minustecken, som "
        "många ekonomisystem exporterar). Rapporterna visar alltid kostnader med minustecken.",
    ),
    # Its twin (issue 10): "positiva" (default) or "negativa" for debit/credit ledger exports.
    "intakter": Setting(
        "Intäkter",
        ("intakter som", "intaktstecken", "tecken intakter"),
        False,
        "Hur intäkter skrivs: positiva (som i nämndens rapporter) eller negativa (som en "
        "debet/kredit-export ur ekonomisystemet). Rapporterna visar alltid intäkter som "
        "positiva belopp.",
    ),
    # The unit of a ledger-shaped Budget/Utfall (kr default, as financial systems export).
    "huvudbok_enhet": Setting(
        "Huvudbok i",
        ("enhet huvudbok", "huvudboksenhet", "belopp i huvudbok", "huvudbok enhet"),
        False,
        "Enhet för Budget och Utfall när de är en export ur ekonomisystemet (bladet "
        "Huvudbok): kr (normalt), tkr eller mnkr. Prognos räknar om till Enhet.",
    ),
    "vasentlighetsgrans": Setting(
        "Väsentlighetsgräns",
        ("vasentlighetsgrans", "vasentlighet", "grans for kommentar", "kommentarsgrans"),
        False,
        "Avgör vilka belopp texterna nämner (i Enhet): en avvikelse, en förändring mot "
        "föregående prognos eller år eller en oförklarad rest under gränsen står "
        'som "i samma '
        'storleksordning" i stället för med belopp, och ett område under gränsen nämns inte '
        "bland dem med underskott, överskott eller störst förändring. Tom: 0,5 "
        "miljoner kronor.",
    ),
    "rapport": Setting(
        "Rapport",
        ("rapport", "rapportens namn", "rapportnamn"),
        False,
        "Rapportens namn som det står i sidhuvud och rubrik, t.ex. Delårsrapport 1 2023. Tom: "
        '"Uppföljning januari–april 2023" (efter År och Period).',
    ),
    "rapportdatum": Setting(
        "Rapportdatum",
        ("rapportdatum", "datum for rapporten", "rapportens datum"),
        False,
        "Rapportens datum (ÅÅÅÅ-MM-DD) i sidhuvudet och för påminnelser om sista dag. Tom: "
        "dagens datum. Ett datum som inte går att läsa ger en varning.",
    ),
}
# Optional rows read by one feature each (not in the template).
EXTRA_SETTINGS = {
    # A round's master: Ja approves every returned file without errors that has no decision (issue 22).
    "godkann_automatiskt": Setting(
        "Godkänn automatiskt", ("godkann automatiskt", "automatiskt godkannande", "godkann felfria")
    ),
    "volymsprang": Setting("Volymsprång", ("volymsprang", "volymsprang faktor", "max volymforandring")),
    "mal_prognossakerhet": Setting("Mål prognossäkerhet", ("mal prognossakerhet", "prognossakerhet", "mal prognosfel")),
    "omgang": Setting("Omgång", ()),  # written by prognos utskick
    "svar_senast": Setting("Svar senast", ()),  # written by prognos utskick
    # The unit a returned workbook comes from (prognos utskick writes Verksamhetsområde).
    "enhet_namn": Setting(
        "Verksamhetsområde", ("verksamhetsomrade", "enhetens namn", "enhetsnamn", "avsandare", "inlamnande enhet")
    ),
    "diarienummer": Setting("Diarienummer", ("diarienummer", "dnr", "arendenummer", "diarienr")),
    # The previous round's name, for "jämfört med prognosen i mars" (issue 20; else from Prognoshistorik).
    "foregaende_omgang": Setting(
        "Föregående omgång",
        ("foregaende omgang", "foregaende prognosomgang", "forra omgangen", "foregaende prognos fran"),
    ),
}
