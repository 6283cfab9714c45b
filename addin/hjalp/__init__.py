"""The add-in's support page: the economists' guide (``docs/anvandarguide.md``) as HTML.

The manifest's ``SupportUrl`` points here (``/prognos/hjalp.html``): Microsoft 365 and
Excel show it outside Excel, where the task pane cannot load. ``anvandarguide.md`` in
this folder is a link to ``docs/anvandarguide.md``, so an installed package carries the
same text as the repository.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

from markdown_it import MarkdownIt

GUIDE = Path(__file__).resolve().parent / "anvandarguide.md"

PAGE = """<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Segoe UI", system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
code {{ background: #f3f3f3; padding: 0 .2rem; }}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


@functools.lru_cache(maxsize=1)
def guide_html() -> str:
    """The whole support page (Swedish), rendered once per process."""
    text = GUIDE.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "Prognos – hjälp")
    # html=False: the guide's text is shown, never interpreted as raw HTML.
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return PAGE.format(title=html.escape(title), body=body)
