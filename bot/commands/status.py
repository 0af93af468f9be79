"""/status: last poll, failing feeds and why, alert queue depth, incidents today."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlmodel import Session
from telegram import Update

from bot.commands._common import Context, reply_html, reply_usage, run_db
from bot.delivery import feed_health
from bot.render import StatusSummary, render_status
from storage import queries

NAME = "status"
DESCRIPTION = "Last poll, failing feeds, alert queue, incidents today"
USAGE = "/status"


def load_status(session: Session, now: datetime) -> StatusSummary:
    last = queries.last_poll_run(session=session)
    midnight = datetime.combine(now.date(), time.min, tzinfo=UTC)
    return StatusSummary(
        last_poll_started=last.started_at if last else None,
        last_poll_finished=last.finished_at if last else None,
        feeds=feed_health(session),
        queue_depth=queries.queue_depth(session=session),
        incidents_today=len(queries.list_incident_views(session=session, since=midnight)),
        stories_new=last.stories_new if last else 0,
    )


async def handle(update: Update, context: Context) -> None:
    if context.args:
        await reply_usage(update, USAGE)
        return
    now = datetime.now(UTC)
    status = await run_db(context, lambda session: load_status(session, now))
    await reply_html(update, render_status(status))
