"""Exactly one process reads the bot's updates: a second ``getUpdates`` poller is refused.

Telegram answers 409 Conflict to a ``getUpdates`` while another one for the same bot is open
("terminated by other getUpdates request"). PTB would log that and retry for ever, so two
``maliwatch run`` processes with one token would fight over the updates. ``run`` asks once
before it starts (a ``getUpdates`` with no offset and no wait confirms nothing: pending updates
stay for the real poller) and stops with one line when another process holds them; while
running, the same answer stops the process too (:func:`stop_on_conflict`).

Workers that poll feeds without answering Telegram are ``maliwatch poll`` processes (they send
alerts but never read updates): run one ``maliwatch run`` and as many ``poll`` workers as needed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from telegram.error import Conflict

if TYPE_CHECKING:
    from telegram import Bot

    from bot.telegram.types import BotApplication

log = logging.getLogger(__name__)

OTHER_POLLER = (
    "another process is reading this bot's Telegram updates (409 Conflict): run one "
    "`maliwatch run` per bot token, and `maliwatch poll` workers for more polling"
)


class OtherPoller(Exception):
    """Telegram gave this bot's updates to another process; ``str()`` is the one line."""

    def __init__(self) -> None:
        super().__init__(OTHER_POLLER)


def is_other_poller(exc: BaseException) -> bool:
    """A 409 about a concurrent ``getUpdates`` (not the webhook one, which PTB clears itself)."""
    return isinstance(exc, Conflict) and "webhook" not in str(exc).lower()


async def ensure_single_poller(bot: Bot) -> None:
    """Raise :class:`OtherPoller` when another process polls this bot's updates now."""
    try:
        await bot.get_updates(timeout=0, limit=1)
    except Conflict as exc:
        if is_other_poller(exc):
            raise OtherPoller from None
        raise


def stop_on_conflict(application: BotApplication, stopped: list[str]) -> None:
    """An error handler: a 409 from another poller while running stops this process (the
    reason is appended to ``stopped`` for the caller to print)."""

    async def on_error(_update: object, context: Any) -> None:
        if is_other_poller(context.error) and not stopped:
            stopped.append(OTHER_POLLER)
            log.error("stopping: %s", OTHER_POLLER)
            application.stop_running()

    application.add_error_handler(on_error)
