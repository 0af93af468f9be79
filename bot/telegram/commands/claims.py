"""/claims ID: the incident's claims and stories with their ids (for /fix, /split, /unlink)."""

from __future__ import annotations

from telegram import Update

from bot.render.corrections import render_claim_list
from bot.render.html import domain, esc
from bot.telegram.commands.common import Context, reply_html
from bot.telegram.commands.incident import load_view
from bot.telegram.language import translator_of

NAME = "claims"
DESCRIPTION = "An incident's claims and stories with their ids, for corrections"
USAGE = "/claims ID"


async def handle(update: Update, context: Context) -> None:
    view = await load_view(update, context, USAGE)
    if view is None:
        return
    t = await translator_of(update, context)
    lines = [render_claim_list(view, t.lang), "", t("claims.stories")]
    lines += [
        t("claims.story", id=story.id, outlet=esc(domain(story.url)), title=esc(story.title))
        for story in view.stories
    ]
    await reply_html(update, "\n".join(lines))
