"""The daily digest: one JobQueue job per group at its local time, the feed watcher with its
retries, and /digest."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from telegram import Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError, TimedOut
from telegram.ext import TypeHandler

from bot.chats import is_group_chat
from bot.commands import Command
from bot.digest_format import (
    PART_BUDGET,
    DigestEntry,
    digest_header,
    item_lengths,
)
from bot.digest_view import digest_part
from bot.features import Feature
from bot.handlers.claims import notify_new_versions
from bot.scheduling import JOB_KWARGS, MISFIRE_GRACE_SECONDS, replace_daily_job
from bot.services import Services, get_services
from bot.state import App, Context
from bot.texts import t
from jobs.calendar import ARXIV_TZ, current_listing, retry_delay
from jobs.digest import Step, assign_parts, choose_items, digest_missed, next_step
from jobs.group_settings import digest_clock
from jobs.ranking import CatalogEntry
from jobs.watch import Verdict, watch_once
from store.db import Database
from store.digests import (
    EMPTY,
    FAILED,
    PENDING,
    SENDING,
    DigestItem,
    catalog_texts,
    digests_with_status,
    get_digest,
    mark_digest,
    record_part_sent,
    start_digest,
)
from store.feeds import has_listing, listing_candidates, listing_counts
from store.groups import Group, active_groups, get_group, migrate_group, set_active

log = logging.getLogger(__name__)

WATCH_AT = time(0, 30, tzinfo=ARXIV_TZ)  # half an hour after rss.arxiv.org rebuilds
RETRY_BASE_SECONDS = 120.0
RETRY_CAP_SECONDS = 1800.0
RESEND_SECONDS = 60.0
RECONCILE_SECONDS = 600  # settings changed by `paperclub group` reach the job within this
_SCHEDULED = "digest_schedules"  # bot_data: chat_id -> (timezone, digest time) scheduled
MAX_RESUMES = 5  # a digest failing this often in one run is given up (status failed)


class Outcome(Enum):
    """What a digest run did, for /digest's answer."""

    POSTED = "posted"
    ALREADY = "already"
    NO_ANNOUNCEMENT = "no_announcement"
    WAITING = "waiting"
    NOTHING = "nothing"
    FAILED = "failed"
    REFUSED = "refused"  # Telegram refused it for good earlier: not posted again


def digest_job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def schedule_group_digest(application: App, group: Group) -> None:
    """(Re)schedule a group's daily digest at its local time (zoneinfo: DST-correct)."""
    assert application.job_queue is not None
    at = digest_clock(group.digest_time, group.timezone)
    replace_daily_job(
        application.job_queue, digest_job_name(group.chat_id), digest_job, at, chat_id=group.chat_id
    )
    application.bot_data.scheduled.setdefault(_SCHEDULED, {})[group.chat_id] = _signature(group)


def rebuild_group_jobs(application: App, chat_id: int) -> None:
    """Rebuild one group's digest job from the catalog; drop it if the group is gone or left."""
    assert application.job_queue is not None
    group = get_group(get_services(application).db, chat_id)
    if group is not None and group.active:
        schedule_group_digest(application, group)
        return
    for job in application.job_queue.get_jobs_by_name(digest_job_name(chat_id)):
        job.schedule_removal()
    application.bot_data.scheduled.setdefault(_SCHEDULED, {}).pop(chat_id, None)


def _signature(group: Group) -> tuple[str, str]:
    return group.timezone, group.digest_time


async def reconcile_job(context: Context) -> None:
    """Follow settings changed outside this process (`paperclub group`) and groups left."""
    scheduled = context.bot_data.scheduled.setdefault(_SCHEDULED, {})
    active = {g.chat_id: g for g in active_groups(get_services(context).db)}
    for chat_id in set(scheduled) | set(active):
        group = active.get(chat_id)
        if group is None or scheduled.get(chat_id) != _signature(group):
            rebuild_group_jobs(context.application, chat_id)


async def digest_job(context: Context) -> None:
    """The daily job of one group: post today's digest (once)."""
    assert context.job is not None and context.job.chat_id is not None
    await deliver_digest(context.application, context.job.chat_id)


