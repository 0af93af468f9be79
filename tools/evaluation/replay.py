"""Replaying a corpus through the real pipeline: feeds on loopback, one poll a day, the export.

``maliwatch eval`` scores the analysis against an in-memory incident store; the independent
evaluation runs the product as a black box instead — it serves the reporting as feeds, runs
``maliwatch poll`` once per publication day and scores ``maliwatch export --format jsonl``.
This module does the same in-process, so that both figures can be compared line by line::

    corpus ─▶ one RSS feed per outlet (replay_feeds) ─▶ per day: publish, poll_once(every_feed)
           ─▶ export_incidents(jsonl) ─▶ prediction_from_export ─▶ metrics.score ─▶ EvalReport

Each publication day (UTC) in order: that day's items join their feeds (earlier items stay),
a FixedClock is set to the day's last second and one polling cycle runs (``poll_once`` with
``every_feed=True``, as ``maliwatch poll --all``) on a fresh SQLite database in a temporary
directory, migrated by ``init_db``. Feeds are fetched one at a time (``fetch_concurrency`` 1, as
the demo does) so the order of stories inside a day is the same on every run: feed after feed in
the feeds file's order, each feed's items newest first. Article pages are never read
(``MALIWATCH_FETCH_ARTICLES=false``) and loopback feeds are allowed
(``MALIWATCH_ALLOW_PRIVATE_FEEDS=1``); the run's settings are fixed here, never read from the
environment, so the figures do not depend on who runs it.

The export becomes the evaluation's prediction: a story is relevant when the export has it (in
an incident's ``stories`` or as a loose ``{"incident": null, "story": ...}`` line); its claims
are the export claims whose ``sources`` name its URL (one claim read in several stories is one
export claim with several sources: each of them gets it); its links are (incident id, role)
from the ``stories`` lists; the contradictions come from each incident's ``contradictions``
(the claimants through the claim indexes). Export URLs are canonical (``canonical_url``), so the
corpus stories are found by their canonical URL.

``python -m tools.evaluation.replay PATH [--verbose-summary]`` and ``maliwatch eval --replay
PATH`` print the same table as ``maliwatch eval``; ``--verbose-summary`` adds the pipeline's
counts over the whole corpus (stories stored, skipped, wire copies...), never per story.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from feeds.ingest.urls import canonical_url
from tools.evaluation.replay_feeds import ReplayFeedServer, feed_language, rss_document
from tools.evaluation.values import (
    ClaimKey,
    ContradictionKey,
    CorpusPrediction,
    EvalReport,
    GoldStory,
    StoryPrediction,
    normalize_claimant,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.settings import Settings
    from feeds.pipeline.reports import PollSummary

log = logging.getLogger(__name__)

DAY_END = time(23, 59, 59)  # each day's poll runs at its last second (UTC)
QUIET_LOGGERS = ("feeds", "storage", "bot", "httpx", "alembic")  # INFO per story otherwise

# What happened to each corpus story in the pipeline (``ReplayRun.fates``).
STORED_RELEVANT = "stored, relevant"
STORED_IRRELEVANT = "stored, not relevant"
WIRE_COPY = "stored as a wire copy"
NOT_STORED = "not stored"


@dataclass(frozen=True, slots=True)
class ReplayRun:
    """A replay's prediction and what the pipeline did on the way (for diagnostics)."""

    prediction: CorpusPrediction
    export_lines: tuple[dict[str, Any], ...]
    polls: int
    fates: dict[str, str]  # story id → one of the fates above
    # story id → the id of the story it was stored as a wire copy of (a corpus id when known)
    copies_of: dict[str, str | None] = field(default_factory=dict)
    text_changed: frozenset[str] = frozenset()  # stored text differs from the corpus text
    language_changed: frozenset[str] = frozenset()  # stored language differs from the corpus
    poll_totals: dict[str, int] = field(default_factory=dict)  # summed PollSummary counts
    # story id → claims stored with no incident by a story that is linked to an incident: the
    # export has them nowhere (a loose line is only for a story linked to no incident)
    unexported_claims: dict[str, tuple[ClaimKey, ...]] = field(default_factory=dict)


# ── the export → the evaluation's prediction (pure) ─────────────────────────────────────────


def url_index(stories: Sequence[GoldStory]) -> dict[str, list[str]]:
    """Canonical URL → the ids of the corpus stories that have it, in published order."""
    index: dict[str, list[str]] = defaultdict(list)
    for gold in stories:
        index[canonical_url(gold.story.url) or gold.story.url].append(gold.id)
    return index


