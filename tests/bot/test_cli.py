"""`paperclub run` as a real process: clear exits on bad configuration, and a working bot
against a Bot API emulator (the fake, served on loopback) with the token only in `.env`."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.fakes.arxiv import FakeArxiv
from tests.fakes.loopback import LoopbackServer
from tests.fakes.telegram import FakeTelegram
from tests.harness import TOKEN

CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PAPERCLUB_"))}


def run_cli(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=cwd,
        env=CLEAN_ENV | {"PAPERCLUB_HOME": str(cwd)} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "does not look like a bot token"),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "PAPERCLUB_TIMEZONE": "Europe/Narnia"},
            "not a known time zone",
        ),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_bad_configuration_ends_with_one_line_and_status_2(
    tmp_path: Path,
    env: dict[str, str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Settings are read before anything else starts: `main` in this process ends as the
    # process would (the one below checks the process itself, past the settings).
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "PAPERCLUB_")) or name == "LOG_LEVEL":
            monkeypatch.delenv(name)
    for name, value in (env | {"PAPERCLUB_HOME": str(tmp_path)}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    stderr = capsys.readouterr().err
    assert message in stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert "not-a-token" not in stderr


def test_a_catalog_that_cannot_be_opened_ends_the_process_with_one_line_and_status_2(
    tmp_path: Path,
) -> None:
    result = run_cli(tmp_path, {"TELEGRAM_BOT_TOKEN": TOKEN, "PAPERCLUB_DB": "/no/such/dir/x.db"})
    assert result.returncode == 2
    assert "cannot open the database" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert TOKEN.split(":", 1)[1] not in result.stderr


async def test_run_answers_help_and_paper_in_a_group(
    tmp_path: Path, arxiv_server: FakeArxiv
) -> None:
    telegram = FakeTelegram(TOKEN)
    server = LoopbackServer(telegram.handle)
    api_url = await server.start()
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n")
    env = CLEAN_ENV | {
        "PAPERCLUB_HOME": str(tmp_path),
        "TELEGRAM_API_URL": api_url,
        "ARXIV_API_URL": arxiv_server.api_url,
        "PAPERCLUB_DB": str(tmp_path / "club.db"),
        "LOG_LEVEL": "DEBUG",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        member = telegram.user("Ada")
        group = telegram.group("LLM paper club")
        await telegram.send(group, member, "/help@paperclub_test_bot")
        help_reply = await telegram.next_reply(group, timeout=30)
        assert "/paper" in help_reply.text
        await telegram.send(group, member, "/paper 1707.08567")
        card = await telegram.next_reply(group, timeout=30)
        assert "Proceedings of Workshop AEW10" in card.text
    finally:
        process.send_signal(signal.SIGINT)
        assert process.stderr is not None
        stderr = (await asyncio.wait_for(process.stderr.read(), 30)).decode()
        code = await asyncio.wait_for(process.wait(), 30)
        await server.stop()
    assert code == 0
    assert "Set Bot API URL" in stderr
    assert TOKEN.split(":", 1)[1] not in stderr
    assert (tmp_path / "club.db").exists()


async def test_a_rejected_token_ends_with_one_line_and_never_prints_it(
    tmp_path: Path, arxiv_server: FakeArxiv
) -> None:
    telegram = FakeTelegram("999:some-other-token-the-server-knows-instead")  # answers 401 to ours
    server = LoopbackServer(telegram.handle)
    api_url = await server.start()
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n")
    env = CLEAN_ENV | {
        "PAPERCLUB_HOME": str(tmp_path),
        "TELEGRAM_API_URL": api_url,
        "PAPERCLUB_DB": str(tmp_path / "club.db"),
        "LOG_LEVEL": "DEBUG",  # PTB then logs URLs holding the token: they must come out redacted
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    stderr = (await asyncio.wait_for(process.stderr.read(), 30)).decode()
    code = await asyncio.wait_for(process.wait(), 30)
    await server.stop()
    assert code == 2
    # A rejected token is not retried: the process ends at once with one line of its own.
    last_line = stderr.strip().splitlines()[-1]
    assert last_line.startswith("paperclub: Telegram rejected TELEGRAM_BOT_TOKEN")
    assert "/bot<redacted-token>/getMe" in stderr or "<redacted-token>" in stderr
    assert TOKEN.split(":", 1)[1] not in stderr
