"""/status: last poll, failing feeds and why, alert queue depth, incidents today."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session
from telegram import Update

from bot.delivery.views import feed_health
from bot.render.digest import StatusSummary, render_status
from bot.telegram.commands.common import Context, clock_of, reply_html, reply_usage, run_db
from bot.telegram.language import translator_of
from storage.queries import incidents as incident_queries
from storage.queries import status as status_queries

NAME = "status"
DESCRIPTION = "Last poll, failing feeds, alert queue, incidents today"
USAGE = "/status"


def load_status(session: Session, now: datetime) -> StatusSummary:
    last = status_queries.last_poll_run(session=session)
    midnight = datetime.combine(now.date(), time.min, tzinfo=UTC)
    stories, relevant = status_queries.story_counts_since(session=session, since=midnight)
    return StatusSummary(
        last_poll_started=last.started_at if last else None,
        last_poll_finished=last.finished_at if last else None,
        feeds=feed_health(session),
        queue_depth=status_queries.queue_depth(session=session),
        incidents_today=len(incident_queries.incidents_since(session=session, since=midnight)),
        stories_today=stories,
        relevant_today=relevant,
        failed_alerts=status_queries.failed_alert_count(
            session=session, since=now - timedelta(days=1)
        ),
    )


async def handle(update: Update, context: Context) -> None:
    if context.args:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)
    now = clock_of(context).now()
    status = await run_db(context, lambda session: load_status(session, now))
    await reply_html(update, render_status(status, lang=t.lang))
