"""The incident matching lock (storage/queries/locks.py) across sessions, engines and backends.

On PostgreSQL two sessions stand for two ``maliwatch run`` processes; two engines (two pools)
on one schema stand for two processes running the pipeline. Ordering is proven with events and
by reading ``pg_locks`` (who waits for the lock), never by sleeping and hoping.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.settings import Settings, load_settings
from feeds.pipeline import run as pipeline
from feeds.pipeline.reports import FeedReport
from feeds.pipeline.run import process_feed
from storage.db import create_all, make_engine, session_scope
from storage.models import FeedRow, IncidentRow, StoryRow
from storage.queries import feeds as feed_queries
from storage.queries import locks as lock_queries
from storage.queries import match_locks
from storage.queries import outcome as outcome_queries
from storage.queries.locks import INCIDENT_MATCHING_LOCK_KEY
from tests.feeds.pipeline.test_run import FRENCH, SEED_TITLE, rss
from tests.helpers.db import postgres_url
from tests.helpers.http import FeedServer
from tests.helpers.paths import SEED_STORY

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
SEED = SEED_STORY.read_text(encoding="utf-8")
PATIENCE_S = 30.0  # how long a helper waits for a state before the test fails (never reached)


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition`` until it holds; fail the test after PATIENCE_S."""
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.01)


def waiting_for_lock(probe: Engine, pids: set[int]) -> set[int]:
    """The backends among ``pids`` that wait (not granted) for the incident matching lock."""
    if not pids:
        return set()
    query = text(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND classid::bigint = :hi AND objid::bigint = :lo AND pid = ANY(:pids)"
    )
    key = INCIDENT_MATCHING_LOCK_KEY
    with probe.connect() as conn:
        found = conn.execute(query, {"hi": key >> 32, "lo": key & 0xFFFFFFFF, "pids": list(pids)})
        return {row[0] for row in found}


def holding_lock(probe: Engine, pid: int) -> bool:
    """Whether the backend ``pid`` holds (granted) the incident matching lock."""
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND classid::bigint = :hi AND objid::bigint = :lo AND pid = :pid"
    )
    key = INCIDENT_MATCHING_LOCK_KEY
    with probe.connect() as conn:
        found = conn.execute(query, {"hi": key >> 32, "lo": key & 0xFFFFFFFF, "pid": pid})
        return bool(found.scalar_one())


def waiting_for_any_advisory_lock(probe: Engine, pids: set[int]) -> set[int]:
    """The backends among ``pids`` that wait for an advisory lock (the matching locks)."""
    if not pids:
        return set()
    query = text(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = ANY(:pids)"
    )
    with probe.connect() as conn:
        return {row[0] for row in conn.execute(query, {"pids": list(pids)})}


def backend_pid(session: Session) -> int:
    return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


@pytest.fixture
def pg(pg_schema_engine: Engine) -> Engine:
    create_all(pg_schema_engine)
    return pg_schema_engine


@pytest.fixture
def second_pg(pg: Engine) -> Iterator[Engine]:
    """Another engine (another pool, as another process has) on the same schema."""
    with pg.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    other = make_engine(postgres_url(), schema=schema)
    yield other
    other.dispose()


