"""/forget: what a member's data amounts to, counted as the member counts it, and its deletion.

A note is one per (group, entry) whatever its revisions; an open claim is a paper the member
still presents; past claims (done or released) are only the board's record of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from store.claims import delete_member_claims

_NOTES = "select count(distinct chat_id || ':' || entry_key) from notes where author_id = ?"
_CLAIMS = (
    "select coalesce(sum(status = 'open'), 0), coalesce(sum(status != 'open'), 0) "
    "from claims where user_id = ?"
)


@dataclass(frozen=True)
class Forgettable:
    """What /forget deletes: notes (not revisions), open claims, and past claims' record."""

    notes: int
    open_claims: int
    past_claims: int
    presses: int = 0  # 👍 and 👎 given in digests: deleted too, never worth a question

    def __bool__(self) -> bool:
        return bool(self.notes or self.open_claims or self.past_claims)


def forget_counts(db: Database, user_id: int) -> Forgettable:
    """What forget_member would delete, as the question to the member states it."""
    notes = db.execute(_NOTES, [user_id]).fetchone()[0]
    open_claims, past_claims = db.execute(_CLAIMS, [user_id]).fetchone()
    presses = db.execute("select count(*) from wants where user_id = ?", [user_id]).fetchone()[0]
    return Forgettable(int(notes), int(open_claims), int(past_claims), int(presses))


def forget_member(db: Database, user_id: int) -> Forgettable:
    """Delete every note, prompt, claim, nudge, want and saved search of a member: what it deleted.

    Claim ids can be reused once deleted, so the member's nudge rows go too: left behind, they
    would make the reminder skip the next claimant who gets the same id.
    """
    with db.atomic():
        deleted = forget_counts(db, user_id)
        db.execute("delete from notes where author_id = ?", [user_id])
        db.execute("delete from note_prompts where user_id = ?", [user_id])
        db.execute(
            "delete from nudges where user_id = ? "
            "or claim_id in (select id from claims where user_id = ?)",
            [user_id, user_id],
        )
        db.execute("delete from searches where user_id = ?", [user_id])
        db.execute("delete from wants where user_id = ?", [user_id])  # their 👍 and 👎
        db.execute("delete from rota_members where user_id = ?", [user_id])
        db.execute("delete from rota_asks where user_id = ?", [user_id])
        db.execute("delete from swap_offers where from_user = ? or to_user = ?", [user_id, user_id])
        delete_member_claims(db, user_id)
    return deleted
