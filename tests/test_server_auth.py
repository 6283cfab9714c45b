"""Sign-in on: xlwings Server's Entra ID provider validates tokens against a key set.

The test generates an RSA key, serves its public half as JWKS on 127.0.0.1 (the
server reads it through ``PROGNOS_JWKS_URL``, as an air-gapped municipal server would
read an internal copy), and signs tokens shaped like Entra ID v2.0 access tokens.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

import httpx  # noqa: E402
from joserfc import jwt  # noqa: E402
from joserfc.jwk import KeySet, RSAKey  # noqa: E402

from tests.conftest import EXAMPLE  # noqa: E402
from tests.officejs import book_payload, function_body, running_server  # noqa: E402

TENANT = "7c3e5a1b-2d4f-4e6a-9b8c-1f2e3d4c5b6a"
CLIENT = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"


@pytest.fixture(scope="module")
def key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "prognos-test"}, private=True)


@pytest.fixture(scope="module")
def jwks_url(key):
    body = json.dumps(KeySet([key]).as_dict(private=False)).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            return None

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/keys"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(jwks_url):
    env = {
        "XLWINGS_AUTH_PROVIDERS": '["entraid"]',
        "XLWINGS_AUTH_ENTRAID_CLIENT_ID": CLIENT,
        "XLWINGS_AUTH_ENTRAID_TENANT_ID": TENANT,
        "PROGNOS_JWKS_URL": jwks_url,
    }
    with running_server(env) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            yield client


def token(key: RSAKey, **claims) -> str:
    now = int(time.time())
    body = {
        "ver": "2.0",
        "iss": f"https://login.microsoftonline.com/{TENANT}/v2.0",
        "aud": CLIENT,
        "iat": now,
        "nbf": now - 5,
        "exp": now + 600,
        "oid": "5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        "name": "Eva Ekonom",
        "preferred_username": "eva.ekonom@kommun.example",
        **claims,
    }
    body = {name: value for name, value in body.items() if value is not None}  # None: the claim left out
    return jwt.encode({"alg": "RS256", "kid": key.kid}, body, key)


def avvikelse(server, authorization: str | None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return server.post(
        "/xlwings/custom-functions-call", json=function_body("avvikelse", -720329, -682050), headers=headers
    )


def test_without_token_refused(server):
    assert avvikelse(server, None).status_code == 401
    assert avvikelse(server, "").status_code == 401


def test_invalid_tokens_refused(server, key):
    other = RSAKey.generate_key(2048, parameters={"kid": "prognos-test"}, private=True)
    assert avvikelse(server, f"Bearer {token(other)}").status_code == 401  # wrong key
    assert avvikelse(server, f"Bearer {token(key, aud='ett-annat-program')}").status_code == 401  # wrong audience
    assert avvikelse(server, f"Bearer {token(key, exp=int(time.time()) - 60)}").status_code == 401  # expired
    assert avvikelse(server, "Bearer inte.en.token").status_code == 401
    assert avvikelse(server, token(key)).status_code == 401  # no "Bearer"


def test_signed_token_passes(server, key):
    response = avvikelse(server, f"Bearer {token(key)}")
    assert response.status_code == 200, response.text
    assert response.json()["result"] == [[38279]]


def test_scripts_and_uploads_need_the_token_too(server, key):
    payload = json.dumps(book_payload(EXAMPLE))
    headers = {"Content-Type": "application/json"}
    assert server.post("/xlwings/custom-scripts-call/validera", content=payload, headers=headers).status_code == 401
    ok = server.post(
        "/xlwings/custom-scripts-call/validera",
        content=payload,
        headers={**headers, "Authorization": f"Bearer {token(key)}"},
    )
    assert ok.status_code == 200 and ok.json()["actions"]
    files = [("filer", ("enhet.xlsx", EXAMPLE.read_bytes()))]
    assert server.post("/prognos/inskickade", files=files).status_code == 401
    assert (
        server.post("/prognos/inskickade", files=files, headers={"Authorization": f"Bearer {token(key)}"}).status_code
        == 200
    )


def test_manifest_declares_the_entra_app(server):
    manifest = server.get("/manifest.xml").text
    assert f"<Id>{CLIENT}</Id>" in manifest and "<WebApplicationInfo>" in manifest


def test_an_expired_token_is_refused_on_every_request_though_it_was_accepted_before(server, key):
    """xlwings Server keeps a token's validation for an hour; Prognos looks at its expiry
    on every request, so the token that worked a moment ago stops working when it expires."""
    expires = int(time.time()) + 4
    signed = {"Authorization": f"Bearer {token(key, exp=expires)}"}
    first = avvikelse(server, signed["Authorization"])
    assert first.status_code == 200, first.text  # accepted (and now in xlwings Server's cache)
    assert server.get("/prognos/rapport/Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2", headers=signed).status_code == 404  # signed in
    time.sleep(max(0.0, expires - time.time()) + 1.0)
    late = avvikelse(server, signed["Authorization"])
    assert late.status_code == 401 and "Inloggningen har gått ut" in late.json()["detail"], late.text
    route = server.get("/prognos/rapport/Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2", headers=signed)
    assert route.status_code == 401 and "Inloggningen har gått ut" in route.json()["detail"], route.text
    # a fresh token for the same user works again
    assert avvikelse(server, f"Bearer {token(key)}").status_code == 200


def test_a_token_without_oid_is_refused(server, key):
    """Uploads and reports are kept per user (``oid``): a token that names no user would
    share one store with every other such token, so it is refused."""
    without = token(key, oid=None)
    assert avvikelse(server, f"Bearer {token(key)}").status_code == 200  # the same token with oid passes
    for response in (
        avvikelse(server, f"Bearer {without}"),
        server.post(
            "/prognos/inskickade",
            files=[("filer", ("enhet.xlsx", EXAMPLE.read_bytes()))],
            headers={"Authorization": f"Bearer {without}"},
        ),
        server.get("/prognos/rapport/Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2", headers={"Authorization": f"Bearer {without}"}),
    ):
        assert response.status_code == 401, response.text
        assert "saknar användar-id (oid)" in response.json()["detail"]
    assert avvikelse(server, f"Bearer {token(key, oid='')}").status_code == 401
    assert avvikelse(server, f"Bearer {token(key, exp=None)}").status_code == 401  # no expiry: refused too
