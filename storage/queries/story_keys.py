"""Which of a feed's items are already stored: one ``IN (...)`` query per feed, not one per item.

A feed that is polled again lists mostly items seen before; asking for each one in turn costs a
round trip and a transaction per item. :func:`known_story_keys` answers for the whole list at
once (in slices, to stay under the backends' bound-parameter limits). A story is known when its
feed already has its guid, or any feed has its canonical URL: the rule of
``storage.queries.stories.find_existing_story``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import col

from storage.models import StoryRow

if TYPE_CHECKING:
    from sqlmodel import Session

IN_SLICE = 500  # values per IN list


@dataclass(frozen=True, slots=True)
class KnownKeys:
    """The guids this feed already has and the canonical URLs already stored."""

    guids: frozenset[str]
    urls: frozenset[str]

    def has(self, *, guid: str, url: str) -> bool:
        return guid in self.guids or url in self.urls


def _slices(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), IN_SLICE):
        yield values[start : start + IN_SLICE]


def known_story_keys(
    *, session: Session, feed_id: int | None, guids: Iterable[str], urls: Iterable[str]
) -> KnownKeys:
    """The subset of ``guids`` stored for ``feed_id`` and of ``urls`` stored at all."""
    wanted_guids = sorted(set(guids))
    wanted_urls = sorted(set(urls))
    found_guids: set[str] = set()
    found_urls: set[str] = set()
    guid_col, url_col, feed_col = col(StoryRow.guid), col(StoryRow.url), col(StoryRow.feed_id)
    same_feed = feed_col.is_(None) if feed_id is None else feed_col == feed_id
    for part in _slices(wanted_guids):
        query = select(guid_col).where(same_feed, guid_col.in_(part))
        found_guids.update(session.execute(query).scalars())
    for part in _slices(wanted_urls):
        found_urls.update(session.execute(select(url_col).where(url_col.in_(part))).scalars())
    return KnownKeys(frozenset(found_guids), frozenset(found_urls))
