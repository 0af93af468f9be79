"""The pipeline's alert choice: which relevant stories raise a "relevant story" alert (only
those reporting violence that no incident could take; plain Mali news is stored and counted,
never alerted one by one), and the per-feed and per-cycle budgets."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from feeds.model import AlertKind, Role
from feeds.model.alerts import FloodSummaryAlert, load_alert
from feeds.model.outcome import EventOutcome
from feeds.pipeline.alerts import AlertPolicy, store_outcome
from storage.db import session_scope
from storage.models import AlertRow, StoryRow
from storage.queries import feeds as feed_queries
from tests.helpers.builders import CDRAP_18, NOW, claim, event, outcome, story


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


def _feed(engine: Engine, url: str) -> int:
    with session_scope(engine) as session:
        row = feed_queries.upsert_feed(session=session, url=url, title="Flood wire", now=NOW)
        assert row.id is not None
        return row.id


def _new_incidents(
    engine: Engine, *, feed_id: int, count: int, policy: AlertPolicy, name: str = "flood"
) -> None:
    """``count`` stories of one feed in one cycle, each about a separate new incident."""
    for number in range(count):
        planned = EventOutcome(
            event=event(claim("residents", number + 2), summary=f"Attack number {number}"),
            incident_id=None,
        )
        the_story = story(f"{name}-{number}", feed_url=f"https://{name}.example.org/rss")
        with session_scope(engine) as session:
            store_outcome(
                session=session,
                outcome=outcome(the_story, planned, feed_id=feed_id),
                policy=policy,
            )


def _queued(engine: Engine) -> list[AlertRow]:
    with session_scope(engine) as session:
        rows = list(session.exec(select(AlertRow).order_by(AlertRow.id)))
        session.expunge_all()
        return rows


def test_one_feed_cannot_flood_the_channel_in_one_cycle(engine: Engine) -> None:
    """Beyond the per-feed budget, one silent summary counts what was held back (issue 9)."""
    feed_id = _feed(engine, "https://flood.example.org/rss")
    _new_incidents(engine, feed_id=feed_id, count=8, policy=AlertPolicy(per_feed=3, per_cycle=50))
    rows = _queued(engine)
    cards = [row for row in rows if row.kind == AlertKind.NEW_INCIDENT.value]
    [summary] = [row for row in rows if row.kind == AlertKind.FLOOD_SUMMARY.value]
    assert len(cards) == 3 and all(row.priority == 0 for row in cards)
    held = load_alert(summary.kind, summary.payload)
    assert isinstance(held, FloodSummaryAlert) and held.held_back == 5
    assert summary.silent and summary.priority == 2


def test_the_cycle_budget_holds_across_feeds(engine: Engine) -> None:
    first = _feed(engine, "https://flood.example.org/rss")
    second = _feed(engine, "https://other.example.org/rss")
    policy = AlertPolicy(per_feed=10, per_cycle=4)
    _new_incidents(engine, feed_id=first, count=3, policy=policy)
    _new_incidents(engine, feed_id=second, count=3, policy=policy, name="other")  # same cycle
    kinds = [row.kind for row in _queued(engine)]
    assert kinds.count(AlertKind.NEW_INCIDENT.value) == 4
    assert kinds.count(AlertKind.FLOOD_SUMMARY.value) == 1  # only the second feed overflowed
