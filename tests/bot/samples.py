"""Domain values for bot tests: the seed story's incident (a market strike near Lerneb)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from feeds.model import (
    CasualtyCount,
    Category,
    CategoryTally,
    Claim,
    Contradiction,
    ContradictionKind,
    EventDate,
    EventType,
    Incident,
    Place,
    PlacePrecision,
    Qualifier,
    VictimKind,
)
from storage.outcome import IncidentView, StoredClaim, StoredContradiction, StoryRef

STORY_URL = "https://www.example-news.com/mali/lerneb-strike?a=1&b=2"
CDRAP = Claim(
    claimant="CDRAP",
    category=Category.KILLED,
    count=CasualtyCount(18, None, Qualifier.AT_LEAST, "at least 18"),
    victims=VictimKind.CIVILIANS,
    victims_detail="people",
    sentence="At least 18 people were killed at the market, CDRAP said.",
    story_url=STORY_URL,
)
ARMY = Claim(
    claimant="Malian army",
    category=Category.KILLED,
    count=CasualtyCount(11, 11, Qualifier.EXACT, "11"),
    victims=VictimKind.MILITANTS,
    victims_detail="terrorists",
    sentence="The army said 11 terrorists were neutralised.",
    story_url=STORY_URL,
)


def lerneb_view(incident_id: int = 12, *, claimant: str = "CDRAP") -> IncidentView:
    """The seed incident with both claims, both disputes and one source."""
    cdrap = Claim(**{**_fields(CDRAP), "claimant": claimant})
    incident = Incident(
        id=incident_id,
        event_type=EventType.AIRSTRIKE,
        place=Place("50 km N of Lerneb", "Timbuktu", 16.3, -4.9, PlacePrecision.OFFSET),
        date=EventDate(date(2026, 11, 22)),
        claims=(cdrap, ARMY),
        summary="Airstrike on a market 50 km N of Lerneb",
    )
    return IncidentView(
        incident=incident,
        claims=(StoredClaim(1, cdrap, 1), StoredClaim(2, ARMY, 1)),
        contradictions=(
            StoredContradiction(
                1, Contradiction(ContradictionKind.COUNT, Category.KILLED, cdrap, ARMY), 1, 2
            ),
            StoredContradiction(
                2, Contradiction(ContradictionKind.VICTIMS, Category.KILLED, cdrap, ARMY), 1, 2
            ),
        ),
        stories=(
            StoryRef(
                1,
                STORY_URL,
                "Strike <on> market & more",
                datetime(2026, 11, 23, 9, tzinfo=UTC),
                "https://www.example-news.com/rss",
            ),
        ),
        tallies=(CategoryTally(Category.KILLED, 11, None, 11, (claimant, "Malian army")),),
    )


def _fields(claim: Claim) -> dict[str, object]:
    return {name: getattr(claim, name) for name in Claim.__slots__}
