"""The Bot API emulator: its surface matches the bundled spec and it fails like Telegram does.

The client here is the real python-telegram-bot ``Bot``, so PTB's own error mapping
(BadRequest, Forbidden, ChatMigrated, RetryAfter, NetworkError, InvalidToken) is exercised.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)

from tests.helpers.telegram import TEST_TOKEN, TelegramEmulator, load_spec, png_size

pytestmark = pytest.mark.anyio

CHANNEL = -1001234567890
REQUIRED_METHODS = {
    "getMe",
    "getUpdates",
    "deleteWebhook",
    "setMyCommands",
    "getMyCommands",
    "sendMessage",
    "editMessageText",
    "sendPhoto",
    "sendDocument",
    "answerCallbackQuery",
    "getChatAdministrators",
    "getChat",
}


@pytest.fixture
async def bot(telegram_api: TelegramEmulator) -> AsyncIterator[Bot]:
    telegram_api.add_chat(CHANNEL, type="channel", admins=(7, 8))
    async with Bot(TEST_TOKEN, base_url=telegram_api.base_url) as client:
        yield client


def test_emulated_methods_exist_in_the_spec() -> None:
    spec_methods = set(load_spec()["methods"])
    emulated = {
        name.removeprefix("_api_") for name in dir(TelegramEmulator) if name.startswith("_api_")
    }
    assert emulated >= REQUIRED_METHODS
    assert emulated <= spec_methods, emulated - spec_methods


def test_unknown_parameter_is_a_spec_violation(telegram_api: TelegramEmulator) -> None:
    body = json.dumps({"chat_id": CHANNEL, "text": "x", "colour": "red"}).encode()
    telegram_api.add_chat(CHANNEL)
    status, answer = telegram_api.handle(f"/bot{TEST_TOKEN}/sendMessage", "application/json", body)
    assert status == 200 and answer["ok"]
    assert telegram_api.spec_violations == ["sendMessage: unknown parameter colour"]
    telegram_api.spec_violations.clear()  # the fixture would fail the test otherwise


async def test_send_message_returns_a_realistic_message(
    bot: Bot, telegram_api: TelegramEmulator
) -> None:
    message = await bot.send_message(
        CHANNEL,
        '<b>18</b> &amp; <a href="https://x.org/?a=1&amp;b=2">rfi</a>',
        parse_mode=ParseMode.HTML,
    )
    assert message.text == "18 & rfi"
    assert message.chat.id == CHANNEL and message.sender_chat is not None
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 2),
        ("text_link", 5, 3),
    ]
    assert message.entities[1].url == "https://x.org/?a=1&b=2"
    assert telegram_api.calls_to("sendMessage")[0].params["parse_mode"] == "HTML"


async def test_unknown_token_is_refused(telegram_api: TelegramEmulator) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=telegram_api.base_url):
            pass


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<blink>x</blink>", "unsupported start tag"),
        ("<b>x", "can't find end tag"),
        ("<b>x</i>", "unmatched end tag"),
        ("a" * 4097, "message is too long"),
        ("😀" * 2049, "message is too long"),
    ],
)
async def test_html_and_length_errors(bot: Bot, text: str, reason: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)" + reason):
        await bot.send_message(CHANNEL, text, parse_mode=ParseMode.HTML)


async def test_limit_counts_visible_utf16_units(bot: Bot) -> None:
    message = await bot.send_message(CHANNEL, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    assert len(message.text) == 4096


async def test_chat_errors(bot: Bot, telegram_api: TelegramEmulator) -> None:
    telegram_api.add_chat(-42, type="group", migrated_to=-100042)
    telegram_api.add_chat(-43, type="channel", kicked=True)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-1, "x")
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-42, "x")
    assert migrated.value.new_chat_id == -100042
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked"):
        await bot.send_message(-43, "x")


async def test_flood_limit_storm_and_outage(bot: Bot, telegram_api: TelegramEmulator) -> None:
    telegram_api.flood_limit = 2
    telegram_api.retry_after = 7
    await bot.send_message(CHANNEL, "1")
    await bot.send_message(CHANNEL, "2")
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(CHANNEL, "3")
    assert telegram_api.calls_to("sendMessage")[-1].params["text"] == "3"
    assert "Retry in 7 seconds" in str(flood.value)
    telegram_api.reset_flood_window()
    await bot.send_message(CHANNEL, "3")
    telegram_api.flood_limit = None
    telegram_api.storm = True
    with pytest.raises(RetryAfter):
        await bot.send_message(CHANNEL, "4")
    telegram_api.storm = False
    telegram_api.outage_status = 502
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(CHANNEL, "5")
    telegram_api.outage_status = 500
    with pytest.raises(NetworkError):
        await bot.send_message(CHANNEL, "5")


async def test_edit_not_modified_and_not_found(bot: Bot) -> None:
    sent = await bot.send_message(CHANNEL, "<b>card</b>", parse_mode="HTML")
    edited = await bot.edit_message_text(
        "<b>card v2</b>", CHANNEL, sent.message_id, parse_mode="HTML"
    )
    assert edited.text == "card v2"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>card v2</b>", CHANNEL, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", CHANNEL, 999999)


async def test_files_arrive_as_multipart(bot: Bot, telegram_api: TelegramEmulator) -> None:
    png = (
        b"\x89PNG\r\n\x1a\n"
        + b"\x00\x00\x00\rIHDR"
        + (640).to_bytes(4, "big")
        + (480).to_bytes(4, "big")
    )
    photo = await bot.send_photo(
        CHANNEL, photo=png, filename="chart.png", caption="<i>c</i>", parse_mode="HTML"
    )
    assert (photo.photo[0].width, photo.photo[0].height) == (640, 480) == png_size(png)
    document = await bot.send_document(CHANNEL, document=b'{"id": 1}\n', filename="x.jsonl")
    assert document.document.file_size == 10
    assert telegram_api.calls_to("sendDocument")[0].files["document"] == b'{"id": 1}\n'


async def test_commands_admins_chat_and_updates(bot: Bot, telegram_api: TelegramEmulator) -> None:
    await bot.set_my_commands([("status", "Status")])
    assert [(c.command, c.description) for c in await bot.get_my_commands()] == [
        ("status", "Status")
    ]
    admins = await bot.get_chat_administrators(CHANNEL)
    assert [a.user.id for a in admins] == [7, 8]
    assert (await bot.get_chat(CHANNEL)).title == "Mali alerts"
    assert await bot.delete_webhook()
    from tests.helpers.telegram import command_message

    telegram_api.inject_update(command_message("/status", user_id=5))
    [update] = await bot.get_updates(timeout=1)
    assert update.message.text == "/status" and update.message.from_user.id == 5
    assert await bot.get_updates(offset=update.update_id + 1) == ()
