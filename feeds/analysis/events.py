"""What kind of event, and which sentences of a story tell which event.

A story reports one MAIN event (what its headline and lead report), sometimes OTHER events (a
second attack at another place with a toll of its own) and often recalls BACKGROUND events
(older incidents: "last month", "en juillet dernier", an explicit date well before publication).
:func:`segment_events` walks the sentences once and gives each one to exactly one event, so that
the claims of a sentence go to the event that owns it (codebook §5).

Rules, in the order they are applied to each sentence (docs/incidents.md has examples):

1. The lead (the headline and the first body sentence) is the main event, when it reports one;
   when it does not (an analysis piece, a yearly toll), the events told later are background.
2. A sentence with a recall cue, or a date cue well before publication, is background. It joins
   the background event just before it unless it names another type or date.
3. A sentence with no event word carries on the current event (reported speech goes on), except
   that a background event does not carry across a paragraph break, and a sentence naming the
   place of an event already told goes back to it.
4. A sentence with an event word and a toll at a place distinct from the main event's, or after a
   cue such as "in another attack" / "dans une autre attaque", opens an OTHER event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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
            r"\bdrones? (?:strikes?|attacks?|raids?|struck|hit|fired|bombed)\b"
            r"|\b(?:frappes?|attaques?|tirs?|bombardements?)(?: \w+)? (?:de|par|d'un) "
            r"(?:un )?drones?\b"
            r"|\b(?:by|from) (?:an? |the )?(?:armed |army |military )?drones?\b"
            r"|\bpar (?:un |des )?drones?\b",
        ),
        (
            EventType.AIRSTRIKE,
            r"\bair ?strikes?\b|\bair[- ]raids?\b|\bbombing raids?\b"
            r"|\baerial (?:bombing|bombardments?|strikes?|attacks?)\b"
            r"|\bfrappes? aeriennes?\b|\braids? aeriens?\b"
            r"|\bbombardements?\b|\bfrappes?\b|(?<!hunger )\bstrikes?\b|\bwarplanes?\b",
        ),
        (
            EventType.IED,
            r"\bieds?\b|\bimprovised explosive\b|\broadside bombs?\b|\blandmines?\b"
            r"|\bexplosive devices?\b|\bengins? explosifs?\b|\beei\b|\bbomb(?:s|ing|ings|ed)?\b"
            r"|\b(?:hit|struck|ran over|sur|d'une|explosion of)(?: an?| une| la)? mines?\b"
            r"|\bmines? (?:antipersonnel|artisanales?|terrestres?|improvisees?)\b",
        ),
        (
            EventType.ATTACK_ON_CAMP,
            r"\b(?:attack\w*|assault\w*|stormed|overr?an)\s+(?:\w+\s+){0,4}?"
            r"(?:camps?|bases?|barracks|garrisons?|(?:out)?posts?|checkpoints?|positions)\b"
            r"|\b(?:attaque\w*|assaut\w*)\s+(?:\w+\s+){0,4}?"
            r"(?:camps?|bases?|casernes?|postes?|garnisons?|positions?)\b"
            r"|\b(?:camps?|bases?|postes?) (?:\w+ ){0,4}(?:attaques?|was attacked)\b",
        ),
        (EventType.AMBUSH, r"\bambush\w*\b|\bembuscades?\b"),
        (
            EventType.EXECUTION,
            r"\bexecut(?:ed|ions?|ing)\b|\bmassacre[sd]?\b|\bexecutions? sommaires?\b"
            r"|\bexecutee?s?\b|\btuerie\b|\bkilling spree\b|\bmass killings?\b",
        ),
        (
            EventType.ABDUCTION,
            r"\babduct\w*\b|\bkidnap\w*\b|\bhostages?\b|\benlev(?:ement|ee?s?)\b|\botages?\b"
            r"|\brapt\b",
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
# A casualty word: what makes a sentence at another place the report of another event.
_TOLL = re.compile(
    r"\b(?:kill\w*|dead|deaths?|died|wounded|injured|bodies|abducted|kidnapped|missing"
    r"|tue(?:e|s|es)?|morts?|deces|decede\w*|blesse\w*|enleve\w*|disparu\w*|neutralis\w*"
    r"|executed|massacred|executes?)\b"
)
# Habitual or generic wording describes a pattern, not an event ("the road is often mined").
_HABITUAL = re.compile(
    r"\b(?:regularly|often|frequently|repeatedly|routinely|increasingly|every|each"
    r"|regulierement|souvent|frequemment|chaque|a plusieurs reprises|de plus en plus"
    r"|multiplient|se multiplient)\b"
)
# Strong recall: the sentence tells an older event.
_RECALL = re.compile(
    r"\blast (?:month|year)\b|\bearlier this (?:month|year)\b|\b(?:weeks|months|years) ago\b"
    r"|(?<!as )\bfollows\b|\b(?:comes after|came after|reminiscent of|a similar attack)\b"
    r"|\bin the past\b(?! (?:\d+|few|two|three|several|24|48|week|days?|hours?|months?)\b)"
    r"|\b(?:in a similar|the third such|the second such)\b"
    r"|\ble mois (?:dernier|passe)\b|\bl'an (?:dernier|passe)\b|\bl'annee (?:derniere|passee)\b"
    r"|\bil y a (?:\w+ )?(?:mois|ans|annees|semaines)\b"
    r"|\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre|l'ete|l'hiver|l'automne|le printemps) (?:dernier|passe)\b"
    r"|\brappel(?:le|lent|ons)?\b|\bfait suite\b|\bintervient (?:apres|au lendemain)\b"
    r"|\bpar le passe\b|\bune attaque similaire\b"
)
# Weak recall: an older event, unless it is an earlier statement about this one
# ("the mayor had earlier put the toll at 40", "un élu avait auparavant avancé").
_WEAK_RECALL = re.compile(r"\b(?:already|deja|previously|precedemment|auparavant)\b")
_PAST_PERFECT = re.compile(
    r"\bhad (?:been |already |also |earlier )?\w+(?:ed|en|t)\b"
    r"|\b(?:avait|avaient) (?:ete |deja |aussi |auparavant )?\w+(?:e|es|is|it|u|us|ts)\b"
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|according|stated|statement|reported|claimed|announced|accused"
    r"|denounced|put the toll|selon|d'apres|denonce\w*|accuse\w*|avance\w*|annonce\w*"
    r"|affirme\w*|indique\w*|declare\w*|precise\w*|evoque\w*|signale\w*|communique\w*)\b"
)
_OTHER_CUE = re.compile(
    r"\b(?:in another|in a separate|separately|elsewhere|in a second|a second attack"
    r"|meanwhile|on the same day|the same day|dans une autre|par ailleurs"
    r"|le meme jour|une deuxieme attaque|une seconde attaque|une autre attaque)\b"
)


def detect_event_type(text: str) -> EventType | None:
    """The most specific event type named in ``text``, or ``None`` when none is named."""
    folded = fold(text)
    return next((kind for kind, pattern in EVENT_PATTERNS if pattern.search(folded)), None)


def reported_event_type(text: str) -> EventType | None:
    """The event type of a sentence that reports an event (not a habit or a generality)."""
    return None if _HABITUAL.search(fold(text)) else detect_event_type(text)


def has_toll(text: str) -> bool:
    """True when the sentence speaks of people killed, wounded, taken or missing."""
    return bool(_TOLL.search(fold(text)))


def is_background_sentence(text: str, *, published: datetime) -> bool:
    """True when the sentence recalls an older event rather than reporting a new one."""
    folded = fold(text)
    if _RECALL.search(folded):
        return True
    cues = [cue for cue in find_date_cues(text, published=published) if not cue.is_statement_date]
    if any(is_well_before(cue.date, published) for cue in cues):
        return True
    if detect_event_type(text) is None or _REPORTING.search(folded):
        return False
    return bool(_WEAK_RECALL.search(folded) or _PAST_PERFECT.search(folded))


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
    title_places: list[Place] = field(default_factory=list)
    title_types: list[EventType] = field(default_factory=list)

    @property
    def all_places(self) -> list[Place]:
        return [*self.title_places, *self.places]


def segment_events(
    story: Story,
    sentences: Sequence[object],
    places: Sequence[Sequence[Place]],
) -> list[EventSpan]:
    """Split ``sentences`` (``str`` or objects with ``.text``) into events; main first.

    ``places[i]`` are the places mentioned in sentence ``i``. Every sentence belongs to exactly
    one event; background sentences never join the main event. When the lead reports no event
    (an analysis piece, a story on a blockade), the events it goes on to tell are background.
    """
    texts = [sentence_text(s) for s in sentences]
    paragraphs = paragraph_numbers(story.full_text, texts)
    lead = lead_indexes(story, texts)
    segmenter = _Segmenter(story, lead_reports_event([texts[i] for i in lead], story.published))
    for index, text in enumerate(texts):
        sentence_places = list(places[index]) if index < len(places) else []
        in_title = bool(story.title) and index < lead[-1]
        segmenter.add(index, text, sentence_places, paragraphs[index], index in lead, in_title)
    main = segmenter.drafts[0]
    return [_finish(d, main, story.published) for d in segmenter.drafts if d.indexes]


def lead_indexes(story: Story, sentences: Sequence[object]) -> list[int]:
    """The headline's sentences and the first body sentence (sentences of ``story.full_text``)."""
    texts = [sentence_text(s) for s in sentences]
    if not texts:
        return []
    if not story.title:
        return [0]
    title_end = len(story.title)
    in_title = 0
    position = 0
    for text in texts:
        found = story.full_text.find(text[:40], position)
        if found < 0 or found >= title_end:
            break
        in_title += 1
        position = found + len(text)
    return list(range(min(len(texts), max(in_title, 1) + 1)))


