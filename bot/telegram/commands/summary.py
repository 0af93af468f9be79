"""/summary [today|week]: incidents of the period, totals as ranges, open disputes, feeds."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session
from telegram import Update

from bot.delivery.views import feed_health
from bot.render.digest import FeedHealth, render_digest
from bot.telegram.commands.common import Context, clock_of, reply_html, reply_usage, run_db
from bot.telegram.language import translator_of
from feeds.model.outcome import IncidentView
from storage.queries import views as view_queries
from storage.queries.status import other_story_count

NAME = "summary"
DESCRIPTION = "Summary of today or of the last 7 days"
USAGE = "/summary [today|week]"
PERIODS = {"today": timedelta(days=1), "week": timedelta(days=7)}
ALIASES = {"jour": "today", "aujourdhui": "today", "semaine": "week"}


async def handle(update: Update, context: Context) -> None:
    args = context.args or []
    period = args[0].lower() if args else "today"
    period = ALIASES.get(period.replace("'", ""), period)
    if len(args) > 1 or period not in PERIODS:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)
    now = clock_of(context).now()

    def load(session: Session) -> tuple[list[IncidentView], FeedHealth, int]:
        since = now - PERIODS[period]
        views = view_queries.list_incident_views(session=session, since=since)
        return views, feed_health(session), other_story_count(session=session, since=since)

    views, health, others = await run_db(context, load)
    title = t(f"summary.{period}")
    digest = render_digest(
        views, day=now.date(), feeds=health, title=title, other_stories=others, lang=t.lang
    )
    await reply_html(update, digest)
