""" "Since" views (digest, /summary, `incidents --since`): news in the period, not imports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from feeds.model.outcome import EventOutcome
from feeds.pipeline.alerts import store_outcome
from storage.db import session_scope
from storage.io import acled
from storage.models import IncidentRow
from storage.queries import views as view_queries
from tests.helpers.builders import CDRAP_18, NOW, event, outcome, story

ACLED_CSV = (
    "event_id_cnty,event_date,event_type,sub_event_type,country,admin1,location,"
    "latitude,longitude,fatalities\n"
    "MLI1,2026-11-22,Explosions/Remote violence,Air/drone strike,Mali,Timbuktu,Lerneb,"
    "16.3,-4.9,18\n"
    "MLI2,2025-03-01,Battles,Armed clash,Mali,Gao,Gao,16.27,-0.04,3\n"
)
DAY_START = datetime(2026, 11, 24, tzinfo=UTC)


def import_acled(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(ACLED_CSV, encoding="utf-8")
    with session_scope(engine) as session:
        assert acled.import_acled_csv(session=session, path=path) == 2


def since_ids(engine: Engine, since: datetime) -> list[int]:
    with Session(engine) as session:
        views = view_queries.list_incident_views(session=session, since=since)
    return [view.incident.id for view in views if view.incident.id is not None]


def acled_row(engine: Engine, acled_id: str) -> IncidentRow:
    with Session(engine) as session:
        return session.exec(select(IncidentRow).where(col(IncidentRow.acled_id) == acled_id)).one()


def test_an_acled_import_is_no_news(engine: Engine, tmp_path: Path) -> None:
    import_acled(engine, tmp_path)
    assert since_ids(engine, DAY_START) == []
    assert since_ids(engine, datetime(2026, 11, 1, tzinfo=UTC)) == []  # even its event date
    row = acled_row(engine, "MLI1")
    assert row.first_seen == row.last_updated == datetime(2026, 11, 22, tzinfo=UTC)


def test_an_acled_incident_a_story_joined_is_news(engine: Engine, tmp_path: Path) -> None:
    import_acled(engine, tmp_path)
    incident_id = acled_row(engine, "MLI1").id
    with session_scope(engine) as session:
        store_outcome(
            session=session,
            outcome=outcome(story(), EventOutcome(event=event(CDRAP_18), incident_id=incident_id)),
        )
    assert since_ids(engine, DAY_START) == [incident_id]
    assert since_ids(engine, DAY_START + timedelta(hours=7)) == []  # story fetched 06:05


def test_reimport_keeps_a_story_linked_incident_last_update(engine: Engine, tmp_path: Path) -> None:
    import_acled(engine, tmp_path)
    incident_id = acled_row(engine, "MLI1").id
    with session_scope(engine) as session:
        row = session.get(IncidentRow, incident_id)
        assert row is not None
        row.last_updated = NOW
        session.add(row)
    import_acled(engine, tmp_path)
    assert acled_row(engine, "MLI1").last_updated == NOW


def test_a_story_joining_an_old_incident_brings_it_into_the_period(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = store_outcome(
            session=session,
            outcome=outcome(
                story("old", fetched=NOW - timedelta(days=3), published=NOW - timedelta(days=3)),
                EventOutcome(event=event(CDRAP_18, day=date(2026, 11, 20)), incident_id=None),
            ),
        )
        (incident_id,) = first.new_incident_ids
        row = session.get(IncidentRow, incident_id)
        assert row is not None
        row.first_seen = row.last_updated = NOW - timedelta(days=3)
        session.add(row)
    since = NOW - timedelta(days=1)
    assert since_ids(engine, since) == []
    with session_scope(engine) as session:
        store_outcome(
            session=session,
            outcome=outcome(
                story("follow-up"),
                EventOutcome(event=event(CDRAP_18), incident_id=incident_id),
            ),
        )
    assert since_ids(engine, since) == [incident_id]