def run_threads(*targets: Callable[[], None]) -> None:
    """Run each target in its own thread; re-raise the first error any of them hit."""
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except BaseException as exc:  # handed to the test's thread
                errors.append(exc)

        return run

    threads = [threading.Thread(target=guarded(t)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PATIENCE_S * 2)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    if errors:
        raise errors[0]


# ── the lock itself ──────────────────────────────────────────────────────────────────────────


def test_second_session_waits_until_the_first_commits_and_then_sees_its_rows(pg: Engine) -> None:
    first_holds, first_may_commit = threading.Event(), threading.Event()
    second_pid: list[int] = []
    order: list[str] = []
    seen_by_second: list[list[str]] = []

    def first() -> None:
        with session_scope(pg, immediate=True) as session:
            lock_queries.lock_incident_matching(session=session)
            feed_queries.upsert_feed(session=session, url="https://a.example/rss", now=NOW)
            first_holds.set()
            assert first_may_commit.wait(PATIENCE_S)
            order.append("first commits")

    def second() -> None:
        assert first_holds.wait(PATIENCE_S)
        with session_scope(pg, immediate=True) as session:
            second_pid.append(backend_pid(session))
            lock_queries.lock_incident_matching(session=session)
            order.append("second holds the lock")
            seen_by_second.append([row.url for row in feed_queries.list_feeds(session=session)])

    def referee() -> None:
        wait_until(lambda: bool(second_pid), "the second session to start")
        wait_until(lambda: waiting_for_lock(pg, set(second_pid)) != set(), "the second to wait")
        order.append("second is waiting")
        first_may_commit.set()

    run_threads(first, second, referee)

    assert order == ["second is waiting", "first commits", "second holds the lock"]
    assert seen_by_second == [["https://a.example/rss"]]  # the first's row, once it committed


def test_the_lock_lasts_exactly_as_long_as_the_transaction(pg: Engine) -> None:
    """Held from the call to the end of the transaction, whether it commits or rolls back.

    Read from ``pg_locks`` for this session's backend only, so that another test run taking
    the same key on the shared database at that moment cannot change the answer."""
    for ending in ("commit", "rollback"):
        with Session(pg) as session:
            pid = backend_pid(session)
            assert not holding_lock(pg, pid), f"held before the call ({ending})"
            lock_queries.lock_incident_matching(session=session)
            assert holding_lock(pg, pid), f"held after the call ({ending})"
            session.commit() if ending == "commit" else session.rollback()
            assert not holding_lock(pg, pid), f"released by {ending}"


def test_on_sqlite_the_immediate_story_transaction_already_holds_the_write_lock(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """The no-op on SQLite is safe: the pipeline's BEGIN IMMEDIATE keeps other writers out."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    with session_scope(sqlite_engine, immediate=True) as session:
        session.connection()  # the transaction has begun (BEGIN IMMEDIATE)
        event.listen(sqlite_engine, "before_cursor_execute", record)
        lock_queries.lock_incident_matching(session=session)
        event.remove(sqlite_engine, "before_cursor_execute", record)
        other = sqlite3.connect(tmp_path / "test.db", timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # another writer is kept out until commit
        other.close()
    assert statements == []  # no SQL at all on SQLite


# ── the pipeline: two processes, one new event ──────────────────────────────────────────────


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_FETCH_TIMEOUT=5,
        MALIWATCH_ALERT_MAX_AGE_HOURS=6,
    )


def two_feeds_on_one_event(engine: Engine, feed_server: FeedServer) -> list[FeedRow]:
    english = ("lerneb-en", SEED_TITLE, SEED, NOW - timedelta(hours=1))
    french = ("lerneb-fr", "Mali : frappe sur un marché au nord de Lerneb", FRENCH, NOW)
    feed_server.add("/en", rss(english))
    feed_server.add("/fr", rss(french))
    with session_scope(engine) as session:
        return [
            feed_queries.upsert_feed(
                session=session, url=feed_server.url(path), title=path, now=NOW
            )
            for path in ("/en", "/fr")
        ]


def race_to_save(monkeypatch: pytest.MonkeyPatch, probe: Engine) -> None:
    """Make each story transaction wait, just before saving, until the other one has either
    reached its own save (so both looked for candidates first: the race) or is waiting for the
    matching locks. Whichever way the code goes, the race is given its best chance."""
    real_lock, real_save = match_locks.lock_match_areas, outcome_queries.save_story_outcome
    pids: dict[int, int] = {}  # thread id → backend pid
    at_save: set[int] = set()

    def lock(*, session: Session, areas: Any) -> Any:
        pids[threading.get_ident()] = backend_pid(session)
        return real_lock(session=session, areas=areas)

    def save(*, session: Session, outcome: Any) -> Any:
        me = threading.get_ident()
        at_save.add(me)
        others = lambda: {pid for thread, pid in pids.items() if thread != me}  # noqa: E731
        wait_until(
            lambda: len(at_save) == 2 or bool(waiting_for_any_advisory_lock(probe, others())),
            "the other story to reach its save or wait for the lock",
        )
        return real_save(session=session, outcome=outcome)

    monkeypatch.setattr(match_locks, "lock_match_areas", lock)
    monkeypatch.setattr(outcome_queries, "save_story_outcome", save)
    # Two processes share no threading lock: only the database may serialize them.
    monkeypatch.setattr(pipeline, "STORY_WRITES", contextlib.nullcontext())


def process_concurrently(
    feeds: list[FeedRow], engines: list[Engine], settings: Settings
) -> list[FeedReport]:
    reports: list[FeedReport] = []

    def worker(feed_row: FeedRow, engine: Engine) -> Callable[[], None]:
        async def one() -> FeedReport:
            async with httpx.AsyncClient(timeout=5) as client:
                return await process_feed(
                    feed_row, client=client, engine=engine, settings=settings, now=NOW
                )

        return lambda: reports.append(asyncio.run(one()))

    run_threads(*(worker(f, e) for f, e in zip(feeds, engines, strict=True)))
    return reports


def test_two_processes_with_stories_on_one_new_event_open_one_incident(
    pg: Engine,
    second_pg: Engine,
    settings: Settings,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feeds = two_feeds_on_one_event(pg, feed_server)
    race_to_save(monkeypatch, probe=pg)

    reports = process_concurrently(feeds, [pg, second_pg], settings)

    assert [r.stories_failed for r in reports] == [0, 0]
    assert sorted(r.stories_relevant for r in reports) == [1, 1]
    assert sorted(r.incidents_new for r in reports) == [0, 1]
    with Session(pg) as session:
        assert len(session.exec(select(IncidentRow)).all()) == 1
        assert len(session.exec(select(StoryRow)).all()) == 2


def test_without_the_lock_the_same_race_opens_two_incidents(
    pg: Engine,
    second_pg: Engine,
    settings: Settings,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The harness above really produces the race: with the lock removed it shows the bug."""
    feeds = two_feeds_on_one_event(pg, feed_server)
    monkeypatch.setattr(match_locks, "lock_match_areas", lambda *, session, areas: [])
    race_to_save(monkeypatch, probe=pg)

    reports = process_concurrently(feeds, [pg, second_pg], settings)

    assert sorted(r.incidents_new for r in reports) == [1, 1]
    with Session(pg) as session:
        assert len(session.exec(select(IncidentRow)).all()) == 2