def export_claim_key(record: Mapping[str, Any]) -> ClaimKey:
    """An export claim as the scorer compares it (a denial is exported as 0/0)."""
    return ClaimKey(
        normalize_claimant(record["claimant"]),
        record["category"],
        record["low"],
        record["high"],
        record.get("victims") or "unspecified",
    )


def prediction_from_export(
    stories: Sequence[GoldStory],
    lines: Sequence[Mapping[str, Any]],
    *,
    stored_as: Mapping[str, str] | None = None,
) -> CorpusPrediction:
    """The evaluation's prediction read from a JSONL export (docs/export.md).

    ``stored_as`` resolves a canonical URL that several corpus stories share (the pipeline
    stored only one of them) to the id stored; without it the first in published order wins.
    A URL the corpus does not have is ignored.
    """
    index = url_index(stories)
    language = {gold.id: gold.language for gold in stories}

    def story_id(url: str) -> str | None:
        ids = index.get(url) or index.get(canonical_url(url) or url)
        if not ids:
            return None
        chosen = (stored_as or {}).get(url)
        return chosen if chosen in ids else ids[0]

    relevant: set[str] = set()
    claims: dict[str, list[ClaimKey]] = defaultdict(list)
    links: dict[str, list[tuple[int, str]]] = defaultdict(list)
    contradictions: list[ContradictionKey] = []
    for line in lines:
        incident = line.get("incident", line)
        if incident is None:  # a relevant story in no incident
            story = line["story"]
            sid = story_id(story["url"])
            if sid is not None:
                relevant.add(sid)
                claims[sid] += [export_claim_key(c) for c in story.get("claims", ())]
            continue
        incident_id = int(line["id"])
        for ref in line.get("stories", ()):
            sid = story_id(ref["url"])
            if sid is not None:
                relevant.add(sid)
                links[sid].append((incident_id, ref["role"]))
        keys = [export_claim_key(c) for c in line.get("claims", ())]
        claim_languages: dict[tuple[str, str], set[str]] = defaultdict(set)
        for key, record in zip(keys, line.get("claims", ()), strict=True):
            for url in dict.fromkeys(record.get("sources") or [record.get("story_url")]):
                sid = story_id(url) if url else None
                if sid is not None:
                    claims[sid].append(key)
                    claim_languages[(key.claimant, key.category)].add(language[sid])
        for found in line.get("contradictions", ()):
            first, second = (keys[i] for i in found["claims"])
            pair = frozenset((first.claimant, second.claimant))
            languages = set().union(
                *(claim_languages.get((name, found["category"]), set()) for name in pair)
            )
            contradictions.append(
                ContradictionKey(
                    incident_id, found["category"], found["kind"], pair, frozenset(languages)
                )
            )
    predictions = {
        gold.id: StoryPrediction(
            relevant=gold.id in relevant,
            claims=tuple(claims.get(gold.id, ())),
            links=tuple(links.get(gold.id, ())),
        )
        for gold in stories
    }
    return CorpusPrediction(predictions, tuple(contradictions))


# ── the run ─────────────────────────────────────────────────────────────────────────────────


def publication_days(stories: Sequence[GoldStory]) -> list[date]:
    return sorted({gold.story.published.astimezone(UTC).date() for gold in stories})


def poll_times(stories: Sequence[GoldStory], schedule: str = "day") -> list[datetime]:
    """When the polls run: the last second of each publication day (``"day"``, what the
    independent evaluation does), or right after each story's publication (``"story"``: one
    poll per distinct time, so the pipeline sees the stories in published order, as the
    in-memory evaluation does; a diagnostic for the effect of the order inside a day)."""
    if schedule == "day":
        return [datetime.combine(day, DAY_END, UTC) for day in publication_days(stories)]
    if schedule == "story":
        return sorted({gold.story.published.astimezone(UTC) for gold in stories})
    raise ValueError(f"unknown schedule {schedule!r}: 'day' or 'story'")


def outlets(stories: Sequence[GoldStory]) -> dict[str, list[GoldStory]]:
    """Corpus feed URL → its stories; feeds in URL order (the feeds file's order)."""
    by_feed: dict[str, list[GoldStory]] = defaultdict(list)
    for gold in stories:
        by_feed[gold.story.feed_url].append(gold)
    return {url: by_feed[url] for url in sorted(by_feed)}


def replay_settings(database_url: str, feeds_file: Path) -> Settings:
    """The run's settings, all set here (no .env, nothing read from the environment)."""
    from bot.settings import Settings

    return Settings.model_construct(
        database_url=database_url,
        feeds_file=feeds_file,
        telegram_bot_token=None,
        telegram_chat_id=None,
        telegram_thread_id=None,
        watch_keywords=[],
        fetch_articles=False,  # MALIWATCH_FETCH_ARTICLES=false: the links lead to real sites
        allow_private_feeds=True,  # MALIWATCH_ALLOW_PRIVATE_FEEDS=1: the feeds are on loopback
        fetch_concurrency=1,  # one feed at a time: the same story order on every run
    )


