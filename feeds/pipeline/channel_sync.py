"""A channel source in the poll cycle (the I/O edge): fetch its preview page, then bring the
stored posts up to date: an edited post updates its story, a deleted one is marked.

New posts go the way of every feed item (``feeds/pipeline/run.py``): dedup by ``(feed, NAME/ID)``,
analysis, incidents, alerts. The page is fetched like an article page (``feeds/ingest/article.py``:
the shared client, the feeds' limits, robots.txt, per-host pacing) with the channel's stored
validators, and the result is a :class:`~feeds.ingest.fetch.FetchResult` so that health and backoff
are recorded exactly as for a feed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from feeds.analysis.story import analyse_story
from feeds.ingest.article import page_fetcher_for
from feeds.ingest.channel import post_id
from feeds.ingest.fetch import FetchResult
from feeds.pipeline.sources import Settings, build_watchlist
from storage.db import session_scope
from storage.queries.channel_posts import channel_stories, mark_deleted, update_edited_story

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.engine import Engine

    from feeds.model import Story
    from storage.models import FeedRow

log = logging.getLogger(__name__)


async def fetch_channel(
    client: httpx.AsyncClient,
    feed_row: FeedRow,
    *,
    settings: Settings,
    total_timeout: float,
    now: datetime,
) -> FetchResult:
    """One conditional GET of the channel's preview page. Never raises."""
    page = await page_fetcher_for(client).fetch(
        feed_row.url,
        now=now,
        max_bytes=settings.max_feed_bytes,
        total_timeout=total_timeout,
        etag=feed_row.etag,
        last_modified=feed_row.last_modified,
    )
    return FetchResult(
        status="error" if page.status == "redirect" else page.status,
        url=feed_row.url,
        body=page.body,
        headers=page.headers,
        etag=page.etag,
        last_modified=page.last_modified,
        final_url=page.final_url,
        http_status=page.http_status,
        error=page.error,
    )


@dataclass(frozen=True, slots=True)
class ChannelChanges:
    edited: int = 0
    deleted: int = 0


def sync_channel_posts(
    engine: Engine, feed_row: FeedRow, stories: Sequence[Story], settings: Settings, now: datetime
) -> ChannelChanges:
    """Update the stories of edited posts; mark those whose post is gone from the page.

    A stored post is gone when the page no longer shows it although it shows posts on both
    sides of it (an older post that merely scrolled off the page is not deleted).
    """
    if feed_row.id is None or not stories:
        return ChannelChanges()
    with session_scope(engine) as session:
        stored = {row.guid: row for row in channel_stories(session=session, feed_id=feed_row.id)}
    on_page = {number for s in stories if (number := post_id(s.guid)) is not None}
    edited = [
        s for s in stories if s.guid in stored and stored[s.guid].content_hash != s.content_hash
    ]
    if edited:
        with session_scope(engine) as session:
            watch = build_watchlist(session=session, settings=settings)
        for story in edited:
            row_id = stored[story.guid].id
            assert row_id is not None
            analysis = analyse_story(story, watch=watch)
            with session_scope(engine, immediate=True) as session:
                update_edited_story(
                    session=session, story_id=row_id, story=story, analysis=analysis, now=now
                )
    oldest, newest = min(on_page), max(on_page)
    gone = [
        row.id
        for row in stored.values()
        if row.id is not None
        and row.deleted_at is None
        and (number := post_id(row.guid)) is not None
        and oldest < number < newest
        and number not in on_page
    ]
    deleted = 0
    if gone:
        with session_scope(engine, immediate=True) as session:
            deleted = mark_deleted(session=session, story_ids=gone, now=now)
        log.info("channel %s: %d posts gone from the page, marked deleted", feed_row.url, deleted)
    return ChannelChanges(edited=len(edited), deleted=deleted)
