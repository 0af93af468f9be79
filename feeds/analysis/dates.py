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
matching window).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from unidecode import unidecode

from feeds.model import DatePrecision, EventDate

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}
MONTHS = {
    "january": 1, "janvier": 1, "jan": 1, "janv": 1,
    "february": 2, "fevrier": 2, "feb": 2, "fevr": 2,
    "march": 3, "mars": 3, "mar": 3,
    "april": 4, "avril": 4, "apr": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "juin": 6, "jun": 6,
    "july": 7, "juillet": 7, "jul": 7, "juil": 7,
    "august": 8, "aout": 8, "aug": 8,
    "september": 9, "septembre": 9, "sep": 9, "sept": 9,
    "october": 10, "octobre": 10, "oct": 10,
    "november": 11, "novembre": 11, "nov": 11,
    "december": 12, "decembre": 12, "dec": 12,
}  # fmt: skip
FULL_MONTHS = {name for name in MONTHS if len(name) > 4 or name in {"mars", "mai", "juin", "aout"}}
PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.WEEK: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}

_WD = "|".join(WEEKDAYS)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL_MONTH = "|".join(sorted(FULL_MONTHS, key=len, reverse=True))
_NIGHT = re.compile(
    rf"\b(?:la )?nuit (?:du |de )?(?P<first>{_WD}) (?:au|a) (?P<second>{_WD})\b"
    rf"|\bnight (?:of |from )?(?P<first_en>{_WD}) (?:to|into) (?P<second_en>{_WD})\b"
)
_WEEKDAY = re.compile(rf"\b(?P<weekday>{_WD})s?\b")
_RELATIVE_DAY = re.compile(
    r"\b(?P<before>day before yesterday|avant-hier)\b"
    r"|\b(?P<yesterday>yesterday|hier|last night|la nuit derniere)\b"
    r"|\b(?P<today>today|this morning|aujourd'hui|ce matin)\b"
    r"|\b(?P<weekend>(?:last |this |over the |during the )?weekend"
    r"|(?:le |ce )?week-end(?: dernier)?)\b"
)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a couple of": 2, "un": 1, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
_NUMBER = "|".join(sorted((w.strip() for w in NUMBER_WORDS), key=len, reverse=True))
# "three days ago", "il y a trois jours"; and a story written N days on: "two days after the
# attack, the town buries its dead" / "deux jours après l'attaque, Loulouni panse ses plaies".
_DAYS_AGO = re.compile(
    rf"\b(?P<count>\d{{1,2}}|{_NUMBER}) days? ago\b"
    rf"|\bil y a (?P<count_fr>\d{{1,2}}|{_NUMBER}) jours?\b"
    rf"|^\W*(?P<count_on>\d{{1,2}}|{_NUMBER}) (?:days?|jours?) (?:after|apres) (?:the |l'|la |le )"
)
_RELATIVE_PERIOD = re.compile(
    r"\b(?P<last_week>last week|la semaine (?:derniere|passee))\b"
    r"|\b(?P<this_week>this week|earlier this week|cette semaine|en debut de semaine)\b"
    r"|\b(?P<last_month>last month|le mois (?:dernier|passe)|du mois (?:dernier|passe))\b"
    r"|\b(?P<this_month>earlier this month|this month|ce mois-ci|en debut de mois)\b"
    r"|\b(?P<last_year>last year|l'an (?:dernier|passe)|l'annee (?:derniere|passee))\b"
    r"|\b(?P<this_year>earlier this year|this year|cette annee|en debut d'annee)\b"
)
_EXPLICIT = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)? (?:of )?(?P<month>{_MONTH})\.?"
    rf"(?:,? (?P<year>\d{{4}}))?\b"
    rf"|\b(?P<month2>{_MONTH})\.? (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<year2>\d{{4}}))?"
)
_MONTH_ONLY = re.compile(
    rf"\b(?:in|en|since|depuis|last|early|late|mid|fin|debut|mi)[ -](?:(?:early|late|mid) )?"
    rf"(?P<month>{_FULL_MONTH})\b(?: (?P<year>\d{{4}})| (?P<dernier>dernier))?"
    rf"|\b(?P<month2>{_FULL_MONTH}) (?P<dernier2>dernier)\b"
)
_NUMERIC = re.compile(r"\b(?:\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})\b")
_YEAR = re.compile(r"\b(?:in|en|since|depuis|of|de) (?P<year>(?:19|20)\d{2})\b")
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


def fold(text: str) -> str:
    """Lower case without accents, same length rules as the relevance module's fold."""
    return unidecode(text).lower().replace("\u2019", "'")


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
    folded = fold(text)
    today = published.date()
    cues: list[DateCue] = []
    taken: list[tuple[int, int]] = []
    for finder in (_night_cues, _numeric_cues, _explicit_cues, _month_cues, _year_cues):
        for start, end, when in finder(folded, today):
            if not _overlaps(taken, start, end):
                taken.append((start, end))
                cues.append(_cue(folded, start, end, when))
    for start, end, when in (*_weekday_cues(folded, today), *_relative_cues(folded, today)):
        if not _overlaps(taken, start, end):
            taken.append((start, end))
            cues.append(_cue(folded, start, end, when))
    return sorted(cues, key=lambda c: c.start)


