"""Quoting a member's input back never breaks Telegram's 4096-character limit."""

from __future__ import annotations

from tests.harness import RunningBot


async def test_huge_arguments_get_a_short_friendly_answer(bot: RunningBot) -> None:
    admin = bot.telegram.user("Grace")
    group = bot.telegram.group("club")
    bot.telegram.set_admin(group, admin)
    for text in [
        "/claim 1707.08567 " + "x" * 4000,
        "/track " + " ".join(f"zz.Q{n}" for n in range(700)),
        "/paper " + "9" * 4000,
    ]:
        await bot.telegram.send(group, admin, text[:4096])
        reply = await bot.telegram.next_reply(group)
        assert len(reply.text) < 1000
        assert "went wrong" not in reply.text
    assert bot.telegram.rejected == []
