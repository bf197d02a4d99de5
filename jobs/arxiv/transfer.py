"""One HTTP GET with a deadline for the whole transfer, connect to last byte, for the arXiv API
and RSS alike (blocking: call it from a worker thread, inside a pacer turn).

httpx's timeouts are per operation: a read that gets a byte in time never times out, so an answer
dripping byte by byte kept its worker thread and its pacer lane for as long as it dripped. The
transfer runs in a small event loop of its own under `asyncio.timeout`: at the deadline the
request is cancelled and its connection closed, whatever the server is doing."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager

import anyio.lowlevel
import httpx


class TransferFailed(Exception):
    """No whole answer: no connection, an error on the way, or the deadline passed."""


# Built once, at import (it costs up to 0.1 s): nothing slow may happen inside a pacer turn, or
# the starts arXiv sees would be closer than the turns the pacer spaced.
_TLS = ssl.create_default_context()


def get_within(
    url: str, headers: Mapping[str, str], seconds: float, turn: AbstractContextManager[object]
) -> httpx.Response:
    """The whole response to GET `url` (redirects followed), or TransferFailed by `seconds`
    after `turn` (the pacer's) is entered; the client is made before, so the turn is spent on
    the request alone."""
    return asyncio.run(_get(url, dict(headers), seconds, turn))


async def _get(
    url: str, headers: dict[str, str], seconds: float, turn: AbstractContextManager[object]
) -> httpx.Response:
    async with httpx.AsyncClient(verify=_TLS, timeout=seconds, follow_redirects=True) as client:
        await anyio.lowlevel.checkpoint()  # loads anyio's loop backend (once) before the turn
        with turn:  # blocking, in this transfer's own loop: nothing else runs on it
            started = time.monotonic()
            try:
                async with asyncio.timeout(seconds):
                    return await client.get(url, headers=headers)
            except TimeoutError:
                spent = time.monotonic() - started
                raise TransferFailed(f"no whole answer within {spent:.1f} s") from None
            except httpx.HTTPError as exc:
                raise TransferFailed(f"{type(exc).__name__}: {exc}") from exc
