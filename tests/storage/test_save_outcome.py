"""save_story_outcome: one transaction, incidents opened or touched, links, claims,
contradictions and outbox alerts; re-saving is a no-op."""

from __future__ import annotations

import json
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from feeds.model import (
    AlertKind,
    CasualtyCount,
    Category,
    DatePrecision,
    EventDate,
    Place,
    PlacePrecision,
    Qualifier,
    Role,
    TollUpdate,
)
from feeds.model.outcome import EventOutcome
from feeds.pipeline.alerts import AlertPolicy, store_outcome
from storage.db import create_all, session_scope
from storage.models import (
    AlertRow,
    ClaimRow,
    ContradictionRow,
    IncidentRow,
    StoryIncidentRow,
    StoryRow,
)
from tests.helpers.builders import (
    ARMY_11,
    CDRAP_18,
    COUNT_DISPUTE,
    claim,
    event,
    outcome,
    story,
)


def _count(session: Session, table: type) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def _alerts(session: Session) -> list[AlertRow]:
    return list(session.exec(select(AlertRow).order_by(AlertRow.id)))


def _seed(engine: Engine) -> int:
    """The seed story: a new airstrike incident with a count dispute; returns the incident."""
    planned = EventOutcome(
        event=event(CDRAP_18, ARMY_11), incident_id=None, new_contradictions=(COUNT_DISPUTE,)
    )
    with session_scope(engine) as session:
        saved = store_outcome(session=session, outcome=outcome(story(), planned))
    return saved.new_incident_ids[0]


def test_new_story_opens_an_incident_with_claims_contradiction_and_alerts(engine: Engine) -> None:
    incident_id = _seed(engine)
    with Session(engine) as session:
        incident = session.get(IncidentRow, incident_id)
        assert incident is not None
        assert (incident.event_type, incident.location, incident.admin1) == (
            "airstrike",
            "50 km N of Lerneb",
            "Timbuktu",
        )
        assert incident.event_date == date(2026, 11, 22)
        stored = session.exec(select(StoryRow)).one()
        assert stored.incident_id == incident_id and stored.relevant
        assert stored.matched_keywords == "mali,lerneb"
        assert stored.simhash is None  # too short for a fingerprint
        link = session.exec(select(StoryIncidentRow)).one()
        assert (link.incident_id, link.role) == (incident_id, "main")
        claims = session.exec(select(ClaimRow).order_by(ClaimRow.id)).all()
        assert [(c.claimant, c.low, c.high, c.incident_id) for c in claims] == [
            ("CDRAP", 18, None, incident_id),
            ("Malian army", 11, 11, incident_id),
        ]
        dispute = session.exec(select(ContradictionRow)).one()
        assert (dispute.first_claim_id, dispute.second_claim_id) == (claims[0].id, claims[1].id)
        alerts = _alerts(session)
    assert [a.dedup_key for a in alerts] == [
        f"new_incident:{incident_id}:-100123",
        f"contradiction:{incident_id}:killed:count:-100123",
    ]
    payload = json.loads(alerts[1].payload)
    assert payload["kind"] == "count" and payload["first"]["claimant"] == "CDRAP"
    assert payload["incident_id"] == incident_id


def test_resaving_the_same_story_duplicates_nothing(engine: Engine) -> None:
    planned = EventOutcome(event=event(CDRAP_18), incident_id=None)
    with session_scope(engine) as session:
        first = store_outcome(session=session, outcome=outcome(story(), planned))
    with session_scope(engine) as session:
        again = store_outcome(session=session, outcome=outcome(story(), planned))
        moved = story(guid="other-guid")  # same canonical URL from another item
        by_url = store_outcome(session=session, outcome=outcome(moved, planned))
        counts = [_count(session, t) for t in (StoryRow, IncidentRow, ClaimRow, AlertRow)]
    assert again.story_id == by_url.story_id == first.story_id
    assert again.incident_ids == first.incident_ids
    assert again.alert_ids == first.alert_ids and again.new_incident_ids == ()
    assert counts == [1, 1, 1, 1]


