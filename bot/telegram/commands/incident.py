"""/incident ID (or /incident_ID): the incident's card with buttons (compare, sources,
previous, next)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.render.cards import render_incident_card
from bot.render.i18n import translator
from bot.telegram.commands.common import Context, parse_incident_id, reply_html, reply_usage, run_db
from bot.telegram.language import translator_of
from feeds.model.outcome import IncidentView
from storage.queries import views as view_queries

NAME = "incident"
DESCRIPTION = "One incident's card: claims, toll, disputes, sources"
USAGE = "/incident ID"


def card_keyboard(incident_id: int, lang: str = "en") -> InlineKeyboardMarkup:
    """Buttons under a card; callback data is ``action:incident_id``."""
    t = translator(lang)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("button.compare"), callback_data=f"compare:{incident_id}"),
                InlineKeyboardButton(t("button.sources"), callback_data=f"sources:{incident_id}"),
            ],
            [
                InlineKeyboardButton(t("button.previous"), callback_data=f"previous:{incident_id}"),
                InlineKeyboardButton(t("button.next"), callback_data=f"next:{incident_id}"),
            ],
        ]
    )


def not_found(incident_id: int, lang: str = "en") -> str:
    return translator(lang)("incident.not_found", id=incident_id)


async def fetch_view(context: Context, incident_id: int) -> IncidentView | None:
    return await run_db(
        context,
        lambda session: view_queries.get_incident_view(session=session, incident_id=incident_id),
    )


async def load_view(update: Update, context: Context, usage: str) -> IncidentView | None:
    """The incident named by the command's argument; replies with the usage line or "not
    found" (and returns None) when there is none."""
    incident_id = parse_incident_id(context.args or [])
    if incident_id is None:
        await reply_usage(update, usage, context)
        return None
    view = await fetch_view(context, incident_id)
    if view is None:
        t = await translator_of(update, context)
        await reply_html(update, not_found(incident_id, t.lang))
    return view


async def send_card(update: Update, context: Context, view: IncidentView) -> None:
    t = await translator_of(update, context)
    if view.incident.id is not None:
        await reply_html(
            update,
            render_incident_card(view, lang=t.lang),
            reply_markup=card_keyboard(view.incident.id, t.lang),
        )


async def handle(update: Update, context: Context) -> None:
    view = await load_view(update, context, USAGE)
    if view is not None:
        await send_card(update, context, view)
