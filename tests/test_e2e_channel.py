"""The channel as its readers read it (issue 11), end to end: loopback feeds → ``poll_once`` →
outbox → ``deliver_due_alerts`` with the real PTB bot → the Telegram emulator.

The channel reads French (``MALIWATCH_LANGUAGE``'s default): its card's headline carries the
toll's range and the dispute mark, the card is edited in place with a line saying what changed
when a second outlet's story joins, its buttons are deep links into a private chat with the
bot, no card is posted empty and no "relevant story" ping reaches the channel.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from bot.delivery.senders import TelegramSender
from bot.delivery.worker import deliver_due_alerts
from bot.settings import Settings, load_settings
from feeds.clock import FixedClock
from feeds.pipeline.run import poll_once
from storage.db import session_scope
from storage.queries import feeds as feed_queries
from tests.helpers.http import FeedServer
from tests.helpers.telegram import BOT_USERNAME, CHANNEL, TEST_TOKEN, TelegramEmulator
from tests.test_e2e_telegram import ARMY_STORY, CDRAP_STORY, NOW, rss

pytestmark = pytest.mark.anyio

NO_FIGURE_STORY = (
    "Mali: explosions heard near Ménaka military camp",
    "Residents of Ménaka said on Monday that heavy gunfire and explosions were heard near the"
    " military camp of Ménaka overnight in an attack by armed men; no toll was given.",
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


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


async def cycle(engine: Engine, settings: Settings, sender: TelegramSender, now: object) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        await poll_once(engine=engine, settings=settings, client=client, clock=FixedClock(now))
    await deliver_due_alerts(
        engine=engine, sender=sender, clock=FixedClock(now), language=settings.language
    )


def follow(engine: Engine, feed_server: FeedServer, *paths: str) -> None:
    weather = [("weather", "Weather", "Rain expected in Paris.", NOW)]
    for path in paths:
        feed_server.add(path, rss(weather, outlet=f"outlet{path.strip('/')}.example"))
        with session_scope(engine) as session:
            feed_queries.upsert_feed(session=session, url=feed_server.url(path), title="", now=NOW)


async def test_the_french_channel_card_is_edited_when_a_second_story_joins(
    engine: Engine,
    settings: Settings,
    sender: TelegramSender,
    telegram_api: TelegramEmulator,
    feed_server: FeedServer,
) -> None:
    assert settings.language == "fr"
    follow(engine, feed_server, "/a", "/b")
    await cycle(engine, settings, sender, NOW)  # backlog only

    first = NOW + timedelta(hours=1)
    feed_server.add("/a", rss([("cdrap", *CDRAP_STORY, first)], outlet="outlet-a.example"))
    await cycle(engine, settings, sender, first)
    [sent] = [c for c in telegram_api.calls_to("sendMessage") if c.params["chat_id"] == CHANNEL]
    card_id = sent.answer["result"]["message_id"]
    card = telegram_api.messages[(CHANNEL, card_id)].text
    assert card.splitlines()[0] == (
        "🚨 Frappe aérienne — 50 km au N de Lerneb (Tombouctou) · au moins 18 tués"
    )
    assert "🔎 source unique" in card
    buttons = [b["url"] for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == [
        f"https://t.me/{BOT_USERNAME}?start=compare_1",
        f"https://t.me/{BOT_USERNAME}?start=sources_1",
    ]

    second = first + timedelta(hours=1)
    feed_server.add("/b", rss([("army", *ARMY_STORY, second)], outlet="outlet-b.example"))
    await cycle(engine, settings, sender, second)
    [edit] = telegram_api.calls_to("editMessageText")
    assert edit.params["message_id"] == card_id
    card = telegram_api.messages[(CHANNEL, card_id)].text
    assert card.splitlines()[0] == (
        "🚨 Frappe aérienne — 50 km au N de Lerneb (Tombouctou) · au moins 11 tués · contesté"
    )
    assert "✎ 24 nov. 08:00 UTC : nouveaux chiffres de outlet-b.example" in card
    assert "Malian army : 11 tués combattants armés" in card
    assert edit.params["reply_markup"]["inline_keyboard"]  # the buttons stay on the edit
    texts = [c.params["text"] for c in telegram_api.calls_to("sendMessage")]
    assert any(text.startswith("⚔️ <b>Contradiction</b> : tués · nombre") for text in texts)
    assert not any("Relevant story" in text or "📰" in text for text in texts)


async def test_no_card_is_empty_and_a_story_without_incident_waits_for_the_digest(
    engine: Engine,
    settings: Settings,
    sender: TelegramSender,
    telegram_api: TelegramEmulator,
    feed_server: FeedServer,
) -> None:
    follow(engine, feed_server, "/a")
    await cycle(engine, settings, sender, NOW)
    later = NOW + timedelta(hours=1)
    feed_server.add("/a", rss([("menaka", *NO_FIGURE_STORY, later)], outlet="outlet-a.example"))
    await cycle(engine, settings, sender, later)
    texts = [m.text for (chat, _), m in telegram_api.messages.items() if chat == CHANNEL]
    for text in texts:
        assert (
            "Claims · 0" not in text
            and "none yet" not in text
            and "Bilans annoncés · 0" not in text
        )
    cards = [text for text in texts if text.startswith("🚨")]
    assert len(cards) == 1 and cards[0].startswith("🚨 Attaque — Ménaka · ")
    for card in cards:  # a card with no figure says so in words and lists its sources
        assert "pas encore de bilan" in card.splitlines()[0]
        assert "Aucun bilan chiffré pour l'instant" in card and "Sources · 1 article" in card
    assert not any(text.startswith("📰") for text in texts)  # no relevant-story ping
