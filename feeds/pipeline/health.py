"""A feed's health after a fetch: result, backoff, title, and its validators once processed.

The story's path (``feeds/pipeline/run.py``) calls these off the event loop, each in its own
short transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from feeds.ingest.fetch import FetchResult, next_poll_at
from feeds.pipeline.reports import FeedReport
from feeds.pipeline.sources import Settings
from storage.db import session_scope
from storage.models import FeedRow
from storage.queries import feeds as feed_queries
from storage.queries.feeds import set_feed_validators

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)


def record_fetch(
    engine: Engine,
    feed_row: FeedRow,
    settings: Settings,
    now: datetime,
    error: str | None,
    result: FetchResult,
    title: str = "",
) -> None:
    """Store the fetch's outcome and the next poll time (backoff after failures); an untitled
    feed takes the title its document gives."""
    assert feed_row.id is not None, "a feed to poll is a stored feed"
    failures = feed_row.consecutive_failures + 1 if error is not None else 0
    with session_scope(engine, immediate=True) as session:
        feed_queries.record_fetch_result(
            session=session,
            feed_id=feed_row.id,
            ok=error is None,
            not_modified=result.status == "not_modified",
            etag=None,  # a new body's validators are stored once its stories are processed
            last_modified=None,
            error=error,
            now=now,
            next_poll_at=next_poll_at(
                now=now, interval_s=settings.poll_interval, consecutive_failures=failures
            ),
        )
        if title and not feed_row.title:
            feed_queries.upsert_feed(session=session, url=feed_row.url, title=title, now=now)


def store_validators(
    engine: Engine, feed_row: FeedRow, result: FetchResult, report: FeedReport
) -> None:
    """The body's ETag / Last-Modified once every story went through; after a story failed,
    none, so that the next poll fetches the body again instead of getting 304 for ever."""
    assert feed_row.id is not None, "a feed to poll is a stored feed"
    clean = report.stories_failed == 0
    if not clean:
        log.warning(
            "feed %s: %d stories failed; validators dropped so they are retried next poll",
            feed_row.url,
            report.stories_failed,
        )
    with session_scope(engine, immediate=True) as session:
        set_feed_validators(
            session=session,
            feed_id=feed_row.id,
            etag=result.etag if clean else None,
            last_modified=result.last_modified if clean else None,
        )
