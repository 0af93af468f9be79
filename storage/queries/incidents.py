"""Incidents as domain values: indexed candidate lookup for matching, claims, recent ones.

``candidate_incidents`` never scans the table: it filters on the event date range and either a
bounding box around a point (``ix_incident_date_place``) or a region (``ix_incident_admin1_date``),
then keeps the bounding-box hits within the radius, and loads the candidates' claims and story
URLs in two batch queries. With a ``limit``, type filters and the ordering by date gap and
distance also run in SQL, so that only the few best candidates are read and get their claims.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from feeds.model import Claim, DatePrecision, EventDate, Incident, Place
from feeds.model.calendar import period_end
from feeds.model.geo import distance_km
from storage.models import (
    INCIDENT_LONGER_PERIOD,
    ClaimRow,
    IncidentRow,
    StoryIncidentRow,
    StoryRow,
)
from storage.queries._convert import claim_from_row, incident_from_row

KM_PER_DEGREE_LAT = 111.32


CANDIDATE_LIMIT = 8  # candidates kept per event: the best by date gap, then distance


def candidate_incidents(
    *,
    session: Session,
    day_from: date,
    day_to: date,
    admin1: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    radius_km: float | None = None,
    day: date | None = None,
    types: Collection[str] | None = None,
    any_type_within_km: float | None = None,
    any_type_named: str | None = None,
    limit: int | None = None,
) -> list[Incident]:
    """Incidents whose period overlaps [day_from, day_to] near a point (within ``radius_km``)
    or in a region; with a point and a region, also the region's incidents with no coordinates.

    An incident dated to a week, month or year covers more than its first day: one that began
    before ``day_from`` is still a candidate while its period reaches into the window.

    The filters run in SQL. ``types``: only incidents of these types, except within
    ``any_type_within_km`` of the point or named ``any_type_named``, where any type is kept
    (two outlets may type one event differently). ``limit``: only the best that many, by date
    gap to ``day`` (default: the window's first day) and then distance, found by the database
    (``ORDER BY … LIMIT``); their claims are then loaded, for them alone. In id order."""
    near = lat is not None and lon is not None and radius_km is not None
    where: list[ColumnElement[bool]] = []
    if near:
        where.append(_bounding_box(lat, lon, radius_km))  # type: ignore[arg-type]
        if admin1:
            where.append(and_(col(IncidentRow.lat).is_(None), col(IncidentRow.admin1) == admin1))
    elif admin1:
        where.append(col(IncidentRow.admin1) == admin1)
    place_filter = or_(*where) if where else None
    type_filter = _type_filter(
        types, lat, lon, any_type_within_km if near else None, any_type_named
    )
    order = _order(session, day or day_from, lat if near else None, lon if near else None)
    rows = _dated(session, day_from, day_to, place_filter, type_filter, order=order, limit=limit)
    # Longer periods (week, month, year) that began before the window may still reach into it:
    # one short range of ix_incident_long_period (precision, first day) per precision.
    before = day_from - timedelta(days=1)
    for kind, reach in _REACH_DAYS.items():
        first = day_from - timedelta(days=reach)
        filters = (place_filter, type_filter, _longer(kind))
        rows += _dated(session, first, before, *filters, order=order, limit=limit)
    rows = [row for row in rows if _period_end(row) >= day_from]
    if near:
        rows = [row for row in rows if _within(row, lat, lon, radius_km)]  # type: ignore[arg-type]
    if limit is not None:
        rows.sort(key=lambda row: _rank(row, day or day_from, lat, lon))
        rows = rows[:limit]
    rows.sort(key=lambda row: row.id or 0)
    return incidents_with_claims(session=session, rows=rows)


# How far back an incident of each longer precision may begin and still reach a given day.
_REACH_DAYS = {DatePrecision.WEEK: 7, DatePrecision.MONTH: 31, DatePrecision.YEAR: 366}


def _longer(kind: DatePrecision) -> ColumnElement[bool]:
    """Incidents of that precision; the partial index's own predicate repeated word for word,
    so that SQLite (which matches partial indexes textually) may use it."""
    return and_(text(INCIDENT_LONGER_PERIOD), col(IncidentRow.date_precision) == kind.value)


def _type_filter(
    types: Collection[str] | None,
    lat: float | None,
    lon: float | None,
    within_km: float | None,
    named: str | None,
) -> ColumnElement[bool] | None:
    if types is None:
        return None
    kept: list[ColumnElement[bool]] = [col(IncidentRow.event_type).in_(sorted(types))]
    if within_km is not None and lat is not None and lon is not None:
        kept.append(_bounding_box(lat, lon, within_km))
    if named:
        kept.append(col(IncidentRow.location) == named)
    return or_(*kept)


def _order(
    session: Session, day: date, lat: float | None, lon: float | None
) -> list[ColumnElement[Any]]:
    """Date gap (days from ``day``), then squared equirectangular distance, then id."""
    first = col(IncidentRow.event_date)
    if session.get_bind().dialect.name == "postgresql":
        gap: ColumnElement[Any] = func.abs(first - day)
    else:
        gap = func.abs(func.julianday(first) - func.julianday(day.isoformat()))
    order = [gap]
    if lat is not None and lon is not None:
        scale = max(math.cos(math.radians(lat)), 0.01)
        north = col(IncidentRow.lat) - lat
        east = (col(IncidentRow.lon) - lon) * scale
        order.append(func.coalesce(north * north + east * east, 1e9))
    order.append(col(IncidentRow.id))  # type: ignore[arg-type]
    return order


def _rank(row: IncidentRow, day: date, lat: float | None, lon: float | None) -> tuple[float, ...]:
    """The SQL order, in Python, to merge the two queries' answers."""
    gap = abs((row.event_date - day).days)
    if lat is None or lon is None or row.lat is None or row.lon is None:
        return (gap, math.inf, row.id or 0)
    scale = max(math.cos(math.radians(lat)), 0.01)
    return (gap, (row.lat - lat) ** 2 + ((row.lon - lon) * scale) ** 2, row.id or 0)


def _dated(
    session: Session,
    first: date,
    last: date,
    *filters: ColumnElement[bool] | None,
    order: Sequence[ColumnElement[Any]] = (),
    limit: int | None = None,
) -> list[IncidentRow]:
    """Incidents whose first day is in [first, last]: one range scan of a date-led index."""
    query = select(IncidentRow).where(
        col(IncidentRow.event_date) >= first, col(IncidentRow.event_date) <= last
    )
    for condition in filters:
        if condition is not None:
            query = query.where(condition)
    if limit is not None:
        query = query.order_by(*order).limit(limit)
    return list(session.exec(query))


def _period_end(row: IncidentRow) -> date:
    try:
        precision = DatePrecision(row.date_precision)
    except ValueError:
        precision = DatePrecision.DAY
    return period_end(EventDate(day=row.event_date, precision=precision))


def _bounding_box(lat: float, lon: float, radius_km: float) -> ColumnElement[bool]:
    lat_delta = radius_km / KM_PER_DEGREE_LAT
    lon_delta = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return and_(
        col(IncidentRow.lat).between(lat - lat_delta, lat + lat_delta),
        col(IncidentRow.lon).between(lon - lon_delta, lon + lon_delta),
    )


def _within(row: IncidentRow, lat: float, lon: float, radius_km: float) -> bool:
    """Within the radius by the analysis's own great-circle distance (one formula for both)."""
    distance = distance_km(
        Place(name="", lat=lat, lon=lon), Place(name="", lat=row.lat, lon=row.lon)
    )
    return distance is None or distance <= radius_km  # no point: admitted by region


def incidents_with_claims(*, session: Session, rows: Sequence[IncidentRow]) -> list[Incident]:
    """Domain incidents for rows, their claims and story URLs loaded in one query each."""
    ids = [row.id for row in rows if row.id is not None]
    claims = claims_by_incident(session=session, incident_ids=ids)
    urls = story_urls_by_incident(session=session, incident_ids=ids)
    return [
        incident_from_row(
            row,
            claims=tuple(claims.get(row.id, ())),  # type: ignore[arg-type]
            story_urls=tuple(urls.get(row.id, ())),  # type: ignore[arg-type]
        )
        for row in rows
    ]


def claims_by_incident(*, session: Session, incident_ids: Sequence[int]) -> dict[int, list[Claim]]:
    """Claims of many incidents in the order their stories were published (a claimant's
    latest figure comes last), each with its story URL."""
    if not incident_ids:
        return {}
    query = (
        select(ClaimRow, col(StoryRow.url))
        .join(StoryRow, col(StoryRow.id) == col(ClaimRow.story_id))
        .where(col(ClaimRow.incident_id).in_(incident_ids))
        .order_by(col(StoryRow.published), col(ClaimRow.id))
    )
    found: dict[int, list[Claim]] = defaultdict(list)
    for claim, url in session.exec(query):
        found[claim.incident_id].append(claim_from_row(claim, story_url=url))  # type: ignore[index]
    return found


def story_urls_by_incident(
    *, session: Session, incident_ids: Sequence[int]
) -> dict[int, list[str]]:
    if not incident_ids:
        return {}
    query = (
        select(col(StoryIncidentRow.incident_id), col(StoryRow.url))
        .join(StoryRow, col(StoryRow.id) == col(StoryIncidentRow.story_id))
        .where(col(StoryIncidentRow.incident_id).in_(incident_ids))
        .order_by(col(StoryRow.published), col(StoryRow.id))
    )
    found: dict[int, list[str]] = defaultdict(list)
    for incident_id, url in session.exec(query):
        found[incident_id].append(url)
    return found


def incident_claims(*, session: Session, incident_id: int) -> list[Claim]:
    return claims_by_incident(session=session, incident_ids=[incident_id]).get(incident_id, [])


def incidents_since(*, session: Session, since: datetime) -> list[Incident]:
    """Incidents first seen at or after ``since`` (for /status and the digest), oldest first.

    An incident known only from an ACLED import is not news: it counts once a story joins it."""
    reported = select(StoryIncidentRow.incident_id).where(
        col(StoryIncidentRow.incident_id) == col(IncidentRow.id)
    )
    query = (
        select(IncidentRow)
        .where(col(IncidentRow.first_seen) >= since)
        .where(or_(col(IncidentRow.acled_id).is_(None), reported.exists()))
        .order_by(col(IncidentRow.first_seen), col(IncidentRow.id))
    )
    return incidents_with_claims(session=session, rows=list(session.exec(query)))
