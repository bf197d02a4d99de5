"""Serve the fake Bot API on 127.0.0.1, so a real `paperclub run` process can talk to it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from http import HTTPStatus

import httpx

Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


class LoopbackServer:
    """A minimal HTTP/1.1 server (keep-alive, Content-Length bodies) around an httpx handler."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._server: asyncio.Server | None = None

    async def start(self) -> str:
        """Listen on a free port; returns the base URL."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while request := await self._read(reader):
                try:
                    response = await self._handler(request)
                except httpx.TimeoutException:
                    break  # an injected timeout: hang up, as a dead server would
                body = response.content
                phrase = HTTPStatus(response.status_code).phrase
                head = [f"HTTP/1.1 {response.status_code} {phrase}"]
                head.append(f"Content-Type: {response.headers.get('content-type', 'text/plain')}")
                head.append(f"Content-Length: {len(body)}")
                head += [  # any other header the handler set (e.g. Retry-After)
                    f"{name}: {value}"
                    for name, value in response.headers.items()
                    if name.lower() not in ("content-type", "content-length", "transfer-encoding")
                ]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:  # shut down mid-request (a hang): end quietly, as
            pass  # Python 3.11's stream callback would log a cancelled connection as an error
        finally:
            writer.close()

    @staticmethod
    async def _read(reader: asyncio.StreamReader) -> httpx.Request | None:
        line = await reader.readline()
        if not line.strip():
            return None
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = header.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        body = await reader.readexactly(length) if length else b""
        return httpx.Request(method, f"http://loopback{target}", headers=headers, content=body)
