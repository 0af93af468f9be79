"""End to end through Telegram (issue 4): loopback feeds → ``poll_once`` → outbox →
``deliver_due_alerts`` with the real PTB bot → the Telegram emulator.

1. Two outlets: the first outlet's story opens an incident (its card reaches the channel); the
   second outlet's conflicting figure raises a contradiction alert.
2. A real process kill: a worker process queues alerts, leases them and is killed with SIGKILL
   before it sends; a fresh delivery run sends each alert exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.delivery.senders import TelegramSender
from bot.delivery.worker import LEASE_SECONDS, deliver_due_alerts
from bot.settings import Settings, load_settings
from feeds.clock import FixedClock
from feeds.model import AlertKind, AlertStatus
from feeds.pipeline.run import poll_once
from storage.db import session_scope
from storage.queries import feeds as feed_queries
from tests.helpers.http import FeedServer
from tests.helpers.outbox import alerts
from tests.helpers.paths import ROOT as ROOT_DIR
from tests.helpers.telegram import CHANNEL, TEST_TOKEN, TelegramEmulator

pytestmark = pytest.mark.anyio

ROOT = ROOT_DIR
NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)

CDRAP_STORY = (
    "Mali army airstrike on market kills at least 18, Tuareg group says",
    "Mali's army conducted an airstrike on a market about 50 kilometers north of Lerneb in the"
    " Timbuktu region on Sunday that killed at least 18 civilians, the Collective for the"
    " Defense of the Rights of the Azawad People (CDRAP) said in a statement.",
)
ARMY_STORY = (
    "Mali army says strike near Lerneb killed 11 terrorists",
    "Mali's army said on X that its airstrike on Sunday on a refuge about 50 kilometers north of"
    " Lerneb in the Timbuktu region killed 11 terrorists.",
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def rss(items: list[tuple[str, str, str, datetime]], *, outlet: str) -> str:
    body = "".join(
        f"<item><title>{escape(title)}</title><link>https://{outlet}/{guid}</link>"
        f"<guid isPermaLink='false'>{guid}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(story)}</description></item>"
        for guid, title, story, when in items
    )
    channel = f"<channel><title>{outlet}</title>{body}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"


@pytest.fixture
def settings(telegram_api: TelegramEmulator, tmp_path: Path) -> Settings:
    return load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_FETCH_TIMEOUT=5,
        MALIWATCH_ALERT_MAX_AGE_HOURS=6,
        TELEGRAM_BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_BASE_URL=telegram_api.base_url,
        TELEGRAM_CHAT_ID=str(CHANNEL),
    )


async def poll_and_deliver(
    engine: Engine, settings: Settings, sender: TelegramSender, now: datetime
) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        await poll_once(engine=engine, settings=settings, client=client, clock=FixedClock(now))
    await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(now))


def shown(telegram_api: TelegramEmulator) -> list[str]:
    return [m.text for (chat, _), m in sorted(telegram_api.messages.items()) if chat == CHANNEL]


async def test_two_outlets_open_an_incident_then_a_contradiction_reaches_the_channel(
    engine: Engine,
    settings: Settings,
    sender: TelegramSender,
    telegram_api: TelegramEmulator,
    feed_server: FeedServer,
) -> None:
    weather = [("weather", "Weather", "Rain expected in Paris.", NOW)]
    for path, outlet in (("/a", "outlet-a.example"), ("/b", "outlet-b.example")):
        feed_server.add(path, rss(weather, outlet=outlet))
        with session_scope(engine) as session:
            feed_queries.upsert_feed(session=session, url=feed_server.url(path), title="", now=NOW)
    await poll_and_deliver(engine, settings, sender, NOW)  # first polls: backlog only
    assert shown(telegram_api) == []

    first = NOW + timedelta(hours=1)
    feed_server.add("/a", rss([("cdrap", *CDRAP_STORY, first)], outlet="outlet-a.example"))
    await poll_and_deliver(engine, settings, sender, first)
    [card] = shown(telegram_api)
    assert card.startswith("🚨 Airstrike") and "Lerneb" in card
    assert "CDRAP: killed at least 18" in card and "Malian army" not in card
    assert [row.kind for row in alerts(engine)] == [AlertKind.NEW_INCIDENT.value]

    second = first + timedelta(hours=1)
    feed_server.add("/b", rss([("army", *ARMY_STORY, second)], outlet="outlet-b.example"))
    await poll_and_deliver(engine, settings, sender, second)
    kinds = [row.kind for row in alerts(engine)]
    assert kinds.count(AlertKind.NEW_INCIDENT.value) == 1, kinds  # the same incident
    assert AlertKind.CONTRADICTION.value in kinds
    card, *others = shown(telegram_api)
    disputes = [text for text in others if text.startswith("⚔️ Contradiction: killed · count")]
    assert len(disputes) == 1 and "Malian army: killed 11" in disputes[0]
    assert "CDRAP: killed at least 18" in disputes[0]
    assert "Malian army: killed 11" in card  # the card was edited in place with the new claim
    assert {row.status for row in alerts(engine)} == {AlertStatus.SENT.value}


WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import datetime
    from storage.db import make_engine
    from bot.delivery.worker import deliver_due_alerts
    from feeds.clock import FixedClock
    from tests.helpers.outbox import count_dispute, save_story

    url, schema, chat, now = sys.argv[1], sys.argv[2] or None, sys.argv[3], sys.argv[4]
    engine = make_engine(url, schema=schema)
    now = datetime.fromisoformat(now)
    save_story(engine, number=1, chat_id=chat, contradictions=(count_dispute(),), now=now)

    class Stalls:
        async def send(self, **kwargs):
            print("leased", flush=True)  # the rows are leased; the kill comes now
            await asyncio.Event().wait()

        async def edit(self, **kwargs):
            await asyncio.Event().wait()

    asyncio.run(deliver_due_alerts(engine=engine, sender=Stalls(), clock=FixedClock(now)))
    """
)


def worker_args(engine: Engine) -> list[str]:
    schema = ""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    url = engine.url.render_as_string(hide_password=False)
    return [url, schema, str(CHANNEL), NOW.isoformat()]


async def test_a_worker_killed_between_queueing_and_sending_loses_and_doubles_nothing(
    engine: Engine, sender: TelegramSender, telegram_api: TelegramEmulator
) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, *worker_args(engine)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "leased"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    queued = alerts(engine)
    assert len(queued) == 2 and {row.status for row in queued} == {AlertStatus.SENDING.value}

    during = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(NOW))
    assert during.leased == 0  # the dead worker's leases still hold
    after = NOW + timedelta(seconds=LEASE_SECONDS + 1)
    restarted = await deliver_due_alerts(engine=engine, sender=sender, clock=FixedClock(after))
    again = await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(after + timedelta(hours=1))
    )
    assert (restarted.sent, again.leased) == (2, 0)
    assert len(telegram_api.calls_to("sendMessage")) == 2
    assert {row.status for row in alerts(engine)} == {AlertStatus.SENT.value}
