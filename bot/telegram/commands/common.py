"""What every command needs: the engine and settings, DB work off the loop, HTML replies."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram import LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.render.html import esc, split_message
from bot.render.i18n import translator
from bot.settings import Settings
from bot.telegram.auth import AdminCheck
from bot.telegram.language import translator_of
from feeds.clock import Clock
from storage.db import session_scope

log = logging.getLogger(__name__)

T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MAX_INCIDENT_ID = 2**31 - 1  # the id column is a 32-bit integer on PostgreSQL


def engine_of(context: Context) -> Engine:
    engine: Engine = context.application.bot_data["engine"]
    return engine


def settings_of(context: Context) -> Settings:
    settings: Settings = context.application.bot_data["settings"]
    return settings


def clock_of(context: Context) -> Clock:
    """The application's one clock (``bot_data["clock"]``): every command's "now"."""
    clock: Clock = context.application.bot_data["clock"]
    return clock


async def run_db(context: Context, work: Callable[[Session], T], *, write: bool = False) -> T:
    """Run ``work(session)`` in one transaction, in a worker thread (never on the loop).
    ``write`` takes SQLite's write lock first (read-then-write without "database is locked")."""
    engine = engine_of(context)

    def in_session() -> T:
        with session_scope(engine, immediate=write) as session:
            return work(session)

    return await asyncio.to_thread(in_session)


async def reply_html(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Reply with Telegram HTML, split under the limit; extra kwargs go on the last chunk."""
    message = update.effective_message
    if message is None:
        return None
    chunks = split_message(text)
    sent: Message | None = None
    for index, chunk in enumerate(chunks):
        extra = kwargs if index == len(chunks) - 1 else {}
        sent = await message.reply_text(
            chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, **extra
        )
    return sent


async def reply_usage(update: Update, usage: str, context: Context | None = None) -> None:
    """The command's usage line with an example, on one line, in the reader's language (the
    catalogue's ``cmd.<name>.usage`` and ``cmd.<name>.example``; ``usage`` when it has none)."""
    t = await translator_of(update, context) if context is not None else translator("en")
    name = usage.split()[0].lstrip("/")
    translated = t(f"cmd.{name}.usage")
    shown = usage if translated == f"cmd.{name}.usage" else translated
    example = t(f"cmd.{name}.example")
    line = t("usage.line", usage=esc(shown))
    if example != f"cmd.{name}.example":
        line += " · " + t("usage.example", example=esc(example))
    await reply_html(update, line)


def parse_incident_id(args: list[str]) -> int | None:
    """The single positive integer argument of /incident and /compare, else None.

    Ids above :data:`MAX_INCIDENT_ID` cannot exist; PostgreSQL would reject them as out of range
    for an integer column, so they are treated as no id at all (the usage answer)."""
    if len(args) != 1:
        return None
    text = args[0].removeprefix("#")
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_INCIDENT_ID else None


async def is_admin(update: Update, context: Context) -> bool:
    """True for MALIWATCH_ADMIN_IDS and the alert channel's administrators."""
    user = update.effective_user
    if user is None:
        return False
    check: AdminCheck = context.application.bot_data["admin_check"]
    return await check.is_admin(context.bot, user.id)


async def refuse(
    update: Update, action: str, *, message: str | None = None, context: Context | None = None
) -> None:
    """Polite refusal of a configuration change (or ``message``), logged with who tried."""
    user = update.effective_user
    log.warning(
        "refused %s for user %s (%s): not an administrator",
        action,
        user.id if user else "?",
        user.username if user else "?",
    )
    t = await translator_of(update, context) if context is not None else translator("en")
    await reply_html(update, message or t("refuse.config"))