def test_an_error_inside_the_save_leaves_nothing_behind(engine: Engine) -> None:
    good = EventOutcome(event=event(CDRAP_18), incident_id=None)
    broken = EventOutcome(event=event(ARMY_11), incident_id=987654)  # no such incident
    with Session(engine) as session:
        with pytest.raises(LookupError):
            store_outcome(session=session, outcome=outcome(story(), good, broken))
        session.commit()  # even if the caller commits, the savepoint was rolled back
    with Session(engine) as session:
        counts = [
            _count(session, t)
            for t in (StoryRow, IncidentRow, ClaimRow, StoryIncidentRow, AlertRow)
        ]
    assert counts == [0, 0, 0, 0, 0]


def test_joining_story_touches_incident_and_queues_card_edit_and_update(engine: Engine) -> None:
    incident_id = _seed(engine)
    update = TollUpdate(
        claimant="CDRAP",
        category=Category.KILLED,
        old=CDRAP_18.count,
        new=CasualtyCount(low=24, high=None, qualifier=Qualifier.AT_LEAST),
    )
    finer = event(
        claim("CDRAP", 24),
        place=Place(name="Lerneb market", admin1="Timbuktu", lat=16.31, lon=-4.91),
    )
    planned = EventOutcome(event=finer, incident_id=incident_id, updates=(update,))
    later = story("follow-up")
    with session_scope(engine) as session:
        saved = store_outcome(session=session, outcome=outcome(later, planned))
    assert saved.incident_ids == (incident_id,) and saved.new_incident_ids == ()
    with Session(engine) as session:
        alerts = [a for a in _alerts(session) if a.story_id == saved.story_id]
        incident = session.get(IncidentRow, incident_id)
    assert [a.kind for a in alerts] == [AlertKind.CARD_EDIT.value, AlertKind.UPDATE.value]
    assert alerts[0].dedup_key == f"card_edit:{incident_id}:{saved.story_id}:-100123"
    assert alerts[1].dedup_key == f"update:{incident_id}:CDRAP:killed:24-:-100123"
    assert alerts[1].silent
    assert json.loads(alerts[1].payload)["old"]["low"] == 18
    assert incident is not None and incident.location == "50 km N of Lerneb"  # not finer


def test_touch_refines_a_coarser_date_and_place(engine: Engine) -> None:
    coarse = event(
        CDRAP_18,
        place=Place(name="Timbuktu region", admin1="Timbuktu", precision=PlacePrecision.REGION),
    )
    coarse = replace(coarse, date=EventDate(day=date(2026, 11, 1), precision=DatePrecision.MONTH))
    with session_scope(engine) as session:
        first = store_outcome(
            session=session, outcome=outcome(story(), EventOutcome(event=coarse, incident_id=None))
        )
    incident_id = first.new_incident_ids[0]
    with session_scope(engine) as session:
        store_outcome(
            session=session,
            outcome=outcome(story("precise"), EventOutcome(event=event(), incident_id=incident_id)),
        )
    with Session(engine) as session:
        row = session.get(IncidentRow, incident_id)
    assert row is not None
    assert (row.event_date, row.date_precision) == (date(2026, 11, 22), "day")
    assert (row.location, row.lat, row.place_precision) == ("50 km N of Lerneb", 16.3, "locality")


def test_existing_contradiction_is_not_duplicated_and_links_stored_claims(engine: Engine) -> None:
    incident_id = _seed(engine)
    repeat = EventOutcome(
        event=event(ARMY_11), incident_id=incident_id, new_contradictions=(COUNT_DISPUTE,)
    )
    with session_scope(engine) as session:
        store_outcome(session=session, outcome=outcome(story("repeat"), repeat))
        assert _count(session, ContradictionRow) == 1
        contradiction_alerts = [a for a in _alerts(session) if a.kind == "contradiction"]
    assert len(contradiction_alerts) == 1


