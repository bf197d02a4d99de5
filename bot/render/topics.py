"""A claimed paper's forum topic: its name and its opening message (pure)."""

from __future__ import annotations

from bot.render.papers import paper_card
from bot.texts import Html, t
from store.papers import Paper

TOPIC_NAME_LIMIT = 128  # Telegram's limit on a topic's name, in characters


def topic_name(paper: Paper) -> str:
    """`2401.04088 · Mixtral of Experts`, cut to Telegram's limit (plain text, not HTML)."""
    name = " ".join(f"{paper.arxiv_id} · {paper.title}".split())
    if len(name) <= TOPIC_NAME_LIMIT:
        return name
    return name[: TOPIC_NAME_LIMIT - 1].rstrip() + "…"


def topic_opener(paper: Paper, presenter: str) -> Html:
    """The topic's first message: the paper's card and who presents it (a 👍 on it is a want)."""
    return paper_card(paper, [t("topic.opener", presenter=presenter)])
