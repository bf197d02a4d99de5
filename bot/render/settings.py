"""The /settings answer (pure): each setting of a group on its own line, under a title."""

from __future__ import annotations

from bot.render.lists import listed
from bot.texts import Html, t
from bot.texts.languages import language_name
from store.groups import Group
from store.parse.zones import zone_label


def settings_lines(group: Group) -> list[Html]:
    """Each setting on its own line; other features append theirs (e.g. reminders)."""
    keywords = [k for k in group.keywords if not k.startswith("-")]
    exclusions = [k.removeprefix("-") for k in group.keywords if k.startswith("-")]
    lines = [
        t("settings.categories", categories=listed(group.categories)),
        t("settings.keywords", keywords=listed(keywords))
        if keywords
        else t("settings.keywords_none"),
    ]
    if exclusions:
        lines.append(t("settings.exclusions", exclusions=listed(exclusions)))
    lines.append(t("settings.language", language=language_name(group.language)))
    lines.append(
        t(
            "settings.schedule",
            size=group.digest_size,
            time=group.digest_time,
            timezone=zone_label(group.timezone),
        )
    )
    return lines


def settings_message(group: Group, lines: list[Html]) -> Html:
    """The /settings answer: a title, then the lines."""
    return Html("\n".join([t("settings.title", title=group.title or str(group.chat_id)), *lines]))
