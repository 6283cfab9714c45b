"""The unit's own workbook of a forecast round: its sheets, live formulas and instructions."""