async def resume_job(context: Context) -> None:
    """Finish sending a digest that a failure or a stop cut short (its own listing)."""
    assert context.job is not None and context.job.chat_id is not None
    listing = context.job.data
    assert isinstance(listing, date)
    group = get_group(get_services(context).db, context.job.chat_id)
    if group is not None and group.active:
        async with _chat_lock(context.application, group.chat_id):
            await _send_parts(context.application, group, listing, late=False)


def _chat_lock(application: App, chat_id: int) -> asyncio.Lock:
    return application.bot_data.lock(f"digest:{chat_id}")


async def deliver_digest(application: App, chat_id: int) -> Outcome:
    """Post (or finish posting) the group's digest of the listing current now; idempotent."""
    services = get_services(application)
    db, now = services.db, services.clock()
    group = get_group(db, chat_id)
    if group is None or not group.active:
        return Outcome.NOTHING
    listing = current_listing(now)
    record = get_digest(db, chat_id, listing)
    status = record.status if record else None
    step = next_step(listing, status, has_listing(db, listing, group.categories))
    if step is Step.FETCH:
        await refresh_feeds(application)  # may post this digest itself if it was waiting
    async with _chat_lock(application, chat_id):
        record = get_digest(db, chat_id, listing)
        status = record.status if record else None
        step = next_step(listing, status, has_listing(db, listing, group.categories))
        if step is Step.FINISHED:
            if status == FAILED:
                return Outcome.REFUSED
            return Outcome.ALREADY if status != EMPTY else Outcome.NOTHING
        if step is Step.NO_ANNOUNCEMENT:
            mark_digest(db, chat_id, listing, EMPTY, now)
            return Outcome.NO_ANNOUNCEMENT
        if step is Step.FETCH:
            mark_digest(db, chat_id, listing, PENDING, now)
            return Outcome.WAITING
        if step is Step.BUILD and not await _build(db, group, listing, now):
            mark_digest(db, chat_id, listing, EMPTY, now)
            return Outcome.NOTHING
        return await _send_parts(application, group, listing, late=status == PENDING)


async def _build(db: Database, group: Group, listing: date, now: datetime) -> bool:
    """Choose the items, pack them into parts and write the ledger before sending anything."""
    candidates = listing_candidates(db, listing, group.categories)
    if not candidates:
        return False
    catalog = [
        CatalogEntry(c.key, c.text, c.has_notes, c.title) for c in catalog_texts(db, group.chat_id)
    ]
    # Ranking against a large catalog is ~1 s of pure CPU: off the event loop.
    chosen = await asyncio.to_thread(
        choose_items, candidates, group.keywords, catalog, group.digest_size
    )
    entries = [
        DigestEntry(n, c.paper, c.announce_type, _reasons(c.ranked.reasons))
        for n, c in enumerate(chosen, 1)
    ]
    header = digest_header(listing, listing_counts(db, listing, group.categories), 0, 0)
    parts = assign_parts(len(header) + 200, item_lengths(entries), PART_BUDGET)
    items = [
        DigestItem(e.number, e.paper.arxiv_id, c.ranked.score, e.reasons, part)  # type: ignore[arg-type]
        for e, c, part in zip(entries, chosen, parts, strict=True)
    ]
    start_digest(db, group.chat_id, listing, items, (parts[-1] + 1) if parts else 0, now)
    return True


def _reasons(reasons: Any) -> tuple[dict[str, Any], ...]:
    return tuple({"kind": r.kind, "value": r.value, "notes": r.notes} for r in reasons)


