"""Several server processes (issue 14): uploads for batch validation in storage every
worker sees, bound to the user who made them; socket.io progress across processes through
Redis; ``prognos server --workers N``. A real ``redis-server`` is started by the tests on a
free loopback port; requests alternate between two server processes."""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

import httpx  # noqa: E402

from addin.server.uploads import FolderStore, RedisStore, owner_key  # noqa: E402
from tests.conftest import EXAMPLE, REPO  # noqa: E402
from tests.multiprocess import (  # noqa: E402
    SocketIO,
    connections_per_worker,
    listening_workers,
    prognos_server,
    redis_server,
    worker_pids,
)
from tests.officejs import book_payload  # noqa: E402
from tests.test_server_auth import CLIENT, TENANT, jwks_url, key, token  # noqa: E402,F401
from validation.findings import FEL, Finding  # noqa: E402

BROKEN = b"PK\x03\x04 inte en arbetsbok"


def upload(url, headers=None, files=None):
    files = files or [("filer", ("enhet_a.xlsx", EXAMPLE.read_bytes())), ("filer", ("enhet_b.xlsx", BROKEN))]
    return httpx.post(url + "/prognos/inskickade", files=files, headers=headers or {}, timeout=120)


def run_script(url, name, *args, headers=None):
    payload = book_payload(EXAMPLE)
    payload["args"] = list(args)
    response = httpx.post(
        f"{url}/xlwings/custom-scripts-call/{name}",
        content=json.dumps(payload),
        headers={"Content-Type": "application/json", **(headers or {})},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    return response.json()["actions"]


def report_rows(actions):
    """The Valideringsfel sheet's values as the script wrote them (one 2-D write)."""
    writes = [a for a in actions if a["func"] == "setValues"]
    assert writes, [a["func"] for a in actions]
    return writes[0]["values"]


def test_two_processes_share_uploads_and_progress_through_redis(tmp_path):
    with redis_server(tmp_path) as redis_url:
        env = {
            "XLWINGS_SOCKETIO_MESSAGE_QUEUE_URL": redis_url,
            "XLWINGS_UPLOADS_REDIS_URL": redis_url,
            "XLWINGS_UPLOADS_DIR": str(tmp_path / "lagring"),
        }
        with prognos_server(env) as (a, _pa), prognos_server(env) as (b, _pb):
            pane = SocketIO(a)  # the task pane's socket lives in process A
            try:
                first = upload(a)  # upload on A …
                assert first.status_code == 200, first.text
                data = first.json()
                assert [f["fil"] for f in data["filer"]] == ["enhet_a.xlsx", "enhet_b.xlsx"]
                actions = run_script(b, "validera_inskickade", data["uppladdning"], pane.sid)  # … read on B
                rows = report_rows(actions)
                assert rows[0][0] == "Fil" and any(r[0] == "enhet_b.xlsx" and r[1] == "Fel" for r in rows[1:])
                # progress of the script run by B reached the pane connected to A
                events = pane.wait_for("prognos:klart")
                done = [d for e, d in events if e == "prognos:klart"][-1]
                assert done["skript"] == "validera_inskickade" and "av 2 arbetsböcker har fel" in done["text"]
                # and the other way round: upload on B, read on A
                second = upload(b).json()
                assert report_rows(run_script(a, "validera_inskickade", second["uppladdning"], ""))[0][0] == "Fil"
                # a refresh on B reports its steps to A's pane
                pane.events.clear()
                run_script(b, "uppdatera_prognos", pane.sid)
                steps = [d["steg"] for e, d in pane.wait_for("prognos:klart") if e == "prognos:steg"]
                assert steps, pane.events
            finally:
                pane.close()


def test_shared_folder_by_default_and_bound_to_the_user(tmp_path, jwks_url, key):
    storage = tmp_path / "delad"
    env = {
        "XLWINGS_UPLOADS_DIR": str(storage),
        "XLWINGS_AUTH_PROVIDERS": '["entraid"]',
        "XLWINGS_AUTH_ENTRAID_CLIENT_ID": CLIENT,
        "XLWINGS_AUTH_ENTRAID_TENANT_ID": TENANT,
        "PROGNOS_JWKS_URL": jwks_url,
    }
    eva = {"Authorization": f"Bearer {token(key)}"}
    olle = {
        "Authorization": "Bearer "
        + token(key, oid="9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d", name="Olle", preferred_username="olle@kommun.example")
    }
    with prognos_server(env) as (a, _pa), prognos_server(env) as (b, _pb):
        data = upload(a, headers=eva).json()
        upload_id = data["uppladdning"]
        assert data["sparas_sekunder"] == 3600 and data["bara_du"] is True
        # only JSON files of findings remain in the storage folder; the workbooks are gone
        assert sorted(p.name for p in storage.iterdir()) == sorted([f"{upload_id}.json", "arbete", "delar", "dokument"])
        assert list((storage / "arbete").iterdir()) == list((storage / "delar").iterdir()) == []
        assert list((storage / "dokument").iterdir()) == []
        # Olle has the id but not the upload: it reads as gone, on either process
        for url in (a, b):
            actions = run_script(url, "validera_inskickade", upload_id, "", headers=olle)
            assert [x["func"] for x in actions] == ["alert"] and "finns inte längre" in actions[0]["args"][0]
        # Eva reads it on the other process
        rows = report_rows(run_script(b, "validera_inskickade", upload_id, "", headers=eva))
        assert any(r[0] == "enhet_b.xlsx" for r in rows[1:])
        # without a token nothing at all
        assert upload(b).status_code == 401


def test_word_report_made_on_one_process_is_downloaded_from_the_other(tmp_path, jwks_url, key):
    """*Skapa rapport*: the document is kept in the shared store under the task pane's key,
    for the signed-in user only, so the download may land on any worker."""
    env = {
        "XLWINGS_UPLOADS_DIR": str(tmp_path / "delad"),
        "XLWINGS_AUTH_PROVIDERS": '["entraid"]',
        "XLWINGS_AUTH_ENTRAID_CLIENT_ID": CLIENT,
        "XLWINGS_AUTH_ENTRAID_TENANT_ID": TENANT,
        "PROGNOS_JWKS_URL": jwks_url,
    }
    eva = {"Authorization": f"Bearer {token(key)}"}
    olle = {
        "Authorization": "Bearer "
        + token(key, oid="9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d", name="Olle", preferred_username="olle@kommun.example")
    }
    nyckel = "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2"
    with prognos_server(env) as (a, _pa), prognos_server(env) as (b, _pb):
        actions = run_script(a, "skapa_rapport", nyckel, "", headers=eva)
        assert [x["func"] for x in actions if x["func"] != "alert"] == []  # the workbook is not changed
        assert not [x for x in actions if x["func"] == "alert"], actions
        got = httpx.get(f"{b}/prognos/rapport/{nyckel}", headers=eva, timeout=60)
        assert got.status_code == 200 and got.content[:2] == b"PK"
        assert "ekonomi_socialnamnden_botkyrka_kommun_2023.docx" in got.headers["content-disposition"]
        # another user with the same key gets nothing, on either process; no token: 401
        for url in (a, b):
            assert httpx.get(f"{url}/prognos/rapport/{nyckel}", headers=olle, timeout=60).status_code == 404
        assert httpx.get(f"{a}/prognos/rapport/{nyckel}", timeout=60).status_code == 401


@pytest.mark.parametrize(
    "name, fragment",
    [
        (".", "är inte ett filnamn"),
        ("..", "är inte ett filnamn"),
        ("x" * 300 + ".xlsx", "högst 120 tecken"),
        ("...", "är inte ett filnamn"),
    ],
)
def test_bad_file_names_get_a_swedish_400(tmp_path, name, fragment, request):
    server = request.getfixturevalue("folder_server")
    url, storage = server
    response = upload(url, files=[("filer", (name, EXAMPLE.read_bytes()))])
    assert response.status_code == 400, response.text
    assert fragment in response.json()["detail"]
    # nothing was written anywhere but the storage folder (and there only findings)
    assert not (storage.parent / "utanfor.xlsx").exists()
    assert not (storage / "arbete").exists() or list((storage / "arbete").iterdir()) == []


@pytest.mark.parametrize("name", ["../../utanfor.xlsx", "..\\..\\utanfor.xlsx"])
def test_folders_in_a_name_are_dropped_and_nothing_lands_outside(name, request):
    url, storage = request.getfixturevalue("folder_server")
    response = upload(url, files=[("filer", (name, EXAMPLE.read_bytes()))])
    assert response.status_code == 200, response.text
    assert [f["fil"] for f in response.json()["filer"]] == ["utanfor.xlsx"]
    assert not (storage.parent / "utanfor.xlsx").exists() and not (storage.parent.parent / "utanfor.xlsx").exists()
    assert list((storage / "arbete").iterdir()) == []


@pytest.fixture(scope="module")
def folder_server(tmp_path_factory):
    storage = tmp_path_factory.mktemp("lagring") / "uppladdningar"
    with prognos_server({"XLWINGS_UPLOADS_DIR": str(storage)}) as (url, _process):
        yield url, storage


def test_workers_option_starts_that_many_processes(tmp_path):
    with redis_server(tmp_path) as redis_url:
        env = {"XLWINGS_SOCKETIO_MESSAGE_QUEUE_URL": redis_url, "XLWINGS_UPLOADS_DIR": str(tmp_path / "lagring")}
        with prognos_server(env, workers=2) as (url, process):
            assert len(worker_pids(process)) == 2
            pane = SocketIO(url)
            try:
                ids = [upload(url).json()["uppladdning"] for _ in range(4)]
                for upload_id in ids:  # whichever worker answers, every upload is found
                    assert report_rows(run_script(url, "validera_inskickade", upload_id, pane.sid))[0][0] == "Fil"
                assert [e for e, _d in pane.wait_for("prognos:klart")].count("prognos:klart") >= 1
            finally:
                pane.close()


def wait_until_all_serve(url, process, workers: int) -> int:
    """Wait until ``workers`` workers listen (a worker listens once it serves); the port."""
    port = int(url.rsplit(":", 1)[1])
    deadline = time.monotonic() + 90
    while len(listening_workers(worker_pids(process), port)) < workers:
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.2)
    return port


