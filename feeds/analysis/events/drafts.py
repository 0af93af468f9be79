"""An event being told, as the segmenter builds it, and how a told event is finished.

``events.py`` walks a story's sentences and gives each one to a :class:`Draft`; this module holds
the draft, the rule that turns a report on an older event into that event
(:func:`adopt_dated_telling`), and :func:`finish_draft`, which gives a draft its type, place and
date (docs/incidents.md §3).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from feeds.analysis.dates.resolve import DateCue, default_event_date, pick_event_date
from feeds.analysis.events.vocabulary import (
    EVENT_PATTERNS,
    PAST_PERFECT,
    RECALL,
    WEAK_RECALL,
    has_toll,
    reported_event_type,
)
from feeds.analysis.incidents import best_place, is_same_area
from feeds.model import DatePrecision, EventDate, EventType, Place, PlacePrecision, Role
from feeds.model.folding import fold_key


@dataclass(frozen=True, slots=True)
class EventSpan:
    """One event of a story: its role, type, place, date and the sentences that tell it."""

    role: Role
    event_type: EventType
    place: Place | None
    date: EventDate | None
    sentence_indexes: tuple[int, ...]


@dataclass(slots=True)
class Draft:
    """An event while its sentences are being given to it: what they name, so far."""

    role: Role
    indexes: list[int]
    types: list[EventType]
    places: list[Place]
    cues: list[DateCue]
    paragraph: int
    title_places: list[Place] = field(default_factory=list)
    title_types: list[EventType] = field(default_factory=list)
    lead_type: EventType | None = None  # the type the first body sentence reports

    @property
    def all_places(self) -> list[Place]:
        return [*self.title_places, *self.places]


def adopt_dated_telling(
    drafts: list[Draft], texts: Sequence[str], lead: Sequence[int]
) -> list[Draft]:
    """A report on an older event: its main event is that event, not one on the report's day.

    A rights group's report or an investigation published weeks later names the event in its
    headline without a date ("Amnesty documents executions in X"), then dates it in the next
    sentence ("27 men were executed on 13 October in X"), which reads as a recall. When the main
    event has no date of its own and the first recalled event is told at once (within the
    lead or the sentence after it) at the main event's place, or the main event has no place,
    that recalled event is the main one. Not when the lead's body sentence gives a toll of its
    own: the event it tells is new, and the recall is another one at the same place.
    """
    main = drafts[0]
    if len(drafts) < 2 or any(not cue.is_statement_date for cue in main.cues):
        return drafts
    body = lead[-1]
    at_once = [
        d
        for d in drafts[1:]
        if d.role is Role.BACKGROUND and d.indexes and d.indexes[0] <= body + 1
    ]
    if not at_once or at_once[0] is not drafts[1]:
        return drafts
    if body in main.indexes and has_toll(texts[body]) and not _names_it_again(texts, body + 1):
        return drafts
    recalled = _joined(at_once)  # "last month" in the lead, "on 21 October" right after it
    when = pick_event_date(recalled.cues)
    if when is None or when.precision is not DatePrecision.DAY:
        return drafts  # "last year", "in July": a recall, not the dated event a report documents
    if not any(reported_event_type(texts[i]) or has_toll(texts[i]) for i in lead):
        return drafts
    here = best_place(recalled.all_places)
    there = best_place([p for p in main.all_places if p.precision is not PlacePrecision.COUNTRY])
    if here is None or (there is not None and not is_same_area(here, there)):
        return drafts
    _merge(main, recalled)
    rest = []
    for draft in drafts[1 + len(at_once) :]:
        if _goes_on_telling(draft, main, texts):
            _merge(main, draft)
        else:
            rest.append(draft)
    return [main, *rest]


# The sentence after a lead that opens on the event the lead told ("The strike on the village
# of X, on 13 November, killed seven", "L'attaque du 3 octobre contre le camp…") dates that event.
NAMES_IT_AGAIN = re.compile(
    r"^\W*(?:(?:the|this|that|la|le|cette|ce) |l')(?:\w+ ){0,2}?"
    r"(?:strikes?|attacks?|raids?|massacre|killings?|ambush|bombing|assault|frappes?|attaque"
    r"|embuscade|tuerie|attentat|assaut|bombardement)\b"
)


def _names_it_again(texts: Sequence[str], index: int) -> bool:
    """The sentence at ``index`` opens on the lead's event, in no words of an older one."""
    if index >= len(texts):
        return False
    folded = fold_key(texts[index])
    return bool(NAMES_IT_AGAIN.match(folded)) and not (
        RECALL.search(folded) or WEAK_RECALL.search(folded) or PAST_PERFECT.search(folded)
    )


def _joined(drafts: Sequence[Draft]) -> Draft:
    """One draft of consecutive recalled drafts (their sentences, places and cues)."""
    if len(drafts) == 1:
        return drafts[0]
    joined = Draft(Role.BACKGROUND, [], [], [], [], drafts[0].paragraph)
    for draft in drafts:
        _merge(joined, draft)
        joined.title_places.extend(draft.title_places)
    return joined


def _merge(main: Draft, other: Draft) -> None:
    main.indexes = sorted([*main.indexes, *other.indexes])
    main.types.extend(other.types)
    main.places.extend(other.places)
    main.cues.extend(other.cues)


def _goes_on_telling(draft: Draft, main: Draft, texts: Sequence[str]) -> bool:
    """In a report on an older event, a later paragraph that only adds what someone said about
    it — a toll, a denial, dated by the statement if at all ("the army said on 8 May that 20
    had died", "dans un message diffusé le 12, le groupe a nié"), at no other place and with no
    recall cue — still tells that event, not an older one. Its event words do not matter: a
    denial of "any attack" speaks of the executions the report documents."""
    here = [p for p in draft.all_places if p.precision is not PlacePrecision.COUNTRY]
    there = [p for p in main.all_places if p.precision is not PlacePrecision.COUNTRY]
    return (
        draft.role is Role.BACKGROUND
        and all(cue.is_statement_date for cue in draft.cues)
        and all(any(is_same_area(a, b) for b in there) for a in here)
        and not any(RECALL.search(fold_key(texts[i])) for i in draft.indexes)
    )


def is_coarse(place: Place) -> bool:
    return place.precision in (PlacePrecision.CERCLE, PlacePrecision.REGION)


def is_located(draft: Draft) -> bool:
    """True once an event has a place finer than a whole country."""
    return any(place.precision is not PlacePrecision.COUNTRY for place in draft.all_places)


def finish_draft(draft: Draft, main: Draft, published: datetime) -> EventSpan:
    # A headline may sum up two events ("…; separate ambush leaves 5 dead"): the body decides.
    types = draft.types or draft.title_types
    kind = min(types, key=_specificity) if types else EventType.OTHER
    if draft.lead_type not in (None, EventType.ATTACK):
        kind = draft.lead_type  # the lead says what happened; later sentences add details
    when = pick_event_date(draft.cues)
    if when is None and draft.role is not Role.BACKGROUND:
        when = pick_event_date(main.cues) or default_event_date(published)
    place = best_place(draft.all_places)
    return EventSpan(draft.role, kind, place, when, tuple(draft.indexes))


def _specificity(kind: EventType) -> int:
    order = [k for k, _ in EVENT_PATTERNS]
    return order.index(kind) if kind in order else len(order)
