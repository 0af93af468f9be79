"""What the story's path reports: a story's result, a feed's counts, a cycle's summary.

Plain values, apart from :meth:`PollSummary.as_row` (the poll_run row the cycle stores); kept
apart from ``feeds/pipeline/run.py`` so that the path reads top to bottom. Import them from
``feeds.pipeline.run``, which re-exports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from feeds.model.outcome import SavedOutcome
from storage.models import PollRunRow


@dataclass(frozen=True, slots=True)
class Skip:
    """An expected reason not to go on with a story (logged quietly, counted)."""

    reason: str  # "duplicate" | "irrelevant"
    story_id: int | None = None


@dataclass(frozen=True, slots=True)
class StoryResult:
    """A relevant story stored with its incidents and queued alerts."""

    saved: SavedOutcome
    wire_copy: bool = False
    alertable: bool = True


class FeedStatus(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


@dataclass(slots=True)
class FeedReport:
    """What one feed gave in one cycle (the CLI summary shows one line per failed feed)."""

    url: str
    title: str = ""
    status: FeedStatus = FeedStatus.OK
    error: str | None = None
    stories_new: int = 0
    stories_relevant: int = 0
    wire_copies: int = 0
    stories_failed: int = 0
    incidents_new: int = 0
    alerts_queued: int = 0

    def count(self, result: StoryResult | Skip) -> None:
        if isinstance(result, Skip):
            self.stories_new += result.reason != "duplicate"
            return
        self.stories_new += 1
        self.stories_relevant += 1
        self.wire_copies += result.wire_copy
        self.incidents_new += len(result.saved.new_incident_ids)
        self.alerts_queued += len(result.saved.alert_ids)


Progress = Callable[[FeedReport, int, int], None]  # (report, done, total)


@dataclass(slots=True)
class PollSummary:
    started_at: datetime
    finished_at: datetime | None = None
    feeds: list[FeedReport] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(report, name) for report in self.feeds)

    def feeds_with(self, status: FeedStatus) -> list[FeedReport]:
        return [report for report in self.feeds if report.status is status]

    def as_row(self) -> PollRunRow:
        return PollRunRow(
            started_at=self.started_at,
            finished_at=self.finished_at,
            feeds_ok=len(self.feeds_with(FeedStatus.OK)),
            feeds_failed=len(self.feeds_with(FeedStatus.FAILED)),
            feeds_not_modified=len(self.feeds_with(FeedStatus.NOT_MODIFIED)),
            stories_new=self.total("stories_new"),
            stories_relevant=self.total("stories_relevant"),
            incidents_new=self.total("incidents_new"),
            alerts_queued=self.total("alerts_queued"),
        )
