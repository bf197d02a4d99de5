"""Telegram's HTML parse mode, as strict as the real server: the subset of tags, four named
entities, numeric entities, properly nested tags. Returns the text members would see."""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ENTITY = re.compile(r"&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));")


class EntityError(ValueError):
    """What Telegram answers as 400 "can't parse entities"."""


def parse_telegram_html(text: str) -> str:
    """Validate `text` as Telegram HTML and return its plain text, or raise EntityError."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if match is None:
                raise EntityError(f"Unexpected end tag or unsupported start tag at byte offset {i}")
            closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if name not in ALLOWED_TAGS:
                raise EntityError(f'Unsupported start tag "{name}" at byte offset {i}')
            if closing:
                if not stack or stack[-1] != name:
                    raise EntityError(f'Can\'t find end tag corresponding to start tag "{name}"')
                stack.pop()
            else:
                if name == "a" and "href=" not in attrs:
                    raise EntityError("Link URL is empty")
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if match is None:
                raise EntityError(f"Unsupported entity or stray '&' at byte offset {i}")
            number, hexa, name = match.groups()
            if name is not None:
                if name not in _NAMED:
                    raise EntityError(f'Unsupported named entity "&{name};" at byte offset {i}')
                out.append(_NAMED[name])
            else:
                out.append(chr(int(number) if number else int(hexa, 16)))
            i = match.end()
        elif char == ">":
            out.append(">")  # Telegram tolerates a bare '>'
            i += 1
        else:
            out.append(char)
            i += 1
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def plain(text: str) -> str:
    """Convenience for tests: the visible text of already-validated HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))
