"""What kind of event, and which sentences of a story tell which event.

A story reports one MAIN event (what its headline and lead report), sometimes OTHER events (a
second attack at another place with a toll of its own) and often recalls BACKGROUND events
(older incidents: "last month", "en juillet dernier", an explicit date well before publication).
:func:`segment_events` walks the sentences once and gives each one to exactly one event, so that
the claims of a sentence go to the event that owns it (codebook §5).

Rules, in the order they are applied to each sentence:

1. The lead (the headline and the first body sentence) is always the main event.
2. A sentence with a recall cue, or a date cue well before publication, is background. It joins
   the background event just before it unless it names another type or date.
3. A sentence with no cue carries on the current event (reported speech goes on), except that a
   background event does not carry across a paragraph break.
4. A sentence with an event word at a place distinct from the main event's, or after a cue such
   as "in another attack" / "dans une autre attaque", opens an OTHER event; a later sentence at
   the main event's place returns to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feeds.analysis.dates import (
    DateCue,
    default_event_date,
    find_date_cues,
    fold,
    is_well_before,
    pick_event_date,
)
from feeds.analysis.incidents import best_place, is_same_area
from feeds.model import EventDate, EventType, Place, PlacePrecision, Role, Story

__all__ = [
    "EventSpan",
    "detect_event_type",
    "is_background_sentence",
    "segment_events",
]

# Most specific first: the first type whose pattern matches a sentence is its type.
EVENT_PATTERNS: tuple[tuple[EventType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            EventType.DRONE_STRIKE,
            r"\bdrones? (?:strikes?|attacks?|raids?)\b|\b(?:frappes?|attaques?|tirs?)"
            r" (?:de|par|d'un) (?:drones?|un drone)\b|\bdrone\b",
        ),
        (
            EventType.AIRSTRIKE,
            r"\bair ?strikes?\b|\bair[- ]raids?\b|\baerial (?:bombardments?|strikes?|attacks?)\b"
            r"|\bbomb(?:ing|ed|ardment)s?\b|\bfrappes? aeriennes?\b|\braids? aeriens?\b"
            r"|\bbombardements?\b|\bfrappes?\b|(?<!hunger )\bstrikes?\b|\bwarplanes?\b",
        ),
        (
            EventType.IED,
            r"\bieds?\b|\bimprovised explosive\b|\broadside bombs?\b|\blandmines?\b"
            r"|\bexplosive devices?\b|\bengins? explosifs?\b|\beei\b"
            r"|(?<!gold )\bmines?\b(?! d'or)(?! (?:workers?|sites?))",
        ),
        (
            EventType.ATTACK_ON_CAMP,
            r"\b(?:attack\w*|assault\w*|stormed|overr?an)\s+(?:\w+\s+){0,4}?"
            r"(?:camps?|bases?|barracks|garrisons?|(?:out)?posts?|checkpoints?)\b"
            r"|\b(?:attaque\w*|assaut\w*)\s+(?:\w+\s+){0,4}?"
            r"(?:camps?|bases?|casernes?|postes?|garnisons?)\b"
            r"|\b(?:camps?|bases?|postes?) (?:\w+ ){0,4}(?:attaques?|was attacked)\b",
        ),
        (EventType.AMBUSH, r"\bambush\w*\b|\bembuscades?\b|\btendu une embuscade\b"),
        (
            EventType.EXECUTION,
            r"\bexecut(?:ed|ions?|ing)\b|\bmassacre[sd]?\b|\bexecutions? sommaires?\b"
            r"|\bexecutee?s?\b|\btuerie\b|\bkilling spree\b|\bmass killings?\b",
        ),
        (
            EventType.ABDUCTION,
            r"\babduct\w*\b|\bkidnap\w*\b|\bhostages?\b|\benlev(?:ement|ee?s?)\b|\botages?\b"
            r"|\bpris en otage\b|\brapt\b",
        ),
        (
            EventType.CLASH,
            r"\bclash\w*\b|\bfighting\b|\bcombats?\b|\baffrontements?\b|\baccrochages?\b"
            r"|\bheurts\b|\bgun ?fights?\b|\bfirefights?\b|\bexchange of fire\b|\bbattle\b",
        ),
        (
            EventType.ATTACK,
            r"\battack\w*\b|\braids?\b|\bassault\w*\b|\battaqu\w*\b|\bassaut\b|\bopened fire\b"
            r"|\bouvert le feu\b|\bshelling\b|\bobus\b|\bgunmen\b|\bhommes armes\b",
        ),
    )
)

_RECALL = re.compile(
    r"\blast (?:month|year)\b|\bearlier this (?:month|year)\b|\b(?:weeks|months|years) ago\b"
    r"|\b(?:follows|comes after|came after|previously|in the past)\b"
    r"|\b(?:recalled|reminiscent of|a similar attack|in a similar)\b"
    r"|\ble mois (?:dernier|passe)\b|\bl'an (?:dernier|passe)\b|\bl'annee (?:derniere|passee)\b"
    r"|\bil y a (?:\w+ )?(?:mois|ans|annees|semaines)\b"
    r"|\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre|l'ete|l'hiver|l'automne|le printemps) (?:dernier|passe)\b"
    r"|\brappel(?:le|lent|ons)?\b|\bfait suite\b|\bintervient (?:apres|au lendemain)\b"
    r"|\bprecedemment\b|\bauparavant\b|\bpar le passe\b|\bune attaque similaire\b"
)
_WEAK_RECALL = re.compile(r"\b(?:already|deja)\b")
_PAST_PERFECT = re.compile(
    r"\bhad (?:been |already |also )?\w+(?:ed|en|t)\b"
    r"|\b(?:avait|avaient) (?:ete |deja |aussi )?\w+(?:e|es|is|it|u|us|ts)\b"
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|according|stated|statement|reported|claimed|announced|selon"
    r"|d'apres|a (?:indique|declare|affirme|annonce|precise|explique)|ont (?:indique|declare))\b"
)
_OTHER_CUE = re.compile(
    r"\b(?:in another|in a separate|separately|elsewhere|in a second|a second attack"
    r"|meanwhile|on the same day|the same day|dans une autre|par ailleurs|ailleurs"
    r"|le meme jour|une deuxieme attaque|une seconde attaque|une autre attaque)\b"
)


@dataclass(frozen=True, slots=True)
class EventSpan:
    """One event of a story: its role, type, place, date and the sentences that tell it."""

    role: Role
    event_type: EventType
    place: Place | None
    date: EventDate | None
    sentence_indexes: tuple[int, ...]


@dataclass(slots=True)
class _Draft:
    role: Role
    indexes: list[int]
    types: list[EventType]
    places: list[Place]
    cues: list[DateCue]
    paragraph: int


def detect_event_type(text: str) -> EventType | None:
    """The most specific event type named in ``text``, or ``None`` when none is named."""
    folded = fold(text)
    return next((kind for kind, pattern in EVENT_PATTERNS if pattern.search(folded)), None)


def is_background_sentence(text: str, *, published: datetime) -> bool:
    """True when the sentence recalls an older event rather than reporting a new one."""
    folded = fold(text)
    if _RECALL.search(folded):
        return True
    cues = [cue for cue in find_date_cues(text, published=published) if not cue.is_statement_date]
    if any(is_well_before(cue.date, published) for cue in cues):
        return True
    has_event = detect_event_type(text) is not None
    if _WEAK_RECALL.search(folded) and has_event:
        return True
    return bool(_PAST_PERFECT.search(folded)) and not _REPORTING.search(folded) and has_event


def segment_events(
    story: Story,
    sentences: Sequence[object],
    places: Sequence[Sequence[Place]],
) -> list[EventSpan]:
    """Split ``sentences`` (``str`` or objects with ``.text``) into events; main first.

    ``places[i]`` are the places mentioned in sentence ``i``. Every sentence belongs to exactly
    one event; background sentences never join the main event.
    """
    texts = [sentence_text(s) for s in sentences]
    paragraphs = paragraph_numbers(story.full_text, texts)
    lead = {0, 1} if story.title else {0}
    main = _Draft(Role.MAIN, [], [], [], [], 0)
    drafts = [main]
    current = main
    for index, text in enumerate(texts):
        sentence_places = list(places[index]) if index < len(places) else []
        current = _place_sentence(
            story, drafts, current, index, text, sentence_places, paragraphs[index], index in lead
        )
    return [_finish(draft, main, story.published) for draft in drafts if draft.indexes]


def _place_sentence(
    story: Story,
    drafts: list[_Draft],
    current: _Draft,
    index: int,
    text: str,
    places: list[Place],
    paragraph: int,
    is_lead: bool,
) -> _Draft:
    """Give sentence ``index`` to an event and return the event now current."""
    main = drafts[0]
    kind = detect_event_type(text)
    cues = find_date_cues(text, published=story.published)
    if kind is None:
        places = [p for p in places if p.country == "Mali"]  # passing mentions of neighbours
    if is_lead:
        target = main
    elif is_background_sentence(text, published=story.published):
        target = _background_target(drafts, current, kind, cues, paragraph)
    else:
        target = _reported_target(drafts, current, kind, text, places, cues, paragraph)
    target.indexes.append(index)
    target.places.extend(places)
    target.cues.extend(cues)
    target.paragraph = paragraph
    if kind is not None:
        target.types.append(kind)
    return target


def _background_target(
    drafts: list[_Draft],
    current: _Draft,
    kind: EventType | None,
    cues: list[DateCue],
    paragraph: int,
) -> _Draft:
    continues = current.role is Role.BACKGROUND and current.paragraph == paragraph
    new_type = kind is not None and current.types and kind not in current.types
    new_date = bool(cues and current.cues) and pick_event_date(cues) != pick_event_date(
        current.cues
    )
    if continues and not new_type and not new_date:
        return current
    return _new_draft(drafts, Role.BACKGROUND, paragraph)


def _reported_target(
    drafts: list[_Draft],
    current: _Draft,
    kind: EventType | None,
    text: str,
    places: list[Place],
    cues: list[DateCue],
    paragraph: int,
) -> _Draft:
    main = drafts[0]
    here = best_place([p for p in places if p.precision is not PlacePrecision.COUNTRY])
    known = _event_at(drafts, here) if here is not None else None
    if kind is None:
        if known is not None:
            return known  # back to the event told at that place
        if current.role is Role.BACKGROUND and (current.paragraph != paragraph or cues):
            return main
        return current
    if here is not None:
        if known is not None:
            return known
        if _is_located(main):
            return _new_draft(drafts, Role.OTHER, paragraph)
        return main
    if _OTHER_CUE.search(fold(text)):
        return _new_draft(drafts, Role.OTHER, paragraph)
    return main if current.role is Role.BACKGROUND else current


def _event_at(drafts: list[_Draft], here: Place) -> _Draft | None:
    """The main or other event already told at (or near) ``here``."""
    for draft in drafts:
        there = best_place(draft.places)
        if draft.role is not Role.BACKGROUND and there is not None and is_same_area(here, there):
            return draft
    return None


def _is_located(draft: _Draft) -> bool:
    """True once an event has a place finer than a whole country."""
    return any(place.precision is not PlacePrecision.COUNTRY for place in draft.places)


def _new_draft(drafts: list[_Draft], role: Role, paragraph: int) -> _Draft:
    draft = _Draft(role, [], [], [], [], paragraph)
    drafts.append(draft)
    return draft


def _finish(draft: _Draft, main: _Draft, published: datetime) -> EventSpan:
    kind = min(draft.types, key=_specificity) if draft.types else EventType.OTHER
    when = pick_event_date(draft.cues)
    if when is None and draft.role is not Role.BACKGROUND:
        when = pick_event_date(main.cues) or default_event_date(published)
    return EventSpan(draft.role, kind, best_place(draft.places), when, tuple(draft.indexes))


def _specificity(kind: EventType) -> int:
    order = [k for k, _ in EVENT_PATTERNS]
    return order.index(kind) if kind in order else len(order)


def sentence_text(sentence: object) -> str:
    """The text of a sentence given as ``str`` or as an object with a ``text`` attribute."""
    return sentence if isinstance(sentence, str) else str(getattr(sentence, "text", sentence))


def paragraph_numbers(full_text: str, texts: Sequence[str]) -> list[int]:
    """The paragraph (newline-separated block) each sentence starts in, found in order."""
    numbers: list[int] = []
    position = 0
    paragraph = 0
    for text in texts:
        found = full_text.find(text[:40], position) if text else -1
        if found >= 0:
            if "\n" in full_text[position:found]:
                paragraph += 1
            position = found + len(text)
        numbers.append(paragraph)
    return numbers
