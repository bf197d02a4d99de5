"""Scheduled work, wired: the Telegram sender, the job-queue timer, the feed watcher, digest
building and delivery, the reminder runner, and one GroupSchedule per kind of daily job."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from telegram import Update

from bot.config import ConfigError
from bot.frame.chats import is_group_chat
from bot.frame.here import in_group
from bot.frame.services import Services
from bot.frame.state import App, Context
from bot.frame.work import ScheduledWork
from bot.outbound.agenda_messages import AgendaMessages
from bot.outbound.digest_pages import DigestPages
from bot.outbound.operator_messages import OperatorMessages
from bot.outbound.reminder_messages import ReminderMessages
from bot.outbound.rota_messages import RotaMessages
from bot.outbound.sender import TelegramSender
from bot.outbound.session_topics import PaperTopicsOfSessions
from bot.outbound.timer import JobQueueTimer
from bot.outbound.version_notices import notify_new_versions
from jobs.arxiv.backfill import MetadataBackfill
from jobs.arxiv.ingest import WatchOutcome
from jobs.arxiv.watcher import FeedWatcher
from jobs.digest.build import DigestBuilder
from jobs.digest.delivery import DigestDelivery
from jobs.rank.semantic import semantic_ranker
from jobs.rank.semantic.errors import ModelError
from jobs.reminders.runner import ReminderRunner
from jobs.schedule import GroupSchedule, Plan
from jobs.sessions.agenda import AgendaRunner
from jobs.sessions.rota import RotaAsker
from jobs.summaries.listing import ListingSummaries
from jobs.summaries.provider import ChatProvider
from jobs.summaries.summarizer import Summarizer
from store.embeddings import catalog_file
from store.summaries import Usage
from store.topics import thread_for

log = logging.getLogger(__name__)


def build_scheduled_work(application: App, services: Services) -> ScheduledWork:
    """Wire scheduled work to this application's bot and job queue."""
    if application.job_queue is None:
        raise RuntimeError("expected application.job_queue is not None")
    db, clock = services.db, services.clock
    allowed = services.settings.allowed_chats
    sender = TelegramSender(  # the allowed list, checked at each send; topics in a forum
        application.bot,
        allowed,
        lambda chat_id, paper: services.catalog.read(thread_for, chat_id, paper),
    )
    timer = JobQueueTimer(
        application.job_queue, lambda chat_id: in_group(services.catalog, chat_id)
    )
    watcher = FeedWatcher(
        services.catalog, clock, services.pacer, services.settings.arxiv_rss_url, timer
    )
    pages = DigestPages(db, services.catalog, summaries=services.settings.llm is not None)
    try:  # the optional semantic ranker: None without PAPERCLUB_EMBEDDING_MODEL
        semantic = semantic_ranker(
            services.settings.embedding_model, catalog_file(db), services.catalog
        )
    except ModelError as exc:
        raise ConfigError(str(exc)) from None
    builder = DigestBuilder(
        db, pages, catalog=services.catalog, clock=clock, timer=timer, semantic=semantic
    )
    digests = DigestDelivery(
        services.catalog,
        clock,
        sender,
        timer,
        pages,
        builder,
        watcher.refresh,
        lambda c: in_group(services.catalog, c),
    )
    topics = PaperTopicsOfSessions(application.bot, services.catalog, sender, clock)
    reminders = ReminderRunner(services.catalog, clock, sender, ReminderMessages(), topics)
    lead = timedelta(hours=services.settings.agenda_hours)
    rota = RotaAsker(services.catalog, clock, sender, RotaMessages())
    agenda = AgendaRunner(
        services.catalog, clock, sender, AgendaMessages(), lead, topics, rota.check
    )

    async def tell_claimants(outcome: WatchOutcome) -> None:
        if outcome.ingest is not None and outcome.ingest.replaced:
            await notify_new_versions(sender, services, outcome.ingest.replaced)

    async def prepare_listing(outcome: WatchOutcome) -> None:
        builder.prepare_soon(outcome.listing)  # embedded now, before any digest is due

    # the preparation starts first (in the background); waiting digests then share its work
    watcher.listeners.extend([prepare_listing, tell_claimants, digests.on_listing])
    summaries = listing_summaries(services, builder, sender)
    if summaries is not None:  # last: waiting digests go first, and never wait for summaries
        watcher.listeners.append(summaries.on_listing)
        builder.on_chosen = summaries.on_chosen
    return ScheduledWork(
        watcher,
        builder,
        digests,
        GroupSchedule(
            "digest", timer, allowed_only(digests.plans, allowed), digests.run, digests.missed
        ),
        reminders,
        GroupSchedule(
            "reminder",
            timer,
            allowed_only(reminders.plans, allowed),
            reminders.run,
            reminders.missed,
        ),
        MetadataBackfill(services.catalog, services.arxiv, clock, timer),
        agenda,
        GroupSchedule(
            "agenda", timer, allowed_only(agenda.plans, allowed), agenda.run, agenda.missed
        ),
        rota,
        summaries,
    )


def allowed_only(
    plans: Callable[[], Awaitable[Mapping[int, Plan]]], allowed: frozenset[int] | None
) -> Callable[[], Awaitable[Mapping[int, Plan]]]:
    """The plans of the groups PAPERCLUB_ALLOWED_CHATS lists (all when it is unset): a group
    outside it gets no job, whoever marked it active (`paperclub group` included)."""
    if allowed is None:
        return plans

    async def listed() -> Mapping[int, Plan]:
        return {chat_id: plan for chat_id, plan in (await plans()).items() if chat_id in allowed}

    return listed


def listing_summaries(
    services: Services, builder: DigestBuilder, sender: TelegramSender
) -> ListingSummaries | None:
    """The optional summaries, when a provider is configured; the operator hears once a day
    that the budget is spent."""
    llm = services.settings.llm
    if llm is None:
        return None
    operator = services.settings.operator_chat

    async def budget_spent(usage: Usage, budget: int) -> None:
        log.warning("summaries budget spent for %s: %d of %d tokens", usage.day, usage.tokens,
                    budget)  # fmt: skip
        if operator is not None:
            await sender.send(operator, OperatorMessages().budget_spent(usage, budget))

    try:
        provider = ChatProvider(llm.base_url, llm.api_key, llm.model, deadline=llm.deadline)
    except ImportError:
        raise ConfigError(
            "PAPERCLUB_LLM_BASE_URL is set but the openai SDK is missing: "
            "pip install 'paperclub[llm]' (or unset it)."
        ) from None
    summarizer = Summarizer(
        services.catalog, provider, services.clock, llm.daily_tokens, budget_spent
    )
    return ListingSummaries(services.catalog, builder, summarizer, services.clock)


async def ensure_group_jobs(update: Update, context: Context) -> None:
    """A group the bot has just met gets its daily jobs without waiting for the reconcile."""
    chat = update.effective_chat
    if chat is not None and is_group_chat(chat):
        for schedule in context.work.schedules:
            await schedule.ensure(chat.id)


async def reschedule_group(application: App, chat_id: int) -> None:
    """A group's settings or id changed (or the bot joined or left it): rebuild its jobs."""
    for feature in application.bot_data.features:
        if feature.on_group_changed is not None:
            await feature.on_group_changed(application, chat_id)
