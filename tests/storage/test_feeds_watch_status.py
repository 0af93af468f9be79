"""Feeds, watch words, wire-copy lookup and /status queries on both backends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from feeds.model.fingerprint import simhash
from feeds.model.outcome import EventOutcome
from feeds.pipeline.alerts import store_outcome
from storage.db import session_scope
from storage.models import IncidentRow, PollRunRow, StoryRow
from storage.queries import feeds as feed_queries
from storage.queries import incidents as incident_queries
from storage.queries import status as status_queries
from storage.queries import stories as story_queries
from storage.queries import watch as watch_queries
from tests.helpers.builders import CDRAP_18, NOW, event, outcome, story

WIRE_TEXT = (
    "At least 18 people were killed in an airstrike on a market fifty kilometres north of "
    "Lerneb on Saturday, a rights group said, while the army said it had struck a terrorist "
    "gathering in the Timbuktu region of northern Mali.\n\n"
    "The army said eleven terrorists had been neutralised in the strike near the border with "
    "Mauritania, and that no civilian had been harmed during the operation."
)
# A republished copy: byline and footer added (the lead is unchanged, the text hash is not).
WIRE_COPY = f"By Staff Reporter\n\n{WIRE_TEXT}\n\n(c) Wire 2026"


def test_upsert_feed_is_idempotent_and_keeps_values(engine: Engine) -> None:
    url = "https://a.example/rss"
    with session_scope(engine) as session:
        first = feed_queries.upsert_feed(
            session=session, url=url, title="A", language="fr", now=NOW
        )
        again = feed_queries.upsert_feed(session=session, url=url, now=NOW + timedelta(days=1))
        assert again.id == first.id
        assert (again.title, again.language, again.added_at) == ("A", "fr", NOW)
        assert [f.url for f in feed_queries.list_feeds(session=session)] == [url]


def test_remove_feed_stops_polling_and_upsert_brings_it_back(engine: Engine) -> None:
    url = "https://a.example/rss"
    with session_scope(engine) as session:
        feed_queries.upsert_feed(session=session, url=url, now=NOW)
        assert feed_queries.remove_feed(session=session, url=url)
        assert not feed_queries.remove_feed(session=session, url=url)
        assert feed_queries.list_feeds(session=session) == []
        assert feed_queries.due_feeds(session=session, now=NOW) == []
        feed_queries.upsert_feed(session=session, url=url, now=NOW)
        assert [f.url for f in feed_queries.due_feeds(session=session, now=NOW)] == [url]


def test_fetch_results_drive_due_time_and_health(engine: Engine) -> None:
    with session_scope(engine) as session:
        feed = feed_queries.upsert_feed(session=session, url="https://a.example/rss", now=NOW)
        feed_id = feed.id
        assert feed_id is not None
        later = NOW + timedelta(minutes=5)
        feed_queries.record_fetch_result(
            session=session, feed_id=feed_id, ok=False, not_modified=False, etag=None,
            last_modified=None, error="HTTP 503", now=NOW, next_poll_at=later,
        )  # fmt: skip
        assert feed_queries.due_feeds(session=session, now=NOW) == []
        assert [f.id for f in feed_queries.due_feeds(session=session, now=later)] == [feed_id]
        failing = status_queries.failing_feeds(session=session)
        assert [(f.consecutive_failures, f.last_error) for f in failing] == [(1, "HTTP 503")]
        row = feed_queries.record_fetch_result(
            session=session, feed_id=feed_id, ok=True, not_modified=False, etag='"v2"',
            last_modified="Tue, 24 Nov 2026 06:00:00 GMT", error=None, now=later,
            next_poll_at=later + timedelta(minutes=5),
        )  # fmt: skip
        assert (row.consecutive_failures, row.etag, row.last_success_at) == (0, '"v2"', later)
        assert status_queries.failing_feeds(session=session) == []


def test_watch_words_are_folded_and_upserted(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = watch_queries.add_watch_keyword(
            session=session, word="Ménaka", mode="include", added_by="42", now=NOW
        )
        again = watch_queries.add_watch_keyword(
            session=session, word="MENAKA", mode="exclude", added_by="43", now=NOW
        )
        assert again.id == first.id
        assert (again.word, again.display, again.mode) == ("menaka", "MENAKA", "exclude")
        watch_queries.add_watch_keyword(
            session=session, word="Kidal", mode="include", added_by=None, now=NOW
        )
        assert [w.word for w in watch_queries.list_watch_keywords(session=session)] == [
            "kidal",
            "menaka",
        ]
        assert watch_queries.remove_watch_keyword(session=session, word="ménaka")
        assert not watch_queries.remove_watch_keyword(session=session, word="menaka")


def test_find_existing_story_by_guid_or_url(engine: Engine) -> None:
    with session_scope(engine) as session:
        feed = feed_queries.upsert_feed(session=session, url="https://a.example/rss", now=NOW)
        saved = store_outcome(
            session=session, outcome=outcome(story(), feed_id=feed.id, relevant=False)
        )
        by_guid = story_queries.find_existing_story(
            session=session, feed_id=feed.id, guid="guid-lerneb", url="https://x.example/new"
        )
        by_url = story_queries.find_existing_story(
            session=session, feed_id=None, guid="zzz", url="https://news.example.org/lerneb"
        )
        other_feed = story_queries.find_existing_story(
            session=session, feed_id=None, guid="guid-lerneb", url="https://x.example/new"
        )
    assert by_guid is not None and by_guid.id == saved.story_id
    assert by_url is not None and by_url.id == saved.story_id
    assert other_feed is None


def test_find_wire_original_by_hash_and_by_simhash(engine: Engine) -> None:
    planned = EventOutcome(event=event(CDRAP_18), incident_id=None)
    with session_scope(engine) as session:
        original = store_outcome(
            session=session, outcome=outcome(story("wire", text=WIRE_TEXT), planned)
        )
        since = NOW - timedelta(days=2)
        by_hash = story_queries.find_wire_original(
            session=session, content_hash="hash-wire", simhash=None, since=since
        )
        by_simhash = story_queries.find_wire_original(
            session=session, content_hash="other", simhash=simhash(WIRE_COPY), since=since
        )
        unrelated = story_queries.find_wire_original(
            session=session,
            content_hash="other",
            simhash=simhash("Football: Mali beat Ghana two goals to nil in Bamako on Sunday."),
            since=since,
        )
        too_old = story_queries.find_wire_original(
            session=session, content_hash="hash-wire", simhash=None, since=NOW
        )
    with Session(engine) as session:
        stored = session.get(StoryRow, original.story_id)
        assert stored is not None and stored.simhash is not None
    assert by_hash is not None and by_hash.id == original.story_id
    assert by_simhash is not None and by_simhash.id == original.story_id
    assert unrelated is None and too_old is None


def test_wire_copy_of_a_copy_leads_to_the_original(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = store_outcome(session=session, outcome=outcome(story("one"), relevant=False))
        store_outcome(
            session=session,
            outcome=outcome(story("two"), relevant=False, syndicated_copy_of=first.story_id),
        )
        found = story_queries.find_wire_original(
            session=session, content_hash="hash-two", simhash=None, since=NOW - timedelta(days=1)
        )
    assert found is not None and found.id == first.story_id


def test_poll_runs_queue_and_story_counts(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert status_queries.last_poll_run(session=session) is None
        for minutes in (0, 5):
            run = PollRunRow(started_at=NOW + timedelta(minutes=minutes), feeds_ok=minutes)
            status_queries.record_poll_run(session=session, run=run)
        store_outcome(session=session, outcome=outcome(story("a"), relevant=False))
        store_outcome(
            session=session,
            outcome=outcome(story("b"), EventOutcome(event=event(CDRAP_18), incident_id=None)),
        )
    with Session(engine) as session:
        last = status_queries.last_poll_run(session=session)
        assert last is not None and last.feeds_ok == 5
        assert status_queries.queue_depth(session=session) == 1
        assert status_queries.story_counts_since(
            session=session, since=NOW - timedelta(days=1)
        ) == (2, 1)
        assert status_queries.failed_alert_count(session=session) == 0
        recent = incident_queries.incidents_since(session=session, since=NOW - timedelta(hours=1))
        assert [i.summary for i in recent] == ["Airstrike on a market 50 km N of Lerneb"]
        assert (
            incident_queries.incidents_since(session=session, since=NOW + timedelta(hours=1)) == []
        )


def test_incidents_since_leaves_out_incidents_known_only_from_acled(engine: Engine) -> None:
    with session_scope(engine) as session:
        imported = IncidentRow(
            event_type="attack", event_date=NOW.date(), first_seen=NOW, last_updated=NOW,
            acled_id="MLI12345", summary="imported",
        )  # fmt: skip
        session.add(imported)
        store_outcome(
            session=session,
            outcome=outcome(story("b"), EventOutcome(event=event(CDRAP_18), incident_id=None)),
        )
    with Session(engine) as session:
        recent = incident_queries.incidents_since(session=session, since=NOW - timedelta(hours=1))
        assert [i.summary for i in recent] == ["Airstrike on a market 50 km N of Lerneb"]
    with session_scope(engine) as session:  # a story joins the imported incident: now it counts
        assert imported.id is not None
        store_outcome(
            session=session,
            outcome=outcome(
                story("c"), EventOutcome(event=event(CDRAP_18), incident_id=imported.id)
            ),
        )
    with Session(engine) as session:
        recent = incident_queries.incidents_since(session=session, since=NOW - timedelta(hours=1))
        assert {i.acled_id for i in recent} == {None, "MLI12345"}
