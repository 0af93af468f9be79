"""A Telegram Bot API emulator on 127.0.0.1, for the real python-telegram-bot to talk to.

It serves ``/bot<token>/<method>`` over stdlib ``http.server`` in a thread, takes JSON, form and
multipart bodies (coercing form values with the types in the bundled ``api.min.json``), answers
with the Bot API envelope, and records every call. Like the real server it parses HTML text
(400 "can't parse entities" for unknown or unbalanced tags; 400 "message is too long" over 4096
UTF-16 units of visible text), knows chats (400 "chat not found", 403 "bot was kicked", group
migrated to a supergroup with ``migrate_to_chat_id``), refuses unknown tokens (401), and on a
test's request floods (429 with ``parameters.retry_after``) or breaks down (500/502).

Every call is checked against the spec: an unknown method or parameter, or a missing required
one, is recorded in ``spec_violations``, which the ``telegram_api`` fixture asserts empty.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers.paths import DATA
from tests.helpers.telegram_html import EntityParseError, parse_html, utf16_len

SPEC_PATH = DATA / "telegram-bot-api-spec" / "api.min.json"
TEST_TOKEN = "123456789:TEST-maliwatch-token"
CHANNEL = -1001234567890  # the alert channel the delivery tests send to
BOT_ID = 123456789
BOT_USERNAME = "maliwatch_test_bot"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
SENDING_METHODS = frozenset({"sendMessage", "editMessageText", "sendPhoto", "sendDocument"})
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


@functools.cache
def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The bundled Bot API description (read once; treat it as read-only)."""
    return json.loads(path.read_text(encoding="utf-8"))


CONFLICT_OTHER_POLLER = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class EmulatedChat:
    id: int
    type: str = "channel"  # channel | supergroup | group | private
    title: str = "Mali alerts"
    admins: tuple[int, ...] = ()  # user ids; the first is the creator
    username: str | None = None
    is_forum: bool = False
    kicked: bool = False
    migrated_to: int | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = f"User {self.id}"
        else:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    answer: dict[str, Any] = field(default_factory=dict)  # the envelope the bot received


@dataclass
class StoredMessage:
    text: str
    entities: list[dict[str, Any]]
    reply_markup: Any = None


def user_json(user_id: int, language_code: str = "en") -> dict[str, Any]:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": f"User {user_id}",
        "language_code": language_code,
    }


BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "maliwatch", "username": BOT_USERNAME}


