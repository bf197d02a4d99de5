"""Migration 0045: who set a group's language, so the adder's applies where nobody chose."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """`language_source`: "default" (made by `paperclub group` or `import` before the bot was
    added: nobody chose), "adder" (the language of whoever added the bot) or "admin" (/language).
    Groups from before: "default" when English and nobody was ever seen there (made by the
    command line, the bot never added), else "adder" (an admin's choice is not recorded)."""
    db.table("groups").add_column("language_source", str, not_null_default="adder")
    db.execute(
        "update groups set language_source = 'default' where language = 'en' and not exists "
        "(select 1 from memberships where memberships.chat_id = groups.chat_id)"
    )
