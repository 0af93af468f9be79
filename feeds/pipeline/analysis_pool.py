"""The pure analysis of a feed's new stories, in worker processes, answered in feed order.

``analyse_story`` is CPU-bound Python: threads share one GIL, so the story's path reads in
other processes. :class:`AnalysisPool` wraps one ``ProcessPoolExecutor`` started with *spawn*
(safe under threads and on every platform), at most ``MALIWATCH_ANALYSIS_WORKERS`` processes;
0 or 1 reads in the calling process. It is created on first use (a feed with at least
:data:`MIN_STORIES_FOR_POOL` new stories) and kept for the life of the process, so a
long-running ``run`` pays the workers' start-up once.

:meth:`AnalysisPool.analyse_all` yields one :class:`Reading` per story **in the order given**,
while later stories are still being read, so the story transactions (in the calling thread) go
on in feed order. A story whose analysis raised yields a reading with ``error`` set and the
others go on; a pool that broke (a worker killed) is replaced and the stories it still owed are
read in-process, so one failing story or worker never stops the cycle.

Each reading also carries the story's lead simhash when the story is relevant (only relevant
stories are compared for wire copies), computed once, in the worker, next to the analysis.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from feeds.analysis.story import analyse_story
from feeds.model.fingerprint import simhash

if TYPE_CHECKING:
    from feeds.analysis.relevance import WatchList
    from feeds.model import Story, StoryAnalysis

log = logging.getLogger(__name__)

# Analysis reads at most this much of a story's text: a lead and its attributions sit near the
# top, and a hostile item of megabytes must not hold a worker (the full text is still stored).
MAX_ANALYSED_CHARS = 20_000
STORIES_PER_TASK = 8  # stories sent to a worker in one message (fewer round trips)
IN_FLIGHT_TASKS = 4  # tasks per worker submitted ahead of the one being waited for
# A feed with fewer new stories is read in-process: starting workers (each imports the analysis)
# and shipping stories costs more than it saves on a handful (a short `poll` never starts them).
MIN_STORIES_FOR_POOL = 16


def default_workers() -> int:
    """min(2, the number of CPUs): the default of MALIWATCH_ANALYSIS_WORKERS."""
    return min(2, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Reading:
    """One story's analysis, or the error that stopped it (and its traceback as text: an
    exception sent back from a worker process has lost its traceback object)."""

    story: Story
    analysis: StoryAnalysis | None
    lead_simhash: int | None = None  # relevant stories only
    error: Exception | None = None
    trace: str = ""


def analyse(story: Story, *, watch: WatchList) -> StoryAnalysis:
    """The pure reading of one story, over at most MAX_ANALYSED_CHARS of its text."""
    if len(story.text) <= MAX_ANALYSED_CHARS:
        return analyse_story(story, watch=watch)
    capped = replace(story, text=story.text[:MAX_ANALYSED_CHARS])
    return replace(analyse_story(capped, watch=watch), story=story)


def read_story(story: Story, watch: WatchList) -> Reading:
    """Analysis and (relevant stories) simhash of one story; an error becomes a value."""
    try:
        analysis = analyse(story, watch=watch)
        fingerprint = simhash(story.text) if analysis.relevant else None
    except Exception as exc:
        return Reading(story, None, error=exc, trace=traceback.format_exc())
    return Reading(story, analysis, fingerprint)


def _read_chunk(stories: Sequence[Story], watch: WatchList) -> list[Reading]:
    """Worker side (top level, so that a spawned process can import it)."""
    return [read_story(story, watch) for story in stories]


class AnalysisPool:
    """At most ``workers`` analysis processes; ``workers`` <= 1 reads in-process."""

    def __init__(self, workers: int) -> None:
        self.workers = max(0, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._guard = threading.Lock()

    @property
    def in_process(self) -> bool:
        return self.workers <= 1

    def _pool(self) -> ProcessPoolExecutor:
        with self._guard:
            if self._executor is None:
                context = multiprocessing.get_context("spawn")
                self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
            return self._executor

    def _discard(self, broken: ProcessPoolExecutor) -> None:
        with self._guard:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._guard:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def analyse_all(self, stories: Sequence[Story], *, watch: WatchList) -> Iterator[Reading]:
        """One reading per story, in the order of ``stories``."""
        if self.in_process or len(stories) < MIN_STORIES_FOR_POOL:
            for story in stories:
                yield read_story(story, watch)
            return
        chunks = [
            list(stories[start : start + STORIES_PER_TASK])
            for start in range(0, len(stories), STORIES_PER_TASK)
        ]
        try:
            executor = self._pool()
        except (OSError, RuntimeError):  # cannot start processes here: read in-process
            log.exception("analysis pool unavailable; reading in-process")
            yield from (read_story(story, watch) for story in stories)
            return
        ahead = max(1, self.workers * IN_FLIGHT_TASKS)
        pending: list[Future[list[Reading]]] = []
        submitted = 0
        for index, chunk in enumerate(chunks):
            while submitted < len(chunks) and submitted < index + ahead:
                try:
                    pending.append(executor.submit(_read_chunk, chunks[submitted], watch))
                except (BrokenProcessPool, RuntimeError):
                    break
                submitted += 1
            readings = self._wait(pending, index, chunk, executor, watch)
            for story, reading in zip(chunk, readings, strict=True):
                yield replace(reading, story=story)

    def _wait(
        self,
        pending: list[Future[list[Reading]]],
        index: int,
        chunk: list[Story],
        executor: ProcessPoolExecutor,
        watch: WatchList,
    ) -> list[Reading]:
        if index >= len(pending):  # could not submit: the pool is gone
            return [read_story(story, watch) for story in chunk]
        try:
            return pending[index].result()
        except BrokenProcessPool:
            log.error("an analysis worker died; reading its stories in-process")
            self._discard(executor)
            return [read_story(story, watch) for story in chunk]
        except Exception:  # e.g. a story that cannot be pickled: read it here
            log.exception("analysis task failed; reading its stories in-process")
            return [read_story(story, watch) for story in chunk]


_POOLS: dict[int, AnalysisPool] = {}
_POOLS_GUARD = threading.Lock()


def analysis_pool(workers: int) -> AnalysisPool:
    """The process's pool for this many workers (created once, reused by every cycle)."""
    with _POOLS_GUARD:
        pool = _POOLS.get(workers)
        if pool is None:
            pool = _POOLS[workers] = AnalysisPool(workers)
        return pool


def shutdown_pools() -> None:
    """Stop every worker process (at exit, or in tests)."""
    with _POOLS_GUARD:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.shutdown()
