"""Each group's catalog model as stored between digests (a blob jobs/ packs), and the catalog
version it was built from: the triggers of migration 0040 bump a group's version whenever its
catalog changes, so a stored model is current exactly when the two versions agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.clock import to_text
from store.db import Database

# Per-group rows derived from the notes and claims (the triggers write them): a group moving to
# a new chat id does not carry them over, its moved notes and claims make them anew.
DERIVED_TABLES = frozenset({"catalog_versions", "catalog_models"})


@dataclass(frozen=True)
class StoredModel:
    """A packed model and the catalog version it was built from."""

    version: int
    blob: bytes


def catalog_version(db: Database, chat_id: int) -> int | None:
    """The group's catalog version; None when it never had a catalog."""
    row = db.execute("select version from catalog_versions where chat_id = ?", [chat_id]).fetchone()
    return None if row is None else int(row[0])


def stored_model(db: Database, chat_id: int) -> StoredModel | None:
    """The group's stored model, current or not."""
    row = db.execute(
        "select version, model from catalog_models where chat_id = ?", [chat_id]
    ).fetchone()
    return None if row is None else StoredModel(int(row[0]), bytes(row[1]))


def save_model(
    db: Database, chat_id: int, version: int, entries: int, blob: bytes | bytearray, now: datetime
) -> None:
    """Keep the group's model, built from its catalog at `version`."""
    with db.atomic():
        db.execute(
            "insert into catalog_models (chat_id, version, entries, built_at, model) "
            "values (?, ?, ?, ?, ?) on conflict(chat_id) do update set version = excluded.version, "
            "entries = excluded.entries, built_at = excluded.built_at, model = excluded.model",
            [chat_id, version, entries, to_text(now), blob],
        )


def stale_models(db: Database) -> list[tuple[int, int]]:
    """Active groups whose stored model is missing or older than their catalog, with the
    catalog's size in entries (smallest first: they are quickest to bring up to date)."""
    rows = db.execute(
        "select v.chat_id, coalesce(m.entries, 0) from catalog_versions v "
        "join groups g on g.chat_id = v.chat_id and g.active = 1 "
        "left join catalog_models m on m.chat_id = v.chat_id "
        "where m.version is null or m.version != v.version order by 2, 1"
    ).fetchall()
    return [(int(chat_id), int(size)) for chat_id, size in rows]


def model_is_current(db: Database, chat_id: int) -> bool:
    """Whether the group's stored model matches its catalog (True without a catalog: nothing
    to build)."""
    row = db.execute(
        "select v.version = m.version from catalog_versions v "
        "left join catalog_models m on m.chat_id = v.chat_id where v.chat_id = ?",
        [chat_id],
    ).fetchone()
    return row is None or bool(row[0])


def drop_catalog_model(db: Database, chat_id: int) -> None:
    """Forget a chat's catalog version and model (the group moved to another chat id)."""
    db.execute("delete from catalog_models where chat_id = ?", [chat_id])
    db.execute("delete from catalog_versions where chat_id = ?", [chat_id])


def catalog_versions(db: Database) -> list[tuple[int, int]]:
    """Every active group that has a catalog, with its catalog's version."""
    rows = db.execute(
        "select v.chat_id, v.version from catalog_versions v "
        "join groups g on g.chat_id = v.chat_id and g.active = 1 order by 1"
    ).fetchall()
    return [(int(chat_id), int(version)) for chat_id, version in rows]
