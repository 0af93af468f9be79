"""/incident ID: the incident's card with buttons (compare, sources, previous, next)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.render.cards import render_incident_card
from bot.telegram.commands.common import Context, parse_incident_id, reply_html, reply_usage, run_db
from feeds.model.outcome import IncidentView
from storage.queries import views as view_queries

NAME = "incident"
DESCRIPTION = "One incident's card: claims, toll, disputes, sources"
USAGE = "/incident ID"


def card_keyboard(incident_id: int) -> InlineKeyboardMarkup:
    """Buttons under a card; callback data is ``action:incident_id``."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("📊 Compare", callback_data=f"compare:{incident_id}"),
                InlineKeyboardButton("🔗 Sources", callback_data=f"sources:{incident_id}"),
            ],
            [
                InlineKeyboardButton("◀ Previous", callback_data=f"previous:{incident_id}"),
                InlineKeyboardButton("Next ▶", callback_data=f"next:{incident_id}"),
            ],
        ]
    )


def not_found(incident_id: int) -> str:
    return f"Incident #{incident_id} not found."


async def load_view(update: Update, context: Context, usage: str) -> IncidentView | None:
    """The incident named by the command's argument; replies with the usage line or "not
    found" (and returns None) when there is none."""
    incident_id = parse_incident_id(context.args or [])
    if incident_id is None:
        await reply_usage(update, usage)
        return None
    view = await run_db(
        context,
        lambda session: view_queries.get_incident_view(session=session, incident_id=incident_id),
    )
    if view is None:
        await reply_html(update, not_found(incident_id))
    return view


async def handle(update: Update, context: Context) -> None:
    view = await load_view(update, context, USAGE)
    if view is not None and view.incident.id is not None:
        await reply_html(
            update, render_incident_card(view), reply_markup=card_keyboard(view.incident.id)
        )
