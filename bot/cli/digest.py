"""Operator commands: `paperclub digest` previews a group's ranked digest offline (nothing is
sent to Telegram), and `paperclub group` sets a group's settings from the shell."""

from __future__ import annotations

import argparse
import gzip
import html
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobs.arxiv.feeds import Feed
    from jobs.digest.choose import Chosen
    from store.groups import Group


def register(commands: Any) -> None:
    """Add `digest` and `group` to the `paperclub` command line."""
    preview = commands.add_parser("digest", help="preview a group's ranked digest (offline)")
    preview.add_argument("--chat", type=int, required=True, help="the group's chat id")
    preview.add_argument("--feed", nargs="+", type=Path, help="local feed files (.xml or .gz)")
    preview.add_argument("--top", type=int, help="how many to show (default: digest size)")
    preview.add_argument("--json", action="store_true", help="print a JSON list")
    preview.set_defaults(func=preview_digest)
    group = commands.add_parser("group", help="set a group's digest settings")
    group.add_argument("chat", type=int, help="the group's chat id")
    group.add_argument("--track", nargs="+", metavar="CATEGORY", help="categories to follow")
    group.add_argument("--keywords", help='comma-separated, e.g. "lora, rag, -survey"')
    group.add_argument("--timezone", help="e.g. Asia/Shanghai")
    group.add_argument("--digest-time", help="HH:MM in the group's time zone")
    group.add_argument("--digest-size", help="papers per digest, 1-50")
    group.set_defaults(func=set_group)


def _fail(message: str) -> int:
    print(f"paperclub: {message}", file=sys.stderr)
    return 1


def _read_feed(path: Path) -> Feed:
    from jobs.arxiv.feeds import parse_feed

    data = path.read_bytes()
    return parse_feed(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def preview_digest(args: argparse.Namespace) -> int:
    """Print the group's ranked selection, best first: id, score, reasons (or JSON)."""
    from bot.config import load_settings
    from jobs.arxiv.categories import feed_key
    from jobs.arxiv.feeds import (
        FeedError,
        FeedUnavailable,
        fetch_feed_bytes,
        merge_feeds,
        parse_feed,
    )
    from jobs.arxiv.pacer import Pacer
    from jobs.rank.semantic.errors import ModelError
    from store.backup import BackupError
    from store.db import open_db
    from store.groups import get_group

    settings = load_settings(require_token=False)
    group = get_group(open_db(settings.db_path), args.chat)
    if group is None:
        return _fail(f"no group {args.chat} in {settings.db_path} (see `paperclub group`)")
    try:
        if args.feed:
            feed = merge_feeds([_read_feed(path) for path in args.feed])
        else:
            url = settings.arxiv_rss_url + feed_key(group.categories)
            result = fetch_feed_bytes(url, Pacer())
            feed = parse_feed(result.body or b"")
    except (OSError, FeedError, FeedUnavailable) as exc:
        return _fail(f"cannot read the feed: {exc}")
    if args.top and args.top > 0:
        group = replace(group, digest_size=args.top)
    try:
        chosen = _rank_as_the_bot(settings.db_path, settings.embedding_model, group, feed)
    except (BackupError, ModelError) as exc:
        return _fail(str(exc))
    rows = _rows(chosen)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{feed.listing_date} · {', '.join(group.categories)} · {len(rows)} shown")
    for row in rows:
        reasons = "; ".join(row["reasons"]) or "-"
        print(f"{row['rank']:>3}. {row['arxiv_id']:<12} {row['score']:>7.3f}  {reasons}")
        print(f"     {row['title']}")
    return 0


def _rank_as_the_bot(db_path: Path, model: Path | None, group: Group, feed: Feed) -> list[Chosen]:
    """The bot's own digest builder (catalog model, the group's claims, notes and wants, the
    semantic ranker when configured) on a scratch copy of the catalog holding the feed, so the
    preview is the order the group would get and the real catalog is never written."""
    import asyncio

    from bot.outbound.digest_pages import DigestPages
    from jobs.digest.build import DigestBuilder
    from jobs.rank.semantic import semantic_ranker
    from store.backup import backup_file
    from store.db import open_db
    from store.feeds import store_listing

    now = datetime.now(UTC)
    listing = feed.listing_date or now.date()
    with tempfile.TemporaryDirectory(prefix="paperclub-preview-") as folder:
        copy = Path(folder) / "preview.db"
        backup_file(db_path, copy)
        scratch = open_db(copy)
        store_listing(scratch, "+".join(group.categories), listing, feed.items, now)
        builder = DigestBuilder(
            scratch, DigestPages(scratch), semantic=semantic_ranker(model, copy)
        )
        try:
            found = asyncio.run(builder.choose(group, listing, now))
        finally:
            builder.close()
            scratch.conn.close()
    return found[1] if found else []


def _rows(chosen: Sequence[Chosen]) -> list[dict[str, Any]]:
    from bot.render.digest import reason_text

    return [
        {
            "rank": rank,
            "arxiv_id": c.paper.arxiv_id,
            "score": c.ranked.score,
            "announce_type": c.announce_type,
            "reasons": [html.unescape(reason_text(r)) for r in c.ranked.reasons],
            "title": c.paper.title,
        }
        for rank, c in enumerate(chosen, 1)
    ]


def set_group(args: argparse.Namespace) -> int:
    """Validate and apply the given settings (creating the group if needed), then print them."""
    from bot.config import load_settings
    from jobs.arxiv.categories import MAX_TRACKED, check_categories
    from store.db import open_db
    from store.groups import ensure_group, get_group, update_group
    from store.parse.settings import (
        parse_digest_size,
        parse_digest_time,
        parse_timezone,
        split_keywords,
    )

    settings = load_settings(require_token=False)
    db = open_db(settings.db_path)
    now = datetime.now(UTC)
    changes: dict[str, Any] = {}
    if args.track:
        check = check_categories(args.track)
        if check.unknown or not check.known or len(check.known) > MAX_TRACKED:
            return _fail(f"unknown or too many categories: {', '.join(check.unknown) or '-'}")
        changes["categories"] = list(check.known)
    if args.keywords is not None:
        words = split_keywords(args.keywords) if args.keywords.strip() else []
        if words is None:
            return _fail("keywords are comma-separated, each 1-60 characters")
        changes["keywords"] = words
    for name, parse, hint in (
        ("timezone", parse_timezone, "a time zone such as Asia/Shanghai"),
        ("digest_time", parse_digest_time, "HH:MM from 00:00 to 23:59"),
        ("digest_size", parse_digest_size, "a number from 1 to 50"),
    ):
        raw = getattr(args, name)
        if raw is not None:
            value = parse(raw)
            if value is None:
                return _fail(f"--{name.replace('_', '-')} {raw!r}: expected {hint}")
            changes[name] = value
    if get_group(db, args.chat) is None:
        ensure_group(db, args.chat, "", "supergroup", settings.timezone, now)
    group = update_group(db, args.chat, now, **changes) if changes else get_group(db, args.chat)
    if group is None:
        raise RuntimeError("expected group is not None")
    print(
        json.dumps(
            {
                "chat_id": group.chat_id,
                "categories": list(group.categories),
                "keywords": list(group.keywords),
                "timezone": group.timezone,
                "digest_time": group.digest_time,
                "digest_size": group.digest_size,
            },
            ensure_ascii=False,
        )
    )
    return 0
