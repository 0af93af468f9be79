"""Which relevant stories raise a "relevant story" alert: only those reporting violence that
no incident could take. Plain Mali news is stored and counted, never alerted one by one."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from feeds.model import AlertKind, Role
from feeds.model.outcome import EventOutcome
from feeds.pipeline.alerts import AlertPolicy, store_outcome
from storage.db import session_scope
from storage.models import AlertRow, StoryRow
from tests.helpers.builders import CDRAP_18, claim, event, outcome, story


def _alert_kinds(engine: Engine, story_id: int) -> list[str]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(AlertRow).where(AlertRow.story_id == story_id).order_by(AlertRow.id)
        )
        return [row.kind for row in rows]


def test_relevant_news_without_an_event_is_stored_but_not_alerted(engine: Engine) -> None:
    harvest = story("cotton", text="Cotton growers in Sikasso, Mali expect a record harvest.")
    with session_scope(engine) as session:
        saved = store_outcome(session=session, outcome=outcome(harvest))
        stored = session.get(StoryRow, saved.story_id)
        assert stored is not None and stored.relevant
    assert saved.alert_ids == ()
    assert _alert_kinds(engine, saved.story_id) == []


def test_violence_no_incident_could_take_is_a_relevant_story_alert(engine: Engine) -> None:
    recalled = event(
        claim("CDRAP", 24, role=Role.BACKGROUND), role=Role.BACKGROUND, summary="Older massacre"
    )
    planned = EventOutcome(event=recalled, incident_id=None, open_incident=False)
    wanted = AlertPolicy(kinds=frozenset({AlertKind.RELEVANT_STORY}))
    with session_scope(engine) as session:
        saved = store_outcome(
            session=session, outcome=outcome(story("recall"), planned), policy=wanted
        )
    assert saved.incident_ids == ()
    assert _alert_kinds(engine, saved.story_id) == [AlertKind.RELEVANT_STORY.value]


def test_violence_that_opens_an_incident_raises_no_relevant_story_alert(engine: Engine) -> None:
    planned = EventOutcome(event=event(CDRAP_18), incident_id=None)
    with session_scope(engine) as session:
        saved = store_outcome(session=session, outcome=outcome(story("strike"), planned))
    assert _alert_kinds(engine, saved.story_id) == [AlertKind.NEW_INCIDENT.value]
