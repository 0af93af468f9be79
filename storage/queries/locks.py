"""Locks that serialize work across processes sharing one database.

Several ``maliwatch run`` processes may poll into one PostgreSQL database. Under READ COMMITTED,
two story transactions that each look for a candidate incident, find none and insert one would
open two incidents for one event. :func:`lock_incident_matching` makes "look up candidates, then
save the story" one critical section across processes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlmodel import Session

log = logging.getLogger(__name__)

# The advisory lock key of incident matching: ASCII "mw:match" read as a big-endian 64-bit
# integer (0x6D773A6D61746368). Fixed, so that every process takes the same lock; distinct from
# storage.db's migration lock key (0x6D616C69, "mali").
INCIDENT_MATCHING_LOCK_KEY = 0x6D773A6D61746368


def lock_incident_matching(*, session: Session) -> None:
    """Hold the incident matching lock until the session's transaction ends.

    On PostgreSQL: ``pg_advisory_xact_lock`` on :data:`INCIDENT_MATCHING_LOCK_KEY`, waiting for
    any other transaction that holds it; commit or rollback releases it. Call it first in the
    transaction, before ``candidate_incidents``, so that the lookup sees every incident a
    previous holder committed.

    On SQLite: nothing to do, since the pipeline opens the story transaction with
    ``BEGIN IMMEDIATE`` (``session_scope(engine, immediate=True)``), which already holds the
    database's single write lock for the whole transaction.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    log.debug("waiting for the incident matching lock")
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INCIDENT_MATCHING_LOCK_KEY})
