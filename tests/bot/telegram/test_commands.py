"""Every command through the real PTB Application (``process_update``) against the emulator."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.telegram.commands import COMMANDS
from storage.db import session_scope
from storage.models import PollRunRow
from storage.queries import feeds as feed_queries
from storage.queries import status as status_queries
from storage.queries import watch as watch_queries
from tests.helpers.botapp import (
    CHANNEL_ADMIN,
    CONFIGURED_ADMIN,
    READER,
    Conversation,
    running_application,
)
from tests.helpers.http import FeedServer
from tests.helpers.outbox import NOW, count_dispute, save_story
from tests.helpers.telegram import TelegramEmulator

pytestmark = pytest.mark.anyio

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Sahel &amp; Co news</title><link>https://sahel.example.org/</link>
<item><title>Attaque près de Ménaka</title><link>https://sahel.example.org/a1</link>
<guid>a1</guid><pubDate>Tue, 24 Nov 2026 05:00:00 GMT</pubDate>
<description>Au moins 5 morts.</description></item>
<item><title>Mopti market</title><link>https://sahel.example.org/a2</link>
<guid>a2</guid><pubDate>Tue, 24 Nov 2026 04:00:00 GMT</pubDate>
<description>Calm.</description></item>
</channel></rss>"""


@pytest.fixture
async def chat(
    telegram_api: TelegramEmulator, sqlite_engine: Engine
) -> AsyncIterator[Conversation]:
    async with running_application(telegram_api, sqlite_engine) as application:
        yield Conversation(application, telegram_api)


def store_lerneb(engine: Engine) -> int:
    saved = save_story(engine, number=1, chat_id="console", contradictions=(count_dispute(),))
    return saved.incident_ids[0]


async def test_start_and_help_list_every_command(chat: Conversation) -> None:
    assert "casualty claims" in await chat.reply_text("/start")
    text = await chat.reply_text("/help")
    for module in COMMANDS:
        assert module.USAGE in text


@pytest.mark.parametrize(
    "command",
    [
        "/incident",
        "/incident abc",
        "/compare",
        "/compare 1 2",
        "/incidents 0",
        "/incidents since 2026-13-40",
        "/watch",
        "/watch add",
        "/feeds add not-a-url",
        "/summary month",
        "/export xml",
        "/status now",
    ],
)
async def test_bad_arguments_get_a_usage_line(chat: Conversation, command: str) -> None:
    text = await chat.reply_text(command)
    assert text.startswith("Usage: /" + command.split()[0][1:]) and "\n" not in text


async def test_unknown_incident_says_so(chat: Conversation) -> None:
    assert await chat.reply_text("/incident 99") == "Incident #99 not found."
    assert await chat.reply_text("/compare 99") == "Incident #99 not found."


