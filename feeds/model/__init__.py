"""The shared vocabulary of maliwatch.

Every package may import this module; it imports nothing of the project. All values are
frozen dataclasses or string enums so that the pure core (``feeds/analysis``) can pass them
around, compare and hash them, and the adapters (``storage``, ``bot``) can map them to rows
and messages. Field names follow ``docs/codebook.md`` and the export format in
``docs/export.md``.

    Story ──analyse──▶ StoryAnalysis ── events ──▶ EventReport ── claims ──▶ Claim
                                                        │
                                             match_event│
                                                        ▼
                                                    Incident ──▶ Contradiction, CategoryTally
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from urllib.parse import urlsplit


class Category(StrEnum):
    """What happened to the people a figure counts (codebook §1)."""

    KILLED = "killed"
    INJURED = "injured"
    ABDUCTED = "abducted"
    MISSING = "missing"


class VictimKind(StrEnum):
    """Who the counted people were, as the claimant presents them (codebook §3)."""

    CIVILIANS = "civilians"
    SOLDIERS = "soldiers"
    MILITANTS = "militants"
    MIXED = "mixed"
    UNSPECIFIED = "unspecified"


class Role(StrEnum):
    """How a story relates to an incident (codebook §5)."""

    MAIN = "main"  # the event the story reports
    OTHER = "other"  # another event the story also reports, with its own toll
    BACKGROUND = "background"  # an older event the story recalls


class ContradictionKind(StrEnum):
    """The three kinds of dispute between claimants (codebook §6)."""

    COUNT = "count"
    VICTIMS = "victims"
    DENIAL = "denial"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class EventType(StrEnum):
    AIRSTRIKE = "airstrike"
    DRONE_STRIKE = "drone_strike"
    AMBUSH = "ambush"
    IED = "ied"
    ATTACK_ON_CAMP = "attack_on_camp"
    EXECUTION = "execution"  # executions, massacres of civilians
    CLASH = "clash"
    ABDUCTION = "abduction"
    ATTACK = "attack"  # an armed attack that fits none of the above
    OTHER = "other"


class PlacePrecision(StrEnum):
    LOCALITY = "locality"  # a named town, village, camp or market
    OFFSET = "offset"  # "50 km north of X": a point computed from a locality
    CERCLE = "cercle"  # admin2
    REGION = "region"  # admin1
    COUNTRY = "country"


class Qualifier(StrEnum):
    """The wording that set an interval (codebook §2), kept with every count."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    ABOUT = "about"
    NEARLY = "nearly"
    UP_TO = "up_to"
    BETWEEN = "between"
    APPROXIMATE_NOUN = "approximate_noun"  # une vingtaine
    PLURAL_NOUN = "plural_noun"  # dozens, des dizaines
    SEVERAL = "several"  # several, many, plusieurs — no number
    SOME = "some"  # some, a few, quelques — no number
    OR_EVEN = "or_even"  # A, voire B
    DENIAL = "denial"


class AlertKind(StrEnum):
    RELEVANT_STORY = "relevant_story"  # a story reporting violence that no incident could take
    NEW_INCIDENT = "new_incident"  # the first message of an incident's live card
    CARD_EDIT = "card_edit"  # edit the incident's live card in place
    CONTRADICTION = "contradiction"
    UPDATE = "update"  # same claimant, new figure (sent silently)
    DIGEST = "digest"
    FLOOD_SUMMARY = "flood_summary"  # one message for what a feed queued beyond its budget


class AlertStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # leased by one delivery worker until lease_until
    SENT = "sent"
    FAILED = "failed"  # permanent error; reason kept in last_error


@dataclass(frozen=True, slots=True)
class CasualtyCount:
    """An interval [low, high]; ``None`` means open on that side (codebook §2)."""

    low: int | None
    high: int | None
    qualifier: Qualifier = Qualifier.EXACT
    wording: str = ""  # the qualifier and number as written, e.g. "at least 18"

    @property
    def is_denial(self) -> bool:
        return self.qualifier is Qualifier.DENIAL

    def overlaps(self, other: CasualtyCount) -> bool:
        """True when both intervals can be true at once (null low = 0, null high = inf)."""
        a_low, b_low = self.low or 0, other.low or 0
        a_high = float("inf") if self.high is None else self.high
        b_high = float("inf") if other.high is None else other.high
        return a_low <= b_high and b_low <= a_high


