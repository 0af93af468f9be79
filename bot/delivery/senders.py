"""Where alerts go: Telegram through PTB (:class:`TelegramSender`) or the console
(:class:`ConsoleSender`). Both take already rendered Telegram HTML."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from typing import Protocol

from rich.console import Console
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.cli.console_text import clean, plain
from bot.delivery.card_buttons import CardButton, deep_link
from bot.render.cards import card_edit_note
from bot.render.html import html_to_plain

log = logging.getLogger(__name__)


class AlertSender(Protocol):
    """Where alerts go: Telegram (:class:`TelegramSender`) or stdout (:class:`ConsoleSender`)."""

    async def send(
        self,
        *,
        chat_id: str,
        text_chunks: Sequence[str],
        silent: bool,
        thread_id: int | None,
        buttons: Sequence[CardButton] = (),
    ) -> int:
        """Send the chunks in order (``buttons`` under the last); return the first's id."""

    async def edit(
        self, *, chat_id: str, message_id: int, text: str, buttons: Sequence[CardButton] = ()
    ) -> None:
        """Replace a message's text (and its buttons); an unchanged text is not an error."""


def telegram_chat_id(chat_id: str) -> int | str:
    """Stored chat ids are strings; Telegram wants an int unless it is an @username."""
    try:
        return int(chat_id)
    except ValueError:
        return chat_id


class TelegramSender:
    """Sends HTML through a python-telegram-bot ``Bot`` (link previews off). Card buttons are
    deep links to the bot itself (its username comes from getMe)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def _keyboard(self, buttons: Sequence[CardButton]) -> InlineKeyboardMarkup | None:
        if not buttons:
            return None
        username: str | None
        try:
            username = self.bot.username
        except RuntimeError:  # a bot not initialized yet: ask getMe once
            username = (await self.bot.get_me()).username
        if not username:
            return None
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(b.label, url=deep_link(username, b.start)) for b in buttons]]
        )

    async def send(
        self,
        *,
        chat_id: str,
        text_chunks: Sequence[str],
        silent: bool = False,
        thread_id: int | None = None,
        buttons: Sequence[CardButton] = (),
    ) -> int:
        first_id: int | None = None
        keyboard = await self._keyboard(buttons)
        for index, chunk in enumerate(text_chunks):
            last = index == len(text_chunks) - 1
            message = await self.bot.send_message(
                chat_id=telegram_chat_id(chat_id),
                text=chunk,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                disable_notification=silent,
                message_thread_id=thread_id,
                reply_markup=keyboard if last else None,
            )
            first_id = message.message_id if first_id is None else first_id
        if first_id is None:
            raise ValueError("nothing to send")
        return first_id

    async def edit(
        self, *, chat_id: str, message_id: int, text: str, buttons: Sequence[CardButton] = ()
    ) -> None:
        try:
            await self.bot.edit_message_text(
                chat_id=telegram_chat_id(chat_id),
                message_id=message_id,
                text=text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=await self._keyboard(buttons),
            )
        except BadRequest as exc:
            if "message is not modified" not in exc.message.lower():
                raise
            log.debug("card %s in %s already up to date", message_id, chat_id)


class ConsoleSender:
    """Prints alerts as plain text with rich; message ids are a local counter.

    A card is printed in full when first sent; an edit prints one line (what the card counts
    now), as the whole card again on every edit buries the alerts between them.
    """

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False)
        self._ids = itertools.count(1)
        self._texts: dict[int, str] = {}  # message id → the text it shows now

    async def send(
        self,
        *,
        chat_id: str,
        text_chunks: Sequence[str],
        silent: bool = False,
        thread_id: int | None = None,
        buttons: Sequence[CardButton] = (),
    ) -> int:
        message_id = next(self._ids)
        note = " (silent)" if silent else ""
        self.console.rule(plain(f"message {message_id} → {chat_id}{note}"))
        for chunk in text_chunks:  # feed text inside: no escape sequences, no markup
            self.console.print(clean(html_to_plain(chunk)), markup=False, emoji=False)
        self._texts[message_id] = "".join(text_chunks)
        return message_id

    async def edit(
        self, *, chat_id: str, message_id: int, text: str, buttons: Sequence[CardButton] = ()
    ) -> None:
        note = card_edit_note(text)
        if self._texts.get(message_id) == text:
            note += " · no change"
        self._texts[message_id] = text
        self.console.print(clean(f"{note} · message {message_id} in {chat_id}"), markup=False)