async def test_incidents_by_count_region_and_date(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    assert "No incidents." in await chat.reply_text("/incidents")
    incident_id = store_lerneb(sqlite_engine)
    listed = await chat.reply_text("/incidents 5")
    assert (
        f"/incident_{incident_id} · 24 Nov 2026 · Airstrike · 50 km N of Lerneb (Timbuktu)"
        in listed
    )
    assert f"/incident_{incident_id}" in await chat.reply_text("/incidents Timbuktu")
    assert "No incidents." in await chat.reply_text("/incidents Gao")
    assert f"/incident_{incident_id}" in await chat.reply_text("/incidents since 2026-11-01")
    assert "No incidents." in await chat.reply_text("/incidents since 2026-12-01")


async def test_incident_card_has_buttons(
    chat: Conversation, sqlite_engine: Engine, telegram_api: TelegramEmulator
) -> None:
    incident_id = store_lerneb(sqlite_engine)
    [call] = [c for c in await chat.send(f"/incident {incident_id}") if c.method == "sendMessage"]
    assert (
        "CDRAP: killed at least 18"
        in telegram_api.messages[(READER, max(m for _, m in telegram_api.messages))].text
    )
    buttons = [
        b["callback_data"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert buttons == [f"{a}:{incident_id}" for a in ("compare", "sources", "previous", "next")]


async def test_compare_sends_a_table_and_a_png(chat: Conversation, sqlite_engine: Engine) -> None:
    incident_id = store_lerneb(sqlite_engine)
    calls = await chat.send(f"/compare {incident_id}")
    [table] = [c for c in calls if c.method == "sendMessage"]
    [photo] = [c for c in calls if c.method == "sendPhoto"]
    assert "<pre>" in table.params["text"] and "18+" in table.params["text"]
    assert photo.files["photo"].startswith(b"\x89PNG\r\n\x1a\n")


async def test_watch_changes_are_for_admins_only(
    chat: Conversation,
    sqlite_engine: Engine,
    telegram_api: TelegramEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        refusal = await chat.reply_text("/watch add Kidal", user_id=READER)
    assert refusal.startswith("Sorry, only maliwatch administrators")
    assert any(
        "refused /watch add Kidal" in r.getMessage() and str(READER) in r.getMessage()
        for r in caplog.records
    )
    assert (
        await chat.reply_text("/watch add Kidal", user_id=CONFIGURED_ADMIN) == "Watching “Kidal”."
    )
    assert (
        await chat.reply_text("/watch add -football", user_id=CHANNEL_ADMIN)
        == "Excluding “football”."
    )
    assert (
        await chat.reply_text("/watch exclude Bamako", user_id=CHANNEL_ADMIN)
        == "Excluding “Bamako”."
    )
    listed = await chat.reply_text("/watch list")
    assert "Include: Kidal" in listed and "football" in listed.split("Exclude:")[1]
    assert await chat.reply_text("/watch remove Kidal", user_id=CHANNEL_ADMIN) == "Removed “Kidal”."
    with session_scope(sqlite_engine) as session:
        words = {
            row.display or row.word for row in watch_queries.list_watch_keywords(session=session)
        }
    assert "Kidal" not in words and "football" in words
    assert len(telegram_api.calls_to("getChatAdministrators")) == 1  # cached


async def test_feeds_add_test_fetches_first(
    chat: Conversation, sqlite_engine: Engine, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", RSS)
    feed_server.add("/html", "<html><body>not a feed</body></html>", content_type="text/html")
    assert (await chat.reply_text(f"/feeds add {feed_server.url('/rss')}")).startswith("Sorry")
    added = await chat.reply_text(f"/feeds add {feed_server.url('/rss')}", user_id=CONFIGURED_ADMIN)
    assert added == "Added Sahel & Co news (2 items)."
    refused = await chat.reply_text(
        f"/feeds add {feed_server.url('/html')}", user_id=CONFIGURED_ADMIN
    )
    assert refused.startswith("Could not add the feed: ")
    missing = await chat.reply_text(
        f"/feeds add {feed_server.url('/gone')}", user_id=CONFIGURED_ADMIN
    )
    assert missing.startswith("Could not add the feed: ") and "404" in missing
    listed = await chat.reply_text("/feeds list", user_id=CHANNEL_ADMIN)
    assert "Sahel & Co news" in listed and feed_server.url("/html") not in listed
    assert (
        await chat.reply_text(f"/feeds remove {feed_server.url('/rss')}", user_id=CHANNEL_ADMIN)
        == "Feed removed."
    )


async def test_summary_status_and_export(
    chat: Conversation, sqlite_engine: Engine, telegram_api: TelegramEmulator
) -> None:
    incident_id = store_lerneb(sqlite_engine)
    summary = await chat.reply_text("/summary week")
    assert "Summary of the last 7 days" in summary and f"/incident_{incident_id}" in summary
    assert "Last poll: never" in await chat.reply_text("/status")
    with session_scope(sqlite_engine) as session:
        status_queries.record_poll_run(
            session=session,
            run=PollRunRow(started_at=NOW, finished_at=NOW + timedelta(seconds=42), feeds_ok=1),
        )
        feed = feed_queries.upsert_feed(
            session=session, url="https://down.example.org/rss", now=NOW
        )
        feed_queries.record_fetch_result(
            session=session,
            feed_id=feed.id,
            ok=False,
            not_modified=False,
            etag=None,
            last_modified=None,
            error="timed out after 20s",
            now=NOW,
            next_poll_at=NOW,
        )
    status = await chat.reply_text("/status")
    assert "Last poll: 2026-11-24 06:00 UTC (finished 2026-11-24 06:00 UTC)" in status
    assert "Alert queue: 2" in status and "Feeds: 0/1 healthy" in status
    assert "https://down.example.org/rss: timed out after 20s" in status
    calls = await chat.send("/export")
    [document] = [c for c in calls if c.method == "sendDocument"]
    lines = [json.loads(line) for line in document.files["document"].decode().splitlines()]
    assert lines[0]["id"] == incident_id and lines[0]["claims"][0]["claimant"] in {
        "CDRAP",
        "Malian army",
    }
    csv_calls = await chat.send("/export csv")
    assert [c.method for c in csv_calls] == ["sendDocument"]


async def test_card_buttons(
    chat: Conversation, sqlite_engine: Engine, telegram_api: TelegramEmulator
) -> None:
    from tests.helpers.telegram import callback_query

    first = store_lerneb(sqlite_engine)
    second = save_story(sqlite_engine, number=2, chat_id="console").incident_ids[0]
    card_id = telegram_api.store_message(READER, "card")
    press = lambda action, number: chat.press(  # noqa: E731
        callback_query(f"{action}:{number}", user_id=READER, chat_id=READER, message_id=card_id)
    )
    turned = await press("next", first)
    [edit] = [c for c in turned if c.method == "editMessageText"]
    assert (
        edit.params["message_id"] == card_id
        and f"incident #{second}" in telegram_api.messages[(READER, card_id)].text
    )
    nothing = await press("next", second)
    assert [c.params.get("text") for c in nothing if c.method == "answerCallbackQuery"] == [
        "No more incidents that way."
    ]
    compared = await press("compare", first)
    assert {c.method for c in compared} >= {"answerCallbackQuery", "sendMessage", "sendPhoto"}
    sources = await press("sources", first)
    [reply] = [c for c in sources if c.method == "sendMessage"]
    assert "story-1" in reply.params["text"]
    with_nothing = await press("previous", first)
    assert [c.method for c in with_nothing] == ["answerCallbackQuery"]


async def test_without_the_channel_admin_list_only_configured_admins_may_change(
    telegram_api: TelegramEmulator, sqlite_engine: Engine
) -> None:
    unknown_channel = {"TELEGRAM_CHAT_ID": "-100999"}  # the bot is not in it: chat not found
    async with running_application(telegram_api, sqlite_engine, **unknown_channel) as application:
        chat = Conversation(application, telegram_api)
        refused = await chat.reply_text("/watch add Kidal", user_id=CHANNEL_ADMIN)
        accepted = await chat.reply_text("/watch add Kidal", user_id=CONFIGURED_ADMIN)
    assert refused.startswith("Sorry") and accepted == "Watching “Kidal”."


# ── security: the feed list, private addresses, argument sizes (issue 9) ────────────────────


async def test_the_feed_list_is_for_admins_and_masks_secrets(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    secret = "https://reader:s3cr3t-pass@feeds.example.org/rss?apikey=AKIA123&lang=fr&token=t0k"
    with session_scope(sqlite_engine) as session:
        feed_queries.upsert_feed(session=session, url=secret, title="Private wire", now=NOW)
    refused = await chat.reply_text("/feeds list", user_id=READER)
    assert refused.startswith("Sorry, the feed list is for maliwatch administrators")
    listed = await chat.reply_text("/feeds list", user_id=CONFIGURED_ADMIN)
    assert "https://***@feeds.example.org/rss?apikey=***&lang=fr&token=***" in listed
    for part in ("reader", "s3cr3t", "AKIA123", "t0k"):
        assert part not in listed


async def test_feeds_add_refuses_a_loopback_url_like_a_dead_host(
    telegram_api: TelegramEmulator,
    sqlite_engine: Engine,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MALIWATCH_ALLOW_PRIVATE_FEEDS")
    feed_server.add("/rss", RSS)
    async with running_application(telegram_api, sqlite_engine) as application:
        chat = Conversation(application, telegram_api)
        for url in (
            feed_server.url("/rss"),
            f"http://localhost:{feed_server.port}/rss",
            f"http://2130706433:{feed_server.port}/rss",
            "http://169.254.169.254/latest/meta-data/",
        ):
            answer = await chat.reply_text(f"/feeds add {url}", user_id=CONFIGURED_ADMIN)
            assert answer == "Could not add the feed: could not fetch", url
    assert feed_server.requests == []
    with session_scope(sqlite_engine) as session:
        assert feed_queries.list_feeds(session=session) == []


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "/watch add " + "x" * 65,
            "Could not use that word: a watch word has at most 64 characters",
        ),
        ("/watch add " + "x" * 5000, "That is too long: /watch takes at most"),
        ("/feeds add https://x.example/" + "a" * 3000, "That is too long: /feeds takes at most"),
        ("/feeds add https://x.example/" + "a" * 2032, "Could not use that URL: a feed URL has"),
        ("/incidents " + "Tombouctou " * 400, "That is too long: /incidents takes at most 100"),
        ("/incident " + "9" * 500, "That is too long: /incident takes at most 100"),
    ],
)
async def test_long_arguments_get_a_short_answer(
    chat: Conversation, text: str, answer: str
) -> None:
    reply = await chat.reply_text(text, user_id=CONFIGURED_ADMIN)
    assert reply.startswith(answer), reply
    assert len(reply) < 200  # never the argument echoed back


async def test_map_sends_a_photo_of_the_incidents(
    chat: Conversation, sqlite_engine: Engine
) -> None:
    store_lerneb(sqlite_engine)
    calls = await chat.send("/map")
    [photo] = [c for c in calls if c.method == "sendPhoto"]
    assert photo.files["photo"].startswith(b"\x89PNG\r\n\x1a\n")
    assert "1 incidents in the last 30 days, 1 located" in photo.params["caption"]
    older = await chat.send("/map 1")  # the samples' incident is dated the clock's day
    [photo] = [c for c in older if c.method == "sendPhoto"]
    assert "1 located" in photo.params["caption"]
    usage = await chat.send("/map lots")
    assert [c.method for c in usage] == ["sendMessage"]