def test_a_burst_of_connections_spreads_over_the_workers(tmp_path):
    """Each worker listens on its own socket (SO_REUSEPORT): 40 connections opened at once
    land on both workers, not on whichever woke first."""
    with prognos_server({"XLWINGS_UPLOADS_DIR": str(tmp_path / "lagring")}, workers=2) as (url, process):
        port = wait_until_all_serve(url, process, 2)
        pids = worker_pids(process)
        assert len(pids) == 2
        clients = [httpx.Client(base_url=url, timeout=60) for _ in range(40)]
        try:
            with concurrent.futures.ThreadPoolExecutor(40) as pool:
                answers = list(pool.map(lambda c: c.get("/xlwings/custom-scripts-meta").status_code, clients))
            assert answers == [200] * 40
            counts = connections_per_worker(pids, port)
            assert sum(counts.values()) == 40, counts
            assert min(counts.values()) >= 5, counts  # binomial(40, 1/2): fewer than 5 has odds of 1 in 5 million
        finally:
            for client in clients:
                client.close()


def test_a_worker_that_dies_is_started_again_and_a_taken_port_is_refused(tmp_path):
    with prognos_server({"XLWINGS_UPLOADS_DIR": str(tmp_path / "lagring")}, workers=2) as (url, process):
        first = worker_pids(process)
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            now = worker_pids(process)
            if len(now) == 2 and first[0] not in now:
                break
            time.sleep(0.5)
        assert len(now) == 2 and first[0] not in now and first[1] in now, (first, now)
        while time.monotonic() < deadline:  # the new worker answers
            try:
                if all(
                    httpx.get(url + "/xlwings/custom-scripts-meta", timeout=10).status_code == 200 for _ in range(6)
                ):
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
    # a port another program listens on: a Swedish line and exit code 2, no silent sharing
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "addin.commands.cli",
                "server",
                "--http",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"},
        )
    assert result.returncode == 2, result.stderr
    assert f"Porten {port} på 127.0.0.1 kan inte användas" in result.stderr and "Traceback" not in result.stderr


