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
    Role,
    VictimKind,
)
from feeds.model.alerts import (
    ClaimFigure,
    ContradictionAlert,
    RelevantStoryAlert,
    TollUpdateAlert,
)
from feeds.model.outcome import IncidentView, StoredClaim, StoredContradiction, StoryRef

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


def _story(story_id: int, url: str, hour: int) -> StoryRef:
    return StoryRef(
        story_id, url, f"Story {story_id}", datetime(2026, 11, 23, hour, tzinfo=UTC), FEED_URL
    )


FEED_URL = "http://127.0.0.1:8080/feed.xml"  # served from loopback; the links are the outlets'
WIRE = "https://www.sahel-wire.example/2026/strike"
WIRE_LATER = "https://www.sahel-wire.example/2026/toll-rises"
PORTAL = "https://www.africa-daily-portal.example/news/strike"
RADIO = "https://www.radio-tombouctou.example/actualites/frappe"


def reported_view(incident_id: int = 7) -> IncidentView:
    """The Lerneb strike as four stories from three outlets tell it: CDRAP's 18 repeated by the
    wire, its copy and a radio (French wording), then raised to 21; the army's 11 twice; an
    injured figure; and a background recall. Stored claims are deliberately out of order."""
    cdrap_21 = Claim(
        **{**_fields(CDRAP), "count": CasualtyCount(21, 21, Qualifier.EXACT, "21")},
    )
    cdrap_fr = Claim(**{**_fields(CDRAP), "victims_detail": "personnes"})
    injured = Claim(
        "residents", Category.INJURED, CasualtyCount(7, 7, Qualifier.EXACT, "sept"),
        VictimKind.CIVILIANS,
    )  # fmt: skip
    recalled = Claim(
        "CDRAP", Category.KILLED, CasualtyCount(24, 24), VictimKind.CIVILIANS,
        role=Role.BACKGROUND,
    )  # fmt: skip
    stored = (
        (cdrap_21, 4), (ARMY, 1), (CDRAP, 1), (injured, 3), (CDRAP, 2), (ARMY, 2),
        (cdrap_fr, 3), (recalled, 4),
    )  # fmt: skip
    base = lerneb_view(incident_id)
    return IncidentView(
        incident=base.incident,
        claims=tuple(StoredClaim(n, c, story) for n, (c, story) in enumerate(stored, start=1)),
        contradictions=base.contradictions,
        stories=tuple(
            _story(n, url, hour)
            for n, url, hour in ((1, WIRE, 6), (2, PORTAL, 7), (3, RADIO, 8), (4, WIRE_LATER, 12))
        ),
        tallies=(CategoryTally(Category.KILLED, 11, None, 11, ("CDRAP", "Malian army")),),
    )


# ── typed alerts as the pipeline queues them ────────────────────────────────────────────────

ALERTED = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def figure(
    claimant: str,
    low: int | None,
    high: int | None,
    *,
    category: Category = Category.KILLED,
    victims: VictimKind = VictimKind.UNSPECIFIED,
    qualifier: Qualifier = Qualifier.EXACT,
    wording: str = "",
) -> ClaimFigure:
    return ClaimFigure(
        claimant, category, CasualtyCount(low, high, qualifier, wording), victims=victims
    )


def contradiction_alert(
    category: Category = Category.KILLED,
    kind: ContradictionKind = ContradictionKind.COUNT,
    *,
    first: ClaimFigure | None = None,
    second: ClaimFigure | None = None,
    summary: str = "",
) -> ContradictionAlert:
    return ContradictionAlert(
        incident_id=1,
        story_id=1,
        contradiction_id=1,
        kind=kind,
        category=category,
        summary=summary,
        first=first or figure("CDRAP", 18, None, qualifier=Qualifier.AT_LEAST),
        second=second or figure("Malian army", 11, 11),
    )


def update_alert(
    claimant: str, old: CasualtyCount, new: CasualtyCount, category: Category = Category.KILLED
) -> TollUpdateAlert:
    return TollUpdateAlert(
        incident_id=1,
        story_id=1,
        claimant=claimant,
        category=category,
        victims=VictimKind.CIVILIANS,
        old=old,
        new=new,
    )


def relevant_alert(
    title: str, url: str, feed: str = "", keywords: tuple[str, ...] = ()
) -> RelevantStoryAlert:
    return RelevantStoryAlert(
        story_id=1, url=url, title=title, feed=feed, published=ALERTED, keywords=keywords
    )
