# ruff: noqa: F811 (the env fixture is imported from tests/bot/cli/test_main.py)
"""One process reads a bot's updates: a second `run` on the same token stops with one line."""

from __future__ import annotations

import pytest
from telegram.error import Conflict

from bot.telegram.single_poller import OTHER_POLLER, is_other_poller
from tests.bot.cli.test_main import env, run  # noqa: F401
from tests.helpers.telegram import CONFLICT_OTHER_POLLER, TEST_TOKEN, TelegramEmulator


def test_a_second_run_on_one_token_says_so_and_exits_2(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    telegram_api: TelegramEmulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    telegram_api.add_chat(-1001234)
    telegram_api.other_poller = True  # another process holds getUpdates
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", telegram_api.base_url)
    monkeypatch.setenv("TELEGRAM_CHAT_ID", "-1001234")

    code, _, err = run(capsys, "run")

    assert code == 2
    assert err.splitlines()[-1] == f"maliwatch: {OTHER_POLLER}"
    assert "Traceback" not in err and TEST_TOKEN not in err
    assert len(telegram_api.calls_to("getUpdates")) == 1  # asked once, then stopped


def test_the_start_up_check_confirms_no_update(telegram_api: TelegramEmulator) -> None:
    """The check's getUpdates has no offset: the pending updates stay for the real poller."""
    import asyncio

    from bot.telegram.app import build_bot
    from bot.telegram.single_poller import ensure_single_poller
    from tests.helpers.botapp import bot_settings

    sender = {"id": 5, "is_bot": False, "first_name": "A"}
    chat = {"id": 5, "type": "private"}
    message = {"message_id": 1, "date": 0, "chat": chat, "text": "/start", "from": sender}
    telegram_api.inject_update({"update_id": 7, "message": message})

    async def check() -> None:
        async with build_bot(bot_settings(telegram_api)) as bot:
            await ensure_single_poller(bot)

    asyncio.run(check())
    [call] = telegram_api.calls_to("getUpdates")
    assert "offset" not in call.params and len(telegram_api.updates) == 1


def test_only_the_other_poller_conflict_counts() -> None:
    assert is_other_poller(Conflict(CONFLICT_OTHER_POLLER))
    webhook = "Conflict: can't use getUpdates method while webhook is active"
    assert not is_other_poller(Conflict(webhook))  # PTB deletes the webhook itself
    assert not is_other_poller(RuntimeError(CONFLICT_OTHER_POLLER))
