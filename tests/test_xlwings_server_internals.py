"""Prognos reaches into xlwings Server in exactly one module; this test fails, naming the
internal, when an upgrade moves or changes one of them (pyproject.toml pins the tested
versions; raise the pin only with this test green)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from importlib.metadata import version

import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

from tests.conftest import REPO  # noqa: E402

INTERNALS = "addin/server/xlwings_internals.py"
# The documented extension point a project config.py uses (xlwings Server imports it).
DOCUMENTED = {("addin/config.py", "xlwings_server.config", "Settings")}


def xlwings_server_imports():
    for path in sorted((REPO / "addin").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xlwings_server"):
                for alias in node.names:
                    yield rel, node.module, alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("xlwings_server"):
                        yield rel, alias.name, ""


def test_xlwings_server_internals_are_used_in_one_module_only():
    outside = [(f, m, n) for f, m, n in xlwings_server_imports() if f != INTERNALS and (f, m, n) not in DOCUMENTED]
    assert outside == [], f"xlwings_server används utanför {INTERNALS}: {outside}"
    # and no module reaches around it with importlib
    for path in (REPO / "addin").rglob("*.py"):
        if path.relative_to(REPO).as_posix() != INTERNALS:
            assert 'import_module("xlwings_server' not in path.read_text(encoding="utf-8"), path


def test_pinned_versions_are_the_installed_ones():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"xlwings>=0.37.8,<={version("xlwings")}"' in text
    assert f'"xlwings-server>=1.20,<={version("xlwings-server")};' in text


CHECK = r"""
import asyncio, inspect, json, sys
import socketio
from fastapi.routing import APIRoute
from fastapi.params import Depends
import addin.server.xlwings_internals as i
from xlwings_server.config import PACKAGE_DIR
base = (PACKAGE_DIR / "templates" / "base.html").read_text(encoding="utf-8")
dep = i.CurrentRequestUser.__metadata__[0]
out = {
    "sio": isinstance(i.sio, socketio.AsyncServer),
    "validate_token": inspect.iscoroutinefunction(i.validate_token) or callable(i.validate_token),
    "user_dependency": isinstance(dep, Depends) and inspect.iscoroutinefunction(dep.dependency),
    "user_fields": sorted(set(i.CurrentRequestUser.__origin__.model_fields) & {"id", "email", "name"}),
    "script_user_injectable": i.ScriptUser.__name__ == "CurrentUser",
    "base_lang": base.count(i.BASE_HTML_LANG),
    "base_title": base.count(i.BASE_HTML_TITLE),
    "queue_setting": "socketio_message_queue_url" in type(i.settings).model_fields,
    "queue_value": i.message_queue_url(),
    "namespace": i.settings.namespace,
    "project_settings": type(i.settings).__module__,
    "lifespan": getattr(sys.modules["xlwings_server.main"].user_lifespan, "__module__", None),
    "native_json": sorted(r.path for r in sys.modules["xlwings_server.routers.xlwings"].router.routes
                          if isinstance(r, APIRoute) and r.response_model is not None),
}
print(json.dumps(out))
"""


def test_every_internal_is_where_prognos_expects_it():
    # In a fresh process, as the server imports it (settings from addin/config.py).
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update(
        {
            "XLWINGS_PROJECT_DIR": str(REPO / "addin"),
            "XLWINGS_LICENSE_KEY": "noncommercial",
            "XLWINGS_ENVIRONMENT": "qa",
            "XLWINGS_SOCKETIO_MESSAGE_QUEUE_URL": "redis://127.0.0.1:1/0",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=str(REPO), env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"ett xlwings_server-internt namn har flyttat:\n{result.stderr[-3000:]}"
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "sio": True,
        "validate_token": True,
        "user_dependency": True,
        "user_fields": ["email", "id", "name"],
        "script_user_injectable": True,
        "base_lang": 1,
        "base_title": 1,
        "queue_setting": True,
        "queue_value": "redis://127.0.0.1:1/0",
        "namespace": "PROGNOS_QA",
        "project_settings": "config",
        "lifespan": "_xlwings_server_user_lifespan",  # addin/lifespan.py, loaded by path
        "native_json": sorted(
            i_path for i_path in ("/xlwings/custom-functions-call", "/xlwings/custom-scripts-call/{script_name}")
        ),
    }


def test_lifespan_freezes_the_startup_objects_out_of_the_collector():
    import asyncio
    import gc
    import importlib.util

    spec = importlib.util.spec_from_file_location("prognos_lifespan", REPO / "addin" / "lifespan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gc.unfreeze()

    async def run() -> tuple[int, int]:
        async with module.lifespan(None):
            during = gc.get_freeze_count()
        return during, gc.get_freeze_count()

    during, after = asyncio.run(run())
    assert during > 10_000  # this test process' modules and objects
    assert after == 0