class TelegramEmulator:
    """The emulated server's state; tests arrange chats and failure modes, then inspect calls."""

    def __init__(self, token: str = TEST_TOKEN, spec: dict[str, Any] | None = None) -> None:
        self.token = token
        self.spec = spec if spec is not None else load_spec()
        self._methods = {name.lower(): name for name in self.spec["methods"]}
        self.chats: dict[int, EmulatedChat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.calls: list[Call] = []
        self.spec_violations: list[str] = []
        self.commands: list[dict[str, Any]] = []  # the default menu (no scope, no language)
        # every menu by (scope, language_code): scope "default", "chat_administrators:<id>",
        # "chat:<id>"; language "" for all languages
        self.command_lists: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.updates: list[dict[str, Any]] = []
        self.flood_limit: int | None = None  # sends allowed before 429 (per flood window)
        self.retry_after = 1
        self.storm = False  # every send answers 429
        # Another bot instance holds getUpdates: every getUpdates answers 409 (as Telegram does
        # for a second poller); a getUpdates arriving while one is waiting gets 409 too.
        self.other_poller = False
        self._polling = 0
        self.outage_status: int | None = None  # 500 or 502 for every call
        self._sends_in_window = 0
        self._next_message_id = 100
        self._next_update_id = 1
        self._next_file = 1
        self._lock = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ── lifecycle ──
    def start(self) -> TelegramEmulator:
        emulator = self

        class Handler(_Handler):
            server_emulator = emulator

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None, "emulator not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be: PTB appends the token."""
        return f"{self.url}/bot"

    # ── arranging ──
    def add_chat(self, chat_id: int, **fields: Any) -> EmulatedChat:
        with self._lock:
            chat = EmulatedChat(id=chat_id, **fields)
            self.chats[chat_id] = chat
            return chat

    def reset_flood_window(self) -> None:
        """Time has passed: the flood limit counts anew."""
        with self._lock:
            self._sends_in_window = 0

    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (and make its sender's private chat known)."""
        with self._lock:
            update = {**update, "update_id": self._next_update_id}
            self._next_update_id += 1
            self._remember_private_chat(update)
            self.updates.append(update)
            self._lock.notify_all()
            return update

    def register_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Number an update for ``Application.process_update`` without queueing it."""
        with self._lock:
            update = {**update, "update_id": self._next_update_id}
            self._next_update_id += 1
            self._remember_private_chat(update)
            return update

    def _remember_private_chat(self, update: dict[str, Any]) -> None:
        message = update.get("message") or update.get("callback_query", {}).get("message")
        if message and message["chat"]["id"] not in self.chats:
            chat = message["chat"]
            self.chats[chat["id"]] = EmulatedChat(
                id=chat["id"], type=chat["type"], title=chat.get("title", "")
            )

    def store_message(self, chat_id: int, text: str) -> int:
        """Pretend the bot sent ``text`` earlier (e.g. a card a callback refers to)."""
        with self._lock:
            message_id = self._take_message_id()
            self.messages[(chat_id, message_id)] = StoredMessage(text, [])
            return message_id

    # ── inspecting ──
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` were recorded (an event wait, not a sleep)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len([c for c in self.calls if c.method == method]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{method} called fewer than {count} times")
                self._lock.wait(remaining)
            return [c for c in self.calls if c.method == method]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            c.params["text"]
            for c in self.calls_to("sendMessage")
            if chat_id is None or str(c.params.get("chat_id")) == str(chat_id)
        ]

    # ── serving ──
    def handle(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(path).path.strip("/").split("/")
        if len(parts) != 2 or not parts[0].startswith("bot") or parts[0][3:] != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = self._methods.get(parts[1].lower())
        if method is None or not hasattr(self, f"_api_{method}"):
            self._violate(f"unknown method {parts[1]}")
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        try:
            params, files = self._decode(method, content_type, body, urlsplit(path).query)
        except ValueError as exc:
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
        with self._lock:
            self._check_spec(method, params, files)
            status, answer = self._answer(method, params, files)
            self.calls.append(Call(method, params, files, answer))
            self._lock.notify_all()
            return status, answer

    def _answer(
        self, method: str, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, dict[str, Any]]:
        try:
            self._check_health(method)
            result = getattr(self, f"_api_{method}")(params, files)
        except ApiError as exc:
            answer: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.parameters:
                answer["parameters"] = exc.parameters
            return exc.code, answer
        return 200, {"ok": True, "result": result}

    def _violate(self, message: str) -> None:
        self.spec_violations.append(message)

    def _fields(self, method: str) -> dict[str, dict[str, Any]]:
        return {f["name"]: f for f in self.spec["methods"][method].get("fields", [])}

    def _check_spec(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> None:
        fields = self._fields(method)
        for name in [*params, *files]:
            if name not in fields and not name.startswith("attach"):
                self._violate(f"{method}: unknown parameter {name}")
        for name, spec in fields.items():
            if spec.get("required") and name not in params and name not in files:
                self._violate(f"{method}: missing required parameter {name}")

    def _decode(
        self, method: str, content_type: str, body: bytes, query: str
    ) -> tuple[dict[str, Any], dict[str, bytes]]:
        raw: dict[str, str] = {k: v[-1] for k, v in parse_qs(query).items()}
        files: dict[str, bytes] = {}
        if content_type.startswith("application/json") and body:
            return json.loads(body), files
        if content_type.startswith("application/x-www-form-urlencoded"):
            raw.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8")).items()})
        elif content_type.startswith("multipart/form-data"):
            head = f"Content-Type: {content_type}\r\n\r\n".encode()
            message = BytesParser(policy=HTTP).parsebytes(head + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True) or b""
                if part.get_filename() is not None:
                    files[str(name)] = data
                else:
                    raw[str(name)] = data.decode("utf-8")
        elif body:
            raise ValueError(f"unsupported content type {content_type}")
        params = {name: self._coerce(method, name, value) for name, value in raw.items()}
        for name, value in list(params.items()):  # "attach://x" points at a multipart file
            if isinstance(value, str) and value.startswith("attach://"):
                files[name] = files.pop(value.removeprefix("attach://"), b"")
                del params[name]
        return params, files

    def _coerce(self, method: str, name: str, value: str) -> Any:
        types = self._fields(method).get(name, {}).get("types", ["String"])
        if types == ["String"] or (types == ["InputFile", "String"]):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value

    def _check_health(self, method: str) -> None:
        if self.outage_status is not None:
            reason = "Bad Gateway" if self.outage_status == 502 else "Internal Server Error"
            raise ApiError(self.outage_status, reason)
        if method not in SENDING_METHODS:
            return
        flooded = self.flood_limit is not None and self._sends_in_window >= self.flood_limit
        if self.storm or flooded:
            raise ApiError(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                {"retry_after": self.retry_after},
            )
        self._sends_in_window += 1

    def _chat(self, chat_id: Any) -> EmulatedChat:
        chat = None
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            chat = next((c for c in self.chats.values() if f"@{c.username}" == chat_id), None)
        else:
            try:
                chat = self.chats.get(int(chat_id))
            except (TypeError, ValueError):
                chat = None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.kicked:
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        return chat

    def _take_message_id(self) -> int:
        self._next_message_id += 1
        return self._next_message_id

    def _message(self, chat: EmulatedChat, params: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self._take_message_id(),
            "date": int(time.time()),
            "chat": chat.as_json(),
        }
        if chat.type == "channel":
            message["sender_chat"] = chat.as_json()
        else:
            message["from"] = BOT_USER
        thread_id = params.get("message_thread_id")
        if thread_id is not None:
            if not chat.is_forum:
                raise ApiError(400, "Bad Request: message thread not found")
            message["message_thread_id"] = int(thread_id)
            message["is_topic_message"] = True
        if params.get("reply_markup") is not None:
            message["reply_markup"] = params["reply_markup"]
        return message

    def _parsed(self, params: dict[str, Any], key: str, limit: int, what: str) -> tuple[str, list]:
        source = str(params.get(key, ""))
        if params.get("parse_mode", "").upper() == "HTML":
            try:
                text, entities = parse_html(source)
            except EntityParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        else:
            text, entities = source, []
        if utf16_len(text) > limit:
            raise ApiError(400, f"Bad Request: {what} is too long")
        return text, entities

    # ── methods (names as in the spec) ──
    def _api_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        return True

    def _api_getUpdates(self, params: dict[str, Any], files: dict[str, bytes]) -> list[Any]:
        if self.other_poller or self._polling:
            raise ApiError(409, CONFLICT_OTHER_POLLER)
        self._polling += 1
        try:
            return self._updates(params)
        finally:
            self._polling -= 1

    def _updates(self, params: dict[str, Any]) -> list[Any]:
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        wait = min(float(params.get("timeout") or 0), 2.0)
        if not self.updates and wait > 0:
            self._lock.wait(wait)
        limit = int(params.get("limit") or 100)
        return [u for u in self.updates if u["update_id"] >= offset][:limit]

    @staticmethod
    def _menu_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        name = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        return name, str(params.get("language_code") or "")

    def _api_setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        key = self._menu_key(params)
        scope = params.get("scope") or {}
        if "chat_id" in scope:
            chat = self._chat(scope["chat_id"])  # 400 "chat not found" like Telegram
            if scope["type"] == "chat_administrators" and chat.type not in {"group", "supergroup"}:
                raise ApiError(400, "Bad Request: can't change commands in channel chats")
        self.command_lists[key] = list(params["commands"])
        if key == ("default", ""):
            self.commands = list(params["commands"])
        return True

    def _api_getMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> list[Any]:
        return self.command_lists.get(self._menu_key(params), [])

    def _api_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        text, entities = self._parsed(params, "text", MESSAGE_LIMIT, "message")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        message = self._message(chat, params)
        message["text"] = text
        if entities:
            message["entities"] = entities
        stored = StoredMessage(text, entities, params.get("reply_markup"))
        self.messages[(chat.id, message["message_id"])] = stored
        return message

    def _api_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat = self._chat(params.get("chat_id"))
        key = (chat.id, int(params.get("message_id", 0)))
        text, entities = self._parsed(params, "text", MESSAGE_LIMIT, "message")
        old = self.messages.get(key)
        if old is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        new = StoredMessage(text, entities, params.get("reply_markup"))
        if new == old:
            raise ApiError(400, NOT_MODIFIED)
        self.messages[key] = new
        message = {**self._message(chat, params), "message_id": key[1], "text": text}
        message["edit_date"] = int(time.time())
        if entities:
            message["entities"] = entities
        return message

    def _file_ids(self) -> tuple[str, str]:
        self._next_file += 1
        return f"file-{self._next_file}", f"unique-{self._next_file}"

    def _media_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        caption, entities = self._parsed(params, "caption", CAPTION_LIMIT, "message caption")
        message = self._message(chat, params)
        if caption:
            message["caption"] = caption
        if entities:
            message["caption_entities"] = entities
        return message

    def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        data = files.get("photo", b"")
        message = self._media_message(params)
        width, height = png_size(data)
        file_id, unique = self._file_ids()
        message["photo"] = [
            {
                "file_id": file_id,
                "file_unique_id": unique,
                "width": width,
                "height": height,
                "file_size": len(data),
            }
        ]
        return message

    def _api_sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        message = self._media_message(params)
        file_id, unique = self._file_ids()
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": unique,
            "file_size": len(files.get("document", b"")),
        }
        return message

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        return True

    def _api_getChatAdministrators(self, params: dict[str, Any], files: dict[str, bytes]) -> list:
        chat = self._chat(params.get("chat_id"))
        return [
            admin_member(user_id, owner=index == 0) for index, user_id in enumerate(chat.admins)
        ]

    def _api_getChat(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        gifts = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        return {
            **chat.as_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }


def admin_member(user_id: int, *, owner: bool) -> dict[str, Any]:
    if owner:
        return {"status": "creator", "user": user_json(user_id), "is_anonymous": False}
    rights = [
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_post_messages",
    ]
    return {
        "status": "administrator",
        "user": user_json(user_id),
        "can_be_edited": False,
        "is_anonymous": False,
        **dict.fromkeys(rights, True),
    }


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; (0, 0) for anything else."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return 0, 0
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class _Handler(BaseHTTPRequestHandler):
    server_emulator: TelegramEmulator
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type", "")
        status, answer = self.server_emulator.handle(self.path, content_type, body)
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the recorded calls are the log."""


# ── update builders ──────────────────────────────────────────────────────────────────────────


def command_message(
    text: str,
    *,
    user_id: int,
    chat_id: int | None = None,
    chat_type: str = "private",
    message_id: int = 1,
    language_code: str = "en",
) -> dict[str, Any]:
    """An update carrying a message from ``user_id`` (whose Telegram language is
    ``language_code``); a leading /command gets its entity."""
    chat_id = user_id if chat_id is None else chat_id
    chat = {"id": chat_id, "type": chat_type}
    chat.update({"first_name": f"User {user_id}"} if chat_type == "private" else {"title": "G"})
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat,
        "from": user_json(user_id, language_code),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
    return {"message": message}


def callback_query(
    data: str, *, user_id: int, chat_id: int, message_id: int, text: str = "card"
) -> dict[str, Any]:
    """An update for a press on an inline button of the bot's message ``message_id``."""
    return {
        "callback_query": {
            "id": f"cbq-{user_id}-{message_id}-{data}",
            "from": user_json(user_id),
            "chat_instance": f"ci-{chat_id}",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"},
                "from": BOT_USER,
                "text": text,
            },
        }
    }


@pytest.fixture
def telegram_api() -> Iterator[TelegramEmulator]:
    """A running emulator; at teardown, every call must have matched the Bot API spec."""
    emulator = TelegramEmulator().start()
    try:
        yield emulator
    finally:
        emulator.stop()
    assert not emulator.spec_violations, emulator.spec_violations


@pytest.fixture
async def sender(telegram_api: TelegramEmulator) -> AsyncIterator[Any]:
    """A real ``TelegramSender`` over PTB's ``Bot`` on the emulator, with CHANNEL set up."""
    from telegram import Bot

    from bot.delivery.senders import TelegramSender

    telegram_api.add_chat(CHANNEL, type="channel", admins=(7,))
    async with Bot(TEST_TOKEN, base_url=telegram_api.base_url) as bot:
        yield TelegramSender(bot)
