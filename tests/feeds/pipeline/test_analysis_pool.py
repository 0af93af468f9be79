"""The analysis in worker processes (feeds/pipeline/analysis_pool.py): spawned workers answer in
feed order, one failing story or one dying worker never stops the others, and a cycle with the
pool stores what a cycle without it stores (real SQLite and PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.settings import SettingsError, load_settings
from feeds.analysis.relevance import load_default_watchlist
from feeds.model import Story
from feeds.pipeline.analysis_pool import (
    MIN_STORIES_FOR_POOL,
    AnalysisPool,
    Reading,
    analysis_pool,
    default_workers,
    read_story,
    shutdown_pools,
)
from storage.models import IncidentRow, StoryRow
from tests.feeds.pipeline.test_run import NOW, SEED, SEED_TITLE, add_feed, poll, rss
from tests.helpers.builders import story
from tests.helpers.http import FeedServer

PARENT_PID_VARIABLE = "MALIWATCH_TEST_POOL_PARENT"


class ExitsInAWorker(str):
    """A story text whose length ends the process that asks, unless it is the test's own."""

    __slots__ = ()

    def __len__(self) -> int:
        if str(os.getpid()) != os.environ.get(PARENT_PID_VARIABLE):
            os._exit(3)  # a worker killed mid-story (out of memory, a segfault in C code)
        return str.__len__(self)


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[AnalysisPool]:
    monkeypatch.setenv(PARENT_PID_VARIABLE, str(os.getpid()))  # inherited by spawned workers
    workers = AnalysisPool(2)
    yield workers
    workers.shutdown()


def stories(count: int) -> list[Story]:
    mali = SEED
    other = "Kenya's parliament passed the finance bill on Tuesday after a long debate."
    return [
        story(f"s{n}", text=mali if n % 3 == 0 else other, title=SEED_TITLE if n % 3 == 0 else "")
        for n in range(count)
    ]


def summary(readings: list[Reading]) -> list[tuple[str, bool | None, int, str]]:
    return [
        (
            r.story.guid,
            r.analysis.relevant if r.analysis else None,
            len(r.analysis.events) if r.analysis else -1,
            type(r.error).__name__ if r.error else "",
        )
        for r in readings
    ]


def test_workers_answer_in_order_what_the_process_itself_reads(pool: AnalysisPool) -> None:
    watch = load_default_watchlist()
    batch = stories(20)

    in_workers = list(pool.analyse_all(batch, watch=watch))

    assert [r.story for r in in_workers] == batch
    assert summary(in_workers) == summary([read_story(s, watch) for s in batch])
    assert any(r.analysis and r.analysis.relevant for r in in_workers)
    relevant = [r for r in in_workers if r.analysis and r.analysis.relevant]
    assert all(r.lead_simhash for r in relevant)
    assert all(r.lead_simhash is None for r in in_workers if r not in relevant)


def test_a_story_failing_in_a_worker_is_a_value_and_the_others_go_on(pool: AnalysisPool) -> None:
    batch = stories(MIN_STORIES_FOR_POOL)
    batch[4] = story("broken", text=12345)  # type: ignore[arg-type]

    readings = list(pool.analyse_all(batch, watch=load_default_watchlist()))

    assert [r.story.guid for r in readings] == [s.guid for s in batch]
    assert [r.story.guid for r in readings if r.error is not None] == ["guid-broken"]
    assert isinstance(readings[4].error, TypeError) and "Traceback" in readings[4].trace
    assert all(r.analysis is not None for n, r in enumerate(readings) if n != 4)


def test_a_worker_that_dies_costs_only_an_in_process_reading(pool: AnalysisPool) -> None:
    batch = stories(MIN_STORIES_FOR_POOL)
    batch[5] = story("killer", text=ExitsInAWorker("A Kenyan story of no concern to Mali."))
    watch = load_default_watchlist()

    readings = list(pool.analyse_all(batch, watch=watch))

    assert [r.story.guid for r in readings] == [s.guid for s in batch]
    assert all(r.analysis is not None and r.error is None for r in readings)
    again = list(pool.analyse_all(stories(MIN_STORIES_FOR_POOL), watch=watch))  # a fresh pool
    assert all(r.analysis is not None for r in again)


def test_a_few_stories_are_read_in_process_without_starting_workers(pool: AnalysisPool) -> None:
    few = stories(MIN_STORIES_FOR_POOL - 1)
    few[0] = story("killer", text=ExitsInAWorker("Nothing about Mali."))

    readings = list(pool.analyse_all(few, watch=load_default_watchlist()))

    assert all(r.analysis is not None for r in readings)
    assert pool._executor is None  # no worker was started for them


def test_zero_or_one_worker_reads_in_process() -> None:
    assert AnalysisPool(0).in_process and AnalysisPool(1).in_process
    killer = story("killer", text=ExitsInAWorker("Nothing about Mali."))
    os.environ[PARENT_PID_VARIABLE] = str(os.getpid())
    try:
        (reading,) = AnalysisPool(1).analyse_all(
            [killer, *stories(0)], watch=load_default_watchlist()
        )
    finally:
        del os.environ[PARENT_PID_VARIABLE]
    assert reading.analysis is not None  # read here: in a worker it would have ended it


def test_the_setting_defaults_to_two_at_most_and_accepts_zero(tmp_path: Path) -> None:
    base = {"MALIWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    os.environ.pop("MALIWATCH_ANALYSIS_WORKERS", None)
    assert (
        load_settings(**base).analysis_workers == default_workers() == min(2, os.cpu_count() or 1)
    )
    assert load_settings(**base, MALIWATCH_ANALYSIS_WORKERS=0).analysis_workers == 0
    assert (
        load_settings(**base, MALIWATCH_ANALYSIS_WORKERS=" ").analysis_workers == default_workers()
    )
    with pytest.raises(SettingsError, match="MALIWATCH_ANALYSIS_WORKERS"):
        load_settings(**base, MALIWATCH_ANALYSIS_WORKERS=-1)


def test_a_cycle_with_two_workers_stores_what_one_process_stores(
    engine: Engine, feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        (f"m{n}", SEED_TITLE if n % 4 == 0 else f"Kenya news {n}",
         SEED if n % 4 == 0 else f"Kenya's parliament met again, session {n}.", NOW)
        for n in range(20)
    ]  # fmt: skip
    feed_server.add("/rss", rss(*items))
    add_feed(engine, feed_server.url("/rss"))
    monkeypatch.setenv("MALIWATCH_ANALYSIS_WORKERS", "2")
    settings = load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}", MALIWATCH_FETCH_TIMEOUT=5
    )
    assert settings.analysis_workers == 2

    try:
        report = poll(engine, settings).feeds[0]
        assert analysis_pool(2)._executor is not None  # the stories went to worker processes
    finally:
        shutdown_pools()

    assert (report.stories_new, report.stories_relevant, report.stories_failed) == (20, 5, 0)
    assert report.incidents_new == 1  # the five copies of one event share one incident
    with Session(engine) as session:
        guids = [row.guid for row in session.exec(select(StoryRow).order_by(StoryRow.id))]
        assert guids == [f"m{n}" for n in range(20)]  # stored in feed order
        assert len(session.exec(select(IncidentRow)).all()) == 1
