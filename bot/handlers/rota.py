"""/rota and /swap: members take turns filling open slots (asked by jobs/sessions/rota.py, then
answering with the ask's buttons here) and exchange two slots when both agree."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Update
from telegram.ext import CallbackQueryHandler

from bot.frame.commands import Command
from bot.frame.features import Feature
from bot.frame.here import here, in_group
from bot.frame.replies import replied_to
from bot.frame.state import Context
from bot.outbound.posted_digests import refresh_paper_items
from bot.outbound.sender import edit_quietly, markup
from bot.outbound.topics import topic_for_claim
from bot.render import rota as fmt
from bot.render.reminders import mention, paper_ref
from bot.render.sessions import when
from bot.texts import t
from bot.texts.dates import day_label
from jobs.sending import Buttons
from store.claims import ClaimOutcome, claim_paper
from store.groups import get_group, get_member
from store.papers import get_paper
from store.rota import Ask, answer_ask, get_ask, join_rota, leave_rota, rota_order
from store.sessions import Session, session_schedule, sessions_from
from store.swaps import answer_swap, member_by_username, propose_swap
from store.wants import most_wanted

JOIN, LEAVE, SHOW = ("join", "加入"), ("leave", "退出"), ("show", "list", "查看", "")
WANTED_SINCE = timedelta(days=30)


async def rota_command(update: Update, context: Context) -> None:
    """`/rota join|leave` (加入/退出): take turns filling open slots; `/rota` shows the turns."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    args = list(context.args or [])
    word = args[0].lower() if args else ""
    if len(args) > 1 or word not in (*JOIN, *LEAVE, *SHOW):
        await message.reply_text(t("rota.usage"))
        return
    if word in JOIN:
        joined = await context.catalog.write(join_rota, chat.id, user.id, context.clock())
        await message.reply_text(t("rota.joined" if joined else "rota.already_in"))
    elif word in LEAVE:
        left = await context.catalog.write(leave_rota, chat.id, user.id)
        await message.reply_text(t("rota.left" if left else "rota.not_in"))
    else:
        await message.reply_text(fmt.rota_list(await context.catalog.read(rota_order, chat.id)))


async def rota_button(update: Update, context: Context) -> None:
    """An ask's buttons: take the slot (then pick a paper), pass (the next in turn is asked),
    or the paper picked after taking it. Only the member asked may answer."""
    query = update.callback_query
    if query is None or query.data is None:
        return  # not an update this handler is registered for: nothing to answer
    _, action, ask_id, *rest = query.data.split(":", 3)
    ask = await context.catalog.read(get_ask, int(ask_id))
    if ask is None:
        await query.answer(t("rota.answered"))
        return
    if ask.user_id != query.from_user.id:
        await query.answer(t("rota.not_your_turn"), show_alert=True)
        return
    schedule = await context.catalog.read(session_schedule, ask.chat_id)
    days = sessions_from(schedule, ask.session_on, ask.session_on) if schedule else iter(())
    session, now = next(days, None), context.clock()
    moves = {"take": ("asked", "taken"), "pass": ("asked", "passed"), "paper": ("taken", "taken")}
    before, after = moves[action]
    if session is None or not await context.catalog.write(
        answer_ask, ask.id, ask.user_id, before, after, now
    ):
        await query.answer(t("rota.answered"))
        return
    member = await context.catalog.read(get_member, ask.user_id)
    name = member.first_name if member and member.first_name else query.from_user.first_name
    if action == "pass":
        async with in_group(context.catalog, ask.chat_id):  # the next ask speaks the group's
            asked = await context.work.rota.ask_after_pass(ask.chat_id, ask.session_on)
        key = "rota.passed" if asked else "rota.passed_nobody"
        await _answered(query, t(key, member=mention(ask.user_id, name)))
    elif action == "take":
        since = now - WANTED_SINCE
        wanted = await context.catalog.read(most_wanted, ask.chat_id, since, fmt.PAPER_CHOICES)
        chat = query.message.chat if query.message else None
        in_its_group = chat is not None and chat.id == ask.chat_id
        group = None if in_its_group else await _group_title(context, ask.chat_id)
        text, buttons = fmt.taken(ask.user_id, name, session, ask.id, wanted, group)
        await _answered(query, text, buttons)
    else:
        await _claim_picked(query, context, ask, name, session, rest[0] if rest else "")


