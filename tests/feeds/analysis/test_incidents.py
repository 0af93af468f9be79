"""Matching a story's event to known incidents: windows, places, types, claims, tie-breaks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from feeds.analysis.incident_evidence import shares_a_claim
from feeds.analysis.incidents import (
    best_place,
    candidate_window,
    is_same_area,
    is_same_incident,
    match_event,
    type_affinity,
)
from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    DatePrecision,
    EventDate,
    EventReport,
    EventType,
    Incident,
    Place,
    PlacePrecision,
    Qualifier,
    Role,
    VictimKind,
)
from feeds.model.geo import distance_km

LERNEB = Place("Lerneb", "Timbuktu", 16.15, -4.90, PlacePrecision.LOCALITY, "Goundam")
NORTH_OF_LERNEB = Place("50 km N of Lerneb", "Timbuktu", 16.60, -4.90, PlacePrecision.OFFSET)
NEAR_OFFSET = Place("45 km N of Lerneb", "Timbuktu", 16.55, -4.88, PlacePrecision.OFFSET)
GOUNDAM_CERCLE = Place("Goundam", "Timbuktu", 16.41, -3.67, PlacePrecision.CERCLE, "Goundam")
TIMBUKTU_REGION = Place("Timbuktu Region", "Timbuktu", 16.77, -3.0, PlacePrecision.REGION)
MOPTI_REGION = Place("Mopti Region", "Mopti", 14.49, -4.19, PlacePrecision.REGION)
BONI = Place("Boni", "Mopti", 15.03, -1.95, PlacePrecision.LOCALITY, "Douentza")
MALI = Place("Mali", None, 17.57, -3.99, PlacePrecision.COUNTRY)
DJIBO = Place("Djibo", "Sahel", 14.10, -1.63, PlacePrecision.LOCALITY, country="Burkina Faso")
SUNDAY = EventDate(date(2026, 11, 22))


def event(
    kind: EventType = EventType.AIRSTRIKE,
    place: Place | None = NORTH_OF_LERNEB,
    when: EventDate | None = SUNDAY,
    claims: tuple[Claim, ...] = (),
) -> EventReport:
    return EventReport(Role.MAIN, kind, place, when, claims)


def incident(
    incident_id: int | None,
    kind: EventType = EventType.AIRSTRIKE,
    place: Place | None = NORTH_OF_LERNEB,
    when: EventDate = SUNDAY,
    claims: tuple[Claim, ...] = (),
    acled_id: str | None = None,
) -> Incident:
    return Incident(incident_id, kind, place, when, claims, acled_id=acled_id)


def killed(claimant: str, low: int, victims: VictimKind = VictimKind.CIVILIANS) -> Claim:
    return Claim(claimant, Category.KILLED, CasualtyCount(low, low), victims)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (SUNDAY, (date(2026, 11, 19), date(2026, 11, 25))),
        (
            EventDate(date(2026, 11, 16), DatePrecision.WEEK),
            (date(2026, 11, 9), date(2026, 11, 23)),
        ),
        (EventDate(date(2026, 10, 1), DatePrecision.MONTH), (date(2026, 8, 31), date(2026, 11, 1))),
        (EventDate(date(2026, 1, 1), DatePrecision.YEAR), (date(2025, 12, 1), date(2026, 12, 31))),
    ],
    ids=["day", "week", "month", "year"],
)
def test_candidate_window_widens_with_imprecision(
    when: EventDate, expected: tuple[date, date]
) -> None:
    assert candidate_window(event(when=when)) == expected


def test_candidate_window_of_an_undated_event_is_empty() -> None:
    day_from, day_to = candidate_window(event(when=None))
    assert day_from > day_to


MATCHES = [
    ("same-everything", event(), incident(1), True),
    ("two-days-later", event(when=EventDate(date(2026, 11, 24))), incident(1), True),
    ("four-days-later", event(when=EventDate(date(2026, 11, 26))), incident(1), False),
    (
        "week-precision",
        event(when=EventDate(date(2026, 11, 16), DatePrecision.WEEK)),
        incident(1),
        True,
    ),
    (
        "month-precision",
        event(when=EventDate(date(2026, 11, 1), DatePrecision.MONTH)),
        incident(1),
        True,
    ),
    ("drone-vs-airstrike", event(EventType.DRONE_STRIKE), incident(1), True),
    ("ambush-vs-clash", event(EventType.AMBUSH, BONI), incident(1, EventType.CLASH, BONI), True),
    ("ied-vs-attack", event(EventType.IED, BONI), incident(1, EventType.ATTACK, BONI), True),
    # Two outlets may type one event differently: the same place within a day still matches.
    ("retyped-ambush-vs-airstrike-same-place", event(EventType.AMBUSH), incident(1), True),
    (
        "retyped-abduction-vs-ambush-next-day",
        event(EventType.ABDUCTION, BONI, EventDate(date(2026, 11, 23))),
        incident(1, EventType.AMBUSH, BONI),
        True,
    ),
    (
        "retyped-two-days-apart",
        event(EventType.AMBUSH, when=EventDate(date(2026, 11, 24))),
        incident(1),
        False,
    ),
    ("retyped-nearby-place", event(EventType.AMBUSH, NEAR_OFFSET), incident(1), False),
    (
        "retyped-nearby-place-shared-claim",
        event(EventType.AMBUSH, NEAR_OFFSET, claims=(killed("FLA", 12),)),
        incident(1, claims=(killed("FLA", 12),)),
        True,
    ),
    (
        "retyped-same-cercle-only",
        event(EventType.ABDUCTION, GOUNDAM_CERCLE),
        incident(1, place=LERNEB),
        False,
    ),
    ("generic-attack-vs-airstrike-located", event(EventType.ATTACK), incident(1), True),
    (
        "generic-attack-vs-airstrike-region",
        event(EventType.ATTACK, TIMBUKTU_REGION),
        incident(1),
        False,
    ),
    ("offset-vs-its-locality", event(place=LERNEB), incident(1), True),
    ("nearby-offsets", event(place=NEAR_OFFSET), incident(1), True),
    ("far-locality", event(place=BONI), incident(1), False),
    ("region-same-admin1", event(place=TIMBUKTU_REGION), incident(1), True),
    ("region-other-admin1", event(place=MOPTI_REGION), incident(1), False),
    ("cercle-same-admin2", event(place=GOUNDAM_CERCLE), incident(1, place=LERNEB), True),
    ("abroad", event(place=DJIBO), incident(1), False),
    ("unknown-place-same-type-same-day", event(place=None), incident(1), True),
    ("unknown-place-country-only", event(place=MALI), incident(1), True),
    (
        "unknown-place-two-days",
        event(place=None, when=EventDate(date(2026, 11, 24))),
        incident(1),
        False,
    ),
    ("unknown-place-family-only", event(EventType.DRONE_STRIKE, place=None), incident(1), False),
    ("undated-event", event(when=None), incident(1), False),
]


@pytest.mark.parametrize(
    ("story_event", "known", "expected"), [m[1:] for m in MATCHES], ids=[m[0] for m in MATCHES]
)
def test_is_same_incident(story_event: EventReport, known: Incident, expected: bool) -> None:
    assert is_same_incident(story_event, known) is expected


@pytest.mark.parametrize(
    ("victims", "expected"),
    [(VictimKind.CIVILIANS, True), (VictimKind.SOLDIERS, False)],
    ids=["civilians", "soldiers"],
)
def test_execution_matches_an_attack_only_with_civilian_victims(
    victims: VictimKind, expected: bool
) -> None:
    two_days_on = EventDate(date(2026, 11, 24))  # beyond a retyping's day (same place, a day)
    story_event = event(EventType.EXECUTION, BONI, two_days_on, (killed("UN", 30, victims),))
    assert is_same_incident(story_event, incident(1, EventType.ATTACK, BONI)) is expected


@pytest.mark.parametrize(
    ("new", "known", "expected"),
    [
        ((killed("Residents", 40),), (killed("Residents", 12),), True),
        ((killed("UN", 3),), (killed("UN", 12),), False),
        ((killed("Residents", 3),), (killed("UN", 120),), False),
        ((killed("Malian army", 11, VictimKind.MILITANTS),), (killed("CDRAP", 18),), True),
    ],
    ids=["toll-rises", "same-claimant-toll-collapses", "order-of-magnitude", "dispute-is-fine"],
)
def test_claims_that_rule_a_match_out(
    new: tuple[Claim, ...], known: tuple[Claim, ...], expected: bool
) -> None:
    assert is_same_incident(event(claims=new), incident(1, claims=known)) is expected


def test_acled_incident_without_claims_is_a_candidate() -> None:
    acled = incident(7, place=LERNEB, acled_id="MLI12345")
    assert match_event(event(), [acled]) is acled


def test_best_candidate_wins_and_ties_break_by_id() -> None:
    far_day = incident(3, when=EventDate(date(2026, 11, 20)))
    exact = incident(9)
    exact_twin = incident(4)
    other_type = incident(1, kind=EventType.ATTACK)
    candidates = [far_day, exact, exact_twin, other_type]
    assert match_event(event(), candidates) is exact_twin
    assert match_event(event(), list(reversed(candidates))) is exact_twin


def test_no_compatible_candidate_gives_none() -> None:
    later_ambush = incident(2, EventType.AMBUSH, when=EventDate(date(2026, 11, 24)))
    assert match_event(event(), [incident(1, place=BONI), later_ambush]) is None
    assert match_event(event(), []) is None


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (EventType.AIRSTRIKE, EventType.AIRSTRIKE, 3),
        (EventType.AIRSTRIKE, EventType.DRONE_STRIKE, 2),
        (EventType.ATTACK_ON_CAMP, EventType.CLASH, 2),
        (EventType.OTHER, EventType.ABDUCTION, 1),
        (EventType.OTHER, EventType.OTHER, 1),
        (EventType.ATTACK, EventType.ABDUCTION, 1),
        (EventType.EXECUTION, EventType.AMBUSH, 0),
        (EventType.ABDUCTION, EventType.AIRSTRIKE, 0),
    ],
)
def test_type_affinity(first: EventType, second: EventType, expected: int) -> None:
    assert type_affinity(first, second) == expected == type_affinity(second, first)


def test_best_place_prefers_the_most_specific_place_in_mali() -> None:
    assert best_place([TIMBUKTU_REGION, LERNEB, NORTH_OF_LERNEB, MALI]) == NORTH_OF_LERNEB
    assert best_place([DJIBO, TIMBUKTU_REGION]) == TIMBUKTU_REGION
    assert best_place([DJIBO]) == DJIBO
    assert best_place([]) is None


def test_same_area_is_tighter_than_matching() -> None:
    assert distance_km(LERNEB, NORTH_OF_LERNEB) == pytest.approx(50, abs=1)
    assert is_same_area(LERNEB, NORTH_OF_LERNEB)  # named from it
    assert not is_same_area(LERNEB, BONI)
    assert distance_km(LERNEB, Place("X")) is None


def test_unlocated_recall_matches_through_a_shared_claim() -> None:
    fla = Claim("FLA", Category.KILLED, CasualtyCount(24, None), VictimKind.CIVILIANS)
    ber = Place("Ber", "Timbuktu", 16.5, -3.5, PlacePrecision.LOCALITY)
    known = incident(2, EventType.EXECUTION, ber, EventDate(date(2026, 10, 17)), (fla,))
    recall = EventReport(
        Role.BACKGROUND,
        EventType.EXECUTION,
        MALI,
        EventDate(date(2026, 10, 1), DatePrecision.MONTH),
        (replace(fla, role=Role.BACKGROUND),),
    )
    assert shares_a_claim(recall.claims, known.claims)
    assert match_event(recall, [known]) is known
    other_figure = replace(recall, claims=(replace(fla, count=CasualtyCount(40, None)),))
    assert match_event(other_figure, [known]) is None


def test_a_collapsing_toll_is_judged_against_the_claimants_lowest_figure() -> None:
    army = (
        killed("Malian army", 19, VictimKind.SOLDIERS),
        killed("Malian army", 3, VictimKind.SOLDIERS),
    )
    assert is_same_incident(
        event(claims=(killed("Malian army", 3, VictimKind.SOLDIERS),)), incident(1, claims=army)
    )
    assert not is_same_incident(
        event(claims=(killed("Malian army", 2, VictimKind.SOLDIERS),)),
        incident(1, claims=(killed("Malian army", 19, VictimKind.SOLDIERS),)),
    )


def test_vague_figures_are_no_shared_claim() -> None:
    several = Claim("x.test", Category.KILLED, CasualtyCount(2, None, Qualifier.SEVERAL))
    exact = Claim("x.test", Category.KILLED, CasualtyCount(7, 7))
    assert not shares_a_claim((several,), (several,))
    assert shares_a_claim((exact,), (several, exact))


def test_two_untyped_events_on_one_day_need_a_place() -> None:
    untyped = event(EventType.OTHER, place=None)
    assert not is_same_incident(untyped, incident(1, EventType.OTHER, place=None))
    assert is_same_incident(event(EventType.OTHER, BONI), incident(1, EventType.OTHER, BONI))


NIONO_CERCLE = Place("Niono", "Segou", 14.25, -5.99, PlacePrecision.CERCLE, "Niono")
VILLAGE_IN_NIONO = Place("Diabaly", "Segou", 14.69, -6.02, PlacePrecision.LOCALITY, "Niono")


@pytest.mark.parametrize(
    ("gap_days", "expected"),
    [(0, True), (1, True), (3, False)],
    ids=["same-day", "next-day", "three-days"],
)
def test_a_cercle_only_match_needs_days_that_agree(gap_days: int, expected: bool) -> None:
    later = EventDate(date(2026, 11, 22 + gap_days))
    known = incident(1, EventType.ATTACK, VILLAGE_IN_NIONO)
    assert is_same_incident(event(EventType.ATTACK, NIONO_CERCLE, later), known) is expected


def test_a_shared_claim_keeps_a_cercle_match_days_apart() -> None:
    toll = (killed("local officials", 9),)
    later = EventDate(date(2026, 11, 25))
    known = incident(1, EventType.ATTACK, VILLAGE_IN_NIONO, claims=toll)
    assert is_same_incident(event(EventType.ATTACK, NIONO_CERCLE, later, toll), known)


def test_a_road_between_two_towns_matches_either_end() -> None:
    on_the_road = Place(
        "between Douentza and Boni", "Mopti", 15.01, -2.43, PlacePrecision.OFFSET, "Douentza"
    )
    assert is_same_incident(event(EventType.IED, on_the_road), incident(1, EventType.IED, BONI))


def test_a_week_long_incident_begun_before_the_window_is_a_candidate() -> None:
    from tools.evaluation.memory import MemoryIncidentStore

    week = EventDate(date(2026, 11, 9), DatePrecision.WEEK)  # 9 to 15 November
    month = EventDate(date(2026, 10, 1), DatePrecision.MONTH)
    store = MemoryIncidentStore(
        {1: incident(1, when=week), 2: incident(2, when=month), 3: incident(3)}
    )
    friday = event(when=EventDate(date(2026, 11, 20)))  # window 17 to 23 November
    assert [known.id for known in store.candidates_for(friday)] == [3]
    wednesday = event(when=EventDate(date(2026, 11, 18)))  # window 15 to 21 November
    assert [known.id for known in store.candidates_for(wednesday)] == [1]
    october = event(when=EventDate(date(2026, 11, 2)))  # window 30 October to 5 November
    assert [known.id for known in store.candidates_for(october)] == [2]


def test_a_long_road_matches_either_end_by_name() -> None:
    ends = Place("between Boni and Gao", "Gao", 15.65, -1.0, PlacePrecision.OFFSET)
    assert is_same_incident(event(EventType.IED, ends), incident(1, EventType.IED, BONI))
    gao = Place("Gao", "Gao", 16.27, -0.04, PlacePrecision.LOCALITY)
    assert is_same_incident(event(EventType.IED, gao), incident(1, EventType.IED, ends))
    hombori = Place("Hombori", "Mopti", 15.28, -1.70, PlacePrecision.LOCALITY)
    assert not is_same_incident(event(EventType.IED, hombori), incident(1, EventType.IED, ends))


def test_candidate_window_of_fighting_reaches_a_battle_s_other_days() -> None:
    clash = event(EventType.CLASH, BONI)
    assert candidate_window(clash) == (date(2026, 11, 15), date(2026, 11, 29))
    assert candidate_window(event(EventType.ATTACK_ON_CAMP, BONI)) == (
        date(2026, 11, 19),
        date(2026, 11, 25),
    )
