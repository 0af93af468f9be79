"""The Telegram Application: rate limiter, command handlers, card buttons, errors, menu.

``build_application(settings, engine=...)`` is the composition root for Telegram. The engine,
the settings and the admin check live in ``application.bot_data``; commands read them there.
The bot token is never logged: the httpx logger (which logs request URLs, token included) is
kept at WARNING, and the error handler logs the update's chat and user, not the request.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.render.cards import render_incident_card, render_sources
from bot.render.i18n import translator
from bot.settings import Settings
from bot.telegram.auth import AdminCheck
from bot.telegram.chats import remember_configured_chat
from bot.telegram.command_limits import limited
from bot.telegram.commands import COMMANDS
from bot.telegram.commands.common import MAX_INCIDENT_ID, NO_PREVIEW, run_db
from bot.telegram.commands.compare import send_comparison
from bot.telegram.commands.incident import card_keyboard, not_found
from bot.telegram.deep_links import INCIDENT_COMMAND, on_incident_command
from bot.telegram.fallback import on_text, on_unknown_command
from bot.telegram.language import translator_of
from bot.telegram.menu import menu, publish_menus
from bot.telegram.types import BotApplication
from feeds.clock import Clock
from feeds.model.limits import preview
from feeds.model.outcome import IncidentView
from storage.queries import views as view_queries

log = logging.getLogger(__name__)

OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
RATE_LIMIT_RETRIES = 0  # see build_rate_limiter
NEIGHBOUR_SEARCH = 50  # how far /incident's previous / next buttons look for an existing id


def build_rate_limiter() -> AIORateLimiter:
    """Telegram's limits: 30 messages a second overall, 20 a minute per group.

    ``max_retries`` is 0 on purpose: on a flood wait (``RetryAfter``) PTB would otherwise sleep
    for the whole ``retry_after`` inside the send, past the delivery worker's lease, and another
    worker could send the same alert meanwhile. The error reaches ``bot.delivery.worker``
    instead, which puts the alert back in the outbox, due after ``retry_after``.
    """
    return AIORateLimiter(
        overall_max_rate=OVERALL_PER_SECOND,
        overall_time_period=1,
        group_max_rate=GROUP_PER_MINUTE,
        group_time_period=60,
        max_retries=RATE_LIMIT_RETRIES,
    )


def build_bot(settings: Settings) -> ExtBot[int]:
    """The one way to make a bot for ``settings``: ``ExtBot`` pointed at
    ``settings.telegram_api_base_url``, with :func:`build_rate_limiter`. Shared by the
    Application (``run``) and ``maliwatch poll`` (``bot/runner.py``)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs URLs, token included
    base_url = settings.telegram_api_base_url
    return ExtBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=base_url,
        base_file_url=base_url.removesuffix("/bot") + "/file/bot",
        rate_limiter=build_rate_limiter(),
    )


