"""The story's path end to end: loopback feeds → pipeline → real databases."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.settings import Settings, load_settings
from feeds.clock import FixedClock
from feeds.ingest.opml import read_feed_list
from feeds.model import (
    Story,
    StoryAnalysis,
)
from feeds.pipeline import analysis_pool
from feeds.pipeline.reports import FeedStatus, PollSummary
from feeds.pipeline.run import is_fresh, poll_once
from feeds.pipeline.sources import FeedsFileError, check_feeds_file, ensure_feeds
from storage.db import session_scope
from storage.models import AlertRow, FeedRow, IncidentRow, PollRunRow, StoryRow
from storage.queries import feeds as feed_queries
from tests.helpers.builders import story as build_story
from tests.helpers.http import FeedServer
from tests.helpers.paths import ROOT, SEED_STORY

SEED = SEED_STORY.read_text(encoding="utf-8")
NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
SEED_TITLE = "Mali army airstrike on market kills at least 18, Tuareg group says"


def rss(*items: tuple[str, str, str, datetime], title: str = "Test feed") -> str:
    """An RSS 2.0 document from (guid, title, text, published) items."""
    body = "".join(
        f"<item><title>{escape(head)}</title><link>https://news.example.org/{guid}</link>"
        f"<guid isPermaLink='false'>{guid}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for guid, head, text, when in items
    )
    channel = f"<channel><title>{title}</title>{body}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"


def seed_item(
    guid: str, hours_ago: float = 1, *, now: datetime = NOW
) -> tuple[str, str, str, datetime]:
    return (guid, SEED_TITLE, SEED, now - timedelta(hours=hours_ago))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_FETCH_TIMEOUT=5,
        MALIWATCH_ALERT_MAX_AGE_HOURS=6,
    )


def poll(engine: Engine, settings: Settings, now: datetime = NOW) -> PollSummary:
    async def run() -> PollSummary:
        async with httpx.AsyncClient(timeout=5) as client:
            return await poll_once(
                engine=engine, settings=settings, client=client, clock=FixedClock(now)
            )

    return asyncio.run(run())


def add_feed(engine: Engine, url: str) -> None:
    with session_scope(engine) as session:
        feed_queries.upsert_feed(session=session, url=url, title="", now=NOW - timedelta(days=1))


def rows(engine: Engine, table: type) -> list[Any]:
    with Session(engine) as session:
        return list(session.exec(select(table)))


# ── end to end ───────────────────────────────────────────────────────────────────────────────


def test_second_poll_is_not_modified_and_adds_no_duplicates(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", rss(seed_item("lerneb-1")), etag='"v1"')
    add_feed(engine, feed_server.url("/rss"))

    first = poll(engine, settings)
    later = NOW + timedelta(seconds=settings.poll_interval)
    second = poll(engine, settings, now=later)

    assert [r.status for r in first.feeds] == [FeedStatus.OK]
    assert first.total("stories_new") == 1 and first.total("stories_relevant") == 1
    assert [r.status for r in second.feeds] == [FeedStatus.NOT_MODIFIED]
    assert feed_server.requests_to("/rss")[1].headers["If-None-Match"] == '"v1"'
    assert len(rows(engine, StoryRow)) == 1
    assert len(rows(engine, IncidentRow)) == 1
    assert len(rows(engine, PollRunRow)) == 2
    assert rows(engine, FeedRow)[0].title == "Test feed"  # an untitled feed takes its own title


def test_republished_feed_without_etag_adds_no_duplicates(
    sqlite_engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", rss(seed_item("lerneb-1")))
    add_feed(sqlite_engine, feed_server.url("/rss"))
    poll(sqlite_engine, settings)
    feed_server.add("/rss", rss(seed_item("lerneb-1"), ("other", "Weather", "Rain in Paris.", NOW)))
    second = poll(sqlite_engine, settings, now=NOW + timedelta(hours=1))

    assert second.total("stories_new") == 1  # only the new item; the seed story is a duplicate
    assert len(rows(sqlite_engine, StoryRow)) == 2


def test_broken_feed_is_marked_unhealthy_and_others_are_processed(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/good", rss(seed_item("lerneb-1")))
    feed_server.add("/html", "<html><body>Not a feed</body></html>", content_type="text/html")
    for path in ("/good", "/html", "/missing"):
        add_feed(engine, feed_server.url(path))

    summary = poll(engine, settings)

    by_url = {report.url: report for report in summary.feeds}
    assert by_url[feed_server.url("/good")].status is FeedStatus.OK
    assert by_url[feed_server.url("/html")].status is FeedStatus.FAILED
    assert by_url[feed_server.url("/missing")].status is FeedStatus.FAILED
    assert "404" in (by_url[feed_server.url("/missing")].error or "")
    feeds = {row.url: row for row in rows(engine, FeedRow)}
    assert not feeds[feed_server.url("/html")].healthy
    assert feeds[feed_server.url("/html")].last_error
    assert feeds[feed_server.url("/good")].healthy
    assert feeds[feed_server.url("/missing")].next_poll_at > NOW + timedelta(
        seconds=settings.poll_interval
    )  # backoff
    assert len(rows(engine, StoryRow)) == 1
    run = rows(engine, PollRunRow)[0]
    assert (run.feeds_ok, run.feeds_failed) == (1, 2)


def test_a_story_that_crashes_is_logged_and_the_others_go_on(
    sqlite_engine: Engine,
    settings: Settings,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real_analyse = analysis_pool.analyse_story

    def analyse_or_crash(story: Story, *, watch: object) -> StoryAnalysis:
        if story.guid == "boom":  # a bug in the analysis, for this one story only
            raise ZeroDivisionError("injected")
        return real_analyse(story, watch=watch)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis_pool, "analyse_story", analyse_or_crash)
    boom = ("boom", "Mali: a story the analysis chokes on", "Mopti.", NOW)
    feed_server.add("/rss", rss(boom, seed_item("lerneb-1")))
    add_feed(sqlite_engine, feed_server.url("/rss"))

    summary = poll(sqlite_engine, settings)

    (report,) = summary.feeds
    assert report.status is FeedStatus.OK
    assert (report.stories_failed, report.stories_relevant) == (1, 1)
    assert [row.guid for row in rows(sqlite_engine, StoryRow)] == ["lerneb-1"]
    crash = next(r for r in caplog.records if r.levelname == "ERROR")
    assert "news.example.org/boom" in crash.getMessage()
    assert feed_server.url("/rss") in crash.getMessage()
    assert crash.exc_info is not None and crash.exc_info[0] is ZeroDivisionError


def test_a_failed_story_is_retried_although_the_feed_answers_304(
    sqlite_engine: Engine,
    settings: Settings,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Validators are stored only after every story went through (review B10)."""
    real_analyse = analysis_pool.analyse_story
    broken = {"lerneb-1"}

    def analyse_or_crash(story: Story, *, watch: object) -> StoryAnalysis:
        if story.guid in broken:
            raise ZeroDivisionError("injected")
        return real_analyse(story, watch=watch)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis_pool, "analyse_story", analyse_or_crash)
    feed_server.add("/rss", rss(seed_item("lerneb-1")), etag='"v1"')
    add_feed(sqlite_engine, feed_server.url("/rss"))

    first = poll(sqlite_engine, settings)
    assert first.total("stories_failed") == 1
    assert rows(sqlite_engine, FeedRow)[0].etag is None
    broken.clear()  # the bug is fixed; the feed has not changed
    second = poll(sqlite_engine, settings, now=NOW + timedelta(seconds=settings.poll_interval))

    assert "If-None-Match" not in feed_server.requests_to("/rss")[1].headers
    assert [r.status for r in second.feeds] == [FeedStatus.OK]
    assert [row.guid for row in rows(sqlite_engine, StoryRow)] == ["lerneb-1"]
    assert rows(sqlite_engine, FeedRow)[0].etag == '"v1"'


