"""The README, /help, the command menu and CI must agree with the registered handlers."""

from __future__ import annotations

import html
import re
from pathlib import Path

from bot.app import registered_commands
from bot.config import Settings
from bot.render.help import help_message
from bot.texts import has_text, t

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def readme_commands() -> list[str]:
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `/(\w+)", section, flags=re.MULTILINE)


def test_readme_lists_exactly_the_registered_commands_in_order() -> None:
    assert readme_commands() == [c.name for c in registered_commands()]


def test_readme_rows_match_the_help_descriptions() -> None:
    help_text = help_message(registered_commands())
    for command in registered_commands():
        assert has_text(command.help_key), f"/{command.name} has no description"
        usage = f"/{command.name} {command.args}".strip()
        assert f"| `{usage}` |" in README, f"README row for {usage!r} is missing or differs"
        assert usage.replace("<", "&lt;").replace(">", "&gt;") in help_text


def test_readme_configuration_table_and_env_example_cover_every_setting() -> None:
    env_example = (ROOT / ".env.example").read_text()
    names = {
        "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
        "telegram_api_url": "TELEGRAM_API_URL",
        "home": "PAPERCLUB_HOME",
        "db_path": "PAPERCLUB_DB",
        "arxiv_rss_url": "ARXIV_RSS_URL",
        "arxiv_api_url": "ARXIV_API_URL",
        "timezone": "PAPERCLUB_TIMEZONE",
        "log_level": "LOG_LEVEL",
        "allowed_chats": "PAPERCLUB_ALLOWED_CHATS",
        "operator_chat": "PAPERCLUB_OPERATOR_CHAT",
        "conflict_exit_after": "PAPERCLUB_CONFLICT_EXIT_AFTER",
        "arxiv_lookup_seconds": "PAPERCLUB_ARXIV_LOOKUP_SECONDS",
        "web_url": "PAPERCLUB_WEB_URL",
        "embedding_model": "PAPERCLUB_EMBEDDING_MODEL",
        "upload_limit": "PAPERCLUB_UPLOAD_LIMIT_MB",
        "agenda_hours": "PAPERCLUB_AGENDA_HOURS",
        "zotero_api_key": "ZOTERO_API_KEY",
        "zotero_api_url": "ZOTERO_API_URL",
        "llm": "PAPERCLUB_LLM_BASE_URL",
    }
    assert set(names) == set(Settings.__dataclass_fields__)
    llm_more = ("PAPERCLUB_LLM_API_KEY", "PAPERCLUB_LLM_MODEL", "PAPERCLUB_LLM_DAILY_TOKENS")
    for variable in [*names.values(), *llm_more]:
        assert f"| `{variable}` |" in README, variable
        if variable == "PAPERCLUB_HOME":  # read before .env, so it cannot be set there
            continue
        assert re.search(rf"^# .+\n{variable}=", env_example, flags=re.MULTILINE), variable


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_section = README.split("## Test it", 1)[1]
    command = re.search(r"```sh\n(.+?)\n```", test_section, flags=re.DOTALL)
    assert command is not None
    assert command.group(1) in (ROOT / ".ci" / "run").read_text().splitlines()


def test_every_commands_arguments_are_translatable_as_written() -> None:
    # Issue 22: "<category>", "<query>", "<Area/City>" stayed English in the Chinese /help.
    for command in registered_commands():
        if command.args:
            key = f"args.{command.name}"
            assert has_text(key), f"/{command.name}'s arguments have no text to translate"
            assert html.unescape(t(key, "en")) == command.args