def build_application(settings: Settings, *, engine: Engine, clock: Clock) -> BotApplication:
    """A PTB Application around :func:`build_bot`, every handler added."""
    application = (
        ApplicationBuilder().bot(build_bot(settings)).post_init(register_command_menu).build()
    )
    application.bot_data["engine"] = engine
    application.bot_data["settings"] = settings
    application.bot_data["clock"] = clock
    application.bot_data["admin_check"] = AdminCheck(
        admin_ids=set(settings.admin_ids), channel_id=settings.telegram_chat_id, clock=clock
    )
    for module in COMMANDS:
        application.add_handler(CommandHandler(module.NAME, limited(module)))
    application.add_handler(CallbackQueryHandler(on_card_button, pattern=CARD_BUTTON_PATTERN))
    # after every command (the first handler of a group that matches takes the update):
    # /incident_12 (tappable in lists and the digest), then what no command took
    application.add_handler(MessageHandler(filters.Regex(INCIDENT_COMMAND), on_incident_command))
    application.add_handler(MessageHandler(filters.COMMAND, on_unknown_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    application.add_error_handler(on_error)
    return application


def command_menu(lang: str = "en", *, admin: bool = False) -> list[BotCommand]:
    """The menu everyone sees in ``lang`` (``admin``: with the configuration commands)."""
    return menu(COMMANDS, lang, admin=admin)


async def register_command_menu(application: BotApplication) -> None:
    """post_init: remember the configured chat (its supergroup migration is kept on its row)
    and publish the command menu (setMyCommands)."""
    engine: Engine = application.bot_data["engine"]
    settings: Settings = application.bot_data["settings"]
    clock: Clock = application.bot_data["clock"]
    await asyncio.to_thread(remember_configured_chat, engine, settings, now=clock.now())
    published = await publish_menus(
        application.bot,
        COMMANDS,
        channel=settings.telegram_chat_id,
        admin_ids=list(settings.admin_ids),
    )
    log.info("command menus registered (%d lists, %d commands)", published, len(COMMANDS))


# ── the incident card's buttons ─────────────────────────────────────────────────────────────

CARD_BUTTON_PATTERN = r"^(compare|sources|previous|next):\d+$"


async def on_card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """compare / sources reply under the card; previous / next turn the card in place."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    action, _, number = query.data.partition(":")
    incident_id = int(number)
    t = await translator_of(update, context)
    if incident_id > MAX_INCIDENT_ID:  # forged button data; PostgreSQL would raise on it
        await query.answer()
        await query.message.reply_text(not_found(incident_id, t.lang))  # type: ignore[union-attr]
        return
    if action in {"previous", "next"}:
        await _turn_card(update, context, incident_id, step=-1 if action == "previous" else 1)
        return
    view = await run_db(
        context,
        lambda session: view_queries.get_incident_view(session=session, incident_id=incident_id),
    )
    await query.answer()
    if view is None:
        await query.message.reply_text(not_found(incident_id, t.lang))  # type: ignore[union-attr]
        return
    if action == "compare":
        await send_comparison(update, view, lang=t.lang)
    else:
        await query.message.reply_text(  # type: ignore[union-attr]
            render_sources(view, lang=t.lang),
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
        )


async def _turn_card(
    update: Update, context: ContextTypes.DEFAULT_TYPE, incident_id: int, *, step: int
) -> None:
    query = update.callback_query
    assert query is not None

    def neighbour(session: Session) -> IncidentView | None:
        for offset in range(1, NEIGHBOUR_SEARCH + 1):
            candidate = incident_id + step * offset
            if not 1 <= candidate <= MAX_INCIDENT_ID:
                return None
            view = view_queries.get_incident_view(session=session, incident_id=candidate)
            if view is not None:
                return view
        return None

    view = await run_db(context, neighbour)
    t = await translator_of(update, context)
    if view is None:
        await query.answer(t("button.no_more"))
        return
    await query.answer()
    try:
        await query.edit_message_text(
            render_incident_card(view, lang=t.lang),
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=card_keyboard(view.incident.id or incident_id, t.lang),
        )
    except BadRequest as exc:
        if "message is not modified" not in exc.message.lower():
            raise


# ── errors ──────────────────────────────────────────────────────────────────────────────────


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a handler's error with the chat, user and text it was answering (never the token)."""
    where = "no update"
    if isinstance(update, Update):
        chat = update.effective_chat
        user = update.effective_user
        message = update.effective_message
        text = preview(message.text, 200) if message is not None and message.text else None
        data = update.callback_query.data if update.callback_query else None
        where = (
            f"chat {chat.id if chat else '?'}, user {user.id if user else '?'}, "
            f"text {text!r}, callback {data!r}"
        )
    log.error("error while handling an update (%s)", where, exc_info=context.error)
    message = update.effective_message if isinstance(update, Update) else None
    is_button = isinstance(update, Update) and update.callback_query is not None
    if message is not None and not is_button:
        try:
            await message.reply_text(await _sorry(update, context))
        except TelegramError as exc:
            log.warning("could not tell the user about the error: %s", exc)


async def _sorry(update: object, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The apology in the reader's language (English when even that lookup fails)."""
    lang = "en"
    if isinstance(update, Update):
        try:
            lang = (await translator_of(update, context)).lang
        except Exception:  # the database may be what failed
            log.debug("no language for the apology", exc_info=True)
    return translator(lang)("error.failed")
