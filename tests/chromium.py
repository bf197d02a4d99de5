"""A real headless Chromium, started once and driven over its DevTools pipe.

Starting Chromium costs about a second and 0.7 s of CPU, and so does a new tab's renderer in
part; loading the next page of the same site in the same tab costs a few milliseconds. Pages
are read as `chromium --dump-dom URL` reads them: the DOM once the load event has fired.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Chromium:
    """One browser process and one tab; `dom()` and `screenshot()` load their page in it."""

    def __init__(self, binary: str, profile: Path, timeout: float = 60.0) -> None:
        self.timeout = timeout
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def wire_pipe() -> None:  # in the child: Chromium reads fd 3 and writes fd 4
            read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self._process = subprocess.Popen(
            [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire_pipe,  # only os calls between fork and exec
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._ids = iter(range(1, 1 << 30))
        self._session = ""

    def close(self) -> None:
        """End the browser (it exits when asked, or is killed)."""
        with contextlib.suppress(OSError):
            self._send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)

    def dom(self, url: str) -> str:
        """The page's DOM after load, as `chromium --dump-dom URL` prints it."""
        session = self._load(url)
        result = self._call(
            "Runtime.evaluate",
            {"expression": "document.documentElement.outerHTML", "returnByValue": True},
            session,
        )
        return str(result["result"]["value"])

    def screenshot(self, url: str, path: Path, width: int = 1280, height: int = 1600) -> None:
        """A PNG of the page's first `width`×`height` pixels, as `--screenshot` saves it."""
        size = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        session = self._tab()
        self._call("Emulation.setDeviceMetricsOverride", size, session)
        try:
            self._load(url)
            shot = self._call("Page.captureScreenshot", {"format": "png"}, session)
            path.write_bytes(base64.b64decode(shot["data"]))
        finally:
            self._call("Emulation.clearDeviceMetricsOverride", session=session)

    def _tab(self) -> str:
        """The one tab pages load in (a new document each time, nothing cached: the web
        catalog sends no cache lifetime); its DevTools session."""
        if not self._session:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            attached = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})
            self._session = str(attached["sessionId"])
            self._call("Page.enable", session=self._session)
        return self._session

    def _load(self, url: str) -> str:
        """Navigate the tab to `url` and wait for its load event."""
        session = self._tab()
        self._events.clear()  # the last page had loaded: a load event from now on is this one
        loaded = self._call("Page.navigate", {"url": url}, session)
        assert "errorText" not in loaded, f"{url}: {loaded['errorText']}"
        self._wait_event("Page.loadEventFired", session)
        return session

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> int:
        message: dict[str, Any] = {"id": next(self._ids), "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_browser, data) :]
        return int(message["id"])

    def _call(
        self, method: str, params: dict[str, Any] | None = None, session: str = ""
    ) -> dict[str, Any]:
        sent = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline, method)
            if message.get("id") == sent:
                assert "error" not in message, f"{method}: {message['error']}"
                return dict(message.get("result", {}))
            if "method" in message:
                self._events.append(message)

    def _wait_event(self, name: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        while not any(e["method"] == name and e.get("sessionId") == session for e in self._events):
            message = self._receive(deadline, name)
            if "method" in message:
                self._events.append(message)

    def _receive(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, left))
            if not ready:
                raise AssertionError(f"Chromium: no {waiting_for} within {self.timeout} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise AssertionError(f"Chromium exited while waiting for {waiting_for}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))
