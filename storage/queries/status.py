"""What /status and the digest report: polling runs, the outbox queue, feed health."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from feeds.model import AlertStatus
from storage.models import AlertRow, FeedRow, PollRunRow, StoryIncidentRow, StoryRow


def record_poll_run(*, session: Session, run: PollRunRow) -> PollRunRow:
    session.add(run)
    session.flush()
    return run


def last_poll_run(*, session: Session) -> PollRunRow | None:
    query = select(PollRunRow).order_by(
        col(PollRunRow.started_at).desc(), col(PollRunRow.id).desc()
    )
    return session.exec(query).first()


def queue_depth(*, session: Session) -> int:
    """Alerts waiting to be delivered (pending, or leased and not yet sent)."""
    waiting = (AlertStatus.PENDING.value, AlertStatus.SENDING.value)
    query = select(func.count()).select_from(AlertRow).where(col(AlertRow.status).in_(waiting))
    return int(session.exec(query).one())


def failing_feeds(*, session: Session) -> list[FeedRow]:
    """Enabled feeds whose last fetches failed, worst first."""
    query = (
        select(FeedRow)
        .where(col(FeedRow.enabled), col(FeedRow.consecutive_failures) > 0)
        .order_by(col(FeedRow.consecutive_failures).desc(), col(FeedRow.id))
    )
    return list(session.exec(query))


def failed_alert_count(*, session: Session, since: datetime | None = None) -> int:
    """Alerts given up on (permanent errors), optionally created since ``since``."""
    query = (
        select(func.count())
        .select_from(AlertRow)
        .where(col(AlertRow.status) == AlertStatus.FAILED.value)
    )
    if since is not None:
        query = query.where(col(AlertRow.created_at) >= since)
    return int(session.exec(query).one())


def story_counts_since(*, session: Session, since: datetime) -> tuple[int, int]:
    """(stories stored, relevant stories) fetched since ``since``."""
    query = select(func.count(), func.count().filter(col(StoryRow.relevant))).where(
        col(StoryRow.fetched) >= since
    )
    total, relevant = session.exec(query).one()
    return int(total), int(relevant)


def other_story_count(*, session: Session, since: datetime) -> int:
    """Relevant stories fetched since ``since`` that joined no incident (plain Mali news)."""
    linked = select(col(StoryIncidentRow.story_id)).where(
        col(StoryIncidentRow.story_id) == col(StoryRow.id)
    )
    query = select(func.count()).where(
        col(StoryRow.relevant), col(StoryRow.fetched) >= since, ~linked.exists()
    )
    return int(session.exec(query).one())
