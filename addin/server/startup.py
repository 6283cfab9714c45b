"""``prognos server``: the Office.js add-in's server (xlwings Server, ``addin/`` as project).

HTTPS with a certificate (Excel only loads add-ins over HTTPS): ``--cert``/``--key``, or
the development certificate that ``prognos server --skapa-certifikat`` writes to
``addin/certs/``. Plain HTTP only with the explicit ``--http`` flag, for local tests.
Settings from the environment (``XLWINGS_*``) and ``pyproject.toml`` (see
``addin/config.py`` and docs/deployment.md).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import sys
from pathlib import Path
from typing import Callable

from addin.server import workers as supervisor

PROJECT_DIR = Path(__file__).resolve().parents[1]
CERT_DIR = PROJECT_DIR / "certs"
DEV_CERT = CERT_DIR / "prognos-localhost.pem"
DEV_KEY = CERT_DIR / "prognos-localhost-key.pem"


class ServerError(Exception):
    """A Swedish one-line reason why the server cannot start."""


def environment(license_key: str | None = None) -> dict[str, str]:
    """The environment variables xlwings Server needs for Prognos."""
    env = {"XLWINGS_PROJECT_DIR": str(PROJECT_DIR)}
    # xlwings Server and its remote engine are xlwings PRO under PolyForm Noncommercial,
    # which permits use by government institutions such as municipalities.
    env["XLWINGS_LICENSE_KEY"] = license_key or os.environ.get("XLWINGS_LICENSE_KEY") or "noncommercial"
    return env


def skapa_certifikat(cert: Path = DEV_CERT, key: Path = DEV_KEY, days: int = 825) -> tuple[Path, Path]:
    """A self-signed development certificate for localhost and 127.0.0.1.

    Trust it once on the developer's machine (docs/deployment.md) so that Excel loads
    the add-in; never use it on a server that others reach.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Prognos utveckling (localhost)"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Prognos"),
        ]
    )
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.IPAddress(ipaddress.ip_address("::1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(private, hashes.SHA256())
    )
    cert.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    )
    os.chmod(key, 0o600)
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert, key


def tls_files(cert: Path | None, key: Path | None) -> tuple[Path, Path]:
    if (cert is None) != (key is None):
        raise ServerError("Ange både --cert och --key (certifikat och privat nyckel i PEM-format).")
    if cert is None:
        cert, key = DEV_CERT, DEV_KEY
        if not cert.exists() or not key.exists():
            raise ServerError(
                "Inget certifikat hittades. Excel läser bara in tillägg över HTTPS: kör "
                "'prognos server --skapa-certifikat' för ett utvecklingscertifikat (se docs/deployment.md), "
                "ange --cert och --key, eller använd --http för lokala tester utan Excel."
            )
    for path in (cert, key):
        if not Path(path).is_file():
            raise ServerError(f"{path}: filen finns inte.")
    return Path(cert), Path(key)


def check_installed() -> None:
    if sys.version_info < (3, 11):
        raise ServerError("Servern (xlwings Server) kräver Python 3.11 eller senare.")
    import importlib.util

    # find_spec, not import: importing xlwings_server reads its settings, which must
    # only happen once XLWINGS_PROJECT_DIR is set.
    if importlib.util.find_spec("uvicorn") is None or importlib.util.find_spec("xlwings_server") is None:
        raise ServerError("Servern är inte installerad. Installera med: pip install 'prognos[server]'")


# The ASGI apps uvicorn imports (by name, in each worker process).
SINGLE_PROCESS_APP = "xlwings_server.main:main_app"
# With a socket.io message queue: xlwings Server's app with its socket.io server, every
# worker connected to Redis (addin/server/xlwings_internals.py: multiprocess_app).
MULTIPROCESS_APP = "addin.server.xlwings_internals:multiprocess_app"


def process_plan(workers: int, queue_url: str | None) -> tuple[str, bool, dict[str, str], str | None]:
    """(app, factory, extra environment, note for the operator) for ``workers`` processes.

    - A message queue (Redis) set: every worker serves socket.io and is connected to
      the queue, so a script's progress reaches the task pane whichever worker runs it.
    - Several workers and no queue: socket.io is switched off (a task pane's socket would
      live in one process and the script's events in another); scripts, functions and
      uploads work as usual, the task pane shows no step-by-step progress.
    """
    if queue_url:
        return MULTIPROCESS_APP, True, {}, None
    if workers > 1:
        return (
            SINGLE_PROCESS_APP,
            False,
            {"XLWINGS_ENABLE_SOCKETIO": "false"},
            (
                f"Obs: {workers} arbetsprocesser utan XLWINGS_SOCKETIO_MESSAGE_QUEUE_URL: aktivitetsfönstret visar "
                "inget förlopp. Sätt den till en Redis-adress (se docs/deployment.md) för förloppet."
            ),
        )
    return SINGLE_PROCESS_APP, False, {}, None


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    http: bool = False,
    cert: Path | None = None,
    key: Path | None = None,
    reload: bool = False,
    workers: int = 1,
    note: Callable[[str], None] | None = None,
) -> None:
    """Start the server (blocks until stopped)."""
    check_installed()
    ssl: dict[str, str] = {}
    if not http:
        cert_path, key_path = tls_files(cert, key)
        ssl = {"ssl_certfile": str(cert_path), "ssl_keyfile": str(key_path)}
    os.environ.update(environment())
    # Every process that serves socket.io listens on the message queue (when one is set),
    # not only writes to it. Set before xlwings Server reads its settings.
    os.environ["XLWINGS_SOCKETIO_SERVER_APP"] = "true"
    import uvicorn

    # The queue is read from the environment (the systemd EnvironmentFile, compose): the
    # server's settings may only be built in the worker processes, after this setup.
    app, factory, extra, message = process_plan(workers, os.environ.get("XLWINGS_SOCKETIO_MESSAGE_QUEUE_URL"))
    os.environ.update(extra)
    if message and note is not None:
        note(message)
    options = {
        "app": app,
        "factory": factory,
        "host": host,
        "port": port,
        "proxy_headers": True,
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        **ssl,
    }
    if workers > 1 and not reload and supervisor.supported():
        # A listening socket per worker, so a burst of requests spreads over all of them.
        try:
            supervisor.serve(options, workers, note)
        except supervisor.WorkersFailed as exc:
            raise ServerError(str(exc)) from None
        return
    uvicorn.run(
        **options,
        workers=workers if workers > 1 else None,
        reload=reload,
        reload_dirs=[str(PROJECT_DIR)] if reload else None,
    )