async def _send_parts(
    application: App,
    group: Group,
    listing: date,
    *,
    late: bool,
) -> Outcome:
    """Send the parts not sent yet, recording each one as it reaches Telegram. A part is never
    sent twice: a timeout (it may have arrived) counts it as sent; a refusal stops for good."""
    services = get_services(application)
    db = services.db
    chat_id = group.chat_id
    record = get_digest(db, chat_id, listing)
    if record is None or record.status != SENDING:
        return Outcome.ALREADY
    for part in range(record.parts_sent, record.parts_total):
        text, markup = digest_part(db, chat_id, listing, part, late=late)
        try:
            message = await application.bot.send_message(chat_id, text, reply_markup=markup)
        except ChatMigrated as moved:
            return _follow_upgrade(application, chat_id, int(moved.new_chat_id), listing)
        except Forbidden:
            set_active(db, chat_id, False, services.clock())
            return Outcome.FAILED
        except BadRequest:
            log.error("digest part %d for %s refused; giving up", part, chat_id, exc_info=True)
            mark_digest(db, chat_id, listing, FAILED, services.clock())
            return Outcome.FAILED
        except TimedOut:
            log.warning("digest part %d for %s timed out; not resending it", part, chat_id)
            record_part_sent(db, chat_id, listing, part, None, services.clock())
            continue
        except TelegramError:
            return _retry_later(application, chat_id, listing, part)
        record_part_sent(db, chat_id, listing, part, message.message_id, services.clock())
    return Outcome.POSTED


def _retry_later(
    application: App,
    chat_id: int,
    listing: date,
    part: int,
) -> Outcome:
    """A passing failure: resume in a minute, at most MAX_RESUMES times, then give up."""
    attempts = application.bot_data.digest_attempts
    attempts[(chat_id, listing)] = attempts.get((chat_id, listing), 0) + 1
    if attempts[(chat_id, listing)] > MAX_RESUMES:
        log.error("digest part %d for %s kept failing; giving up", part, chat_id, exc_info=True)
        services = get_services(application)
        mark_digest(services.db, chat_id, listing, FAILED, services.clock())
        return Outcome.FAILED
    log.warning("digest part %d for %s failed; resuming later", part, chat_id, exc_info=True)
    _schedule_resume(application, chat_id, listing, RESEND_SECONDS)
    return Outcome.FAILED


def _follow_upgrade(
    application: App,
    old: int,
    new: int,
    listing: date,
) -> Outcome:
    """The group became a supergroup: move it (if not yet moved) and send the rest there."""
    services = get_services(application)
    migrate_group(services.db, old, new, services.clock())
    record = get_digest(services.db, new, listing)
    if record is None or record.status != SENDING:
        log.error("digest for %s: group moved to %s without its digest; stopping", old, new)
        return Outcome.FAILED
    _schedule_resume(application, new, listing, 0.0)
    return Outcome.FAILED


def _schedule_resume(
    application: App,
    chat_id: int,
    listing: date,
    delay: float,
) -> None:
    assert application.job_queue is not None
    name = f"digest-resume:{chat_id}:{listing.isoformat()}"
    if not application.job_queue.get_jobs_by_name(name):
        application.job_queue.run_once(
            resume_job, delay, chat_id=chat_id, data=listing, name=name, job_kwargs=JOB_KWARGS
        )


async def refresh_feeds(application: App) -> Verdict:
    """Fetch the due listing for the union of all groups' categories (once, shared), then tell
    claimants about new versions and post digests that were waiting; retry with backoff."""
    services = get_services(application)
    lock = application.bot_data.lock("feed")
    async with lock:
        groups = active_groups(services.db)
        categories = {c for group in groups for c in group.categories}
        now = services.clock()
        outcome = await watch_once(
            services.db, services.pacer, services.settings.arxiv_rss_url, categories, now
        )
    if outcome.verdict in (Verdict.STALE, Verdict.FAILED):
        _schedule_watch_retry(application, outcome.listing)
        return outcome.verdict
    application.bot_data.watch_attempts.clear()
    if outcome.ingest is not None:
        await _notify_new_versions(application, services, outcome.ingest.replaced)
        for chat_id, listing in digests_with_status(services.db, PENDING):
            if listing == outcome.listing:
                await deliver_digest(application, chat_id)
    return outcome.verdict


