"""A card stays true: a story that raises no alert of its own (too old, a new feed's backlog)
but joins an incident whose card is out still edits that card (issue 11)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from feeds.model import AlertKind
from tests.helpers.outbox import alerts, save_story


def test_an_old_story_joining_a_carded_incident_edits_the_card(sqlite_engine: Engine) -> None:
    first = save_story(sqlite_engine, number=1, chat_id="-100")
    incident_id = first.incident_ids[0]
    late = save_story(
        sqlite_engine, number=2, chat_id="-100", incident_id=incident_id, alertable=False
    )
    kinds = [(row.kind, row.story_id) for row in alerts(sqlite_engine)]
    assert (AlertKind.CARD_EDIT.value, late.story_id) in kinds
    assert [k for k, _ in kinds].count(AlertKind.NEW_INCIDENT.value) == 1


def test_an_old_story_of_an_incident_without_a_card_stays_silent(sqlite_engine: Engine) -> None:
    save_story(sqlite_engine, number=1, chat_id="-100", alertable=False)
    assert alerts(sqlite_engine) == []
