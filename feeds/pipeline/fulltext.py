"""Full article text for feed items that carry only a summary (the I/O edge).

Each feed has a switch, ``feed.full_text``:

* ``auto`` (default): read the article page when the item's text is short (fewer than
  :data:`SUMMARY_MAX_WORDS` words), i.e. a headline and a sentence or two;
* ``fetch``: always read the page (the feed's text is a teaser whatever its length);
* ``never``: the feed's text is all there is (the feed carries whole articles, or the site
  must not be fetched).

``MALIWATCH_FETCH_ARTICLES=false`` turns page reading off for every feed.

Only stories not yet stored are enriched, each page once: pages are kept by URL in the
``page`` table (:mod:`storage.queries.pages`), re-asked with a conditional GET after
:data:`PAGE_TTL`. The story keeps the feed's text as ``summary`` and takes the page's main
text as ``text`` (what analysis reads); the feed's title, date and language stay, the page's
fill what the feed left out. A page that cannot be fetched or read leaves the summary as the
text and says why in ``text_note``; the cycle goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from feeds.ingest.article import PageFetcher, PageResult, page_fetcher_for
from feeds.ingest.extract import Extracted, extract_article
from feeds.ingest.parse import story_content_hash
from feeds.ingest.urls import NON_LINK_PREFIX
from feeds.pipeline.sources import Settings
from storage.db import session_scope
from storage.queries.pages import get_page, save_page
from storage.queries.story_keys import known_story_keys

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.engine import Engine

    from feeds.model import Story
    from storage.models import FeedRow, PageRow

log = logging.getLogger(__name__)

FULL_TEXT_MODES = ("auto", "fetch", "never")
SUMMARY_MAX_WORDS = 150
PAGE_TTL = timedelta(hours=24)  # a stored page is reused this long without asking again
ERROR_RETRY = timedelta(hours=1)  # a page that failed is not asked again before this
MAX_PAGES_PER_FEED = 40  # pages one feed may read in one cycle; the rest keep their summary
DEADLINE_FACTOR = 3  # a whole page fetch may take this many per-request timeouts, as a feed


def needs_page(story: Story, mode: str) -> bool:
    """Whether the story's text is a summary the article page should replace."""
    if mode == "never" or story.url.startswith(NON_LINK_PREFIX):
        return False
    return mode == "fetch" or len(story.text.split()) < SUMMARY_MAX_WORDS


def with_page_text(story: Story, page: Extracted) -> Story:
    """The story reading the page's text; the feed's text kept as its summary (PURE).

    A page text no longer than the feed's is not better than it: the summary stays.
    """
    if len(page.text) <= len(story.text):
        return with_note(story, "kept the feed's text: the page's text is not longer")
    title = story.title or page.title
    published = story.published
    if page.published is not None and story.published == story.fetched:  # the feed gave none
        published = min(page.published, story.fetched)
    return replace(
        story,
        title=title,
        text=page.text,
        summary=story.text,
        published=published,
        language=page.language or story.language,
        content_hash=story_content_hash(title, page.text),
        text_note="",
    )


def with_note(story: Story, note: str) -> Story:
    return replace(story, text_note=note)


async def read_full_texts(
    stories: Sequence[Story],
    feed_row: FeedRow,
    *,
    client: httpx.AsyncClient,
    engine: Engine,
    settings: Settings,
    now: datetime,
) -> list[Story]:
    """The feed's stories, those that are summaries with their page's text when it could be read.

    Never raises for a page: a failure is a ``text_note`` on its story.
    """
    if not settings.fetch_articles or feed_row.full_text == "never":
        return list(stories)
    wanted = [s for s in stories if needs_page(s, feed_row.full_text)]
    if not wanted:
        return list(stories)
    new = set(await asyncio.to_thread(_not_stored, engine, feed_row.id, wanted))
    todo = [s for s in wanted if s.url in new]
    fetcher = page_fetcher_for(client)
    reader = _Reader(fetcher, engine, settings, now)
    done: dict[str, Story] = {}

    async def one(story: Story, index: int) -> None:
        if index >= MAX_PAGES_PER_FEED:
            done[story.url] = with_note(story, "page not read: too many new items in one poll")
            return
        try:
            done[story.url] = await reader.enrich(story)
        except Exception:  # a bug in one page's path must not stop the feed
            log.exception("full text failed: %s", story.url)
            done[story.url] = with_note(story, "page not read: unexpected error (see log)")

    await asyncio.gather(*(one(story, i) for i, story in enumerate(todo)))
    return [done.get(story.url, story) for story in stories]


def _not_stored(engine: Engine, feed_id: int | None, stories: Sequence[Story]) -> list[str]:
    with session_scope(engine) as session:  # one IN query for the whole feed
        known = known_story_keys(
            session=session,
            feed_id=feed_id,
            guids=[story.guid for story in stories],
            urls=[story.url for story in stories],
        )
    return [story.url for story in stories if not known.has(guid=story.guid, url=story.url)]


class _Reader:
    def __init__(
        self, fetcher: PageFetcher, engine: Engine, settings: Settings, now: datetime
    ) -> None:
        self.fetcher, self.engine, self.settings, self.now = fetcher, engine, settings, now

    async def enrich(self, story: Story) -> Story:
        cached = await asyncio.to_thread(self._cached, story.url)
        if cached is not None and self.now - cached.fetched_at < _reuse_for(cached):
            if cached.error:
                return with_note(story, f"page not read: {cached.error}")
            return with_page_text(story, _from_row(cached))
        fresh = cached is not None and not cached.error and cached.text
        result = await self.fetcher.fetch(
            story.url,
            now=self.now,
            max_bytes=self.settings.max_feed_bytes,
            total_timeout=self.settings.fetch_timeout * DEADLINE_FACTOR,
            etag=cached.etag if fresh and cached else None,
            last_modified=cached.last_modified if fresh and cached else None,
        )
        if result.status == "not_modified" and cached is not None and fresh:
            await asyncio.to_thread(self._store, story.url, result, _from_row(cached))
            return with_page_text(story, _from_row(cached))
        if not result.ok or result.body is None:
            error = result.error or f"HTTP {result.http_status}"
            await asyncio.to_thread(self._store, story.url, result, Extracted(error=error))
            return with_note(story, f"page not read: {error}")
        page = await asyncio.to_thread(extract_article, result.body, url=story.url)
        await asyncio.to_thread(self._store, story.url, result, page)
        if not page.ok:
            return with_note(story, f"page not read: {page.error}")
        return with_page_text(story, page)

    def _cached(self, url: str) -> PageRow | None:
        with session_scope(self.engine) as session:
            row = get_page(session=session, url=url)
            if row is not None:
                session.expunge(row)
            return row

    def _store(self, url: str, result: PageResult, page: Extracted) -> None:
        with session_scope(self.engine, immediate=True) as session:
            save_page(
                session=session,
                url=url,
                now=self.now,
                final_url=result.final_url,
                etag=result.etag if page.ok else None,
                last_modified=result.last_modified if page.ok else None,
                title=page.title,
                text=page.text,
                language=page.language,
                published=page.published,
                error=page.error,
            )


def _reuse_for(row: PageRow) -> timedelta:
    return ERROR_RETRY if row.error else PAGE_TTL


def _from_row(row: PageRow) -> Extracted:
    return Extracted(text=row.text, title=row.title, published=row.published, language=row.language)