def lead_reports_event(lead: Sequence[str], published: datetime) -> bool:
    """Does the lead report an event? Its first body sentence, else the headline, must name an
    event or a toll without recalling an older one ("since January, 2,400 people...")."""
    if not lead:
        return False
    *headline, first = lead
    if is_background_sentence(first, published=published):
        return False
    return any(
        reported_event_type(text) is not None or has_toll(text) for text in (first, *headline)
    )


class _Segmenter:
    """The walk over a story's sentences: the events so far and the one being told."""

    def __init__(self, story: Story, lead_reports: bool) -> None:
        self.story = story
        self.lead_reports = lead_reports
        self.drafts = [_Draft(Role.MAIN, [], [], [], [], 0)]
        self.current = self.drafts[0]

    @property
    def main(self) -> _Draft:
        return self.drafts[0]

    def add(
        self,
        index: int,
        text: str,
        places: list[Place],
        paragraph: int,
        lead: bool,
        in_title: bool = False,
    ) -> None:
        """Give sentence ``index`` to an event; it becomes the current event.

        Headline places come first: a headline names the site ("Embuscade de Diéma") where the
        body may go on to name the road and the towns around it.
        """
        published = self.story.published
        kind = reported_event_type(text)
        cues = find_date_cues(text, published=published)
        if kind is None:
            places = [p for p in places if p.country == "Mali"]  # passing mentions of neighbours
        background = is_background_sentence(text, published=published)
        keep_places = True
        if lead and (self.lead_reports or not background):
            target = self.main
        elif background or (not self.lead_reports and (kind is not None or has_toll(text))):
            target = self._background_target(kind, cues, paragraph)
        else:
            target, keep_places = self._reported_target(kind, text, places, cues, paragraph)
        target.indexes.append(index)
        if keep_places:
            (target.title_places if in_title else target.places).extend(places)
        target.cues.extend(cues)
        target.paragraph = paragraph
        if kind is not None:
            (target.title_types if in_title else target.types).append(kind)
        self.current = target

    def _background_target(
        self, kind: EventType | None, cues: list[DateCue], paragraph: int
    ) -> _Draft:
        current = self.current
        continues = current.role is Role.BACKGROUND and current.paragraph == paragraph
        known_types = [*current.types, *current.title_types]
        new_type = kind is not None and known_types and kind not in known_types
        new_date = bool(cues and current.cues) and (
            pick_event_date(cues) != pick_event_date(current.cues)
        )
        if continues and not new_type and not new_date:
            return current
        return self._new_draft(Role.BACKGROUND, paragraph)

    def _reported_target(
        self,
        kind: EventType | None,
        text: str,
        places: list[Place],
        cues: list[DateCue],
        paragraph: int,
    ) -> tuple[_Draft, bool]:
        """The event a reporting sentence belongs to, and whether its places describe it."""
        current = self.current
        here = best_place([p for p in places if p.precision is not PlacePrecision.COUNTRY])
        if kind is not None and _OTHER_CUE.search(fold(text)) and self.main.indexes:
            return self._new_draft(Role.OTHER, paragraph), True  # "in a separate attack"
        known = self._event_at(here) if here is not None else None
        if known is not None:
            return known, True  # back to the event told at that place
        if kind is None:
            if current.role is Role.BACKGROUND and (current.paragraph != paragraph or cues):
                return self.main, not _is_located(self.main)
            return current, not _is_located(current)
        if here is not None and not _is_located(self.main):
            return self.main, True
        if here is not None and has_toll(text):
            return self._new_draft(Role.OTHER, paragraph), True
        target = self.main if current.role is Role.BACKGROUND else current
        return target, here is None

    def _event_at(self, here: Place) -> _Draft | None:
        """The main or other event already told at (or near) ``here``."""
        for draft in self.drafts:
            if draft.role is Role.BACKGROUND:
                continue
            # A headline may name the places of two events; once the body has placed an event,
            # only the body's places say where it was.
            for there in draft.places or draft.title_places:
                if there.precision is not PlacePrecision.COUNTRY and is_same_area(here, there):
                    return draft
        return None

    def _new_draft(self, role: Role, paragraph: int) -> _Draft:
        draft = _Draft(role, [], [], [], [], paragraph)
        self.drafts.append(draft)
        return draft


def _is_located(draft: _Draft) -> bool:
    """True once an event has a place finer than a whole country."""
    return any(place.precision is not PlacePrecision.COUNTRY for place in draft.all_places)


def _finish(draft: _Draft, main: _Draft, published: datetime) -> EventSpan:
    # A headline may sum up two events ("…; separate ambush leaves 5 dead"): the body decides.
    types = draft.types or draft.title_types
    kind = min(types, key=_specificity) if types else EventType.OTHER
    when = pick_event_date(draft.cues)
    if when is None and draft.role is not Role.BACKGROUND:
        when = pick_event_date(main.cues) or default_event_date(published)
    place = best_place(draft.all_places)
    return EventSpan(draft.role, kind, place, when, tuple(draft.indexes))


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
