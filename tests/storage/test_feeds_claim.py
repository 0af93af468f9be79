"""Claiming due feeds: several workers on one database never poll the same feed at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import session_scope
from storage.models import FeedRow
from storage.queries import feeds as feed_queries
from storage.queries.feeds import claim_due_feeds, has_any_feed, set_feed_validators
from tests.helpers.builders import NOW

LEASE_S = 600


def add_feeds(engine: Engine, count: int) -> list[str]:
    urls = [f"https://f{n}.example/rss" for n in range(count)]
    with session_scope(engine) as session:
        for url in urls:
            feed_queries.upsert_feed(session=session, url=url, now=NOW)
    return urls


def claim(engine: Engine, limit: int = 100) -> list[str]:
    with session_scope(engine, immediate=True) as session:
        rows = claim_due_feeds(session=session, now=NOW, limit=limit, lease_seconds=LEASE_S)
        return [row.url for row in rows]


def test_a_claimed_feed_is_not_due_until_its_lease_ends(engine: Engine) -> None:
    urls = add_feeds(engine, 3)
    assert claim(engine, limit=2) == urls[:2]
    assert claim(engine) == urls[2:]
    assert claim(engine) == []
    with session_scope(engine) as session:
        due_later = feed_queries.due_feeds(session=session, now=NOW + timedelta(seconds=LEASE_S))
        assert [row.url for row in due_later] == urls


def test_claims_skip_disabled_and_not_yet_due_feeds(engine: Engine) -> None:
    urls = add_feeds(engine, 3)
    with session_scope(engine) as session:
        feed_queries.remove_feed(session=session, url=urls[0])
        feed = feed_queries.upsert_feed(session=session, url=urls[1], now=NOW)
        feed_queries.record_fetch_result(
            session=session, feed_id=feed.id, ok=True, now=NOW,  # type: ignore[arg-type]
            next_poll_at=NOW + timedelta(minutes=5),
        )  # fmt: skip
    assert claim(engine) == [urls[2]]


@pytest.mark.postgres
def test_two_open_claims_on_postgres_get_disjoint_feeds(engine: Engine) -> None:
    """The first claimer's transaction is still open: the second skips its locked rows."""
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite claimers take turns (next test)")
    urls = add_feeds(engine, 4)
    with Session(engine) as first, Session(engine) as second:
        mine = claim_due_feeds(session=first, now=NOW, limit=2, lease_seconds=LEASE_S)
        theirs = claim_due_feeds(session=second, now=NOW, limit=10, lease_seconds=LEASE_S)
        assert {row.url for row in mine} == set(urls[:2])
        assert {row.url for row in theirs} == set(urls[2:])
        first.commit()
        second.commit()
    assert claim(engine) == []


def test_concurrent_claimers_share_the_feeds_without_overlap(engine: Engine) -> None:
    urls = add_feeds(engine, 12)
    start = threading.Barrier(3)
    claimed: list[list[str]] = [[], [], []]

    def worker(index: int) -> None:
        start.wait()
        while batch := claim(engine, limit=2):
            claimed[index].extend(batch)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [url for batch in claimed for url in batch]
    assert sorted(every) == sorted(urls)  # each feed claimed exactly once


def test_has_any_feed_counts_removed_feeds(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert not has_any_feed(session=session)
        feed_queries.upsert_feed(session=session, url="https://a.example/rss", now=NOW)
        feed_queries.remove_feed(session=session, url="https://a.example/rss")
        assert feed_queries.list_feeds(session=session) == []
        assert has_any_feed(session=session)


def test_validators_are_set_and_dropped(engine: Engine) -> None:
    with session_scope(engine) as session:
        feed_id = feed_queries.upsert_feed(session=session, url="https://a.example/rss", now=NOW).id
        assert feed_id is not None
        set_feed_validators(session=session, feed_id=feed_id, etag='"v1"', last_modified="x")
    with Session(engine) as session:
        row = session.get(FeedRow, feed_id)
        assert row is not None and (row.etag, row.last_modified) == ('"v1"', "x")
    with session_scope(engine) as session:
        set_feed_validators(session=session, feed_id=feed_id, etag=None, last_modified=None)
    with Session(engine) as session:
        row = session.get(FeedRow, feed_id)
        assert row is not None and (row.etag, row.last_modified) == (None, None)
