"""The names of the sheets Prognos owns (derived sheets), declared once.

A derived sheet is written whole by a refresh (or by ``aterrapport``) and never read as input.
Each sheet's module imports its name from here; ``DERIVED_SHEETS`` is the one list every reader
and writer consults (``tests/test_one_of_each.py`` checks that every sheet a refresh writes is
in it and that no module spells a derived sheet's name itself).
"""

from __future__ import annotations

SAMMANFATTNING = "Sammanfattning"
RAPPORT = "Rapport"
AVVIKELSE = "Avvikelse"
METODVAL = "Metodval"
VOLYMANALYS = "Volymanalys"
PROGNOSSAKERHET = "Prognossäkerhet"
DIAGRAM = "Diagram"
ATERRAPPORTERING = "Återrapportering"
VALIDERINGSFEL = "Valideringsfel"
AVSTAMNING = "Avstämning"  # the ledger's reconciliation and interpretation

# The rest of the economic section, one sheet per section (udfs.section.sections.Section.sheet).
INVESTERINGSREDOVISNING = "Investeringsredovisning"
INTAKTER_OCH_KOSTNADER = "Intäkter och kostnader"
PROGNOSFORANDRING = "Prognosförändring"
FORKLARINGSPOSTER = "Förklaringsposter"
BIDRAG_OCH_ERSATTNINGAR = "Bidrag och ersättningar"
HANDLINGSPLAN = "Handlingsplan"  # the action plan (Åtgärder)
REPORT_SHEETS = (
    INVESTERINGSREDOVISNING,
    INTAKTER_OCH_KOSTNADER,
    PROGNOSFORANDRING,
    FORKLARINGSPOSTER,
    HANDLINGSPLAN,
    BIDRAG_OCH_ERSATTNINGAR,
)

# Sheets the add-in owns and rewrites whole on every run; never read as input.
DERIVED_SHEETS = (
    SAMMANFATTNING,
    RAPPORT,
    AVVIKELSE,
    METODVAL,
    VOLYMANALYS,
    PROGNOSSAKERHET,
    DIAGRAM,
    ATERRAPPORTERING,
    VALIDERINGSFEL,
    *REPORT_SHEETS,
    AVSTAMNING,
)
