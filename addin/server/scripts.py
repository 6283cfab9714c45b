"""What the ribbon scripts do, independent of the server that calls them.

``run_script(name, book, emit, *args)`` runs one script on a live ``xw.Book`` (Office.js
or COM): the macros of ``addin.ribbon.forecast`` (and the grant macro when it is installed)
through ``addin.ribbon.live_book.XlwingsBook``. Progress and a summary go to ``emit``
(socket.io in the server, nothing elsewhere); problems reach the user as an xlwings
alert in Swedish, never as a traceback.

Batch validation of submitted workbooks: the task pane uploads files to the server
(``addin/routers/custom.py``), ``validera_filer`` checks them, the router keeps the
findings in the upload store (``addin/server/uploads.py``: shared by every worker, bound to the
user) and the script ``validera_inskickade`` writes the report into the open workbook.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Callable

from addin.ribbon.forecast import Result, uppdatera_prognos, validate_all
from addin.ribbon.grants import aterrapportering
from addin.ribbon.live_book import XlwingsBook
from addin.ribbon.paper import skapa_rapport
from addin.ribbon.round import default_round_name, faststall_open_book, round_overview
from validation.findings import Finding, sort_key
from validation.raw_table import UnusableInput
from validation.round.settle import AlreadySettled
from workbooks.report.forecast_sheets import VALIDERINGSFEL, valideringsfel_sheet
from workbooks.report.paper_word import to_bytes
from workbooks.round.submissions import validate_batch
from workbooks.round_register.settle_book import MasterHasErrors

logger = logging.getLogger(__name__)

Emit = Callable[[str, dict[str, Any]], None]
MAX_FINDINGS_SHOWN = 50  # in the task pane; the sheet has them all


def _quiet(_event: str, _data: dict[str, Any]) -> None:
    return None


def _finding(f: Finding, book: str) -> dict[str, str]:
    """``fil`` only for another workbook's finding: the pane links the open book's to their cells."""
    return {
        "allvarlighet": f.allvarlighet,
        "blad": f.blad,
        "cell": f.cell,
        "meddelande": f.meddelande,
        "fil": "" if f.fil == book else f.fil,
    }


def _summary(script: str, findings: list[Finding], sheets: list[str], text: str, book: str = "") -> dict[str, Any]:
    """``book``: the open workbook's name (its findings link to their cells in the pane)."""
    ordered = sorted(findings, key=sort_key)
    return {
        "skript": script,
        "text": text,
        "blad": sheets,
        "fel": sum(1 for f in findings if f.is_error),
        "varningar": sum(1 for f in findings if not f.is_error),
        "fynd": [_finding(f, book) for f in ordered[:MAX_FINDINGS_SHOWN]],
    }


def _uppdatera(live: XlwingsBook, name: str) -> dict[str, Any]:
    result: Result = uppdatera_prognos(live, file=name, progress=live.progress)
    sheets = [s.name for s in result.sheets]
    if result.report is None:
        live.alert(
            f"Arbetsboken har {len(result.errors)} fel och inga beräkningar gjordes. "
            "Se bladet Valideringsfel: klicka på cellreferenserna för att gå till felen.",
            title="Prognos – valideringsfel",
            mode="critical",
        )
        return _summary("uppdatera_prognos", result.findings, sheets, "Valideringsfel: inga beräkningar gjordes.", name)
    text = f"Skrev {', '.join(sheets)}."
    if result.warnings:
        text += f" {len(result.warnings)} varningar finns på bladet Valideringsfel."
    return _summary("uppdatera_prognos", result.findings, sheets, text, name)


def _validera(live: XlwingsBook, name: str) -> dict[str, Any]:
    live.progress("Läser och validerar tabellerna")
    findings = validate_all(live, name)
    live.progress("Skriver bladet Valideringsfel")
    live.write_sheet(valideringsfel_sheet(findings))
    live.set_active(VALIDERINGSFEL)
    errors = sum(1 for f in findings if f.is_error)
    text = "Inga fel hittades." if errors == 0 else f"{errors} fel hittades: se bladet Valideringsfel."
    return _summary("validera", findings, [VALIDERINGSFEL], text, name)


def _aterrapportering(live: XlwingsBook, name: str) -> dict[str, Any]:
    live.progress("Läser statsbidragen och kostnaderna")
    result = aterrapportering(live)
    findings = list(getattr(result, "findings", []) or [])
    sheets = [s.name for s in getattr(result, "sheets", []) or []]
    return _summary("aterrapportering", findings, sheets, f"Skrev {', '.join(sheets) or 'Återrapportering'}.", name)


