"""Strings for /export and /forget."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd.export": "the group's notes as the club's Markdown (in private: your own notes)",
        "cmd.forget": "delete all your notes and claims everywhere (private chat, asks first)",
        "catalog.export_caption": "{count} entries from {title}.",
        "catalog.export_mine_caption": "Your notes ({count}).",
        "catalog.export_empty": "There are no notes to export yet.",
        "catalog.forget_private": "Send /forget to me in a private chat: it concerns only you.",
        "catalog.forget_confirm": (
            "This deletes <b>all</b> your notes ({notes}) and claims ({claims}) in every group. "
            "It cannot be undone. Are you sure?"
        ),
        "catalog.forget_nothing": "You have no notes or claims in any group: nothing to delete.",
        "catalog.forget_yes": "Delete everything",
        "catalog.forget_no": "Keep my notes",
        "catalog.forgotten": "Done: deleted {notes} notes and {claims} claims.",
        "catalog.kept": "Nothing was deleted.",
        "catalog.not_yours": "This button is not yours.",
    },
}
