"""/incidents [N | region | since DATE]: the latest incidents, one line each.

A region is found whatever its accents and spelling (``Ségou`` = ``segou``, ``Tombouctou`` =
``Timbuktu``); ``since DATE`` is by the event's date; a count above the cap gets the cap and a
note saying so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session
from telegram import Update

from bot.render.cards import render_incident_list
from bot.render.i18n import LANGUAGES, Translator, place_name
from bot.telegram.commands.common import Context, reply_html, reply_usage, run_db
from bot.telegram.language import translator_of
from feeds.model.folding import fold_words
from feeds.model.limits import preview
from feeds.model.outcome import IncidentView
from storage.queries import views as view_queries

NAME = "incidents"
DESCRIPTION = "Latest incidents: a count, a region or since a date"
USAGE = "/incidents [N | region | since YYYY-MM-DD]"
DEFAULT_COUNT = 10
MAX_COUNT = 50
MAX_COUNT_DIGITS = 12


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    limit: int | None = DEFAULT_COUNT
    region: str | None = None
    since: date | None = None
    capped_from: int | None = None  # the count asked for, above MAX_COUNT


def parse_args(args: list[str]) -> IncidentQuery | None:
    """None when the arguments make no sense (the caller replies with the usage line)."""
    if not args:
        return IncidentQuery()
    if len(args) == 1 and args[0].isascii() and args[0].isdigit():
        if len(args[0]) > MAX_COUNT_DIGITS:
            return IncidentQuery(limit=MAX_COUNT, capped_from=10**MAX_COUNT_DIGITS)
        count = int(args[0])
        if count > MAX_COUNT:
            return IncidentQuery(limit=MAX_COUNT, capped_from=count)
        return IncidentQuery(limit=count) if count > 0 else None
    if args[0].lower() in {"since", "depuis"}:
        if len(args) != 2:
            return None
        try:
            day = date.fromisoformat(args[1])
        except ValueError:
            return None
        return IncidentQuery(limit=MAX_COUNT, since=day)
    region = " ".join(args)
    if any(char.isdigit() for char in region):
        return None
    return IncidentQuery(limit=MAX_COUNT, region=region)


def region_spellings(region: str) -> set[str]:
    """A stored region's names, folded: as stored and in each language's spelling."""
    return {fold_words(region)} | {fold_words(place_name(region, lang)) for lang in LANGUAGES}


def matching_regions(asked: str, stored: list[str]) -> list[str]:
    wanted = fold_words(asked).removeprefix("region ").removeprefix("région ")
    wanted = fold_words(wanted).removesuffix(" region")
    return [region for region in stored if wanted in region_spellings(region)]


def title_of(query: IncidentQuery, t: Translator) -> str:
    if query.region:
        return t("incidents.in_region", region=preview(query.region, 40))
    if query.since:
        return t("incidents.since", day=t.date(query.since))
    return t("incidents.latest")


def load(session: Session, query: IncidentQuery) -> list[IncidentView]:
    regions = None
    if query.region:
        stored = view_queries.stored_regions(session=session)
        regions = matching_regions(query.region, stored)
    return view_queries.list_incident_views(
        session=session, regions=regions, event_since=query.since, limit=query.limit
    )


async def handle(update: Update, context: Context) -> None:
    query = parse_args(context.args or [])
    if query is None:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)
    views = await run_db(context, lambda session: load(session, query))
    note = t("incidents.capped", cap=MAX_COUNT) if query.capped_from is not None else ""
    text = render_incident_list(views, title=title_of(query, t), lang=t.lang, note=note)
    await reply_html(update, text)
