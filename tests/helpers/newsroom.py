"""A small newsroom for end-to-end tests: two outlets' feeds on loopback, polled by the real
``poll_once`` and delivered to the Telegram emulator by the real worker, and the stories they
publish (the Lerneb airstrike as CDRAP and the army tell it, an attack near Gao)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.delivery.senders import TelegramSender
from bot.delivery.worker import deliver_due_alerts
from bot.settings import Settings, load_settings
from feeds.clock import FixedClock
from feeds.pipeline.run import poll_once
from storage.db import session_scope
from storage.models import StoryRow
from storage.queries import feeds as feed_queries
from tests.helpers.http import FeedServer
from tests.helpers.telegram import CHANNEL, TEST_TOKEN, TelegramEmulator

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
LERNEB = (
    "Mali army airstrike on market kills at least 18, Tuareg group says",
    "Mali's army conducted an airstrike on a market about 50 kilometers north of Lerneb in the"
    " Timbuktu region on Sunday that killed at least 18 civilians, the Collective for the"
    " Defense of the Rights of the Azawad People (CDRAP) said in a statement.",
)
LERNEB_ARMY = (
    "Mali army says strike near Lerneb killed 11 terrorists",
    "Mali's army said on X that its airstrike on Sunday on a refuge about 50 kilometers north of"
    " Lerneb in the Timbuktu region killed 11 terrorists.",
)
GAO = (
    "Gunmen kill 5 civilians near Gao",
    "Unidentified gunmen attacked the village of Kadji near Gao in the Gao region on Sunday,"
    " killing five civilians, local officials said.",
)
GAO_AGAIN = (
    "Gao attack: officials confirm the toll",
    "Local officials said on Monday that the attack on Sunday on the village of Kadji near Gao"
    " killed five civilians.",
)


def rss(items: list[tuple[str, str, str, datetime]], *, outlet: str) -> str:
    body = "".join(
        f"<item><title>{escape(title)}</title><link>https://{outlet}/{guid}</link>"
        f"<guid isPermaLink='false'>{guid}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for guid, title, text, when in items
    )
    channel = f"<channel><title>{outlet}</title>{body}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"


def newsroom_settings(telegram_api: TelegramEmulator, tmp_path: Path, **overrides: Any) -> Settings:
    return load_settings(
        **overrides,
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_FETCH_TIMEOUT=5,
        MALIWATCH_ALERT_MAX_AGE_HOURS=6,
        TELEGRAM_BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_BASE_URL=telegram_api.base_url,
        TELEGRAM_CHAT_ID=str(CHANNEL),
    )


class Newsroom:
    """Two outlets on loopback, polled and delivered at given times."""

    def __init__(
        self, engine: Engine, settings: Settings, sender: TelegramSender, server: FeedServer
    ) -> None:
        self.engine, self.settings, self.sender, self.server = engine, settings, sender, server
        self.items: dict[str, list[tuple[str, str, str, datetime]]] = {"a": [], "b": []}

    async def start(self) -> None:
        for outlet in self.items:
            self.publish_nothing(outlet)
            with session_scope(self.engine) as session:
                feed_queries.upsert_feed(
                    session=session, url=self.server.url(f"/{outlet}"), title="", now=NOW
                )
        await self.poll(NOW)  # first polls: backlog only

    def publish_nothing(self, outlet: str) -> None:
        self.server.add(f"/{outlet}", rss([], outlet=f"outlet-{outlet}.example"))

    def publish(self, outlet: str, guid: str, story: tuple[str, str], when: datetime) -> None:
        self.items[outlet].append((guid, *story, when))
        self.server.add(f"/{outlet}", rss(self.items[outlet], outlet=f"outlet-{outlet}.example"))

    async def poll(self, now: datetime) -> None:
        async with httpx.AsyncClient(timeout=5) as client:
            await poll_once(
                engine=self.engine, settings=self.settings, client=client, clock=FixedClock(now)
            )
        await deliver_due_alerts(engine=self.engine, sender=self.sender, clock=FixedClock(now))

    def incident_of(self, guid: str) -> int | None:
        with session_scope(self.engine) as session:
            story = session.exec(select(StoryRow).where(col(StoryRow.guid) == guid)).one()
            return story.incident_id

    def story_id(self, guid: str) -> int:
        with session_scope(self.engine) as session:
            story = session.exec(select(StoryRow).where(col(StoryRow.guid) == guid)).one()
            assert story.id is not None
            return story.id


def card_text(telegram_api: TelegramEmulator, incident_id: int) -> str:
    """The channel card of an incident as it reads now (after its edits)."""
    cards = [
        message.text
        for (chat, _), message in sorted(telegram_api.messages.items())
        if chat == CHANNEL and f"incident #{incident_id}\n" in message.text
    ]
    assert len(cards) == 1, cards
    return cards[0]


async def open_newsroom(
    engine: Engine, settings: Settings, sender: TelegramSender, feed_server: FeedServer
) -> Newsroom:
    room = Newsroom(engine, settings, sender, feed_server)
    await room.start()
    return room