@dataclass(frozen=True, slots=True)
class Story:
    """One normalized feed item."""

    feed_url: str
    guid: str
    url: str  # canonical link: tracking parameters and fragment stripped
    title: str
    text: str  # HTML stripped, entities decoded
    published: datetime  # UTC, aware; falls back to fetched
    fetched: datetime  # UTC, aware
    language: str = "en"  # "en" | "fr" | other ISO 639-1
    content_hash: str = ""  # hash of the normalized text, for wire-copy detection
    feed_title: str = ""
    # The claimant for figures in the story's own voice, when it is not the outlet: a channel
    # of an armed force speaks as that force ("Malian army"). Empty: the outlet's domain.
    voice: str = ""
    summary: str = ""  # the feed's own text, when ``text`` is the article page's full text
    text_note: str = ""  # why the page's full text could not replace the feed's summary

    @property
    def source_domain(self) -> str:
        """The outlet's host without ``www.``, used as the claimant for unattributed figures."""
        host = urlsplit(self.url).hostname or urlsplit(self.feed_url).hostname or ""
        return host.removeprefix("www.")

    @property
    def own_voice(self) -> str:
        """Who speaks when nobody is quoted: the story's ``voice``, else the outlet's domain."""
        return self.voice or self.source_domain

    @property
    def full_text(self) -> str:
        """Title and body read together (codebook §2: a headline figure counts)."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # as shown to users, e.g. "50 km N of Lerneb"
    admin1: str | None = None  # region, e.g. "Timbuktu"
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision = PlacePrecision.LOCALITY
    admin2: str | None = None  # cercle
    country: str = "Mali"


@dataclass(frozen=True, slots=True)
class EventDate:
    day: date  # the best single day; for week/month precision, the period's first day
    precision: DatePrecision = DatePrecision.DAY


@dataclass(frozen=True, slots=True)
class Claim:
    """One claimant's figure for one category of one event (codebook §1)."""

    claimant: str  # canonical actor name, e.g. "Malian army", "CDRAP", "rfi.fr"
    category: Category
    count: CasualtyCount
    victims: VictimKind = VictimKind.UNSPECIFIED
    victims_detail: str = ""  # the claimant's own words: "terrorists", "dont 3 femmes"
    scope: str | None = None  # set when the figure covers part of the incident only
    role: Role = Role.MAIN
    sentence: str = ""
    story_url: str = ""
    # who the story says did the killing ("killed by X", "revendiqué par X"); never the
    # claimant's name by default, and not part of the claim's identity
    perpetrator: str | None = None

    @property
    def key(self) -> tuple[object, ...]:
        """Identity of a claim across stories: the same claim from many stories is one claim."""
        return (
            self.claimant,
            self.category,
            self.count.low,
            self.count.high,
            self.count.is_denial,
            self.victims,
            self.scope,
        )


@dataclass(frozen=True, slots=True)
class EventReport:
    """What one story says about one real event."""

    role: Role
    event_type: EventType
    place: Place | None
    date: EventDate | None
    claims: tuple[Claim, ...] = ()
    summary: str = ""  # one line: "Airstrike on a market 50 km N of Lerneb"


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    story: Story
    relevant: bool
    matched_keywords: tuple[str, ...] = ()
    events: tuple[EventReport, ...] = ()

    @property
    def main_event(self) -> EventReport | None:
        return next((e for e in self.events if e.role is Role.MAIN), None)


@dataclass(frozen=True, slots=True)
class Incident:
    """One real event, as known so far (built from storage or in memory by the evaluator)."""

    id: int | None
    event_type: EventType
    place: Place | None
    date: EventDate
    claims: tuple[Claim, ...] = ()
    first_seen: datetime | None = None
    last_updated: datetime | None = None
    story_urls: tuple[str, ...] = ()
    acled_id: str | None = None  # set for incidents imported from ACLED CSV
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Contradiction:
    kind: ContradictionKind
    category: Category
    first: Claim
    second: Claim
    summary: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Reported once per incident, category and kind (codebook §6)."""
        return (self.category.value, self.kind.value)


@dataclass(frozen=True, slots=True)
class TollUpdate:
    """A later, different figure from the same claimant (never a contradiction)."""

    claimant: str
    category: Category
    old: CasualtyCount
    new: CasualtyCount
    victims: VictimKind = VictimKind.UNSPECIFIED


@dataclass(frozen=True, slots=True)
class CategoryTally:
    """Per incident and category: range across claimants and the most conservative count."""

    category: Category
    low: int | None
    high: int | None
    conservative: int | None
    claimants: tuple[str, ...] = field(default_factory=tuple)
    # True when no claimant gives a number ("several", "de nombreux morts"): the conservative
    # count is then the no-number rows' 2 and reads "unknown, at least 2" (codebook §6)
    no_number: bool = False
