"""The command menu (``setMyCommands``) in both languages, admin commands only for admins.

* everyone, in English (the default list) and in French (``language_code="fr"``): the
  commands every reader may use;
* the alert chat's administrators (``BotCommandScopeChatAdministrators``, for a group or
  supergroup) and each id of ``MALIWATCH_ADMIN_IDS`` in its private chat with the bot
  (``BotCommandScopeChat``): those and the configuration commands.

A scope Telegram refuses (a channel has no administrators' menu; an admin who never opened the
bot has no private chat yet) is logged and skipped: the others still publish.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeChatAdministrators
from telegram.error import TelegramError

from bot.render.i18n import LANGUAGES, translator

log = logging.getLogger(__name__)

# their changes are for administrators (/claims lists the ids the corrections take)
ADMIN_COMMANDS = frozenset({"watch", "feeds", "merge", "split", "unlink", "fix", "claims"})
HIDDEN = {"en": frozenset({"aide"}), "fr": frozenset({"help"})}  # one help per language


def menu(commands: tuple[ModuleType, ...], lang: str, *, admin: bool) -> list[BotCommand]:
    t = translator(lang)
    shown = []
    for module in commands:
        if module.NAME in HIDDEN.get(lang, frozenset()):
            continue
        if module.NAME in ADMIN_COMMANDS and not admin:
            continue
        description = t(f"cmd.{module.NAME}.description")
        if description == f"cmd.{module.NAME}.description":
            description = module.DESCRIPTION
        shown.append(BotCommand(module.NAME, description[:256]))
    return shown


async def publish_menus(
    bot: Any, commands: tuple[ModuleType, ...], *, channel: str | None, admin_ids: list[int]
) -> int:
    """Publish every menu; returns how many lists Telegram took."""
    published = 0
    scopes: list[Any] = [None]
    if channel:
        scopes.append(BotCommandScopeChatAdministrators(chat_id=_chat_id(channel)))
    scopes += [BotCommandScopeChat(chat_id=user_id) for user_id in admin_ids]
    for scope in scopes:
        for lang in (None, *LANGUAGES):
            commands_shown = menu(commands, lang or "en", admin=scope is not None)
            try:
                await bot.set_my_commands(commands_shown, scope=scope, language_code=lang)
            except TelegramError as exc:
                log.info("command menu for %s (%s) not set: %s", scope, lang or "default", exc)
                break
            published += 1
    return published


def _chat_id(chat: str) -> int | str:
    return int(chat) if chat.lstrip("-").isdigit() else chat
