"""Headless Chromium for the task pane's tests, driven over the Chrome DevTools protocol (a
websocket, with ``simple_websocket``, which xlwings Server's socket.io already installs): no
browser download at test time, Debian's ``chromium`` as it is.

``chromium_page(width)`` starts a private Chromium and yields a ``Page``: ``call`` a protocol
method and wait for its answer, ``on`` an event (handled while waiting), ``evaluate`` a
JavaScript expression (promises awaited), ``wait_for`` an expression to become true, and
``screenshot`` the whole page at the pane's width.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import httpx
import simple_websocket


class Page:
    def __init__(self, ws_url: str):
        self.ws = simple_websocket.Client.connect(ws_url, max_message_size=256 * 1024 * 1024)
        self.next_id = 0
        self.answers: dict[int, dict[str, Any]] = {}
        self.handlers: dict[str, Callable[[dict[str, Any]], None]] = {}
        self.console: list[str] = []

    def send(self, method: str, **params: Any) -> int:
        """Send without waiting (the answer is kept and may be ignored)."""
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        return self.next_id

    def call(self, method: str, timeout: float = 60, **params: Any) -> dict[str, Any]:
        ident = self.send(method, **params)
        deadline = time.monotonic() + timeout
        while ident not in self.answers:
            self._receive(deadline)
        answer = self.answers.pop(ident)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def on(self, event: str, handler: Callable[[dict[str, Any]], None]) -> None:
        self.handlers[event] = handler

    def _receive(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        raw = self.ws.receive(timeout=left) if left > 0 else None
        if raw is None:
            raise TimeoutError("Chromium svarade inte i tid")
        message = json.loads(raw)
        if "id" in message:
            self.answers[message["id"]] = message
        elif message.get("method") == "Runtime.consoleAPICalled":
            self.console.append(
                " ".join(str(a.get("value", a.get("description", ""))) for a in message["params"]["args"])
            )
        elif message.get("method") in self.handlers:
            self.handlers[message["method"]](message["params"])

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        result = self.call(
            "Runtime.evaluate", timeout=timeout, expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 180) -> Any:
        """Evaluate ``expression`` until it is truthy; its value. An expression that throws
        (e.g. while the page reloads itself) counts as not yet true."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except RuntimeError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"{expression} blev aldrig sant; konsolen: {self.console[-10:]}")
            with contextlib.suppress(TimeoutError):
                self._receive(time.monotonic() + 0.2)

    def set_width(self, width: int, height: int = 900) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def screenshot(self, path: Path, width: int) -> Path:
        """The whole page at ``width`` CSS pixels (its full height) as PNG."""
        height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
        self.set_width(width, max(height, 200))
        data = self.call(
            "Page.captureScreenshot",
            format="png",
            clip={"x": 0, "y": 0, "width": width, "height": max(height, 200), "scale": 1},
        )["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)


def _devtools_port(profile: Path, process: subprocess.Popen, timeout: float = 60) -> int:
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while not (port_file.exists() and port_file.read_text().strip()):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("Chromium startade inte")
        time.sleep(0.1)
    return int(port_file.read_text().split()[0])


@contextlib.contextmanager
def chromium_page(executable: str, width: int = 340, height: int = 900):
    profile = Path(tempfile.mkdtemp(prefix="prognos-chromium-"))
    process = subprocess.Popen(
        [
            executable,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--hide-scrollbars",
            "--lang=sv-SE",
            f"--window-size={width},{height}",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = None
    try:
        port = _devtools_port(profile, process)
        target = next(
            t for t in httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json() if t["type"] == "page"
        )
        page = Page(target["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.set_width(width, height)
        yield page
    finally:
        if page is not None:
            with contextlib.suppress(Exception):
                page.ws.close()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        shutil.rmtree(profile, ignore_errors=True)
