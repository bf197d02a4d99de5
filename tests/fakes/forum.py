"""The forum part of the fake Bot API: topics in forum supergroups, the bot's right to manage
them, messages inside topics, and reactions (reported only to an admin bot that asked).

As on Telegram, a topic is the thread of its "forum topic created" service message (the thread
id is that message's id), and a member's message in a topic that answers nothing else is a
reply to that service message. A member who opens a topic sends the service message as an
update; a topic the bot opens sends none (bots never see their own messages)."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fakes.telegram import Chat, Posted, User

BOT_ID = 7_000_000_001
BOT_USERNAME = "paperclub_test_bot"
TOPIC_NAME_LIMIT = 128  # characters, as Telegram counts them
ICON_COLOR = 7322096  # Telegram's default topic colour (blue)


@dataclass
class Topic:
    """One forum topic."""

    thread_id: int
    name: str
    created_by_bot: bool = True
    closed: bool = False
    opener: dict[str, Any] = field(default_factory=dict)  # its "forum topic created" message


@dataclass
class ForumState:
    """Every forum's topics, the bot's rights per chat, and who reacted how to what."""

    topics: dict[int, dict[int, Topic]] = field(default_factory=dict)  # chat -> thread -> topic
    rights: dict[int, set[str]] = field(default_factory=dict)  # chat -> the bot's admin rights
    reactions: dict[tuple[int, int, int], list[str]] = field(default_factory=dict)
    allowed_updates: list[str] | None = None  # what the bot's last getUpdates asked for


def api_error(description: str) -> Exception:
    """Telegram's 400 answer (the fake's ApiError, imported late: it imports this module)."""
    from tests.fakes.telegram import ApiError

    return ApiError(400, f"Bad Request: {description}")


class ForumApi:
    """Mixed into FakeTelegram: its forum methods and test controls."""

    forum: ForumState
    chats: dict[int, Chat]
    admins: dict[int, dict[int, str]]
    posted: dict[int, list[Posted]]

    def _push(self, update: dict[str, Any]) -> None:
        raise NotImplementedError

    async def _notify(self) -> None:
        raise NotImplementedError

    def _chat(self, params: dict[str, Any]) -> Chat:
        raise NotImplementedError

    _message_ids: itertools.count[int]

    def _message(
        self, chat: Chat, user: User | None, text: str | None, **extra: Any
    ) -> dict[str, Any]:
        raise NotImplementedError

    def _new_topic(self, chat: Chat, name: str, creator: dict[str, Any]) -> Topic:
        """A topic and its "forum topic created" service message, which gives it its id."""
        thread_id = next(self._message_ids)
        opener = {
            "message_id": thread_id,
            "date": int(time.time()),
            "chat": chat.to_dict(),
            "from": creator,
            "message_thread_id": thread_id,
            "is_topic_message": True,
            "forum_topic_created": {"name": name, "icon_color": ICON_COLOR},
        }
        topic = Topic(thread_id, name, creator.get("id") == BOT_ID, opener=opener)
        self.forum.topics.setdefault(chat.id, {})[thread_id] = topic
        return topic

    def in_thread(self, chat: Chat, thread: int) -> dict[str, Any]:
        """What a member's message in topic `thread` carries, as Telegram sends it: the thread,
        and (unless it answers another message) a reply to the topic's service message."""
        extra: dict[str, Any] = {"message_thread_id": thread, "is_topic_message": True}
        topic = self.forum.topics.get(chat.id, {}).get(thread)
        if topic is not None:
            extra["reply_to_message"] = topic.opener
        return extra

    # ----- test controls ----------------------------------------------------------------
    def make_bot_admin(self, chat: Chat, *, can_manage_topics: bool = True) -> None:
        """Promote the bot in `chat`, with or without the right to manage topics."""
        self.admins.setdefault(chat.id, {})[BOT_ID] = "administrator"
        self.forum.rights[chat.id] = {"can_manage_topics"} if can_manage_topics else set()

    async def open_topic(self, chat: Chat, name: str, by: User) -> int:
        """Member `by` opens a topic (as a person would, not the bot): the bot gets its
        "forum topic created" service message; returns its thread id."""
        topic = self._new_topic(chat, name, by.to_dict())
        self._push({"message": topic.opener})
        await self._notify()
        return topic.thread_id

    def topics(self, chat: Chat) -> list[Topic]:
        """The chat's topics, oldest first."""
        return list(self.forum.topics.get(chat.id, {}).values())

    def in_topic(self, chat: Chat, thread_id: int | None) -> list[Posted]:
        """What the bot posted in one topic of `chat` (None: the General topic)."""
        return [m for m in self.posted.get(chat.id, []) if m.thread_id == thread_id]

    async def react(self, chat: Chat, user: User, posted: Posted, emoji: str | None) -> bool:
        """A member sets their reaction on a bot message (None: takes it away). Telegram tells
        the bot only when it is an admin of the chat and asked for `message_reaction`; returns
        whether an update was sent."""
        key = (chat.id, posted.message_id, user.id)
        old = self.forum.reactions.get(key, [])
        new = [emoji] if emoji else []
        self.forum.reactions[key] = new
        asked = self.forum.allowed_updates or []
        if self.admins.get(chat.id, {}).get(BOT_ID) != "administrator":
            return False
        if "message_reaction" not in asked:
            return False
        self._push(
            {
                "message_reaction": {
                    "chat": chat.to_dict(),
                    "message_id": posted.message_id,
                    "user": user.to_dict(),
                    "date": int(time.time()),
                    "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
                    "new_reaction": [{"type": "emoji", "emoji": e} for e in new],
                }
            }
        )
        await self._notify()
        return True

    # ----- checks the sending methods make ------------------------------------------------
    def _thread(self, chat: Chat, params: dict[str, Any]) -> int | None:
        """The topic a send goes to, refused as Telegram refuses it."""
        value = params.get("message_thread_id")
        if value in (None, ""):
            return None
        thread_id = int(value)
        topic = self.forum.topics.get(chat.id, {}).get(thread_id)
        if not chat.is_forum or topic is None:
            raise api_error("message thread not found")
        if topic.closed and "can_manage_topics" not in self.forum.rights.get(chat.id, set()):
            raise api_error("TOPIC_CLOSED")
        return thread_id

    # ----- the API ----------------------------------------------------------------------
    async def _api_createForumTopic(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        if not chat.is_forum:
            raise api_error("the chat is not a forum")
        if "can_manage_topics" not in self.forum.rights.get(chat.id, set()):
            raise api_error("not enough rights to create a topic")
        name = str(params.get("name", ""))
        if not name.strip():
            raise api_error("TOPIC_TITLE_EMPTY")
        if len(name) > TOPIC_NAME_LIMIT:
            raise api_error("TOPIC_TITLE_TOO_LONG")
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "paperclub", "username": BOT_USERNAME}
        topic = self._new_topic(chat, name, bot)
        await asyncio.sleep(0)
        return {"message_thread_id": topic.thread_id, "name": name, "icon_color": ICON_COLOR}

    async def _api_closeForumTopic(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        topic = self.forum.topics.get(chat.id, {}).get(int(params.get("message_thread_id", 0)))
        if not chat.is_forum or topic is None:
            raise api_error("message thread not found")
        # a bot may close a topic it made; any other takes the right to manage topics
        if not topic.created_by_bot and "can_manage_topics" not in self.forum.rights.get(
            chat.id, set()
        ):
            raise api_error("not enough rights to manage topics")
        if topic.closed:
            raise api_error("TOPIC_NOT_MODIFIED")
        topic.closed = True
        return True
