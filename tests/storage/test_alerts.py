"""The outbox: idempotent enqueue, leasing (exclusive across workers, expiring), outcomes,
chat migration and the card's message id."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from feeds.model import AlertStatus
from feeds.model.alerts import FloodSummaryAlert, load_alert
from storage.db import session_scope
from storage.models import AlertRow, ChatRow
from storage.queries import alerts as alert_queries
from storage.queries import chats as chat_queries
from storage.queries import status as status_queries
from tests.helpers.builders import NOW


def _try_enqueue(
    engine: Engine, key: str, *, chat: str = "-1", now: datetime = NOW, priority: int = 1
) -> int | None:
    with session_scope(engine) as session:
        row = alert_queries.enqueue_alert(
            session=session,
            alert=FloodSummaryAlert(feed=key, held_back=1, cycle_started=now),
            dedup_key=key,
            chat_id=chat,
            now=now,
            priority=priority,
        )
        return row.id if row is not None else None


def _enqueue(
    engine: Engine, key: str, *, chat: str = "-1", now: datetime = NOW, priority: int = 1
) -> int:
    alert_id = _try_enqueue(engine, key, chat=chat, now=now, priority=priority)
    assert alert_id is not None
    return alert_id


def _lease(
    engine: Engine, *, now: datetime = NOW, limit: int = 10, lease_seconds: float = 60
) -> list[int]:
    with session_scope(engine) as session:
        rows = alert_queries.lease_due_alerts(
            session=session, now=now, limit=limit, lease_seconds=lease_seconds
        )
        return [row.id for row in rows if row.id is not None]


def _row(engine: Engine, alert_id: int) -> AlertRow:
    with Session(engine) as session:
        row = session.get(AlertRow, alert_id)
        assert row is not None
        return row


def test_enqueue_is_idempotent_by_dedup_key(engine: Engine) -> None:
    first = _enqueue(engine, "story:1:-1")
    assert _try_enqueue(engine, "story:1:-1") is None
    row = _row(engine, first)
    assert (row.status, row.attempts, row.kind) == ("pending", 0, "flood_summary")
    assert load_alert(row.kind, row.payload) == FloodSummaryAlert("story:1:-1", 1, NOW)


def test_lease_takes_due_rows_once_until_the_lease_expires(engine: Engine) -> None:
    due = _enqueue(engine, "a")
    later = _enqueue(engine, "b", now=NOW + timedelta(hours=1))
    assert _lease(engine) == [due]
    row = _row(engine, due)
    assert (row.status, row.attempts, row.lease_until) == (
        "sending",
        1,
        NOW + timedelta(seconds=60),
    )
    assert _lease(engine, now=NOW + timedelta(seconds=30)) == []  # still leased
    assert _lease(engine, now=NOW + timedelta(seconds=61)) == [due]  # the worker died: again
    assert _row(engine, due).attempts == 2
    assert later in _lease(engine, now=NOW + timedelta(hours=2))


def test_lease_respects_limit_and_order(engine: Engine) -> None:
    ids = [_enqueue(engine, f"k{i}", now=NOW - timedelta(minutes=10 - i)) for i in range(5)]
    assert _lease(engine, limit=2) == ids[:2]
    assert _lease(engine, limit=10) == ids[2:]


def test_lease_takes_urgent_alerts_first_then_the_oldest(engine: Engine) -> None:
    """A backlog of updates never holds a new incident's card behind it (issue 9)."""
    updates = [
        _enqueue(engine, f"u{i}", now=NOW - timedelta(minutes=9 - i), priority=2) for i in range(3)
    ]
    card = _enqueue(engine, "card", now=NOW, priority=0)
    edit = _enqueue(engine, "edit", now=NOW - timedelta(minutes=1), priority=1)
    assert _lease(engine, limit=2) == [card, edit]
    assert _lease(engine, limit=10) == updates


def test_sent_retry_and_failed(engine: Engine) -> None:
    sent, retried, failed = (_enqueue(engine, key) for key in ("s", "r", "f"))
    _lease(engine)
    with session_scope(engine) as session:
        alert_queries.mark_alert_sent(session=session, alert_id=sent, message_id=77, now=NOW)
        alert_queries.mark_alert_retry(
            session=session,
            alert_id=retried,
            error="RetryAfter 30",
            next_attempt_at=NOW + timedelta(seconds=30),
        )
        alert_queries.mark_alert_failed(session=session, alert_id=failed, error="chat not found")
        assert status_queries.queue_depth(session=session) == 1
    assert (_row(engine, sent).status, _row(engine, sent).telegram_message_id) == ("sent", 77)
    assert _row(engine, failed).status == AlertStatus.FAILED.value
    assert _lease(engine, now=NOW + timedelta(seconds=10)) == []
    assert _lease(engine, now=NOW + timedelta(seconds=31)) == [retried]
    assert _row(engine, retried).last_error == "RetryAfter 30"


