"""The evidence score that an event is a known incident (feeds/analysis/incident_evidence.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from feeds.analysis.incident_evidence import date_points, place_points
from feeds.analysis.incidents import is_same_incident, weigh_evidence
from feeds.analysis.places.gazetteer import load_gazetteer
from feeds.analysis.places.unlisted import introductions
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
    Role,
    VictimKind,
)

DAY = date(2026, 11, 22)
BANKASS = Place("Bankass", "Mopti", 14.08, -3.52, PlacePrecision.LOCALITY, "Bankass")
KORO = Place("Koro", "Mopti", 14.07, -2.80, PlacePrecision.LOCALITY, "Koro")


def village(name: str, cercle: str | None = "Bankass", admin1: str | None = "Mopti") -> Place:
    """A village the story names and locates by its cercle only (no point)."""
    return Place(name, admin1, None, None, PlacePrecision.LOCALITY, cercle)


def on(days: int = 0, precision: DatePrecision = DatePrecision.DAY) -> EventDate:
    return EventDate(DAY + timedelta(days=days), precision)


def killed(claimant: str, low: int, victims: VictimKind = VictimKind.CIVILIANS) -> Claim:
    return Claim(claimant, Category.KILLED, CasualtyCount(low, low), victims)


def report(kind: EventType, place: Place | None, when: EventDate, *claims: Claim) -> EventReport:
    return EventReport(Role.MAIN, kind, place, when, tuple(claims))


def known(kind: EventType, place: Place | None, when: EventDate, *claims: Claim) -> Incident:
    return Incident(1, kind, place, when, tuple(claims))


@pytest.mark.parametrize(
    ("gap", "expected"), [(0, 2.0), (1, 1.5), (2, 0.5), (3, 0.0), (5, -3.0), (7, None)]
)
def test_date_points_fall_with_the_gap(gap: int, expected: float | None) -> None:
    assert date_points(on(gap), on()) == expected


def test_a_battle_told_days_apart_is_still_one() -> None:
    assert date_points(on(5), on(), battle=True) == -1.0
    assert date_points(on(9), on(), battle=True) is None


def test_two_stories_naming_one_unlisted_village_match() -> None:
    """Two outlets spell an unlisted village differently and type the killing differently."""
    first = known(EventType.ATTACK, village("Wendoubiri"), on())
    second = report(EventType.EXECUTION, village("Wendoubiry"), on(1), killed("UN", 20))
    assert is_same_incident(second, first)


def test_an_unlisted_village_meets_the_town_of_its_cercle_on_the_same_day() -> None:
    assert is_same_incident(
        report(EventType.ATTACK, village("Wendoubiri"), on()),
        known(EventType.ATTACK, BANKASS, on()),
    )


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (village("Sadiawel", cercle=None, admin1=None), False),  # nothing says it is near
        (village("Sadiawel", cercle="Koro"), False),  # another cercle, a day apart
        (village("Sadiawel", cercle="Niono", admin1="Segou"), None),  # another region rules it out
    ],
    ids=["unlocated", "other-cercle", "other-region"],
)
def test_another_village_is_another_event(place: Place, expected: bool | None) -> None:
    found = weigh_evidence(
        report(EventType.ATTACK, place, on(1)),
        known(EventType.ATTACK, village("Wendoubiri"), on()),
    )
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.is_match is expected


def test_two_attacks_on_one_camp_four_days_apart_stay_two() -> None:
    camp = known(EventType.ATTACK_ON_CAMP, BANKASS, on())
    assert not is_same_incident(report(EventType.ATTACK_ON_CAMP, BANKASS, on(4)), camp)
    assert is_same_incident(report(EventType.ATTACK_ON_CAMP, BANKASS, on(1)), camp)


def test_fighting_at_one_town_five_days_on_is_one_battle() -> None:
    battle = known(EventType.CLASH, KORO, on())
    assert is_same_incident(report(EventType.CLASH, KORO, on(5)), battle)
    assert not is_same_incident(report(EventType.ATTACK, KORO, on(5)), battle)


@pytest.mark.parametrize(
    ("claimant", "expected"),
    [("residents", True), ("local officials", True), ("Malian army", False)],
)
def test_only_an_institution_s_collapsing_toll_rules_a_match_out(
    claimant: str, expected: bool
) -> None:
    """Residents counting one village of several give less than a third of the whole toll;
    an institution that keeps one count does not fall so far for the same event."""
    first = known(EventType.ATTACK, BANKASS, on(), killed(claimant, 30))
    second = report(EventType.ATTACK, BANKASS, on(), killed(claimant, 2))
    assert is_same_incident(second, first) is expected


def test_a_far_offset_point_is_only_as_good_as_a_third_of_its_distance() -> None:
    far_offset = Place("180 km N of Bamako", "Bamako", 14.27, -8.0, PlacePrecision.OFFSET)
    near_offset = Place("20 km N of Bamako", "Bamako", 12.83, -8.0, PlacePrecision.OFFSET)
    town = Place("Town", "Koulikoro", 14.72, -8.0, PlacePrecision.LOCALITY)  # 50 km beyond
    far = place_points(far_offset, town, named_alike=False)
    assert far is not None and far[0] > 0
    assert place_points(near_offset, Place("T", "Koulikoro", 13.28, -8.0), named_alike=False) == (
        pytest.approx(-1.5),
        pytest.approx(50.0, abs=1),
    )


def test_a_shared_figure_carries_a_match_a_plain_overlap_only_helps() -> None:
    place = village("Wendoubiri")
    first = known(EventType.ABDUCTION, place, on(), killed("UN", 9))
    shared = weigh_evidence(report(EventType.AMBUSH, place, on(2), killed("UN", 9)), first)
    overlap = weigh_evidence(report(EventType.AMBUSH, place, on(2), killed("MSA", 9)), first)
    assert shared is not None and shared.is_match
    assert overlap is not None and not overlap.is_match
    assert overlap.claims == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("first_text", "second_text"),
    [
        (
            "Gunmen killed 14 in the village of Wendoubiri, Bankass cercle, on Sunday.",
            "Quatorze tués dans le village peul de Wendoubiri, cercle de Bankass.",
        ),
        (
            "Le village de Sadiawel, près de Bankass, a été attaqué dimanche.",
            "Gunmen raided Sadiawel, a Fulani village near Bankass, on Sunday.",
        ),
    ],
    ids=["cercle", "near-town"],
)  # fmt: skip
def test_an_english_and_a_french_story_meet_on_an_unlisted_village(
    first_text: str, second_text: str
) -> None:
    gazetteer = load_gazetteer()
    first, second = (
        introductions(text, gazetteer.find_places(text))[0].place
        for text in (first_text, second_text)
    )
    assert is_same_incident(
        report(EventType.EXECUTION, second, on()), known(EventType.ATTACK, first, on())
    )
