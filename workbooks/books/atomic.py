"""Writing a file so that nobody ever sees half of it, declared once.

The content is written to a temporary file beside the target (hidden, ending in ``.tmp``, which
``prognos validera`` skips in a folder) and renamed over the target in one step; on any failure
the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` to write the content to a temporary file, then rename it to ``path``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
