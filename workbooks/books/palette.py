"""The look of every sheet, document and chart Prognos writes, declared once: the colours (RGB
hex, no "#") and the Excel table style.

Excel's own "Good / Neutral / Bad" cell styles give the status colours, so a status reads the
same in Prognos' sheets as in the user's own.
"""

from __future__ import annotations

from openpyxl.styles import Font

# Tabs, chart series and headings
DARK_BLUE = "1F4E78"  # the committee's sheets, the first chart series
MID_BLUE = "2F75B5"  # the ledger's reconciliation
TEMPLATE_BLUE = "4472C4"  # the template's header row
DARK_GREEN = "375623"  # the grant forms
GREEN = "548235"  # a favourable effect in a chart
RED = "C00000"  # an unfavourable effect; the tab of Valideringsfel when it has errors
ORANGE = "ED7D31"
GREY = "A5A5A5"

# Fills
HEADER_FILL = "D9E1F2"  # a table's header in the paper
LIGHT_BLUE_FILL = "DDEBF7"  # a header on the grant form and the reconciliation
GROUP_FILL = "F2F2F2"  # an area's heading row in the paper
INPUT_FILL = "FFF2CC"  # a cell the unit fills in
FORMULA_FILL = "EAF1FB"  # a live formula beside the unit's inputs
FORMULA_TEXT = "1F3864"  # its figures
GOOD_FILL = "C6EFCE"  # status OK / Klar
NEUTRAL_FILL = "FFEB9C"  # a warning; money left to repay
BAD_FILL = "FFC7CE"  # an error; a negative deviation

# Text and lines
BAD_TEXT = "9C0006"  # a negative deviation's figure
LINK = "0563C1"
BORDER = "808080"
BLACK = "000000"
WHITE = "FFFFFF"

# The built-in Excel table style of every table Prognos writes (template, unit workbooks).
TABLE_STYLE = "TableStyleMedium2"

# A header cell written with openpyxl. Named: LibreOffice prints an unnamed font as serif.
HEADER_FONT = Font(name="Calibri", bold=True)