def is_well_before(when: EventDate, published: datetime, *, days: int = 10) -> bool:
    """True when the whole period of ``when`` ends more than ``days`` before publication."""
    return period_end(when) < published.date() - timedelta(days=days)


def period_end(when: EventDate) -> date:
    """The last day of the period an :class:`EventDate` stands for."""
    if when.precision is DatePrecision.WEEK:
        return when.day + timedelta(days=6)
    if when.precision is DatePrecision.MONTH:
        return _month_start(when.day.year, when.day.month + 1) - timedelta(days=1)
    if when.precision is DatePrecision.YEAR:
        return date(when.day.year, 12, 31)
    return when.day


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


def _last_weekday(today: date, weekday: int) -> date:
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _month_start(year: int, month: int) -> date:
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


Found = list[tuple[int, int, EventDate]]


def _night_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _NIGHT.finditer(folded):
        second = match.group("second") or match.group("second_en")
        day = _last_weekday(today, WEEKDAYS[second])
        found.append((match.start(), match.end(), EventDate(day, DatePrecision.DAY)))
    return found


def _weekday_cues(folded: str, today: date) -> Found:
    return [
        (m.start(), m.end(), EventDate(_last_weekday(today, WEEKDAYS[m.group("weekday")])))
        for m in _WEEKDAY.finditer(folded)
    ]


def _relative_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _RELATIVE_DAY.finditer(folded):
        if match.group("weekend"):
            day = _last_weekday(today, WEEKDAYS["saturday"])  # a weekend event: its Saturday
        else:
            offset = 2 if match.group("before") else 1 if match.group("yesterday") else 0
            day = today - timedelta(days=offset)
        found.append((match.start(), match.end(), EventDate(day)))
    for match in _DAYS_AGO.finditer(folded):
        count_text = match.group("count") or match.group("count_fr") or match.group("count_on")
        count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text, 0)
        if 0 < count <= 31:
            when = EventDate(today - timedelta(days=count))
            found.append((match.start(), match.end(), when))
    monday = today - timedelta(days=today.weekday())
    periods = {
        "last_week": EventDate(monday - timedelta(days=7), DatePrecision.WEEK),
        "this_week": EventDate(monday, DatePrecision.WEEK),
        "last_month": EventDate(_month_start(today.year, today.month - 1), DatePrecision.MONTH),
        "this_month": EventDate(_month_start(today.year, today.month), DatePrecision.MONTH),
        "last_year": EventDate(date(today.year - 1, 1, 1), DatePrecision.YEAR),
        "this_year": EventDate(date(today.year, 1, 1), DatePrecision.YEAR),
    }
    for match in _RELATIVE_PERIOD.finditer(folded):
        name = next(key for key, value in match.groupdict().items() if value)
        found.append((match.start(), match.end(), periods[name]))
    return found


def _explicit_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _EXPLICIT.finditer(folded):
        month_name = match.group("month") or match.group("month2")
        if month_name == "may" and match.group("month2"):
            continue  # "may 5" is more often a verb than a date
        day = int(match.group("day") or match.group("day2"))
        year_text = match.group("year") or match.group("year2")
        when = _dated(today, MONTHS[month_name], day, int(year_text) if year_text else None)
        if when is not None:
            found.append((match.start(), match.end(), EventDate(when, DatePrecision.DAY)))
    return found


def _dated(today: date, month: int, day: int, year: int | None) -> date | None:
    """A day-month, in the given year or else the latest such day on or before ``today``."""
    try:
        when = date(year or today.year, month, day)
        if year is None and when > today:
            when = date(today.year - 1, month, day)
    except ValueError:
        return None
    return when


def _numeric_cues(folded: str, today: date) -> Found:
    """Numeric dates ("12/11/2026", "2026-11-12"), day first as in Malian and French usage."""
    found: Found = []
    for match in _NUMERIC.finditer(folded):
        import dateparser  # slow to import, and numeric dates are rare in news prose

        parsed = dateparser.parse(
            match.group(0),
            languages=["fr", "en"],
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DATES_FROM": "past",
                "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
            },
        )
        if parsed is not None and parsed.date() <= today:
            found.append((match.start(), match.end(), EventDate(parsed.date(), DatePrecision.DAY)))
    return found


def _month_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _MONTH_ONLY.finditer(folded):
        month = MONTHS[match.group("month") or match.group("month2")]
        year_text = match.group("year")
        recalled = bool(match.group("dernier") or match.group("dernier2"))
        year = int(year_text) if year_text else today.year
        if not year_text and (month > today.month or (recalled and month == today.month)):
            year -= 1  # "in March" read in November, "novembre dernier" read in November
        when = EventDate(date(year, month, 1), DatePrecision.MONTH)
        found.append((match.start(), match.end(), when))
    return found


def _year_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _YEAR.finditer(folded):
        year = int(match.group("year"))
        if year <= today.year:
            found.append(
                (match.start(), match.end(), EventDate(date(year, 1, 1), DatePrecision.YEAR))
            )
    return found
