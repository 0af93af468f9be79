"""The pure decision of the story's path (feeds/pipeline/planning.py): which incident each
event joins and what is new there."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    EventDate,
    EventReport,
    EventType,
    Incident,
    Place,
    PlacePrecision,
    Qualifier,
    Role,
    StoryAnalysis,
    VictimKind,
)
from feeds.pipeline.planning import plan_events
from tests.helpers.builders import story as build_story
from tests.helpers.paths import ROOT as ROOT_DIR

ROOT = ROOT_DIR
NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
LERNEB = Place("50 km N of Lerneb", "Timbuktu", 16.4, -4.9, PlacePrecision.OFFSET)
STRIKE_DAY = EventDate(date(2026, 11, 22))


def claim(
    claimant: str, low: int, victims: VictimKind, qualifier: Qualifier = Qualifier.EXACT
) -> Claim:
    high = None if qualifier is Qualifier.AT_LEAST else low
    return Claim(claimant, Category.KILLED, CasualtyCount(low, high, qualifier), victims)


CDRAP_18 = claim("CDRAP", 18, VictimKind.CIVILIANS, Qualifier.AT_LEAST)
ARMY_11 = claim("Malian army", 11, VictimKind.MILITANTS)


def event(*claims: Claim, role: Role = Role.MAIN, place: Place = LERNEB) -> EventReport:
    return EventReport(role, EventType.AIRSTRIKE, place, STRIKE_DAY, tuple(claims))


def analysis(*events: EventReport) -> StoryAnalysis:
    story = build_story(
        "s",
        feed_url="https://f.example/rss",
        guid="g",
        url="https://f.example/a",
        title="t",
        text="x",
        published=NOW,
        fetched=NOW,
        content_hash="",
    )
    return StoryAnalysis(story, True, ("mali",), tuple(events))


def incident(incident_id: int, *claims: Claim) -> Incident:
    return Incident(incident_id, EventType.AIRSTRIKE, LERNEB, STRIKE_DAY, tuple(claims))


def test_the_plan_loads_no_io_library() -> None:
    """feeds/pipeline/planning.py is pure: it loads no I/O library, no database and no storage."""
    script = (
        "import sys, feeds.pipeline.planning; print(' '.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'httpx','sqlalchemy','sqlmodel','telegram','bot','storage'})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert loaded == []


def test_plan_opens_an_incident_with_its_contradictions() -> None:
    (outcome,) = plan_events(analysis(event(CDRAP_18, ARMY_11)), candidates_for=lambda _e: [])
    assert outcome.incident_id is None and outcome.open_incident
    assert {c.key for c in outcome.new_contradictions} == {
        ("killed", "count"),
        ("killed", "victims"),
    }


def test_plan_joins_and_reports_only_new_contradictions() -> None:
    known = incident(7, CDRAP_18, ARMY_11)
    (outcome,) = plan_events(analysis(event(ARMY_11)), candidates_for=lambda _e: [known])
    assert outcome.incident_id == 7
    assert outcome.new_contradictions == ()


def test_plan_reports_a_contradiction_the_incident_did_not_have() -> None:
    known = incident(7, CDRAP_18)
    (outcome,) = plan_events(analysis(event(ARMY_11)), candidates_for=lambda _e: [known])
    assert outcome.incident_id == 7
    assert ("killed", "count") in {c.key for c in outcome.new_contradictions}


def test_plan_sees_a_new_figure_from_the_same_claimant_as_an_update() -> None:
    known = incident(7, CDRAP_18)
    later = claim("CDRAP", 21, VictimKind.CIVILIANS)
    (outcome,) = plan_events(analysis(event(later)), candidates_for=lambda _e: [known])
    assert [(u.claimant, u.old.low, u.new.low) for u in outcome.updates] == [("CDRAP", 18, 21)]
    assert outcome.new_contradictions == ()


def test_plan_keeps_an_unknown_background_event_with_the_story() -> None:
    fla = claim("FLA", 24, VictimKind.CIVILIANS, Qualifier.AT_LEAST)
    background = EventReport(Role.BACKGROUND, EventType.EXECUTION, None, None, (fla,))
    main, past = plan_events(analysis(event(CDRAP_18), background), candidates_for=lambda _e: [])
    assert main.open_incident and not past.open_incident
    assert past.incident_id is None


def test_plan_opens_no_incident_for_an_event_with_no_violence_and_no_claim() -> None:
    harvest = EventReport(Role.MAIN, EventType.OTHER, LERNEB, STRIKE_DAY, ())
    ambush = EventReport(Role.MAIN, EventType.AMBUSH, LERNEB, STRIKE_DAY, ())
    (quiet,) = plan_events(analysis(harvest), candidates_for=lambda _e: [])
    (violent,) = plan_events(analysis(ambush), candidates_for=lambda _e: [])
    assert not quiet.open_incident
    assert violent.open_incident  # an attack with no toll yet is still an incident


def test_plan_never_puts_two_events_of_one_story_in_one_incident() -> None:
    known = incident(7, CDRAP_18)
    second = event(ARMY_11, role=Role.OTHER)
    first_outcome, second_outcome = plan_events(
        analysis(event(CDRAP_18), second), candidates_for=lambda _e: [known]
    )
    assert first_outcome.incident_id == 7
    assert second_outcome.incident_id is None
