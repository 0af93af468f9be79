"""/split A STORY: the story leaves incident A with its claims and opens its own incident."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, reply_usage
from bot.telegram.correcting import correct, parse_ids
from bot.telegram.language import translator_of
from feeds.pipeline import corrections

NAME = "split"
DESCRIPTION = "Take a story out of an incident into its own (administrators)"
USAGE = "/split INCIDENT STORY"


async def handle(update: Update, context: Context) -> None:
    ids = parse_ids(context.args or [], 2)
    if ids is None:
        await reply_usage(update, USAGE, context)
        return
    incident, story = ids
    done = await correct(
        update,
        context,
        f"/split {incident} {story}",
        lambda session, who, now: corrections.split(
            session=session, incident_id=incident, story_id=story, by=who, now=now
        ),
    )
    if done is not None:
        t = await translator_of(update, context)
        await reply_html(
            update, t("split.done", story=story, incident=incident, new=done.new_incident_id)
        )
