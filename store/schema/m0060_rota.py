"""Migration 0060: the presenter rota (who takes turns, whose turn it is, who was asked to
fill which meeting's open slot) and the slot swaps members propose to each other."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Members join a group's rota in order; the turn cursor survives restarts; each ask and
    each swap offer is a row whose status is changed once, by the member it concerns."""
    db.table("rota_members").create(
        {"chat_id": int, "user_id": int, "position": int, "joined_at": str},
        pk=("chat_id", "user_id"),
        not_null={"position", "joined_at"},
    )
    db.table("rota_turns").create(
        {"chat_id": int, "last_position": int},  # the position of the member asked last
        pk="chat_id",
        not_null={"last_position"},
    )
    db.table("rota_asks").create(
        {
            "id": int,
            "chat_id": int,
            "session_on": str,  # the meeting's local date, ISO
            "user_id": int,
            "status": str,  # asked | taken | passed | claimed
            "asked_at": str,
            "answered_at": str,
        },
        pk="id",
        not_null={"chat_id", "session_on", "user_id", "status", "asked_at"},
    )
    db.table("rota_asks").create_index(["chat_id", "session_on"])
    db.table("swap_offers").create(
        {
            "id": int,
            "chat_id": int,
            "from_user": int,
            "to_user": int,
            "from_claim": int,
            "to_claim": int,
            "from_due": str,  # the claims' due dates when proposed: a changed claim is stale
            "to_due": str,
            "status": str,  # proposed | agreed | refused | stale
            "created_at": str,
            "answered_at": str,
        },
        pk="id",
        not_null={"chat_id", "from_user", "to_user", "from_claim", "to_claim", "status"},
    )