def test_contradiction_found_later_points_at_earlier_claims(engine: Engine) -> None:
    with session_scope(engine) as session:
        saved = store_outcome(
            session=session,
            outcome=outcome(story(), EventOutcome(event=event(CDRAP_18), incident_id=None)),
        )
    incident_id = saved.new_incident_ids[0]
    later = EventOutcome(
        event=event(ARMY_11), incident_id=incident_id, new_contradictions=(COUNT_DISPUTE,)
    )
    with session_scope(engine) as session:
        store_outcome(session=session, outcome=outcome(story("army"), later))
    with Session(engine) as session:
        dispute = session.exec(select(ContradictionRow)).one()
        first = session.get(ClaimRow, dispute.first_claim_id)
        second = session.get(ClaimRow, dispute.second_claim_id)
    assert first is not None and second is not None
    assert (first.claimant, first.story_id) == ("CDRAP", saved.story_id)
    assert second.claimant == "Malian army"


def test_background_of_unknown_incident_keeps_claims_with_the_story(engine: Engine) -> None:
    recalled = claim("FLA", 24, role=Role.BACKGROUND)
    planned = EventOutcome(
        event=event(recalled, role=Role.BACKGROUND), incident_id=None, open_incident=False
    )
    every_kind = AlertPolicy(kinds=frozenset(AlertKind) - {AlertKind.DIGEST})
    with session_scope(engine) as session:
        saved = store_outcome(session=session, outcome=outcome(story(), planned), policy=every_kind)
        row = session.exec(select(ClaimRow)).one()
        alerts = _alerts(session)
    assert saved.incident_ids == () and row.incident_id is None and row.role == "background"
    assert [a.dedup_key for a in alerts] == [f"story:{saved.story_id}:-100123"]
    payload = json.loads(alerts[0].payload)
    assert payload["url"] == "https://news.example.org/lerneb"
    assert payload["keywords"] == ["mali", "lerneb"]


def test_a_story_with_no_incident_waits_for_the_digest_by_default(engine: Engine) -> None:
    """The channel's default alert kinds leave out "relevant story" pings (issue 11)."""
    recalled = claim("FLA", 24, role=Role.BACKGROUND)
    planned = EventOutcome(
        event=event(recalled, role=Role.BACKGROUND), incident_id=None, open_incident=False
    )
    with session_scope(engine) as session:
        saved = store_outcome(session=session, outcome=outcome(story(), planned))
        alerts = _alerts(session)
    assert saved.story_id and alerts == [] and saved.alert_ids == ()


def test_main_other_and_background_links(engine: Engine) -> None:
    old_id = _seed(engine)
    main = EventOutcome(event=event(claim("local officials", 5)), incident_id=None)
    other = EventOutcome(
        event=event(claim("residents", 3), role=Role.OTHER, summary="Ambush near Ber"),
        incident_id=None,
    )
    background = EventOutcome(
        event=event(claim("CDRAP", 18, role=Role.BACKGROUND), role=Role.BACKGROUND),
        incident_id=old_id,
    )
    with session_scope(engine) as session:
        saved = store_outcome(
            session=session, outcome=outcome(story("three"), main, other, background)
        )
        links = session.exec(
            select(StoryIncidentRow).where(StoryIncidentRow.story_id == saved.story_id)
        ).all()
        kinds = [a.kind for a in _alerts(session) if a.story_id == saved.story_id]
    assert len(saved.new_incident_ids) == 2 and saved.incident_ids[0] == saved.new_incident_ids[0]
    assert {link.role for link in links} == {"main", "other", "background"}
    assert kinds == ["new_incident", "new_incident"]  # a background mention edits no card


