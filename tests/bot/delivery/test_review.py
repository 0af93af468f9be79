"""Review findings on delivery (issue 4): backlog incidents (A4), leases and long alerts (A5),
the shared rate-limited bot (A6) and supergroup migrations (A14). Real PTB against the emulator,
SQLite and PostgreSQL through the ``engine`` fixture; time moves by ``now``, never by sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from telegram.ext import AIORateLimiter, ExtBot

from bot.delivery.senders import TelegramSender
from bot.delivery.worker import LEASE_SECONDS, deliver_due_alerts
from bot.settings import Settings
from bot.telegram.app import build_bot
from bot.telegram.chats import remember_configured_chat
from feeds.clock import FixedClock
from feeds.model import AlertKind, AlertStatus
from feeds.model.alerts import FloodSummaryAlert
from storage.db import session_scope
from storage.queries import alerts as alert_queries
from storage.queries import chats as chat_queries
from storage.queries.chats import current_chat_id
from tests.helpers.botapp import bot_settings
from tests.helpers.outbox import NOW, alerts, count_dispute, save_story
from tests.helpers.telegram import CHANNEL, TelegramEmulator

pytestmark = pytest.mark.anyio


# ── A4: an incident first seen in the backlog ───────────────────────────────────────────────


async def test_a_backlog_incident_gets_its_card_and_contradictions_on_the_first_fresh_story(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    backlog = save_story(
        engine, number=1, chat_id=str(CHANNEL), contradictions=(count_dispute(),), alertable=False
    )
    assert alerts(engine) == []
    incident_id = backlog.incident_ids[0]
    save_story(engine, number=2, chat_id=str(CHANNEL), incident_id=incident_id)
    queued = {row.kind for row in alerts(engine)}
    assert queued == {AlertKind.NEW_INCIDENT.value, AlertKind.CONTRADICTION.value}
    report = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert (report.sent, report.skipped) == (2, 0)
    shown = [m.text for (chat, _), m in telegram_api.messages.items() if chat == CHANNEL]
    assert any("Contradiction: killed · count" in text for text in shown)
    # a third story edits the card the second one opened; nothing is queued twice
    save_story(engine, number=3, chat_id=str(CHANNEL), incident_id=incident_id)
    kinds = [row.kind for row in alerts(engine)]
    assert kinds.count(AlertKind.NEW_INCIDENT.value) == 1
    assert kinds.count(AlertKind.CONTRADICTION.value) == 1
    assert kinds.count(AlertKind.CARD_EDIT.value) == 1
    later = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(minutes=1))
    )
    assert (later.edited, later.skipped) == (1, 0)


# ── A5: leases and long alerts ──────────────────────────────────────────────────────────────


def test_a_write_under_a_lost_lease_is_refused(engine: Engine) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL))
    with session_scope(engine) as session:
        [first] = alert_queries.lease_due_alerts(session=session, now=NOW, lease_seconds=60)
        stale = first.lease_token
    later = NOW + timedelta(seconds=61)
    with session_scope(engine) as session:
        [second] = alert_queries.lease_due_alerts(session=session, now=later, lease_seconds=60)
        assert second.lease_token != stale
        assert alert_queries.mark_alert_sent(
            session=session,
            alert_id=second.id,
            message_id=2,
            now=later,
            lease_token=second.lease_token,
        )
    with session_scope(engine) as session:
        assert not alert_queries.mark_alert_sent(
            session=session, alert_id=second.id, message_id=1, now=later, lease_token=stale
        )
        assert not alert_queries.mark_alert_retry(
            session=session,
            alert_id=second.id,
            error="late",
            next_attempt_at=later,
            lease_token=stale,
        )
    [row] = alerts(engine)
    assert (row.status, row.telegram_message_id, row.last_error) == ("sent", 2, None)


def queue_long_alert(engine: Engine) -> None:
    """An alert long enough to need several messages (a summary naming a very long feed)."""
    name = " ".join(f"mot-clé-{number}" for number in range(900))
    with session_scope(engine) as session:
        alert_queries.enqueue_alert(
            session=session,
            alert=FloodSummaryAlert(feed=name, held_back=300, cycle_started=NOW),
            dedup_key="story:long",
            chat_id=str(CHANNEL),
            now=NOW,
        )


class StallsBeforePartTwo:
    """Worker A's sender: part 1 goes out, then the send of part 2 blocks (a slow network)."""

    def __init__(self, inner: TelegramSender) -> None:
        self.inner = inner
        self.calls = 0
        self.blocked = asyncio.Event()
        self.resume = asyncio.Event()

    async def send(
        self, *, chat_id: str, text_chunks: Sequence[str], silent: bool, thread_id: int | None
    ) -> int:
        self.calls += 1
        if self.calls == 2:
            self.blocked.set()
            await self.resume.wait()
        return await self.inner.send(
            chat_id=chat_id, text_chunks=text_chunks, silent=silent, thread_id=thread_id
        )

    async def edit(self, *, chat_id: str, message_id: int, text: str) -> None:
        await self.inner.edit(chat_id=chat_id, message_id=message_id, text=text)


