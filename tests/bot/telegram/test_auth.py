"""Who may change the configuration: configured ids and the channel's admins, cached briefly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from telegram import Bot

from bot.telegram.auth import ADMIN_CACHE_SECONDS, AdminCheck
from feeds.clock import FixedClock
from tests.helpers.telegram import TEST_TOKEN, TelegramEmulator

pytestmark = pytest.mark.anyio

CHANNEL = -1001234567890


@pytest.fixture
async def bot(telegram_api: TelegramEmulator) -> AsyncIterator[Bot]:
    telegram_api.add_chat(CHANNEL, type="channel", admins=(7, 8))
    async with Bot(TEST_TOKEN, base_url=telegram_api.base_url) as client:
        yield client


async def test_channel_admins_are_cached_then_read_again(
    bot: Bot, telegram_api: TelegramEmulator
) -> None:
    clock = FixedClock(datetime(2026, 11, 24, tzinfo=UTC))
    check = AdminCheck(admin_ids={1}, channel_id=str(CHANNEL), clock=clock)
    assert await check.is_admin(bot, 1)  # configured: no API call needed
    assert telegram_api.calls_to("getChatAdministrators") == []
    assert await check.is_admin(bot, 8) and not await check.is_admin(bot, 9)
    assert len(telegram_api.calls_to("getChatAdministrators")) == 1
    telegram_api.chats[CHANNEL].admins = (7, 9)  # 9 promoted, 8 demoted
    assert await check.is_admin(bot, 8)  # still the cached list
    clock.advance(seconds=ADMIN_CACHE_SECONDS + 1)
    assert await check.is_admin(bot, 9) and not await check.is_admin(bot, 8)
    assert len(telegram_api.calls_to("getChatAdministrators")) == 2


async def test_without_a_channel_only_configured_ids(bot: Bot) -> None:
    check = AdminCheck(
        admin_ids={1}, channel_id=None, clock=FixedClock(datetime(2026, 11, 24, tzinfo=UTC))
    )
    assert await check.is_admin(bot, 1) and not await check.is_admin(bot, 7)
