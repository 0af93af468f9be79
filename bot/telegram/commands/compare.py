"""/compare ID: each claimant's figure per category, as a table and as a PNG chart."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.render.cards import compare_groups, render_compare
from bot.render.chart import render_claim_ranges
from bot.telegram.commands.common import Context, reply_html
from bot.telegram.commands.incident import load_view
from feeds.model.outcome import IncidentView

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
    view = await load_view(update, context, USAGE)
    if view is not None:
        await send_comparison(update, view)
