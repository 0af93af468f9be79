"""The candidate query's SQL filters and order (type, LIMIT by date gap and distance), on both
backends, and the pipeline's use of them (``feeds/pipeline/run.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from feeds.analysis.incidents import type_affinity
from feeds.model import EventType, Place, PlacePrecision
from feeds.pipeline import run as pipeline
from storage.db import session_scope
from storage.models import IncidentRow
from storage.queries import incidents as incident_queries
from tests.helpers.builders import NOW, event

NIAFUNKE = (15.93, -3.99)
WINDOW = {"day_from": date(2026, 11, 19), "day_to": date(2026, 11, 25)}


def _incident(session: Session, *, day: date, lat: float | None, lon: float | None,
              kind: str = "attack", location: str = "somewhere") -> int:  # fmt: skip
    row = IncidentRow(
        event_type=kind, event_date=day, lat=lat, lon=lon, admin1="Timbuktu",
        location=location, first_seen=NOW, last_updated=NOW,
    )  # fmt: skip
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def _near(session: Session, **extra: Any) -> list[int]:
    found = incident_queries.candidate_incidents(
        session=session, **WINDOW, lat=NIAFUNKE[0], lon=NIAFUNKE[1], radius_km=150,
        day=date(2026, 11, 22), **extra,
    )  # fmt: skip
    return [incident.id for incident in found if incident.id is not None]


def test_the_limit_keeps_the_smallest_date_gap_then_the_nearest(engine: Engine) -> None:
    with session_scope(engine) as session:
        same_day_far = _incident(session, day=date(2026, 11, 22), lat=16.6, lon=-3.99)  # ~75 km
        same_day_near = _incident(session, day=date(2026, 11, 22), lat=15.95, lon=-3.99)
        day_after = _incident(session, day=date(2026, 11, 23), lat=15.93, lon=-3.99)
        three_days = _incident(session, day=date(2026, 11, 25), lat=15.93, lon=-3.99)
        assert _near(session, limit=1) == [same_day_near]
        assert _near(session, limit=2) == sorted([same_day_near, same_day_far])
        assert _near(session, limit=3) == sorted([same_day_near, same_day_far, day_after])
        assert _near(session) == sorted([same_day_near, same_day_far, day_after, three_days])


def test_a_longer_period_competes_for_the_limit_with_its_first_day(engine: Engine) -> None:
    with session_scope(engine) as session:
        week = IncidentRow(
            event_type="attack", event_date=date(2026, 11, 16), date_precision="week",
            lat=15.93, lon=-3.99, admin1="Timbuktu", first_seen=NOW, last_updated=NOW,
        )  # fmt: skip
        session.add(week)
        session.flush()
        close = _incident(session, day=date(2026, 11, 21), lat=15.93, lon=-3.99)
        assert _near(session, limit=1) == [close]  # 1 day from the 22nd; the week began 6 before
        assert _near(session, limit=2) == sorted([close, week.id])  # type: ignore[list-item]


def test_claims_are_loaded_only_for_the_candidates_kept(engine: Engine) -> None:
    with session_scope(engine) as session:
        kept = _incident(session, day=date(2026, 11, 22), lat=15.93, lon=-3.99)
        dropped = _incident(session, day=date(2026, 11, 24), lat=15.93, lon=-3.99)
    claim_reads: list[Any] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM claim" in statement:
            claim_reads.append(params)

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        with Session(engine) as session:
            assert _near(session, limit=1) == [kept]
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    assert len(claim_reads) == 1
    assert dropped not in _flat(claim_reads[0]) and kept in _flat(claim_reads[0])


def _flat(params: Any) -> list[Any]:
    values = params.values() if isinstance(params, dict) else params
    flat: list[Any] = []
    for value in values:
        flat.extend(value if isinstance(value, list | tuple) else [value])
    return flat


def test_the_type_filter_keeps_other_types_only_close_by_or_of_the_same_name(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        same_far = _incident(session, day=date(2026, 11, 22), lat=16.6, lon=-3.99)
        other_far = _incident(
            session, day=date(2026, 11, 22), lat=16.6, lon=-3.99, kind="abduction"
        )
        other_close = _incident(session, day=date(2026, 11, 22), lat=15.95, lon=-3.99,
                                kind="abduction")  # fmt: skip
        other_named = _incident(session, day=date(2026, 11, 22), lat=16.7, lon=-3.99,
                                kind="abduction", location="Niafunke")  # fmt: skip
        found = _near(session, types={"attack"}, any_type_within_km=50, any_type_named="Niafunke")
    assert found == sorted([same_far, other_close, other_named])
    assert other_far not in found


def test_compatible_types_are_asked_of_the_analysis() -> None:
    for kind in EventType:
        types = pipeline.compatible_types(event(event_type=kind))
        allowed = {t.value for t in EventType} if types is None else types
        assert {t.value for t in EventType if type_affinity(kind, t) > 0} <= allowed
    airstrike = pipeline.compatible_types(event(event_type=EventType.AIRSTRIKE))
    assert airstrike is not None and EventType.ABDUCTION.value not in airstrike
    # executions match an attack on civilians, whose claims SQL does not see: kept
    executions = pipeline.compatible_types(event(event_type=EventType.EXECUTION))
    assert executions is None or EventType.ATTACK.value in executions


def test_the_pipeline_uses_the_analysis_window_and_never_its_own(
    engine: Engine, monkeypatch: Any
) -> None:
    """The candidate search follows ``candidate_window`` whatever it returns."""
    with session_scope(engine) as session:
        far_back = _incident(session, day=date(2026, 1, 5), lat=15.93, lon=-3.99)
    monkeypatch.setattr(
        pipeline, "candidate_window", lambda _e: (date(2026, 1, 1), date(2026, 1, 9))
    )
    place = Place(name="Niafunke", lat=15.93, lon=-3.99, precision=PlacePrecision.LOCALITY)
    report = event(place=place, day=date(2026, 11, 22))
    with Session(engine) as session:
        found = pipeline._candidates_from(session, wire_incident=None)(report)
    assert [incident.id for incident in found] == [far_back]
    assert pipeline.search_area(report).day_from == date(2026, 1, 1)


def test_the_look_back_for_longer_periods_reads_only_their_partial_index(
    sqlite_engine: Engine,
) -> None:
    """Weeks, months and years that began before the window: ix_incident_long_period holds
    only them, so the year-long look-back does not read a year of every incident."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM incident" in statement:
            seen.append((statement, params))

    sa_event.listen(sqlite_engine, "before_cursor_execute", record)
    try:
        with Session(sqlite_engine) as session:
            _near(session, limit=8, types={"attack"}, any_type_within_km=50)
    finally:
        sa_event.remove(sqlite_engine, "before_cursor_execute", record)
    assert len(seen) == 4  # the window, then a week, a month and a year back
    with sqlite_engine.connect() as connection:
        plans = [
            " ".join(str(r[-1]) for r in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {s}", p))
            for s, p in seen
        ]
    assert "ix_incident_date_place" in plans[0]
    for look_back in plans[1:]:  # no statistics needed (SQLite has none unless ANALYZEd)
        assert "ix_incident_long_period" in look_back and "SCAN incident" not in look_back