async def _claim_picked(
    query: CallbackQuery, context: Context, ask: Ask, name: str, session: Session, arxiv_id: str
) -> None:
    """The member who took a slot picked a wanted paper: it is claimed for that meeting."""
    now = context.clock()
    claimed = await context.catalog.write(
        claim_paper, ask.chat_id, arxiv_id, ask.user_id, ask.session_on, now
    )
    if claimed.outcome is ClaimOutcome.TAKEN or claimed.claim is None:
        await query.answer(t("rota.paper_taken"), show_alert=True)
        return
    await context.catalog.write(answer_ask, ask.id, ask.user_id, "taken", "claimed", now)
    paper = paper_ref(arxiv_id, claimed.claim.paper_title)
    who = mention(ask.user_id, name)
    await _answered(query, t("rota.claimed", member=who, paper=paper, when=when(session)))
    if claimed.outcome is not ClaimOutcome.CLAIMED:
        return
    async with in_group(context.catalog, ask.chat_id):  # the digest speaks the group's, as /claim
        await refresh_paper_items(context.bot, context.catalog, ask.chat_id, arxiv_id)
    chat, found = query.message.chat if query.message else None, None
    if chat is not None and chat.id == ask.chat_id:  # asked in the group: its topic, as /claim
        found = await context.catalog.read(get_paper, arxiv_id)
    if chat is not None and found is not None:
        await topic_for_claim(context.bot, context.catalog, chat, found, name, now)


async def _group_title(context: Context, chat_id: int) -> str:
    """The group's title, for a private answer that sends the member back there."""
    group = await context.catalog.read(get_group, chat_id)
    return group.title if group else ""


async def _answered(query: CallbackQuery, text: str, buttons: Buttons = ()) -> None:
    """Acknowledge the press and show the outcome in place of the ask."""
    await query.answer()
    await edit_quietly(lambda: query.edit_message_text(text, reply_markup=markup(buttons)))


async def swap_command(update: Update, context: Context) -> None:
    """`/swap @member` (or a reply): propose exchanging your next slot with theirs."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return  # not an update this handler is registered for: nothing to answer
    args = list(context.args or [])
    answered = replied_to(message)
    replied = answered.from_user if answered else None
    if replied is not None and not args and not replied.is_bot:
        target = (replied.id, replied.first_name)
    elif len(args) == 1 and args[0].startswith("@") and len(args[0]) > 1:
        found = await context.catalog.read(member_by_username, chat.id, args[0])
        if found is None:
            await message.reply_text(t("swap.unknown_member", name=args[0]))
            return
        target = found
    else:
        await message.reply_text(t("swap.usage"))
        return
    if target[0] == user.id:
        await message.reply_text(t("swap.self"))
        return
    group = here().group
    zone = group.timezone if group else context.settings.timezone
    now = context.clock()
    today = now.astimezone(ZoneInfo(zone)).date()
    swap = await context.catalog.write(propose_swap, chat.id, user.id, target[0], today, now)
    if swap.outcome == "proposed" and swap.mine and swap.theirs:
        values = fmt.swap_values(swap.mine, swap.theirs)
        await message.reply_text(
            t("swap.offer", **values), reply_markup=markup(fmt.swap_buttons(swap.offer_id))
        )
    elif swap.outcome == "same_meeting" and swap.mine:
        await message.reply_text(t("swap.same_meeting", when=day_label(swap.mine.session_on)))
    else:
        await message.reply_text(t(f"swap.{swap.outcome}", name=target[1]))


async def swap_button(update: Update, context: Context) -> None:
    """The asked member agrees (the two slots are exchanged) or refuses (nothing changes)."""
    query = update.callback_query
    if query is None or query.data is None:
        return  # not an update this handler is registered for: nothing to answer
    _, answer, offer = query.data.split(":")
    swap = await context.catalog.write(
        answer_swap, int(offer), query.from_user.id, answer == "yes", context.clock()
    )
    if swap.outcome in ("not_yours", "answered"):
        await query.answer(t(f"swap.{swap.outcome}"), show_alert=swap.outcome == "not_yours")
        return
    await query.answer()
    if swap.outcome == "agreed" and swap.mine and swap.theirs:
        text = t("swap.agreed", **fmt.swap_values(swap.mine, swap.theirs))
    else:
        text = t(f"swap.{swap.outcome}")
    await edit_quietly(lambda: query.edit_message_text(text))


FEATURE = Feature(
    "rota",
    commands=(
        Command("rota", rota_command, args="[join/leave]", group_only=True, own_account=True),
        Command("swap", swap_command, args="@member", group_only=True, own_account=True),
    ),
    handlers=(
        CallbackQueryHandler(rota_button, pattern=r"^rota:(take|pass):\d{1,12}$"),
        CallbackQueryHandler(rota_button, pattern=r"^rota:paper:\d{1,12}:[\w./-]{1,40}$"),
        CallbackQueryHandler(swap_button, pattern=r"^swap:(yes|no):\d{1,12}$"),
    ),
)
