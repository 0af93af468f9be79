"""Rows ↔ domain values (``feeds.model``), shared by the query modules and the export."""

from __future__ import annotations

from datetime import datetime

from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    DatePrecision,
    EventDate,
    EventReport,
    EventType,
    Incident,
    Place,
    PlacePrecision,
    Qualifier,
    Role,
    VictimKind,
)
from storage.models import ClaimRow, IncidentRow

# Smaller is finer: an incident's date or place is replaced only by a finer one.
DATE_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.WEEK: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}
PLACE_RANK = {
    PlacePrecision.LOCALITY: 0,
    PlacePrecision.OFFSET: 0,
    PlacePrecision.CERCLE: 1,
    PlacePrecision.REGION: 2,
    PlacePrecision.COUNTRY: 3,
}


def claim_from_row(row: ClaimRow, *, story_url: str = "") -> Claim:
    return Claim(
        claimant=row.claimant,
        category=Category(row.category),
        count=CasualtyCount(
            low=row.low, high=row.high, qualifier=Qualifier(row.qualifier), wording=row.wording
        ),
        victims=VictimKind(row.victims),
        victims_detail=row.victims_detail,
        scope=row.scope,
        role=Role(row.role),
        sentence=row.sentence or "",
        story_url=story_url,
        perpetrator=row.perpetrator,
    )


def claim_row(claim: Claim, *, story_id: int, incident_id: int | None, now: datetime) -> ClaimRow:
    return ClaimRow(
        story_id=story_id,
        incident_id=incident_id,
        claimant=claim.claimant,
        category=claim.category.value,
        low=claim.count.low,
        high=claim.count.high,
        qualifier=claim.count.qualifier.value,
        wording=claim.count.wording,
        victims=claim.victims.value,
        victims_detail=claim.victims_detail,
        scope=claim.scope,
        role=claim.role.value,
        sentence=claim.sentence,
        perpetrator=claim.perpetrator,
        created_at=now,
    )


def place_from_row(row: IncidentRow) -> Place | None:
    if row.location is None and row.admin1 is None and row.lat is None:
        return None
    return Place(
        name=row.location or row.admin1 or "",
        admin1=row.admin1,
        lat=row.lat,
        lon=row.lon,
        precision=PlacePrecision(row.place_precision or PlacePrecision.LOCALITY.value),
        admin2=row.admin2,
    )


def incident_from_row(
    row: IncidentRow, *, claims: tuple[Claim, ...] = (), story_urls: tuple[str, ...] = ()
) -> Incident:
    if row.id is None:
        raise ValueError("incident row has no id: flush it first")
    return Incident(
        id=row.id,
        event_type=EventType(row.event_type),
        place=place_from_row(row),
        date=EventDate(day=row.event_date, precision=DatePrecision(row.date_precision)),
        claims=claims,
        first_seen=row.first_seen,
        last_updated=row.last_updated,
        story_urls=story_urls,
        acled_id=row.acled_id,
        summary=row.summary,
    )


def new_incident_row(event: EventReport, *, fallback_day: datetime, now: datetime) -> IncidentRow:
    """An incident opened by an event; a missing date falls back to the story's day."""
    when = event.date or EventDate(day=fallback_day.date(), precision=DatePrecision.DAY)
    row = IncidentRow(
        event_type=event.event_type.value,
        summary=event.summary,
        event_date=when.day,
        date_precision=when.precision.value,
        first_seen=now,
        last_updated=now,
    )
    if event.place is not None:
        set_place(row, event.place)
    return row


def set_place(row: IncidentRow, place: Place) -> None:
    row.location = place.name
    row.admin1 = place.admin1
    row.admin2 = place.admin2
    row.lat = place.lat
    row.lon = place.lon
    row.place_precision = place.precision.value


def refine_incident(row: IncidentRow, event: EventReport, *, now: datetime) -> None:
    """Touch an incident a new story joins: keep the more precise date and place."""
    row.last_updated = now
    if event.date is not None and is_finer_date(event.date, row):
        row.event_date = event.date.day
        row.date_precision = event.date.precision.value
    if event.place is not None and is_finer_place(event.place, row):
        set_place(row, event.place)


def is_finer_date(when: EventDate, row: IncidentRow) -> bool:
    return DATE_RANK[when.precision] < DATE_RANK[DatePrecision(row.date_precision)]


def is_finer_place(place: Place, row: IncidentRow) -> bool:
    """A finer precision wins; at equal precision, a place with a point beats one without."""
    if row.place_precision is None:
        return True
    new_rank = PLACE_RANK[place.precision]
    stored_rank = PLACE_RANK[PlacePrecision(row.place_precision)]
    gains_point = row.lat is None and place.lat is not None
    return new_rank < stored_rank or (new_rank == stored_rank and gains_point)
