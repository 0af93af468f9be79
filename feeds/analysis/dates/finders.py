"""The date expressions ``dates.find_date_cues`` looks for, English and French, each resolved
against the publication day: weekday and month names, nights, relative days and periods,
explicit, numeric, month-only and year dates. Each finder returns (start, end, date) spans of the
folded text; ``dates`` decides which span wins where two overlap and whose date a cue is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from feeds.model import DatePrecision, EventDate
from feeds.model.calendar import month_start

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
# Days named by their feast: "on New Year's Day", "le jour de l'an", "à Noël" (the latest such
# day on or before publication).
_HOLIDAY = re.compile(
    r"\b(?P<new_year>new year'?s (?:day|eve)|(?:le )?jour de l'an|(?:la )?saint-sylvestre)\b"
    r"|\b(?P<christmas>christmas(?: day| eve)?|(?:le jour de |a )noel)\b"
)
_NUMERIC = re.compile(r"\b(?:\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})\b")
_YEAR = re.compile(r"\b(?:in|en|since|depuis|of|de) (?P<year>(?:19|20)\d{2})\b")


def _last_weekday(today: date, weekday: int) -> date:
    return today - timedelta(days=(today.weekday() - weekday) % 7)


Found = list[tuple[int, int, EventDate]]


def night_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _NIGHT.finditer(folded):
        second = match.group("second") or match.group("second_en")
        day = _last_weekday(today, WEEKDAYS[second])
        found.append((match.start(), match.end(), EventDate(day, DatePrecision.DAY)))
    return found


def weekday_cues(folded: str, today: date) -> Found:
    return [
        (m.start(), m.end(), EventDate(_last_weekday(today, WEEKDAYS[m.group("weekday")])))
        for m in _WEEKDAY.finditer(folded)
    ]


def relative_cues(folded: str, today: date) -> Found:
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
        "last_month": EventDate(month_start(today.year, today.month - 1), DatePrecision.MONTH),
        "this_month": EventDate(month_start(today.year, today.month), DatePrecision.MONTH),
        "last_year": EventDate(date(today.year - 1, 1, 1), DatePrecision.YEAR),
        "this_year": EventDate(date(today.year, 1, 1), DatePrecision.YEAR),
    }
    for match in _RELATIVE_PERIOD.finditer(folded):
        name = next(key for key, value in match.groupdict().items() if value)
        found.append((match.start(), match.end(), periods[name]))
    return found


def explicit_cues(folded: str, today: date) -> Found:
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


def holiday_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _HOLIDAY.finditer(folded):
        text = match.group(0)
        if match.group("new_year"):
            month, day = (12, 31) if "eve" in text or "sylvestre" in text else (1, 1)
        else:
            month, day = (12, 24) if "eve" in text else (12, 25)
        when = _dated(today, month, day, None)
        if when is not None:
            found.append((match.start(), match.end(), EventDate(when, DatePrecision.DAY)))
    return found


def numeric_cues(folded: str, today: date) -> Found:
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


def month_cues(folded: str, today: date) -> Found:
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


def year_cues(folded: str, today: date) -> Found:
    found: Found = []
    for match in _YEAR.finditer(folded):
        year = int(match.group("year"))
        if year <= today.year:
            found.append(
                (match.start(), match.end(), EventDate(date(year, 1, 1), DatePrecision.YEAR))
            )
    return found


# In the order they are tried: a span found first wins over a later finder's overlapping one
# ("the night from Saturday to Sunday" over "Saturday", "12 November" over a bare weekday).
FINDERS = (
    night_cues,
    holiday_cues,
    numeric_cues,
    explicit_cues,
    month_cues,
    year_cues,
    weekday_cues,
    relative_cues,
)
