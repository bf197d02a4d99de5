"""What a model's answer must be before anyone sees it: plain text, short, in the language
asked for (a Chinese summary mostly Chinese characters). Anything else is not shown."""

from __future__ import annotations

import re

from jobs.sending import utf16_len

SUMMARY_LIMIT = 300  # UTF-16 units (as Telegram counts) shown in a digest item
DRAFT_LIMIT = 2500
CJK_SHARE_ZH = 0.5  # of the letters, at least this many Chinese characters
CJK_SHARE_OTHER = 0.05  # an English summary has next to none

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]|://|```|\]\(")
_DECOR = re.compile(r"[*_#`]+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])")


def cjk_share(text: str) -> float:
    """Chinese characters among the letters (Chinese and Latin)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def in_language(text: str, language: str) -> bool:
    """Whether the text is written in `language` (zh: mostly CJK; others: next to none)."""
    share = cjk_share(text)
    if language == "zh":
        return share >= CJK_SHARE_ZH
    return share <= CJK_SHARE_OTHER and bool(_LATIN.search(text))


def _plain(text: str) -> str | None:
    if _MARKUP.search(text):
        return None
    return _DECOR.sub("", text).strip()


def _cut(text: str, limit: int) -> str | None:
    """Whole sentences up to `limit` UTF-16 units; None when even the first is longer."""
    if utf16_len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        if utf16_len(kept) + utf16_len(sentence) > limit:
            break
        kept += sentence
    return kept.strip() or None


def checked_summary(answer: str, language: str) -> str | None:
    """The summary line to show, or None when the answer is not fit to show."""
    plain = _plain(" ".join(answer.split()))
    if not plain or not in_language(plain, language):
        return None
    return _cut(plain, SUMMARY_LIMIT)


def checked_draft(answer: str, language: str, labels: tuple[str, ...]) -> str | None:
    """The draft's labelled lines, or None when it is not fit to offer."""
    lines = [" ".join(line.split()) for line in answer.strip().splitlines() if line.strip()]
    plain = _plain("\n".join(lines))
    if not plain or len(plain) > DRAFT_LIMIT or not in_language(plain, language):
        return None
    if not any(plain.startswith(label) or f"\n{label}" in plain for label in labels):
        return None
    return plain
