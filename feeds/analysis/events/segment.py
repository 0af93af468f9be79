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
   cue such as "in another attack" / "dans une autre attaque", opens an OTHER event — not when it
   points back ("missing since the attack"), and a village of the cercle the main event is known
   by opens one only for an incompatible type of event.
5. A sentence naming the type of the background event just told, in its paragraph and at no
   place, stays with that recall.

Afterwards, a story whose main event has no date of its own and whose first recall, dated to the
day, comes at once at the same place is a report on that older event: the recall becomes the main
event, and later paragraphs that only add what someone said about it (dated by the statement if at
all, at no other place, no recall cue) tell it too. The main event's type is the one its first body
sentence names (unless a generic attack). The words and sentence tests live in
:mod:`feeds.analysis.events.vocabulary`; the drafts and that afterwards step in
:mod:`feeds.analysis.events.drafts`.
"""

from __future__ import annotations

from collections.abc import Sequence

from feeds.analysis.dates.resolve import DateCue, find_date_cues, pick_event_date
from feeds.analysis.events.drafts import (
    Draft,
    EventSpan,
    adopt_dated_telling,
    finish_draft,
    is_coarse,
    is_located,
)
from feeds.analysis.events.vocabulary import (
    EARLIER,
    OTHER_CUE,
    REFERS_BACK,
    WEEKS_BEFORE,
    has_toll,
    is_background_sentence,
    lead_indexes,
    lead_reports_event,
    paragraph_numbers,
    reported_event_type,
    sentence_text,
)
from feeds.analysis.incidents import best_place, is_same_area, type_affinity
from feeds.model import EventType, Place, PlacePrecision, Role, Story
from feeds.model.folding import fold_key


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
    drafts = adopt_dated_telling(segmenter.drafts, texts, lead)
    main = drafts[0]
    return [finish_draft(d, main, story.published) for d in drafts if d.indexes]


class _Segmenter:
    """The walk over a story's sentences: the events so far and the one being told."""

    def __init__(self, story: Story, lead_reports: bool) -> None:
        self.story = story
        self.lead_reports = lead_reports
        self.drafts = [Draft(Role.MAIN, [], [], [], [], 0)]
        self.current = self.drafts[0]

    @property
    def main(self) -> Draft:
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
        background = is_background_sentence(text, published=published) or (
            not lead and bool(WEEKS_BEFORE.search(fold_key(text)))
        )
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
            if lead and not in_title and target is self.main:
                self.main.lead_type = kind
        self.current = target

    def _background_target(
        self, kind: EventType | None, cues: list[DateCue], paragraph: int
    ) -> Draft:
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
    ) -> tuple[Draft, bool]:
        """The event a reporting sentence belongs to, and whether its places describe it."""
        current = self.current
        here = best_place([p for p in places if p.precision is not PlacePrecision.COUNTRY])
        folded = fold_key(text)
        if (
            kind is not None
            and OTHER_CUE.search(folded)
            and not REFERS_BACK.search(folded)  # "par ailleurs … depuis l'enlèvement": the same
            and self.main.indexes
        ):
            return self._new_draft(Role.OTHER, paragraph), True  # "in a separate attack"
        known = self._event_at(here, kind) if here is not None else None
        if known is not None:
            return known, True  # back to the event told at that place
        if (
            here is not None
            and has_toll(text)
            and EARLIER.search(folded)
            and is_located(self.main)
            and not REFERS_BACK.search(folded)
        ):
            return self._new_draft(Role.OTHER, paragraph), True  # "la veille, cinq tués à X"
        if kind is None:
            if current.role is Role.BACKGROUND and (current.paragraph != paragraph or cues):
                return self.main, not is_located(self.main)
            return current, not is_located(current)
        if (
            current.role is Role.BACKGROUND
            and current.paragraph == paragraph
            and here is None
            and kind in (*current.types, *current.title_types)
        ):
            return current, True  # "the fate of the other hostages" after a recalled abduction
        if here is not None and not is_located(self.main):
            return self.main, True
        if here is not None and has_toll(text) and not REFERS_BACK.search(folded):
            return self._new_draft(Role.OTHER, paragraph), True
        target = self.main if current.role is Role.BACKGROUND else current
        return target, here is None

    def _event_at(self, here: Place, kind: EventType | None = None) -> Draft | None:
        """The main or other event already told at (or near) ``here``.

        An event known only by its cercle or region does not take in a village of that area
        where something of an incompatible type happened (a bomb in Douentza cercle, then
        traders abducted in Boré, in the same cercle).
        """
        for draft in self.drafts:
            if draft.role is Role.BACKGROUND:
                continue
            known_types = [*draft.types, *draft.title_types]
            other_kind = kind is not None and all(
                type_affinity(kind, known) == 0 for known in known_types
            )
            # A headline may name the places of two events; once the body has placed an event,
            # only the body's places say where it was.
            for there in draft.places or draft.title_places:
                if there.precision is PlacePrecision.COUNTRY or not is_same_area(here, there):
                    continue
                if other_kind and is_coarse(there) and not is_coarse(here):
                    continue
                return draft
        return None

    def _new_draft(self, role: Role, paragraph: int) -> Draft:
        draft = Draft(role, [], [], [], [], paragraph)
        self.drafts.append(draft)
        return draft
