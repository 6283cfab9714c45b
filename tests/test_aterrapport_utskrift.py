"""The grant forms as printed on a server with an English locale: Swedish numbers, no tool
messages on the form, field 3a and a signature block; deadlines counted from the workbook's
own Rapportdatum."""

from __future__ import annotations

import re

from pdf_hjalp import pages, tool_phrases
from test_aterrapport_exempel import GRANT_EXAMPLE

from addin.ribbon.grants import run_aterrapport


def test_forms_print_swedish_numbers_under_an_english_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    result = run_aterrapport(GRANT_EXAMPLE, tmp_path / "ut.xlsx", tmp_path / "pdf")
    assert result.idag.isoformat() == "2023-01-17"  # the example's Rapportdatum, not the real date
    texts = {}
    for pdf in result.pdfer:
        (text,) = pages(pdf)  # one A4 page per grant
        texts[pdf.name] = text
    joined = "\n".join(texts.values())
    assert re.search(r"1\. Mottaget statsbidrag\s+1 455 042", joined)
    assert "1,455,042" not in joined and "325,000" not in joined
    assert "Statsbidrag!" not in joined and "Bidragskostnader!" not in joined and "Prognos räknar" not in joined
    assert "passerad" not in joined and "dagar kvar" not in joined
    for text in texts.values():
        for label in ("Ort och datum", "Underskrift", "Namnförtydligande", "Befattning"):
            assert label in text
    bostad = texts["aterrapportering_bostad_forst_2022.pdf"]
    assert "3a. Orsak till kvarstående medel" in bostad and "227 076" in bostad
    for text in texts.values():  # the form is the agency's: no status, count or tool name of ours
        assert tool_phrases(text) == [], tool_phrases(text)
    vald = texts["aterrapportering_kvalitetsutveckling_vald_i_nara_relationer_2022.pdf"]
    assert "3a." not in vald  # nothing left: no field 3a
