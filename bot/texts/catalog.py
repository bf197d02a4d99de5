"""Strings for /export and /forget."""

from bot.texts.markers import N_, NP_, Message

STRINGS: dict[str, Message] = {
    "cmd.export": N_("the group's notes as the club's Markdown (in private: your own notes)"),
    "cmd.forget": N_("delete all your notes and claims everywhere (private chat, asks first)"),
    "catalog.export_caption": NP_("{count} entry from {title}.", "{count} entries from {title}."),
    "catalog.export_mine_caption": N_("Your notes ({count})."),
    "catalog.export_empty": N_("There are no notes to export yet."),
    "catalog.export_references_caption": N_(
        "The group's papers for a reference manager (Zotero, EndNote, Mendeley), with the notes."
    ),
    "catalog.export_format_caption": NP_(
        "{count} entry from {title}, as {format}.", "{count} entries from {title}, as {format}."
    ),
    "catalog.export_references_group": N_(
        "Send /export {format} in a group: it exports the group's catalog."
    ),
    "catalog.export_unknown_format": N_(
        "/export takes no word (the club's Markdown), <code>bibtex</code>, <code>json</code>, "
        "<code>ris</code> or <code>csljson</code>."
    ),
    "catalog.export_zipped": N_(
        "Zipped: the file is {size} MB, above the {limit} MB Telegram takes from a bot. "
        "<code>paperclub import</code> reads the .zip as it is."
    ),
    "catalog.export_parts": N_(
        "In {total} zipped parts: even zipped the file is above the {limit} MB Telegram takes "
        "from a bot ({size} MB unzipped). Each part is whole on its own: import them one by one "
        "with <code>paperclub import</code>, in any order."
    ),
    "catalog.export_part": N_("Part {number} of {total}."),
    "catalog.export_too_big": N_(
        "This export is {size} MB, too big for a chat even in zipped parts: ask the operator "
        "for <code>paperclub export</code>."
    ),
    "catalog.forget_private": N_("Send /forget to me in a private chat: it concerns only you."),
    "catalog.forget_confirm": N_(
        "This deletes <b>all</b> your notes ({notes}, each with its revisions), your open "
        "claims ({claims}) and the record of your past claims ({past}) in every group. "
        "It cannot be undone. Are you sure?"
    ),
    "catalog.forget_nothing": N_("You have no notes or claims in any group: nothing to delete."),
    "catalog.forget_presses": NP_(
        "You have no notes or claims in any group; deleted your {count} 👍/👎 press on digest "
        "items.",
        "You have no notes or claims in any group; deleted your {count} 👍/👎 presses on digest "
        "items.",
    ),
    "catalog.forget_yes": N_("Delete everything"),
    "catalog.forget_no": N_("Keep my notes"),
    "catalog.forgotten": N_(
        "Done: deleted your notes ({notes}), open claims ({claims}) and past claims ({past})."
    ),
    "catalog.kept": N_("Nothing was deleted."),
    "catalog.not_yours": N_("This button is not yours."),
}
