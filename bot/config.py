"""One settings object, read once from the environment and `$PAPERCLUB_HOME/.env`.

Nothing depends on the current directory: `.env` and the default catalog live in the bot's
home folder, `$PAPERCLUB_HOME`, else `$XDG_DATA_HOME/paperclub`, else `~/.local/share/paperclub`.
"""

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
class LlmSettings:
    """The optional summaries provider: any OpenAI-compatible chat completions endpoint."""

    base_url: str
    api_key: str
    model: str
    daily_tokens: int = 200_000  # prompt and answer tokens a day, over every group
    deadline: float = 60.0  # seconds for one request, its retries included


@dataclass(frozen=True)
class Settings:
    """Everything the process reads from its environment."""

    telegram_bot_token: str
    telegram_api_url: str = "https://api.telegram.org"
    home: Path = Path(".")  # load_settings always resolves it (see the module docstring)
    db_path: Path = Path("paperclub.db")
    arxiv_rss_url: str = "https://rss.arxiv.org/rss/"
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    timezone: str = "UTC"
    log_level: str = "INFO"
    allowed_chats: frozenset[int] | None = None  # None: any group may use the bot
    operator_chat: int | None = None  # errors and a daily health line go here
    conflict_exit_after: float = 60.0  # seconds of 409 Conflict before the process gives up
    # a member's arXiv look-up, all told: at most half waiting for a turn, half the transfer
    arxiv_lookup_seconds: float = 30.0
    web_url: str | None = None  # where members reach `paperclub web`; None: the bot never links
    embedding_model: Path | None = None  # the semantic ranker's model folder (optional extra)
    upload_limit: int = 50_000_000  # bytes per file the Bot API takes from a bot (50 MB)
    agenda_hours: float = 24.0  # a meeting's agenda is posted this long before it
    zotero_api_key: str | None = None  # `paperclub zotero push` writes with it (never logged)
    zotero_api_url: str = "https://api.zotero.org"
    llm: LlmSettings | None = None  # an OpenAI-compatible provider for summaries (optional extra)

    @property
    def secrets(self) -> tuple[str, ...]:
        """What no log line may show: the bot token, the provider's and Zotero's API keys."""
        keys = (self.llm.api_key if self.llm else "", self.zotero_api_key or "")
        return (self.telegram_bot_token, *(key for key in keys if key))

    @property
    def bot_base_url(self) -> str:
        """Base for Bot API methods: `{url}/bot<token>/method`."""
        return f"{self.telegram_api_url}/bot"

    @property
    def bot_file_url(self) -> str:
        """Base for file downloads: `{url}/file/bot<token>/path`."""
        return f"{self.telegram_api_url}/file/bot"


def home_folder(environ: Mapping[str, str]) -> Path:
    """Where `.env` and the default catalog live, whatever the current directory."""
    if home := environ.get("PAPERCLUB_HOME", "").strip():
        return Path(home).expanduser().absolute()
    data = environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(data).expanduser().absolute() / "paperclub"


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: str | Path | None = None,
    *,
    require_token: bool = True,
) -> Settings:
    """Read settings; the real environment wins over `.env` (in the home folder unless
    `env_file` is given), which wins over defaults."""
    real = os.environ if environ is None else environ
    home = home_folder(real)
    env_path = Path(env_file) if env_file is not None else home / ".env"
    values: dict[str, str] = {}
    if env_path.is_file():
        values.update({k: v for k, v in dotenv_values(env_path).items() if v is not None})
    values.update(real)

    token = values.get("TELEGRAM_BOT_TOKEN", "").strip()
    if require_token and not token:
        raise ConfigError(
            f"TELEGRAM_BOT_TOKEN is not set: put it in {env_path} (see .env.example)."
        )
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
    embedding_model = values.get("PAPERCLUB_EMBEDDING_MODEL", "").strip()
    return Settings(
        telegram_bot_token=token,
        telegram_api_url=_url(values, "TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/"),
        home=home,
        db_path=_db_path(values, home),
        arxiv_rss_url=_url(values, "ARXIV_RSS_URL", "https://rss.arxiv.org/rss/"),
        arxiv_api_url=_url(values, "ARXIV_API_URL", "https://export.arxiv.org/api/query"),
        timezone=timezone,
        log_level=log_level,
        allowed_chats=_chat_ids(values, "PAPERCLUB_ALLOWED_CHATS"),
        operator_chat=_operator_chat(values),
        conflict_exit_after=_seconds(values, "PAPERCLUB_CONFLICT_EXIT_AFTER", 60.0),
        arxiv_lookup_seconds=_seconds(values, "PAPERCLUB_ARXIV_LOOKUP_SECONDS", 30.0),
        web_url=_web_url(values),
        embedding_model=home / embedding_model if embedding_model else None,
        upload_limit=_megabytes(values, "PAPERCLUB_UPLOAD_LIMIT_MB", 50),
        agenda_hours=_seconds(values, "PAPERCLUB_AGENDA_HOURS", 24.0, "hours", most=168),
        zotero_api_key=values.get("ZOTERO_API_KEY", "").strip() or None,
        zotero_api_url=_url(values, "ZOTERO_API_URL", "https://api.zotero.org").rstrip("/"),
        llm=_llm(values),
    )


