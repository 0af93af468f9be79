"""Outbox rows → Telegram (or the console), exactly once as far as the database can tell.

    lease_due_alerts ──▶ render from the CURRENT incident view ──▶ sender.send / sender.edit
          │                                                              │
          │ (lease expires if the process dies here: sent later)         ▼
          └──────────────────────────────────────────────── mark_alert_sent (at once)

Errors, by what they mean:

* ``RetryAfter`` (flood control) → due again at ``now + retry_after``; not counted as a failure.
* ``TimedOut`` / ``NetworkError`` / a 5xx → exponential backoff with jitter, forever (capped).
* ``ChatMigrated`` → ``migrate_chat`` (every queued row follows) and sent again at once.
* ``BadRequest`` "chat not found" / ``Forbidden`` (bot kicked) → failed, reason kept and logged.
* anything else → backoff, and failed after :data:`MAX_ATTEMPTS` attempts.

The one window left: Telegram accepted the message but the process died before
``mark_alert_sent`` committed; the lease then expires and the alert is sent a second time
(see docs/telegram.md).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from rich.console import Console
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.render import (
    FeedHealth,
    card_edit_note,
    html_to_plain,
    render_alert,
    render_digest,
    split_message,
)
from feeds.model import AlertKind
from storage import queries
from storage.db import session_scope
from storage.models import AlertRow, StoryIncidentRow, StoryRow
from storage.outcome import IncidentView

log = logging.getLogger(__name__)

LEASE_SECONDS = 120
LEASE_SAFETY_SECONDS = 20  # stop a pass this long before its leases expire
MAX_ATTEMPTS = 5
BASE_BACKOFF = timedelta(seconds=15)
MAX_BACKOFF = timedelta(hours=1)
PERMANENT_REASONS = (
    "chat not found",
    "bot was kicked",
    "not enough rights",
    "chat_write_forbidden",
)


class AlertSender(Protocol):
    """Where alerts go: Telegram (:class:`TelegramSender`) or stdout (:class:`ConsoleSender`)."""

    async def send(
        self, *, chat_id: str, text_chunks: Sequence[str], silent: bool, thread_id: int | None
    ) -> int:
        """Send the chunks in order; return the first message's id."""

    async def edit(self, *, chat_id: str, message_id: int, text: str) -> None:
        """Replace a message's text; an unchanged text is not an error."""


def telegram_chat_id(chat_id: str) -> int | str:
    """Stored chat ids are strings; Telegram wants an int unless it is an @username."""
    try:
        return int(chat_id)
    except ValueError:
        return chat_id


