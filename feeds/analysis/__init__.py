"""The pure core: from a story's text to events and claims.

:func:`analyse_story` runs the steps in order: sentences → relevance → events (main / other /
background) → claims, each claim given to the event that owns its sentence. The helpers it calls
live in the sibling modules; they are imported when first used so that importing one module of
this package never requires all the others.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from feeds.model import (
    Claim,
    EventDate,
    EventReport,
    EventType,
    Place,
    PlacePrecision,
    Role,
    Story,
    StoryAnalysis,
)

if TYPE_CHECKING:
    from feeds.analysis.relevance import WatchList

logger = logging.getLogger(__name__)

EVENT_LABELS = {
    EventType.AIRSTRIKE: "Airstrike",
    EventType.DRONE_STRIKE: "Drone strike",
    EventType.AMBUSH: "Ambush",
    EventType.IED: "Explosive device",
    EventType.ATTACK_ON_CAMP: "Attack on a camp",
    EventType.EXECUTION: "Executions",
    EventType.CLASH: "Clashes",
    EventType.ABDUCTION: "Abduction",
    EventType.ATTACK: "Attack",
    EventType.OTHER: "Event",
}
MALI_WORDS = re.compile(r"\bmali(?:an|en|enne|ens|ennes)?s?\b")


def analyse_story(story: Story, *, watch: WatchList) -> StoryAnalysis:
    """Relevance, events and claims of one story; an irrelevant story stops at the keywords."""
    from feeds.analysis.relevance import match_keywords

    keywords = match_keywords(story.full_text, watch)
    if not keywords:
        return StoryAnalysis(story, relevant=False)
    from feeds.analysis.events import segment_events
    from feeds.analysis.places import load_gazetteer
    from feeds.analysis.text import split_sentences

    sentences = split_sentences(story.full_text)
    gazetteer = load_gazetteer()
    places = [[m.to_place() for m in gazetteer.find_places(text)] for text in sentences]
    spans = segment_events(story, sentences, places)
    if not spans:
        return StoryAnalysis(story, relevant=False, matched_keywords=keywords)
    lead = range(2 if story.title else 1)
    if not is_about_mali(story, spans[0].place, [p for i in lead for p in places[i]]):
        logger.debug("story %s is not about Mali (main place %s)", story.url, spans[0].place)
        return StoryAnalysis(story, relevant=False, matched_keywords=keywords)
    from feeds.analysis.claims import extract_claims

    owner = {index: n for n, span in enumerate(spans) for index in span.sentence_indexes}
    claims_by_event: list[list[Claim]] = [[] for _ in spans]
    for found in extract_claims(story, sentences):
        n = owner.get(found.sentence_index, 0)
        claims_by_event[n].append(replace(found.claim, role=spans[n].role))
    events = [
        build_event_report(span.role, span.event_type, span.place, span.date, claims)
        for span, claims in zip(spans, claims_by_event, strict=True)
        if span.role is Role.MAIN or claims  # other and background events need a toll
    ]
    return StoryAnalysis(story, relevant=True, matched_keywords=keywords, events=tuple(events))


def is_about_mali(story: Story, main_place: Place | None, lead_places: Sequence[Place]) -> bool:
    """The main event is in Mali, or nothing places the lead abroad and Mali is named.

    A neighbour named only as a border ("near the border with Niger") does not place the lead
    abroad; a Burkina Faso story naming Mali in passing is not about Mali.
    """
    if main_place is not None and main_place.country != "Mali":
        return False
    if main_place is not None and main_place.precision is not PlacePrecision.COUNTRY:
        return True
    lead_text = _fold(story.full_text[: max(400, len(story.title) + 300)])
    abroad = [
        p for p in lead_places if p.country != "Mali" and not _is_border_only(lead_text, p.name)
    ]
    if abroad:
        return False
    return bool(MALI_WORDS.search(_fold(story.full_text)))


def _is_border_only(folded: str, name: str) -> bool:
    """True when every mention of ``name`` is as a border or a river ("fleuve Niger")."""
    target = re.escape(_fold(name))
    border = (
        rf"(?:borders?|frontieres?|frontalier\w*)(?: \w+){{0,3}} (?:with |avec |du |de )?"
        rf"(?:the |le |la |l')?{target}|{target}(?:ien|ian|ienne)?\s+(?:border|river|frontier)"
        rf"|fleuve {target}|river {target}"
    )
    total = len(re.findall(rf"\b{target}\b", folded))
    return total > 0 and len(re.findall(border, folded)) >= total


def build_event_report(
    role: Role,
    event_type: EventType,
    place: Place | None,
    when: EventDate | None,
    claims: Sequence[Claim],
) -> EventReport:
    """An :class:`EventReport` with its claims cleaned (codebook §2) and a one-line summary."""
    from feeds.analysis.contradictions import drop_superseded_vague

    unique: dict[tuple[object, ...], Claim] = {}
    for claim in drop_superseded_vague(claims):
        unique.setdefault(claim.key, claim)  # the headline and the body repeat one claim
    return EventReport(
        role=role,
        event_type=event_type,
        place=place,
        date=when,
        claims=tuple(unique.values()),
        summary=summarize_event(event_type, place),
    )


def summarize_event(event_type: EventType, place: Place | None) -> str:
    """One line such as "Airstrike 50 km N of Lerneb (Timbuktu)" or "Ambush near Boni (Mopti)"."""
    label = EVENT_LABELS[event_type]
    if place is None:
        return label
    if place.precision is PlacePrecision.OFFSET:
        where = place.name
    elif place.precision is PlacePrecision.LOCALITY:
        where = f"near {place.name}"
    else:
        where = f"in {place.name}"
    region = f" ({place.admin1})" if place.admin1 and place.admin1 not in place.name else ""
    return f"{label} {where}{region}"


def _fold(text: str) -> str:
    from unidecode import unidecode

    return unidecode(text).lower()
