"""Sessions: rollback on error, savepoints, and SQLite writers that wait instead of failing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from storage.db import normalize_url, session_scope
from storage.models import FeedRow
from storage.queries import feeds as feed_queries
from tests.helpers.builders import NOW


def _feed_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(FeedRow)).one()


def test_session_scope_rolls_back_on_error(migrated_engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(migrated_engine) as session:
        feed_queries.upsert_feed(session=session, url="https://a.example/rss", now=NOW)
        raise RuntimeError("boom")
    assert _feed_count(migrated_engine) == 0


def test_savepoint_rollback_keeps_the_outer_transaction(migrated_engine: Engine) -> None:
    with session_scope(migrated_engine) as session:
        feed_queries.upsert_feed(session=session, url="https://kept.example/rss", now=NOW)
        with pytest.raises(RuntimeError), session.begin_nested():
            feed_queries.upsert_feed(session=session, url="https://dropped.example/rss", now=NOW)
            raise RuntimeError("inner failure")
    with Session(migrated_engine) as session:
        assert [f.url for f in feed_queries.list_feeds(session=session)] == [
            "https://kept.example/rss"
        ]


def test_concurrent_read_then_write_transactions_all_succeed(migrated_engine: Engine) -> None:
    """Each worker reads, then writes; immediate transactions queue up on SQLite's lock."""
    start = threading.Barrier(4, timeout=20)

    def worker(number: int) -> None:
        start.wait()
        with session_scope(migrated_engine, immediate=True) as session:
            feed_queries.list_feeds(session=session)
            feed_queries.upsert_feed(session=session, url=f"https://f{number}.example/rss", now=NOW)

    with ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(worker, n) for n in range(4)]:
            future.result()
    assert _feed_count(migrated_engine) == 4


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///data/x.db", "sqlite:///data/x.db"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected
