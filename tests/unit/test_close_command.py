"""Which command a mistyped one is close to (issue 22): one clear winner, else none."""

from __future__ import annotations

import pytest

from bot.handlers.welcome import close_command

COMMANDS = ("claim", "claims", "unclaim", "note", "notes", "search", "digest", "digest_size")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("cliam", "claim"),
        ("CLAIM", "claim"),
        ("serach", "search"),
        ("digestsize", "digest_size"),
        ("notess", "notes"),
        ("lang", None),  # nothing close
        ("xyz", None),
    ],
)
def test_a_close_command_is_the_one_clear_winner(typed: str, meant: str | None) -> None:
    assert close_command(typed, COMMANDS) == meant


def test_two_as_close_is_a_guess_and_says_nothing() -> None:
    assert close_command("clam", ("claim", "clams")) is None
