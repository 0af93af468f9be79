"""Many feeds' fetch outcomes in one statement: the health write of a polling cycle's chunk.

A cycle over thousands of feeds that answer 304 used to spend a third of its time in one write
transaction per feed. :func:`record_fetch_results` writes a chunk of outcomes with one
``executemany`` per kind (answered / failed) in the caller's transaction; the columns are those
``storage.queries.feeds.record_fetch_result`` sets, minus the validators (a 304 keeps them, a
failure leaves them alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, bindparam, update

from storage.models import FeedRow, UtcDateTime

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """One feed's fetch: ``error`` None means it answered (a 304 or a body processed elsewhere);
    ``failures`` is the new count of consecutive failures when it failed."""

    feed_id: int
    polled_at: datetime
    next_poll_at: datetime
    error: str | None = None
    failures: int = 0


def _table() -> Table:
    table = FeedRow.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def record_fetch_results(*, session: Session, outcomes: Sequence[FetchOutcome]) -> int:
    """Write every outcome (at most two statements); return how many rows were written."""
    table = _table()
    when = UtcDateTime()
    answered = [o for o in outcomes if o.error is None]
    failed = [o for o in outcomes if o.error is not None]
    written = 0
    if answered:
        statement = (
            update(table)
            .where(table.c.id == bindparam("feed_id"))
            .values(
                last_polled_at=bindparam("polled_at", type_=when),
                next_poll_at=bindparam("next_at", type_=when),
                last_success_at=bindparam("polled_at", type_=when),
                consecutive_failures=0,
                last_error=None,
            )
        )
        session.execute(statement, [_params(o) for o in answered])
        written += len(answered)
    if failed:
        statement = (
            update(table)
            .where(table.c.id == bindparam("feed_id"))
            .values(
                last_polled_at=bindparam("polled_at", type_=when),
                next_poll_at=bindparam("next_at", type_=when),
                consecutive_failures=bindparam("failures"),
                last_error=bindparam("error"),
            )
        )
        session.execute(statement, [_params(o) for o in failed])
        written += len(failed)
    return written


def _params(outcome: FetchOutcome) -> dict[str, Any]:
    return {
        "feed_id": outcome.feed_id,
        "polled_at": outcome.polled_at,
        "next_at": outcome.next_poll_at,
        "failures": outcome.failures,
        "error": outcome.error or "unknown error",
    }