def replay_corpus(
    stories: Sequence[GoldStory], *, workdir: Path | None = None, schedule: str = "day"
) -> ReplayRun:
    """Serve ``stories`` as feeds, poll once per publication day (see :func:`poll_times` for
    ``schedule``), export and read it back.

    The database lives in ``workdir`` (kept, for inspection) or in a temporary directory."""
    times = poll_times(stories, schedule)
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
        return asyncio.run(_replay(stories, workdir, times))
    with tempfile.TemporaryDirectory(prefix="maliwatch-replay-", dir=_memory_dir()) as tmp:
        return asyncio.run(_replay(stories, Path(tmp), times))


def _memory_dir() -> str | None:
    """A RAM-backed directory when the machine has one: the pipeline commits often, and an
    fsync on a disk costs milliseconds each (the run is the same, only faster)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


async def _replay(
    stories: Sequence[GoldStory], workdir: Path, times: Sequence[datetime]
) -> ReplayRun:
    from feeds.clock import FixedClock
    from feeds.ingest.fetch import make_http_client
    from feeds.pipeline.run import poll_once
    from storage.db import init_db

    database = workdir / "replay.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    feeds = outlets(stories)
    totals: Counter[str] = Counter()
    with ReplayFeedServer() as server:
        paths = {url: f"/feeds/{number}.xml" for number, url in enumerate(feeds, start=1)}
        feeds_file = workdir / "feeds.txt"
        feeds_file.write_text(
            "".join(f"{server.url(paths[url])}   # {url}\n" for url in feeds), encoding="utf-8"
        )
        settings = replay_settings(f"sqlite:///{database}", feeds_file)
        engine = init_db(settings.sqlalchemy_url)
        try:
            async with make_http_client(
                timeout=settings.fetch_timeout, allow_private=settings.allow_private_feeds
            ) as client:
                for now in times:
                    for url, items in feeds.items():
                        published = [g for g in items if g.story.published <= now]
                        server.publish(
                            paths[url],
                            rss_document(url, published, language=feed_language(items)),
                        )
                    clock = FixedClock(now)
                    summary = await poll_once(
                        engine=engine,
                        settings=settings,
                        client=client,
                        clock=clock,
                        every_feed=True,
                    )
                    totals += _poll_counts(summary)
            lines = export_lines(engine)
            run = _read_back(engine, stories, lines, polls=len(times), totals=totals)
        finally:
            engine.dispose()
    return run


def _poll_counts(summary: PollSummary) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in ("stories_new", "stories_relevant", "wire_copies", "stories_failed"):
        counts[name] += summary.total(name)
    for report in summary.feeds:
        counts[f"feeds_{report.status.value}"] += 1
    return counts


def export_lines(engine: Engine) -> tuple[dict[str, Any], ...]:
    """``maliwatch export --format jsonl``, parsed back line by line."""
    from storage.db import session_scope
    from storage.io.export import export_incidents

    out = io.StringIO()
    with session_scope(engine) as session:
        export_incidents(session=session, fmt="jsonl", out=out)
    return tuple(json.loads(line) for line in out.getvalue().splitlines() if line.strip())


def _read_back(
    engine: Engine,
    stories: Sequence[GoldStory],
    lines: Sequence[dict[str, Any]],
    *,
    polls: int,
    totals: Mapping[str, int],
) -> ReplayRun:
    """The prediction, and each corpus story's fate as the story table tells it."""
    from sqlmodel import col, select

    from storage.db import session_scope
    from storage.models import ClaimRow, StoryIncidentRow, StoryRow

    by_guid = {gold.id: gold for gold in stories}
    unexported: dict[str, list[ClaimKey]] = defaultdict(list)
    with session_scope(engine) as session:
        rows = list(session.exec(select(StoryRow)))
        linked = select(StoryIncidentRow.story_id).where(
            col(StoryIncidentRow.story_id) == col(StoryRow.id)
        )
        loose_claims = session.exec(
            select(ClaimRow, col(StoryRow.guid))
            .join(StoryRow, col(StoryRow.id) == col(ClaimRow.story_id))
            .where(col(ClaimRow.incident_id).is_(None), linked.exists())
            .order_by(col(ClaimRow.id))
        )
        for claim, guid in loose_claims:
            unexported[guid].append(_row_claim_key(claim))
    guid_of_row = {row.id: row.guid for row in rows}
    stored_as = {row.url: row.guid for row in rows}
    fates: dict[str, str] = dict.fromkeys(by_guid, NOT_STORED)
    copies: dict[str, str | None] = {}
    text_changed: set[str] = set()
    language_changed: set[str] = set()
    for row in rows:
        gold = by_guid.get(row.guid)
        if gold is None:
            continue
        if row.syndicated_copy_of is not None:
            fates[gold.id] = WIRE_COPY
            copies[gold.id] = guid_of_row.get(row.syndicated_copy_of)
        else:
            fates[gold.id] = STORED_RELEVANT if row.relevant else STORED_IRRELEVANT
        if row.text != gold.story.text.strip():
            text_changed.add(gold.id)
        if row.language != gold.language:
            language_changed.add(gold.id)
    return ReplayRun(
        prediction=prediction_from_export(stories, lines, stored_as=stored_as),
        export_lines=tuple(lines),
        polls=polls,
        fates=fates,
        copies_of=copies,
        text_changed=frozenset(text_changed),
        language_changed=frozenset(language_changed),
        poll_totals=dict(totals),
        unexported_claims={sid: tuple(keys) for sid, keys in unexported.items()},
    )


