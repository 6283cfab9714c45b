"""The server never answers 500 to a client's input (issue 12): odd upload names, unknown
functions and scripts, malformed bodies, oversized bodies; sign-in is checked before the
body is parsed. Real HTTP against xlwings Server on 127.0.0.1."""

from __future__ import annotations

import json
import sys

import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

import httpx  # noqa: E402

from tests.conftest import EXAMPLE  # noqa: E402
from tests.officejs import book_payload, function_body, running_server  # noqa: E402
from tests.test_server_auth import CLIENT, TENANT, jwks_url, key, token  # noqa: E402,F401

SWEDISH = ("å", "ä", "ö", "Förfrågan", "finns inte", "Inloggning")


def swedish(response) -> str:
    detail = response.json()["detail"]
    assert any(word in detail for word in SWEDISH), detail
    return detail


@pytest.fixture(scope="module")
def server():
    with running_server({"PROGNOS_MAX_BODY_MB": "2", "PROGNOS_MAX_UPLOAD_MB": "5"}) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            yield client


@pytest.mark.parametrize("name", [".", "..", "x" * 300 + ".xlsx"])
def test_odd_upload_names_are_400_with_a_swedish_message(server, name):
    files = [("filer", ("enhet_a.xlsx", EXAMPLE.read_bytes())), ("filer", (name, b"PK\x03\x04 trasig"))]
    response = server.post("/prognos/inskickade", files=files)
    assert response.status_code == 400, response.text
    assert "filnamn" in swedish(response).lower()


def test_a_name_with_folders_keeps_only_the_file_name(server):
    files = [("filer", ("../../etc/enhet_a.xlsx", EXAMPLE.read_bytes()))]
    response = server.post("/prognos/inskickade", files=files)
    assert response.status_code == 200, response.text
    assert [f["fil"] for f in response.json()["filer"]] == ["enhet_a.xlsx"]


def test_unknown_function_and_script_are_404(server):
    response = server.post("/xlwings/custom-functions-call", json=function_body("finns_inte", 1, 2))
    assert response.status_code == 404
    assert "finns_inte" in swedish(response)
    response = server.post("/xlwings/custom-scripts-call/finns_inte", json=book_payload(EXAMPLE))
    assert response.status_code == 404
    swedish(response)


@pytest.mark.parametrize("body", [b"{inte json", b"\xff\xfe", b"[1, 2]", b'{"func_name": 5}', b""])
def test_malformed_bodies_are_400(server, body):
    for path in ("/xlwings/custom-functions-call", "/xlwings/custom-scripts-call/validera"):
        response = server.post(path, content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, (path, body, response.text)
        swedish(response)


@pytest.mark.parametrize("path, body", [
    ("/xlwings/custom-functions-call", {"func_name": "avvikelse", "args": [[["a"]], 5]}),
    ("/xlwings/custom-functions-call", {"func_name": "avvikelse", "args": "x"}),
    ("/xlwings/custom-scripts-call/validera", {"book": {}, "sheets": [{"name": "A", "values": [[1]]}]}),
    ("/xlwings/custom-scripts-call/validera", {"book": {"name": "x"}, "sheets": []}),
    ("/xlwings/custom-scripts-call/validera", {"book": {"name": "x"}, "sheets": [{"name": 5}]}),
])
def test_json_of_the_wrong_shape_is_400(server, path, body):
    response = server.post(path, json=body)
    assert response.status_code == 400, response.text
    swedish(response)


def test_uploads_that_are_not_files_are_400(server):
    for body, kind in ((b"{}", "application/json"), (b"xx", "multipart/form-data"), (b"--b--\r\n", "multipart/form-data; boundary=b")):
        response = server.post("/prognos/inskickade", content=body, headers={"Content-Type": kind})
        assert response.status_code == 400, (body, response.text)
        assert any(w in response.json()["detail"] for w in ("Arbetsböckerna", "Välj minst")), response.text


def test_body_size_limit_is_413_with_a_message(server):
    big = json.dumps({"func_name": "avrunda", "args": [[[1.0] * 100_000] * 6, [[0]]]}).encode()
    assert len(big) > 2 * 1024 * 1024
    response = server.post("/xlwings/custom-functions-call", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "2 MB" in swedish(response)

    def chunks():  # no Content-Length: the guard counts the bytes as they come
        for i in range(0, len(big), 65536):
            yield big[i:i + 65536]

    response = server.post("/xlwings/custom-functions-call", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    files = [("filer", (f"enhet_{i}.xlsx", bytes(1024 * 1024))) for i in range(6)]
    response = server.post("/prognos/inskickade", files=files)
    assert response.status_code == 413 and "färre" in swedish(response)


def test_ordinary_calls_still_work(server):
    response = server.post("/xlwings/custom-functions-call", json=function_body("avvikelse", -720329, -682050))
    assert response.status_code == 200 and response.json()["result"] == [[38279]]


@pytest.fixture(scope="module")
def signed_server(jwks_url):  # noqa: F811
    env = {"XLWINGS_AUTH_PROVIDERS": '["entraid"]', "XLWINGS_AUTH_ENTRAID_CLIENT_ID": CLIENT,
           "XLWINGS_AUTH_ENTRAID_TENANT_ID": TENANT, "PROGNOS_JWKS_URL": jwks_url}
    with running_server(env) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            yield client


def test_sign_in_is_checked_before_the_body_is_parsed(signed_server, key):  # noqa: F811
    for path in ("/xlwings/custom-scripts-call/validera", "/xlwings/custom-functions-call", "/prognos/inskickade"):
        response = signed_server.post(path, content=b"{inte json", headers={"Content-Type": "application/json"})
        assert response.status_code == 401, (path, response.text)
        assert "Inloggning" in swedish(response)
    response = signed_server.post("/xlwings/custom-scripts-call/validera", content=b"{inte json",
                                  headers={"Content-Type": "application/json", "Authorization": f"Bearer {token(key)}"})
    assert response.status_code == 400
