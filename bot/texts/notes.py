"""Strings for /note and /notes."""

from bot.texts.markers import N_, Message

STRINGS: dict[str, Message] = {
    "cmd.note": N_(
        "write or add to your note on a paper (same message, a reply, or a .md/.txt file; "
        "--replace starts over)"
    ),
    "cmd.notes": N_("the group's notes on a paper (in private: all your groups')"),
    "notes.usage": N_(
        "Write your note after the id, on as many lines as you like:\n"
        "<code>/note 2401.04088\nMethod: sparse mixture of experts\nResults: ...</code>\n"
        "Or send <code>/note 2401.04088</code> and reply to my question, or send a .md or "
        ".txt file with <code>/note 2401.04088</code> as its caption. Labels such as "
        "论文名称, 机构, 动机, 论文方法, 实验结果, 相关领域 (or Title, Method, Results, Tags) "
        "are recognised; other text is kept as the note's body. A second /note on the same "
        "paper updates the fields it gives and adds other text to the body; "
        "<code>/note 2401.04088 --replace</code> replaces your note whole. Editing the "
        "message that carried your note updates it too."
    ),
    "notes.list_usage": N_("Tell me which paper: <code>/notes 2401.04088</code>."),
    "notes.prompt": N_("✍️ {name}, reply to this message with your note on {title}."),
    "notes.prompt_placeholder": N_("Method: …"),
    "notes.too_long_file": N_(
        "That file has {length} characters; a note holds at most {limit} characters. "
        "Nothing was saved: shorten it, or send it as two files, one after the other "
        "(the second adds to the first)."
    ),
    "notes.too_long_merged": N_(
        "With this, your note would have {length} characters; a note holds at most {limit} "
        "characters. Nothing was saved: send a shorter part, or start over with "
        "<code>/note {arxiv_id} --replace</code>."
    ),
    "notes.edit_too_long": N_(
        "✏️ With that edit your note would have {length} characters, over the limit: "
        "it was not updated."
    ),
    "notes.not_your_prompt": N_(
        "That question was for someone else; to write your own note, send /note {arxiv_id}."
    ),
    "notes.unchanged": N_(
        "Your note on {title} already says that: it stays at revision {revision}."
    ),
    "notes.saved_changed": N_("Changed: {fields}."),
    "notes.saved_wording": N_("Only the wording changed."),
    "notes.replaced": N_("It replaces your earlier note (earlier revisions are kept)."),
    "notes.merged_header": N_("<b>Your note now</b> (all of it: /notes {arxiv_id})"),
    "notes.edited": N_(
        "✏️ Updated {name}'s note from the edited message (revision {revision}: {fields})."
    ),
    "notes.empty": N_("That note is empty, so nothing was saved."),
    "notes.saved": N_("📝 Saved {name}'s note on {title} (revision {revision})."),
    "notes.saved_fields": N_("Fields: {fields}."),
    "notes.saved_body_only": N_("No labels found: kept as the note's body."),
    "notes.claim_done": N_("That completes {name}'s claim on it. 🎉"),
    "notes.bad_file": N_("Send the note as a .md or .txt file (got “{name}”)."),
    "notes.file_too_big": N_(
        "That file is longer than {limit} characters, the most a note holds. Nothing was "
        "saved: shorten it, or split it into files sent one after the other (each adds to "
        "your note)."
    ),
    "notes.not_text": N_("I could not read that file as UTF-8 text."),
    "notes.none": N_("No notes on {title} in this group yet. Write one with /note {arxiv_id}."),
    "notes.header": N_("<b>Notes on</b> {link} ({count})"),
    "notes.author_line": N_("<b>{name}</b> · revision {revision} · {date}"),
    "notes.in_group": N_("{line} · in {group}"),
    "notes.none_in_groups": N_(
        "No notes on {title} in your groups yet. Write one there with /note {arxiv_id}."
    ),
    "notes.imported": N_("club catalog"),
    # The labels an imported catalog entry is shown under (the club's own, in Chinese).
    "notes.label.title": N_("Title"),
    "notes.label.url": N_("Address"),
    "notes.label.institution": N_("Institution"),
    "notes.label.github": N_("GitHub address"),
    "notes.label.venue": N_("Venue"),
    "notes.label.motivation": N_("Motivation"),
    "notes.label.method": N_("Method"),
    "notes.label.results": N_("Results"),
    "notes.label.tags": N_("Tags"),
    "notes.title_beside": N_("{title} (catalog: {written})"),
    "notes.field.title": N_("title"),
    "notes.field.url": N_("address"),
    "notes.field.institution": N_("institution"),
    "notes.field.github": N_("GitHub"),
    "notes.field.venue": N_("venue"),
    "notes.field.motivation": N_("motivation"),
    "notes.field.method": N_("method"),
    "notes.field.results": N_("results"),
    "notes.field.tags": N_("tags"),
    "notes.field.body": N_("body"),
    "notes.field.wording": N_("wording"),
    "notes.paper_claim": N_("🎤 {name} presents it, due {due}."),
    "notes.paper_notes": N_("📝 Notes in this group: {count} (/notes {arxiv_id})"),
}