class TelegramSender:
    """Sends HTML through a python-telegram-bot ``Bot`` (link previews off)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(
        self,
        *,
        chat_id: str,
        text_chunks: Sequence[str],
        silent: bool = False,
        thread_id: int | None = None,
    ) -> int:
        first_id: int | None = None
        for chunk in text_chunks:
            message = await self.bot.send_message(
                chat_id=telegram_chat_id(chat_id),
                text=chunk,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                disable_notification=silent,
                message_thread_id=thread_id,
            )
            first_id = message.message_id if first_id is None else first_id
        if first_id is None:
            raise ValueError("nothing to send")
        return first_id

    async def edit(self, *, chat_id: str, message_id: int, text: str) -> None:
        try:
            await self.bot.edit_message_text(
                chat_id=telegram_chat_id(chat_id),
                message_id=message_id,
                text=text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except BadRequest as exc:
            if "message is not modified" not in exc.message.lower():
                raise
            log.debug("card %s in %s already up to date", message_id, chat_id)


class ConsoleSender:
    """Prints alerts as plain text with rich; message ids are a local counter.

    A card is printed in full when first sent; an edit prints one line (what the card counts
    now), as the whole card again on every edit buries the alerts between them.
    """

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False)
        self._ids = itertools.count(1)
        self._texts: dict[int, str] = {}  # message id → the text it shows now

    async def send(
        self,
        *,
        chat_id: str,
        text_chunks: Sequence[str],
        silent: bool = False,
        thread_id: int | None = None,
    ) -> int:
        message_id = next(self._ids)
        note = " (silent)" if silent else ""
        self.console.rule(f"message {message_id} → {chat_id}{note}")
        for chunk in text_chunks:
            self.console.print(html_to_plain(chunk), markup=False)
        self._texts[message_id] = "".join(text_chunks)
        return message_id

    async def edit(self, *, chat_id: str, message_id: int, text: str) -> None:
        note = card_edit_note(text)
        if self._texts.get(message_id) == text:
            note += " · no change"
        self._texts[message_id] = text
        self.console.print(f"{note} · message {message_id} in {chat_id}", markup=False)


@dataclass
class DeliveryReport:
    leased: int = 0
    sent: int = 0
    edited: int = 0
    skipped: int = 0  # nothing to do (a card edit before the card exists)
    retried: int = 0
    failed: int = 0
    released: int = 0  # leased but not tried: the lease was running out (due again at once)


@dataclass(frozen=True, slots=True)
class _Rendered:
    """What one alert turns into right now."""

    chunks: tuple[str, ...] = ()
    edit_message_id: int | None = None  # set: edit this message instead of sending
    skip_reason: str | None = None


async def deliver_due_alerts(
    *,
    engine: Engine,
    sender: AlertSender,
    now: datetime | None = None,
    limit: int = 50,
    clock: Callable[[], float] = time.monotonic,
) -> DeliveryReport:
    """Lease due outbox rows, render each from the current incident view, send, mark.

    Sending can be slow (the rate limiter holds a group to 20 messages a minute), so the pass
    stops before its leases expire and releases the rows it has not tried: another worker
    could otherwise lease them again and send them twice. ``clock`` measures that (seconds).
    """
    now = now or datetime.now(UTC)
    started = clock()
    rows = await asyncio.to_thread(_lease, engine, now, limit)
    report = DeliveryReport(leased=len(rows))
    for index, row in enumerate(rows):
        if clock() - started > LEASE_SECONDS - LEASE_SAFETY_SECONDS:
            await asyncio.to_thread(_release, engine, rows[index:], now)
            report.released = len(rows) - index
            break
        await _deliver_one(engine, sender, row, now, report)
    if rows:
        log.info("delivery: %s", report)
    return report


def _release(engine: Engine, rows: Sequence[AlertRow], now: datetime) -> None:
    with session_scope(engine, immediate=True) as session:
        for row in rows:
            _retry(session, row, "released: lease running out", now, give_back_attempt=True)
    log.info("released %d leased alerts before their lease ran out", len(rows))


def _lease(engine: Engine, now: datetime, limit: int) -> list[AlertRow]:
    with session_scope(engine) as session:
        return list(
            queries.lease_due_alerts(
                session=session, now=now, limit=limit, lease_seconds=LEASE_SECONDS
            )
        )


async def _deliver_one(
    engine: Engine, sender: AlertSender, row: AlertRow, now: datetime, report: DeliveryReport
) -> None:
    context = f"alert {row.id} ({row.kind}, incident {row.incident_id}, chat {row.chat_id})"
    try:
        try:
            outcome, message_id = await _attempt(engine, sender, row, now, context)
        except ChatMigrated as exc:  # follow the group to its supergroup and retry at once
            await asyncio.to_thread(_follow_migration, engine, row, exc.new_chat_id, context)
            outcome, message_id = await _attempt(engine, sender, row, now, context)
    except Exception as exc:  # every failure is classified, none is lost
        await asyncio.to_thread(_handle_failure, engine, row, exc, now, report, context)
        return
    await asyncio.to_thread(_mark_sent, engine, row, message_id, now)
    setattr(report, outcome, getattr(report, outcome) + 1)


async def _attempt(
    engine: Engine, sender: AlertSender, row: AlertRow, now: datetime, context: str
) -> tuple[str, int | None]:
    """Render and send (or edit); returns which counter to bump and the message id."""
    rendered = await asyncio.to_thread(_render, engine, row, now)
    if rendered.skip_reason is not None:
        log.info("%s: nothing to send: %s", context, rendered.skip_reason)
        return "skipped", None
    if rendered.edit_message_id is not None:
        await sender.edit(
            chat_id=row.chat_id, message_id=rendered.edit_message_id, text=rendered.chunks[0]
        )
        return "edited", rendered.edit_message_id
    message_id = await sender.send(
        chat_id=row.chat_id,
        text_chunks=rendered.chunks,
        silent=row.silent,
        thread_id=row.thread_id,
    )
    return "sent", message_id


def _follow_migration(engine: Engine, row: AlertRow, new_chat_id: int, context: str) -> None:
    """Every unsent alert of the old chat (this one included) moves to the supergroup."""
    with session_scope(engine, immediate=True) as session:
        moved = queries.migrate_chat(
            session=session, old_chat_id=row.chat_id, new_chat_id=str(new_chat_id)
        )
    log.warning("%s: chat migrated to %s (%d alerts moved)", context, new_chat_id, moved)
    row.chat_id = str(new_chat_id)


def _id(row: AlertRow) -> int:
    if row.id is None:
        raise ValueError("an outbox row without an id")
    return row.id


def _mark_sent(engine: Engine, row: AlertRow, message_id: int | None, now: datetime) -> None:
    with session_scope(engine, immediate=True) as session:
        queries.mark_alert_sent(session=session, alert_id=_id(row), message_id=message_id, now=now)


def _render(engine: Engine, row: AlertRow, now: datetime) -> _Rendered:
    """What the alert looks like now (from the current incident view), or why nothing is due."""
    kind = AlertKind(row.kind)
    payload = _payload(row)
    with session_scope(engine) as session:
        if kind is AlertKind.DIGEST:
            return _Rendered(chunks=tuple(_render_digest(session, payload, now)))
        view: IncidentView | None = None
        if row.incident_id is not None:
            view = queries.get_incident_view(session=session, incident_id=row.incident_id)
        if kind not in (AlertKind.NEW_INCIDENT, AlertKind.CARD_EDIT):
            return _Rendered(chunks=tuple(render_alert(kind, view, payload)))
        if view is None or row.incident_id is None:
            raise LookupError(f"incident {row.incident_id} not found")
        card = tuple(render_alert(kind, view, payload))
        if kind is AlertKind.NEW_INCIDENT:
            return _Rendered(chunks=card)
        card_id = queries.card_message_id(
            session=session, incident_id=row.incident_id, chat_id=row.chat_id
        )
        if card_id is None:
            return _Rendered(skip_reason="the card is not sent yet; it will show this state")
        return _Rendered(chunks=card, edit_message_id=card_id)


def _payload(row: AlertRow) -> dict[str, Any]:
    try:
        payload = json.loads(row.payload or "{}")
    except json.JSONDecodeError:
        log.warning("alert %s has a payload that is not JSON", row.id)
        return {}
    return payload if isinstance(payload, dict) else {}


def _render_digest(session: Session, payload: dict[str, Any], now: datetime) -> list[str]:
    """Incidents since the payload's ``since`` (default: the last 24 hours) and feed health,
    under the payload's ``day`` (so a digest delivered late still names its day)."""
    since = now - timedelta(days=1)
    if isinstance(payload.get("since"), str):
        since = datetime.fromisoformat(payload["since"])
    day = now.date()
    if isinstance(payload.get("day"), str):
        day = date.fromisoformat(payload["day"])
    views = queries.list_incident_views(session=session, since=since)
    others = other_story_count(session, since=since)
    return split_message(
        render_digest(views, day=day, feeds=feed_health(session), other_stories=others)
    )


