"""Matching locks by place and date bucket (storage/queries/match_locks.py): which stories wait
for which, proven on PostgreSQL by reading ``pg_locks``, never by sleeping."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import create_all, session_scope
from storage.queries.match_locks import SearchArea, lock_match_areas, match_lock_keys
from tests.storage.test_locks import (
    PATIENCE_S,
    backend_pid,
    run_threads,
    wait_until,
    waiting_for_any_advisory_lock,
)

WINDOW = {"day_from": date(2026, 11, 19), "day_to": date(2026, 11, 25)}
LERNEB = SearchArea(**WINDOW, admin1=None, lat=16.0, lon=-4.5, radius_km=150)
NEAR_LERNEB = SearchArea(**WINDOW, admin1=None, lat=16.3, lon=-4.2, radius_km=150)  # ~45 km
MENAKA = SearchArea(**WINDOW, admin1=None, lat=15.9, lon=2.4, radius_km=150)  # ~750 km east
LATER = SearchArea(date(2027, 3, 1), date(2027, 3, 7), admin1=None, lat=16.0, lon=-4.5,
                   radius_km=150)  # fmt: skip
TIMBUKTU_REGION = SearchArea(**WINDOW, admin1="Timbuktu")
NOWHERE = SearchArea(**WINDOW)  # no place: every incident of those days


def exclusive(area: SearchArea) -> set[int]:
    return {key for key, is_exclusive in match_lock_keys([area]) if is_exclusive}


def test_keys_are_sorted_stable_and_shared_by_areas_that_see_each_other() -> None:
    keys = match_lock_keys([LERNEB, TIMBUKTU_REGION])
    assert keys == sorted(keys) and keys == match_lock_keys([TIMBUKTU_REGION, LERNEB])
    assert exclusive(LERNEB) & exclusive(NEAR_LERNEB)  # each box holds the other's point
    assert not exclusive(LERNEB) & exclusive(MENAKA)
    assert not exclusive(LERNEB) & exclusive(LATER)
    located_in_region = SearchArea(**WINDOW, admin1="Timbuktu", lat=16.0, lon=-4.5, radius_km=150)
    assert exclusive(located_in_region) & exclusive(TIMBUKTU_REGION)


def test_a_search_with_no_place_excludes_every_search_of_its_days() -> None:
    shared_by_lerneb = {key for key, is_exclusive in match_lock_keys([LERNEB]) if not is_exclusive}
    assert shared_by_lerneb and shared_by_lerneb <= exclusive(NOWHERE)
    assert not {k for k, _ in match_lock_keys([LATER])} & exclusive(NOWHERE)


def test_an_undated_event_takes_no_lock() -> None:
    assert match_lock_keys([SearchArea(date.max, date.min, lat=16.0, lon=-4.5)]) == []


def test_on_sqlite_no_statement_is_sent(sqlite_engine: Engine) -> None:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    with session_scope(sqlite_engine, immediate=True) as session:
        session.connection()
        event.listen(sqlite_engine, "before_cursor_execute", record)
        assert lock_match_areas(session=session, areas=[LERNEB]) == []
        event.remove(sqlite_engine, "before_cursor_execute", record)
    assert sent == []


@pytest.fixture
def pg(pg_schema_engine: Engine) -> Engine:
    create_all(pg_schema_engine)
    return pg_schema_engine


def _holds_then_other(pg: Engine, first: SearchArea, second: SearchArea) -> list[str]:
    """The first transaction holds its locks until the referee lets it commit; returns the
    order of events: whether the second had to wait for the first."""
    first_holds, first_may_commit = threading.Event(), threading.Event()
    second_pid: list[int] = []
    order: list[str] = []

    def one() -> None:
        with Session(pg) as session:
            lock_match_areas(session=session, areas=[first])
            first_holds.set()
            assert first_may_commit.wait(PATIENCE_S)
            order.append("first commits")
            session.commit()

    def two() -> None:
        assert first_holds.wait(PATIENCE_S)
        with Session(pg) as session:
            second_pid.append(backend_pid(session))
            lock_match_areas(session=session, areas=[second])
            order.append("second holds its locks")
            session.commit()

    def referee() -> None:
        wait_until(lambda: bool(second_pid), "the second session to start")
        wait_until(
            lambda: (
                "second holds its locks" in order
                or bool(waiting_for_any_advisory_lock(pg, set(second_pid)))
            ),
            "the second to hold its locks or to wait",
        )
        if "second holds its locks" not in order:
            order.append("second is waiting")
        first_may_commit.set()

    run_threads(one, two, referee)
    return order


@pytest.mark.postgres
def test_a_story_nearby_in_the_same_days_waits_for_the_first(pg: Engine) -> None:
    assert _holds_then_other(pg, LERNEB, NEAR_LERNEB) == [
        "second is waiting", "first commits", "second holds its locks",
    ]  # fmt: skip


@pytest.mark.postgres
def test_a_search_with_no_place_waits_for_a_located_one(pg: Engine) -> None:
    assert _holds_then_other(pg, LERNEB, NOWHERE)[0] == "second is waiting"


@pytest.mark.postgres
@pytest.mark.parametrize("other", [MENAKA, LATER], ids=["far away", "months later"])
def test_stories_elsewhere_or_at_other_dates_do_not_wait(pg: Engine, other: SearchArea) -> None:
    assert _holds_then_other(pg, LERNEB, other) == ["second holds its locks", "first commits"]


@pytest.mark.postgres
def test_two_located_searches_share_a_day_bucket_without_waiting(pg: Engine) -> None:
    """The day-bucket lock is shared by located searches: only a placeless one excludes."""
    assert _holds_then_other(pg, LERNEB, MENAKA)[0] == "second holds its locks"


@pytest.mark.postgres
def test_the_locks_end_with_the_transaction(pg: Engine) -> None:
    with Session(pg) as session:
        keys = lock_match_areas(session=session, areas=[LERNEB])
        pid = backend_pid(session)
        held = session.execute(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = :pid"),
            {"pid": pid},
        ).scalar_one()
        assert held == len(keys) > 0
        session.rollback()
    with pg.connect() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = :pid"),
            {"pid": pid},
        ).scalar_one()
    assert left == 0
