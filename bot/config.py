"""One settings object, read once from the environment and `.env`."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True)
class Settings:
    """Everything the process reads from its environment."""

    telegram_bot_token: str
    telegram_api_url: str = "https://api.telegram.org"
    db_path: Path = Path("./paperclub.db")
    arxiv_rss_url: str = "https://rss.arxiv.org/rss/"
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    timezone: str = "UTC"
    log_level: str = "INFO"

    @property
    def bot_base_url(self) -> str:
        """Base for Bot API methods: `{url}/bot<token>/method`."""
        return f"{self.telegram_api_url}/bot"

    @property
    def bot_file_url(self) -> str:
        """Base for file downloads: `{url}/file/bot<token>/path`."""
        return f"{self.telegram_api_url}/file/bot"


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: str | Path | None = ".env",
    *,
    require_token: bool = True,
) -> Settings:
    """Read settings; the real environment wins over `.env`, which wins over defaults."""
    values: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    token = values.get("TELEGRAM_BOT_TOKEN", "").strip()
    if require_token and not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set: put it in .env (see .env.example).")
    if token and not _TOKEN_RE.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (expected 123456:ABC..., "
            "as given by @BotFather)."
        )
    timezone = values.get("PAPERCLUB_TIMEZONE", "UTC").strip() or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"PAPERCLUB_TIMEZONE={timezone!r} is not a known time zone (try Asia/Shanghai or UTC)."
        ) from None
    log_level = values.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if log_level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={log_level!r} is not one of {', '.join(_LOG_LEVELS)}.")
    return Settings(
        telegram_bot_token=token,
        telegram_api_url=_url(values, "TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/"),
        db_path=Path(values.get("PAPERCLUB_DB", "./paperclub.db").strip() or "./paperclub.db"),
        arxiv_rss_url=_url(values, "ARXIV_RSS_URL", "https://rss.arxiv.org/rss/"),
        arxiv_api_url=_url(values, "ARXIV_API_URL", "https://export.arxiv.org/api/query"),
        timezone=timezone,
        log_level=log_level,
    )


def _url(values: Mapping[str, str], name: str, default: str) -> str:
    value = values.get(name, default).strip() or default
    if not value.startswith(("http://", "https://")):
        raise ConfigError(f"{name}={value!r} must be an http:// or https:// URL.")
    return value
