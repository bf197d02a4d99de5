"""An imported catalog entry as the group reads it: its labels in the group's language and
arXiv's title beside the one the catalog wrote (pure)."""

from __future__ import annotations

from bot.texts import Html, t
from store.parse.note_fields import TEXT_FIELDS
from store.parse.note_labels import relabel

_LABELLED = (*TEXT_FIELDS, "tags")


def imported_text(text: str, arxiv_title: str = "") -> str:
    """The entry's text (unescaped) with the group's labels, arXiv's title where known."""
    labels = {name: str(t(f"notes.label.{name}")) for name in _LABELLED}

    def title(written: str) -> str:
        if not arxiv_title or arxiv_title.casefold() == written.casefold():
            return written
        # Plain text out (the caller escapes it): the values go in marked as not to escape.
        return str(t("notes.title_beside", title=Html(arxiv_title), written=Html(written)))

    return relabel(text, labels, title)
