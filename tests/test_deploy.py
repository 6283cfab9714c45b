"""deploy/: the files an IT department installs are consistent and their settings are
really parsed by the server.

- ``prognos.env`` is read the way systemd reads an ``EnvironmentFile=`` and loaded through
  the server's own settings class (addin/config.py) in a fresh process; the form the old
  documentation used (``Environment=XLWINGS_AUTH_PROVIDERS=["entraid"]``) is shown to break.
- ``prognos.service``: ``ExecStart`` parses with the real CLI, ports and paths agree with
  the environment file and the nginx site; ``systemd-analyze verify`` when available.
- ``Dockerfile``/``compose.yaml`` (Docker does not run here): every copied path exists, the
  command parses with the real CLI, ports agree, the compose environment loads.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.main import get_command

from addin.commands.server import app as server_app
from tests.conftest import REPO

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

DEPLOY = REPO / "deploy"
OTHER_VARIABLES = {
    "PROGNOS_JWKS_FILE",
    "PROGNOS_JWKS_URL",
    "PROGNOS_PYPROJECT",
    "FORWARDED_ALLOW_IPS",
    "PYTHONUNBUFFERED",
    "PROGNOS_MAX_BODY_MB",
    "PROGNOS_MAX_UPLOAD_MB",
}


# --- systemd's parsing ------------------------------------------------------------------


def parse_environment_file(text: str) -> dict[str, str]:
    """An ``EnvironmentFile=`` as systemd reads it (systemd.exec(5), "EnvironmentFile="):
    comment lines start with ``#`` or ``;``; lines without ``=`` are ignored; leading and
    trailing whitespace is dropped; an unquoted value keeps quotes that are not its first
    character and takes ``\\x`` as ``x``; a single-quoted value is verbatim; a double-quoted
    value knows the escapes ``\\" \\\\ \\` \\$``; a backslash before a newline continues."""
    env: dict[str, str] = {}
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            break
        if text[i] in "#;":
            while i < n and text[i] != "\n":
                i += 1
            continue
        start = i
        while i < n and text[i] not in "=\n":
            i += 1
        if i >= n or text[i] == "\n":
            continue  # no "=": ignored
        key = text[start:i].strip()
        i += 1
        while i < n and text[i] in " \t":
            i += 1
        value: list[str] = []
        trailing = 0  # unquoted whitespace at the end, dropped
        first = True
        while i < n and text[i] != "\n":
            c = text[i]
            if first and c in "'\"":
                quote = c
                i += 1
                while i < n and text[i] != quote:
                    if quote == '"' and text[i] == "\\" and i + 1 < n:
                        nxt = text[i + 1]
                        if nxt in '"\\`$':
                            value.append(nxt)
                        elif nxt != "\n":
                            value.append("\\" + nxt)
                        i += 2
                        continue
                    value.append(text[i])
                    i += 1
                i += 1  # closing quote
                trailing = 0
            elif c == "\\" and i + 1 < n:
                if text[i + 1] != "\n":
                    value.append(text[i + 1])
                i += 2
                trailing = 0
            else:
                value.append(c)
                trailing = trailing + 1 if c in " \t\r" else 0
                i += 1
            first = False
        env[key] = "".join(value[: len(value) - trailing] if trailing else value)
    return env


