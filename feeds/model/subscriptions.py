"""A chat's subscriptions (/subscribe region|place|keyword VALUE) and which incidents they match.

Values are compared folded (lower case, accents removed): "Ségou" is "segou", "Tombouctou" is
the region "Timbuktu" (the bot resolves a region's names to its ``admin1`` before storing it).
A region matches the incident's region; a place or a keyword matches whole words of the
incident's place or summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from feeds.model.folding import fold_words

MAX_VALUE = 60  # characters of a subscription's value
MAX_PER_CHAT = 30


class SubscriptionKind(StrEnum):
    REGION = "region"
    PLACE = "place"
    KEYWORD = "keyword"


@dataclass(frozen=True, slots=True)
class Subscription:
    chat_id: str
    kind: SubscriptionKind
    value: str  # folded
    display: str = ""


@dataclass(frozen=True, slots=True)
class IncidentWhere:
    """What a subscription looks at in an incident."""

    admin1: str | None
    location: str | None
    summary: str


def _has_words(words: str, text: str | None) -> bool:
    if not words or not text:
        return False
    return re.search(rf"(?<![a-z0-9]){re.escape(words)}(?![a-z0-9])", fold_words(text)) is not None


def matches(subscription: Subscription, where: IncidentWhere) -> bool:
    if subscription.kind is SubscriptionKind.REGION:
        return where.admin1 is not None and fold_words(where.admin1) == subscription.value
    if subscription.kind is SubscriptionKind.PLACE:
        return _has_words(subscription.value, where.location) or _has_words(
            subscription.value, where.summary
        )
    return _has_words(subscription.value, where.summary) or _has_words(
        subscription.value, where.location
    )
