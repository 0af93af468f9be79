"""Per-chat subscriptions (``subscription`` table): add, remove, list, and who follows what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from feeds.model.subscriptions import Subscription, SubscriptionKind
from storage.models import SubscriptionRow


def _of(row: SubscriptionRow) -> Subscription:
    return Subscription(
        chat_id=row.chat_id, kind=SubscriptionKind(row.kind), value=row.value, display=row.display
    )


def add_subscription(*, session: Session, subscription: Subscription, now: datetime) -> bool:
    """True when new, False when the chat already had it."""
    if _find(session, subscription) is not None:
        return False
    row = SubscriptionRow(
        chat_id=subscription.chat_id,
        kind=subscription.kind.value,
        value=subscription.value,
        display=subscription.display,
        added_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same command twice at once
        return False
    return True


def remove_subscription(*, session: Session, subscription: Subscription) -> bool:
    row = _find(session, subscription)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def chat_subscriptions(*, session: Session, chat_id: str) -> list[Subscription]:
    query = (
        select(SubscriptionRow)
        .where(col(SubscriptionRow.chat_id) == chat_id)
        .order_by(col(SubscriptionRow.kind), col(SubscriptionRow.value))
    )
    return [_of(row) for row in session.exec(query)]


def count_for_chat(*, session: Session, chat_id: str) -> int:
    query = select(func.count()).where(col(SubscriptionRow.chat_id) == chat_id)
    return int(session.exec(query).one())


def all_subscriptions(*, session: Session) -> list[Subscription]:
    """Every subscription (a small table: one row per chat and value), by chat."""
    query = select(SubscriptionRow).order_by(col(SubscriptionRow.chat_id), col(SubscriptionRow.id))
    return [_of(row) for row in session.exec(query)]


def _find(session: Session, subscription: Subscription) -> SubscriptionRow | None:
    return session.exec(
        select(SubscriptionRow).where(
            col(SubscriptionRow.chat_id) == subscription.chat_id,
            col(SubscriptionRow.kind) == subscription.kind.value,
            col(SubscriptionRow.value) == subscription.value,
        )
    ).first()
