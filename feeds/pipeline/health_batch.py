"""Feed health written a chunk at a time: outcomes of feeds with nothing to process (a 304, a
failed fetch) wait in a buffer and go to the database in one statement per chunk.

Feeds that brought a body are recorded at once (``feeds.pipeline.health.record_fetch``) since
their stories follow; the others are the bulk of a cycle over thousands of quiet feeds. A
buffered feed keeps its claim lease (longer than the poll interval) until the flush, so no other
worker takes it meanwhile; a worker that dies before flushing leaves the lease to expire and the
feeds are polled again, nothing lost.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING

from feeds.ingest.fetch import next_poll_at
from feeds.pipeline.sources import Settings
from storage.db import session_scope
from storage.queries.feed_health import FetchOutcome, record_fetch_results

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from storage.models import FeedRow

log = logging.getLogger(__name__)

HEALTH_CHUNK = 200  # outcomes per bulk write


def fetch_outcome(
    feed_row: FeedRow, settings: Settings, now: datetime, error: str | None
) -> FetchOutcome:
    """The same next poll time and failure count as ``record_fetch`` would store."""
    assert feed_row.id is not None, "a feed to poll is a stored feed"
    failures = feed_row.consecutive_failures + 1 if error is not None else 0
    return FetchOutcome(
        feed_id=feed_row.id,
        polled_at=now,
        next_poll_at=next_poll_at(
            now=now, interval_s=settings.poll_interval, consecutive_failures=failures
        ),
        error=error,
        failures=failures,
    )


class HealthBuffer:
    """Collects outcomes; :meth:`add` flushes when a chunk is full, :meth:`flush` at the end."""

    def __init__(self, engine: Engine, *, chunk: int = HEALTH_CHUNK) -> None:
        self._engine, self._chunk = engine, chunk
        self._outcomes: list[FetchOutcome] = []
        self._lock = asyncio.Lock()
        self.statements = 0  # flushes done (for tests and benchmarks)

    async def add(self, outcome: FetchOutcome) -> None:
        self._outcomes.append(outcome)
        if len(self._outcomes) >= self._chunk:
            await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            batch, self._outcomes = self._outcomes, []
            if batch:
                await asyncio.to_thread(self._write, batch)

    def _write(self, batch: list[FetchOutcome]) -> None:
        with session_scope(self._engine, immediate=True) as session:
            record_fetch_results(session=session, outcomes=batch)
        self.statements += 1
        log.debug("feed health of %d feeds written", len(batch))
