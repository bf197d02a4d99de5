"""The operator's messages (jobs.operator.OperatorTexts), written with bot/texts."""

from __future__ import annotations

from datetime import datetime

from bot.texts import t, tn
from jobs.operator import Health
from jobs.sending import Message
from store.health import ErrorRecord
from store.summaries import Usage


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else t("operator.never")


class OperatorMessages:
    """Short, plain lines: the operator reads them on a phone."""

    def errors(self, errors: list[ErrorRecord]) -> Message:
        latest = errors[-1]
        return Message(
            tn(
                "operator.errors",
                len(errors),
                since=_when(errors[0].at),
                latest=f"{latest.source}: {latest.message}",
            )
        )

    def budget_spent(self, usage: Usage, budget: int) -> Message:
        """Once a day at most: summaries stop until tomorrow."""
        return Message(
            t(
                "operator.llm_budget_spent",
                day=usage.day.isoformat(),
                tokens=usage.tokens,
                budget=budget,
            )
        )

    def health(self, health: Health) -> Message:
        return Message(
            t(
                "operator.health",
                groups=health.active_groups,
                fetched=_when(health.last_fetch),
                digests=health.digests,
                errors=health.errors,
            )
        )
