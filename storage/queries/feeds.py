"""Feeds: the polled sources, their health and their backoff.

Removing a feed disables it (its stories keep their feed for exports); adding it again enables it.
Several workers may poll one database: :func:`claim_due_feeds` hands each due feed to one of
them by pushing its ``next_poll_at`` forward by a lease (the fetch's result then sets the real
next time; a worker that dies lets the lease run out and the feed is due again).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, update
from sqlmodel import Session, col, select

from feeds.model.redact import mask_url
from storage.models import FeedRow

log = logging.getLogger(__name__)


def upsert_feed(
    *,
    session: Session,
    url: str,
    title: str | None = None,
    language: str | None = None,
    now: datetime,
    kind: str | None = None,
    full_text: str | None = None,
) -> FeedRow:
    """Add a feed or update it by URL (idempotent); ``None`` keeps the stored value."""
    row = session.exec(select(FeedRow).where(col(FeedRow.url) == url)).first()
    if row is None:
        row = FeedRow(url=url, title=title or "", language=language, added_at=now)
        log.info("feed added: %s", mask_url(url))
    else:
        row.enabled = True
        if title is not None:
            row.title = title
        if language is not None:
            row.language = language
    if kind is not None:
        row.kind = kind
    if full_text is not None:
        row.full_text = full_text
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
    log.info("feed removed: %s", mask_url(url))
    return True


def list_feeds(*, session: Session) -> list[FeedRow]:
    """Enabled feeds, oldest first."""
    return list(session.exec(select(FeedRow).where(col(FeedRow.enabled)).order_by(col(FeedRow.id))))


def has_any_feed(*, session: Session) -> bool:
    """True when the feed table has a row, enabled or not (a removed feed counts: the user
    chose the list, so the seed list must not come back)."""
    return bool(session.exec(select(func.count()).select_from(FeedRow)).one())


def _is_due(now: datetime) -> ColumnElement[bool]:
    return or_(col(FeedRow.next_poll_at).is_(None), col(FeedRow.next_poll_at) <= now)


def due_feeds(*, session: Session, now: datetime) -> list[FeedRow]:
    """Enabled feeds never polled or whose ``next_poll_at`` has come."""
    query = (
        select(FeedRow)
        .where(col(FeedRow.enabled), _is_due(now))
        .order_by(col(FeedRow.next_poll_at).asc().nulls_first(), col(FeedRow.id))
    )
    return list(session.exec(query))


def claim_due_feeds(
    *, session: Session, now: datetime, limit: int, lease_seconds: float
) -> list[FeedRow]:
    """Take up to ``limit`` due feeds (most overdue first; returned by id); no other worker
    gets them until ``now + lease_seconds`` (or until the fetch result sets ``next_poll_at``).

    PostgreSQL: one ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``, so
    concurrent claimers skip each other's rows instead of waiting for them. SQLite has no row
    locks: call it in a ``session_scope(engine, immediate=True)`` transaction, whose
    ``BEGIN IMMEDIATE`` makes claimers take turns. Commit promptly: the claim is the commit.
    """
    due = (
        select(col(FeedRow.id))
        .where(col(FeedRow.enabled), _is_due(now))
        .order_by(col(FeedRow.next_poll_at).asc().nulls_first(), col(FeedRow.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(FeedRow)
        .where(col(FeedRow.id).in_(due.scalar_subquery()))
        .values(next_poll_at=now + timedelta(seconds=lease_seconds))
        .returning(FeedRow)
        .execution_options(synchronize_session=False)
    )
    claimed = list(session.execute(claim).scalars())
    session.flush()
    log.debug("claimed %d due feeds until %s", len(claimed), now + timedelta(seconds=lease_seconds))
    return sorted(claimed, key=lambda row: row.id or 0)


def set_feed_validators(
    *, session: Session, feed_id: int, etag: str | None, last_modified: str | None
) -> None:
    """Store the validators of the last fully processed fetch; ``None`` drops one, so the next
    poll asks for the whole feed again (a story that failed gets another chance)."""
    row = session.get(FeedRow, feed_id)
    if row is None:
        raise LookupError(f"no feed {feed_id}")
    row.etag, row.last_modified = etag, last_modified
    session.add(row)
    session.flush()


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
