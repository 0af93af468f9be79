"""The watch list edited with /watch: words stored folded, shown as typed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from feeds.model.folding import fold_words
from storage.models import WatchKeywordRow

WATCH_MODES = ("include", "exclude")


def add_watch_keyword(
    *,
    session: Session,
    word: str,
    mode: str = "include",
    added_by: str | None = None,
    now: datetime,
) -> WatchKeywordRow:
    """Add a word or change its mode (idempotent by the folded word)."""
    if mode not in WATCH_MODES:
        raise ValueError(f"watch mode must be include or exclude, not {mode!r}")
    folded = fold_words(word)
    if not folded:
        raise ValueError("empty watch word")
    row = session.exec(select(WatchKeywordRow).where(col(WatchKeywordRow.word) == folded)).first()
    if row is None:
        row = WatchKeywordRow(word=folded, added_at=now, added_by=added_by)
    row.display = word.strip()
    row.mode = mode
    session.add(row)
    session.flush()
    return row


def remove_watch_keyword(*, session: Session, word: str) -> bool:
    folded = fold_words(word)
    row = session.exec(select(WatchKeywordRow).where(col(WatchKeywordRow.word) == folded)).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def list_watch_keywords(*, session: Session) -> list[WatchKeywordRow]:
    return list(session.exec(select(WatchKeywordRow).order_by(col(WatchKeywordRow.word))))
