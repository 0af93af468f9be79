"""Scheduled jobs: registered on both schedulers with their options; callbacks called directly."""

from __future__ import annotations

import asyncio
import io
import os
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from pydantic import SecretStr
from rich.console import Console
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from telegram.ext import ApplicationBuilder

from bot.delivery.senders import ConsoleSender
from bot.jobs import MaliwatchJobs, digest_time, register_jobs
from bot.runner import build_telegram_runner, run_console_scheduler
from bot.settings import Settings, load_settings
from feeds.clock import FixedClock, SystemClock
from storage.db import session_scope
from storage.models import AlertRow, PollRunRow
from storage.queries import feeds as feed_queries
from tests.helpers.http import FeedServer
from tests.helpers.telegram import TEST_TOKEN, TelegramEmulator

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_POLL_INTERVAL=120,
        MALIWATCH_DIGEST_TIME="06:30",
        TELEGRAM_CHAT_ID="-1001",
    )


def console_sender() -> tuple[ConsoleSender, io.StringIO]:
    out = io.StringIO()
    return ConsoleSender(Console(file=out, width=100)), out


def test_jobs_on_apscheduler_are_coalesced_single_and_graced(
    sqlite_engine: Engine, settings: Settings
) -> None:
    scheduler = AsyncIOScheduler(timezone=UTC)
    sender, _ = console_sender()
    register_jobs(
        scheduler, settings=settings, engine=sqlite_engine, sender=sender, clock=FixedClock(NOW)
    )

    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"poll_feeds", "deliver_alerts", "send_digest"}
    poll = jobs["poll_feeds"]
    assert isinstance(poll.trigger, IntervalTrigger)
    assert poll.trigger.interval == timedelta(seconds=120)
    assert (poll.coalesce, poll.max_instances) == (True, 1)
    assert poll.misfire_grace_time >= 30
    digest = jobs["send_digest"]
    assert isinstance(digest.trigger, CronTrigger)
    fields = {f.name: str(f) for f in digest.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("6", "30")
    assert digest.misfire_grace_time == 3600


def test_jobs_on_ptb_job_queue(sqlite_engine: Engine, settings: Settings) -> None:
    application = ApplicationBuilder().token("123456:TEST-TOKEN").build()
    sender, _ = console_sender()
    register_jobs(
        application.job_queue,
        settings=settings,
        engine=sqlite_engine,
        sender=sender,
        clock=FixedClock(NOW),
    )

    jobs = {job.name: job for job in application.job_queue.jobs()}
    assert set(jobs) == {"poll_feeds", "deliver_alerts", "send_digest"}
    poll = jobs["poll_feeds"].job
    assert poll.trigger.interval == timedelta(seconds=120)
    assert (poll.coalesce, poll.max_instances) == (True, 1)
    digest_fields = {f.name: str(f) for f in jobs["send_digest"].job.trigger.fields}
    assert (digest_fields["hour"], digest_fields["minute"]) == ("6", "30")


def test_digest_time_is_utc(settings: Settings) -> None:
    at = digest_time(settings)
    assert (at.hour, at.minute, at.tzinfo) == (6, 30, UTC)


def test_digest_is_queued_once_per_day(engine: Engine, settings: Settings) -> None:
    sender, _ = console_sender()
    jobs = MaliwatchJobs(settings, engine, sender, httpx.AsyncClient(), FixedClock(NOW))

    first = jobs.send_digest(NOW)
    again = jobs.send_digest(NOW + timedelta(hours=3))
    tomorrow = jobs.send_digest(NOW + timedelta(days=1))

    assert first is not None and again is None and tomorrow not in (None, first)
    with Session(engine) as session:
        alerts = list(session.exec(select(AlertRow)))
    assert sorted(a.dedup_key for a in alerts) == ["digest:2026-11-24", "digest:2026-11-25"]
    assert {a.kind for a in alerts} == {"digest"}
    assert {a.chat_id for a in alerts} == {"-1001"}


def test_deliver_job_sends_the_queued_digest(sqlite_engine: Engine, settings: Settings) -> None:
    sender, out = console_sender()
    jobs = MaliwatchJobs(settings, sqlite_engine, sender, httpx.AsyncClient(), FixedClock(NOW))
    jobs.send_digest(NOW)

    report = asyncio.run(jobs.deliver_alerts(NOW + timedelta(seconds=1)))

    assert report.sent == 1
    assert "-1001" in out.getvalue()


def test_poll_job_runs_one_cycle_and_skips_while_one_is_running(
    sqlite_engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", "<rss version='2.0'><channel><title>T</title></channel></rss>")
    with session_scope(sqlite_engine) as session:
        feed_queries.upsert_feed(session=session, url=feed_server.url("/rss"), now=NOW)
    sender, _ = console_sender()

    async def scenario() -> tuple[object, object]:
        async with httpx.AsyncClient() as client:
            jobs = MaliwatchJobs(settings, sqlite_engine, sender, client, FixedClock(NOW))
            summary = await jobs.poll_feeds(NOW)
            async with jobs._cycle:  # a cycle in progress
                skipped = await jobs.poll_feeds(NOW + timedelta(hours=1))
            return summary, skipped

    summary, skipped = asyncio.run(scenario())
    assert summary is not None and skipped is None
    assert feed_server.hits("/rss") == 1
    with Session(sqlite_engine) as session:
        assert len(list(session.exec(select(PollRunRow)))) == 1


def test_console_scheduler_stops_cleanly_on_sigterm(
    sqlite_engine: Engine, settings: Settings
) -> None:
    sender, _ = console_sender()
    seen: list[list[str]] = []

    def started(scheduler: AsyncIOScheduler) -> None:
        seen.append(sorted(job.id for job in scheduler.get_jobs()))
        os.kill(os.getpid(), signal.SIGTERM)  # handled by the runner: a clean stop

    asyncio.run(
        run_console_scheduler(
            settings, sqlite_engine, clock=SystemClock(), sender=sender, on_started=started
        )
    )

    assert seen == [["deliver_alerts", "poll_feeds", "send_digest"]]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers removed


def test_run_with_a_token_polls_delivers_and_shuts_down(
    sqlite_engine: Engine,
    settings: Settings,
    feed_server: FeedServer,
    telegram_api: TelegramEmulator,
) -> None:
    """`maliwatch run`'s Telegram shape: the real Application, its JobQueue and TelegramSender.
    One cycle is driven from inside the running application, which then stops itself."""
    telegram_api.add_chat(-1001)
    settings = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TEST_TOKEN),
            "telegram_api_base_url": telegram_api.base_url,
        }
    )
    feed_server.add("/rss", "<rss version='2.0'><channel><title>T</title></channel></rss>")
    with session_scope(sqlite_engine) as session:
        feed_queries.upsert_feed(session=session, url=feed_server.url("/rss"), now=NOW)
    application, jobs = build_telegram_runner(settings, sqlite_engine, SystemClock())
    scheduled = {job.name for job in application.job_queue.jobs()}
    outcome: dict[str, object] = {}

    async def one_cycle(context: object) -> None:
        outcome["poll"] = await jobs.poll_feeds()
        await asyncio.to_thread(jobs.send_digest)
        outcome["delivery"] = await jobs.deliver_alerts()
        application.stop_running()

    application.job_queue.run_once(one_cycle, when=0)
    application.run_polling(stop_signals=None, close_loop=False)

    assert scheduled == {"poll_feeds", "deliver_alerts", "send_digest"}
    assert outcome["poll"] is not None and feed_server.hits("/rss") >= 1
    assert outcome["delivery"].sent == 1  # type: ignore[attr-defined]
    assert telegram_api.sent_texts(-1001)
    assert jobs.client.is_closed  # post_shutdown closed the feed client