def _row_claim_key(row: Any) -> ClaimKey:
    """A stored claim row as the scorer compares it (a denial is stored as 0/0)."""
    from storage.queries._convert import claim_from_row

    claim = claim_from_row(row)
    low, high = (0, 0) if claim.count.is_denial else (claim.count.low, claim.count.high)
    return ClaimKey(
        normalize_claimant(claim.claimant), claim.category.value, low, high, claim.victims.value
    )


@contextmanager
def quiet_pipeline_logs(level: int = logging.WARNING) -> Iterator[None]:
    """The pipeline logs every stored story at INFO: keep a replay's output to the table."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(level, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        for logger, old in zip(loggers, before, strict=True):
            logger.setLevel(old)


# ── scoring and the command line ────────────────────────────────────────────────────────────


def score_replay(
    stories: Sequence[GoldStory], path: Path | str = ""
) -> tuple[EvalReport, ReplayRun]:
    from tools.evaluation.metrics import score

    with quiet_pipeline_logs():
        run = replay_corpus(stories)
    return score(stories, run.prediction, str(path)), run


def run_replay(path: Path | str) -> EvalReport:
    """Load the corpus at ``path``, replay it through the pipeline and score the export."""
    from tools.evaluation.corpus import load_corpus

    return score_replay(load_corpus(path), path)[0]


def format_summary(run: ReplayRun) -> str:
    """What the pipeline did over the whole corpus: counts only, never a story's id."""
    fates = Counter(run.fates.values())
    totals = run.poll_totals
    incidents = sum(1 for line in run.export_lines if line.get("incident", line) is not None)
    loose = len(run.export_lines) - incidents
    lines = [
        "",
        f"replay: {len(run.fates)} stories, {run.polls} polls, "
        f"{incidents} incidents and {loose} loose stories exported",
        f"  {STORED_RELEVANT}: {fates[STORED_RELEVANT]}",
        f"  {STORED_IRRELEVANT}: {fates[STORED_IRRELEVANT]}",
        f"  {WIRE_COPY}: {fates[WIRE_COPY]}",
        f"  {NOT_STORED} (duplicate URL or guid, or failed): {fates[NOT_STORED]}",
        f"  claims stored but in no export line (no incident, story linked elsewhere): "
        f"{sum(len(keys) for keys in run.unexported_claims.values())}",
        f"  text changed by the feed round trip: {len(run.text_changed)}",
        f"  language read differently from the corpus: {len(run.language_changed)}",
        f"  story failures: {totals.get('stories_failed', 0)}, feed fetches: "
        f"{totals.get('feeds_ok', 0)} ok, {totals.get('feeds_not_modified', 0)} not modified, "
        f"{totals.get('feeds_failed', 0)} failed",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tools.evaluation.replay PATH [--verbose-summary]``."""
    from tools.evaluation.corpus import load_corpus
    from tools.evaluation.report import format_report

    parser = argparse.ArgumentParser(prog="python -m tools.evaluation.replay")
    parser.add_argument("path", type=Path)
    parser.add_argument(
        "--verbose-summary",
        action="store_true",
        help="add the pipeline's counts over the corpus (aggregate only, no story listed)",
    )
    args = parser.parse_args(argv)
    stories = load_corpus(args.path)
    report, run = score_replay(stories, args.path)
    print(format_report(report))
    if args.verbose_summary:
        print(format_summary(run))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
