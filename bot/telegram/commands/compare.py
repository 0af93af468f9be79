"""/compare ID: each claimant's figure per category, as a table and as a PNG chart."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.render.cards import compare_groups, render_compare
from bot.render.chart import chart_caption, render_claim_ranges
from bot.render.i18n import translator
from bot.telegram.commands.common import Context, reply_html
from bot.telegram.commands.incident import load_view
from bot.telegram.language import translator_of
from feeds.model.outcome import IncidentView

NAME = "compare"
DESCRIPTION = "Claims side by side, with a chart of each claimant's range"
USAGE = "/compare ID"


async def send_comparison(update: Update, view: IncidentView, *, lang: str = "en") -> None:
    """The table, then the chart with its caption (when there is anything to draw)."""
    await reply_html(update, render_compare(view, lang=lang))
    claims = [group.claim for group in compare_groups(view)]  # one bar per claim, latest figure
    message = update.effective_message
    if not claims or message is None:
        return
    title = translator(lang)("chart.title", id=view.incident.id)
    png = await asyncio.to_thread(render_claim_ranges, claims, title=title, lang=lang)
    await message.reply_photo(
        photo=png,
        filename=f"incident-{view.incident.id}.png",
        caption=chart_caption(claims, incident_id=view.incident.id, lang=lang),
    )


async def handle(update: Update, context: Context) -> None:
    view = await load_view(update, context, USAGE)
    if view is not None:
        t = await translator_of(update, context)
        await send_comparison(update, view, lang=t.lang)
