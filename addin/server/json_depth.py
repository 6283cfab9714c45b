"""How deeply a JSON text nests, measured on its bytes before anything parses it.

Python's JSON parser recurses once per level: a body of a few thousand ``[`` raises a
``RecursionError`` (the server would answer 500), and a few hundred levels parse but may
fail deeper in the server. Excel's requests nest at most six or seven levels (book, sheets,
a sheet, its values, a row; a table's columns). The request guard refuses a body nested
deeper than ``MAX_DEPTH`` before it is parsed.

The measure, in C-speed passes (about 4 ms per MB, numbers in docs/performance.md): drop
escaped backslashes and quotes, keep only brackets and quotes (``bytes.translate``), then
with numpy count the quotes before each bracket (a bracket inside a string has an odd
count) and take the running sum of opening minus closing brackets outside strings.
"""

from __future__ import annotations

import numpy as np

MAX_DEPTH = 64
CHUNK = 1 << 20  # bytes of skeleton per numpy pass (bounded memory, an early stop)

_KEEP = b'[]{}"'
_DELETE = bytes(c for c in range(256) if c not in _KEEP)
_STEP = np.zeros(256, np.int8)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1
_QUOTE = ord('"')


def nesting_depth(text: bytes, stop_above: int | None = None) -> int:
    """The deepest nesting of arrays and objects in a JSON text (0 for a bare value); with
    ``stop_above``, the measure stops at the first chunk that goes deeper than that."""
    if b"\\" in text:
        text = text.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = text.translate(None, _DELETE)
    level = deepest = quotes = 0
    for start in range(0, len(skeleton), CHUNK):
        part = np.frombuffer(skeleton, np.uint8, count=min(CHUNK, len(skeleton) - start), offset=start)
        seen = np.cumsum(part == _QUOTE, dtype=np.int64) + quotes
        running = np.cumsum(np.where(seen & 1, 0, _STEP[part]), dtype=np.int64) + level
        deepest = max(deepest, int(running.max()))
        level, quotes = int(running[-1]), int(seen[-1])
        if stop_above is not None and deepest > stop_above:
            break
    return deepest
