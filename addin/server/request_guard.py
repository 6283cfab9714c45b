"""An ASGI guard in front of xlwings Server's routes: the server never answers 500 to a
client's input.

For every POST to the add-in's routes, in this order and before anything parses the body:

1. size: a ``Content-Length`` above the limit, or a body that grows past it, is 413 with a
   Swedish message (``PROGNOS_MAX_BODY_MB``, default 20 MB, for Excel's JSON; uploads of
   submitted workbooks ``PROGNOS_MAX_UPLOAD_MB``, default 200 MB);
2. sign-in: the same token check as xlwings Server's own (``authenticate``, with Prognos'
   checks of expiry and user id on every request), so a request without a valid token is
   401 whatever its body;
3. nesting: a body nested deeper than ``json_depth.MAX_DEPTH`` levels (Excel sends six or
   seven) is 400 before anything parses it (a deep body made Python's parser fail: 500);
4. shape: a custom-function or script call whose body is not JSON, or names a function or
   script that does not exist, is 400/404 with a Swedish message.

The body is then handed on unchanged. Installed by ``addin/routers/custom.py`` on the
xlwings Server app.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from typing import Any
from urllib.parse import unquote_to_bytes

import xlwings as xw
from fastapi import HTTPException

from addin.server import xlwings_internals as internals
from addin.server.json_depth import MAX_DEPTH, nesting_depth
from addin.server.sign_in import SignInRefused

MB = 1024 * 1024


def limit_bytes(variable: str, default_mb: float) -> int:
    try:
        return int(float(os.environ.get(variable, default_mb)) * MB)
    except ValueError:
        return int(default_mb * MB)


def _names(module_name: str, marker: str) -> set[str] | None:
    module = sys.modules.get(module_name)
    if module is None:
        return None  # not loaded (yet): leave the check to the server
    return {name for name, obj in inspect.getmembers(module) if hasattr(obj, marker)}


async def _send_json(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


TOO_DEEP = (
    f"Förfrågan är nästlad i fler än {MAX_DEPTH} nivåer och kan inte läsas (Excel skickar aldrig något "
    "sådant). Ladda om tillägget i Excel och försök igen."
)
AUTH_MESSAGES = {
    401: "Inloggning krävs: logga in i Excel med ditt organisationskonto och försök igen.",
    403: "Du saknar behörighet att använda Prognos. Kontakta den som förvaltar Prognos.",
}


class RequestGuard:
    def __init__(self, app, app_path: str = "") -> None:
        self.app = app
        self.prefix = app_path.rstrip("/")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if self.prefix and path.startswith(self.prefix):
            path = path[len(self.prefix) :]
        upload = path == "/prognos/inskickade"  # files; the big-sheet pieces (/prognos/stora-blad) are JSON
        guarded = upload or path.startswith(("/xlwings/custom-", "/prognos/"))
        limit = limit_bytes("PROGNOS_MAX_UPLOAD_MB", 200) if upload else limit_bytes("PROGNOS_MAX_BODY_MB", 20)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        too_big = f"Förfrågan är större än {limit / MB:g} MB och tas inte emot. " + (
            "Ladda upp färre arbetsböcker åt gången."
            if upload
            else "Arbetsboken är för stor för att skickas till servern; minska den eller använd prognos "
            "på kommandoraden."
        )
        try:
            declared = int(headers.get("content-length", "0") or 0)
        except ValueError:
            await _send_json(send, 400, "Förfrågan har en ogiltig längd (Content-Length).")
            return
        if declared > limit:
            await _send_json(send, 413, too_big)
            return
        if not guarded:
            await self.app(scope, receive, send)
            return
        refused = await self._authenticate(headers)
        if refused:
            await _send_json(send, *refused)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _send_json(send, 413, too_big)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = _upload_shape(headers) if upload else self._shape(path, headers, body)
        if problem:
            await _send_json(send, *problem)
            return
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _authenticate(headers: dict[str, str]) -> tuple[int, str] | None:
        try:
            await internals.authenticate(headers.get("authorization", ""), headers.get("auth-provider"))
        except SignInRefused as exc:
            return exc.status_code, str(exc.detail)
        except HTTPException as exc:
            status = exc.status_code if exc.status_code < 500 else 401
            return status, AUTH_MESSAGES.get(status, "Inloggningen kunde inte kontrolleras.")
        except Exception:
            return 401, AUTH_MESSAGES[401]
        return None

    @staticmethod
    def _shape(path: str, headers: dict[str, str], body: bytes) -> tuple[int, str] | None:
        kind = headers.get("content-type", "")
        if "application/x-www-form-urlencoded" in kind:  # xlwings Server reads a book from a form field too
            body = unquote_to_bytes(body.replace(b"+", b" "))
        if nesting_depth(body, stop_above=MAX_DEPTH) > MAX_DEPTH:
            return 400, TOO_DEEP
        if "multipart/form-data" in kind or "application/x-www-form-urlencoded" in kind:
            return None  # htmx forms: parsed by the server itself
        try:
            data = json.loads(body.decode("utf-8")) if body else None
        except (UnicodeDecodeError, ValueError, RecursionError):
            return 400, "Förfrågan är inte giltig JSON och kan inte läsas. Ladda om tillägget i Excel och försök igen."
        if path == "/xlwings/custom-functions-call":
            if (
                not isinstance(data, dict)
                or not isinstance(data.get("func_name"), str)
                or not _matrices(data.get("args"))
            ):
                return 400, "Anropet saknar funktionsnamn eller argument. Ladda om tillägget i Excel och försök igen."
            known = _names("custom_functions", "__xlfunc__")
            if known is not None and data["func_name"] not in known:
                return 404, (
                    f"Funktionen {data['func_name'][:60]!r} finns inte i Prognos. Ladda om tillägget så att "
                    "listan med PROGNOS-funktioner är aktuell."
                )
        elif path.startswith("/xlwings/custom-scripts-call/"):
            name = path.rsplit("/", 1)[-1]
            known = _names("custom_scripts", "__xlscript__")
            if known is not None and name not in known:
                return 404, f"Skriptet {name[:60]!r} finns inte i Prognos. Ladda om tillägget och försök igen."
            if not _book_shaped(data):
                return 400, "Anropet saknar arbetsbokens innehåll. Ladda om tillägget i Excel och försök igen."
            try:  # exactly what xlwings Server will build from the body; a body it cannot build is the client's
                xw.Book(json={k: v for k, v in data.items() if k != "args"}).close()
            except Exception:
                return 400, (
                    "Arbetsbokens innehåll i anropet är ofullständigt och kan inte läsas. Ladda om "
                    "tillägget i "
                    "Excel och försök igen."
                )
        return None


def _upload_shape(headers: dict[str, str]) -> tuple[int, str] | None:
    kind = headers.get("content-type", "")
    if not kind.startswith("multipart/form-data") or "boundary=" not in kind:
        return (
            400,
            "Arbetsböckerna ska laddas upp som filer (ett formulär med filer). Välj filerna i aktivitetsfönstret.",
        )
    return None


def _matrices(args: Any) -> bool:
    """Custom-function arguments as Excel sends them: a list of 2-D arrays (rows of cells)."""
    return isinstance(args, list) and all(isinstance(a, list) and all(isinstance(r, list) for r in a) for a in args)


def _book_shaped(data: Any) -> bool:
    """The shape of the JSON Excel sends for a script call (xlwings' getBookData)."""
    if not isinstance(data, dict) or not isinstance(data.get("book"), dict) or not isinstance(data.get("sheets"), list):
        return False
    if not isinstance(data["book"].get("name", ""), str) or not isinstance(data.get("names", []), list):
        return False
    for sheet in data["sheets"]:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
            return False
        values = sheet.get("values", [[""]])
        if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
            return False
        for key in ("tables", "pictures", "shapes", "charts", "notes", "pivot_tables"):
            if not isinstance(sheet.get(key, []), list):
                return False
    return True
