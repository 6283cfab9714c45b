"""What the economist reads is Swedish: numbers with a decimal comma and spaces, never
"1e+06"; counts agree with their noun ("1 fil", "2 filer"); one term for millions (mnkr)."""

from __future__ import annotations

from workbook_factory import minimal_rows, write_workbook

from udfs.language.counts import count_text, seconds_text
from udfs.language.number_format import format_as_typed as shown
from validation.forecast_tables.inputs import read_inputs
from workbooks.books.xlsx_book import XlsxBook


def test_numbers_in_messages():
    assert shown(1_000_000.0) == "1\u00a0000\u00a0000"
    assert shown(0.005) == "0,005" and shown(-1234.5) == "\u22121\u00a0234,5" and "e" not in shown(1e-07)
    assert seconds_text(0.06) == "0,1 s" and seconds_text(1.0) == "1 s" and seconds_text(2.04) == "2 s"
    assert count_text(1, "fil", "filer") == "1 fil" and count_text(0, "fil", "filer") == "0 filer"
    assert count_text(2, "arbetsbok", "arbetsböcker") == "2 arbetsböcker"


def test_a_wrong_sign_of_a_million_is_written_out(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][3][2] = 1_000_000.0  # Vuxna / Kostnader typed without minus
    path = write_workbook(tmp_path / "tecken.xlsx", tables)
    _inputs, findings = read_inputs(XlsxBook(path), path.name)
    message = next(f.meddelande for f in findings if f.regel == "fel_tecken")
    assert "1\u00a0000\u00a0000" in message and "e+" not in message and "1000000.0" not in message


ENGLISH = (
    "Usage",
    "Try '",
    "for help",
    "No such command",
    "Missing argument",
    "Missing option",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "Error:",
    "[required]",
    "[default",
    "<path>",
    "<str>",
)


def test_the_command_line_speaks_swedish_in_its_own_words(capsys):
    """typer's and click's own words (usage, section titles, errors) are Swedish too."""
    from addin.commands.cli import main

    runs = {
        ("--help",): 0,
        ("rapport", "--help"): 0,
        ("validera", "--help"): 0,
        ("rapprt",): 2,
        ("rapport",): 2,
        ("rapport", "in.xlsx"): 2,
        ("rapport", "--nej"): 2,
        ("mall", "ut.xlsx", "--ar", "abc"): 2,
    }
    said = {}
    for args, code in runs.items():
        assert main(list(args)) == code, args
        out = capsys.readouterr()
        said[args] = out.out + out.err
    for args, text in said.items():
        assert not [w for w in ENGLISH if w in text], (args, [w for w in ENGLISH if w in text])
    assert "Användning: prognos rapport [FLAGGOR]" in said[("rapport", "--help")]
    assert "Flaggor:" in said[("--help",)] and "Kommandon:" in said[("--help",)]
    assert "Kommandot 'rapprt' finns inte." in said[("rapprt",)]
    assert "Skriv 'prognos --help' för hjälp." in said[("rapprt",)]
    assert "Argumentet 'indata' saknas." in said[("rapport",)]
    assert "Flaggan '-o' / '--ut' saknas." in said[("rapport", "in.xlsx")]
    assert "Flaggan --nej finns inte." in said[("rapport", "--nej")]
    assert "ange ett heltal" in said[("mall", "ut.xlsx", "--ar", "abc")]
