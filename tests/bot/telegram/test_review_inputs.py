"""Review findings on untrusted input: huge incident ids (A15b) and link schemes (A18)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import Engine

from bot.render.html import link
from bot.telegram.commands.common import MAX_INCIDENT_ID, parse_incident_id
from feeds.model.web import is_web_url
from tests.helpers.botapp import Conversation, running_application
from tests.helpers.telegram import TelegramEmulator, callback_query
from tests.helpers.telegram_html import parse_html


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["7"], 7),
        (["#7"], 7),
        ([str(MAX_INCIDENT_ID)], MAX_INCIDENT_ID),
        ([str(MAX_INCIDENT_ID + 1)], None),
        (["9" * 40], None),
        (["0"], None),
        (["٣"], None),  # a non-ASCII digit is not an id
    ],
)
def test_incident_ids_are_bounded_to_the_integer_column(
    args: list[str], expected: int | None
) -> None:
    assert parse_incident_id(args) == expected


@pytest.fixture
async def chat(telegram_api: TelegramEmulator, engine: Engine) -> AsyncIterator[Conversation]:
    async with running_application(telegram_api, engine) as application:
        yield Conversation(application, telegram_api)


@pytest.mark.anyio
async def test_a_huge_incident_id_gets_the_usage_line_on_both_backends(
    chat: Conversation,
) -> None:
    for command in ("/incident", "/compare"):
        text = await chat.reply_text(f"{command} {'9' * 30}")
        assert text.startswith(f"Usage: {command}")


@pytest.mark.anyio
async def test_a_huge_id_in_a_card_button_is_no_incident(
    chat: Conversation, telegram_api: TelegramEmulator
) -> None:
    data = callback_query(f"sources:{'9' * 30}", user_id=3003, chat_id=3003, message_id=1)
    calls = await chat.press(data)
    answers = [call for call in calls if call.method == "answerCallbackQuery"]
    assert len(answers) == 1, [call.method for call in calls]
    replies = [call.params["text"] for call in calls if call.method == "sendMessage"]
    assert replies and "not found" in replies[0]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "tg://resolve?domain=evil",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "ftp://example.org/a",
        "//example.org/no-scheme",
        "mali/story-1",
    ],
)
def test_links_other_than_http_are_plain_text(url: str) -> None:
    html = link(url, "Strike near Lerneb")
    assert "<a" not in html and "href" not in html
    text, entities = parse_html(html)
    assert text == "Strike near Lerneb" and entities == []


def test_web_links_stay_links() -> None:
    for url in ("https://www.example-news.com/mali/a?x=1&y=2", "HTTP://example.org/b"):
        assert is_web_url(url)
        assert link(url, "story").startswith('<a href="')
