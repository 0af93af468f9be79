"""The pure core: from a story's text to events and claims.

:func:`analyse_story` runs the steps in order: sentences → relevance → events (main / other /
background) → claims, each claim given to the event that owns its sentence. The helpers it calls
live in the sibling modules (an event's candidate sites in ``event_sites``); they are imported
when first used so that importing one module of this package never requires all the others.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from feeds.analysis.events.sites import event_places
from feeds.analysis.events.vocabulary import DISASTER_WORDS, MALI_BORDER, MALI_WORDS
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
from feeds.model.folding import fold_key

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
LEAD_CHARS = 300  # the first lines of a story's body, with the headline its lead


def analyse_story(story: Story, *, watch: WatchList) -> StoryAnalysis:
    """Relevance, events and claims of one story; an irrelevant story stops at the keywords."""
    from feeds.analysis.relevance import match_keywords

    keywords = match_keywords(story.full_text, watch) or malian_places_in_lead(story, watch)
    if not keywords:
        return StoryAnalysis(story, relevant=False)
    from feeds.analysis.events.segment import segment_events
    from feeds.analysis.events.vocabulary import lead_indexes, lead_reports_event
    from feeds.analysis.places.gazetteer import load_gazetteer
    from feeds.analysis.places.unlisted import story_mentions
    from feeds.analysis.text import split_sentences

    sentences = split_sentences(story.full_text)
    gazetteer = load_gazetteer()
    mentions = story_mentions(sentences, [gazetteer.find_places(text) for text in sentences])
    places = [event_places(text, found) for text, found in zip(sentences, mentions, strict=True)]
    spans = segment_events(story, sentences, places)
    main = next((span for span in spans if span.role is Role.MAIN), None)
    lead = lead_indexes(story, sentences)
    reports_event = main is not None and lead_reports_event(
        [sentences[i] for i in lead], story.published
    )
    lead_places = [p for i in lead for p in places[i]]
    if not spans or not is_about_mali(
        story, main.place if main else None, lead_places, reports_event=reports_event
    ):
        logger.debug("story %s is not about Mali (main event %s)", story.url, main)
        return StoryAnalysis(story, relevant=False, matched_keywords=keywords)
    from feeds.analysis.claims.extract import extract_claims

    owner = {index: n for n, span in enumerate(spans) for index in span.sentence_indexes}
    claims_by_event: list[list[Claim]] = [[] for _ in spans]
    for found in extract_claims(story, sentences):
        n = owner.get(found.sentence_index, 0)
        claims_by_event[n].append(replace(found.claim, role=spans[n].role))
    events = [
        build_event_report(span.role, span.event_type, span.place, span.date, claims)
        for span, claims in zip(spans, claims_by_event, strict=True)
        if is_incident_report(story, span.role, span.event_type, claims)
        or is_located_recall(span.role, span.event_type, span.place, span.date)
    ]
    return StoryAnalysis(story, relevant=True, matched_keywords=keywords, events=tuple(events))


def malian_places_in_lead(story: Story, watch: WatchList) -> tuple[str, ...]:
    """Malian places the headline or first lines name, as keywords for a story that never writes
    "Mali" (a Malian outlet's "Loulouni : les habitants racontent…"); ``()`` when the watch
    list's exclude words rule the story out or no Malian place is named."""
    from feeds.analysis.places.gazetteer import load_gazetteer
    from feeds.analysis.relevance import WatchList, match_keywords

    if watch.exclude and match_keywords(story.full_text, WatchList(include=watch.exclude)):
        return ()
    lead = f"{story.title}\n{story.text[:LEAD_CHARS]}"
    places = [m.to_place() for m in load_gazetteer().find_places(lead)]
    if any(p.country != "Mali" for p in places):
        return ()  # a neighbour's story naming a Malian town
    names = [p.name for p in places if p.precision is not PlacePrecision.COUNTRY]
    return tuple(dict.fromkeys(names))


def is_incident_report(
    story: Story, role: Role, event_type: EventType, claims: Sequence[Claim]
) -> bool:
    """Is this event worth an incident? Other and background events need a toll; a main event
    needs an event word or a toll, and a toll alone is no incident when the lead speaks of a
    disaster (floods, a road accident, a mine collapse)."""
    if role is not Role.MAIN or event_type is not EventType.OTHER:
        return bool(claims) or role is Role.MAIN
    lead = fold_key(story.title or story.text[:300])
    return bool(claims) and not DISASTER_WORDS.search(lead)


def is_located_recall(
    role: Role, event_type: EventType, place: Place | None, when: EventDate | None
) -> bool:
    """A background event without a toll, typed, dated and placed at a town: enough to link the
    incident it recalls when that incident is known (the pipeline never opens one for it)."""
    return (
        role is Role.BACKGROUND
        and event_type is not EventType.OTHER
        and when is not None
        and place is not None
        and place.precision in (PlacePrecision.LOCALITY, PlacePrecision.OFFSET)
    )


def is_about_mali(
    story: Story,
    main_place: Place | None,
    lead_places: Sequence[Place],
    *,
    reports_event: bool = True,
) -> bool:
    """The main event is in Mali, or nothing places the lead abroad and Mali is named.

    A neighbour named only as a border ("near the border with Niger") does not place the lead
    abroad; a Burkina Faso story naming Mali in passing is not about Mali. A story reporting no
    event (politics, refugees, floods) is about Mali when its headline names Mali or a Malian
    place, wherever else it goes.
    """
    if not reports_event and (
        MALI_WORDS.search(MALI_BORDER.sub(" ", fold_key(story.title)))
        or any(
            p.country == "Mali" and p.precision is not PlacePrecision.COUNTRY for p in lead_places
        )
    ):
        return True
    if main_place is not None and main_place.country != "Mali":
        return False
    if main_place is not None and main_place.precision is not PlacePrecision.COUNTRY:
        return True
    lead_text = fold_key(story.full_text[: max(400, len(story.title) + 300)])
    abroad = [
        p for p in lead_places if p.country != "Mali" and not _is_border_only(lead_text, p.name)
    ]
    if abroad:
        return False
    return bool(MALI_WORDS.search(fold_key(story.full_text)))


def _is_border_only(folded: str, name: str) -> bool:
    """True when every mention of ``name`` is as a border or a river ("fleuve Niger")."""
    target = re.escape(fold_key(name))
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
    from feeds.model.tally import drop_superseded_vague

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
