"""The feeds one worker polls in a cycle: small claimed chunks, taken again until none is due.

Several workers (``maliwatch poll`` or ``run`` processes) may share one database. Each asks for
a chunk of due feeds at a time (:func:`storage.queries.feeds.claim_due_feeds`: ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE`` turns on SQLite), so a worker that is busy takes
fewer chunks and an idle one more; a cycle ends when a claim comes back empty, so one worker
alone covers every due feed whatever their number. A claimed feed is leased: no one else takes
it until the fetch's outcome sets its next poll time (or the lease runs out, if this worker
dies). A feed polled in this cycle is due again only after the poll interval, so the loop ends.

Inside a chunk, feeds are ordered by host, so requests to one site follow each other and reuse
the client's kept-alive connection.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from storage.db import session_scope
from storage.queries.feeds import claim_due_feeds

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from storage.models import FeedRow

CLAIM_CHUNK = 32  # feeds per claim: small, so that several workers share a cycle's feeds


def by_host(rows: Iterable[FeedRow]) -> list[FeedRow]:
    """Feeds grouped by host (then by id), for connection reuse."""
    return sorted(rows, key=lambda row: ((urlsplit(row.url).hostname or ""), row.id or 0))


class FeedQueue:
    """Hands out feeds to a cycle's fetch tasks; claims the next chunk when the last runs out.

    ``rows`` given: exactly those feeds (``poll --all``), nothing is claimed.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        now: datetime,
        lease_seconds: float,
        chunk: int = CLAIM_CHUNK,
        rows: Iterable[FeedRow] | None = None,
    ) -> None:
        self._engine, self._now, self._lease, self._chunk = engine, now, lease_seconds, chunk
        self._pending: deque[FeedRow] = deque(by_host(rows) if rows is not None else ())
        self._exhausted = rows is not None
        self._refill = asyncio.Lock()
        self.handed_out = 0
        self.claims = 0

    @property
    def known(self) -> int:
        """Feeds taken so far (handed out or waiting): the progress bar's total."""
        return self.handed_out + len(self._pending)

    async def next(self) -> FeedRow | None:
        """The next feed to poll, or None when no feed is left due."""
        while not self._pending:
            if self._exhausted:
                return None
            async with self._refill:
                if self._pending or self._exhausted:
                    continue
                claimed = await asyncio.to_thread(self._claim)
                self.claims += 1
                if not claimed:
                    self._exhausted = True
                self._pending.extend(by_host(claimed))
        self.handed_out += 1
        return self._pending.popleft()

    def _claim(self) -> list[FeedRow]:
        with session_scope(self._engine, immediate=True) as session:  # the claim is this commit
            return claim_due_feeds(
                session=session, now=self._now, limit=self._chunk, lease_seconds=self._lease
            )
