"""Article pages: the cache of fetched pages, keyed by URL (``feeds/ingest/article.py`` uses it)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import PageRow


def get_page(*, session: Session, url: str) -> PageRow | None:
    """The page as last fetched, or ``None`` when it was never asked for."""
    return session.exec(select(PageRow).where(col(PageRow.url) == url)).first()


def save_page(
    *,
    session: Session,
    url: str,
    now: datetime,
    final_url: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str = "",
    text: str = "",
    language: str | None = None,
    published: datetime | None = None,
    error: str | None = None,
) -> PageRow:
    """Store one fetch of a page (insert or replace by URL)."""
    row = get_page(session=session, url=url) or PageRow(url=url, fetched_at=now)
    row.final_url, row.etag, row.last_modified = final_url, etag, last_modified
    row.title, row.text, row.language, row.published = title, text, language, published
    row.error, row.fetched_at = error, now
    session.add(row)
    session.flush()
    return row
