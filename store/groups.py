"""Groups the bot serves, their settings, and the members it has seen in them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from store.catalog_models import DERIVED_TABLES, drop_catalog_model
from store.clock import to_text


@dataclass(frozen=True)
class Group:
    """One chat the bot serves, with its digest settings."""

    chat_id: int
    title: str
    timezone: str
    active: bool = True
    chat_type: str = "group"
    categories: tuple[str, ...] = ("cs.CL",)
    keywords: tuple[str, ...] = ()  # a leading "-" marks an exclusion
    digest_time: str = "09:00"
    digest_size: int = 10
    language: str = "en"  # what the bot writes in this group (/language)
    language_source: str = "adder"  # "default" (nobody chose), "adder", "admin" (/language)


@dataclass(frozen=True)
class Member:
    """A Telegram user the bot has seen."""

    user_id: int
    first_name: str
    username: str | None = None
    private_chat: bool = False
    language_code: str | None = None  # as Telegram last reported it (e.g. "zh-hans")

    @property
    def display_name(self) -> str:
        """How other members see this one: the first name, else the @username."""
        return self.first_name or (f"@{self.username}" if self.username else str(self.user_id))


def _group(row: dict[str, Any]) -> Group:
    return Group(
        chat_id=row["chat_id"],
        title=row["title"] or "",
        timezone=row["timezone"],
        active=bool(row["active"]),
        chat_type=row["chat_type"] or "group",
        categories=tuple(json.loads(row["categories"])),
        keywords=tuple(json.loads(row["keywords"])),
        digest_time=row["digest_time"],
        digest_size=row["digest_size"],
        language=row.get("language") or "en",
        language_source=row.get("language_source") or "adder",
    )


def ensure_group(
    db: Database,
    chat_id: int,
    title: str,
    chat_type: str,
    timezone: str,
    now: datetime,
    *,
    language: str | None = None,
) -> Group:
    """Create the group with defaults on first sight (`language`: the adder's; None, as from
    the command line: English until the bot is added); keep its title current; mark it active."""
    table = db.table("groups")
    known = get_group(db, chat_id)
    if known is not None and (known.title, known.chat_type, known.active) == (
        title,
        chat_type,
        True,
    ):
        return known  # nothing changed: no write on every update
    with db.atomic():
        if get_group(db, chat_id) is None:
            table.insert(
                {
                    "chat_id": chat_id,
                    "title": title,
                    "chat_type": chat_type,
                    "timezone": timezone,
                    "language": language or "en",
                    "language_source": "default" if language is None else "adder",
                    "active": 1,
                    "created_at": to_text(now),
                    "updated_at": to_text(now),
                }
            )
        else:
            table.update(
                chat_id,
                {"title": title, "chat_type": chat_type, "active": 1, "updated_at": to_text(now)},
            )
    group = get_group(db, chat_id)
    if group is None:
        raise RuntimeError("written just above, in this connection")
    return group


def adopt_adder_language(db: Database, chat_id: int, language: str, now: datetime) -> bool:
    """The bot was added by a member speaking `language`: the group takes it if nobody chose
    its language yet (made by `paperclub group`); True when it did."""
    group = get_group(db, chat_id)
    if group is None or group.language_source != "default":
        return False
    db.table("groups").update(
        chat_id,
        {"language": language, "language_source": "adder", "updated_at": to_text(now)},
    )
    return True


def get_group(db: Database, chat_id: int) -> Group | None:
    """The group's settings, or None if the bot has never been in it."""
    rows = list(db.table("groups").rows_where("chat_id = ?", [chat_id], limit=1))
    return _group(rows[0]) if rows else None


def active_groups(db: Database) -> list[Group]:
    """Every group the bot is still in, for scheduling."""
    return [_group(row) for row in db.table("groups").rows_where("active = 1", order_by="chat_id")]


def set_active(db: Database, chat_id: int, active: bool, now: datetime) -> None:
    """Mark a group left (bot removed) or rejoined; its history stays."""
    if get_group(db, chat_id) is not None:
        db.table("groups").update(chat_id, {"active": int(active), "updated_at": to_text(now)})


def update_group(db: Database, /, chat_id: int, now: datetime, **settings: Any) -> Group:
    """Change settings columns (already validated by the caller) and return the new group."""
    values = {
        key: json.dumps(list(value), ensure_ascii=False)
        if isinstance(value, tuple | list)
        else value
        for key, value in settings.items()
    }
    db.table("groups").update(chat_id, {**values, "updated_at": to_text(now)})
    group = get_group(db, chat_id)
    if group is None:
        raise RuntimeError("expected group is not None")
    return group


def record_member(
    db: Database,
    user_id: int,
    first_name: str,
    username: str | None,
    now: datetime,
    *,
    chat_id: int | None = None,
    private_chat: bool = False,
    language_code: str | None = None,
) -> None:
    """Remember a member (and that they are in `chat_id`, or have a private chat with the bot)."""
    with db.atomic():
        row: dict[str, Any] = {
            "user_id": user_id,
            "first_name": first_name,
            "username": username,
            "updated_at": to_text(now),
        }
        if private_chat:
            row["private_chat"] = 1
        if language_code:
            row["language_code"] = language_code
        db.table("members").upsert(row, pk="user_id")
        if chat_id is not None and get_group(db, chat_id) is not None:
            db.table("memberships").upsert(
                {"chat_id": chat_id, "user_id": user_id, "last_seen": to_text(now)},
                pk=("chat_id", "user_id"),
            )


def get_member(db: Database, user_id: int) -> Member | None:
    """A member the bot has seen, or None."""
    rows = list(db.table("members").rows_where("user_id = ?", [user_id], limit=1))
    if not rows:
        return None
    row = rows[0]
    return Member(
        row["user_id"],
        row["first_name"] or "",
        row["username"],
        bool(row["private_chat"]),
        row["language_code"],
    )


def member_group_ids(db: Database, user_id: int) -> list[int]:
    """The groups a member has been seen in, for private-chat views across groups."""
    return [
        row["chat_id"]
        for row in db.query(
            "select m.chat_id from memberships m join groups g on g.chat_id = m.chat_id "
            "where m.user_id = ? and g.active = 1 order by m.chat_id",
            [user_id],
        )
    ]


def migrate_group(db: Database, old_chat_id: int, new_chat_id: int, now: datetime) -> bool:
    """A group became a supergroup (new chat id): move everything it owns to the new id.

    Returns False when there is nothing to move (unknown group, or already moved).
    """
    if get_group(db, old_chat_id) is None or get_group(db, new_chat_id) is not None:
        return False
    plain_tables = db.execute(
        "select name from sqlite_master where type = 'table' and sql not like 'CREATE VIRTUAL%'"
    ).fetchall()
    owners = [
        name
        for (name,) in plain_tables
        if name != "groups"
        and name not in DERIVED_TABLES
        and "chat_id" in db.table(name).columns_dict
    ]
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute(
            "UPDATE groups SET chat_id = ?, chat_type = 'supergroup', updated_at = ? "
            "WHERE chat_id = ?",
            [new_chat_id, to_text(now), old_chat_id],
        )
        for name in owners:
            db.execute(
                f"UPDATE [{name}] SET chat_id = ? WHERE chat_id = ?", [new_chat_id, old_chat_id]
            )
        drop_catalog_model(db, old_chat_id)  # the moved notes gave the new id its own version
    return True