async def test_a_worker_that_lost_its_lease_stops_and_the_new_holder_resumes_the_parts(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    queue_long_alert(engine)
    stalling = StallsBeforePartTwo(sender)
    worker_a = asyncio.ensure_future(
        deliver_due_alerts(engine=engine, sender=stalling, clock=FixedClock(NOW))
    )
    await stalling.blocked.wait()  # A sent part 1 and hangs in the send of part 2
    after_lease = NOW + timedelta(seconds=LEASE_SECONDS + 1)
    worker_b = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(after_lease))
    stalling.resume.set()
    report_a = await worker_a
    assert (worker_b.sent, report_a.sent, report_a.lost) == (1, 0, 1)
    texts = [call.params["text"] for call in telegram_api.calls_to("sendMessage")]
    parts = len(set(texts))
    assert parts >= 3
    # part 1 once (B resumed after it); part 2 twice (A's send was already under way);
    # every later part once (A gave up before sending them)
    assert len(texts) == parts + 1
    [row] = alerts(engine)
    first_id = telegram_api.calls_to("sendMessage")[0].answer["result"]["message_id"]
    assert (row.status, row.sent_chunks, row.telegram_message_id) == ("sent", parts, first_id)


async def test_flood_control_goes_back_to_the_outbox_without_retrying_in_the_rate_limiter(
    engine: Engine, telegram_api: TelegramEmulator
) -> None:
    telegram_api.add_chat(CHANNEL, type="channel", admins=(7,))
    save_story(engine, number=1, chat_id=str(CHANNEL))
    telegram_api.storm, telegram_api.retry_after = True, 1
    async with build_bot(bot_settings(telegram_api)) as bot:
        assert isinstance(bot.rate_limiter, AIORateLimiter)
        report = await deliver_due_alerts(
            engine=engine, sender=TelegramSender(bot), clock=FixedClock(NOW)
        )
    assert report.retried == 1 and len(telegram_api.calls_to("sendMessage")) == 1
    [row] = alerts(engine)
    assert row.status == AlertStatus.PENDING.value and row.lease_token is None
    assert row.next_attempt_at == NOW + timedelta(seconds=1)


# ── A14: a group that became a supergroup ───────────────────────────────────────────────────


async def test_a_migration_is_remembered_for_new_alerts_and_old_cards(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    telegram_api.add_chat(-42, type="group")
    settings = bot_settings(telegram_api, TELEGRAM_CHAT_ID="-42")
    assert remember_configured_chat(engine, settings, now=NOW) == "-42"
    first = save_story(engine, number=1, chat_id="-42")
    assert (await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))).sent == 1
    # the group becomes a supergroup; the next send learns it from ChatMigrated
    telegram_api.chats[-42].migrated_to = -10042
    telegram_api.add_chat(-10042, type="supergroup")
    save_story(
        engine,
        number=2,
        chat_id="-42",
        contradictions=(count_dispute(),),
        incident_id=first.incident_ids[0],
    )
    report = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    # the card in the old group cannot be edited under the supergroup: skipped, not retried
    assert (report.sent, report.skipped, report.failed, report.retried) == (1, 1, 0, 0)
    assert remember_configured_chat(engine, settings, now=NOW) == "-10042"
    # a later story is queued for the supergroup directly, and its card edit finds the card
    save_story(engine, number=3, chat_id="-42", incident_id=first.incident_ids[0])
    newest = alerts(engine)[-1]
    assert (newest.kind, newest.chat_id) == (AlertKind.CARD_EDIT.value, "-10042")
    kinds = [row.kind for row in alerts(engine)]
    assert kinds.count(AlertKind.CONTRADICTION.value) == 1  # not again for the supergroup
    with session_scope(engine) as session:
        assert current_chat_id(session=session, chat_id="-42") == "-10042"
        card = alert_queries.card_message_id(
            session=session, incident_id=first.incident_ids[0], chat_id="-10042"
        )
    assert card is not None and card == alerts(engine)[0].telegram_message_id


async def test_a_long_alert_cut_by_flood_control_resumes_after_the_last_part_sent(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    queue_long_alert(engine)
    telegram_api.flood_limit, telegram_api.retry_after = 1, 30  # part 1 goes, part 2 is refused
    first = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert first.retried == 1
    [row] = alerts(engine)
    assert (row.status, row.sent_chunks) == (AlertStatus.PENDING.value, 1)
    telegram_api.flood_limit = None
    later = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(seconds=30))
    )
    assert later.sent == 1
    accepted = [c.params["text"] for c in telegram_api.calls_to("sendMessage") if c.answer["ok"]]
    assert len(accepted) == len(set(accepted)) >= 3  # every part once, none repeated
    [row] = alerts(engine)
    assert (row.status, row.sent_chunks) == (AlertStatus.SENT.value, len(accepted))


# ── A6: `maliwatch poll` sends through the Application's rate-limited bot ─────────────────


async def test_poll_with_a_token_uses_the_shared_rate_limited_bot(
    engine: Engine, telegram_api: TelegramEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.telegram.app
    from bot.runner import poll_and_deliver

    made: list[ExtBot[None]] = []

    def recording_build_bot(settings: Settings) -> ExtBot[None]:
        made.append(build_bot(settings))
        return made[-1]

    monkeypatch.setattr(bot.telegram.app, "build_bot", recording_build_bot)
    telegram_api.add_chat(CHANNEL, type="channel", admins=(7,))
    save_story(engine, number=1, chat_id=str(CHANNEL), now=NOW - timedelta(minutes=1))
    result = await poll_and_deliver(
        engine=engine, settings=bot_settings(telegram_api), clock=FixedClock(NOW)
    )
    assert result.alerts_sent == 1 and len(telegram_api.calls_to("sendMessage")) == 1
    [used] = made
    assert isinstance(used, ExtBot) and isinstance(used.rate_limiter, AIORateLimiter)
    with session_scope(engine) as session:  # the configured chat is remembered on start
        assert chat_queries.get_chat(session=session, chat_id=str(CHANNEL)) is not None
