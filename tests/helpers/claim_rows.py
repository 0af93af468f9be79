"""Shared helpers for the claim tests: a story on a fixed day, and its claims as table rows."""

from __future__ import annotations

from datetime import UTC, datetime

from feeds.analysis.claims.extract import extract_claims
from feeds.analysis.claims.merge import SentenceClaim
from feeds.analysis.text import split_sentences
from feeds.model import Category, Story, VictimKind
from tests.helpers.builders import story as build_story

TUESDAY = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
K, INJ, A, M = Category.KILLED, Category.INJURED, Category.ABDUCTED, Category.MISSING
CIV, SOL, MIL = VictimKind.CIVILIANS, VictimKind.SOLDIERS, VictimKind.MILITANTS
UNS, MIX = VictimKind.UNSPECIFIED, VictimKind.MIXED
OUTLET = "example-news.com"


def make_story(text: str, *, title: str = "", language: str = "en") -> Story:
    return build_story(
        "story-1",
        feed_url="https://www.example-news.com/rss",
        guid="g1",
        url="https://www.example-news.com/mali/story-1",
        title=title,
        text=text,
        published=TUESDAY,
        fetched=TUESDAY,
        language=language,
        content_hash="",
    )


def claims_in(story: Story) -> list[SentenceClaim]:
    return extract_claims(story, split_sentences(story.full_text))


def rows(text: str, language: str = "en", title: str = "") -> list[tuple[object, ...]]:
    """(claimant, category, low, high, victims) of each claim of a one-story text."""
    return [
        (c.claim.claimant, c.claim.category, c.claim.count.low, c.claim.count.high, c.claim.victims)
        for c in claims_in(make_story(text, title=title, language=language))
    ]