def _validera_inskickade(
    live: XlwingsBook, name: str, stored: dict[str, Any] | None = None, retention: int = 3600
) -> dict[str, Any]:
    """``stored``: what ``validera_filer`` found (the server reads it from the upload
    store, for the signed-in user only); ``None`` when the upload is gone or not theirs."""
    if stored is None:
        raise UnusableInput(
            f"Uppladdningen finns inte längre (den sparas {_duration(retention)}). Ladda upp arbetsböckerna igen."
        )
    live.progress(f"Skriver rapporten för {len(stored['filer'])} arbetsböcker")
    findings = stored["fynd"]
    live.write_sheet(valideringsfel_sheet(findings, with_file=True))
    live.set_active(VALIDERINGSFEL)
    bad = sorted({f.fil for f in findings if f.is_error})
    text = (
        f"Alla {len(stored['filer'])} arbetsböcker är giltiga."
        if not bad
        else f"{len(bad)} av {len(stored['filer'])} arbetsböcker har fel: se bladet Valideringsfel."
    )
    return _summary("validera_inskickade", findings, [VALIDERINGSFEL], text)


RAPPORT_NYCKEL = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _skapa_rapport(
    live: XlwingsBook, name: str, nyckel: str = "", keep: Callable[[str, bytes], None] | None = None
) -> dict[str, Any]:
    """*Skapa rapport*: the Word document of the open book, handed to ``keep`` (the server
    keeps it in the upload store, for the signed-in user, under the task pane's own random
    key) and fetched with ``GET /prognos/rapport/<nyckel>``. The workbook is not changed."""
    if not RAPPORT_NYCKEL.match(nyckel or ""):
        raise UnusableInput(
            "Rapporten kan inte skapas: aktivitetsfönstret skickade ingen giltig nyckel. "
            "Ladda om tillägget och försök igen."
        )
    made = skapa_rapport(live, file=name, progress=live.progress)
    report = made.result.report
    filnamn = rapport_filnamn(report.namnd if report is not None else name, report.ar if report is not None else None)
    if keep is None:
        raise UnusableInput("Rapporten kan inte sparas på servern. Kontakta den som förvaltar Prognos.")
    keep(filnamn, to_bytes(made.document))
    if report is None:
        text = f"Tabellerna har {len(made.result.errors)} fel: inga belopp beräknades. {filnamn} listar felen."
    else:
        text = f"Rapporten är klar: {filnamn} ({len(made.sections)} avsnitt). Ladda ner den här nedanför."
    summary = _summary("skapa_rapport", made.findings, [], text)
    summary.update({"rapport": nyckel, "filnamn": filnamn})
    return summary


def rapport_filnamn(namnd: str, ar: int | None) -> str:
    """ "ekonomi_socialnamnden_botkyrka_kommun_2023.docx": ASCII, safe as a download name."""
    folded = unicodedata.normalize("NFKD", str(namnd))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:60] or "namnd"
    return f"ekonomi_{slug}{'_' + str(ar) if ar else ''}.docx"


def _omgangsstatus(live: XlwingsBook, name: str) -> dict[str, Any]:
    """The round register of the open master as JSON for the task pane (nothing is written)."""
    live.progress("Läser omgångsregistret")
    overview = round_overview(live)
    summary = _summary("omgangsstatus", [], [], overview["text"])
    summary["omgang"] = overview
    return summary


def _faststall(live: XlwingsBook, name: str, omgang: str = "", anvandare: str = "") -> dict[str, Any]:
    """*Fastställ*: the round's forecast appended to Prognoshistorik in the open workbook."""
    live.progress("Beräknar omgångens prognos")
    omgang = omgang.strip() or default_round_name(live)
    try:
        done = faststall_open_book(live, omgang, date.today(), anvandare.strip() or "Excel")
    except AlreadySettled as exc:
        raise UnusableInput(exc.message("i fältet Omgångens namn i aktivitetsfönstret")) from None
    except MasterHasErrors as exc:
        first = exc.findings[0] if exc.findings else None
        where = f" Det första: {first.blad}!{first.cell}: {first.meddelande}" if first else ""
        raise UnusableInput(
            f"Tabellerna har {len(exc.findings)} fel, så ingen prognos fastställs.{where} "
            "Kör Validera och rätta felen först."
        ) from None
    text = (
        f"Fastställde {done['omgang']} {done['ar']}: {done['rader']} rader i Prognoshistorik från rad "
        f"{done['forsta_rad']}. Ändringsloggen visar dem."
    )
    summary = _summary("faststall", [], ["Prognoshistorik", "Ändringslogg"], text)
    summary["faststall"] = done
    return summary


