"""Logging set-up that never lets the bot token reach a log line."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import IO

REDACTED = "<redacted-token>"


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes the token from the finished line, traceback included."""

    def __init__(self, secrets: list[str], fmt: str | None = None) -> None:
        super().__init__(fmt)
        # Longest first, so the whole token is replaced before its secret half is.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return line


def token_secrets(token: str, *also: str) -> list[str]:
    """The token and its secret half (after the colon), which is what must never leak, and
    any other secret (the LLM provider's API key) long enough to be one."""
    others = [secret for secret in also if len(secret) >= 8]
    if not token:
        return others
    _, _, secret = token.partition(":")
    return ([token, secret] if len(secret) >= 16 else [token]) + others


def configure_logging(
    level: str, token: str, stream: IO[str] | None = None, also: Sequence[str] = ()
) -> logging.Handler:
    """Install one redacting handler on the root logger and quiet httpx's per-request lines."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        RedactingFormatter(
            token_secrets(token, *also), "%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL (token included) at INFO; the formatter would redact it,
    # but the lines are noise at any level below WARNING.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    return handler
