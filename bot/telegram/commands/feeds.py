"""/feeds add|remove|list URL: feeds to poll; a new feed is test-fetched before it is added.

All three actions are for administrators (a feed URL may carry a key). Listed URLs are masked
(``feeds/model/redact.py``); a URL longer than ``MAX_FEED_URL`` is refused without being echoed.
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Update

from bot.render.html import esc
from bot.render.i18n import translator
from bot.telegram.commands.common import (
    Context,
    clock_of,
    is_admin,
    refuse,
    reply_html,
    reply_usage,
    run_db,
    settings_of,
)
from bot.telegram.language import translator_of
from feeds.ingest.channel import channel_name
from feeds.ingest.feed_names import display_names
from feeds.ingest.fetch import fetch_feed, make_http_client
from feeds.ingest.parse import ParsedFeed, parse_feed
from feeds.model.limits import MAX_FEED_URL, check_url_length, preview
from feeds.model.redact import mask_url
from feeds.model.web import web_url_problem
from feeds.pipeline.sources import add_source
from storage.models import FeedRow
from storage.queries import feeds as feed_queries

log = logging.getLogger(__name__)

NAME = "feeds"
DESCRIPTION = "Feeds: add (after a test fetch), remove or list"
USAGE = "/feeds add|remove|list URL"
MAX_ARGUMENTS = MAX_FEED_URL + len("remove ")
REFUSAL = {"list": "feeds.refuse_list"}  # catalogue ids


def parse_args(args: list[str]) -> tuple[str, str] | None:
    if args == ["list"]:
        return "list", ""
    if len(args) != 2 or args[0].lower() not in {"add", "remove"}:
        return None
    url = args[1].strip("<>")
    if check_url_length(url) is None and web_url_problem(url) is not None:
        return None  # not a feed URL: the usage line (a too long one gets its own answer)
    return args[0].lower(), url


async def test_fetch(context: Context, url: str) -> ParsedFeed | str:
    """The parsed feed, or a one-line reason it cannot be used."""
    settings = settings_of(context)
    async with make_http_client(
        timeout=settings.fetch_timeout, allow_private=settings.allow_private_feeds
    ) as client:
        result = await fetch_feed(
            client, url, max_bytes=settings.max_feed_bytes, total_timeout=settings.fetch_timeout
        )
    if not result.ok or result.body is None:
        return result.error or f"HTTP {result.http_status}"
    parsed = parse_feed(
        result.body, feed_url=url, headers=result.headers, fetched=clock_of(context).now()
    )
    if parsed.is_broken:
        return parsed.bozo_error or "not a feed"
    return parsed


def render_feed_list(feeds: list[FeedRow], lang: str = "en") -> str:
    t = translator(lang)
    if not feeds:
        return t("feeds.none")
    lines = [t("feeds.title", count=len(feeds))]
    names = display_names([(mask_url(feed.url), feed.title) for feed in feeds])
    for feed, name in zip(feeds, names, strict=True):
        health = "✅" if feed.consecutive_failures == 0 else f"❌ {esc(feed.last_error or '')}"
        lines.append(f"• {esc(name)} — {esc(mask_url(feed.url))} {health}")
    return "\n".join(lines)


async def handle(update: Update, context: Context) -> None:
    parsed = parse_args(context.args or [])
    if parsed is None:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)
    action, url = parsed
    if not await is_admin(update, context):
        refusal = t(REFUSAL[action]) if action in REFUSAL else None
        await refuse(
            update, f"/feeds {action} {preview(mask_url(url), 200)}", message=refusal,
            context=context,
        )  # fmt: skip
        return
    too_long = check_url_length(url)
    if too_long:
        await reply_html(update, t("feeds.bad_url", problem=esc(too_long)))
        return
    if action == "list":
        feeds = await run_db(context, lambda session: feed_queries.list_feeds(session=session))
        await reply_html(update, render_feed_list(feeds, t.lang))
        return
    if action == "remove":
        removed = await run_db(
            context, lambda session: feed_queries.remove_feed(session=session, url=url), write=True
        )
        await reply_html(update, t("feeds.removed" if removed else "feeds.not_listed"))
        return
    followed = await run_db(context, lambda session: already_followed(session, url))
    if followed is not None:
        await reply_html(update, t("feeds.already", feed=esc(followed)))
        return
    if channel_name(url) is not None:  # a public channel: its preview page is read when polled
        row = await run_db(
            context,
            lambda session: add_source(session=session, url=url, now=clock_of(context).now()),
            write=True,
        )
        await reply_html(update, t("feeds.added_channel", url=esc(row.url)))
        return
    checked = await test_fetch(context, url)
    if isinstance(checked, str):
        log.info("feed %s refused: %s", mask_url(url), checked)
        await reply_html(update, t("feeds.refused", problem=esc(checked)))
        return
    await run_db(
        context,
        lambda session: feed_queries.upsert_feed(
            session=session,
            url=url,
            title=checked.title,
            language=checked.language,
            now=clock_of(context).now(),
        ),
        write=True,
    )
    title = checked.title or mask_url(url)
    await reply_html(
        update, t.plural("feeds.added", len(checked.stories), title=esc(preview(title, 200)))
    )


def already_followed(session: Session, url: str) -> str | None:
    """The name of the followed feed at ``url`` (or at the channel page it stands for)."""
    candidates = {url}
    name = channel_name(url)
    if name is not None:
        candidates.add(f"https://t.me/s/{name}")
    for feed in feed_queries.list_feeds(session=session):
        if feed.url in candidates:
            return feed.title or mask_url(feed.url)
    return None
