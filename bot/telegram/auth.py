"""Who may change the configuration: MALIWATCH_ADMIN_IDS and the alert channel's administrators.

The channel's administrator list comes from ``getChatAdministrators`` and is cached for
:data:`ADMIN_CACHE_SECONDS`, so a burst of commands costs one API call. If the list cannot be
fetched (the bot is not in the channel, network trouble), only the configured ids are trusted.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from feeds.clock import Clock

log = logging.getLogger(__name__)

ADMIN_CACHE_SECONDS = 300.0


class AdminCheck:
    """Answers "may this user change the configuration?"."""

    def __init__(
        self,
        *,
        admin_ids: set[int] | frozenset[int],
        channel_id: str | None,
        clock: Clock,
    ) -> None:
        self.admin_ids = frozenset(admin_ids)
        self.channel_id = channel_id
        self._clock = clock
        self._cached: frozenset[int] = frozenset()
        self._cached_at: float | None = None

    async def is_admin(self, bot: Bot, user_id: int) -> bool:
        if user_id in self.admin_ids:
            return True
        return user_id in await self.channel_admins(bot)

    async def channel_admins(self, bot: Bot) -> frozenset[int]:
        if self.channel_id is None:
            return frozenset()
        fresh = (
            self._cached_at is not None
            and self._clock.monotonic() - self._cached_at < ADMIN_CACHE_SECONDS
        )
        if fresh:
            return self._cached
        chat_id: int | str = self.channel_id
        if self.channel_id.lstrip("-").isdigit():
            chat_id = int(self.channel_id)
        try:
            members = await bot.get_chat_administrators(chat_id=chat_id)
        except TelegramError as exc:
            log.warning("cannot list administrators of %s: %s", self.channel_id, exc)
            return frozenset()
        self._cached = frozenset(member.user.id for member in members)
        self._cached_at = self._clock.monotonic()
        return self._cached
