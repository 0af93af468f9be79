"""Candidate incidents (indexed, batch-loaded) and incident views on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from feeds.model import Category, Place, Role
from feeds.model.outcome import EventOutcome
from feeds.pipeline.alerts import store_outcome
from storage.db import session_scope
from storage.models import IncidentRow
from storage.queries import feeds as feed_queries
from storage.queries import incidents as incident_queries
from storage.queries import views as view_queries
from tests.helpers.builders import (
    ARMY_11,
    CDRAP_18,
    COUNT_DISPUTE,
    FEED,
    NOW,
    claim,
    event,
    outcome,
    story,
)

NIAFUNKE = (15.93, -3.99)


def _incident(session: Session, *, day: date, lat: float | None, lon: float | None,
              admin1: str | None = "Timbuktu", precision: str = "day") -> int:  # fmt: skip
    row = IncidentRow(
        event_type="attack", event_date=day, lat=lat, lon=lon, admin1=admin1,
        location="somewhere", first_seen=NOW, last_updated=NOW, date_precision=precision,
    )  # fmt: skip
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


def _near_niafunke(session: Session, **extra: Any) -> list[int]:
    found = incident_queries.candidate_incidents(
        session=session, day_from=date(2026, 11, 20), day_to=date(2026, 11, 24),
        lat=NIAFUNKE[0], lon=NIAFUNKE[1], radius_km=50, **extra,
    )  # fmt: skip
    return [incident.id for incident in found if incident.id is not None]


def test_candidates_within_radius_and_date_window(engine: Engine) -> None:
    with session_scope(engine) as session:
        close = _incident(session, day=date(2026, 11, 22), lat=16.05, lon=-4.10)  # ~18 km
        far = _incident(session, day=date(2026, 11, 22), lat=16.77, lon=-3.00)  # Timbuktu city
        corner = _incident(session, day=date(2026, 11, 22), lat=16.36, lon=-3.56)  # box corner
        too_old = _incident(session, day=date(2026, 11, 1), lat=15.93, lon=-3.99)
        region_only = _incident(session, day=date(2026, 11, 21), lat=None, lon=None)
        assert _near_niafunke(session) == [close]
        assert _near_niafunke(session, admin1="Timbuktu") == [close, region_only]
        assert _near_niafunke(session, admin1="Mopti") == [close]
    assert {far, corner, too_old}.isdisjoint({close, region_only})


def test_candidates_include_longer_periods_that_reach_the_window(engine: Engine) -> None:
    """The window is 20–24 Nov: an incident dated "in November" (month precision, stored as
    1 Nov) or "the week of 16 Nov" overlaps it; a day on 1 Nov or a week of 2 Nov does not."""
    with session_scope(engine) as session:
        month = _incident(session, day=date(2026, 11, 1), lat=16.0, lon=-4.0, precision="month")
        week = _incident(session, day=date(2026, 11, 16), lat=16.0, lon=-4.0, precision="week")
        old_week = _incident(session, day=date(2026, 11, 2), lat=16.0, lon=-4.0, precision="week")
        old_day = _incident(session, day=date(2026, 11, 1), lat=16.0, lon=-4.0)
        october = _incident(session, day=date(2026, 10, 1), lat=16.0, lon=-4.0, precision="month")
        found = _near_niafunke(session)
    assert found == [month, week]
    assert {old_week, old_day, october}.isdisjoint(found)


def test_candidates_by_region_and_claims_loaded(engine: Engine) -> None:
    planned = EventOutcome(event=event(CDRAP_18, ARMY_11), incident_id=None)
    with session_scope(engine) as session:
        saved = store_outcome(session=session, outcome=outcome(story(), planned))
        _incident(session, day=date(2026, 11, 22), lat=14.5, lon=-4.2, admin1="Mopti")
        found = incident_queries.candidate_incidents(
            session=session, day_from=date(2026, 11, 21), day_to=date(2026, 11, 23),
            admin1="Timbuktu",
        )  # fmt: skip
    assert [i.id for i in found] == list(saved.new_incident_ids)
    incident = found[0]
    assert [(c.claimant, c.count.low) for c in incident.claims] == [
        ("CDRAP", 18),
        ("Malian army", 11),
    ]
    assert incident.claims[0].story_url == "https://news.example.org/lerneb"
    assert incident.story_urls == ("https://news.example.org/lerneb",)
    assert incident.place is not None and incident.place.name == "50 km N of Lerneb"


def test_candidate_query_count_does_not_grow_with_incidents(engine: Engine) -> None:
    def queries_for(count: int) -> int:
        with session_scope(engine) as session:
            for i in range(count):
                saved = store_outcome(
                    session=session,
                    outcome=outcome(
                        story(f"n{count}-{i}"),
                        EventOutcome(event=event(claim("CDRAP", i + 1)), incident_id=None),
                    ),
                )
                assert saved.new_incident_ids
        with Session(engine) as session, _statements(engine) as seen:
            found = incident_queries.candidate_incidents(
                session=session, day_from=date(2026, 11, 21), day_to=date(2026, 11, 23),
                lat=16.3, lon=-4.9, radius_km=30,
            )  # fmt: skip
            assert all(i.claims for i in found)
        return len([s for s, _ in seen if s.lstrip().upper().startswith("SELECT")])

    assert queries_for(1) == queries_for(6)


def test_candidate_query_uses_an_index_on_sqlite(sqlite_engine: Engine) -> None:
    with _statements(sqlite_engine) as seen, Session(sqlite_engine) as session:
        incident_queries.candidate_incidents(
            session=session, day_from=date(2026, 11, 21), day_to=date(2026, 11, 23),
            lat=16.3, lon=-4.9, radius_km=30, admin1="Timbuktu",
        )  # fmt: skip
    statement, params = next((s, p) for s, p in seen if "FROM incident" in s)
    with sqlite_engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX" in details and "SCAN incident" not in details


def test_incident_view_has_claims_contradictions_stories_and_tallies(engine: Engine) -> None:
    with session_scope(engine) as session:
        feed = feed_queries.upsert_feed(session=session, url=FEED, now=NOW)
        first = store_outcome(
            session=session,
            outcome=outcome(
                story(),
                EventOutcome(event=event(CDRAP_18, ARMY_11), incident_id=None,
                             new_contradictions=(COUNT_DISPUTE,)),
                feed_id=feed.id,
            ),
        )  # fmt: skip
        incident_id = first.new_incident_ids[0]
        recall = claim("CDRAP", 18, role=Role.BACKGROUND)
        store_outcome(
            session=session,
            outcome=outcome(
                story("recall", published=datetime(2026, 11, 25, tzinfo=UTC)),
                EventOutcome(event=event(recall, role=Role.BACKGROUND), incident_id=incident_id),
                feed_id=feed.id,
            ),
        )
    with Session(engine) as session:
        view = view_queries.get_incident_view(session=session, incident_id=incident_id)
        assert view_queries.get_incident_view(session=session, incident_id=incident_id + 99) is None
    assert view is not None
    assert [(s.claim.claimant, s.claim.role) for s in view.claims] == [
        ("CDRAP", Role.MAIN), ("Malian army", Role.MAIN), ("CDRAP", Role.BACKGROUND),
    ]  # fmt: skip
    assert [(ref.role, ref.feed) for ref in view.stories] == [("main", FEED), ("background", FEED)]
    dispute = view.contradictions[0]
    assert dispute.contradiction.first.claimant == "CDRAP"
    assert dispute.first_claim_id == view.claims[0].id
    killed = next(t for t in view.tallies if t.category is Category.KILLED)
    assert (killed.low, killed.high, killed.conservative) == (11, None, 11)


def test_list_incident_views_filters(engine: Engine) -> None:
    with session_scope(engine) as session:
        _incident(session, day=date(2026, 11, 22), lat=None, lon=None, admin1="Timbuktu")
        mopti = _incident(session, day=date(2026, 11, 22), lat=None, lon=None, admin1="Mopti")
        row = session.get(IncidentRow, mopti)
        assert row is not None
        row.first_seen = row.last_updated = NOW + timedelta(hours=2)  # new since NOW + 1 h
        session.add(row)
    with Session(engine) as session:
        every = view_queries.list_incident_views(session=session)
        recent = view_queries.list_incident_views(session=session, since=NOW + timedelta(hours=1))
        region = view_queries.list_incident_views(session=session, region="mopti")
        one = view_queries.list_incident_views(session=session, limit=1)
    assert every[0].incident.id == mopti and len(every) == 2
    assert [v.incident.id for v in recent] == [mopti]
    assert [v.incident.id for v in region] == [mopti]
    assert [v.incident.id for v in one] == [mopti]


def test_place_of_incident_round_trips(engine: Engine) -> None:
    place = Place(name="Ber", admin1="Timbuktu", admin2="Timbuktu", lat=16.1, lon=-3.4)
    with session_scope(engine) as session:
        saved = store_outcome(
            session=session,
            outcome=outcome(story(), EventOutcome(event=event(place=place), incident_id=None)),
        )
        view = view_queries.get_incident_view(
            session=session, incident_id=saved.new_incident_ids[0]
        )
    assert view is not None and view.incident.place == place
