"""The story's path, top to bottom: fetch → parse → dedup → relevance → analyse → plan → save.

``plan_events`` (``feeds/pipeline/planning.py``) is the pure decision: which incident each
event joins, which contradictions and toll updates are new. This module is the I/O edge:

    poll_once ── due feeds, bounded concurrency ──▶ process_feed (one feed)
        process_feed: fetch (conditional GET) → record health/backoff → parse off the loop
            → summaries get their article's full text (``feeds/pipeline/fulltext.py``); a channel's
              edited and deleted posts are brought up to date (``feeds/pipeline/channel_sync.py``)
            └─▶ the analysis of the new items, in feed order, in worker processes
                (``feeds/pipeline/analysis_pool.py``, MALIWATCH_ANALYSIS_WORKERS)
                  ├─▶ irrelevant ones: stored by the batch, one statement per 200
                  │   (``storage/queries/story_batch.py``): no lock, no wire lookup
                  └─▶ process_story (a relevant one, its own transaction):
                        matching locks of its events' areas → dedup → wire original →
                        plan_events → store_outcome (save, then the alerts)

Expected skips (a story already stored, an irrelevant story) are values (:class:`Skip`); an
unexpected error in one story is logged with its traceback and the next story goes on; a broken
feed is marked unhealthy and the cycle goes on.

Several processes may share one database: each relevant story's transaction first takes the
matching locks of the places and dates its events search (``storage/queries/match_locks.py``),
so two processes that see the same new event one after the other find the first one's incident
instead of opening a second, while stories about other places and dates do not wait.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from feeds.analysis.incidents import (
    CERCLE_RADIUS_KM,
    MATCH_RADIUS_KM,
    candidate_window,
    type_affinity,
)
from feeds.analysis.relevance import WatchList
from feeds.clock import Clock
from feeds.ingest.channel import CHANNEL_KIND, parse_channel_page
from feeds.ingest.fetch import FetchResult, fetch_feed
from feeds.ingest.parse import ParsedFeed, parse_feed
from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    EventReport,
    EventType,
    Incident,
    Role,
    Story,
    StoryAnalysis,
    VictimKind,
)
from feeds.model.fingerprint import content_hash, simhash
from feeds.model.outcome import EventOutcome, StoryOutcome
from feeds.model.redact import mask_url
from feeds.pipeline import corrections
from feeds.pipeline.alerts import AlertPolicy, store_outcome
from feeds.pipeline.analysis_pool import Reading, analyse, analysis_pool
from feeds.pipeline.channel_sync import fetch_channel, sync_channel_posts
from feeds.pipeline.feed_queue import CLAIM_CHUNK, FeedQueue
from feeds.pipeline.fulltext import read_full_texts
from feeds.pipeline.health import record_fetch, store_validators
from feeds.pipeline.health_batch import HealthBuffer, fetch_outcome
from feeds.pipeline.planning import plan_events
from feeds.pipeline.reports import (
    FeedReport,
    FeedStatus,
    PollSummary,
    Progress,
    Skip,
    StoryResult,
)
from feeds.pipeline.sources import Settings, build_watchlist, ensure_feeds
from storage.db import session_scope
from storage.models import FeedRow
from storage.queries import feeds as feed_queries
from storage.queries import incidents as incident_queries
from storage.queries import match_locks
from storage.queries import status as status_queries
from storage.queries import stories as story_queries
from storage.queries import views as view_queries
from storage.queries.story_batch import PlainStory, insert_plain_stories
from storage.queries.story_keys import known_story_keys

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

log = logging.getLogger(__name__)

WIRE_COPY_WINDOW = timedelta(days=3)
# The candidate box: the widest radius at which the analysis may still match (a cercle), plus a
# margin for an offset named from a town ("60 km N of X" matches X by name).
CANDIDATE_RADIUS_KM = max(CERCLE_RADIUS_KM, *MATCH_RADIUS_KM.values()) * 1.25
# Beyond this distance an incident of an incompatible type cannot match (a retyped match needs
# the same name or a place within the analysis's match radius).
RETYPE_RADIUS_KM = max(MATCH_RADIUS_KM.values()) * 1.25
CANDIDATE_LIMIT = incident_queries.CANDIDATE_LIMIT
FETCH_DEADLINE_FACTOR = 3  # a whole fetch may take this many per-request timeouts
# How long no other worker may take a claimed feed (the fetch's result sets the real next poll
# time long before, unless this worker dies). A cycle claims small chunks until none is due
# (``feeds/pipeline/feed_queue.py``).
CLAIM_LEASE = timedelta(minutes=15)
# One story transaction at a time in a process. Correctness across threads and processes comes
# from the database (BEGIN IMMEDIATE on SQLite, the advisory locks of
# ``storage/queries/match_locks.py`` on PostgreSQL); this lock only spares the database a queue
# of waiting connections from one process. The analysis runs outside it (in worker processes).
STORY_WRITES = threading.Lock()


# ── one story ────────────────────────────────────────────────────────────────────────────────


def process_story(
    story: Story,
    *,
    session: Session,
    feed_id: int | None,
    watch: WatchList,
    settings: Settings,
    now: datetime,
    first_poll: bool,
    analysis: StoryAnalysis | None = None,
    lead_simhash: int | None = None,
) -> StoryResult | Skip:
    """Dedup, plan and save one story inside the caller's transaction.

    The transaction must have begun with ``session_scope(engine, immediate=True)``: the
    matching locks of the story's events (taken first) are held until it ends, across every
    process. Pass the story's ``analysis`` (:func:`analyse`) and ``lead_simhash`` computed
    beforehand, outside the locks, so that other workers do not wait on this one's reading;
    without them, they are computed here. An irrelevant story takes no lock and is not compared
    for wire copies (a copy of an irrelevant text is irrelevant too).
    """
    story = _with_content_hash(story)
    if analysis is None:
        analysis = analyse(story, watch=watch)
    if analysis.relevant:
        match_locks.lock_match_areas(session=session, areas=search_areas(analysis.events))
    if story_queries.find_existing_story(
        session=session, feed_id=feed_id, guid=story.guid, url=story.url
    ):
        return Skip("duplicate")
    original = None
    if analysis.relevant:
        original = story_queries.find_wire_original(
            session=session,
            content_hash=story.content_hash,
            simhash=simhash(story.text) if lead_simhash is None else lead_simhash,
            since=now - WIRE_COPY_WINDOW,
        )
    events: tuple[EventOutcome, ...] = ()
    if analysis.relevant:
        wire_incident = original.incident_id if original is not None else None
        detached = corrections.detached_from(session, [original.id if original else None])
        candidates_for = _candidates_from(session, wire_incident=wire_incident, detached=detached)
        events = corrections.apply_fixes(
            session, plan_events(analysis, candidates_for=candidates_for)
        )
    alertable = original is None and analysis.relevant and is_fresh(story, settings, now=now)
    outcome = StoryOutcome(
        story=story,
        feed_id=feed_id,
        analysis=analysis,
        events=events,
        syndicated_copy_of=original.id if original is not None else None,
        alertable=alertable and not first_poll,
        chat_id=settings.telegram_chat_id or "console",
        thread_id=settings.telegram_thread_id,
        now=now,
        lead_simhash=lead_simhash,
    )
    saved = store_outcome(session=session, outcome=outcome, policy=AlertPolicy.of(settings))
    if not analysis.relevant:
        return Skip("irrelevant", story_id=saved.story_id)
    return StoryResult(saved=saved, wire_copy=original is not None, alertable=outcome.alertable)


def is_fresh(story: Story, settings: Settings, *, now: datetime) -> bool:
    """Backlog rule: only stories published within MALIWATCH_ALERT_MAX_AGE_HOURS alert."""
    return now - story.published <= timedelta(hours=settings.alert_max_age_hours)


def _with_content_hash(story: Story) -> Story:
    return story if story.content_hash else replace(story, content_hash=content_hash(story.text))


def _candidates_from(
    session: Session, *, wire_incident: int | None, detached: set[int] | None = None
) -> Callable[[EventReport], Sequence[Incident]]:
    """Candidates from the indexed query; a wire copy also sees its original's incident. The
    analyst's corrections hold (``feeds/pipeline/corrections.py``): a merged incident stands for
    the one it joined, and the incidents in ``detached`` are never candidates."""

    def candidates_for(event: EventReport) -> Sequence[Incident]:
        day_from, day_to = candidate_window(event)
        found = _query_candidates(session, event, day_from, day_to) if day_from <= day_to else []
        known = {incident.id for incident in found}
        if wire_incident is not None and event.role is Role.MAIN and wire_incident not in known:
            view = view_queries.get_incident_view(session=session, incident_id=wire_incident)
            found = [view.incident, *found] if view is not None else found
        return corrections.respect_corrections(session, found, detached=detached or ())

    return candidates_for


def search_area(event: EventReport) -> match_locks.SearchArea:
    """Where and when the candidate query looks for ``event``: by distance when the event has
    coordinates, else by region, else by date alone (the window is the analysis's)."""
    day_from, day_to = candidate_window(event)
    place = event.place
    near = place is not None and place.lat is not None and place.lon is not None
    return match_locks.SearchArea(
        day_from=day_from,
        day_to=day_to,
        admin1=None if near or place is None else place.admin1,
        lat=place.lat if near and place else None,
        lon=place.lon if near and place else None,
        radius_km=CANDIDATE_RADIUS_KM if near else None,
    )


def search_areas(events: Sequence[EventReport]) -> list[match_locks.SearchArea]:
    return [search_area(event) for event in events]


# A civilian claim, to ask the analysis which types an incident *could* match given its claims.
_CIVILIAN_PROBE = Claim(
    claimant="", category=Category.KILLED, count=CasualtyCount(1, 1), victims=VictimKind.CIVILIANS
)


def compatible_types(event: EventReport) -> frozenset[str] | None:
    """The incident types the analysis could match with ``event`` at any distance (``None``:
    every type). Asked of ``type_affinity`` itself, never listed here."""
    claims = (*event.claims, _CIVILIAN_PROBE)
    found = frozenset(
        kind.value for kind in EventType if type_affinity(event.event_type, kind, claims) > 0
    )
    return None if len(found) == len(EventType) else found


def _query_candidates(
    session: Session, event: EventReport, day_from: date, day_to: date
) -> list[Incident]:
    """The few best candidates by date gap and distance, type-filtered, in SQL."""
    area = search_area(event)
    return incident_queries.candidate_incidents(
        session=session,
        day_from=day_from,
        day_to=day_to,
        admin1=area.admin1,
        lat=area.lat,
        lon=area.lon,
        radius_km=area.radius_km,
        day=event.date.day if event.date is not None else None,
        types=compatible_types(event),
        any_type_within_km=RETYPE_RADIUS_KM,
        any_type_named=event.place.name if event.place is not None else None,
        limit=CANDIDATE_LIMIT,
    )


# ── one feed ─────────────────────────────────────────────────────────────────────────────────


async def process_feed(
    feed_row: FeedRow,
    *,
    client: httpx.AsyncClient,
    engine: Engine,
    settings: Settings,
    now: datetime,
    health: HealthBuffer | None = None,
) -> FeedReport:
    """Fetch, record health, parse off the loop, and process each story in its own transaction.

    A channel source (``kind`` telegram) is read from its preview page and its stored posts
    are brought up to date; a feed's summaries get their article's full text first. With a
    ``health`` buffer, the outcome of a fetch that brings nothing to process (304, failure) is
    written with the cycle's next bulk write instead of its own transaction.
    """
    report = FeedReport(url=feed_row.url, title=feed_row.title)
    deadline = settings.fetch_timeout * FETCH_DEADLINE_FACTOR
    channel = feed_row.kind == CHANNEL_KIND
    if channel:
        result = await fetch_channel(
            client, feed_row, settings=settings, total_timeout=deadline, now=now
        )
    else:
        result = await fetch_feed(
            client,
            feed_row.url,
            etag=feed_row.etag,
            last_modified=feed_row.last_modified,
            max_bytes=settings.max_feed_bytes,
            total_timeout=deadline,
        )
    if result.status == "not_modified":
        report.status = FeedStatus.NOT_MODIFIED
        if health is not None:
            await health.add(fetch_outcome(feed_row, settings, now, None))
        else:
            await asyncio.to_thread(record_fetch, engine, feed_row, settings, now, None, result)
        return report
    stories: list[Story] = []
    error = result.error if result.status == "error" else None
    if error is None and result.body is not None:
        parsed = await asyncio.to_thread(_parse, feed_row, result, now)
        stories, error = parsed.stories, parsed.bozo_error if parsed.is_broken else None
        report.title = report.title or parsed.title
    if health is not None and error is not None and result.body is None:
        await health.add(fetch_outcome(feed_row, settings, now, error))
    else:
        await asyncio.to_thread(
            record_fetch, engine, feed_row, settings, now, error, result, report.title
        )
    if error is not None:
        log.warning("feed %s failed: %s", mask_url(feed_row.url), error)
        report.status, report.error = FeedStatus.FAILED, error
        return report
    first_poll = feed_row.last_success_at is None
    if channel:
        await asyncio.to_thread(sync_channel_posts, engine, feed_row, stories, settings, now)
    else:
        stories = await read_full_texts(
            stories, feed_row, client=client, engine=engine, settings=settings, now=now
        )
    await asyncio.to_thread(
        _process_stories, stories, feed_row, engine, settings, now, first_poll, report
    )
    await asyncio.to_thread(store_validators, engine, feed_row, result, report)
    return report


def _parse(feed_row: FeedRow, result: FetchResult, now: datetime) -> ParsedFeed:
    assert result.body is not None
    if feed_row.kind == CHANNEL_KIND:
        return parse_channel_page(result.body, feed_url=feed_row.url, fetched=now)
    return parse_feed(result.body, feed_url=feed_row.url, headers=result.headers, fetched=now)


def _process_stories(
    stories: Sequence[Story],
    feed_row: FeedRow,
    engine: Engine,
    settings: Settings,
    now: datetime,
    first_poll: bool,
    report: FeedReport,
) -> None:
    """Known items are found with one query for the whole feed; the others are read by the
    analysis pool, in feed order; a relevant story is saved in its own transaction, a run of
    irrelevant ones by one batch statement. One story's crash never stops the others."""
    with session_scope(engine) as session:  # re-polled items cost no analysis
        watch = build_watchlist(session=session, settings=settings)
        known = known_story_keys(
            session=session,
            feed_id=feed_row.id,
            guids=[story.guid for story in stories],
            urls=[story.url for story in stories],
        )
    fresh: list[Story] = []
    for story in stories:
        if known.has(guid=story.guid, url=story.url):
            report.count(Skip("duplicate"))
        else:
            fresh.append(_with_content_hash(story))
    irrelevant: list[Reading] = []
    save = _Saver(feed_row, engine, settings, now, first_poll, watch, report)
    pool = analysis_pool(settings.analysis_workers)
    for reading in pool.analyse_all(fresh, watch=watch):
        if reading.analysis is None:
            save.failed_reading(reading)
            continue
        if not reading.analysis.relevant:
            irrelevant.append(reading)
            if len(irrelevant) >= IRRELEVANT_BATCH:
                save.batch(irrelevant)
                irrelevant = []
            continue
        save.batch(irrelevant)  # feed order is kept: earlier items are stored first
        irrelevant = []
        save.one(reading)
    save.batch(irrelevant)


IRRELEVANT_BATCH = 200  # irrelevant stories per transaction


class _Saver:
    """``process_story`` for one story (its own transaction); a batch of irrelevant ones stored
    with one statement (one transaction)."""

    def __init__(
        self,
        feed_row: FeedRow,
        engine: Engine,
        settings: Settings,
        now: datetime,
        first_poll: bool,
        watch: WatchList,
        report: FeedReport,
    ) -> None:
        self.feed_row, self.engine, self.settings, self.now = feed_row, engine, settings, now
        self.first_poll, self.watch, self.report = first_poll, watch, report

    def _process(self, session: Session, reading: Reading) -> StoryResult | Skip:
        return process_story(
            reading.story,
            session=session,
            feed_id=self.feed_row.id,
            watch=self.watch,
            settings=self.settings,
            now=self.now,
            first_poll=self.first_poll,
            analysis=reading.analysis,
            lead_simhash=reading.lead_simhash,
        )

    def _failed(self, story: Story) -> None:
        self.report.stories_failed += 1
        log.exception("story failed: feed=%s story=%s", self.feed_row.url, story.url)

    def failed_reading(self, reading: Reading) -> None:
        """The analysis raised (here or in a worker process, whose traceback is text)."""
        self.report.stories_failed += 1
        error = reading.error
        trace = "" if error is not None and error.__traceback__ is not None else reading.trace
        log.error(
            "story failed: feed=%s story=%s%s",
            self.feed_row.url,
            reading.story.url,
            f"\n{trace}" if trace else "",
            exc_info=error,
        )

    def _count(self, story: Story, result: StoryResult | Skip) -> None:
        if isinstance(result, Skip):
            log.debug("story skipped (%s): %s", result.reason, story.url)
        self.report.count(result)

    def one(self, reading: Reading) -> None:
        try:
            with STORY_WRITES, session_scope(self.engine, immediate=True) as session:
                result = self._process(session, reading)
        except Exception:
            self._failed(reading.story)
            return
        self._count(reading.story, result)

    def batch(self, readings: Sequence[Reading]) -> None:
        """Irrelevant stories: one INSERT for all; should it fail, each in its own savepoint
        (the path of a relevant story, without its locks), so that only a bad one fails."""
        if not readings:
            return
        items = [  # an irrelevant story is never alertable
            PlainStory(
                story=r.story,
                feed_id=self.feed_row.id,
                matched_keywords=r.analysis.matched_keywords if r.analysis else (),
            )
            for r in readings
        ]
        try:
            with STORY_WRITES, session_scope(self.engine, immediate=True) as session:
                ids = insert_plain_stories(session=session, items=items, now=self.now)
        except Exception:
            log.warning("batch of %d irrelevant stories failed; saving one by one", len(items))
            self._one_by_one(readings)
            return
        for reading, story_id in zip(readings, ids, strict=True):
            result = Skip("irrelevant", story_id=story_id) if story_id else Skip("duplicate")
            self._count(reading.story, result)

    def _one_by_one(self, readings: Sequence[Reading]) -> None:
        done: list[tuple[Story, StoryResult | Skip]] = []
        try:
            with STORY_WRITES, session_scope(self.engine, immediate=True) as session:
                for reading in readings:
                    try:
                        with session.begin_nested():  # a failing story rolls back alone
                            done.append((reading.story, self._process(session, reading)))
                    except Exception:
                        self._failed(reading.story)
        except Exception:  # the commit itself failed: none of them is stored
            for story, _result in done:
                self._failed(story)
            return
        for story, result in done:
            self._count(story, result)


# ── one cycle ────────────────────────────────────────────────────────────────────────────────


async def poll_once(
    *,
    engine: Engine,
    settings: Settings,
    client: httpx.AsyncClient,
    clock: Clock,
    progress: Progress | None = None,
    every_feed: bool = False,
    add_feeds: bool = True,
) -> PollSummary:
    """One polling cycle over the due feeds this worker claims, chunk after chunk until none is
    due (``every_feed``: all enabled feeds, as `maliwatch poll --all` does); records a poll_run
    row and returns the counts. ``add_feeds``
    first adds the feeds file's feeds (a long-running process does it once, so that a feed
    removed in Telegram stays removed)."""
    started = clock.now()
    summary = PollSummary(started_at=started)
    with session_scope(engine, immediate=True) as session:
        if add_feeds:
            ensure_feeds(session=session, settings=settings, now=started)
    lease = max(CLAIM_LEASE.total_seconds(), settings.poll_interval)
    if every_feed:
        with session_scope(engine) as session:
            rows = [row for row in feed_queries.list_feeds(session=session) if row.enabled]
        queue = FeedQueue(engine, now=started, lease_seconds=lease, rows=rows)
    else:
        chunk = max(CLAIM_CHUNK, 2 * settings.fetch_concurrency)
        queue = FeedQueue(engine, now=started, lease_seconds=lease, chunk=chunk)
    health = HealthBuffer(engine)

    async def one(feed_row: FeedRow) -> None:
        try:
            report = await process_feed(
                feed_row,
                client=client,
                engine=engine,
                settings=settings,
                now=started,
                health=health,
            )
        except Exception as exc:  # a bug in one feed's path must not end the cycle
            log.exception("feed crashed: %s", feed_row.url)
            report = FeedReport(feed_row.url, feed_row.title, FeedStatus.FAILED, repr(exc))
        summary.feeds.append(report)
        if progress is not None:
            progress(report, len(summary.feeds), queue.known)

    async def fetcher() -> None:  # fetch_concurrency of these: at most that many feeds at once
        while (feed_row := await queue.next()) is not None:
            await one(feed_row)

    try:
        await asyncio.gather(*(fetcher() for _ in range(settings.fetch_concurrency)))
    finally:
        await health.flush()
    summary.finished_at = clock.now()
    with session_scope(engine, immediate=True) as session:
        status_queries.record_poll_run(session=session, run=summary.as_row())
    log.info(
        "poll done: %d feeds, %d new stories, %d relevant, %d new incidents, %d alerts",
        len(summary.feeds),
        summary.total("stories_new"),
        summary.total("stories_relevant"),
        summary.total("incidents_new"),
        summary.total("alerts_queued"),
    )
    return summary
