"""Errors logged anywhere in the process, kept for the operator: a logging handler that holds
the newest ERROR records (token redacted) until the operator's tick takes them."""

from __future__ import annotations

import logging
import threading
from collections import deque
from datetime import UTC, datetime

from bot.frame.logs import RedactingFormatter, token_secrets
from store.health import ErrorRecord

KEPT = 500  # between two ticks; older ones are dropped (they are in the log file anyway)
MESSAGE_LIMIT = 300  # characters of the first line kept


class ErrorInbox(logging.Handler):
    """Collects ERROR and worse records from every logger; thread-safe (arXiv runs in threads)."""

    def __init__(self, token: str = "") -> None:
        super().__init__(logging.ERROR)
        self.setFormatter(RedactingFormatter(token_secrets(token), "%(message)s"))
        self._records: deque[ErrorRecord] = deque(maxlen=KEPT)
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            first_line = self.format(record).strip().splitlines()[0][:MESSAGE_LIMIT]
        except Exception:  # a logging handler must never raise
            self.handleError(record)
            return
        at = datetime.fromtimestamp(record.created, UTC)
        with self._guard:
            self._records.append(ErrorRecord(at, record.name, first_line))

    def drain(self) -> list[ErrorRecord]:
        """The errors collected since the last drain, oldest first."""
        with self._guard:
            taken = list(self._records)
            self._records.clear()
        return taken


INBOX = ErrorInbox()  # the process's one inbox; `install` gives it the token to redact


def install(token: str, *also: str) -> ErrorInbox:
    """Attach the inbox to the root logger (once), redacting `token` (and `also`)."""
    INBOX.setFormatter(RedactingFormatter(token_secrets(token, *also), "%(message)s"))
    root = logging.getLogger()
    if INBOX not in root.handlers:
        root.addHandler(INBOX)
    return INBOX


def uninstall() -> None:
    """Detach the inbox (tests)."""
    logging.getLogger().removeHandler(INBOX)
    INBOX.drain()
