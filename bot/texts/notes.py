"""Strings for /note and /notes."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd.note": (
            "write or add to your note on a paper (same message, a reply, or a .md/.txt file; "
            "--replace starts over)"
        ),
        "cmd.notes": "the group's notes on a paper",
        "notes.usage": (
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
        "notes.list_usage": "Tell me which paper: <code>/notes 2401.04088</code>.",
        "notes.prompt": "✍️ {name}, reply to this message with your note on {title}.",
        "notes.prompt_placeholder": "Method: …",
        "notes.too_long_file": (
            "That file has {length} characters; a note holds at most {limit} characters. "
            "Nothing was saved: shorten it, or send it as two files, one after the other "
            "(the second adds to the first)."
        ),
        "notes.too_long_merged": (
            "With this, your note would have {length} characters; a note holds at most {limit} "
            "characters. Nothing was saved: send a shorter part, or start over with "
            "<code>/note {arxiv_id} --replace</code>."
        ),
        "notes.edit_too_long": (
            "✏️ With that edit your note would have {length} characters, over the limit: "
            "it was not updated."
        ),
        "notes.not_your_prompt": (
            "That question was for someone else; to write your own note, send /note {arxiv_id}."
        ),
        "notes.unchanged": (
            "Your note on {title} already says that: it stays at revision {revision}."
        ),
        "notes.saved_changed": "Changed: {fields}.",
        "notes.saved_wording": "Only the wording changed.",
        "notes.replaced": "It replaces your earlier note (earlier revisions are kept).",
        "notes.merged_header": "<b>Your note now</b> (all of it: /notes {arxiv_id})",
        "notes.edited": (
            "✏️ Updated {name}'s note from the edited message (revision {revision}: {fields})."
        ),
        "notes.empty": "That note is empty, so nothing was saved.",
        "notes.saved": "📝 Saved {name}'s note on {title} (revision {revision}).",
        "notes.saved_fields": "Fields: {fields}.",
        "notes.saved_body_only": "No labels found: kept as the note's body.",
        "notes.claim_done": "That completes {name}'s claim on it. 🎉",
        "notes.bad_file": "Send the note as a .md or .txt file (got “{name}”).",
        "notes.file_too_big": (
            "That file is longer than {limit} characters, the most a note holds. Nothing was "
            "saved: shorten it, or split it into files sent one after the other (each adds to "
            "your note)."
        ),
        "notes.not_text": "I could not read that file as UTF-8 text.",
        "notes.none": "No notes on {title} in this group yet. Write one with /note {arxiv_id}.",
        "notes.header": "<b>Notes on</b> {link} ({count})",
        "notes.author_line": "<b>{name}</b> · revision {revision} · {date}",
        "notes.imported": "club catalog",  # the author of imported notes that name none
        "notes.field.title": "title",
        "notes.field.url": "address",
        "notes.field.institution": "institution",
        "notes.field.github": "GitHub",
        "notes.field.venue": "venue",
        "notes.field.motivation": "motivation",
        "notes.field.method": "method",
        "notes.field.results": "results",
        "notes.field.tags": "tags",
        "notes.field.body": "body",
        "notes.field.wording": "wording",
        "notes.paper_claim": "🎤 {name} presents it, due {due}.",
        "notes.paper_notes": "📝 Notes in this group: {count} (/notes {arxiv_id})",
    },
}
