"""/incidents [N | region | since DATE]: the latest incidents, one line each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from telegram import Update

from bot.render.cards import render_incident_list
from bot.telegram.commands.common import Context, reply_html, reply_usage, run_db
from storage.queries import views as view_queries

NAME = "incidents"
DESCRIPTION = "Latest incidents: a count, a region or since a date"
USAGE = "/incidents [N | region | since YYYY-MM-DD]"
DEFAULT_COUNT = 10
MAX_COUNT = 50


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    limit: int | None = DEFAULT_COUNT
    region: str | None = None
    since: datetime | None = None

    @property
    def title(self) -> str:
        if self.region:
            return f"Incidents in {self.region}"
        if self.since:
            return f"Incidents since {self.since:%d %b %Y}"
        return "Latest incidents"


def parse_args(args: list[str]) -> IncidentQuery | None:
    """None when the arguments make no sense (the caller replies with the usage line)."""
    if not args:
        return IncidentQuery()
    if len(args) == 1 and args[0].isdigit():
        count = int(args[0])
        return IncidentQuery(limit=count) if 0 < count <= MAX_COUNT else None
    if args[0].lower() in {"since", "depuis"}:
        if len(args) != 2:
            return None
        try:
            day = date.fromisoformat(args[1])
        except ValueError:
            return None
        return IncidentQuery(
            limit=MAX_COUNT, since=datetime(day.year, day.month, day.day, tzinfo=UTC)
        )
    region = " ".join(args)
    if any(char.isdigit() for char in region):
        return None
    return IncidentQuery(limit=MAX_COUNT, region=region)


async def handle(update: Update, context: Context) -> None:
    query = parse_args(context.args or [])
    if query is None:
        await reply_usage(update, USAGE)
        return
    views = await run_db(
        context,
        lambda session: view_queries.list_incident_views(
            session=session, since=query.since, region=query.region, limit=query.limit
        ),
    )
    await reply_html(update, render_incident_list(views, title=query.title))