def _schedule_watch_retry(application: App, listing: date) -> None:
    assert application.job_queue is not None
    attempts = application.bot_data.watch_attempts
    attempt = attempts.get(listing, 0)
    attempts.clear()
    attempts[listing] = attempt + 1
    if application.job_queue.get_jobs_by_name("watch-retry"):
        return
    delay = retry_delay(attempt, RETRY_BASE_SECONDS, RETRY_CAP_SECONDS)
    log.info("feed for %s not ready; retry %d in %.0f s", listing, attempt + 1, delay)
    application.job_queue.run_once(watch_job, delay, name="watch-retry", job_kwargs=JOB_KWARGS)


async def watch_job(context: Context) -> None:
    """The watcher's daily run (and its retries)."""
    await refresh_feeds(context.application)


async def _notify_new_versions(
    application: App,
    services: Services,
    replaced: list[tuple[str, int]],
) -> None:
    """Tell claimants about new versions; a failing notice must never stop the digests."""
    if not replaced:
        return
    try:
        await notify_new_versions(application.bot, services, replaced)
    except Exception:
        log.exception("notifying new versions failed")


async def digest_command(update: Update, context: Context) -> None:
    """/digest: an admin posts today's digest now (the ledger still prevents doubles)."""
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    outcome = await deliver_digest(context.application, chat.id)
    listing = current_listing(get_services(context).clock()).isoformat()
    replies = {
        Outcome.ALREADY: t("digest.already_posted", date=listing),
        Outcome.NO_ANNOUNCEMENT: t("digest.no_announcement", date=listing),
        Outcome.WAITING: t("digest.waiting", date=listing),
        Outcome.NOTHING: t("digest.no_announcement", date=listing),
        Outcome.REFUSED: t("digest.refused", date=listing),
    }
    if outcome in replies:
        await message.reply_text(replies[outcome])


async def ensure_group_job(update: Update, context: Context) -> None:
    """A group the bot has just met gets its daily digest job without waiting for a restart."""
    chat = update.effective_chat
    if chat is None or not is_group_chat(chat):
        return
    assert context.job_queue is not None
    if not context.job_queue.get_jobs_by_name(digest_job_name(chat.id)):
        group = get_group(get_services(context).db, chat.id)
        if group is not None and group.active:
            schedule_group_digest(context.application, group)


async def on_startup(application: App) -> None:
    """Rebuild every group's job and the watcher from the DB; finish digests a stop cut short."""
    assert application.job_queue is not None
    db = get_services(application).db
    now = get_services(application).clock()
    for group in active_groups(db):
        schedule_group_digest(application, group)
        _catch_up(application, group, now)
    replace_daily_job(application.job_queue, "watch-feeds", watch_job, WATCH_AT)
    application.job_queue.run_repeating(
        reconcile_job, RECONCILE_SECONDS, first=RECONCILE_SECONDS, name="digest-reconcile"
    )
    application.add_handler(TypeHandler(Update, ensure_group_job), group=2)
    for chat_id, listing in digests_with_status(db, SENDING):
        _schedule_resume(application, chat_id, listing, 0.0)
    if digests_with_status(db, PENDING):
        application.job_queue.run_once(
            watch_job, timedelta(seconds=1), name="watch-retry", job_kwargs=JOB_KWARGS
        )


def _catch_up(application: App, group: Group, now: datetime) -> None:
    """The daily job is rebuilt from now on, so a start shortly after the group's digest time
    would skip today's digest: run it once, unless the ledger already has it."""
    assert application.job_queue is not None
    at = digest_clock(group.digest_time, group.timezone)
    if not digest_missed(at, now, timedelta(seconds=MISFIRE_GRACE_SECONDS)):
        return
    if get_digest(get_services(application).db, group.chat_id, current_listing(now)) is not None:
        return  # posted, empty, failed, or being finished by the resume and watch jobs below
    application.job_queue.run_once(
        digest_job,
        1.0,
        chat_id=group.chat_id,
        name=f"digest-late:{group.chat_id}",
        job_kwargs=JOB_KWARGS,
    )


FEATURE = Feature(
    "digest",
    commands=(Command("digest", digest_command, group_only=True, admins_only=True),),
    on_startup=on_startup,
    on_group_changed=rebuild_group_jobs,
)
