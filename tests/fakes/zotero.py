"""A fake Zotero Web API v3 on 127.0.0.1: a group library's items, listed and created.

Just what `paperclub zotero push` uses (pyzotero's `items(tag=...)` with paging and
`create_items`), answered as api.zotero.org documents it: keys of eight characters, the
`successful`/`success`/`unchanged`/`failed` write response, `Total-Results` and `Link` headers.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

PAGE = 25  # the Web API's default page size; pyzotero follows the `next` links


@dataclass
class FakeZotero:
    """One group library and the key allowed to write to it."""

    library: int
    api_key: str
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> data
    writes: int = 0
    _keys: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def listed(self, tag: str) -> list[dict[str, Any]]:
        chosen = [
            data for data in self.items.values() if any(t["tag"] == tag for t in data["tags"])
        ] if tag else list(self.items.values())  # fmt: skip
        return [{"key": data["key"], "version": 1, "data": data} for data in chosen]

    def create(self, payload: list[dict[str, Any]]) -> dict[str, Any]:
        self.writes += 1
        successful, success = {}, {}
        for index, data in enumerate(payload):
            key = f"K{next(self._keys):07d}"
            self.items[key] = {**data, "key": key, "version": 1}
            successful[str(index)] = {"key": key, "version": 1, "data": self.items[key]}
            success[str(index)] = key
        return {"successful": successful, "success": success, "unchanged": {}, "failed": {}}

    def parents(self) -> list[dict[str, Any]]:
        return [data for data in self.items.values() if data["itemType"] != "note"]

    def children(self, key: str) -> list[dict[str, Any]]:
        return [data for data in self.items.values() if data.get("parentItem") == key]


def _handler(fake: FakeZotero, base: list[str]) -> type[BaseHTTPRequestHandler]:
    items_path = f"/groups/{fake.library}/items"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _authorised(self) -> bool:
            given = self.headers.get("Zotero-API-Key") or self.headers.get(
                "Authorization", ""
            ).removeprefix("Bearer ")
            if given == fake.api_key:
                return True
            self._answer(403, {"error": "Forbidden"})
            return False

        def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path != items_path:
                self._answer(404, {"error": "Not found"})
                return
            if not self._authorised():
                return
            query = {name: values[0] for name, values in parse_qs(url.query).items()}
            found = fake.listed(query.get("tag", ""))
            start, limit = int(query.get("start", 0)), int(query.get("limit", PAGE))
            headers = {"Total-Results": str(len(found))}
            if start + limit < len(found):
                after = urlencode(query | {"start": str(start + limit), "limit": str(limit)})
                headers["Link"] = f'<{base[0]}{items_path}?{after}>; rel="next"'
            self._answer(200, found[start : start + limit], headers)

        def do_POST(self) -> None:
            if urlsplit(self.path).path != items_path:
                self._answer(404, {"error": "Not found"})
                return
            if not self._authorised():
                return
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if not isinstance(payload, list) or len(payload) > 50:
                self._answer(400, {"error": "at most 50 items"})
                return
            self._answer(200, fake.create(payload))

    return Handler


@contextmanager
def serving(fake: FakeZotero) -> Iterator[str]:
    """The fake on a free loopback port; yields its base URL."""
    base: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake, base))
    base.append(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
