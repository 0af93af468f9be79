"""When did it happen? Date cues in English and French, anchored on the publication time.

News reports date events relative to the day they are published ("on Sunday", "hier", "last
month"), so every cue is resolved against ``published``. A sentence may carry several cues, one
for the event and one for the statement about it ("the statement released late Monday ... in
Sunday's attack"); a cue right after a reporting word is the statement's, and is used only when
nothing else dates the event. Among the remaining cues the finest precision wins, then the
earliest day, because an event always comes before the reports about it.

Numeric dates ("12/11/2026") are parsed by dateparser, day first, relative to the publication
day and preferring the past. Weekday rules are explicit: a weekday is the most recent such day
on or before the publication day; "the night from Saturday to Sunday" is the Sunday, when such
night attacks are usually dated. When no cue is found, :func:`resolve_event_date` returns
``None`` and the caller uses :func:`default_event_date` (the publication day, day precision: a
report without a date is about the same or the previous day, both inside a day-precision
matching window). The expressions themselves are found by :mod:`feeds.analysis.dates.finders`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from feeds.analysis.dates.finders import FINDERS
from feeds.model import DatePrecision, EventDate
from feeds.model.calendar import period_end
from feeds.model.folding import fold_key

PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.WEEK: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}

# A date followed by "after the attack" / "après l'attaque" dates what came after the event.
_FOLLOW_UP = re.compile(
    r"^,? (?:(?:after|following) (?:an?|the|its|their) |apres (?:l'|la |le |les |une? |des )"
    r"|suite a |au lendemain d)"
)
# ...unless the date's own clause tells the casualties: "three soldiers were killed on Sunday
# after an attack on their post" dates the attack itself.
_CASUALTY_BEFORE = re.compile(
    r"\b(?:killed|died|dead|wounded|injured|abducted|kidnapped|tue(?:e|s|es)?|morts?"
    r"|blesse(?:e|s|es)?|enleve(?:e|s|es)?)\b[^.;,]{0,30}$"
)
_SPEECH = re.compile(
    r"(?:\bsaid|\bsays|\btold|\bstatement|\breleased|\bannounced|\bdeclared|\bconfirmed"
    r"|\bclaimed|\bposted|\bpublished|\breported|\bdeclare|\bindique|\bannonce|\baffirme"
    r"|\bcommunique|\bpublie|\bconfirme|\bprecise|\bexplique|\bmessage|\bvideo|\baudio"
    r"|\bshared|\bpartage|\bdiffuse|\bmise? en ligne|\bput online|\bsocial media"
    r"|\breseaux sociaux)\w*[^.;]{0,12}$"
)


@dataclass(frozen=True, slots=True)
class DateCue:
    """One date expression found in a text, with where it was and what it resolves to."""

    start: int
    end: int
    date: EventDate
    is_statement_date: bool = False  # right after a reporting word: the report's date
    is_follow_up: bool = False  # dates a later act: "declared mourning Monday after an attack"


def default_event_date(published: datetime) -> EventDate:
    """The date given to an event no cue dates: the publication day."""
    return EventDate(published.date(), DatePrecision.DAY)


def resolve_event_date(
    sentence_or_text: str, *, published: datetime, language: str = "en"
) -> EventDate | None:
    """The event's date from the cues of one sentence or text, or ``None`` without any cue."""
    return pick_event_date(find_date_cues(sentence_or_text, published=published))


def pick_event_date(cues: list[DateCue]) -> EventDate | None:
    """Finest precision first, then earliest day; statement dates only as a last resort.

    When the only date is that of a later act ("mourning declared on Monday after the attack"),
    the event is the week before it."""
    event_cues = [cue for cue in cues if not cue.is_statement_date]
    follow_ups = [cue.date.day for cue in cues if cue.is_follow_up]
    if not event_cues and follow_ups:  # the event came in the week before the later act
        return EventDate(min(follow_ups) - timedelta(days=6), DatePrecision.WEEK)
    event_cues = event_cues or cues
    if not event_cues:
        return None
    best = min(event_cues, key=lambda c: (PRECISION_RANK[c.date.precision], c.date.day))
    return best.date


def find_date_cues(text: str, *, published: datetime) -> list[DateCue]:
    """Every date cue of ``text`` in order, resolved against the publication day."""
    folded = fold_key(text)
    today = published.date()
    cues: list[DateCue] = []
    taken: list[tuple[int, int]] = []
    for finder in FINDERS:  # earlier finders win the spans they share with later ones
        for start, end, when in finder(folded, today):
            if not _overlaps(taken, start, end):
                taken.append((start, end))
                cues.append(_cue(folded, start, end, when))
    return sorted(cues, key=lambda c: c.start)


def is_well_before(when: EventDate, published: datetime, *, days: int = 10) -> bool:
    """True when the whole period of ``when`` ends more than ``days`` before publication."""
    return period_end(when) < published.date() - timedelta(days=days)


def _cue(folded: str, start: int, end: int, when: EventDate) -> DateCue:
    before = folded[max(0, start - 40) : start]
    after = folded[end : end + 14]
    statement = bool(_SPEECH.search(before)) or after.startswith(("'s statement", " statement"))
    follow_up = bool(_FOLLOW_UP.match(folded[end : end + 24])) and not _CASUALTY_BEFORE.search(
        before
    )
    return DateCue(
        start, end, when, is_statement_date=statement or follow_up, is_follow_up=follow_up
    )


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)