def _stored():
    return {
        "filer": [{"fil": "a.xlsx", "fel": 1, "varningar": 0, "giltig": False}],
        "fynd": [
            Finding(
                allvarlighet=FEL, blad="Budget", cell="B2", regel="saknad_kolumn", meddelande="Fel här", fil="a.xlsx"
            )
        ],
    }


def test_folder_store_retention_owner_and_ids(tmp_path):
    store = FolderStore(tmp_path / "s", retention=3600)
    upload_id = store.put(owner_key("eva"), _stored())
    assert store.get(owner_key("eva"), upload_id)["fynd"][0].meddelande == "Fel här"
    assert store.get(owner_key("olle"), upload_id) is None
    for bad in ("../s/" + upload_id, upload_id + ".json", "", "x" * 22 + "/"):
        assert store.get(owner_key("eva"), bad) is None
    assert store.purge(now=time.time() + 3599) == 0
    assert store.purge(now=time.time() + 3601) == 1
    assert store.get(owner_key("eva"), upload_id) is None


def test_redis_store_expires_with_the_retention_time(tmp_path):
    with redis_server(tmp_path) as url:
        store = RedisStore(url, retention=120, work_dir=tmp_path / "arbete")
        upload_id = store.put(owner_key("eva"), _stored())
        assert store.get(owner_key("eva"), upload_id)["filer"][0]["fil"] == "a.xlsx"
        assert store.get(owner_key("olle"), upload_id) is None
        assert 0 < store.client.ttl("prognos:uppladdning:" + upload_id) <= 120


