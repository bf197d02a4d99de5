"""A fake Telegram Bot API at the HTTP layer, checking what Telegram checks.

Plugged into python-telegram-bot through `httpx.MockTransport`, so the real Application,
request layer, poller, JobQueue and rate limiter all run. Simulated members send commands,
reply, upload documents and press buttons; tests read what the bot posted.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx

from tests.fakes.forum import BOT_ID, BOT_USERNAME, ForumApi, ForumState
from tests.fakes.html import EntityError, parse_telegram_html

__all__ = ["BOT_ID", "BOT_USERNAME", "FakeTelegram"]
ANONYMOUS_ADMIN_ID = 1087968824  # GroupAnonymousBot
RECHECK = 0.01  # seconds between checks of a `wait_for` predicate when no API call comes
_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "link_preview_options",
    "commands",
    "scope",
    "options",
    "reply_parameters",
    "allowed_updates",
}


@dataclass(frozen=True)
class User:
    """A simulated member."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None  # the member's app language, e.g. "zh-hans"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Chat:
    """A simulated chat: private, group, supergroup or channel."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    is_forum: bool = False  # a supergroup with topics

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        if self.is_forum:
            data["is_forum"] = True
        if self.first_name:
            data["first_name"] = self.first_name
        return data


@dataclass
class Posted:
    """A message the bot posted (its current state, after any edits)."""

    chat_id: int
    message_id: int
    html: str  # what the bot sent, markup included
    text: str  # what members see
    reply_markup: dict[str, Any] | None = None
    reply_to: int | None = None
    document: tuple[str, bytes] | None = None  # filename, content
    poll: dict[str, Any] | None = None
    edits: int = 0
    thread_id: int | None = None  # the forum topic it is in (None: General, or not a forum)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons, row by row flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


class ApiError(Exception):
    """Raised inside the fake to answer with a Bot API error."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class Fault:
    """An injected failure for the next call(s) of a method."""

    method: str
    # "429", "500", "timeout" (received, not acted on, no answer), "403", "400", "409",
    # "connect-timeout" (never reaches the fake, as with packets dropped), "connect-refused",
    # "read-timeout" (received and acted on, then no answer: the message is posted)
    kind: str
    retry_after: int = 1
    remaining: int = 1
    skip: int = 0  # let this many calls through first


@dataclass
class FloodLimit:
    """Per-chat flood control: at most `count` messages per `per` seconds, else 429."""

    count: int
    per: float
    sent: deque[float] = field(default_factory=deque)


