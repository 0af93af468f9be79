"""/unlink STORY: the story belongs to no incident (its claims stay with it)."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, reply_usage
from bot.telegram.correcting import correct, parse_ids
from bot.telegram.language import translator_of
from feeds.pipeline import corrections

NAME = "unlink"
DESCRIPTION = "Take a story out of its incident (administrators)"
USAGE = "/unlink STORY"


async def handle(update: Update, context: Context) -> None:
    ids = parse_ids(context.args or [], 1)
    if ids is None:
        await reply_usage(update, USAGE, context)
        return
    (story,) = ids
    done = await correct(
        update,
        context,
        f"/unlink {story}",
        lambda session, who, now: corrections.unlink(
            session=session, story_id=story, by=who, now=now
        ),
    )
    if done is not None:
        t = await translator_of(update, context)
        incidents = ", ".join(f"#{incident}" for incident in done.incident_ids)
        await reply_html(update, t("unlink.done", story=story, incidents=incidents))
