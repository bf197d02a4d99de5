"""The bot token never reaches a log line, at any level, tracebacks included."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.frame.logs import REDACTED, configure_logging
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.telegram import FakeTelegram
from tests.harness import TOKEN, running_bot


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    stream = io.StringIO()
    configure_logging("DEBUG", TOKEN, stream=stream)
    logging.getLogger("httpx").setLevel(logging.DEBUG)  # the worst case: request URLs logged
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


async def test_token_is_redacted_from_a_whole_debug_session(
    log_stream: io.StringIO, settings: Settings, telegram: FakeTelegram, arxiv_server: FakeArxiv
) -> None:
    async with running_bot(settings, telegram, arxiv_server) as bot:
        member = telegram.user("Ada")
        group = telegram.group("club")
        await telegram.send(group, member, "/paper 1707.08567")
        await telegram.next_reply(group)
        telegram.inject("sendMessage", "500")
        await telegram.send(group, member, "/help")
        await telegram.next_reply(group)  # the error handler's apology, after the failure
        assert bot.app.bot.token == TOKEN
    logs = log_stream.getvalue()
    secret = TOKEN.split(":", 1)[1]
    assert "Set Bot API URL" in logs, "PTB's own DEBUG line must be there, redacted"
    assert f"/bot{REDACTED}" in logs
    assert "Traceback" in logs or "error while handling" in logs
    assert TOKEN not in logs and secret not in logs


def test_redaction_covers_arguments_and_exceptions(log_stream: io.StringIO) -> None:
    log = logging.getLogger("paperclub.test")
    log.info("calling %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
    try:
        raise RuntimeError(f"failed on {TOKEN}")
    except RuntimeError:
        log.exception("boom")
    logs = log_stream.getvalue()
    assert logs.count(REDACTED) >= 2
    assert TOKEN.split(":", 1)[1] not in logs
