"""Strings for /note and /notes."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "cmd.note": "write your note on a paper (same message, a reply, or a .md/.txt file)",
        "cmd.notes": "the group's notes on a paper",
        "notes.usage": (
            "Write your note after the id, on as many lines as you like:\n"
            "<code>/note 2401.04088\nMethod: sparse mixture of experts\nResults: ...</code>\n"
            "Or send <code>/note 2401.04088</code> and reply to my question, or send a .md or "
            ".txt file with <code>/note 2401.04088</code> as its caption. Labels such as "
            "论文名称, 机构, 动机, 论文方法, 实验结果, 相关领域 (or Title, Method, Results, Tags) "
            "are recognised; other text is kept as the note's body."
        ),
        "notes.list_usage": "Tell me which paper: <code>/notes 2401.04088</code>.",
        "notes.prompt": "✍️ {name}, reply to this message with your note on {title}.",
        "notes.prompt_placeholder": "Method: …",
        "notes.too_long": (
            "Your note is {length} characters; the limit is {limit} characters. "
            "Nothing was saved: split it, or send the longest part as a .md file."
        ),
        "notes.empty": "That note is empty, so nothing was saved.",
        "notes.saved": "📝 Saved {name}'s note on {title} (revision {revision}).",
        "notes.saved_fields": "Fields: {fields}.",
        "notes.saved_body_only": "No labels found: kept as the note's body.",
        "notes.claim_done": "That completes {name}'s claim on it. 🎉",
        "notes.bad_file": "Send the note as a .md or .txt file (got “{name}”).",
        "notes.file_too_big": "That file is {size} bytes; notes are at most {limit} characters.",
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
        "notes.paper_claim": "🎤 {name} presents it, due {due}.",
        "notes.paper_notes": "📝 Notes in this group: {count} (/notes {arxiv_id})",
    },
}
