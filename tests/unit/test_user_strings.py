"""No user-facing words are written outside bot/texts (issue 10): every reply, button, caption,
poll and menu entry goes through t()/tn(), so the catalogs can translate it.

The scan looks at the text arguments of Telegram calls and at Html(...) literals in bot/ and
jobs/: a string literal with a letter in it there is a message the catalogs cannot see.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SENDERS = {
    "reply_text",
    "reply_html",
    "reply_document",
    "reply_poll",
    "send_message",
    "send_document",
    "send_poll",
    "edit_message_text",
    "edit_message_caption",
    "edit_text",
    "edit_caption",
    "answer",
    "answer_callback_query",
    "InlineKeyboardButton",
    "KeyboardButton",
    "ForceReply",
    "BotCommand",
    "Html",
}
TEXT_KEYWORDS = {
    "text",
    "caption",
    "question",
    "options",
    "description",
    "input_field_placeholder",
    "explanation",
}
NOT_TEXT_POSITIONS = {"BotCommand": {0}}  # the command name
MARKUP = re.compile(r"</?\w+[^>]*>?")  # tags (and a tag's opening half, as in an <a href=...)


def callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def literal_words(node: ast.expr) -> Iterator[str]:
    """String literals with letters in `node`, not looking inside nested calls (t(...) is fine)."""
    if isinstance(node, ast.Call):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if any(char.isalpha() for char in MARKUP.sub("", node.value)):
            yield node.value
        return
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            yield from literal_words(child)


def written_outside_catalogs(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        name = callee(node) if isinstance(node, ast.Call) else None
        if name not in SENDERS:
            continue
        assert isinstance(node, ast.Call)
        skipped = NOT_TEXT_POSITIONS.get(name, set())
        texts = [arg for i, arg in enumerate(node.args) if i not in skipped]
        texts += [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
        for text in texts:
            for words in literal_words(text):
                yield f"{path.name}:{node.lineno} {name}({words!r})"


def test_no_user_facing_literal_outside_bot_texts() -> None:
    found = [
        finding
        for package in ("bot", "jobs")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "texts" not in path.relative_to(ROOT).parts
        for finding in written_outside_catalogs(path)
    ]
    assert not found, "put these in bot/texts/ and use t():\n" + "\n".join(found)


def test_the_scan_catches_a_literal_reply(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "async def f(m):\n"
        '    await m.reply_text("Hello " + name, reply_markup=k)\n'
        '    await m.reply_text(t("x") + "\\n", reply_markup=k)\n'
        '    Html(f"<b>Hi</b> {x}")\n'
        """    Html('<a href="https://arxiv.org/abs/' + arxiv_id + '">')\n"""
        '    InlineKeyboardButton(t("go"), callback_data="claim:1")\n'
    )
    found = sorted(written_outside_catalogs(sample))
    assert found == ["sample.py:2 reply_text('Hello ')", "sample.py:4 Html('<b>Hi</b> ')"]