def test_card_message_id_is_the_sent_new_incident_alert(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(ChatRow(chat_id="-1", added_at=NOW))
    from tests.storage.test_save_outcome import _seed

    incident_id = _seed(engine)
    with Session(engine) as session:
        card = session.exec(select(AlertRow).where(AlertRow.kind == "new_incident")).one()
    with session_scope(engine) as session:
        assert (
            alert_queries.card_message_id(
                session=session, incident_id=incident_id, chat_id=card.chat_id
            )
            is None
        )
        alert_queries.mark_alert_sent(session=session, alert_id=card.id, message_id=4242, now=NOW)
    with session_scope(engine) as session:
        found = alert_queries.card_message_id(
            session=session, incident_id=incident_id, chat_id=card.chat_id
        )
        elsewhere = alert_queries.card_message_id(
            session=session, incident_id=incident_id, chat_id="-9"
        )
    assert (found, elsewhere) == (4242, None)


def test_migrate_chat_repoints_unsent_alerts_and_the_chat(engine: Engine) -> None:
    with session_scope(engine) as session:
        chat_queries.upsert_chat(
            session=session, chat_id="-1", title="Mali desk", kind="group", now=NOW
        )
    pending = _enqueue(engine, "p", chat="-1")
    done = _enqueue(engine, "d", chat="-1")
    with session_scope(engine) as session:
        alert_queries.mark_alert_sent(session=session, alert_id=done, message_id=1, now=NOW)
        moved = alert_queries.migrate_chat(session=session, old_chat_id="-1", new_chat_id="-1001")
    assert moved == 1
    assert (_row(engine, pending).chat_id, _row(engine, done).chat_id) == ("-1001", "-1")
    with Session(engine) as session:
        old = chat_queries.get_chat(session=session, chat_id="-1")
        new = chat_queries.get_chat(session=session, chat_id="-1001")
        in_use = [chat.chat_id for chat in chat_queries.list_chats(session=session)]
    assert old is not None and old.migrated_to == "-1001"
    assert new is not None and (new.title, new.kind) == ("Mali desk", "supergroup")
    assert in_use == ["-1001"]


def test_two_workers_leasing_at_once_never_share_a_row(engine: Engine) -> None:
    ids = {_enqueue(engine, f"c{i}") for i in range(8)}
    start = threading.Barrier(2, timeout=20)

    def worker() -> list[int]:
        start.wait()
        return _lease(engine, limit=5)

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = (f.result() for f in [pool.submit(worker), pool.submit(worker)])
    assert not set(first) & set(second)
    assert set(first) | set(second) == ids


@pytest.mark.postgres
def test_postgres_skip_locked_while_another_lease_is_open(
    pg_schema_engine: Engine,
) -> None:
    """Worker A holds its lease transaction open; worker B leases meanwhile and skips A's rows
    instead of waiting for them (without SKIP LOCKED this would block until the barrier breaks)."""
    from storage.db import create_all

    engine = pg_schema_engine
    create_all(engine)
    ids = {_enqueue(engine, f"pg{i}") for i in range(5)}
    leased_a = threading.Event()
    b_done = threading.Barrier(2, timeout=20)

    def worker_a() -> list[int]:
        with session_scope(engine) as session:
            rows = alert_queries.lease_due_alerts(
                session=session, now=NOW, limit=3, lease_seconds=60
            )
            leased_a.set()
            b_done.wait()  # keep the row locks until B has leased
            return [row.id for row in rows]  # type: ignore[misc]

    def worker_b() -> list[int]:
        assert leased_a.wait(timeout=20)
        found = _lease(engine, limit=5)
        b_done.wait()
        return found

    with ThreadPoolExecutor(max_workers=2) as pool:
        a, b = pool.submit(worker_a), pool.submit(worker_b)
        first, second = a.result(), b.result()
    assert len(first) == 3 and len(second) == 2
    assert set(first) | set(second) == ids
