"""Helpers to drive the real PTB Application against the emulator, one update at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import Application

from bot.settings import Settings, load_settings
from bot.telegram.app import build_application
from feeds.clock import Clock, FixedClock
from tests.helpers.outbox import NOW
from tests.helpers.telegram import TEST_TOKEN, Call, TelegramEmulator, command_message

CHANNEL = -1001234567890
CONFIGURED_ADMIN = 1001  # in MALIWATCH_ADMIN_IDS
CHANNEL_ADMIN = 2002  # administrator of the alert channel only
READER = 3003  # anybody else


def bot_settings(telegram_api: TelegramEmulator, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_API_BASE_URL": telegram_api.base_url,
        "TELEGRAM_CHAT_ID": str(CHANNEL),
        "MALIWATCH_ADMIN_IDS": str(CONFIGURED_ADMIN),
        "MALIWATCH_FETCH_TIMEOUT": 5,
    }
    return load_settings(**{**values, **overrides})


@asynccontextmanager
async def running_application(
    telegram_api: TelegramEmulator, engine: Engine, *, clock: Clock | None = None, **overrides: Any
) -> AsyncIterator[Application]:
    """The real Application on the emulator, its clock pinned (default: the samples' day)."""
    telegram_api.add_chat(CHANNEL, type="channel", admins=(4004, CHANNEL_ADMIN))
    settings = bot_settings(telegram_api, **overrides)
    application = build_application(settings, engine=engine, clock=clock or FixedClock(NOW))
    async with application:
        yield application


class Conversation:
    """Send a command as a user; collect the calls the bot made in answer."""

    def __init__(self, application: Application, telegram_api: TelegramEmulator) -> None:
        self.application = application
        self.api = telegram_api

    async def send(
        self, text: str, *, user_id: int = READER, language_code: str = "en"
    ) -> list[Call]:
        before = len(self.api.calls)
        data = self.api.register_update(
            command_message(text, user_id=user_id, language_code=language_code)
        )
        await self.application.process_update(Update.de_json(data, self.application.bot))
        return self.api.calls[before:]

    async def press(self, data: dict[str, Any]) -> list[Call]:
        before = len(self.api.calls)
        update = self.api.register_update(data)
        await self.application.process_update(Update.de_json(update, self.application.bot))
        return self.api.calls[before:]

    async def reply_text(
        self, text: str, *, user_id: int = READER, language_code: str = "en"
    ) -> str:
        """The text of the bot's single sendMessage reply."""
        sent = await self.send(text, user_id=user_id, language_code=language_code)
        calls = [c for c in sent if c.method == "sendMessage"]
        assert len(calls) == 1, [c.params.get("text") for c in calls]
        assert calls[0].params["chat_id"] == user_id
        return self.api.messages[
            (user_id, max(m for c, m in self.api.messages if c == user_id))
        ].text
