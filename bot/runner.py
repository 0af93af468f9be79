"""Process wiring: the database, one polling cycle, and the long-running `maliwatch run`.

``run`` has two shapes, with the same jobs (``bot/jobs.py``):

* a Telegram token is set: PTB's ``Application`` (``bot/telegram/app.py``) answers commands and its
  ``JobQueue`` runs the jobs; alerts go through ``TelegramSender``;
* no token: an APScheduler ``AsyncIOScheduler`` runs the jobs and alerts print to the console.

SIGINT / SIGTERM stop the scheduler, let the cycle in progress finish, then close the feed client
and the database (PTB does the same through ``Application.stop``, which waits for running jobs).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.delivery.senders import ConsoleSender
from bot.delivery.worker import deliver_due_alerts
from bot.jobs import MaliwatchJobs, register_jobs
from feeds.clock import Clock
from feeds.ingest.fetch import make_http_client
from feeds.pipeline.reports import PollSummary, Progress
from feeds.pipeline.run import poll_once
from storage.db import init_db

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.engine import Engine

    from bot.delivery.senders import AlertSender
    from bot.settings import Settings
    from bot.telegram.types import BotApplication

log = logging.getLogger(__name__)

MAX_DELIVERY_ROUNDS = 20  # 20 x 50 alerts per `poll`; the rest waits for the next run


def open_database(settings: Settings) -> Engine:
    """An engine on MALIWATCH_DATABASE_URL, migrated to the latest schema."""
    return init_db(settings.sqlalchemy_url)


@dataclass
class CycleResult:
    poll: PollSummary
    alerts_sent: int = 0
    alerts_failed: int = 0
    delivery_errors: list[str] = field(default_factory=list)


async def deliver_all(
    *, engine: Engine, sender: AlertSender, clock: Clock, language: str = "en"
) -> tuple[int, int]:
    """Deliver due alerts until none is left (bounded); return (sent, failed)."""
    sent = failed = 0
    for _ in range(MAX_DELIVERY_ROUNDS):
        report = await deliver_due_alerts(
            engine=engine, sender=sender, clock=clock, language=language
        )
        sent += report.sent + report.edited
        failed += report.failed
        if report.sent + report.edited + report.failed + report.skipped == 0:
            break  # nothing leased, or only retries that are due later
    return sent, failed


async def run_cycle(
    *,
    engine: Engine,
    settings: Settings,
    sender: AlertSender,
    clock: Clock,
    client: httpx.AsyncClient | None = None,
    progress: Progress | None = None,
    every_feed: bool = False,
) -> CycleResult:
    """One polling cycle (due feeds, or ``every_feed``), then deliver what it queued."""
    own_client = client is None
    http = client or make_http_client(
        timeout=settings.fetch_timeout, allow_private=settings.allow_private_feeds
    )
    try:
        summary = await poll_once(
            engine=engine,
            settings=settings,
            client=http,
            clock=clock,
            progress=progress,
            every_feed=every_feed,
        )
    finally:
        if own_client:
            await http.aclose()
    sent, failed = await deliver_all(
        engine=engine, sender=sender, clock=clock, language=settings.language
    )
    return CycleResult(poll=summary, alerts_sent=sent, alerts_failed=failed)


async def poll_and_deliver(
    *,
    engine: Engine,
    settings: Settings,
    clock: Clock,
    progress: Progress | None = None,
    every_feed: bool = True,
) -> CycleResult:
    """`maliwatch poll` end to end: the right sender (Telegram with a token, else the console),
    one cycle (the due feeds, claimed in chunks; ``every_feed``: all of them), then everything
    closed."""
    if not settings.has_telegram:
        return await run_cycle(
            engine=engine,
            settings=settings,
            sender=ConsoleSender(),
            clock=clock,
            progress=progress,
            every_feed=every_feed,
        )
    from bot.delivery.senders import TelegramSender
    from bot.telegram.app import build_bot
    from bot.telegram.chats import remember_configured_chat

    await asyncio.to_thread(remember_configured_chat, engine, settings, now=clock.now())
    async with build_bot(settings) as bot:  # the Application's bot: ExtBot + rate limiter
        return await run_cycle(
            engine=engine,
            settings=settings,
            sender=TelegramSender(bot),
            clock=clock,
            progress=progress,
            every_feed=every_feed,
        )


def run_forever(settings: Settings, engine: Engine, clock: Clock) -> None:
    """`maliwatch run`: until SIGINT / SIGTERM."""
    if settings.has_telegram:
        _run_with_telegram(settings, engine, clock)
    else:
        log.info("no TELEGRAM_BOT_TOKEN: alerts are printed to the console")
        asyncio.run(run_console_scheduler(settings, engine, clock=clock))


async def check_token(settings: Settings) -> None:
    """One getMe with the token: a refused token raises ``InvalidToken`` here, before PTB's
    start-up retry loop would log it with a traceback; then one getUpdates that confirms
    nothing: another process reading the updates raises ``OtherPoller``."""
    from bot.telegram.app import build_bot
    from bot.telegram.single_poller import ensure_single_poller

    async with build_bot(settings) as bot:
        await ensure_single_poller(bot)  # a second `run` on one token stops here, one line


def _run_with_telegram(settings: Settings, engine: Engine, clock: Clock) -> None:
    from bot.telegram.single_poller import OtherPoller, stop_on_conflict

    asyncio.run(check_token(settings))
    application, _jobs = build_telegram_runner(settings, engine, clock)
    stopped: list[str] = []
    stop_on_conflict(application, stopped)
    application.run_polling(stop_signals=(signal.SIGINT, signal.SIGTERM))
    if stopped:  # another process took the updates while this one ran
        raise OtherPoller


def build_telegram_runner(
    settings: Settings, engine: Engine, clock: Clock
) -> tuple[BotApplication, MaliwatchJobs]:
    """The bot's Application with the jobs on its JobQueue; its shutdown closes the jobs'
    feed client (after PTB has waited for the running jobs)."""
    from bot.delivery.senders import TelegramSender
    from bot.telegram.app import build_application

    application = build_application(settings, engine=engine, clock=clock)
    jobs = register_jobs(
        application.job_queue,
        settings=settings,
        engine=engine,
        sender=TelegramSender(application.bot),
        clock=clock,
    )
    previous_shutdown = application.post_shutdown

    async def close_jobs(app: BotApplication) -> None:
        await jobs.aclose()
        if previous_shutdown is not None:
            await previous_shutdown(app)

    application.post_shutdown = close_jobs
    return application, jobs


async def run_console_scheduler(
    settings: Settings,
    engine: Engine,
    *,
    clock: Clock,
    sender: AlertSender | None = None,
    stop: asyncio.Event | None = None,
    on_started: Callable[[AsyncIOScheduler], None] | None = None,
) -> None:
    """The jobs on an AsyncIOScheduler until ``stop`` is set (SIGINT / SIGTERM set it)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    scheduler = AsyncIOScheduler(timezone=UTC)
    jobs = register_jobs(
        scheduler, settings=settings, engine=engine, sender=sender or ConsoleSender(), clock=clock
    )
    scheduler.start()
    if on_started is not None:
        on_started(scheduler)
    try:
        await stop.wait()
        log.info("stopping: letting the cycle in progress finish")
        scheduler.pause()  # no new runs; the running ones finish before the executor stops
        await jobs.wait_idle()
    finally:
        scheduler.shutdown(wait=False)
        await jobs.aclose()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        log.info("stopped")