def test_wait_idle_lets_the_cycle_in_progress_finish(
    sqlite_engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    """What shutdown relies on: waiting returns only once the running cycle is complete."""
    feed_server.add(
        "/slow", "<rss version='2.0'><channel><title>T</title></channel></rss>", delay=0.3
    )
    with session_scope(sqlite_engine) as session:
        feed_queries.upsert_feed(session=session, url=feed_server.url("/slow"), now=NOW)
    sender, _ = console_sender()

    async def scenario() -> tuple[bool, object]:
        async with httpx.AsyncClient() as client:
            jobs = MaliwatchJobs(settings, sqlite_engine, sender, client, FixedClock(NOW))
            cycle = asyncio.create_task(jobs.poll_feeds(NOW))
            await asyncio.sleep(0)  # let the cycle start (a yield, not a wait for time)
            await jobs.wait_idle()
            return cycle.done(), cycle.result()

    done, summary = asyncio.run(scenario())
    assert done and summary is not None
    assert feed_server.hits("/slow") == 1


def test_feeds_file_is_read_once_so_a_removed_feed_stays_removed(
    sqlite_engine: Engine, settings: Settings, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.add("/rss", "<rss version='2.0'><channel><title>T</title></channel></rss>")
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(f"# Test\n{feed_server.url('/rss')}\n", encoding="utf-8")
    settings = settings.model_copy(update={"feeds_file": feeds_file})
    sender, _ = console_sender()

    async def scenario() -> list[int]:
        async with httpx.AsyncClient() as client:
            jobs = MaliwatchJobs(settings, sqlite_engine, sender, client, FixedClock(NOW))
            await jobs.poll_feeds(NOW)
            with session_scope(sqlite_engine) as session:
                feed_queries.remove_feed(
                    session=session, url=feed_server.url("/rss")
                )  # /feeds remove
            await jobs.poll_feeds(NOW + timedelta(hours=1))
            with Session(sqlite_engine) as session:
                return [len(feed_queries.list_feeds(session=session))]

    assert asyncio.run(scenario()) == [0]
    assert feed_server.hits("/rss") == 1
