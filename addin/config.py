"""xlwings Server settings for Prognos (``addin/`` is the server's project directory).

xlwings Server imports this module as ``config`` and uses its ``Settings``. Prognos'
own defaults are set here; every setting can still be changed, with the usual xlwings
Server priority (highest first):

1. environment variables ``XLWINGS_*`` (e.g. ``XLWINGS_AUTH_PROVIDERS='["entraid"]'``),
2. a ``.env`` file in ``addin/`` (or the file named by ``DOTENV_PATH``),
3. the ``[tool.xlwings_server]`` table of a ``pyproject.toml``: the one in ``addin/``
   if present, else the repository's own ``pyproject.toml``, or the file named by
   ``PROGNOS_PYPROJECT``,
4. the defaults below.

See docs/deployment.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from pydantic import UUID4, PositiveInt, ValidationError, computed_field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, PyprojectTomlConfigSettingsSource

# The documented extension point: xlwings Server imports the project's ``config`` and
# uses its ``Settings``. Nothing else of xlwings_server is imported here (the internals
# live in addin/server/xlwings_internals.py, which needs these settings to exist first).
from xlwings_server.config import Settings as XlwingsSettings

PROJECT_DIR = Path(__file__).resolve().parent
PREFIX = "xlwings_"


def pyproject_path() -> Path | None:
    explicit = os.environ.get("PROGNOS_PYPROJECT")
    candidates = (
        [Path(explicit)] if explicit else [PROJECT_DIR / "pyproject.toml", PROJECT_DIR.parent / "pyproject.toml"]
    )
    return next((p for p in candidates if p.is_file()), None)


class PyprojectSource(PyprojectTomlConfigSettingsSource):
    """``[tool.xlwings_server]`` of a pyproject.toml; keys case-insensitive, with or
    without the ``XLWINGS_`` prefix (``environment``, ``XLWINGS_ENVIRONMENT``)."""

    def __call__(self) -> dict[str, Any]:
        out = {}
        for key, value in super().__call__().items():
            key = key.lower()
            out[key[len(PREFIX) :] if key.startswith(PREFIX) else key] = value
        return out


def settings_message(exc: ValidationError) -> str:
    """A Swedish line per setting that cannot be used, naming its environment variable."""
    lines = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        lines.append(
            f"Fel: inställningen {PREFIX.upper()}{field.upper()} ({field}) har värdet {error.get('input')!r}, "
            f"som inte kan användas ({error['msg']}). Rätta den i miljön (t.ex. deploy/prognos.env), "
            "i addin/.env eller i pyproject.toml och starta om servern."
        )
    return "\n".join(lines)


class Settings(XlwingsSettings):
    def __init__(self, *args: Any, **values: Any) -> None:
        # xlwings Server builds these settings inside ``except Exception`` and, on any error,
        # silently falls back to its own settings without Prognos' fields: the server would
        # then fail later with an AttributeError. A value that cannot be used stops the
        # process here instead (SystemExit is not an Exception), with a Swedish line naming it.
        try:
            super().__init__(*args, **values)
        except ValidationError as exc:
            sys.stderr.write(settings_message(exc) + "\n")
            raise SystemExit(2) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            PyprojectSource(settings_cls, pyproject_path()),
            file_secret_settings,
        )

    project_name: str = "Prognos"
    functions_namespace: str = "PROGNOS"
    enable_examples: bool = False
    enable_hotreload: bool = False
    # Prognos' own manifest ids (one per environment, so dev and prod install side by side).
    manifest_id_dev: UUID4 = "6f0c5a8e-2b1d-4c7e-9a3f-5d8e1b2c4a60"
    manifest_id_qa: UUID4 = "1d9e3b7a-8c4f-4e21-b6a5-0f7d2c9e3b81"
    manifest_id_uat: UUID4 = "a4c2e8f1-5b3d-4a69-8e7c-2d1f0b9a6c32"
    manifest_id_staging: UUID4 = "c7b1d3e5-9f2a-4b8c-a6d4-3e5f7a1b9c04"
    manifest_id_prod: UUID4 = "3e8a6c1d-4f7b-4d92-b5e3-8a1c6d9f2e57"

    # A public address where the icons (addin/static/images/icons/*.png) are copied, for a
    # server on a private network: the Microsoft 365 admin centre must fetch them.
    icons_url: str | None = None

    # Uploads for batch validation (addin/server/uploads.py): a folder every worker process
    # sees (default: <temp>/prognos-uppladdningar), or Redis when ``uploads_redis_url``
    # is set; deleted after ``uploads_retention_seconds``: by Redis' expiry, or in the folder
    # by the sweeper each worker runs every ``uploads_sweep_seconds`` (addin/server/sweeper.py).
    uploads_dir: Path | None = None
    uploads_redis_url: str | None = None
    uploads_retention_seconds: PositiveInt = 3600
    uploads_sweep_seconds: PositiveInt = 60

    # Threads per worker process that run scripts (refreshes). A script is CPU-bound
    # Python: threads of one process take turns under the GIL, so more of them only add
    # switching (measured in docs/performance.md: with 6, a burst of 50 refreshes cost a
    # quarter more CPU and twice the median wait). Two keep a short refresh from waiting
    # behind one long one; more users need more worker processes (``--workers``), not threads.
    script_threads: int = 2

    @computed_field
    @property
    def namespace(self) -> str:
        """The namespace Excel shows the functions under: PROGNOS in prod, PROGNOS_QA,
        PROGNOS_DEV … elsewhere, so two environments install side by side."""
        base = self.functions_namespace.upper()
        return base if self.environment == "prod" else f"{base}_{self.environment.upper()}"
