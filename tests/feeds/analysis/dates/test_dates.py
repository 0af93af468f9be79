"""Event dates anchored on publication: weekdays, relative days and periods, explicit dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from feeds.analysis.dates.resolve import (
    default_event_date,
    find_date_cues,
    is_well_before,
    resolve_event_date,
)
from feeds.model import DatePrecision, EventDate
from feeds.model.calendar import period_end

TUESDAY = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
DAY, WEEK, MONTH, YEAR = (
    DatePrecision.DAY,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
)

CASES = [
    ("en-sunday", "Gunmen attacked the village on Sunday.", "en", date(2026, 11, 22), DAY),
    ("en-late-monday", "The raid took place late Monday.", "en", date(2026, 11, 23), DAY),
    ("en-same-weekday", "Fighting broke out on Tuesday morning.", "en", date(2026, 11, 24), DAY),
    ("en-wednesday-last-week", "The ambush happened on Wednesday.", "en", date(2026, 11, 18), DAY),
    (
        "fr-dimanche",
        "Des hommes armés ont attaqué le village dimanche.",
        "fr",
        date(2026, 11, 22),
        DAY,
    ),
    ("fr-vendredi", "L'embuscade a eu lieu vendredi soir.", "fr", date(2026, 11, 20), DAY),
    (
        "fr-night",
        "dans la nuit de samedi à dimanche, le camp a été attaqué",
        "fr",
        date(2026, 11, 22),
        DAY,
    ),
    ("en-night", "during the night of Friday to Saturday", "en", date(2026, 11, 21), DAY),
    ("en-yesterday", "Soldiers were killed yesterday near Gao.", "en", date(2026, 11, 23), DAY),
    ("fr-hier", "Hier, une mine a tué trois civils.", "fr", date(2026, 11, 23), DAY),
    ("fr-avant-hier", "L'attaque d'avant-hier a fait dix morts.", "fr", date(2026, 11, 22), DAY),
    ("en-today", "A bus hit a landmine today.", "en", date(2026, 11, 24), DAY),
    ("fr-aujourdhui", "Aujourd’hui, les combats ont repris.", "fr", date(2026, 11, 24), DAY),
    ("fr-numeric", "Le 12/11/2026, le poste a été attaqué.", "fr", date(2026, 11, 12), DAY),
    ("en-iso", "The raid of 2026-11-20 left six dead.", "en", date(2026, 11, 20), DAY),
    ("en-weekend", "Fighting flared over the weekend near Gao.", "en", date(2026, 11, 21), DAY),
    (
        "fr-week-end",
        "Le week-end dernier, un car a sauté sur une mine.",
        "fr",
        date(2026, 11, 21),
        DAY,
    ),
    ("en-new-year", "Gunmen raided the village on New Year's Day.", "en", date(2026, 1, 1), DAY),
    ("fr-jour-de-l-an", "Le village a été attaqué le jour de l'an.", "fr", date(2026, 1, 1), DAY),
    ("en-christmas-eve", "The convoy was hit on Christmas Eve.", "en", date(2025, 12, 24), DAY),
    ("fr-mi-mois", "À la mi-novembre, des combats ont éclaté.", "fr", date(2026, 11, 1), MONTH),
    ("en-days-ago", "The camp was attacked three days ago.", "en", date(2026, 11, 21), DAY),
    ("fr-il-y-a-jours", "Il y a 2 jours, un convoi a été attaqué.", "fr", date(2026, 11, 22), DAY),
    ("en-last-week", "The convoy was ambushed last week.", "en", date(2026, 11, 16), WEEK),
    (
        "fr-semaine-derniere",
        "Le convoi est tombé dans une embuscade la semaine dernière.",
        "fr",
        date(2026, 11, 16),
        WEEK,
    ),
    (
        "en-last-month",
        "Last month, at least 24 people were executed.",
        "en",
        date(2026, 10, 1),
        MONTH,
    ),
    ("fr-mois-dernier", "Le mois dernier, 30 civils ont été tués.", "fr", date(2026, 10, 1), MONTH),
    (
        "en-explicit-day-month",
        "The strike on 12 November killed five.",
        "en",
        date(2026, 11, 12),
        DAY,
    ),
    (
        "fr-explicit-full",
        "Le 12 novembre 2026, le poste a été attaqué.",
        "fr",
        date(2026, 11, 12),
        DAY,
    ),
    ("en-abbreviated", "The attack of Nov. 12 left nine dead.", "en", date(2026, 11, 12), DAY),
    ("fr-premier", "L'attaque du 1er octobre a fait 40 morts.", "fr", date(2026, 10, 1), DAY),
    (
        "en-future-day-is-last-year",
        "The massacre of 3 December shocked the region.",
        "en",
        date(2025, 12, 3),
        DAY,
    ),
    (
        "en-in-march",
        "In March, the army said it killed 40 militants.",
        "en",
        date(2026, 3, 1),
        MONTH,
    ),
    (
        "fr-juillet-dernier",
        "En juillet dernier, 50 civils avaient été tués.",
        "fr",
        date(2026, 7, 1),
        MONTH,
    ),
    ("en-in-year", "The rebellion began in 2012.", "en", date(2012, 1, 1), YEAR),
    ("fr-en-annee", "Depuis 2012, le pays est en crise.", "fr", date(2012, 1, 1), YEAR),
]


@pytest.mark.parametrize(
    ("text", "language", "expected_day", "precision"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_resolve_event_date(
    text: str, language: str, expected_day: date, precision: DatePrecision
) -> None:
    assert resolve_event_date(text, published=TUESDAY, language=language) == EventDate(
        expected_day, precision
    )


@pytest.mark.parametrize(
    "text",
    ["The army said it killed 11 terrorists.", "Selon une source locale, le bilan est lourd."],
    ids=["en", "fr"],
)
def test_no_cue_gives_none_and_the_default_is_the_publication_day(text: str) -> None:
    assert resolve_event_date(text, published=TUESDAY) is None
    assert default_event_date(TUESDAY) == EventDate(date(2026, 11, 24), DAY)


@pytest.mark.parametrize(
    ("text", "expected_day"),
    [
        (
            "The group's statement released late Monday noted that seven more people were "
            "injured in Sunday's attack.",
            date(2026, 11, 22),
        ),
        (
            "Gunmen attacked the village on Saturday, a local official said Monday.",
            date(2026, 11, 21),
        ),
        ("Le communiqué publié lundi évoque l'attaque de samedi.", date(2026, 11, 21)),
    ],
    ids=["en-statement-monday-attack-sunday", "en-said-monday", "fr-communique-lundi"],
)
def test_statement_dates_give_way_to_the_event_date(text: str, expected_day: date) -> None:
    assert resolve_event_date(text, published=TUESDAY) == EventDate(expected_day, DAY)


@pytest.mark.parametrize(
    "text",
    [
        "In a message shared on Friday, the group denied that any civilians were killed.",
        "In a video posted on social media on Sunday, the militants said they hit a convoy.",
        "Dans un message diffusé samedi, le groupe a nié avoir tué des civils.",
        "Dans une vidéo mise en ligne dimanche sur les réseaux sociaux, le groupe a revendiqué.",
    ],
    ids=["en-message-shared", "en-video-social-media", "fr-message-diffuse", "fr-video-en-ligne"],
)
def test_the_date_of_a_message_or_video_is_the_statement_date(text: str) -> None:
    cues = find_date_cues(text, published=TUESDAY)
    assert [cue.is_statement_date for cue in cues] == [True]


def test_statement_date_is_used_when_nothing_else_dates_the_event() -> None:
    cues = find_date_cues(
        "The army said on Monday that 11 terrorists were killed.", published=TUESDAY
    )
    assert [cue.is_statement_date for cue in cues] == [True]
    assert resolve_event_date("The army said on Monday.", published=TUESDAY) == EventDate(
        date(2026, 11, 23), DAY
    )


def test_finer_precision_wins_over_a_coarser_cue() -> None:
    text = "The attack on Sunday was the deadliest this month."
    assert resolve_event_date(text, published=TUESDAY) == EventDate(date(2026, 11, 22), DAY)


@pytest.mark.parametrize(
    ("when", "expected_end", "well_before"),
    [
        (EventDate(date(2026, 11, 22), DAY), date(2026, 11, 22), False),
        (EventDate(date(2026, 11, 16), WEEK), date(2026, 11, 22), False),
        (EventDate(date(2026, 10, 1), MONTH), date(2026, 10, 31), True),
        (EventDate(date(2026, 2, 1), MONTH), date(2026, 2, 28), True),
        (EventDate(date(2026, 1, 1), YEAR), date(2026, 12, 31), False),
        (EventDate(date(2012, 1, 1), YEAR), date(2012, 12, 31), True),
    ],
    ids=["day", "week", "month", "february", "this-year", "old-year"],
)
def test_period_end_and_well_before(when: EventDate, expected_end: date, well_before: bool) -> None:
    assert period_end(when) == expected_end
    assert is_well_before(when, TUESDAY) is well_before


@pytest.mark.parametrize(
    ("text", "later_act"),
    [
        ("The junta ordered flags at half-mast on Monday after the raid on the market.", 23),
        ("Le gouvernement a décrété un deuil national samedi après l'attaque du marché.", 21),
        ("A funeral was held on Sunday following the ambush of the convoy.", 22),
    ],
    ids=["en-after", "fr-apres", "en-following"],
)
def test_a_later_act_dates_the_event_to_the_week_before_it(text: str, later_act: int) -> None:
    act = date(2026, 11, later_act)
    when = resolve_event_date(text, published=TUESDAY)
    assert when is not None and when.precision is WEEK
    assert period_end(when) == act and when.day < act


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trois bergers ont été tués lundi après-midi près du puits.", date(2026, 11, 23)),
        ("The convoy was hit on Sunday after dark.", date(2026, 11, 22)),
        ("Three soldiers were killed on Sunday after an attack on their post.", date(2026, 11, 22)),
        ("Deux gendarmes ont été tués samedi après l'attaque de leur poste.", date(2026, 11, 21)),
    ],
    ids=["fr-apres-midi", "en-after-dark", "en-killed-sunday-after", "fr-tues-samedi-apres"],
)
def test_after_that_is_no_later_act_keeps_the_day(text: str, expected: date) -> None:
    assert resolve_event_date(text, published=TUESDAY) == EventDate(expected, DAY)


def test_an_event_date_wins_over_the_date_of_a_later_act() -> None:
    text = "Mourning was declared on Monday after the attack of Friday 20 November."
    assert resolve_event_date(text, published=TUESDAY) == EventDate(date(2026, 11, 20), DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three days after the raid, the market of the town is still closed.", date(2026, 11, 21)),
        ("Deux jours après l'attaque, le village enterre ses morts.", date(2026, 11, 22)),
        ("The mayor spoke two days after the raid to reassure traders.", None),
    ],
    ids=["en-days-after-opening", "fr-jours-apres-opening", "en-days-after-mid-sentence"],
)
def test_a_story_written_days_after_the_event(text: str, expected: date | None) -> None:
    when = resolve_event_date(text, published=TUESDAY)
    assert (when.day if when else None) == expected
