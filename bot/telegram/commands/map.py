"""/map [DAYS]: a PNG map of the incidents of the last DAYS days (30 by default)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update

from bot.render.map import MapPoint, render_incident_map
from bot.telegram.commands.common import Context, clock_of, reply_usage, run_db
from bot.telegram.language import translator_of
from feeds.model import Category
from feeds.model.outcome import IncidentView
from seeds.maps import mali_outline, region_labels
from storage.queries import mapped as map_queries

NAME = "map"
DESCRIPTION = "A map of the incidents of the last days (30 by default)"
USAGE = "/map [DAYS]"
DEFAULT_DAYS = 30
MAX_DAYS = 3660


def parse_days(args: list[str]) -> int | None:
    if not args:
        return DEFAULT_DAYS
    if len(args) != 1 or not args[0].isascii() or not args[0].isdigit():
        return None
    days = int(args[0])
    return days if 1 <= days <= MAX_DAYS else None


def map_point(view: IncidentView) -> MapPoint | None:
    place = view.incident.place
    if place is None or place.lat is None or place.lon is None or view.incident.id is None:
        return None
    toll = next((t.conservative for t in view.tallies if t.category is Category.KILLED), None)
    return MapPoint(
        incident_id=view.incident.id,
        lat=place.lat,
        lon=place.lon,
        toll=toll,
        disputed=bool(view.contradictions),
    )


async def handle(update: Update, context: Context) -> None:
    days = parse_days(context.args or [])
    message = update.effective_message
    if days is None or message is None:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)
    since = (clock_of(context).now() - timedelta(days=days)).date()
    views = await run_db(
        context, lambda session: map_queries.incidents_dated_since(session=session, since=since)
    )
    points = [point for view in views if (point := map_point(view)) is not None]
    outline = mali_outline()
    png = await asyncio.to_thread(
        render_incident_map,
        points,
        title=t("map.title", since=t.date(since), located=len(points)),
        border=outline.border,
        regions=outline.regions,
        labels=region_labels(),
        lang=t.lang,
    )
    caption = t("map.caption", count=len(views), days=days, located=len(points))
    await message.reply_photo(photo=png, filename=f"maliwatch-map-{days}d.png", caption=caption)
