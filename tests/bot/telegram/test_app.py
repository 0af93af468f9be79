"""The Application: command menu, polling with getUpdates, errors logged without the token."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy.engine import Engine
from telegram import BotCommandScopeChat

from bot.telegram.app import build_application, command_menu
from bot.telegram.commands import COMMANDS
from bot.telegram.menu import ADMIN_COMMANDS
from feeds.clock import SystemClock
from tests.helpers.botapp import CONFIGURED_ADMIN, Conversation, bot_settings, running_application
from tests.helpers.telegram import TEST_TOKEN, TelegramEmulator, command_message

pytestmark = pytest.mark.anyio


async def test_post_init_registers_the_command_menu(
    telegram_api: TelegramEmulator, sqlite_engine: Engine
) -> None:
    telegram_api.add_chat(CONFIGURED_ADMIN, type="private")  # the admin opened the bot
    async with running_application(telegram_api, sqlite_engine) as application:
        assert application.post_init is not None
        await application.post_init(application)
        menu = await application.bot.get_my_commands()
        french = await application.bot.get_my_commands(language_code="fr")
        admin = await application.bot.get_my_commands(
            scope=BotCommandScopeChat(CONFIGURED_ADMIN), language_code="fr"
        )
    public = [m.NAME for m in COMMANDS if m.NAME not in ADMIN_COMMANDS]
    assert [c.command for c in menu] == [name for name in public if name != "aide"]
    assert [c["command"] for c in telegram_api.commands] == [c.command for c in command_menu()]
    assert [c.command for c in french] == [name for name in public if name != "help"]
    assert (
        french[0].description == "Ce que fait ce bot"
        and menu[0].description != "Ce que fait ce bot"
    )
    assert {"watch", "feeds"} <= {c.command for c in admin}  # admin commands: admins only
    assert not {"watch", "feeds"} & {c.command for c in [*menu, *french]}
    # the channel has no administrators' menu: Telegram refuses it, the rest still publishes
    assert ("chat_administrators:-1001234567890", "fr") not in telegram_api.command_lists
    assert application.bot_data["engine"] is sqlite_engine


async def test_polling_answers_injected_updates(
    telegram_api: TelegramEmulator, sqlite_engine: Engine
) -> None:
    async with running_application(telegram_api, sqlite_engine) as application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        telegram_api.inject_update(command_message("/incident 7", user_id=CONFIGURED_ADMIN))
        [reply] = await asyncio.to_thread(telegram_api.wait_for_calls, "sendMessage")
        await application.updater.stop()
        await application.stop()
    assert reply.params["chat_id"] == CONFIGURED_ADMIN
    assert reply.params["text"] == "Incident #7 not found."
    assert telegram_api.calls_to("deleteWebhook")


async def test_handler_errors_are_logged_with_context_never_the_token(
    telegram_api: TelegramEmulator, sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_application(telegram_api, sqlite_engine) as application:
        chat = Conversation(application, telegram_api)
        sqlite_engine.dispose()
        with sqlite_engine.begin() as connection:  # a broken database: the query will fail
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.exec_driver_sql("DROP TABLE incident")
        with caplog.at_level(logging.DEBUG):
            calls = await chat.send("/incident 3")
    assert [c.params["text"] for c in calls] == ["Sorry, that failed. The error has been logged."]
    errors = [
        r for r in caplog.records if r.name == "bot.telegram.app" and r.levelno == logging.ERROR
    ]
    assert errors and "text '/incident 3'" in errors[0].getMessage()
    assert all(TEST_TOKEN not in r.getMessage() for r in caplog.records)
    assert logging.getLogger("httpx").level == logging.WARNING


def test_a_token_is_required(telegram_api: TelegramEmulator, sqlite_engine: Engine) -> None:
    settings = bot_settings(telegram_api, TELEGRAM_BOT_TOKEN="")
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_application(settings, engine=sqlite_engine, clock=SystemClock())


def test_every_command_is_documented() -> None:
    from tests.helpers.docs_samples import DOC

    text = DOC.read_text(encoding="utf-8")
    for module in COMMANDS:
        assert f"| `/{module.NAME}" in text, f"docs/telegram.md does not document /{module.NAME}"
