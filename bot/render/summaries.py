"""The summaries' lines (pure): /settings' line and the draft note as offered."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import Html, escape, t

DRAFT_FIELDS = ("motivation", "method", "results")


def summaries_line(configured: bool, enabled: bool) -> Html:
    """What /settings says of summaries."""
    if not configured:
        return t("summaries.not_configured")
    return t("summaries.on") if enabled else t("summaries.off")


def draft_labels() -> tuple[str, ...]:
    """The catalog's labels in the current language (动机 / 论文方法 / 实验结果 in Chinese)."""
    return tuple(str(t(f"draft.label_{name}")) for name in DRAFT_FIELDS)


def draft_message(title: str, arxiv_id: str, draft: str) -> Html:
    """The machine draft, marked as one, in a block the member can copy into /note."""
    header = t("draft.header", title=title, arxiv_id=arxiv_id)
    return Html(f"{header}\n\n<pre>{escape(draft)}</pre>")


def draft_button(arxiv_id: str) -> InlineKeyboardMarkup:
    """Under a claim's reply: the claimant's draft, one press away."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(t("draft.button")), callback_data=f"draft:{arxiv_id}")]]
    )
