"""/compare ID: each claimant's figure per category, as a table and as a PNG chart."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.chart import render_claim_ranges
from bot.commands._common import Context, parse_incident_id, reply_html, reply_usage, run_db
from bot.commands.incident import not_found
from bot.render import compare_groups, render_compare
from storage import queries
from storage.outcome import IncidentView

NAME = "compare"
DESCRIPTION = "Claims side by side, with a chart of each claimant's range"
USAGE = "/compare ID"


async def send_comparison(update: Update, view: IncidentView) -> None:
    """The table, then the chart (when there is anything to draw)."""
    await reply_html(update, render_compare(view))
    claims = [group.claim for group in compare_groups(view)]  # one bar per claim, latest figure
    message = update.effective_message
    if not claims or message is None:
        return
    title = f"Incident #{view.incident.id}: claimed ranges"
    png = await asyncio.to_thread(render_claim_ranges, claims, title=title)
    await message.reply_photo(photo=png, filename=f"incident-{view.incident.id}.png")


async def handle(update: Update, context: Context) -> None:
    incident_id = parse_incident_id(context.args or [])
    if incident_id is None:
        await reply_usage(update, USAGE)
        return
    view = await run_db(
        context, lambda session: queries.get_incident_view(session=session, incident_id=incident_id)
    )
    if view is None:
        await reply_html(update, not_found(incident_id))
        return
    await send_comparison(update, view)
