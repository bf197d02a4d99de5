"""Settings come from the environment and the home folder's `.env`, never from the current
directory (issue 12: a service started from / must find its files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from tests.harness import TOKEN


def test_env_file_and_default_catalog_live_in_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".env").write_text("TELEGRAM_BOT_TOKEN=not-this-one\n")
    monkeypatch.chdir(elsewhere)
    home.mkdir()
    (home / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n")
    settings = load_settings({"PAPERCLUB_HOME": str(home)})
    assert settings.telegram_bot_token == TOKEN
    assert settings.db_path == home / "paperclub.db"
    relative = load_settings({"PAPERCLUB_HOME": str(home), "PAPERCLUB_DB": "club/x.db"})
    assert relative.db_path == home / "club" / "x.db"


def test_without_a_home_the_xdg_data_folder_is_used_and_created(tmp_path: Path) -> None:
    settings = load_settings({"XDG_DATA_HOME": str(tmp_path / "data"), "TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.home == tmp_path / "data" / "paperclub"
    assert settings.home.is_dir()
    assert settings.db_path == settings.home / "paperclub.db"


def test_allowed_chats_and_operator_chat_are_chat_ids(tmp_path: Path) -> None:
    env = {"PAPERCLUB_HOME": str(tmp_path), "TELEGRAM_BOT_TOKEN": TOKEN}
    assert load_settings(env).allowed_chats is None
    settings = load_settings(
        env | {"PAPERCLUB_ALLOWED_CHATS": "-1001, -1002 -1003", "PAPERCLUB_OPERATOR_CHAT": "42"}
    )
    assert settings.allowed_chats == frozenset({-1001, -1002, -1003})
    assert settings.operator_chat == 42
    for bad in (
        {"PAPERCLUB_ALLOWED_CHATS": "my group"},
        {"PAPERCLUB_OPERATOR_CHAT": "1, 2"},
        {"PAPERCLUB_CONFLICT_EXIT_AFTER": "soon"},
    ):
        with pytest.raises(ConfigError):
            load_settings(env | bad)


def test_the_upload_limit_is_telegrams_50_mb_unless_set_in_whole_megabytes(tmp_path: Path) -> None:
    env = {"PAPERCLUB_HOME": str(tmp_path), "TELEGRAM_BOT_TOKEN": TOKEN}
    assert load_settings(env).upload_limit == 50_000_000
    local_server = env | {"PAPERCLUB_UPLOAD_LIMIT_MB": "2000"}
    assert load_settings(local_server).upload_limit == 2_000_000_000
    for bad in ("0", "fifty", "1.5", "-3"):
        with pytest.raises(ConfigError, match="PAPERCLUB_UPLOAD_LIMIT_MB"):
            load_settings(env | {"PAPERCLUB_UPLOAD_LIMIT_MB": bad})
