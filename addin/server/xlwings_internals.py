"""Every use of an ``xlwings_server`` internal, in one place.

Prognos runs on xlwings Server (``addin/`` is its project directory). The documented
extension points (a project ``config.py`` with a ``Settings`` subclass, ``custom_functions``,
``custom_scripts``, ``routers/custom.py``, ``auth/<provider>``, ``templates/``, ``static/``)
are used where they belong. Everything below reaches *into* the package: names that are
not part of its documented interface and may move in any release. ``pyproject.toml`` pins
``xlwings-server`` below the next minor version, and ``tests/test_xlwings_server_internals.py``
imports every name here and checks each assumption, so an upgrade that moves one fails
that test with the name, instead of failing in production.

Import this module only once xlwings Server's settings exist (from routers, scripts,
auth), never from ``addin/config.py``: the package builds its settings by importing the
project's ``config``, and the socket.io router needs those settings.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import socketio
from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.responses import HTMLResponse
from xlwings_server import dependencies as _dependencies
from xlwings_server.auth import entraid as _entraid
from xlwings_server.config import settings
from xlwings_server.models import CurrentUser, User
from xlwings_server.routers import socketio as _socketio
from xlwings_server.templates import TemplateResponse

# The authenticated user of a request (Entra ID, or "Anonymous" without sign-in).
# xlwings Server's custom-router examples use ``dependencies.User``; its path is internal.
CurrentRequestUser = Annotated[User, Depends(_dependencies.get_user)]

# xlwings Server's token check (the first step of ``get_user``), for the request guard
# (addin/server/request_guard.py) that runs before a body is parsed.
authenticate = _dependencies.authenticate

# The user a custom script runs for: a parameter annotated with this type is injected
# by xlwings (``register_injectable_typehint``) and hidden from Excel.
ScriptUser = CurrentUser

# socket.io server of the xlwings Server (progress events to the task pane). With
# ``socketio_message_queue_url`` set it is backed by Redis' pub/sub, so an ``emit`` from
# any worker process reaches a task pane connected to any other.
sio = _socketio.sio

# Entra ID: xlwings Server's own token validation, called by ``addin/auth/entraid``
# (which supplies Prognos' offline key-set sources in ``jwks.py``; xlwings Server's module
# imports them from there while this line's import runs).
validate_token = _entraid.validate_token

# xlwings Server's ``templates/base.html`` (which the task pane extends) opens with
# ``<html lang="en">`` and carries ``<title>Task pane</title>`` outside any block that a
# child template can override. Prognos' pages are Swedish: ``swedish_page`` replaces
# exactly these two strings, and the internals test fails if they change.
BASE_HTML_LANG = '<html lang="en">'
BASE_HTML_TITLE = "<title>Task pane</title>"


def swedish_page(request: Request, template: str, title: str, **context: object) -> HTMLResponse:
    """Render a project template that extends xlwings Server's ``base.html`` with
    ``lang="sv"`` and a Swedish title."""
    response = TemplateResponse(request=request, name=template, context=context)
    html = bytes(response.body).decode("utf-8")
    html = html.replace(BASE_HTML_LANG, '<html lang="sv">', 1)
    html = html.replace(BASE_HTML_TITLE, f"<title>{_escape(title)}</title>", 1)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return HTMLResponse(html, status_code=response.status_code, headers=headers)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message_queue_url() -> str | None:
    """The Redis URL socket.io uses to cross worker processes, if configured."""
    return settings.socketio_message_queue_url


def add_middleware(middleware: type, **options: object) -> None:
    """Put an ASGI middleware in front of xlwings Server's app, once. Called by the project's
    router (``routers/custom.py``), which xlwings Server's main module imports while it
    builds the app, i.e. before the app starts."""
    server = sys.modules.get("xlwings_server.main")
    app = getattr(server, "app", None)
    if app is None or getattr(app.state, "prognos_middleware", set()) >= {middleware.__name__}:
        return
    app.add_middleware(middleware, **options)
    app.state.prognos_middleware = getattr(app.state, "prognos_middleware", set()) | {middleware.__name__}


# xlwings Server's two call routes return plain dicts, which FastAPI walks with its
# ``jsonable_encoder`` before ``json.dumps``: about 24 ms of CPU for the 270 kB answer of a
# refresh of the example, a fifth of the server's whole work per refresh. Declared with a
# ``dict`` response model, the same routes are serialized by pydantic's Rust core (under 1 ms),
# same JSON; a NaN becomes ``null`` instead of a 500.
NATIVE_JSON_ROUTES = ("/xlwings/custom-functions-call", "/xlwings/custom-scripts-call/{script_name}")


def serialize_calls_natively() -> list[str]:
    """Re-register xlwings Server's call routes (``NATIVE_JSON_ROUTES``, in its router module
    ``xlwings_server.routers.xlwings``) with a ``dict[str, Any]`` response model, once; the
    paths re-registered. Called by the project's router while xlwings Server builds its app:
    its routers are imported by then and the app has not served a request."""
    module = sys.modules.get("xlwings_server.routers.xlwings")
    router = getattr(module, "router", None)
    if router is None:
        return []
    wanted = {router.prefix + path.removeprefix("/xlwings") for path in NATIVE_JSON_ROUTES}
    rebuilt = []
    for route in list(router.routes):
        if isinstance(route, APIRoute) and route.path in wanted and route.response_model is None:
            router.routes.remove(route)
            router.add_api_route(
                route.path.removeprefix(router.prefix),
                route.endpoint,
                methods=sorted(route.methods),
                name=route.name,
                response_model=dict[str, Any],
            )
            rebuilt.append(route.path.removeprefix(settings.app_path))
    return rebuilt


def multiprocess_app():
    """The ASGI app for ``prognos server`` with a socket.io message queue (uvicorn factory).

    xlwings Server, given ``socketio_message_queue_url``, serves no socket.io endpoint from
    its app (it expects a separate socket.io process). Prognos serves it from every worker
    instead, each connected to Redis (``XLWINGS_SOCKETIO_SERVER_APP=true``, set by
    ``addin/server/startup.py``): a task pane's websocket lives in one worker, and an ``emit``
    from the worker that runs the script travels through Redis to it.
    """
    return socketio.ASGIApp(sio, _main.cors_app, socketio_path=f"{settings.app_path}/socket.io")


__all__ = [
    "BASE_HTML_LANG",
    "BASE_HTML_TITLE",
    "CurrentRequestUser",
    "ScriptUser",
    "add_middleware",
    "authenticate",
    "message_queue_url",
    "multiprocess_app",
    "serialize_calls_natively",
    "settings",
    "sio",
    "swedish_page",
    "validate_token",
]

# Last, on purpose: xlwings Server's main module imports Prognos' router, which imports
# this module. Whichever of the two is imported first, every name above exists by the
# time the other one needs it; ``multiprocess_app`` reads ``_main`` only when called.
import xlwings_server.main as _main  # noqa: E402