SCRIPTS: dict[str, Callable[..., dict[str, Any]]] = {
    "uppdatera_prognos": _uppdatera,
    "skapa_rapport": _skapa_rapport,
    "validera": _validera,
    "aterrapportering": _aterrapportering,
    "validera_inskickade": _validera_inskickade,
    "omgangsstatus": _omgangsstatus,
    "faststall": _faststall,
}


def run_script(name: str, book: Any, emit: Emit = _quiet, *args: Any) -> dict[str, Any] | None:
    """Run one ribbon script on a live book. Never raises for the user's problems."""

    def progress(step: str) -> None:
        emit("prognos:steg", {"skript": name, "steg": step})

    live = XlwingsBook(book, progress=progress)
    try:
        summary = SCRIPTS[name](live, getattr(book, "name", ""), *args)
    except UnusableInput as exc:
        _discard_pending(book)
        live.alert(str(exc), title="Prognos kan inte köras", mode="critical")
        emit("prognos:fel", {"skript": name, "text": str(exc)})
        return None
    except Exception as exc:  # an internal error: say so in Swedish, log the details
        logger.exception("Prognos: skriptet %s misslyckades", name)
        _discard_pending(book)
        # An OSError's text names a path on the server: the log has it, the user does not.
        what = type(exc).__name__ if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
        text = (
            f"Ett oväntat fel uppstod i Prognos ({what}). "
            "Inget i arbetsboken ändrades. Kontakta den som förvaltar Prognos."
        )
        live.alert(text, title="Prognos – oväntat fel", mode="critical")
        emit("prognos:fel", {"skript": name, "text": text})
        return None
    emit("prognos:klart", summary)
    return summary


def refuse(name: str, book: Any, emit: Emit, text: str) -> None:
    """Tell the user, in Swedish, why a script could not start (nothing is written)."""
    XlwingsBook(book).alert(text, title="Prognos kan inte köras", mode="critical")
    emit("prognos:fel", {"skript": name, "text": text})


def _discard_pending(book: Any) -> None:
    """Drop the writes queued so far (Office.js): a failed script changes nothing."""
    impl = getattr(book, "impl", None)
    if impl is not None and hasattr(impl, "append_json_action"):
        impl.json()["actions"].clear()


# --- batch validation of uploaded workbooks ------------------------------------------


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "en timme" if hours == 1 else f"{hours} timmar"
    minutes = max(1, round(seconds / 60))
    return "en minut" if minutes == 1 else f"{minutes} minuter"


def _batch(files: list[tuple[Path, str]], work: Path | None = None) -> tuple[list[dict[str, Any]], list[Finding]]:
    """The rules of ``prognos validera`` (``workbooks.round.submissions``: safe pre-scan, contract,
    traps, each file in a bounded worker process); copies are made below ``work`` only."""
    with tempfile.TemporaryDirectory(prefix="prognos_batch_", dir=work) as tmp:
        shown = {}
        for i, (path, name) in enumerate(files):
            folder = Path(tmp) / f"{i:03d}"  # one folder per file: equal names stay apart
            folder.mkdir()
            shutil.copyfile(path, folder / name)
            shown[str((folder / name).resolve())] = name
        result = validate_batch([Path(tmp)], jobs=1)
    per_file, findings = [], []
    for f in result.files:
        name = shown.get(str(Path(f.path).resolve()), Path(f.fil).name)
        found = [x.model_copy(update={"fil": name}) for x in f.finding_objects()]
        findings.extend(found)
        per_file.append({"fil": name, "fel": f.errors, "varningar": f.warnings, "giltig": f.valid})
    order = {name: i for i, (_p, name) in enumerate(files)}
    per_file.sort(key=lambda item: order.get(item["fil"], len(order)))
    return per_file, findings


def validera_filer(files: list[tuple[Path, str]], work: Path | None = None) -> dict[str, Any]:
    """Validate uploaded files (copies are made below ``work`` only): the summary per
    file (``filer``), every finding (``fynd``) and the number of errors (``fel``)."""
    per_file, findings = _batch(files, work)
    return {"filer": per_file, "fynd": findings, "fel": sum(p["fel"] for p in per_file)}
