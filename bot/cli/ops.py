"""`paperclub backup` and `paperclub status`: the operator's tools beside a running bot."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import LlmSettings
    from store.health import Status
    from store.summaries import Usage

EXIT_FAILED = 1


def register(commands: Any) -> None:
    """Add the operator sub-commands to the `paperclub` parser."""
    backup = commands.add_parser(
        "backup", help="copy the catalog consistently, even while the bot runs"
    )
    backup.add_argument("file", type=Path, help="the new file to write (must not exist)")
    backup.set_defaults(func=run_backup)
    status = commands.add_parser(
        "status", help="groups, feeds, digests and recent errors of the bot on this catalog"
    )
    status.add_argument(
        "--check",
        action="store_true",
        help="only check that the running bot's heartbeat is recent (exit 0) or not (exit 1)",
    )
    status.add_argument("--errors", type=int, default=10, help="how many recent errors to show")
    status.set_defaults(func=run_status)


def run_backup(args: argparse.Namespace) -> int:
    """Copy the catalog into FILE with SQLite's online backup API and check the copy."""
    from bot.config import load_settings
    from store.backup import BackupError, backup_file

    settings = load_settings(require_token=False)
    try:
        done = backup_file(settings.db_path, args.file)
    except BackupError as exc:
        print(f"paperclub: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {done.path} ({done.size:,} bytes), integrity check: {done.integrity}")
    return 0 if done.integrity == "ok" else EXIT_FAILED


# Three missed beats (jobs.operator.TICK_SECONDS apart): the bot is not running.
STALE_AFTER = timedelta(minutes=3)


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    minutes = int((now - moment).total_seconds() // 60)
    ago = f"{minutes} min ago" if minutes < 120 else f"{minutes // 60} h ago"
    return f"{moment:%Y-%m-%d %H:%M} UTC ({ago})"


def status_lines(status: Status, now: datetime) -> list[str]:
    """The report, as plain lines for a terminal."""
    alive = status.heartbeat is not None and now - status.heartbeat <= STALE_AFTER
    lines = [
        f"bot: {'running' if alive else 'NOT running'}, heartbeat {_when(status.heartbeat, now)}"
    ]
    active = [g for g in status.groups if g.active]
    lines.append(f"groups: {len(active)} active, {len(status.groups) - len(active)} inactive")
    for group in status.groups:
        digest = (
            f"last digest {group.last_digest} ({group.last_digest_status})"
            if group.last_digest
            else "no digest yet"
        )
        state = "active" if group.active else "inactive"
        lines.append(f"  {group.chat_id}  {state:8}  {group.title or '(no title)'}: {digest}")
    lines.append(f"feeds: {len(status.feeds)} category set(s)")
    for feed in status.feeds:
        listing = f", listing {feed.listing}" if feed.listing else ""
        lines.append(f"  {feed.feed_key}: fetched {_when(feed.fetched_at, now)}{listing}")
    lines.append(f"recent errors: {len(status.errors)}")
    for error in status.errors:
        lines.append(f"  {error.at:%Y-%m-%d %H:%M:%S} {error.source}: {error.message}")
    return lines


def run_status(args: argparse.Namespace) -> int:
    """Print the operator's view; with --check, only whether the bot is alive (exit status)."""
    from bot.config import load_settings
    from store.db import open_db
    from store.health import status_report
    from store.summaries import get_usage

    settings = load_settings(require_token=False)
    if not settings.db_path.is_file():
        print(f"paperclub: no catalog at {settings.db_path}", file=sys.stderr)
        return EXIT_FAILED
    db = open_db(settings.db_path)
    status = status_report(db, max(0, args.errors))
    now = datetime.now(UTC)
    alive = status.heartbeat is not None and now - status.heartbeat <= STALE_AFTER
    if args.check:
        verdict = "alive" if alive else "no recent heartbeat"
        print(f"paperclub: {verdict}: {_when(status.heartbeat, now)}")
        return 0 if alive else EXIT_FAILED
    print("\n".join(status_lines(status, now)))
    print(llm_line(get_usage(db, now.date()), settings.llm))
    return 0


def llm_line(usage: Usage, llm: LlmSettings | None) -> str:
    """Today's summaries requests and tokens against the budget (UTC day)."""
    if llm is None:
        return "summaries: not configured (PAPERCLUB_LLM_BASE_URL unset)"
    spent = " (spent: no more summaries today)" if usage.tokens >= llm.daily_tokens else ""
    return (
        f"summaries today ({usage.day}, {llm.model}): {usage.requests} requests, "
        f"{usage.tokens:,} of {llm.daily_tokens:,} tokens{spent}"
    )
