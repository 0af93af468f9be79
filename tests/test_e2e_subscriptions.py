"""Subscriptions end to end: a reader subscribes a private chat through the real bot; the next
poll's matching incident reaches that chat (card, then its edit and its dispute), a
non-matching one does not; budgets hold per chat."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.delivery.senders import TelegramSender
from feeds.clock import FixedClock
from tests.helpers.botapp import Conversation, running_application
from tests.helpers.http import FeedServer
from tests.helpers.newsroom import (
    GAO,
    LERNEB,
    LERNEB_ARMY,
    NOW,
    Newsroom,
    newsroom_settings,
    open_newsroom,
)
from tests.helpers.telegram import CHANNEL, TelegramEmulator, command_message

pytestmark = pytest.mark.anyio

SUBSCRIBER = 5005  # follows the Timbuktu region, spelt the French way
GAO_READER = 6006  # follows the keyword "attack" (the Gao summary; the Lerneb one is an airstrike)
NOBODY = 7007  # subscribed to a place nothing happens in


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def newsroom(
    engine: Engine,
    telegram_api: TelegramEmulator,
    sender: TelegramSender,
    feed_server: FeedServer,
    tmp_path: Path,
) -> Newsroom:
    settings = newsroom_settings(telegram_api, tmp_path)
    return await open_newsroom(engine, settings, sender, feed_server)


def texts_in(telegram_api: TelegramEmulator, chat_id: int, after: int = 0) -> list[str]:
    """The messages of a chat as they read now, those after message id ``after`` only."""
    return [
        m.text
        for (chat, number), m in sorted(telegram_api.messages.items())
        if chat == chat_id and number > after
    ]


async def test_a_subscriber_gets_the_matching_card_and_not_the_other(
    engine: Engine, newsroom: Newsroom, telegram_api: TelegramEmulator
) -> None:
    async with running_application(telegram_api, engine, clock=FixedClock(NOW)) as app:
        chat = Conversation(app, telegram_api)
        added = await chat.reply_text("/subscribe region Tombouctou", user_id=SUBSCRIBER)
        assert "Subscribed to region “Timbuktu”" in added
        again = await chat.reply_text("/subscribe region TIMBUKTU", user_id=SUBSCRIBER)
        assert "already subscribed" in again
        wrong = await chat.reply_text("/subscribe region Atlantis", user_id=SUBSCRIBER)
        assert "not a region of Mali" in wrong
        keyword = await chat.reply_text("/subscribe keyword Attack", user_id=GAO_READER)
        assert "Subscribed to keyword “Attack”" in keyword
        await chat.reply_text("/subscribe place Ségou", user_id=NOBODY)
        listed = await chat.reply_text("/subscriptions", user_id=SUBSCRIBER)
        assert "region “Timbuktu”" in listed
        group = command_message("/subscribe region Gao", user_id=SUBSCRIBER, chat_id=-99,
                                chat_type="group")  # fmt: skip
        telegram_api.add_chat(-99, type="group", title="G")
        calls = await chat.press(group)
        [reply] = [c for c in calls if c.method == "sendMessage"]
        # a group reads MALIWATCH_LANGUAGE (French by default), whatever the sender's language
        assert "conversation privée" in reply.params["text"]

    mark = max(number for _, number in telegram_api.messages)  # the replies above are before
    first = NOW + timedelta(hours=1)
    newsroom.publish("a", "lerneb", LERNEB, first)
    newsroom.publish("b", "gao", GAO, first)
    await newsroom.poll(first)
    lerneb, gao = newsroom.incident_of("lerneb"), newsroom.incident_of("gao")

    [card] = texts_in(telegram_api, SUBSCRIBER, mark)
    assert f"incident #{lerneb}\n" in card and "CDRAP" in card
    [gao_card] = texts_in(telegram_api, GAO_READER, mark)
    assert f"incident #{gao}\n" in gao_card and "Lerneb" not in gao_card
    assert texts_in(telegram_api, NOBODY, mark) == []
    assert len(texts_in(telegram_api, CHANNEL, mark)) == 2  # the channel got both, as before

    later = first + timedelta(hours=1)  # the army's figure: a card edit and a dispute
    newsroom.publish("b", "lerneb-army", LERNEB_ARMY, later)
    await newsroom.poll(later)
    card, *alerts = texts_in(telegram_api, SUBSCRIBER, mark)
    assert "Malian army" in card  # edited in place in the private chat too
    assert any(text.startswith("⚔️ Contradiction") for text in alerts)
    assert len(texts_in(telegram_api, GAO_READER, mark)) == 1

    async with running_application(telegram_api, engine, clock=FixedClock(later)) as app:
        chat = Conversation(app, telegram_api)
        removed = await chat.reply_text("/unsubscribe region Timbuktu", user_id=SUBSCRIBER)
        assert "Unsubscribed from region “Timbuktu”" in removed
        assert "No subscriptions" in await chat.reply_text("/subscriptions", user_id=SUBSCRIBER)


async def test_a_subscriber_is_held_to_the_budget_of_its_own_chat(
    engine: Engine,
    telegram_api: TelegramEmulator,
    sender: TelegramSender,
    feed_server: FeedServer,
    tmp_path: Path,
) -> None:
    settings = newsroom_settings(telegram_api, tmp_path, MALIWATCH_ALERT_BUDGET_PER_CYCLE=1)
    room = await open_newsroom(engine, settings, sender, feed_server)
    async with running_application(telegram_api, engine, clock=FixedClock(NOW)) as app:
        chat = Conversation(app, telegram_api)
        await chat.reply_text("/subscribe keyword Lerneb", user_id=SUBSCRIBER)
        await chat.reply_text("/subscribe region Gao", user_id=SUBSCRIBER)
    mark = max(number for _, number in telegram_api.messages)
    first = NOW + timedelta(hours=1)
    room.publish("a", "lerneb", LERNEB, first)
    room.publish("b", "gao", GAO, first)
    await room.poll(first)
    mine = texts_in(telegram_api, SUBSCRIBER, mark)
    # one alert this cycle, then the one summary of what was held back
    assert len(mine) == 2 and mine[0].startswith("🚨") and "held back" in mine[1]
    channel = texts_in(telegram_api, CHANNEL, mark)
    assert channel and channel[0].startswith("🚨")  # the subscriber did not spend the channel's


FRENCH_SUBSCRIBER = 8008  # Telegram in French, never used /lang
CHOSE_ENGLISH = 9009  # Telegram in French, but chose /lang en


async def test_a_subscriber_gets_its_alerts_in_its_own_language(
    engine: Engine, newsroom: Newsroom, telegram_api: TelegramEmulator
) -> None:
    async with running_application(telegram_api, engine, clock=FixedClock(NOW)) as app:
        chat = Conversation(app, telegram_api)
        french = await chat.reply_text(
            "/subscribe region Tombouctou", user_id=FRENCH_SUBSCRIBER, language_code="fr"
        )
        assert french.startswith("Vous suivez désormais la région « Tombouctou »")
        await chat.reply_text("/subscribe region Tombouctou", user_id=SUBSCRIBER)
        await chat.reply_text("/lang en", user_id=CHOSE_ENGLISH, language_code="fr")
        await chat.reply_text(
            "/subscribe region Tombouctou", user_id=CHOSE_ENGLISH, language_code="fr"
        )

    mark = max(number for _, number in telegram_api.messages)
    first = NOW + timedelta(hours=1)
    newsroom.publish("a", "lerneb", LERNEB, first)
    await newsroom.poll(first)  # delivered with the default language English (as the tests run)
    [french_card] = texts_in(telegram_api, FRENCH_SUBSCRIBER, mark)
    [english_card] = texts_in(telegram_api, SUBSCRIBER, mark)
    [chosen_card] = texts_in(telegram_api, CHOSE_ENGLISH, mark)
    assert "Frappe aérienne" in french_card and "Airstrike" not in french_card
    assert "Airstrike" in english_card and "Frappe aérienne" not in english_card
    assert "Airstrike" in chosen_card  # a /lang choice wins over the Telegram language

    async with running_application(telegram_api, engine, clock=FixedClock(first)) as app:
        chat = Conversation(app, telegram_api)  # the same user now reads Telegram in English
        listed = await chat.reply_text("/subscriptions", user_id=FRENCH_SUBSCRIBER)
        assert listed.startswith("Subscriptions")
