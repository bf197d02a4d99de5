"""A loopback arXiv: the API and RSS endpoints, serving recorded real responses.

The `arxiv` package speaks `requests`, so this is a real HTTP server on 127.0.0.1 in a thread.
Its loop waits on the listening socket and a wake-up socket together, so `stop()` returns at
once instead of after `serve_forever`'s 0.5 s poll (which cost every test half a second).
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Seen:
    """One request the fake received."""

    path: str
    query: dict[str, list[str]]
    at: float
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Feed:
    """What the RSS endpoint answers for one category set."""

    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    drip: float = 0.0  # > 0: the body goes out one byte every so many seconds


class FakeArxiv:
    """API answers by id from `fixtures/arxiv_api/`; RSS answers set per feed key by the test."""

    def __init__(self) -> None:
        bodies, records = recorded()
        self.api_bodies: dict[str, bytes] = dict(bodies)
        self.empty_body = bodies["empty"]
        self.records = dict(records)  # real metadata, answered for id lists not recorded whole
        self.feeds: dict[str, Feed] = {}
        self.seen: list[Seen] = []
        self.api_status = 200  # set to 503 to make arXiv "not answer"
        self.delay = 0.0
        self.hanging: set[str] = set()  # "api" and/or "rss": requests there hang until released
        self.truncated: set[str] = set()  # API ids answered with the first half of their body
        self.dripping: dict[str, float] = {}  # API ids answered a byte every so many seconds
        self._released = threading.Event()
        self._progress = threading.Condition()
        self.hung_requests = 0  # requests that have started hanging so far
        self.answered: dict[str, int] = {}  # endpoint ("api", "rss") -> requests answered
        self._stopping = threading.Event()
        self._wake_read, self._wake_write = socket.socketpair()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.timeout = 0  # our loop has already seen the socket ready: never wait twice
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:PORT."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """What ARXIV_API_URL should be."""
        return f"{self.url}/api/query"

    @property
    def rss_url(self) -> str:
        """What ARXIV_RSS_URL should be."""
        return f"{self.url}/rss/"

    def start(self) -> FakeArxiv:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging requests and stop serving, at once."""
        self.release()
        self._stopping.set()
        self._wake_write.send(b"x")
        self._thread.join()
        self._server.server_close()
        self._wake_read.close()
        self._wake_write.close()

    def hang(self, endpoint: str) -> None:
        """From now on requests to `endpoint` ("api" or "rss") get no answer until `release()`
        (the client's own timeout ends them first, as with a real hung server)."""
        self._released.clear()
        self.hanging.add(endpoint)

    def wait_hanging(self, count: int = 1, timeout: float = 5.0) -> None:
        """Block until `count` requests in all are hanging (call via `asyncio.to_thread`)."""
        with self._progress:
            if not self._progress.wait_for(lambda: self.hung_requests >= count, timeout):
                raise AssertionError(f"no {count} hanging arXiv requests after {timeout}s")

    def wait_answered(self, endpoint: str, count: int, timeout: float = 10.0) -> None:
        """Block until `count` requests to `endpoint` have been answered in full (call via
        `asyncio.to_thread`): a test may then change what the next one gets, race-free."""
        with self._progress:
            if not self._progress.wait_for(
                lambda: self.answered.get(endpoint, 0) >= count, timeout
            ):
                raise AssertionError(f"no {count} answered {endpoint} requests after {timeout}s")

    def drip(self, arxiv_id: str, every: float) -> None:
        """From now on the API answers `arxiv_id` one byte every `every` seconds (until the
        client gives up, or `release()`)."""
        self._released.clear()
        self.dripping[arxiv_id] = every

    def release(self) -> None:
        """Hanging requests end (with a 503), dripping ones stop, new ones are answered again."""
        self.hanging.clear()
        self.dripping.clear()
        self._released.set()

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._server, selectors.EVENT_READ)
            selector.register(self._wake_read, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in selector.select():
                    if key.fileobj is self._server and not self._stopping.is_set():
                        self._server.handle_request()

    def api_requests(self) -> list[Seen]:
        """Requests to the API endpoint, in order."""
        return [s for s in self.seen if s.path.startswith("/api/")]

    def rss_requests(self) -> list[Seen]:
        """Requests to the RSS endpoint, in order."""
        return [s for s in self.seen if s.path.startswith("/rss/")]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parsed = urlparse(self.path)
                fake.seen.append(
                    Seen(parsed.path, parse_qs(parsed.query), time.monotonic(), dict(self.headers))
                )
                if fake.delay:
                    time.sleep(fake.delay)
                endpoint = parsed.path.strip("/").split("/")[0]
                if endpoint in fake.hanging:
                    with fake._progress:
                        fake.hung_requests += 1
                        fake._progress.notify_all()
                    fake._released.wait()
                    self._send(503, b"Service Unavailable", "text/plain")
                    return
                if parsed.path.startswith("/api/"):
                    self._api(parse_qs(parsed.query))
                elif parsed.path.startswith("/rss/"):
                    self._rss(parsed.path.removeprefix("/rss/"))
                else:
                    self._send(404, b"not found", "text/plain")

            def _api(self, query: dict[str, list[str]]) -> None:
                if fake.api_status != 200:
                    self._send(fake.api_status, b"Service Unavailable", "text/plain")
                    return
                ids = ",".join(query.get("id_list", [""]))
                body = fake.api_bodies.get(ids) or fake.api_bodies.get(ids.split("v")[0])
                if body is None and any(i in fake.records for i in ids.split(",")):
                    body = atom_feed([fake.records[i] for i in ids.split(",") if i in fake.records])
                body = body or fake.empty_body
                if ids in fake.truncated:  # a connection cut mid-answer, headers saying so
                    body = body[: len(body) // 2]
                if ids in fake.dripping:
                    self._drip(body, fake.dripping[ids])
                    return
                self._send(200, body, "application/atom+xml")

            def _drip(self, body: bytes, every: float) -> None:
                """The whole answer, a byte at a time, until the client hangs up or the fake
                is released or stopped."""
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(ConnectionError):
                    for byte in body:
                        if fake._released.wait(every) or fake._stopping.is_set():
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()

            def _rss(self, key: str) -> None:
                feed = fake.feeds.get(key)
                if feed is None:
                    self._send(404, b"<html><body>Not Found</body></html>", "text/html")
                    return
                if feed.etag and self.headers.get("If-None-Match") == feed.etag:
                    self._send(304, b"", feed.content_type, feed)
                    return
                if feed.drip:
                    self._drip(feed.body, feed.drip)
                    return
                self._send(feed.status, feed.body, feed.content_type, feed)

            def _send(self, status: int, body: bytes, ctype: str, feed: Feed | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if feed is not None and feed.etag:
                    self.send_header("ETag", feed.etag)
                if feed is not None and feed.last_modified:
                    self.send_header("Last-Modified", feed.last_modified)
                self.end_headers()
                if body:
                    with contextlib.suppress(ConnectionError):  # the client gave up waiting
                        self.wfile.write(body)
                endpoint = urlparse(self.path).path.strip("/").split("/")[0]
                with fake._progress:
                    fake.answered[endpoint] = fake.answered.get(endpoint, 0) + 1
                    fake._progress.notify_all()

        return Handler


def combined_feed(bodies: list[bytes]) -> bytes:
    """A multi-category feed (`/rss/cs.AI+cs.CL`) from recorded single-category feeds, as
    rss.arxiv.org builds one: every paper once (recorded combined feeds have unique ids), as
    `new` if any category announced it new, in first-seen order, under the first feed's channel.
    """
    item_re = re.compile(rb"<item>.*?</item>", re.DOTALL)
    guid_re = re.compile(rb"<guid[^>]*>([^<]+)</guid>")
    items: dict[bytes, bytes] = {}
    for body in bodies:
        for item in item_re.findall(body):
            guid = guid_re.search(item)
            key = guid.group(1) if guid else item
            if key not in items or b">new</arxiv:announce_type>" in item:
                items[key] = item
    first = bodies[0]
    start = item_re.search(first)
    head = first[: start.start()] if start else first[: first.index(b"</channel>")]
    tail = first[first.index(b"</channel>") :]
    return head + b"\n    ".join(items.values()) + b"\n  " + tail


@functools.cache
def recorded() -> tuple[dict[str, bytes], dict[str, dict[str, object]]]:
    """The recorded API answers by id (`empty` for none) and the seed's records, read once per
    process: every fake arXiv serves the same, and reading them cost each test 5 ms. Each
    fake copies the dictionaries; nothing changes a body or a record."""
    bodies = {
        path.stem.replace("_", "/"): path.read_bytes()
        for path in (FIXTURES / "arxiv_api").glob("*.xml")
    }
    return bodies, seed_records()


def seed_records() -> dict[str, dict[str, object]]:
    """The real arXiv metadata of the seed catalog's papers (fixtures/arxiv_api/, CC0), by id."""
    path = FIXTURES / "arxiv_api" / "seed_papers_metadata.jsonl"
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {str(record["id"]): record for record in records}


def atom_feed(records: list[dict[str, object]]) -> bytes:
    """An API answer for several ids, in the layout of the recorded bodies (one <entry> each,
    fields the record lacks left out, as arXiv leaves out an empty comment). The records carry
    no dates, which the `arxiv` package requires: the first of the id's month stands in."""
    entries = []
    for r in records:
        yymm = str(r["id"])[:4]
        date = f"20{yymm[:2]}-{yymm[2:]}-01T00:00:00Z"
        lines = [
            f"<id>http://arxiv.org/abs/{r['id']}v1</id>",
            f"<title>{escape(str(r['title']))}</title>",
            f"<published>{date}</published><updated>{date}</updated>",
        ]
        if r.get("abstract"):
            lines.append(f"<summary>{escape(str(r['abstract']))}</summary>")
        for category in r.get("categories") or []:  # type: ignore[attr-defined]
            lines.append(f'<category term="{category}" scheme="http://arxiv.org/schemas/atom"/>')
        if r.get("primary_category"):
            lines.append(f'<arxiv:primary_category term="{r["primary_category"]}"/>')
        for name in r.get("authors") or []:  # type: ignore[attr-defined]
            lines.append(f"<author><name>{escape(str(name))}</name></author>")
        entries.append("<entry>" + "".join(lines) + "</entry>")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">'
        f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>"
        "<opensearch:startIndex>0</opensearch:startIndex>"
        f"<opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>"
        + "".join(entries)
        + "</feed>"
    ).encode()
