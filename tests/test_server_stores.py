"""The upload store as an operator needs it (issue 21 item 8), over real HTTP with real
server processes, a real Redis and a real filesystem that fills up or turns read-only:

- a Word report belongs to the user who made it: another user who reuses its key writes
  into their own space and never overwrites (or reads) the first one's, in the folder
  store and in Redis;
- a store that cannot be used (Redis stopped; the store's filesystem full; the same
  remounted read-only) is answered 503 with a Swedish line naming no path on the routes,
  and a Swedish alert naming no path in the scripts; a write that fails half-way leaves no
  file behind; once the store is back, the same server works again;
- retention is enforced by a sweeper in each worker and by Redis' own expiry: on a quiet
  server (no request at all) what is older than the retention time disappears.

The full and read-only filesystems are a small tmpfs mounted by the test (root), remounted
read-only for the second case. Without the right to mount, the full disk is a file-size
limit on the server process (``RLIMIT_FSIZE``: a write fails part-way, as on a full disk)
and the read-only store a folder without write permission, the server then started without
the capabilities that let root ignore permissions (``setpriv``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

import httpx  # noqa: E402
import redis  # noqa: E402

from addin.server.store_records import REDIS_DOWN, STORE_FULL, STORE_READ_ONLY  # noqa: E402
from tests.conftest import EXAMPLE, require_tool  # noqa: E402
from tests.multiprocess import prognos_server  # noqa: E402
from tests.officejs import book_payload, free_port  # noqa: E402
from tests.test_server_auth import CLIENT, TENANT, jwks_url, key, token  # noqa: E402,F401

KEY = "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2"
OLLE = {"oid": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d", "name": "Olle", "preferred_username": "olle@kommun.example"}
BIG_SHEET = {"blad": [{"name": "Huvudbok", "rows": 2, "columns": 2, "tables": []}]}


def script(url: str, name: str, *args: str, headers: dict[str, str] | None = None) -> list[dict]:
    payload = book_payload(EXAMPLE)
    payload["args"] = list(args)
    response = httpx.post(
        f"{url}/xlwings/custom-scripts-call/{name}",
        content=json.dumps(payload),
        headers={"Content-Type": "application/json", **(headers or {})},
        timeout=180,
    )
    assert response.status_code == 200, response.text
    return response.json()["actions"]


def alerts(actions: list[dict]) -> list[str]:
    return [a["args"][0] for a in actions if a["func"] == "alert"]


def upload(url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    files = [("filer", ("enhet_a.xlsx", EXAMPLE.read_bytes()))]
    return httpx.post(url + "/prognos/inskickade", files=files, headers=headers or {}, timeout=180)


def report(url: str, headers: dict[str, str] | None = None, nyckel: str = KEY) -> httpx.Response:
    return httpx.get(f"{url}/prognos/rapport/{nyckel}", headers=headers or {}, timeout=60)


def begin_big_sheets(url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(url + "/prognos/stora-blad", json=BIG_SHEET, headers=headers or {}, timeout=60)


def says_without_path(text: str, line: str, *paths: Path) -> None:
    """A Swedish line for the user that gives away nothing of the server."""
    assert line in text, text
    assert "Traceback" not in text and "Errno" not in text and "OSError" not in text, text
    for path in paths:
        assert str(path) not in text, text
    assert "/tmp" not in text and "/var" not in text and "redis://" not in text, text


def leftovers(storage: Path) -> list[str]:
    """Half-written files (the atomic write's temporaries) and work folders left behind."""
    found = [p.name for p in storage.rglob(".*.tmp")]
    found += [p.name for p in (storage / "arbete").iterdir()] if (storage / "arbete").is_dir() else []
    return found


# --- a report belongs to its maker ----------------------------------------------------


@pytest.fixture(params=["mapp", "redis"])
def signed_in_server(request, tmp_path, jwks_url):  # noqa: F811
    env = {
        "XLWINGS_UPLOADS_DIR": str(tmp_path / "lagring"),
        "XLWINGS_AUTH_PROVIDERS": '["entraid"]',
        "XLWINGS_AUTH_ENTRAID_CLIENT_ID": CLIENT,
        "XLWINGS_AUTH_ENTRAID_TENANT_ID": TENANT,
        "PROGNOS_JWKS_URL": jwks_url,
    }
    with contextlib.ExitStack() as stack:
        if request.param == "redis":
            env["XLWINGS_UPLOADS_REDIS_URL"] = stack.enter_context(redis_on(tmp_path, free_port())).url
        url, _process = stack.enter_context(prognos_server(env))
        yield url


def test_another_user_reusing_a_report_key_never_overwrites_it(signed_in_server, key):  # noqa: F811
    url = signed_in_server
    eva = {"Authorization": f"Bearer {token(key)}"}
    olle = {"Authorization": f"Bearer {token(key, **OLLE)}"}
    assert alerts(script(url, "skapa_rapport", KEY, "", headers=eva)) == []
    evas = report(url, eva)
    assert evas.status_code == 200 and evas.content[:2] == b"PK"
    # Olle learns the key and makes a report under it: it lands in his own space
    assert alerts(script(url, "skapa_rapport", KEY, "", headers=olle)) == []
    again = report(url, eva)
    assert again.status_code == 200 and again.content == evas.content  # Eva's report, untouched
    assert report(url, olle).status_code == 200  # Olle gets his own
    # Olle cannot add pieces to Eva's big sheets either
    batch = begin_big_sheets(url, eva).json()["id"]
    piece = {"blad": 0, "start_row": 1, "values": [[1, 2]]}
    assert httpx.post(f"{url}/prognos/stora-blad/{batch}/0", json=piece, headers=olle, timeout=60).status_code == 404
    assert httpx.post(f"{url}/prognos/stora-blad/{batch}/0", json=piece, headers=eva, timeout=60).status_code == 204


# --- Redis stopped ---------------------------------------------------------------------


class RedisProcess:
    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        exe = require_tool("redis-server", "redis-server")
        self.process = subprocess.Popen(
            [
                exe,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


@contextlib.contextmanager
def redis_on(folder: Path, port: int):
    server = RedisProcess(folder, port)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_redis_down_is_503_and_an_alert_in_swedish_and_the_server_recovers(tmp_path):
    with redis_on(tmp_path, free_port()) as store:
        env = {"XLWINGS_UPLOADS_REDIS_URL": store.url, "XLWINGS_UPLOADS_DIR": str(tmp_path / "arbete")}
        with prognos_server(env) as (url, _process):
            assert upload(url).status_code == 200
            store.stop()
            for response in (upload(url), begin_big_sheets(url), report(url)):
                assert response.status_code == 503, response.text
                says_without_path(response.json()["detail"], REDIS_DOWN, tmp_path)
            for name, args in (("skapa_rapport", (KEY, "")), ("validera_inskickade", ("A" * 22, ""))):
                shown = alerts(script(url, name, *args))
                assert len(shown) == 1, shown
                says_without_path(shown[0], REDIS_DOWN, tmp_path)
            store.start()  # the same address again: the next request works, no restart needed
            assert upload(url).status_code == 200
            assert alerts(script(url, "skapa_rapport", KEY, "")) == [] and report(url).status_code == 200


# --- the store's filesystem full or read-only ------------------------------------------


def can_mount() -> bool:
    # PROGNOS_TEST_NO_MOUNT=1 runs the fallbacks on a machine that could mount
    return os.geteuid() == 0 and shutil.which("mount") is not None and not os.environ.get("PROGNOS_TEST_NO_MOUNT")


@contextlib.contextmanager
def small_filesystem(folder: Path, size_kb: int):
    """A tmpfs of ``size_kb`` at ``folder``; None when it cannot be mounted here."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = (
        can_mount()
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    try:
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill(folder: Path, leave_kb: int) -> Path:
    """Fill the filesystem of ``folder`` until it is full, then free ``leave_kb``."""
    filler = folder / "fyllnad"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    os.truncate(filler, max(0, filler.stat().st_size - leave_kb * 1024))
    return filler


def file_size_limit(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_is_503_and_an_alert_in_swedish_and_leaves_no_half_written_file(tmp_path):
    with small_filesystem(tmp_path / "disk", 4096) as disk:
        storage = (disk or tmp_path) / "uppladdningar"
        limit = {} if disk else {"preexec_fn": file_size_limit(16 * 1024)}
        with prognos_server({"XLWINGS_UPLOADS_DIR": str(storage)}, **limit) as (url, _process):
            if disk:  # a report kept while there was room stays readable when the disk is full
                assert alerts(script(url, "skapa_rapport", KEY, "")) == []
                kept = report(url)
                assert kept.status_code == 200
                filler = fill(disk, leave_kb=8)
            response = upload(url)
            assert response.status_code == 503, response.text
            says_without_path(response.json()["detail"], STORE_FULL, storage)
            shown = alerts(script(url, "skapa_rapport", "Ny" + KEY, ""))
            assert len(shown) == 1, shown
            says_without_path(shown[0], STORE_FULL, storage)
            assert leftovers(storage) == []
            assert report(url, nyckel="Ny" + KEY).status_code == 404
            if disk:
                assert report(url).content == kept.content
                filler.unlink()  # room again: the same server works
                assert upload(url).status_code == 200
                assert alerts(script(url, "skapa_rapport", "Ny" + KEY, "")) == []
                assert report(url, nyckel="Ny" + KEY).status_code == 200


def read_only_fallback(storage: Path) -> list[str]:
    """Without mounting: the store's folders without write permission, and the server
    started without root's power to ignore that (``setpriv``)."""
    for folder in [storage, *(p for p in storage.iterdir() if p.is_dir())]:
        folder.chmod(0o500)
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv saknas: kan inte köra servern utan roots rättigheter")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_a_read_only_store_is_503_and_an_alert_in_swedish_and_reads_still_work(tmp_path):
    with small_filesystem(tmp_path / "disk", 8192) as disk:
        storage = (disk or tmp_path / "disk") / "uppladdningar"
        if disk is None:  # made before the server starts, so the fallback can take away the rights
            for sub in ("arbete", "delar", "dokument"):
                (storage / sub).mkdir(parents=True, exist_ok=True)
        prefix = [] if disk else read_only_fallback(storage)
        with prognos_server({"XLWINGS_UPLOADS_DIR": str(storage)}, command_prefix=prefix) as (url, _process):
            if disk:
                assert alerts(script(url, "skapa_rapport", KEY, "")) == []
                kept = report(url)
                assert kept.status_code == 200
                subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            for response in (upload(url), begin_big_sheets(url)):
                assert response.status_code == 503, response.text
                says_without_path(response.json()["detail"], STORE_READ_ONLY, storage)
            shown = alerts(script(url, "skapa_rapport", "Ny" + KEY, ""))
            assert len(shown) == 1, shown
            says_without_path(shown[0], STORE_READ_ONLY, storage)
            if disk:
                assert report(url).content == kept.content  # reading still works
                subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
                assert upload(url).status_code == 200
            assert leftovers(storage) == []


# --- retention without a request ---------------------------------------------------------


def test_the_sweeper_deletes_old_records_on_a_quiet_server(tmp_path):
    storage = tmp_path / "lagring"
    env = {
        "XLWINGS_UPLOADS_DIR": str(storage),
        "XLWINGS_UPLOADS_RETENTION_SECONDS": "10",
        "XLWINGS_UPLOADS_SWEEP_SECONDS": "1",
    }
    with prognos_server(env) as (url, _process):
        assert alerts(script(url, "skapa_rapport", KEY, "")) == []
        assert upload(url).status_code == 200
        assert begin_big_sheets(url).status_code == 200
        records = lambda: (
            sorted(p.name for p in storage.glob("*.json")),
            sorted(p.name for p in (storage / "delar").iterdir()),
            sorted(p.name for p in (storage / "dokument").iterdir()),
        )
        uploads, pieces, documents = records()
        assert len(uploads) == len(pieces) == len(documents) == 1
        deadline = time.monotonic() + 30
        while records() != ([], [], []) and time.monotonic() < deadline:
            time.sleep(0.5)  # no request to the server meanwhile
        assert records() == ([], [], [])


def test_every_redis_key_carries_the_retention_time_and_expires(tmp_path):
    with redis_on(tmp_path, free_port()) as store:
        env = {
            "XLWINGS_UPLOADS_REDIS_URL": store.url,
            "XLWINGS_UPLOADS_DIR": str(tmp_path / "arbete"),
            "XLWINGS_UPLOADS_RETENTION_SECONDS": "10",
        }
        with prognos_server(env) as (url, _process):
            assert alerts(script(url, "skapa_rapport", KEY, "")) == []
            assert upload(url).status_code == 200
            batch = begin_big_sheets(url).json()["id"]
            piece = {"blad": 0, "start_row": 1, "values": [[1, 2]]}
            assert httpx.post(f"{url}/prognos/stora-blad/{batch}/0", json=piece, timeout=60).status_code == 204
            client = redis.Redis.from_url(store.url)
            keys = sorted(k.decode() for k in client.keys("prognos:*"))
            kinds = sorted({k.split(":")[1] for k in keys})
            assert kinds == ["delar", "dokument", "uppladdning"] and len(keys) == 4, keys
            assert all(0 < client.ttl(k) <= 10 for k in keys), {k: client.ttl(k) for k in keys}
            deadline = time.monotonic() + 30
            while client.keys("prognos:*") and time.monotonic() < deadline:
                time.sleep(0.5)
            assert client.keys("prognos:*") == []