def test_process_plan():
    from addin.server.startup import MULTIPROCESS_APP, SINGLE_PROCESS_APP, process_plan

    # Redis set: every worker serves socket.io, connected to the queue
    assert process_plan(2, "redis://127.0.0.1:6379/0")[:3] == (MULTIPROCESS_APP, True, {})
    assert process_plan(1, "redis://127.0.0.1:6379/0")[:2] == (MULTIPROCESS_APP, True)
    # one worker, no Redis: xlwings Server as it comes
    assert process_plan(1, None) == (SINGLE_PROCESS_APP, False, {}, None)
    # several workers without Redis: no socket.io (its events would miss the task pane), said in Swedish
    app, factory, env, note = process_plan(3, None)
    assert (app, factory, env) == (SINGLE_PROCESS_APP, False, {"XLWINGS_ENABLE_SOCKETIO": "false"})
    assert "3 arbetsprocesser" in note and "XLWINGS_SOCKETIO_MESSAGE_QUEUE_URL" in note


def test_scripts_run_in_a_few_threads_per_worker_set_by_a_setting(tmp_path):
    """``XLWINGS_SCRIPT_THREADS`` (default 2) sizes the pool the macros run in."""
    code = (
        "import sys; sys.path.insert(0, 'addin'); import xlwings_server.main; import custom_scripts as c; "
        "print(c.SCRIPT_THREADS._max_workers)"
    )
    for setting, expected in ((None, "2"), ("3", "3")):
        env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
        env.update(
            {
                "XLWINGS_PROJECT_DIR": str(REPO / "addin"),
                "XLWINGS_LICENSE_KEY": "noncommercial",
                "XLWINGS_UPLOADS_DIR": str(tmp_path / "lagring"),
            }
        )
        if setting:
            env["XLWINGS_SCRIPT_THREADS"] = setting
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=str(REPO), env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip().splitlines()[-1] == expected


def test_a_setting_that_cannot_be_used_stops_the_server_with_a_swedish_line():
    """xlwings Server would silently drop Prognos' settings on a bad value; the server
    stops instead, naming the variable, with no traceback, on one process and on several."""
    for workers in ("1", "2"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
        env.update({"XLWINGS_LICENSE_KEY": "noncommercial", "XLWINGS_SCRIPT_THREADS": "många"})
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "addin.commands.cli",
                "server",
                "--http",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                workers,
            ],
            cwd=str(REPO),
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr[-2000:]
        assert "inställningen XLWINGS_SCRIPT_THREADS (script_threads) har värdet 'många'" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_worker_killed_again_and_again_is_restarted_after_growing_pauses_and_the_server_stays_up(tmp_path):
    """Before, a worker killed four times in a row (each time right after its start) stopped
    the whole server. Now the supervisor starts it again after a pause that doubles (1, 2,
    4, 8 s) while the other worker serves, and never gives up once the server has served."""
    with prognos_server({"XLWINGS_UPLOADS_DIR": str(tmp_path / "lagring")}, workers=2) as (url, process):
        port = wait_until_all_serve(url, process, 2)
        steady, victim = worker_pids(process)
        gaps = []
        for _kill in range(5):
            os.kill(victim, signal.SIGKILL)
            killed = time.monotonic()
            while True:  # the other worker answers meanwhile
                assert process.poll() is None, "the server stopped"
                assert httpx.get(url + "/xlwings/custom-scripts-meta", timeout=30).status_code == 200
                now = [p for p in worker_pids(process) if p not in (steady, victim)]
                if now:
                    break
                assert time.monotonic() - killed < 90, "no new worker"
                time.sleep(0.2)
            gaps.append(time.monotonic() - killed)
            victim = now[0]
        # kills 2 to 5 came right after the worker's start: at least 1, 2, 4, 8 s of pause
        assert all(gap >= minimum for gap, minimum in zip(gaps[1:], (1, 2, 4, 8))), gaps
        deadline = time.monotonic() + 90
        while sorted(listening_workers(worker_pids(process), port)) != sorted([steady, victim]):  # both serve again
            assert time.monotonic() < deadline, worker_pids(process)
            time.sleep(0.2)
        assert process.poll() is None
        assert all(httpx.get(url + "/xlwings/custom-scripts-meta", timeout=10).status_code == 200 for _ in range(6))