class FakeTelegram(ForumApi):
    """The Bot API, in memory. One instance per test."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.upload_limit = 50_000_000  # bytes of a bot's file; a test lowers it with the bot's
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._pending: list[dict[str, Any]] = []
        self._last_update_id = 0  # the newest update a member sent
        self._taken_below = 1  # the bot has asked for updates from here on: all before are its own
        self._changed = asyncio.Condition()
        self._answering = 0  # API calls being answered now, long polls aside
        self.posted: dict[int, list[Posted]] = {}
        self._read_cursor: dict[int, int] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: list[dict[str, Any]] = []  # the default menu (no scope, no language)
        # Every menu set, by (scope type, language_code or ""), as Telegram keeps them.
        self.menus: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.answers: dict[str, dict[str, Any]] = {}
        self.admins: dict[int, dict[int, str]] = {}  # chat -> user -> creator|administrator
        self.faults: list[Fault] = []
        self.flood: dict[int, FloodLimit] = {}
        self.rejected: list[tuple[str, int, str]] = []  # method, code, description
        self.unreached: list[str] = []  # methods whose requests never reached the fake
        self.files: dict[str, bytes] = {}
        self.chats: dict[int, Chat] = {}
        self.kicked_from: set[int] = set()
        # Called with each message as it is stored, before the bot gets Telegram's answer: a
        # test acts at the moment a message has arrived but the bot does not know it yet.
        self.on_post: Callable[[Posted], None] | None = None
        self.migrated: dict[int, int] = {}  # old group id -> supergroup id
        self._ids = itertools.count(100)
        self.forum = ForumState()

    # ----- wiring -------------------------------------------------------------------------
    def transport(self) -> httpx.MockTransport:
        """The transport to pass to `HTTPXRequest(httpx_kwargs={"transport": ...})`."""
        return httpx.MockTransport(self.handle)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one HTTP request as api.telegram.org would."""
        path = request.url.path
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            content = self.files.get(path.removeprefix(file_prefix))
            if content is None:
                return httpx.Response(
                    404, json={"ok": False, "error_code": 404, "description": "Not Found"}
                )
            return httpx.Response(200, content=content)
        match = re.fullmatch(r"/bot(?P<token>[^/]+)/(?P<method>\w+)", path)
        if match is None:
            return httpx.Response(
                404, json={"ok": False, "error_code": 404, "description": "Not Found"}
            )
        if match["token"] != self.token:
            return httpx.Response(
                401, json={"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
        method = match["method"]
        before = self._take_fault(method, ("connect-timeout", "connect-refused"))
        if before is not None:  # the request never left the bot's machine: nothing recorded
            self.unreached.append(method)
            if before.kind == "connect-timeout":
                raise httpx.ConnectTimeout("fake: connect timed out", request=request)
            raise httpx.ConnectError("fake: connection refused", request=request)
        after = self._take_fault(method, ("read-timeout",))
        counted = method != "getUpdates"  # a long poll may wait a second: see `wait_for`
        self._answering += counted
        try:
            response = await self._answer(method, self._params(request))
        finally:
            self._answering -= counted
        if after is not None:  # acted on, but the answer never came back
            raise httpx.ReadTimeout("fake: read timed out", request=request)
        return response

    def _take_fault(self, method: str, kinds: tuple[str, ...]) -> Fault | None:
        """Use up one injected fault of these kinds for `method`, if one is due."""
        for fault in self.faults:
            if fault.method == method and fault.kind in kinds and fault.remaining > 0:
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.remaining -= 1
                return fault
        return None

    async def _answer(self, method: str, params: dict[str, Any]) -> httpx.Response:
        self.calls.append((method, params))
        try:
            self._apply_faults(method, params)
            result = await getattr(self, f"_api_{method}", self._unknown)(params)
        except ApiError as error:
            self.rejected.append((method, error.code, error.description))
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.parameters:
                body["parameters"] = error.parameters
            return httpx.Response(error.code, json=body)
        async with self._changed:
            self._changed.notify_all()
        return httpx.Response(200, json={"ok": True, "result": result})

    @staticmethod
    def _params(request: httpx.Request) -> dict[str, Any]:
        content_type = request.headers.get("content-type", "")
        body = request.read()
        raw: dict[str, Any] = {}
        if content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
            )
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True)
                if not isinstance(payload, bytes):
                    payload = b""
                raw[str(name)] = (filename, payload) if filename else payload.decode()
        elif content_type.startswith("application/json"):
            raw = json.loads(body or b"{}")
        else:
            raw = dict(parse_qsl(body.decode()))
        return {
            key: json.loads(value) if key in _JSON_FIELDS and isinstance(value, str) else value
            for key, value in raw.items()
        }

    def _apply_faults(self, method: str, params: dict[str, Any]) -> None:
        for fault in self.faults:
            if (
                fault.method == method
                and fault.remaining > 0
                and not fault.kind.startswith(("connect-", "read-"))
            ):
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.remaining -= 1
                if fault.kind == "429":
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {fault.retry_after}",
                        {"retry_after": fault.retry_after},
                    )
                if fault.kind == "500":
                    raise ApiError(500, "Internal Server Error")
                if fault.kind == "403":
                    raise ApiError(403, "Forbidden: bot was kicked from the group chat")
                if fault.kind == "timeout":
                    raise httpx.ReadTimeout("fake timeout")
                if fault.kind == "400":
                    raise ApiError(400, "Bad Request: can't parse entities")
                if fault.kind == "409":
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only "
                        "one bot instance is running",
                    )
        chat_id = params.get("chat_id")
        if chat_id is not None and int(chat_id) in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[int(chat_id)]},
            )
        if chat_id is not None and int(chat_id) in self.kicked_from:
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        limit = self.flood.get(int(chat_id)) if chat_id is not None else None
        if limit is not None and method.startswith("send"):
            now = time.monotonic()
            while limit.sent and now - limit.sent[0] > limit.per:
                limit.sent.popleft()
            if len(limit.sent) >= limit.count:
                wait = max(1, int(limit.per - (now - limit.sent[0])) + 1)
                raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
            limit.sent.append(now)

    # ----- test controls ----------------------------------------------------------------
    def inject(
        self, method: str, kind: str, *, times: int = 1, retry_after: int = 1, after: int = 0
    ) -> None:
        """Make the next `times` calls of `method` (after `after` good ones) fail: 429, 500,
        403, 400, 409, "timeout", "connect-timeout", "connect-refused" or "read-timeout"
        (see `Fault.kind`)."""
        self.faults.append(Fault(method, kind, retry_after, times, after))

    def limit_chat(self, chat: Chat, count: int, per: float) -> None:
        """Emulate Telegram's per-chat flood control."""
        self.flood[chat.id] = FloodLimit(count, per)

    def user(
        self, first_name: str, username: str | None = None, *, language_code: str | None = None
    ) -> User:
        """A new simulated member (`language_code` as their Telegram app reports it)."""
        return User(next(self._ids), first_name, username, language_code=language_code)

    def private_chat(self, user: User) -> Chat:
        """The member's private chat with the bot."""
        chat = Chat(user.id, "private", first_name=user.first_name)
        self.chats[chat.id] = chat
        return chat

    def group(self, title: str, *, supergroup: bool = True, forum: bool = False) -> Chat:
        """A new group (supergroup ids look like -100...); `forum`: a supergroup with topics."""
        number = next(self._ids)
        chat_id = -(1_000_000_000_000 + number) if supergroup else -number
        kind = "supergroup" if supergroup else "group"
        chat = Chat(chat_id, kind, title=title, is_forum=forum and supergroup)
        self.chats[chat.id] = chat
        return chat

    def set_admin(self, chat: Chat, user: User, status: str = "administrator") -> None:
        """Make `user` an administrator (or the creator) of `chat`."""
        self.admins.setdefault(chat.id, {})[user.id] = status

    def _push(self, update: dict[str, Any]) -> None:
        update["update_id"] = self._last_update_id = next(self._update_ids)
        self._pending.append(update)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _message(
        self, chat: Chat, user: User | None, text: str | None, **extra: Any
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat.to_dict(),
        }
        if user is not None:
            message["from"] = user.to_dict()
        if text is not None:
            message["text"] = text
            command = re.match(r"/\w+(@\w+)?", text)
            entities = (
                [{"type": "bot_command", "offset": 0, "length": len(command.group())}]
                if command
                else []
            )
            for mention in re.finditer(r"@\w{5,}", text):  # clients mark @usernames
                if not (command and mention.start() < command.end()):
                    entities.append(_utf16_entity("mention", text, mention.start(), mention.end()))
            if entities:
                message["entities"] = entities
        message.update(extra)
        return message

    async def send(
        self,
        chat: Chat,
        user: User,
        text: str,
        *,
        reply_to: Posted | dict[str, Any] | None = None,
        sender_chat: Chat | None = None,
        thread: int | None = None,
    ) -> dict[str, Any]:
        """A member writes `text` in `chat` (a leading /command gets its bot_command entity),
        inside the forum topic `thread` when given; `reply_to` is the bot's message or a
        member's (as an earlier `send` returned it)."""
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise AssertionError("Telegram clients cannot send a message over 4096 characters")
        extra: dict[str, Any] = {}
        if isinstance(reply_to, Posted):
            extra["reply_to_message"] = self._posted_dict(reply_to)
        elif reply_to is not None:
            extra["reply_to_message"] = reply_to
        if sender_chat is not None:
            extra["sender_chat"] = sender_chat.to_dict()
        if thread is not None:
            extra = self.in_thread(chat, thread) | extra  # an explicit reply stays one
        message = self._message(chat, user, text, **extra)
        self._push({"message": message})
        await self._notify()
        return message

    async def edit(self, chat: Chat, user: User, original: dict[str, Any], text: str) -> None:
        """A member edits a message they sent earlier."""
        edited = dict(original, text=text, edit_date=int(time.time()))
        command = re.match(r"/\w+(@\w+)?", text)
        edited["entities"] = (
            [{"type": "bot_command", "offset": 0, "length": len(command.group())}]
            if command
            else []
        )
        self._push({"edited_message": edited})
        await self._notify()

    async def send_document(
        self, chat: Chat, user: User, filename: str, content: bytes, caption: str = ""
    ) -> dict[str, Any]:
        """A member uploads a file, optionally with a /command caption."""
        if len(caption) > 1024:
            raise AssertionError("Telegram clients cannot send a caption over 1024 characters")
        file_id = f"file{next(self._ids)}"
        self.files[f"documents/{file_id}"] = content
        extra: dict[str, Any] = {
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": filename,
                "file_size": len(content),
                "mime_type": "text/markdown" if filename.endswith(".md") else "text/plain",
            }
        }
        if caption:
            extra["caption"] = caption
            command = re.match(r"/\w+(@\w+)?", caption)
            if command:
                extra["caption_entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(command.group())}
                ]
        message = self._message(chat, user, None, **extra)
        self._push({"message": message})
        await self._notify()
        return message

    async def press(
        self, chat: Chat, user: User, posted: Posted, data: str, *, crafted: bool = False
    ) -> str:
        """A member presses the inline button carrying `data`; returns the callback query id.

        `crafted`: a modified client sends `data` though no button carries it (at most 64 bytes,
        as Telegram allows)."""
        if crafted:
            if not 1 <= len(data.encode()) <= 64:
                raise AssertionError("Telegram refuses callback data over 64 bytes")
        elif data not in [b.get("callback_data") for b in posted.buttons]:
            raise AssertionError(f"no button with data {data!r} on message {posted.message_id}")
        query_id = str(next(self._callback_ids))
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_dict(),
                    "chat_instance": str(chat.id),
                    "message": self._posted_dict(posted),
                    "data": data,
                }
            }
        )
        await self._notify()
        return query_id

    async def add_bot(self, chat: Chat, by: User, *, status: str = "member") -> None:
        """The bot is added to (or, with status "left"/"kicked", removed from) a group."""
        if status in ("left", "kicked"):
            self.kicked_from.add(chat.id)
        else:
            self.kicked_from.discard(chat.id)
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "paperclub", "username": BOT_USERNAME}
        old = "left" if status not in ("left", "kicked") else "member"
        self._push(
            {
                "my_chat_member": {
                    "chat": chat.to_dict(),
                    "from": by.to_dict(),
                    "date": int(time.time()),
                    "old_chat_member": {"status": old, "user": bot},
                    "new_chat_member": _member_status(status, bot),
                }
            }
        )
        await self._notify()

    async def migrate(self, chat: Chat, by: User) -> Chat:
        """The group becomes a supergroup with a new id; the old id then answers 400."""
        new = Chat(-(1_000_000_000_000 + next(self._ids)), "supergroup", title=chat.title)
        self.chats[new.id] = new
        self.migrated[chat.id] = new.id
        self._push({"message": self._message(chat, by, None, migrate_to_chat_id=new.id)})
        self._push({"message": self._message(new, by, None, migrate_from_chat_id=chat.id)})
        await self._notify()
        return new

    def _posted_dict(self, posted: Posted) -> dict[str, Any]:
        chat = self.chats[posted.chat_id]
        data: dict[str, Any] = {
            "message_id": posted.message_id,
            "date": int(time.time()),
            "chat": chat.to_dict(),
            "from": {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "paperclub",
                "username": BOT_USERNAME,
            },
            "text": posted.text,
        }
        if posted.thread_id is not None:
            data.update(message_thread_id=posted.thread_id, is_topic_message=True)
        if posted.reply_markup and "inline_keyboard" in posted.reply_markup:
            # Telegram echoes only inline keyboards; a ForceReply never comes back in a message.
            data["reply_markup"] = posted.reply_markup
        return data

    # ----- reading what the bot did -------------------------------------------------------
    def messages(self, chat: Chat | int) -> list[Posted]:
        """Everything the bot posted in `chat`, oldest first."""
        chat_id = chat if isinstance(chat, int) else chat.id
        return self.posted.get(chat_id, [])

    async def next_reply(self, chat: Chat, timeout: float = 5.0) -> Posted:
        """The next message the bot posts in `chat` that the test has not read yet."""
        replies = await self.next_replies(chat, 1, timeout)
        return replies[0]

    async def next_replies(self, chat: Chat, count: int, timeout: float = 5.0) -> list[Posted]:
        """The next `count` unread bot messages in `chat`, waiting up to `timeout` seconds."""
        start = self._read_cursor.get(chat.id, 0)
        await self.wait_for(lambda: len(self.messages(chat)) >= start + count, timeout)
        self._read_cursor[chat.id] = start + count
        return self.messages(chat)[start : start + count]

    def unread(self, chat: Chat) -> list[Posted]:
        """Bot messages in `chat` the test has not consumed."""
        return self.messages(chat)[self._read_cursor.get(chat.id, 0) :]

    async def wait_for(self, predicate: Any, timeout: float = 5.0) -> None:
        """Wait until `predicate()` holds, or fail the test.

        It is checked after every API call, and every `RECHECK` seconds too: a predicate may
        read what no API call announces (the catalog, the fake arXiv), which would otherwise
        be seen only when the bot's next long poll ends, up to a second later. That extra
        check waits while a call is being answered, so a test never sees a reply before the
        handler that sent it has gone on (as after a call, when the handler runs first).
        """
        ticker = asyncio.create_task(self._recheck_every(RECHECK))
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
        except TimeoutError:
            raise AssertionError(f"timed out after {timeout}s waiting for the bot") from None
        finally:
            ticker.cancel()

    async def _recheck_every(self, seconds: float) -> None:
        """Wake `wait_for` now and then, between API calls."""
        while True:
            await asyncio.sleep(seconds)
            if not self._answering:
                await self._notify()

    async def delivered(self, timeout: float = 5.0) -> None:
        """Wait until the bot has taken every update sent so far (it asked for the ones after).

        PTB queues a batch before asking for the next one, so from then on they are in its
        update queue; `RunningBot.settled()` then waits for that queue to be worked off.
        """
        last = self._last_update_id
        await self.wait_for(lambda: self._taken_below > last, timeout)

    async def handled(self, chat: Chat, user: User) -> None:
        """Wait until the bot has handled every update sent so far in `chat`.

        A chat's updates are handled in order: once a /help sent now is answered, all before
        it in this chat are done (other chats run concurrently: see `RunningBot.settled()`).
        """
        start = len(self.messages(chat))
        await self.send(chat, user, "/help")

        def answer() -> Posted | None:
            later = self.messages(chat)[start:]
            return next((m for m in later if m.text.startswith("paperclub runs")), None)

        await self.wait_for(lambda: answer() is not None, timeout=10)
        self.posted[chat.id].remove(answer())  # type: ignore[arg-type]  # not the test's to read

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every call to `method`, in order."""
        return [params for name, params in self.calls if name == method]

    # ----- the API ----------------------------------------------------------------------
    async def _unknown(self, params: dict[str, Any]) -> Any:
        raise ApiError(404, "Not Found")

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "paperclub",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset", 0) or 0)
        if "allowed_updates" in params:
            self.forum.allowed_updates = list(params["allowed_updates"] or [])
        if offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
            self._taken_below = max(self._taken_below, offset)
            await self._notify()  # `delivered()` waits for this, not for the long poll's end
        timeout = float(params.get("timeout", 0) or 0)
        limit = int(params.get("limit", 100) or 100)
        if not self._pending and timeout > 0:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._pending)), timeout
                    )
        return self._pending[:limit]

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands") or []
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        scope = (params.get("scope") or {}).get("type", "default")
        self.menus[(scope, params.get("language_code") or "")] = commands
        if scope == "default" and not params.get("language_code"):
            self.commands = commands
        return True

    async def _api_getChatMember(self, params: dict[str, Any]) -> Any:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.admins.get(chat_id, {}).get(user_id, "member")
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        data = _member_status(status, user)
        if status == "administrator":
            rights = self.forum.rights.get(chat_id, set()) if user_id == BOT_ID else set()
            data["can_manage_topics"] = "can_manage_topics" in rights
        return data

    def _chat(self, params: dict[str, Any]) -> Chat:
        chat_id = int(params.get("chat_id", 0))
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[chat_id]

    def _check_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
        return dict(markup)

    @staticmethod
    def _render(text: str, parse_mode: str | None, limit: int, what: str = "message") -> str:
        if parse_mode and parse_mode.upper() == "HTML":
            try:
                plain = parse_telegram_html(text)
            except EntityError as error:
                raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None
        else:
            plain = text
        if not plain.strip():
            raise ApiError(400, f"Bad Request: {what} text is empty")
        if len(plain.encode("utf-16-le")) // 2 > limit:
            raise ApiError(400, f"Bad Request: {what} is too long")
        return plain

    def _store(self, chat: Chat, posted: Posted) -> dict[str, Any]:
        self.posted.setdefault(chat.id, []).append(posted)
        if self.on_post is not None:
            self.on_post(posted)
        return self._posted_dict(posted) | (
            {"reply_to_message": {"message_id": posted.reply_to, "date": 0, "chat": chat.to_dict()}}
            if posted.reply_to
            else {}
        )

    @staticmethod
    def _reply_to(params: dict[str, Any]) -> int | None:
        reply = params.get("reply_parameters") or {}
        value = reply.get("message_id") or params.get("reply_to_message_id")
        return int(value) if value else None

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        text = str(params.get("text", ""))
        plain = self._render(text, params.get("parse_mode"), 4096)
        posted = Posted(
            chat.id,
            next(self._message_ids),
            text,
            plain,
            self._check_markup(params),
            self._reply_to(params),
            thread_id=self._thread(chat, params),
        )
        return self._store(chat, posted)

    def _find(self, params: dict[str, Any]) -> Posted:
        chat_id, message_id = int(params.get("chat_id", 0)), int(params.get("message_id", 0))
        for posted in self.posted.get(chat_id, []):
            if posted.message_id == message_id:
                return posted
        raise ApiError(400, "Bad Request: message to edit not found")

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        posted = self._find(params)
        text = str(params.get("text", ""))
        plain = self._render(text, params.get("parse_mode"), 4096)
        markup = self._check_markup(params)
        if text == posted.html and markup == posted.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        posted.html, posted.text, posted.reply_markup = text, plain, markup
        posted.edits += 1
        return self._posted_dict(posted)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        posted = self._find(params)
        markup = self._check_markup(params)
        if markup == posted.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        posted.reply_markup = markup
        posted.edits += 1
        return self._posted_dict(posted)

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text", ""))
        if len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.answers[str(params["callback_query_id"])] = params
        return True

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        document = params.get("document")
        if not isinstance(document, tuple):
            raise ApiError(400, "Bad Request: there is no document in the request")
        if len(document[1]) > self.upload_limit:  # Telegram's answer to a bot's file above 50 MB
            raise ApiError(413, "Request Entity Too Large")
        caption = str(params.get("caption", ""))
        plain = self._render(caption, params.get("parse_mode"), 1024, "caption") if caption else ""
        posted = Posted(
            chat.id,
            next(self._message_ids),
            caption,
            plain,
            self._check_markup(params),
            self._reply_to(params),
            document=(document[0], document[1]),
            thread_id=self._thread(chat, params),
        )
        return self._store(chat, posted) | {
            "document": {"file_id": "doc", "file_unique_id": "doc", "file_name": document[0]}
        }

    async def _api_sendPoll(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        question = self._render(
            str(params.get("question", "")), params.get("question_parse_mode"), 300, "poll question"
        )
        options = params.get("options") or []
        if not 1 <= len(question) <= 300:
            raise ApiError(400, "Bad Request: poll question length must be 1-300")
        if not 2 <= len(options) <= 12:
            raise ApiError(400, "Bad Request: poll must have 2-12 options")
        texts = [
            self._render(o["text"], o.get("text_parse_mode"), 100, "poll option")
            if isinstance(o, dict)
            else str(o)
            for o in options
        ]
        if any(not 1 <= len(text) <= 100 for text in texts):
            raise ApiError(400, "Bad Request: poll options length must not exceed 100")
        poll = {"question": question, "options": texts}
        thread_id = self._thread(chat, params)
        posted = Posted(
            chat.id, next(self._message_ids), question, question, poll=poll, thread_id=thread_id
        )
        return self._store(chat, posted) | {
            "poll": {
                "id": "poll",
                "question": question,
                "options": [
                    {"text": text, "voter_count": 0, "persistent_id": str(n)}  # Bot API 9.6
                    for n, text in enumerate(texts)
                ],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
                "allows_revoting": True,  # required since Bot API 9.6
                "members_only": False,  # required since Bot API 10.0
            }
        }

    async def _api_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params["file_id"])
        path = f"documents/{file_id}"
        if path not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[path]),
            "file_path": path,
        }

    async def _api_leaveChat(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        self.kicked_from.add(chat.id)
        return True

    async def _api_deleteMessage(self, params: dict[str, Any]) -> Any:
        posted = self._find(params)
        self.posted[posted.chat_id].remove(posted)
        return True


def _utf16_entity(kind: str, text: str, start: int, end: int) -> dict[str, Any]:
    """An entity with Telegram's offsets, counted in UTF-16 code units."""

    def units(part: str) -> int:
        return len(part.encode("utf-16-le")) // 2

    return {"type": kind, "offset": units(text[:start]), "length": units(text[start:end])}


def _member_status(status: str, user: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        data["is_anonymous"] = False
    if status == "administrator":
        data.update(
            {
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
        )
    if status == "kicked":
        data["until_date"] = 0
    if status == "restricted":
        data.update({"is_member": True, "until_date": 0})
    return data
