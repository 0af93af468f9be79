"""Delivery end to end: outbox rows (made by save_story_outcome) → the real PTB Bot → emulator.

Runs on SQLite and PostgreSQL (the ``engine`` fixture). Time is passed in (``now``), so
retries and expired leases are reached by moving ``now`` forward, never by sleeping.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.delivery.failures import MAX_ATTEMPTS
from bot.delivery.senders import ConsoleSender, TelegramSender
from bot.delivery.worker import LEASE_SECONDS, deliver_due_alerts
from bot.render.digest import FeedHealth, render_digest
from bot.render.html import split_message
from feeds.clock import FixedClock
from feeds.model import AlertStatus, StoryAnalysis
from feeds.model.alerts import CardEditAlert, DigestAlert
from feeds.model.outcome import StoryOutcome
from feeds.pipeline.alerts import store_outcome
from storage.db import session_scope
from storage.queries import alerts as alert_queries
from storage.queries import feeds as feed_queries
from tests.helpers import outbox
from tests.helpers.outbox import NOW, alerts, count_dispute, later_cdrap_figure, save_story
from tests.helpers.samples import ARMY, CDRAP, lerneb_view
from tests.helpers.telegram import CHANNEL, TelegramEmulator

pytestmark = pytest.mark.anyio


def channel_messages(telegram_api: TelegramEmulator, chat_id: int = CHANNEL) -> dict[int, str]:
    """What the channel shows now: message id → visible text."""
    return {mid: m.text for (cid, mid), m in telegram_api.messages.items() if cid == chat_id}


async def test_alerts_become_channel_messages_once(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL), contradictions=(count_dispute(),))
    report = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert (report.sent, report.failed, report.retried) == (2, 0, 0)
    card, contradiction = alerts(engine)
    shown = channel_messages(telegram_api)
    assert "CDRAP: killed at least 18 civilians" in shown[card.telegram_message_id]
    assert "Contradiction: killed · count" in shown[contradiction.telegram_message_id]
    assert {a.status for a in alerts(engine)} == {AlertStatus.SENT.value}
    call = telegram_api.calls_to("sendMessage")[0].params
    assert call["parse_mode"] == "HTML" and call["link_preview_options"] == {"is_disabled": True}
    again = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(hours=1))
    )
    assert again.leased == 0 and len(telegram_api.calls_to("sendMessage")) == 2


async def test_card_is_edited_in_place_and_unchanged_edit_is_success(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    first = save_story(engine, number=1, chat_id=str(CHANNEL))
    await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    [card] = alerts(engine)
    incident_id = first.incident_ids[0]
    un_claim = CDRAP.__class__(
        **{**{n: getattr(ARMY, n) for n in ARMY.__slots__}, "claimant": "UN"}
    )
    save_story(engine, number=2, chat_id=str(CHANNEL), claims=(un_claim,), incident_id=incident_id)
    save_story(engine, number=3, chat_id=str(CHANNEL), claims=(un_claim,), incident_id=incident_id)
    report = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(minutes=5))
    )
    assert report.edited == 2 and report.sent == 0
    edits = telegram_api.calls_to("editMessageText")
    assert {e.params["message_id"] for e in edits} == {card.telegram_message_id}
    # both edits render the incident as it is now: the second is identical, and Telegram's
    # "message is not modified" counts as success
    assert edits[0].answer["ok"] and "not modified" in edits[1].answer["description"]
    assert {a.status for a in alerts(engine)} == {AlertStatus.SENT.value}
    assert "UN: killed 11" in channel_messages(telegram_api)[card.telegram_message_id]
    assert len(channel_messages(telegram_api)) == 1  # the card was edited, not re-sent


async def test_card_edit_before_the_card_exists_is_nothing_to_do(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    saved = save_story(engine, number=1, chat_id=str(CHANNEL))
    with session_scope(engine) as session:
        early = CardEditAlert(
            incident_id=saved.incident_ids[0], story_id=saved.story_id, url="", title=""
        )
        alert_queries.enqueue_alert(
            session=session, alert=early, dedup_key="card_edit:early", chat_id="-1009999", now=NOW
        )
    report = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert (report.sent, report.skipped) == (1, 1)
    assert telegram_api.calls_to("editMessageText") == []


async def test_toll_update_is_silent_and_forum_topic_is_kept(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    telegram_api.add_chat(-1005, type="supergroup", is_forum=True)
    first = save_story(engine, number=1, chat_id="-1005", thread_id=77)
    claim, update = later_cdrap_figure()
    save_story(
        engine,
        number=2,
        chat_id="-1005",
        thread_id=77,
        claims=(claim,),
        incident_id=first.incident_ids[0],
        updates=(update,),
    )
    await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    calls = telegram_api.calls_to("sendMessage")
    silent = [c.params for c in calls if c.params.get("disable_notification")]
    assert (
        len(silent) == 1
        and "Toll update</b>: CDRAP · killed at least 18 → <b>at least 25" in silent[0]["text"]
    )
    assert {c.params["message_thread_id"] for c in calls} == {77}


async def test_flood_storm_delays_but_loses_nothing(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL), contradictions=(count_dispute(),))
    telegram_api.storm, telegram_api.retry_after = True, 30
    report = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert report.retried == 2 and channel_messages(telegram_api) == {}
    for row in alerts(engine):
        assert row.status == AlertStatus.PENDING.value and row.attempts == 0
        assert row.next_attempt_at.replace(tzinfo=NOW.tzinfo) == NOW + timedelta(seconds=30)
    early = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(seconds=29))
    )
    assert early.leased == 0
    telegram_api.storm = False
    later = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(seconds=30))
    )
    assert later.sent == 2 and len(channel_messages(telegram_api)) == 2


async def test_outage_backs_off_then_delivers(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL))
    telegram_api.outage_status = 502
    for hour in range(8):  # transient errors never turn into "failed"
        await deliver_due_alerts(
            engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(hours=hour))
        )
    [row] = alerts(engine)
    assert row.status == AlertStatus.PENDING.value and "Bad Gateway" in row.last_error
    assert row.next_attempt_at.replace(tzinfo=NOW.tzinfo) > NOW + timedelta(hours=7)
    telegram_api.outage_status = None
    await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(days=1))
    )
    assert alerts(engine)[0].status == AlertStatus.SENT.value
    assert len(channel_messages(telegram_api)) == 1


@pytest.mark.parametrize(
    ("chat", "reason"), [({"kicked": True}, "bot was kicked"), (None, "chat not found")]
)
async def test_permanent_errors_are_stored(
    engine: Engine,
    sender: TelegramSender,
    telegram_api: TelegramEmulator,
    chat: dict[str, bool] | None,
    reason: str,
) -> None:
    if chat is not None:
        telegram_api.add_chat(-1007, type="channel", **chat)
    save_story(engine, number=1, chat_id="-1007")
    report = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    [row] = alerts(engine)
    assert report.failed == 1 and row.status == AlertStatus.FAILED.value
    assert reason in row.last_error.lower()


async def test_unexpected_errors_fail_after_max_attempts(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL))
    telegram_api.outage_status = 409  # PTB raises Conflict: neither transient nor permanent
    for day in range(MAX_ATTEMPTS):
        await deliver_due_alerts(
            engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(days=day))
        )
    [row] = alerts(engine)
    assert row.status == AlertStatus.FAILED.value and row.attempts == MAX_ATTEMPTS
    assert len(telegram_api.calls_to("sendMessage")) == MAX_ATTEMPTS


async def test_chat_migration_is_followed(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    telegram_api.add_chat(-42, type="group", migrated_to=-10042)
    telegram_api.add_chat(-10042, type="supergroup")
    save_story(engine, number=1, chat_id="-42", contradictions=(count_dispute(),))
    report = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)  # followed at once
    assert {row.chat_id for row in alerts(engine)} == {"-10042"}
    assert len(channel_messages(telegram_api, -10042)) == 2


async def test_crash_between_lease_and_send_sends_once_after_the_lease_expires(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL))
    with session_scope(engine) as session:  # a worker leases the row, then the process dies
        leased = alert_queries.lease_due_alerts(
            session=session, now=NOW, limit=10, lease_seconds=LEASE_SECONDS
        )
    assert len(leased) == 1
    during = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(NOW + timedelta(seconds=5))
    )
    assert during.leased == 0
    after = NOW + timedelta(seconds=LEASE_SECONDS + 1)
    restarted = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(after))
    again = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(after + timedelta(hours=1))
    )
    assert (restarted.sent, again.leased) == (1, 0)
    assert len(telegram_api.calls_to("sendMessage")) == 1


async def test_digest_lists_the_day(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL), contradictions=(count_dispute(),))
    digest = DigestAlert(day=NOW.date(), since=NOW - timedelta(days=1))
    with session_scope(engine) as session:
        for url in ("https://ok.example.org/rss", "https://down.example.org/rss"):
            feed_queries.upsert_feed(session=session, url=url, now=NOW)
        down = feed_queries.upsert_feed(
            session=session, url="https://down.example.org/rss", now=NOW
        )
        feed_queries.record_fetch_result(
            session=session,
            feed_id=down.id,
            ok=False,
            not_modified=False,
            etag=None,
            last_modified=None,
            error="HTTP 503",
            now=NOW,
            next_poll_at=NOW,
        )
        alert_queries.enqueue_alert(
            session=session,
            alert=digest,
            dedup_key="digest:2026-11-24",
            chat_id=str(CHANNEL),
            now=NOW,
        )
    late = NOW + timedelta(days=2)  # delivered late: still the 24th's digest, same incidents
    await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(late))
    digest = [text for text in channel_messages(telegram_api).values() if "Digest" in text]
    assert len(digest) == 1 and digest[0].startswith("🗞 Digest · 24 Nov 2026")
    assert "/incident_1 · 24 Nov 2026 · Airstrike" in digest[0]
    assert "at least 11 killed" in digest[0] and "Totals" not in digest[0]  # never summed
    assert "Open disputes\n• /incident_1 killed, count: CDRAP vs Malian army" in digest[0]
    assert "Feeds: 1/2 healthy · failing: down.example.org" in digest[0]


async def test_console_sender_prints_plain_text(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    save_story(engine, number=1, chat_id="console")
    report = await deliver_due_alerts(engine=engine, sender=ConsoleSender(), clock=FixedClock(NOW))
    out = capsys.readouterr().out
    assert report.sent == 1 and alerts(engine)[0].telegram_message_id == 1
    assert "CDRAP: killed at least 18 civilians" in out and "<b>" not in out


async def test_console_prints_a_card_once_then_one_line_per_edit(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    console = ConsoleSender()
    first = save_story(engine, number=1, chat_id="console")
    await deliver_due_alerts(engine=engine, sender=console, clock=FixedClock(NOW))
    capsys.readouterr()
    incident_id = first.incident_ids[0]
    save_story(engine, number=2, chat_id="console", incident_id=incident_id)  # a re-report
    save_story(engine, number=3, chat_id="console", incident_id=incident_id)
    report = await deliver_due_alerts(engine=engine, sender=console, clock=FixedClock(NOW))
    lines = capsys.readouterr().out.strip().splitlines()
    assert report.edited == 2
    assert lines == [
        "✎ card #1 updated: 3 sources, 2 claims · message 1 in console",
        "✎ card #1 updated: 3 sources, 2 claims · no change · message 1 in console",
    ]


async def test_digest_counts_mali_stories_without_an_incident(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    save_story(engine, number=1, chat_id="console")
    for number in (2, 3):  # plain Mali news: relevant, no event, no incident
        harvest = replace(outbox.story(number), title="Mali: a record cotton harvest")
        analysis = StoryAnalysis(harvest, relevant=True, matched_keywords=("mali",))
        with session_scope(engine) as session:
            store_outcome(
                session=session,
                outcome=StoryOutcome(
                    story=harvest, feed_id=None, analysis=analysis, chat_id="console", now=NOW
                ),
            )
    with session_scope(engine) as session:
        alert_queries.enqueue_alert(
            session=session,
            alert=DigestAlert(day=NOW.date(), since=NOW - timedelta(days=1)),
            dedup_key="digest:2026-11-24",
            chat_id="console",
            now=NOW,
        )
    report = await deliver_due_alerts(engine=engine, sender=ConsoleSender(), clock=FixedClock(NOW))
    out = capsys.readouterr().out
    assert report.sent == 2  # the card and the digest: no alert per plain news story
    assert "📰 2 other Mali stories (no incident)" in out
    assert "cotton" not in out


async def test_a_long_digest_is_sent_in_parts_telegram_accepts(
    sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    views = [lerneb_view(number, claimant=f"CDRAP 🇲🇱 &{number}") for number in range(1, 120)]
    chunks = split_message(render_digest(views, day=NOW.date(), feeds=FeedHealth(3)))
    first_id = await sender.send(chat_id=str(CHANNEL), text_chunks=chunks, silent=True)
    calls = telegram_api.calls_to("sendMessage")
    assert len(chunks) > 2 and len(calls) == len(chunks)
    assert all(call.answer["ok"] for call in calls)
    assert first_id == calls[0].answer["result"]["message_id"]
    shown = "".join(call.answer["result"]["text"] for call in calls)
    assert all(
        f"/incident_{number} killed, victims: CDRAP 🇲🇱 &{number}" in shown for number in (1, 119)
    )


async def test_a_slow_pass_releases_what_it_cannot_send_before_the_lease_expires(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    save_story(engine, number=1, chat_id=str(CHANNEL), contradictions=(count_dispute(),))
    # the first send took almost the lease: every later reading is LEASE_SECONDS - 1
    readings = itertools.chain([0.0, 1.0], itertools.repeat(LEASE_SECONDS - 1.0))

    class SlowClock(FixedClock):
        def monotonic(self) -> float:
            return next(readings)

    report = await deliver_due_alerts(engine=engine, sender=sender, clock=SlowClock(NOW))
    assert (report.sent, report.released) == (1, 1)
    card, contradiction = alerts(engine)
    assert card.status == AlertStatus.SENT.value
    assert contradiction.status == AlertStatus.PENDING.value and contradiction.attempts == 0
    later = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert later.sent == 1 and len(telegram_api.calls_to("sendMessage")) == 2