@pytest.mark.parametrize(
    ("relevant", "alertable", "copy_of"),
    [(True, False, None), (False, True, None)],
    ids=["backlog", "irrelevant"],
)
def test_no_alerts_unless_alertable_and_relevant(
    engine: Engine, relevant: bool, alertable: bool, copy_of: int | None
) -> None:
    planned = EventOutcome(event=event(CDRAP_18), incident_id=None)
    with session_scope(engine) as session:
        saved = store_outcome(
            session=session,
            outcome=outcome(story(), planned, relevant=relevant, alertable=alertable),
        )
        assert _count(session, AlertRow) == 0
    assert saved.alert_ids == ()


def test_wire_copy_joining_an_incident_edits_no_card(engine: Engine) -> None:
    incident_id = _seed(engine)
    with Session(engine) as session:
        original_id = session.exec(select(StoryRow.id)).one()
    planned = EventOutcome(event=event(CDRAP_18), incident_id=incident_id)
    with session_scope(engine) as session:
        saved = store_outcome(
            session=session, outcome=outcome(story("copy"), planned, syndicated_copy_of=original_id)
        )
        copy = session.get(StoryRow, saved.story_id)
    assert saved.alert_ids == ()
    assert copy is not None and copy.syndicated_copy_of == original_id


def test_touch_adds_a_point_to_a_place_without_one(engine: Engine) -> None:
    no_point = event(CDRAP_18, place=Place(name="Lerneb", admin1="Timbuktu"))
    with session_scope(engine) as session:
        first = store_outcome(
            session=session,
            outcome=outcome(story(), EventOutcome(event=no_point, incident_id=None)),
        )
    incident_id = first.new_incident_ids[0]
    with_point = event(place=Place(name="Lerneb", admin1="Timbuktu", lat=15.12, lon=-5.45))
    coarser = event(place=Place(name="Timbuktu", admin1="Timbuktu", lat=16.77, lon=-3.0,
                                precision=PlacePrecision.REGION))  # fmt: skip
    for slug, joined in (("point", with_point), ("coarser", coarser)):
        with session_scope(engine) as session:
            store_outcome(
                session=session,
                outcome=outcome(story(slug), EventOutcome(event=joined, incident_id=incident_id)),
            )
    with Session(engine) as session:
        row = session.get(IncidentRow, incident_id)
    assert row is not None and (row.location, row.lat, row.lon) == ("Lerneb", 15.12, -5.45)


@pytest.mark.postgres
def test_same_story_saved_by_two_workers_at_once_is_stored_once(
    pg_schema_engine: Engine,
) -> None:
    """Worker B inserts while A's insert of the same story is uncommitted: B waits on the
    unique index, then, once A commits, returns A's story instead of failing."""
    engine = pg_schema_engine
    create_all(engine)
    planned = EventOutcome(event=event(CDRAP_18), incident_id=None)
    b_pid: queue.Queue[int] = queue.Queue()

    def worker_b() -> int:
        with session_scope(engine) as session:
            b_pid.put(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
            return store_outcome(session=session, outcome=outcome(story(), planned)).story_id

    with ThreadPoolExecutor(max_workers=1) as pool:
        with session_scope(engine) as session_a:
            first = store_outcome(session=session_a, outcome=outcome(story(), planned))
            future = pool.submit(worker_b)
            _wait_until_blocked(engine, b_pid.get(timeout=20))
        assert future.result(timeout=20) == first.story_id
    with Session(engine) as session:
        assert [_count(session, t) for t in (StoryRow, IncidentRow, ClaimRow)] == [1, 1, 1]


def _wait_until_blocked(engine: Engine, pid: int) -> None:
    """Poll pg_stat_activity until the backend waits on a lock (no fixed sleep)."""
    pause = threading.Event()
    with engine.connect() as connection:
        for _ in range(1000):
            waiting = connection.execute(
                text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": pid},
            ).scalar_one_or_none()
            if waiting == "Lock":
                return
            pause.wait(0.01)
    raise AssertionError(f"backend {pid} never waited on a lock")
