"""/merge A B: incident B joins A (its stories, claims and disputes); B is closed."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, reply_usage
from bot.telegram.correcting import correct, parse_id
from feeds.pipeline import corrections

NAME = "merge"
DESCRIPTION = "Merge incident B into incident A (administrators)"
USAGE = "/merge A B"
REPLIES = {"done": "Incident #{close} merged into #{keep}. Its card now says so."}


async def handle(update: Update, context: Context) -> None:
    args = context.args or []
    ids = [parse_id(arg) for arg in args]
    if len(ids) != 2 or None in ids:
        await reply_usage(update, USAGE)
        return
    keep, close = ids[0], ids[1]
    assert keep is not None and close is not None
    done = await correct(
        update,
        context,
        f"/merge {keep} {close}",
        lambda session, who, now: corrections.merge(
            session=session, keep_id=keep, close_id=close, by=who, now=now
        ),
    )
    if done is not None:
        await reply_html(update, REPLIES["done"].format(keep=keep, close=close))
