"""Incident views: an incident with its claims, contradictions, stories and tallies, read in a
fixed number of queries for any number of incidents (cards, /incident, digest, export)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlmodel import Session, col, select

from feeds.model import (
    Category,
    Contradiction,
    ContradictionKind,
)
from feeds.model.outcome import IncidentView, StoredClaim, StoredContradiction, StoryRef
from feeds.model.tally import tally
from storage.models import (
    ClaimRow,
    ContradictionRow,
    FeedRow,
    IncidentRow,
    StoryIncidentRow,
    StoryRow,
)
from storage.queries._convert import claim_from_row, incident_from_row
from storage.queries.corrections import corrections_by_incident

log = logging.getLogger(__name__)


def get_incident_view(*, session: Session, incident_id: int) -> IncidentView | None:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        return None
    return build_views(session=session, rows=[row])[0]


def list_incident_views(
    *,
    session: Session,
    since: datetime | None = None,
    region: str | None = None,
    limit: int | None = None,
    regions: Sequence[str] | None = None,
    event_since: date | None = None,
) -> list[IncidentView]:
    """Incidents with news since ``since`` (all when None; see :func:`news_since`), in a region
    (admin1, any case) or in any of ``regions`` (admin1 values as stored), most recently
    updated first; with ``event_since``, the incidents whose event happened on or after that
    day, the latest event first. An incident merged into another is left out."""
    query = select(IncidentRow).where(col(IncidentRow.merged_into).is_(None))
    if since is not None:
        query = query.where(news_since(since))
    if region:
        query = query.where(func.lower(IncidentRow.admin1) == region.strip().lower())
    if regions is not None:
        query = query.where(col(IncidentRow.admin1).in_(list(regions)))
    if event_since is not None:
        query = query.where(col(IncidentRow.event_date) >= event_since).order_by(
            col(IncidentRow.event_date).desc()
        )
    query = query.order_by(col(IncidentRow.last_updated).desc(), col(IncidentRow.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return build_views(session=session, rows=list(session.exec(query)))


def news_since(since: datetime) -> ColumnElement[bool]:
    """Incidents a reader of "since ``since``" wants: a story linked to it was fetched or
    published in the period, or it was first seen in the period. An incident known only from
    an ACLED import is no news however recently imported (its times are the event date's):
    it comes in once a story joins it."""
    story_in_period = exists().where(
        col(StoryIncidentRow.incident_id) == col(IncidentRow.id),
        col(StoryRow.id) == col(StoryIncidentRow.story_id),
        or_(col(StoryRow.fetched) >= since, col(StoryRow.published) >= since),
    )
    has_story = exists().where(col(StoryIncidentRow.incident_id) == col(IncidentRow.id))
    not_acled_only = or_(col(IncidentRow.acled_id).is_(None), has_story)
    return or_(story_in_period, and_(col(IncidentRow.first_seen) >= since, not_acled_only))


def build_views(*, session: Session, rows: Sequence[IncidentRow]) -> list[IncidentView]:
    ids = [row.id for row in rows if row.id is not None]
    claims = _stored_claims(session, ids)
    contradictions = _stored_contradictions(session, ids, claims)
    stories = _story_refs(session, ids)
    corrections = corrections_by_incident(session=session, incident_ids=ids)
    views = []
    for row in rows:
        incident_claims = claims.get(row.id, [])  # type: ignore[arg-type]
        refs = stories.get(row.id, [])  # type: ignore[arg-type]
        incident = incident_from_row(
            row,
            claims=tuple(stored.claim for stored in incident_claims),
            story_urls=tuple(ref.url for ref in refs),
        )
        views.append(
            IncidentView(
                incident=incident,
                claims=tuple(incident_claims),
                contradictions=tuple(contradictions.get(row.id, [])),  # type: ignore[arg-type]
                stories=tuple(refs),
                tallies=tuple(tally(incident.claims)),
                corrections=tuple(corrections.get(row.id, [])),  # type: ignore[arg-type]
                merged_into=row.merged_into,
            )
        )
    return views


def _stored_claims(session: Session, ids: list[int]) -> dict[int, list[StoredClaim]]:
    if not ids:
        return {}
    query = (
        select(ClaimRow, col(StoryRow.url))
        .join(StoryRow, col(StoryRow.id) == col(ClaimRow.story_id))
        .where(col(ClaimRow.incident_id).in_(ids))
        .order_by(col(StoryRow.published), col(ClaimRow.id))
    )
    found: dict[int, list[StoredClaim]] = defaultdict(list)
    for row, url in session.exec(query):
        stored = StoredClaim(
            id=row.id,  # type: ignore[arg-type]
            claim=claim_from_row(row, story_url=url),
            story_id=row.story_id,
        )
        found[row.incident_id].append(stored)  # type: ignore[index]
    return found


def _stored_contradictions(
    session: Session, ids: list[int], claims: dict[int, list[StoredClaim]]
) -> dict[int, list[StoredContradiction]]:
    if not ids:
        return {}
    by_id = {stored.id: stored.claim for group in claims.values() for stored in group}
    query = (
        select(ContradictionRow)
        .where(col(ContradictionRow.incident_id).in_(ids))
        .order_by(col(ContradictionRow.id))
    )
    found: dict[int, list[StoredContradiction]] = defaultdict(list)
    for row in session.exec(query):
        first, second = by_id.get(row.first_claim_id), by_id.get(row.second_claim_id)
        if first is None or second is None:
            log.warning("contradiction %s refers to a claim of another incident", row.id)
            continue
        contradiction = Contradiction(
            kind=ContradictionKind(row.kind),
            category=Category(row.category),
            first=first,
            second=second,
            summary=row.summary,
        )
        found[row.incident_id].append(
            StoredContradiction(
                id=row.id,  # type: ignore[arg-type]
                contradiction=contradiction,
                first_claim_id=row.first_claim_id,
                second_claim_id=row.second_claim_id,
            )
        )
    return found


def _story_refs(session: Session, ids: list[int]) -> dict[int, list[StoryRef]]:
    if not ids:
        return {}
    query = (
        select(StoryIncidentRow, StoryRow, col(FeedRow.url))
        .join(StoryRow, col(StoryRow.id) == col(StoryIncidentRow.story_id))
        .outerjoin(FeedRow, col(FeedRow.id) == col(StoryRow.feed_id))
        .where(col(StoryIncidentRow.incident_id).in_(ids))
        .order_by(col(StoryRow.published), col(StoryRow.id))
    )
    found: dict[int, list[StoryRef]] = defaultdict(list)
    for link, story, feed_url in session.exec(query):
        found[link.incident_id].append(
            StoryRef(
                id=story.id,  # type: ignore[arg-type]
                url=story.url,
                title=story.title,
                published=story.published,
                feed=feed_url or "",
                syndicated_copy_of=story.syndicated_copy_of,
                role=link.role,
            )
        )
    return found


def stored_regions(*, session: Session) -> list[str]:
    """Every region (admin1) an incident is in, as stored."""
    query = select(IncidentRow.admin1).where(col(IncidentRow.admin1).is_not(None)).distinct()
    return sorted(str(value) for value in session.exec(query) if value)
