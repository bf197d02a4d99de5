"""A group's meetings on the web: the upcoming ones (local date and time, place, each slot's
presenter, paper and note) and the archive of past ones; and its iCalendar feed, served only
at the address holding the group's token (an unknown token is a 404, like any missing page)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from datasette.utils.asgi import Forbidden, Response
from sqlite_utils import Database

from store.agenda import Slot, calendar_sessions, public_slot, session_slots
from store.calendar_feed import calendar_bytes, group_of_token
from store.groups import get_group
from store.sessions import Schedule, Session, next_sessions, session_schedule, sessions_from
from store.web import pages
from store.web.links import DATABASE

SESSIONS_ROUTE = rf"^/{DATABASE}/sessions$"
CALENDAR_ROUTE = r"^/-/calendar/(?P<token>[A-Za-z0-9_-]{16,64})\.ics$"
UPCOMING_SHOWN = 6
ARCHIVE_DAYS = 365
ARCHIVE_SHOWN = 30
GROUP_BY_TITLE = (
    "select chat_id from groups where title = ? and chat_type in ('group', 'supergroup') "
    "and chat_id < 0"
)


@dataclass(frozen=True)
class Meeting:
    """One meeting as the page shows it: its papers, and how many slots are open."""

    session: Session
    slots: tuple[Slot, ...]
    open_slots: int


@dataclass(frozen=True)
class Meetings:
    """A group's meetings page."""

    title: str
    zone: str
    upcoming: tuple[Meeting, ...]
    archive: tuple[Meeting, ...]


def _meeting(db: Database, schedule: Schedule, session: Session) -> Meeting:
    slots = tuple(public_slot(slot) for slot in session_slots(db, schedule, session))
    return Meeting(session, slots, max(0, schedule.slots - len(slots)))


def group_meetings(db: Database, title: str, now: datetime) -> Meetings | None:
    """The group's next meetings and its past ones with papers, newest first (None: no such
    group, or it does not meet)."""
    row = db.execute(GROUP_BY_TITLE, [title]).fetchone()
    schedule = session_schedule(db, row[0]) if row else None
    if schedule is None or schedule.plan is None:
        return None
    upcoming = tuple(
        _meeting(db, schedule, s) for s in next_sessions(schedule, now, UPCOMING_SHOWN)
    )
    today = now.astimezone(ZoneInfo(schedule.zone)).date()
    past = [
        meeting
        for session in sessions_from(schedule, today - timedelta(days=ARCHIVE_DAYS), today)
        if session.starts <= now and (meeting := _meeting(db, schedule, session)).slots
    ]
    return Meetings(title, schedule.zone, upcoming, tuple(reversed(past))[:ARCHIVE_SHOWN])


async def sessions_page(datasette: Any, request: Any) -> Response:
    """`/catalog/sessions?group=<title>`: the group's meetings, in the page's language (refused
    where an operator's `allow` block refuses the claims board)."""
    try:
        await datasette.ensure_permissions(
            request.actor,
            [
                ("view-table", (DATABASE, "web_claims")),
                ("view-database", DATABASE),
                "view-instance",
            ],
        )
    except Forbidden:
        return await pages.refused(datasette, request)
    title, now = request.args.get("group", ""), datetime.now(UTC)
    found = await datasette.get_database(DATABASE).execute_fn(
        lambda conn: group_meetings(Database(conn), title, now)
    )
    if found is None:
        return await pages.not_found(datasette, request)
    html = await datasette.render_template(
        "paperclub_sessions.html", {"meetings": found}, request=request
    )
    return Response.html(html)


def _feed(db: Database, token: str, texts: Any, now: datetime) -> bytes | None:
    chat_id = group_of_token(db, token)
    group = get_group(db, chat_id) if chat_id is not None else None
    if group is None or chat_id is None:
        return None
    language = group.language if group.language in texts.locales else texts.default
    nameless = texts.gettext(language, "page.member")
    entries = [
        replace(entry, slots=tuple(public_slot(slot, nameless) for slot in entry.slots))
        for entry in calendar_sessions(db, chat_id, now) or []
    ]
    name = texts.gettext(language, "session.ics_name").format(group=group.title)
    summary = texts.gettext(language, "session.ics_event").format(group=group.title)
    return calendar_bytes(chat_id, name, summary, entries, now)


async def calendar_feed(datasette: Any, request: Any) -> Response:
    """`/-/calendar/<token>.ics`: the group's meetings for a calendar app to subscribe to. A
    calendar app cannot sign in: the token is the key, so an `allow` block does not apply."""
    token, now = request.url_vars["token"], datetime.now(UTC)
    texts = pages.page_texts(datasette)
    body = await datasette.get_database(DATABASE).execute_fn(
        lambda conn: _feed(Database(conn), token, texts, now)
    )
    if body is None:
        return await pages.not_found(datasette, request)
    return Response(body, content_type="text/calendar; charset=utf-8")