def test_two_workers_polling_at_once_fetch_each_feed_once(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    """Each due feed is claimed by one worker (review B13)."""
    paths = [f"/f{n}" for n in range(4)]
    for path in paths:
        feed_server.add(path, rss(), delay=0.2)  # both workers are busy at the same time
        add_feed(engine, feed_server.url(path))
    start = threading.Barrier(2)
    summaries: list[PollSummary] = []

    def worker() -> None:
        start.wait()
        summaries.append(poll(engine, settings))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [feed_server.hits(path) for path in paths] == [1, 1, 1, 1]
    polled = sorted(report.url for summary in summaries for report in summary.feeds)
    assert polled == sorted(feed_server.url(path) for path in paths)


def test_a_cycle_fetches_at_most_fetch_concurrency_feeds_at_once(
    sqlite_engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    paths = [f"/c{n}" for n in range(5)]
    for path in paths:
        feed_server.add(path, rss(), delay=0.1)
        add_feed(sqlite_engine, feed_server.url(path))
    two_at_a_time = settings.model_copy(update={"fetch_concurrency": 2})

    summary = poll(sqlite_engine, two_at_a_time)

    assert len(summary.feeds) == 5
    assert [feed_server.hits(path) for path in paths] == [1] * 5
    assert feed_server.max_in_flight <= 2


def test_wire_copy_is_linked_not_counted_and_not_alerted(
    sqlite_engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/wire", rss())
    feed_server.add("/portal", rss())
    for path in ("/wire", "/portal"):
        add_feed(sqlite_engine, feed_server.url(path))
    poll(sqlite_engine, settings, now=NOW - timedelta(hours=3))  # first poll of both: empty
    feed_server.add("/wire", rss(seed_item("wire-1", 2)))
    poll(sqlite_engine, settings)  # the wire story
    feed_server.add("/portal", rss(seed_item("portal-1", 1)))
    summary = poll(sqlite_engine, settings, now=NOW + timedelta(hours=1))  # the portal's copy

    stories = {row.guid: row for row in rows(sqlite_engine, StoryRow)}
    original, copy = stories["wire-1"], stories["portal-1"]
    assert copy.syndicated_copy_of == original.id
    assert not copy.alertable and original.alertable
    assert summary.total("wire_copies") == 1
    assert summary.total("incidents_new") == 0
    assert len(rows(sqlite_engine, IncidentRow)) == 1
    assert all(alert.story_id != copy.id for alert in rows(sqlite_engine, AlertRow))


FRENCH = (
    "Une frappe de l'armée malienne a touché dimanche un marché situé à une cinquantaine de "
    "kilomètres au nord de Lerneb, dans la région de Tombouctou. Selon la CDRAP, au moins 18 "
    "personnes ont été tuées et sept autres blessées. L'armée affirme avoir neutralisé 11 "
    "« terroristes » dans un « refuge »."
)


def test_two_feeds_reporting_one_new_event_in_one_cycle_open_one_incident(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/en", rss())
    feed_server.add("/fr", rss())
    for path in ("/en", "/fr"):
        add_feed(engine, feed_server.url(path))
    poll(engine, settings, now=NOW - timedelta(hours=2))  # first polls: nothing yet
    feed_server.add("/en", rss(seed_item("lerneb-en", 1)))
    french = ("lerneb-fr", "Mali : frappe sur un marché au nord de Lerneb", FRENCH, NOW)
    feed_server.add("/fr", rss(french))

    summary = poll(engine, settings)  # both feeds at once (concurrency 8)

    assert summary.total("stories_relevant") == 2
    assert summary.total("incidents_new") == 1
    assert len(rows(engine, IncidentRow)) == 1


def test_backlog_is_stored_but_not_alerted(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", rss(seed_item("lerneb-1", 1)))
    add_feed(engine, feed_server.url("/rss"))

    first = poll(engine, settings)  # first poll of the feed: a fresh story, still backlog
    assert first.total("stories_relevant") == 1
    assert rows(engine, AlertRow) == []
    assert not rows(engine, StoryRow)[0].alertable

    fla = (
        "The Azawad Liberation Front accused the Malian army and Wagner fighters of executing"
        " at least 24 civilians near Kidal, in northern Mali, the group said in a statement."
    )
    old = ("old-1", "Mali: FLA accuses army of executions", fla, NOW - timedelta(days=3))
    feed_server.add("/rss", rss(seed_item("lerneb-1", 1), old))
    poll(engine, settings, now=NOW + timedelta(hours=1))
    stored = {row.guid: row for row in rows(engine, StoryRow)}
    assert not stored["old-1"].alertable  # published 3 days ago: older than the alert window
    assert rows(engine, AlertRow) == []


def test_fresh_story_after_the_first_poll_queues_alerts(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", rss(("weather", "Weather", "Rain expected in Paris.", NOW)))
    add_feed(engine, feed_server.url("/rss"))
    poll(engine, settings)
    feed_server.add("/rss", rss(seed_item("lerneb-1", 0.5, now=NOW + timedelta(hours=1))))

    summary = poll(engine, settings, now=NOW + timedelta(hours=1))

    assert summary.total("incidents_new") == 1
    kinds = {alert.kind for alert in rows(engine, AlertRow)}
    assert "new_incident" in kinds
    assert "contradiction" in kinds  # at least 18 against 11; civilians against "terrorists"


# ── small rules ──────────────────────────────────────────────────────────────────────────────


def test_freshness_uses_the_alert_window(settings: Settings) -> None:
    story = build_story(
        "s",
        feed_url="f",
        guid="g",
        url="u",
        title="t",
        text="x",
        published=NOW - timedelta(hours=5),
        fetched=NOW,
        content_hash="",
    )
    assert is_fresh(story, settings, now=NOW)
    assert not is_fresh(story, settings, now=NOW + timedelta(hours=2))


def test_feeds_come_from_the_feeds_file_or_else_the_seed_list(
    sqlite_engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    seeds = len(read_feed_list(ROOT / "seeds" / "feeds.txt").feeds)
    with Session(sqlite_engine) as session:
        assert ensure_feeds(session=session, settings=settings, now=NOW) == seeds  # empty DB
        assert ensure_feeds(session=session, settings=settings, now=NOW) == 0  # has feeds
        session.commit()
        listed = feed_queries.list_feeds(session=session)
        assert len(listed) == seeds
        assert any(row.title == "RFI Afrique" for row in listed)

    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text("https://a.example/rss\nhttps://a.example/rss\n", encoding="utf-8")
    with_file = settings.model_copy(update={"feeds_file": feeds_file})
    with Session(sqlite_engine) as session:
        assert ensure_feeds(session=session, settings=with_file, now=NOW) == 1
        assert ensure_feeds(session=session, settings=with_file, now=NOW) == 1  # idempotent
        session.commit()
        assert len(feed_queries.list_feeds(session=session)) == seeds + 1


def test_removing_every_feed_does_not_bring_the_seeds_back(
    engine: Engine, settings: Settings
) -> None:
    """Seeds go only into an empty feed table (review B9)."""
    with session_scope(engine) as session:
        assert ensure_feeds(session=session, settings=settings, now=NOW) > 0
        for row in feed_queries.list_feeds(session=session):
            feed_queries.remove_feed(session=session, url=row.url)
    with session_scope(engine) as session:
        assert ensure_feeds(session=session, settings=settings, now=NOW) == 0
        assert feed_queries.list_feeds(session=session) == []


def test_a_missing_feeds_file_is_logged_and_the_stored_feeds_are_kept(
    sqlite_engine: Engine,
    settings: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_feed(sqlite_engine, "https://a.example/rss")
    missing = settings.model_copy(update={"feeds_file": tmp_path / "nope.txt"})
    with pytest.raises(FeedsFileError, match="MALIWATCH_FEEDS_FILE: no such file"):
        check_feeds_file(missing)
    with session_scope(sqlite_engine) as session:
        assert ensure_feeds(session=session, settings=missing, now=NOW) == 0
        assert [row.url for row in feed_queries.list_feeds(session=session)] == [
            "https://a.example/rss"
        ]
    assert any("nope.txt" in record.getMessage() for record in caplog.records)


def test_the_seed_feed_list_has_titled_https_feeds() -> None:
    feed_list = read_feed_list(ROOT / "seeds" / "feeds.txt")
    assert feed_list.problems == []
    assert len(feed_list.feeds) >= 8
    assert all(url.startswith("https://") and title for url, title in feed_list.feeds)
