"""`paperclub run` as a service, as real processes against the fake Bot API on loopback
(issue 12): one instance per catalog, retries while Telegram is unreachable at start, and an
exit after a 409 Conflict that lasts."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.bot.test_cli import CLEAN_ENV
from tests.fakes.loopback import LoopbackServer
from tests.fakes.telegram import FakeTelegram
from tests.harness import TOKEN


@asynccontextmanager
async def loopback(telegram: FakeTelegram) -> AsyncIterator[str]:
    server = LoopbackServer(telegram.handle)
    url = await server.start()
    try:
        yield url
    finally:
        await server.stop()


async def start_bot(home: Path, api_url: str, **env: str) -> asyncio.subprocess.Process:
    (home / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd="/",  # nothing may depend on the current directory
        env=CLEAN_ENV | {"PAPERCLUB_HOME": str(home), "TELEGRAM_API_URL": api_url} | env,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(process: asyncio.subprocess.Process, stop: bool = True) -> tuple[int, str]:
    if stop and process.returncode is None:
        process.send_signal(signal.SIGINT)
    assert process.stderr is not None
    stderr = (await asyncio.wait_for(process.stderr.read(), 60)).decode()
    return await asyncio.wait_for(process.wait(), 60), stderr


async def answers_help(telegram: FakeTelegram) -> None:
    group = telegram.group("LLM paper club")
    await telegram.send(group, telegram.user("Ada"), "/help")
    assert "/paper" in (await telegram.next_reply(group, timeout=30)).text


async def test_a_second_instance_on_the_same_catalog_exits_2_naming_the_lock(
    tmp_path: Path,
) -> None:
    telegram = FakeTelegram(TOKEN)
    async with loopback(telegram) as url:
        first = await start_bot(tmp_path, url)
        try:
            await answers_help(telegram)  # the first one is up and holds the lock
            second = await start_bot(tmp_path, url)
            code, stderr = await finish(second, stop=False)
            assert code == 2
            [line] = stderr.strip().splitlines()
            assert line.startswith("paperclub: another paperclub")
            assert str(tmp_path / "paperclub.db.lock") in line
            await answers_help(telegram)  # the first one is unharmed
        finally:
            code, _ = await finish(first)
    assert code == 0
    # The lock died with its process: a new one starts.
    async with loopback(telegram) as url:
        again = await start_bot(tmp_path, url)
        try:
            await answers_help(telegram)
        finally:
            assert (await finish(again))[0] == 0


async def test_telegram_unreachable_at_start_is_retried_with_a_log_line(tmp_path: Path) -> None:
    telegram = FakeTelegram(TOKEN)
    telegram.inject("getMe", "timeout", times=2)  # the connection drops, as with no network
    async with loopback(telegram) as url:
        process = await start_bot(tmp_path, url)
        try:
            await answers_help(telegram)
        finally:
            code, stderr = await finish(process)
    assert code == 0
    retries = [line for line in stderr.splitlines() if "Telegram is unreachable" in line]
    assert len(retries) == 2 and "retrying in 1 s" in retries[0] and "in 2 s" in retries[1]
    assert TOKEN.split(":", 1)[1] not in stderr


async def test_a_lasting_409_conflict_is_logged_once_and_ends_the_process(tmp_path: Path) -> None:
    telegram = FakeTelegram(TOKEN)
    telegram.inject("getUpdates", "409", times=1_000_000)  # another poller on the same token
    async with loopback(telegram) as url:
        process = await start_bot(tmp_path, url, PAPERCLUB_CONFLICT_EXIT_AFTER="0.5")
        code, stderr = await finish(process, stop=False)  # it ends by itself
    assert code == 1
    errors = [line for line in stderr.splitlines() if " ERROR " in line and "Conflict" in line]
    assert len(errors) == 1 and "409 Conflict: another process is polling" in errors[0]
    assert "Traceback" not in stderr
    assert "CRITICAL bot.cli.run: still 409 Conflict after" in stderr


async def test_a_passing_polling_failure_is_a_warning_not_an_error(tmp_path: Path) -> None:
    telegram = FakeTelegram(TOKEN)
    telegram.inject("getUpdates", "500", times=2)
    async with loopback(telegram) as url:
        process = await start_bot(tmp_path, url)
        try:
            await answers_help(telegram)  # polling recovered by itself
        finally:
            code, stderr = await finish(process)
    assert code == 0
    assert "WARNING bot.frame.errors: polling: Telegram unreachable for now" in stderr
    assert " ERROR " not in stderr
