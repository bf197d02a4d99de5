"""The catalog's schema as numbered migrations, one module each, applied in the order of
MIGRATIONS: its numbers are that order. Append a new module; never edit an applied one."""

from __future__ import annotations

from types import ModuleType

from sqlite_utils.migrations import Migrations

from store.schema import (
    m0001_foundation,
    m0002_digests,
    m0003_claims_notes,
    m0004_search,
    m0005_notes_catalog_columns,
    m0006_search_notes_with_papers,
    m0007_reminders,
    m0008_search_notes_by_paper,
    m0009_papers_published_from_listings,
    m0015_papers_metadata_checked,
    m0018_embeddings,
    m0020_languages,
    m0025_note_messages,
    m0030_service_health,
    m0035_web_views,
    m0040_catalog_models,
    m0041_wants,
    m0045_language_source,
    m0055_sessions,
    m0056_forum_topics,
    m0060_rota,
    m0061_calendar_tokens,
    m0065_summaries,
    m0075_web_papers_note_count,
    m0076_group_buttons,
)

MIGRATIONS: tuple[ModuleType, ...] = (
    m0001_foundation,
    m0002_digests,
    m0003_claims_notes,
    m0004_search,
    m0005_notes_catalog_columns,
    m0006_search_notes_with_papers,
    m0007_reminders,
    m0008_search_notes_by_paper,
    m0009_papers_published_from_listings,
    m0015_papers_metadata_checked,
    m0018_embeddings,
    m0020_languages,
    m0025_note_messages,
    m0030_service_health,
    m0035_web_views,
    m0040_catalog_models,
    m0041_wants,
    m0045_language_source,
    m0055_sessions,
    m0056_forum_topics,
    m0060_rota,
    m0061_calendar_tokens,
    m0065_summaries,
    m0075_web_papers_note_count,
    m0076_group_buttons,
)


def migration_name(module: ModuleType) -> str:
    """The name recorded in `_sqlite_migrations`: the module's name without its `m`."""
    return module.__name__.rsplit(".", 1)[1].removeprefix("m")


migrations = Migrations("paperclub")
for _module in MIGRATIONS:
    migrations(name=migration_name(_module))(_module.migrate)
