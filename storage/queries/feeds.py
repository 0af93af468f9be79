"""Feeds: the polled sources, their health and their backoff.

Removing a feed disables it (its stories keep their feed for exports); adding it again enables it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage.models import FeedRow

log = logging.getLogger(__name__)


def upsert_feed(
    *,
    session: Session,
    url: str,
    title: str | None = None,
    language: str | None = None,
    now: datetime,
) -> FeedRow:
    """Add a feed or update it by URL (idempotent); ``None`` keeps the stored value."""
    row = session.exec(select(FeedRow).where(col(FeedRow.url) == url)).first()
    if row is None:
        row = FeedRow(url=url, title=title or "", language=language, added_at=now)
        log.info("feed added: %s", url)
    else:
        row.enabled = True
        if title is not None:
            row.title = title
        if language is not None:
            row.language = language
    session.add(row)
    session.flush()
    return row


def remove_feed(*, session: Session, url: str) -> bool:
    """Stop polling a feed; False when no enabled feed has that URL."""
    row = session.exec(select(FeedRow).where(col(FeedRow.url) == url, col(FeedRow.enabled))).first()
    if row is None:
        return False
    row.enabled = False
    session.add(row)
    session.flush()
    log.info("feed removed: %s", url)
    return True


def list_feeds(*, session: Session) -> list[FeedRow]:
    """Enabled feeds, oldest first."""
    return list(session.exec(select(FeedRow).where(col(FeedRow.enabled)).order_by(col(FeedRow.id))))


def due_feeds(*, session: Session, now: datetime) -> list[FeedRow]:
    """Enabled feeds never polled or whose ``next_poll_at`` has come."""
    query = (
        select(FeedRow)
        .where(col(FeedRow.enabled))
        .where(or_(col(FeedRow.next_poll_at).is_(None), col(FeedRow.next_poll_at) <= now))
        .order_by(col(FeedRow.next_poll_at).asc().nulls_first(), col(FeedRow.id))
    )
    return list(session.exec(query))


def record_fetch_result(
    *,
    session: Session,
    feed_id: int,
    ok: bool,
    not_modified: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
    error: str | None = None,
    now: datetime,
    next_poll_at: datetime | None,
) -> FeedRow:
    """Store one fetch's outcome: validators and success, or the error and one more failure."""
    row = session.get(FeedRow, feed_id)
    if row is None:
        raise LookupError(f"no feed {feed_id}")
    row.last_polled_at = now
    row.next_poll_at = next_poll_at
    if ok or not_modified:
        row.consecutive_failures = 0
        row.last_success_at = now
        row.last_error = None
        if etag is not None:
            row.etag = etag
        if last_modified is not None:
            row.last_modified = last_modified
    else:
        row.consecutive_failures += 1
        row.last_error = error or "unknown error"
    session.add(row)
    session.flush()
    return row