def unit_environment_line(value: str) -> dict[str, str]:
    """An ``Environment=`` line of a unit file: whitespace-separated assignments whose
    quotes are removed wherever they stand (systemd's extract_first_word with
    EXTRACT_UNQUOTE), the same rule as a POSIX shell word for these values."""
    return dict(word.split("=", 1) for word in shlex.split(value))


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    """The server's settings class (addin/config.py via xlwings Server) in a fresh process,
    with exactly these environment variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("XLWINGS_", "PROGNOS_"))}
    clean.update(env)
    clean["XLWINGS_PROJECT_DIR"] = str(REPO / "addin")
    code = (
        "import json\nfrom addin.config import Settings\ns = Settings()\n"
        "print(json.dumps(s.model_dump(mode='json', "
        "exclude={'base_dir', 'project_dir', 'package_dir', 'jsconfig'})))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=str(REPO), env=clean, capture_output=True, text=True, timeout=120
    )


def settings_of(env: dict[str, str]) -> dict:
    result = load_settings(env)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def known(keys, fields) -> list[str]:
    return [k for k in keys if not (k.startswith("XLWINGS_") and k[8:].lower() in fields) and k not in OTHER_VARIABLES]


@pytest.fixture(scope="module")
def fields() -> set[str]:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json\nfrom addin.config import Settings\nprint(json.dumps(sorted(Settings.model_fields)))",
        ],
        cwd=str(REPO),
        env={**os.environ, "XLWINGS_PROJECT_DIR": str(REPO / "addin")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_parser_follows_systemd():
    text = (
        '# kommentar\n; också\nA=1\n  B = två ord  \nC=\'["x"]\'\nD=["y"]\nE="a\\"b\\\\c"\n'
        "F=rad\\\nfortsätter\nutan likhetstecken\nG=\\'x\n"
    )
    assert parse_environment_file(text) == {
        "A": "1",
        "B": "två ord",
        "C": '["x"]',
        "D": '["y"]',
        "E": 'a"b\\c',
        "F": "radfortsätter",
        "G": "'x",
    }


# --- the environment file ---------------------------------------------------------------


def test_environment_file_loads_through_the_server_settings(fields):
    text = (DEPLOY / "prognos.env").read_text(encoding="utf-8")
    env = parse_environment_file(text)
    assert known(env, fields) == []
    s = settings_of(env)
    assert s["auth_providers"] == ["entraid"]
    assert s["hostname"] == "prognos.kommun.se" and s["environment"] == "prod"
    assert s["namespace"] == "PROGNOS"
    assert s["socketio_message_queue_url"] == "redis://127.0.0.1:6379/0"
    assert s["uploads_dir"] == "/var/lib/prognos/uppladdningar" and s["uploads_retention_seconds"] == 3600
    assert s["license_key"] == "noncommercial" and s["request_timeout"] == 300
    # the commented-out options are valid too, once switched on
    optional = parse_environment_file(
        "\n".join(line[2:] for line in text.splitlines() if re.match(r"^# [A-Z_]+=", line))
    )
    assert set(optional) >= {
        "XLWINGS_AUTH_REQUIRED_ROLES",
        "PROGNOS_JWKS_FILE",
        "XLWINGS_UPLOADS_REDIS_URL",
        "PROGNOS_MAX_BODY_MB",
        "PROGNOS_MAX_UPLOAD_MB",
    }
    assert known(optional, fields) == []
    s = settings_of({**env, **optional})
    assert s["auth_required_roles"] == ["Prognos.Anvandare"] and s["uploads_redis_url"] == "redis://127.0.0.1:6379/1"


def test_the_old_unit_line_breaks_and_the_file_form_survives():
    # What docs/deployment.md used to say: systemd removes the inner quotes ...
    old = unit_environment_line('XLWINGS_AUTH_PROVIDERS=["entraid"]')
    assert old == {"XLWINGS_AUTH_PROVIDERS": "[entraid]"}
    broken = load_settings(old)
    assert broken.returncode != 0 and "auth_providers" in broken.stderr
    # ... while in an EnvironmentFile both the quoted and the bare JSON survive.
    for line in ("XLWINGS_AUTH_PROVIDERS='[\"entraid\"]'", 'XLWINGS_AUTH_PROVIDERS=["entraid"]'):
        assert settings_of(parse_environment_file(line))["auth_providers"] == ["entraid"]


# --- the unit and nginx -----------------------------------------------------------------


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string((DEPLOY / "prognos.service").read_text(encoding="utf-8"))
    return parser


def cli_params(argv: list[str]) -> dict:
    assert argv[0] == "server", argv
    command = get_command(server_app)  # the command `prognos server` runs (addin/commands/server.py)
    return command.make_context("server", list(argv[1:])).params


def test_unit_runs_the_real_cli_on_the_port_nginx_uses():
    service = unit()["Service"]
    assert "Environment" not in service, "inställningar hör hemma i EnvironmentFile (citattecken tas bort annars)"
    assert service["EnvironmentFile"] == "/etc/prognos/prognos.env"
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == "/opt/prognos/venv/bin/prognos"
    params = cli_params(argv[1:])
    assert params["http"] is True and params["host"] == "127.0.0.1" and params["workers"] >= 2
    nginx = (DEPLOY / "nginx-prognos.conf").read_text(encoding="utf-8")
    assert re.search(rf"server 127\.0\.0\.1:{params['port']};", nginx)
    assert "location /socket.io/" in nginx and "proxy_set_header Upgrade $http_upgrade;" in nginx
    assert "client_max_body_size 100m;" in nginx
    # the uploads folder is the unit's state directory, writable under ProtectSystem=strict
    env = parse_environment_file((DEPLOY / "prognos.env").read_text(encoding="utf-8"))
    state = f"/var/lib/{service['StateDirectory']}"
    assert env["XLWINGS_UPLOADS_DIR"].startswith(state + "/") and service["ReadWritePaths"] == state
    assert env["FORWARDED_ALLOW_IPS"] == "127.0.0.1"


def test_systemd_analyze_accepts_the_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze saknas")
    text = (DEPLOY / "prognos.service").read_text(encoding="utf-8")
    text = text.replace("/opt/prognos/venv/bin/prognos", str(Path(sys.executable).with_name("prognos")))
    text = text.replace("/etc/prognos/prognos.env", str(DEPLOY / "prognos.env"))
    (tmp_path / "prognos.service").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", str(tmp_path / "prognos.service")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "prognos.service" not in result.stderr, result.stderr


# --- the container ------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [
        (m.group(1).upper(), m.group(2).strip())
        for m in re.finditer(r"^([A-Za-z]+)\s+(.*)$", text, re.M)
        if not m.group(0).startswith("#")
    ]


def test_dockerfile_copies_what_exists_and_runs_the_real_cli(fields):
    steps = dockerfile()
    for instruction, args in steps:
        if instruction == "COPY":
            *sources, _target = args.split()
            for source in sources:
                assert (REPO / source).exists(), f"COPY {source}: finns inte i arkivet"
    # every package the wheel needs is copied (setuptools' packages.find include list)
    copied = {s for i, a in steps if i == "COPY" for s in a.split()[:-1]}
    assert {"udfs", "validation", "workbooks", "addin", "docs", "pyproject.toml", "README.md"} <= copied
    cmd = json.loads(dict(steps)["CMD"])
    assert cmd[0] == "prognos"
    params = cli_params(cmd[1:])
    assert params["http"] is True and params["port"] == int(dict(steps)["EXPOSE"])
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(a for i, a in steps if i == "ENV")))
    assert known(env, fields) == []
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignore and "addin/certs" in ignore  # no private keys in an image


def test_compose_file_is_consistent(fields):
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"prognos", "redis"}
    build = services["prognos"]["build"]
    context = (DEPLOY / build["context"]).resolve()
    assert context == REPO and (context / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    expose = int(dict(dockerfile())["EXPOSE"])
    assert services["prognos"]["ports"] == [f"127.0.0.1:{expose}:{expose}"]  # the host's loopback only
    env = {k: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(v)) for k, v in services["prognos"]["environment"].items()}
    assert known(env, fields) == []
    s = settings_of(env)
    assert s["auth_providers"] == ["entraid"]
    for url in (s["socketio_message_queue_url"], s["uploads_redis_url"]):
        assert url.startswith("redis://redis:6379/")  # the compose service
    volume = services["prognos"]["volumes"][0].split(":")
    assert volume[0] in compose["volumes"] and s["uploads_dir"].startswith(volume[1])
