"""A cycle over many feeds: claimed in chunks until none is due, health written in bulk, known
items found with one query per feed, irrelevant stories saved in one transaction (real loopback
HTTP, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.settings import Settings, load_settings
from feeds.clock import FixedClock
from feeds.pipeline import run as pipeline
from feeds.pipeline.feed_queue import by_host
from feeds.pipeline.reports import FeedStatus, PollSummary
from storage.db import session_scope
from storage.models import FeedRow, StoryRow
from storage.queries import feeds as feed_queries
from storage.queries import outcome as outcome_queries
from tests.helpers.http import FeedServer

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
INTERVAL = 300


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_FETCH_TIMEOUT=5,
        MALIWATCH_POLL_INTERVAL=INTERVAL,
        MALIWATCH_FETCH_CONCURRENCY=4,
    )


def other_news(count: int, prefix: str = "x") -> str:
    """An RSS document of ``count`` stories about nothing maliwatch watches."""
    when = format_datetime(NOW - timedelta(hours=2))
    items = "".join(
        f"<item><title>Harvest festival number {n} opens</title>"
        f"<link>https://news.example.org/{prefix}-{n}</link>"
        f"<guid isPermaLink='false'>{prefix}-{n}</guid><pubDate>{when}</pubDate>"
        f"<description>{escape(f'Farmers in Kenya celebrate a good season, edition {n}.')}"
        "</description></item>"
        for n in range(count)
    )
    channel = f"<channel><title>Other</title>{items}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"


EMPTY = "<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title></channel></rss>"


def poll(engine: Engine, settings: Settings, now: datetime = NOW) -> PollSummary:
    async def run() -> PollSummary:
        async with httpx.AsyncClient(timeout=5) as client:
            return await pipeline.poll_once(
                engine=engine, settings=settings, client=client, clock=FixedClock(now)
            )

    return asyncio.run(run())


def add_feed(engine: Engine, url: str, *, etag: str | None = None) -> None:
    with session_scope(engine) as session:
        row = feed_queries.upsert_feed(session=session, url=url, now=NOW - timedelta(days=1))
        row.etag = etag
        row.last_success_at = NOW - timedelta(days=1)  # not a first poll
        session.add(row)


def feeds(engine: Engine) -> list[FeedRow]:
    with Session(engine) as session:
        return list(session.exec(select(FeedRow).order_by(FeedRow.id)))  # type: ignore[arg-type]


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement sent while the block runs (an executemany counts once)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_one_cycle_polls_every_due_feed_claiming_chunk_after_chunk(
    engine: Engine, settings: Settings, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CLAIM_CHUNK", 3)  # 2 x fetch_concurrency would be 8
    small_chunks = settings.model_copy(update={"fetch_concurrency": 1})
    paths = [f"/q{n}" for n in range(10)]
    for path in paths:
        feed_server.add(path, EMPTY)
        add_feed(engine, feed_server.url(path))

    with statements(engine) as sent:
        summary = poll(engine, small_chunks)

    assert len(summary.feeds) == 10
    assert [feed_server.hits(path) for path in paths] == [1] * 10
    claims = [s for s in sent if s.startswith("UPDATE feed") and "IN (SELECT" in s]
    assert len(claims) >= 4  # 3 + 3 + 3 + 1, then an empty claim ends the cycle
    assert all(row.next_poll_at == NOW + timedelta(seconds=INTERVAL) for row in feeds(engine))
    assert poll(engine, small_chunks).feeds == []  # nothing is due again until the interval


def test_three_workers_share_many_feeds_and_fetch_each_once(
    engine: Engine, settings: Settings, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CLAIM_CHUNK", 2)
    paths = [f"/w{n}" for n in range(24)]
    for path in paths:
        feed_server.add(path, EMPTY, delay=0.02)
        add_feed(engine, feed_server.url(path))
    start = threading.Barrier(3)
    summaries: list[PollSummary] = []

    def worker() -> None:
        start.wait()
        summaries.append(poll(engine, settings.model_copy(update={"fetch_concurrency": 1})))

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [feed_server.hits(path) for path in paths] == [1] * 24
    polled = sorted(report.url for summary in summaries for report in summary.feeds)
    assert polled == sorted(feed_server.url(path) for path in paths)


def test_quiet_and_failing_feeds_health_is_written_in_bulk(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    quiet = [f"/n{n}" for n in range(30)]
    for path in quiet:
        feed_server.add(path, EMPTY, etag='"v1"')  # our stored ETag: 304
        add_feed(engine, feed_server.url(path), etag='"v1"')
    broken = [f"/gone{n}" for n in range(5)]
    for path in broken:
        feed_server.add(path, b"nope", status=404, content_type="text/plain")
        add_feed(engine, feed_server.url(path))

    with statements(engine) as sent:
        summary = poll(engine, settings)

    assert len(summary.feeds_with(FeedStatus.NOT_MODIFIED)) == 30
    assert len(summary.feeds_with(FeedStatus.FAILED)) == 5
    health_writes = [s for s in sent if s.startswith("UPDATE feed SET") and "IN (SELECT" not in s]
    assert len(health_writes) == 2  # one for the 304s, one for the failures
    rows = {row.url: row for row in feeds(engine)}
    for path in quiet:
        row = rows[feed_server.url(path)]
        assert row.last_polled_at == row.last_success_at == NOW
        assert row.next_poll_at == NOW + timedelta(seconds=INTERVAL)
        assert (row.consecutive_failures, row.last_error, row.etag) == (0, None, '"v1"')
    for path in broken:
        row = rows[feed_server.url(path)]
        assert row.consecutive_failures == 1 and row.last_error == "HTTP 404 Not Found"
        assert row.last_success_at == NOW - timedelta(days=1)
        assert row.next_poll_at is not None
        assert row.next_poll_at >= NOW + timedelta(seconds=INTERVAL * 2 * 0.8)  # backoff


def test_known_items_are_found_with_one_query_for_the_whole_feed(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/many", other_news(40))  # no validators: the body comes back every time
    add_feed(engine, feed_server.url("/many"))
    assert poll(engine, settings).feeds[0].stories_new == 40

    with statements(engine) as sent:
        again = poll(engine, settings, NOW + timedelta(hours=1))

    assert again.feeds[0].stories_new == 0
    story_reads = [s for s in sent if s.startswith("SELECT") and "FROM story" in s]
    assert len(story_reads) <= 2  # guids IN (...), urls IN (...): not one lookup per item


def test_irrelevant_stories_are_saved_in_one_transaction(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/other", other_news(40))
    add_feed(engine, feed_server.url("/other"))
    commits: list[int] = []

    def count(_conn: Any) -> None:
        commits.append(1)

    event.listen(engine, "commit", count)
    try:
        summary = poll(engine, settings)
    finally:
        event.remove(engine, "commit", count)

    assert summary.feeds[0].stories_new == 40 and summary.feeds[0].stories_relevant == 0
    with Session(engine) as session:
        assert len(list(session.exec(select(StoryRow)))) == 40
    assert len(commits) < 12  # feeds file, claims, reads, health, one for the 40 stories


def test_a_story_failing_inside_a_batch_is_rolled_back_alone(
    engine: Engine, settings: Settings, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_server.add("/other", other_news(10))
    add_feed(engine, feed_server.url("/other"))
    save = outcome_queries.save_story_outcome

    def save_or_fail(**kwargs: Any) -> Any:
        saved = save(**kwargs)  # written, then the story fails: its savepoint must undo it
        if kwargs["outcome"].story.guid == "x-3":
            raise RuntimeError("boom")
        return saved

    def batch_fails(**_kwargs: Any) -> Any:  # the one-statement batch fails: one by one
        raise RuntimeError("batch insert failed")

    monkeypatch.setattr(pipeline, "insert_plain_stories", batch_fails)
    monkeypatch.setattr(outcome_queries, "save_story_outcome", save_or_fail)
    summary = poll(engine, settings)

    assert summary.feeds[0].stories_failed == 1 and summary.feeds[0].stories_new == 9
    with Session(engine) as session:
        guids = sorted(row.guid for row in session.exec(select(StoryRow)))
    assert guids == sorted(f"x-{n}" for n in range(10) if n != 3)


def test_irrelevant_stories_are_one_insert_with_no_lock_and_no_wire_lookup(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/other", other_news(30))
    add_feed(engine, feed_server.url("/other"))

    with statements(engine) as sent:
        summary = poll(engine, settings)

    assert summary.feeds[0].stories_new == 30
    inserts = [s for s in sent if s.startswith("INSERT INTO story ")]
    assert len(inserts) == 1 and "ON CONFLICT DO NOTHING" in inserts[0]
    assert not [s for s in sent if "advisory" in s]
    assert not [s for s in sent if "content_hash = " in s or "story.simhash IS NOT NULL" in s]
    with Session(engine) as session:
        stored = list(session.exec(select(StoryRow)))
    assert len(stored) == 30 and not any(row.relevant or row.alertable for row in stored)
    assert all(row.simhash is None for row in stored)


def test_a_repeated_item_and_one_stored_meanwhile_are_duplicates_of_the_batch(
    engine: Engine, settings: Settings, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker stored x-2 after this one read the known items (ON CONFLICT DO NOTHING),
    and the feed lists x-4's link twice: both are counted duplicates, nothing fails."""
    body = other_news(6).replace("</channel>", _item_again(other_news(6), "x-4") + "</channel>")
    feed_server.add("/other", body)
    add_feed(engine, feed_server.url("/other"))
    real_known = pipeline.known_story_keys

    def known_then_stored_by_another(**kwargs: Any) -> Any:
        keys = real_known(**kwargs)
        with session_scope(engine) as session:
            session.add(
                StoryRow(guid="x-2", url="https://news.example.org/x-2", published=NOW, fetched=NOW)
            )
        return keys

    monkeypatch.setattr(pipeline, "known_story_keys", known_then_stored_by_another)
    summary = poll(engine, settings)

    report = summary.feeds[0]
    assert (report.stories_new, report.stories_failed) == (5, 0)
    with Session(engine) as session:
        urls = sorted(row.url for row in session.exec(select(StoryRow)))
    assert urls == sorted(f"https://news.example.org/x-{n}" for n in range(6))


def _item_again(feed: str, guid: str) -> str:
    start = feed.index(f"<guid isPermaLink='false'>{guid}</guid>")
    start, end = feed.rindex("<item>", 0, start), feed.index("</item>", start) + len("</item>")
    return feed[start:end].replace(f">{guid}</guid>", f">{guid}-again</guid>")


def test_a_chunk_is_ordered_by_host() -> None:
    rows = [
        FeedRow(id=1, url="https://b.example/rss", added_at=NOW),
        FeedRow(id=2, url="https://a.example/one", added_at=NOW),
        FeedRow(id=3, url="https://b.example/atom", added_at=NOW),
        FeedRow(id=4, url="https://a.example/two", added_at=NOW),
    ]
    assert [row.id for row in by_host(rows)] == [2, 4, 1, 3]
