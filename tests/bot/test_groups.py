"""Groups come and go: the bot is added, removed, and a group becomes a supergroup."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from store.db import open_db
from store.groups import get_group, member_group_ids, update_group
from store.visits import Recorded, Visit, record_visit, visit_recorded
from tests.harness import RunningBot


async def test_added_removed_and_migrated_group_keeps_its_settings(bot: RunningBot) -> None:
    admin = bot.telegram.user("Grace")
    group = bot.telegram.group("LLM club", supergroup=False)
    await bot.telegram.add_bot(group, by=admin)
    await bot.telegram.handled(group, admin)
    created = get_group(bot.db, group.id)
    assert created is not None and created.active and created.categories == ("cs.CL",)
    update_group(bot.db, group.id, bot.services.clock(), categories=("cs.CL", "cs.AI"))
    await bot.telegram.send(group, admin, "/help")
    await bot.telegram.next_reply(group)

    supergroup = await bot.telegram.migrate(group, by=admin)
    await bot.telegram.handled(supergroup, admin)
    moved = get_group(bot.db, supergroup.id)
    assert moved is not None and moved.categories == ("cs.CL", "cs.AI")
    assert get_group(bot.db, group.id) is None
    assert member_group_ids(bot.db, admin.id) == [supergroup.id]

    await bot.telegram.send(supergroup, admin, "/help")
    assert "/paper" in (await bot.telegram.next_reply(supergroup)).text

    await bot.telegram.add_bot(supergroup, by=admin, status="kicked")
    other = bot.telegram.private_chat(admin)
    await bot.telegram.handled(other, admin)
    await bot.settled()  # the kick is the supergroup's update: another chat, run concurrently
    removed = get_group(bot.db, supergroup.id)
    assert removed is not None and not removed.active
    # the group's jobs are dropped as its own chat's update finishes (chats run concurrently)
    await bot.telegram.wait_for(
        lambda: not [name for name in job_names(bot) if name.endswith(str(supergroup.id))]
    )


async def test_blocking_and_unblocking_the_bot_in_private_creates_no_group(bot: RunningBot) -> None:
    member = bot.telegram.user("Ada")
    chat = bot.telegram.private_chat(member)
    await bot.telegram.add_bot(chat, by=member, status="kicked")
    await bot.telegram.add_bot(chat, by=member, status="member")
    await bot.telegram.handled(chat, member)
    assert get_group(bot.db, chat.id) is None


def job_names(bot: RunningBot) -> list[str]:
    assert bot.app.job_queue is not None
    return sorted(job.name or "" for job in bot.app.job_queue.jobs())


async def test_an_upgraded_group_keeps_exactly_one_set_of_jobs_under_its_new_id(
    bot: RunningBot,
) -> None:
    admin = bot.telegram.user("Grace")
    group = bot.telegram.group("LLM club", supergroup=False)
    await bot.telegram.add_bot(group, by=admin)
    await bot.telegram.handled(group, admin)
    assert bot.app.job_queue is not None
    before = job_names(bot)
    assert f"digest:{group.id}" in before and f"reminder:{group.id}" in before
    supergroup = await bot.telegram.migrate(group, by=admin)
    await bot.telegram.handled(supergroup, admin)
    old = (f"digest:{group.id}", f"reminder:{group.id}")
    await bot.telegram.wait_for(lambda: not set(old) & set(job_names(bot)))  # the old chat's turn
    after = job_names(bot)
    assert f"digest:{supergroup.id}" in after and f"reminder:{supergroup.id}" in after
    assert f"digest:{group.id}" not in after and f"reminder:{group.id}" not in after
    assert len(after) == len(before), "no job may be doubled by the upgrade"


async def test_time_zone_and_shell_changes_move_the_digest_and_reminder_jobs(
    bot: RunningBot,
) -> None:
    admin = bot.telegram.user("Grace")
    group = bot.telegram.group("LLM club")
    bot.telegram.set_admin(group, admin)
    await bot.telegram.add_bot(group, by=admin)
    await bot.telegram.handled(group, admin)
    assert bot.app.job_queue is not None

    def local_time(name: str) -> tuple[str, str]:
        job = next(iter(bot.app.job_queue.get_jobs_by_name(name)))  # type: ignore[union-attr]
        assert job.next_t is not None
        return str(job.next_t.tzinfo), job.next_t.strftime("%H:%M")

    await bot.telegram.send(group, admin, "/timezone Asia/Shanghai")
    await bot.telegram.next_reply(group)
    await bot.telegram.handled(group, admin)
    assert local_time(f"digest:{group.id}") == ("Asia/Shanghai", "09:00")
    assert local_time(f"reminder:{group.id}") == ("Asia/Shanghai", "10:00")

    # `paperclub group ID --digest-time 07:15` from another process only writes the catalog;
    # the running bot's reconcile job follows it.
    update_group(bot.db, group.id, bot.services.clock(), digest_time="07:15")
    reconcile = bot.app.job_queue.get_jobs_by_name("digest-reconcile")
    assert len(reconcile) == 1
    await reconcile[0].run(bot.app)
    await bot.telegram.wait_for(
        lambda: local_time(f"digest:{group.id}") == ("Asia/Shanghai", "07:15"), timeout=5
    )


def test_an_update_writes_only_what_the_catalog_lacks() -> None:
    db = open_db(None)
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    visit = Visit(-100, "LLM club", "supergroup", False, "UTC", "en", 7, "Ada", "ada", "en")
    assert visit_recorded(db, visit, now) == (None, Recorded.MISSING)  # the commands need it
    group = record_visit(db, visit, now)
    assert group is not None and visit_recorded(db, visit, now) == (group, Recorded.ALL)
    renamed = replace(visit, chat_title="LLM paper club")
    assert visit_recorded(db, renamed, now)[1] is Recorded.STALE  # bookkeeping: may wait
    assert visit_recorded(db, replace(visit, first_name="Ada L."), now)[1] is Recorded.STALE
    assert visit_recorded(db, visit, now + timedelta(hours=2))[1] is Recorded.STALE
    assert visit_recorded(db, replace(visit, user_id=8), now)[1] is Recorded.MISSING
    private = replace(visit, chat_id=7, group_type=None, private=True)
    assert visit_recorded(db, private, now) == (None, Recorded.MISSING)  # first private chat
    record_visit(db, private, now)
    assert visit_recorded(db, private, now) == (None, Recorded.ALL)
    assert member_group_ids(db, 7) == [-100]