def _llm(values: Mapping[str, str]) -> LlmSettings | None:
    """The provider when both its URL and model are set; None (no summaries) otherwise."""
    base = values.get("PAPERCLUB_LLM_BASE_URL", "").strip()
    model = values.get("PAPERCLUB_LLM_MODEL", "").strip()
    if not base and not model:
        return None
    if not base or not model:
        raise ConfigError("PAPERCLUB_LLM_BASE_URL and PAPERCLUB_LLM_MODEL go together: set both.")
    raw = values.get("PAPERCLUB_LLM_DAILY_TOKENS", "").strip() or "200000"
    if not raw.isdigit() or int(raw) <= 0:
        raise ConfigError(f"PAPERCLUB_LLM_DAILY_TOKENS must be a positive number, not {raw!r}.")
    return LlmSettings(
        base_url=_url(values, "PAPERCLUB_LLM_BASE_URL", "").rstrip("/"),
        api_key=values.get("PAPERCLUB_LLM_API_KEY", "").strip(),  # Ollama needs none
        model=model,
        daily_tokens=int(raw),
    )


def _web_url(values: Mapping[str, str]) -> str | None:
    """PAPERCLUB_WEB_URL without its trailing slash; None when unset."""
    if not values.get("PAPERCLUB_WEB_URL", "").strip():
        return None
    return _url(values, "PAPERCLUB_WEB_URL", "").rstrip("/")


def _db_path(values: Mapping[str, str], home: Path) -> Path:
    """PAPERCLUB_DB, relative to the home folder; the default one creates the home folder."""
    raw = values.get("PAPERCLUB_DB", "").strip()
    if raw:
        return home / Path(raw).expanduser()  # an absolute path stays as it is
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home / "paperclub.db"


def _chat_ids(values: Mapping[str, str], name: str) -> frozenset[int] | None:
    raw = values.get(name, "").strip()
    if not raw:
        return None
    try:
        return frozenset(int(part) for part in re.split(r"[\s,]+", raw) if part)
    except ValueError:
        raise ConfigError(
            f"{name} must be chat ids separated by commas (e.g. -1001234567890), not {raw!r}."
        ) from None


def _operator_chat(values: Mapping[str, str]) -> int | None:
    ids = _chat_ids(values, "PAPERCLUB_OPERATOR_CHAT")
    if ids is not None and len(ids) != 1:
        raise ConfigError("PAPERCLUB_OPERATOR_CHAT must be one chat id.")
    return next(iter(ids)) if ids else None


def _seconds(
    values: Mapping[str, str], name: str, default: float, unit: str = "seconds", most: float = 0
) -> float:
    """A positive number (at most `most`, when given)."""
    raw = values.get(name, "").strip()
    try:
        number = float(raw) if raw else default
    except ValueError:
        number = -1.0
    if number <= 0 or (most and number > most):
        limit = f" up to {most:g}" if most else ""
        raise ConfigError(f"{name} must be a positive number of {unit}{limit}, not {raw!r}.")
    return number


def _megabytes(values: Mapping[str, str], name: str, default: int) -> int:
    raw = values.get(name, "").strip()
    if not raw:
        return default * 1_000_000
    if not raw.isdigit() or int(raw) == 0:
        raise ConfigError(f"{name} must be a whole number of megabytes (e.g. 50), not {raw!r}.")
    return int(raw) * 1_000_000


def _url(values: Mapping[str, str], name: str, default: str) -> str:
    value = values.get(name, default).strip() or default
    if not value.startswith(("http://", "https://")):
        raise ConfigError(f"{name}={value!r} must be an http:// or https:// URL.")
    return value
