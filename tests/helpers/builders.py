"""Domain values for storage tests: a story, its analysis and the planned outcome."""

from __future__ import annotations

from datetime import UTC, date, datetime

from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    Contradiction,
    ContradictionKind,
    EventDate,
    EventReport,
    EventType,
    Place,
    Qualifier,
    Role,
    Story,
    StoryAnalysis,
    VictimKind,
)
from feeds.model.outcome import EventOutcome, StoryOutcome

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
FEED = "https://news.example.org/rss"
LERNEB = Place(name="50 km N of Lerneb", admin1="Timbuktu", lat=16.3, lon=-4.9)


def story(slug: str = "lerneb", *, text: str | None = None, **changes: object) -> Story:
    values: dict[str, object] = {
        "feed_url": FEED,
        "guid": f"guid-{slug}",
        "url": f"https://news.example.org/{slug}",
        "title": f"Story {slug}",
        "text": text if text is not None else f"Text of the story about {slug} in northern Mali.",
        "published": datetime(2026, 11, 24, 6, 0, tzinfo=UTC),
        "fetched": datetime(2026, 11, 24, 6, 5, tzinfo=UTC),
        "language": "en",
        "content_hash": f"hash-{slug}",
    }
    values.update(changes)
    return Story(**values)  # type: ignore[arg-type]


def claim(
    claimant: str,
    low: int | None,
    high: int | None = None,
    *,
    category: Category = Category.KILLED,
    victims: VictimKind = VictimKind.CIVILIANS,
    qualifier: Qualifier = Qualifier.EXACT,
    role: Role = Role.MAIN,
    url: str = "",
) -> Claim:
    return Claim(
        claimant=claimant,
        category=category,
        count=CasualtyCount(low=low, high=high, qualifier=qualifier),
        victims=victims,
        role=role,
        sentence=f"{claimant} said {low} were killed.",
        story_url=url,
    )


CDRAP_18 = claim("CDRAP", 18, None, qualifier=Qualifier.AT_LEAST)
ARMY_11 = claim("Malian army", 11, 11, victims=VictimKind.MILITANTS)
COUNT_DISPUTE = Contradiction(
    kind=ContradictionKind.COUNT,
    category=Category.KILLED,
    first=CDRAP_18,
    second=ARMY_11,
    summary="CDRAP at least 18 vs Malian army 11",
)


def event(
    *claims: Claim,
    role: Role = Role.MAIN,
    place: Place | None = LERNEB,
    day: date = date(2026, 11, 22),
    event_type: EventType = EventType.AIRSTRIKE,
    summary: str = "Airstrike on a market 50 km N of Lerneb",
) -> EventReport:
    return EventReport(
        role=role,
        event_type=event_type,
        place=place,
        date=EventDate(day=day),
        claims=tuple(claims),
        summary=summary,
    )


def outcome(
    the_story: Story,
    *events: EventOutcome,
    feed_id: int | None = None,
    relevant: bool = True,
    alertable: bool = True,
    syndicated_copy_of: int | None = None,
    chat_id: str = "-100123",
) -> StoryOutcome:
    analysis = StoryAnalysis(
        story=the_story,
        relevant=relevant,
        matched_keywords=("mali", "lerneb") if relevant else (),
        events=tuple(e.event for e in events),
    )
    return StoryOutcome(
        story=the_story,
        feed_id=feed_id,
        analysis=analysis,
        events=tuple(events),
        syndicated_copy_of=syndicated_copy_of,
        alertable=alertable,
        chat_id=chat_id,
        now=NOW,
    )
