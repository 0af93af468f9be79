"""Scheduled work: poll the feeds, deliver the outbox, queue the daily digest.

The callbacks are thin methods of :class:`MaliwatchJobs`, callable directly (tests call them
without a scheduler). ``register_jobs`` puts them on either scheduler the process uses:

* with a Telegram token, PTB's ``JobQueue`` (APScheduler's AsyncIOScheduler on the bot's loop);
* without one, an ``apscheduler`` ``AsyncIOScheduler`` driven by ``bot/runner.py``.

Polling is coalesced with at most one instance; a lock also lets shutdown wait for the cycle in
progress to finish (``wait_idle``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bot.delivery.worker import deliver_due_alerts
from feeds.clock import Clock, FixedClock
from feeds.ingest.fetch import make_http_client
from feeds.model.alerts import DigestAlert
from feeds.pipeline.reports import PollSummary
from feeds.pipeline.run import poll_once
from storage.db import session_scope
from storage.queries import alerts as alert_queries

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.engine import Engine

    from bot.delivery.senders import AlertSender
    from bot.delivery.worker import DeliveryReport
    from bot.settings import Settings

log = logging.getLogger(__name__)

DELIVERY_INTERVAL_SECONDS = 5
DIGEST_GRACE_SECONDS = 3600  # a process restarted within the hour still sends the digest


@dataclass
class MaliwatchJobs:
    """The jobs' shared state: settings, database, alert sender and the feed client."""

    settings: Settings
    engine: Engine
    sender: AlertSender
    client: httpx.AsyncClient
    clock: Clock
    _cycle: asyncio.Lock = field(default_factory=asyncio.Lock)
    _delivery: asyncio.Lock = field(default_factory=asyncio.Lock)
    _feeds_added: bool = False  # MALIWATCH_FEEDS_FILE is read on the first cycle only

    async def poll_feeds(self, now: datetime | None = None) -> PollSummary | None:
        """One polling cycle; skipped (None) while the previous one is still running."""
        if self._cycle.locked():
            log.info("poll skipped: the previous cycle is still running")
            return None
        async with self._cycle:
            summary = await poll_once(
                engine=self.engine,
                settings=self.settings,
                client=self.client,
                clock=FixedClock(now) if now is not None else self.clock,
                add_feeds=not self._feeds_added,
            )
            self._feeds_added = True
            return summary

    async def deliver_alerts(self, now: datetime | None = None) -> DeliveryReport:
        async with self._delivery:
            clock = FixedClock(now) if now is not None else self.clock
            return await deliver_due_alerts(
                engine=self.engine,
                sender=self.sender,
                clock=clock,
                language=self.settings.language,
            )

    def send_digest(self, now: datetime | None = None) -> int | None:
        """Queue today's DIGEST alert (once per UTC day); delivery renders and sends it."""
        now = now or self.clock.now()
        day = now.date().isoformat()
        digest = DigestAlert(day=now.date(), since=now - timedelta(days=1))
        with session_scope(self.engine) as session:
            row = alert_queries.enqueue_alert(
                session=session,
                alert=digest,
                dedup_key=f"digest:{day}",
                chat_id=self.settings.telegram_chat_id or "console",
                thread_id=self.settings.telegram_thread_id,
                now=now,
            )
            alert_id = row.id if row is not None else None
        log.info("digest for %s queued: alert %s", day, alert_id)
        return alert_id

    async def wait_idle(self) -> None:
        """Return once the polling cycle and the delivery in progress, if any, have finished
        (on shutdown: a cycle is never cut in the middle)."""
        async with self._cycle, self._delivery:
            return

    async def aclose(self) -> None:
        await self.wait_idle()
        await self.client.aclose()


def digest_time(settings: Settings) -> time:
    hours, minutes = (int(part) for part in settings.digest_time.split(":"))
    return time(hours, minutes, tzinfo=UTC)


def register_jobs(
    job_queue_or_scheduler: Any,
    *,
    settings: Settings,
    engine: Engine,
    sender: AlertSender,
    clock: Clock,
    client: httpx.AsyncClient | None = None,
) -> MaliwatchJobs:
    """Schedule poll_feeds, deliver_alerts and send_digest on a PTB JobQueue or an
    APScheduler scheduler; return the jobs object (its ``aclose`` closes the client)."""
    jobs = MaliwatchJobs(
        settings,
        engine,
        sender,
        client
        or make_http_client(
            timeout=settings.fetch_timeout, allow_private=settings.allow_private_feeds
        ),
        clock,
    )
    if hasattr(job_queue_or_scheduler, "run_repeating"):
        _register_on_job_queue(job_queue_or_scheduler, jobs)
    else:
        _register_on_scheduler(job_queue_or_scheduler, jobs)
    return jobs


def _repeat_options(settings: Settings) -> dict[str, Any]:
    return {
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": max(30, settings.poll_interval // 2),
    }


def _register_on_job_queue(job_queue: Any, jobs: MaliwatchJobs) -> None:
    async def poll(_context: object) -> None:
        await jobs.poll_feeds()

    async def deliver(_context: object) -> None:
        await jobs.deliver_alerts()

    async def digest(_context: object) -> None:
        await asyncio.to_thread(jobs.send_digest)

    options = _repeat_options(jobs.settings)
    job_queue.run_repeating(
        poll, interval=jobs.settings.poll_interval, first=1, name="poll_feeds", job_kwargs=options
    )
    job_queue.run_repeating(
        deliver,
        interval=DELIVERY_INTERVAL_SECONDS,
        first=2,
        name="deliver_alerts",
        job_kwargs={**options, "misfire_grace_time": 30},
    )
    job_queue.run_daily(
        digest,
        time=digest_time(jobs.settings),
        name="send_digest",
        job_kwargs={**options, "misfire_grace_time": DIGEST_GRACE_SECONDS},
    )


def _register_on_scheduler(scheduler: Any, jobs: MaliwatchJobs) -> None:
    options = _repeat_options(jobs.settings)
    start = jobs.clock.now() + timedelta(seconds=1)
    scheduler.add_job(
        jobs.poll_feeds,
        "interval",
        seconds=jobs.settings.poll_interval,
        next_run_time=start,
        id="poll_feeds",
        **options,
    )
    scheduler.add_job(
        jobs.deliver_alerts,
        "interval",
        seconds=DELIVERY_INTERVAL_SECONDS,
        next_run_time=start + timedelta(seconds=1),
        id="deliver_alerts",
        **{**options, "misfire_grace_time": 30},
    )
    at = digest_time(jobs.settings)
    scheduler.add_job(
        jobs.send_digest,
        "cron",
        hour=at.hour,
        minute=at.minute,
        timezone=UTC,
        id="send_digest",
        **{**options, "misfire_grace_time": DIGEST_GRACE_SECONDS},
    )
