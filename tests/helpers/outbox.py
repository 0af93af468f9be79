"""Outbox rows made the way production makes them: ``save_story_outcome`` for a story."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    Contradiction,
    ContradictionKind,
    EventDate,
    EventReport,
    EventType,
    Place,
    PlacePrecision,
    Qualifier,
    Role,
    Story,
    StoryAnalysis,
    TollUpdate,
)
from feeds.model.outcome import EventOutcome, SavedOutcome, StoryOutcome
from feeds.pipeline.alerts import store_outcome
from storage.db import session_scope
from storage.models import AlertRow
from tests.helpers.builders import story as build_story
from tests.helpers.samples import ARMY, CDRAP

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
LERNEB = Place("50 km N of Lerneb", "Timbuktu", 16.3, -4.9, PlacePrecision.OFFSET)


def story(number: int, *, now: datetime = NOW) -> Story:
    return build_story(
        f"story-{number}",
        feed_url="https://www.example-news.com/rss",
        guid=f"guid-{number}",
        url=f"https://www.example-news.com/mali/story-{number}",
        title=f"Strike near Lerneb <{number}>",
        text="At least 18 people were killed at the market, CDRAP said.",
        published=now,
        fetched=now,
        language="en",
    )


def save_story(
    engine: Engine,
    *,
    number: int,
    chat_id: str,
    claims: Sequence[Claim] = (CDRAP, ARMY),
    incident_id: int | None = None,
    contradictions: Sequence[Contradiction] = (),
    updates: Sequence[TollUpdate] = (),
    thread_id: int | None = None,
    now: datetime = NOW,
    alertable: bool = True,
) -> SavedOutcome:
    """Store one story reporting the Lerneb strike (a new incident unless ``incident_id``)."""
    event = EventReport(
        role=Role.MAIN,
        event_type=EventType.AIRSTRIKE,
        place=LERNEB,
        date=EventDate(NOW.date()),
        claims=tuple(claims),
        summary="Airstrike on a market 50 km N of Lerneb",
    )
    item = story(number, now=now)
    outcome = StoryOutcome(
        story=item,
        feed_id=None,
        analysis=StoryAnalysis(item, relevant=True, matched_keywords=("lerneb",), events=(event,)),
        events=(
            EventOutcome(
                event=event,
                incident_id=incident_id,
                new_contradictions=tuple(contradictions),
                updates=tuple(updates),
            ),
        ),
        chat_id=chat_id,
        thread_id=thread_id,
        now=now,
        alertable=alertable,
    )
    with session_scope(engine) as session:
        return store_outcome(session=session, outcome=outcome)


def count_dispute() -> Contradiction:
    return Contradiction(ContradictionKind.COUNT, Category.KILLED, CDRAP, ARMY, "18+ against 11")


def later_cdrap_figure() -> tuple[Claim, TollUpdate]:
    """CDRAP raises its toll: a new claim and the update it causes."""
    count = CasualtyCount(25, None, Qualifier.AT_LEAST, "at least 25")
    claim = Claim(**{**{n: getattr(CDRAP, n) for n in Claim.__slots__}, "count": count})
    return claim, TollUpdate("CDRAP", Category.KILLED, CDRAP.count, count)


def alerts(engine: Engine) -> list[AlertRow]:
    with session_scope(engine) as session:
        return list(session.exec(select(AlertRow).order_by(AlertRow.id)))