def other_story_count(session: Session, *, since: datetime) -> int:
    """Relevant stories fetched since ``since`` that joined no incident (plain Mali news)."""
    linked = select(col(StoryIncidentRow.story_id)).where(
        col(StoryIncidentRow.story_id) == col(StoryRow.id)
    )
    query = select(func.count()).where(
        col(StoryRow.relevant), col(StoryRow.fetched) >= since, ~linked.exists()
    )
    return int(session.exec(query).one())


def feed_health(session: Session) -> FeedHealth:
    """Feed count and the failing feeds with their last error (for the digest and /status)."""
    total = len(queries.list_feeds(session=session))
    failing = tuple(
        (feed.url, feed.last_error or "") for feed in queries.failing_feeds(session=session)
    )
    return FeedHealth(total=total, failing=failing)


# ── failures ────────────────────────────────────────────────────────────────────────────────


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with full jitter, capped at :data:`MAX_BACKOFF`."""
    ceiling = min(MAX_BACKOFF, BASE_BACKOFF * (2 ** max(0, attempts - 1)))
    return timedelta(seconds=random.uniform(ceiling.total_seconds() / 2, ceiling.total_seconds()))


def is_permanent(exc: Exception) -> bool:
    if isinstance(exc, Forbidden):
        return True
    message = getattr(exc, "message", str(exc)).lower()
    return isinstance(exc, BadRequest) and any(reason in message for reason in PERMANENT_REASONS)


def _handle_failure(
    engine: Engine,
    row: AlertRow,
    exc: Exception,
    now: datetime,
    report: DeliveryReport,
    context: str,
) -> None:
    """Classify a failed send and store what happens next, in one transaction."""
    reason = f"{type(exc).__name__}: {exc}"
    with session_scope(engine, immediate=True) as session:
        if isinstance(exc, ChatMigrated):  # migrated again right after a migration
            queries.migrate_chat(
                session=session, old_chat_id=row.chat_id, new_chat_id=str(exc.new_chat_id)
            )
            log.warning("%s: chat migrated again, to %s", context, exc.new_chat_id)
            _retry(session, row, reason, now, give_back_attempt=True)
        elif isinstance(exc, RetryAfter):
            seconds = retry_after_seconds(exc)
            log.warning("%s: flood control, retry in %.0fs", context, seconds)
            _retry(session, row, reason, now + timedelta(seconds=seconds), give_back_attempt=True)
        elif is_permanent(exc) or (not is_transient(exc) and row.attempts >= MAX_ATTEMPTS):
            log.error("%s: failed for good after %d attempts: %s", context, row.attempts, reason)
            queries.mark_alert_failed(session=session, alert_id=_id(row), error=reason)
            report.failed += 1
            return
        else:
            transient = is_transient(exc)
            level = logging.WARNING if transient else logging.ERROR
            log.log(level, "%s: will retry: %s", context, reason, exc_info=not transient)
            _retry(session, row, reason, now + backoff(row.attempts))
    report.retried += 1


def is_transient(exc: Exception) -> bool:
    """Timeouts, connection trouble and 5xx answers (PTB raises NetworkError for those)."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


def retry_after_seconds(exc: RetryAfter) -> float:
    """Seconds to wait, whether PTB gives an int (v22 default) or a timedelta (PTB_TIMEDELTA)."""
    with warnings.catch_warnings():  # PTB 22 warns that the type will change
        warnings.simplefilter("ignore")
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def _retry(
    session: Session,
    row: AlertRow,
    reason: str,
    when: datetime,
    *,
    give_back_attempt: bool = False,
) -> None:
    """Due again at ``when``. Flood control and a chat move are not the alert's fault: the
    attempt its lease counted is given back, so they never push it towards ``failed``."""
    queries.mark_alert_retry(session=session, alert_id=_id(row), error=reason, next_attempt_at=when)
    if give_back_attempt:
        stored = session.get(AlertRow, row.id)
        if stored is not None and stored.attempts > 0:
            stored.attempts -= 1
            session.add(stored)
