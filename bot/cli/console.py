"""What the command line prints: the progress bar of a poll and the summary of a cycle."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from bot.runner import CycleResult
from feeds.pipeline.reports import FeedReport, FeedStatus, Progress


@contextmanager
def poll_progress() -> Iterator[Progress]:
    """A rich progress bar on stderr, advanced once per feed."""
    bar = RichProgress(
        TextColumn("polling feeds"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=None)

        def advance(report: FeedReport, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=report.url)

        yield advance


def print_cycle_summary(
    console: Console, result: CycleResult, *, title: str = "maliwatch poll"
) -> None:
    """One screen: feeds ok / not modified / failed (with reasons), stories, incidents, alerts."""
    poll = result.poll
    table = Table(title=title, show_header=False, box=None, title_justify="left")
    table.add_row("feeds ok", str(len(poll.feeds_with(FeedStatus.OK))))
    table.add_row("feeds not modified", str(len(poll.feeds_with(FeedStatus.NOT_MODIFIED))))
    table.add_row("feeds failed", str(len(poll.feeds_with(FeedStatus.FAILED))))
    table.add_row("stories new", str(poll.total("stories_new")))
    table.add_row("stories relevant", str(poll.total("stories_relevant")))
    table.add_row("wire copies linked", str(poll.total("wire_copies")))
    table.add_row("incidents new", str(poll.total("incidents_new")))
    table.add_row("alerts queued", str(poll.total("alerts_queued")))
    table.add_row("alerts sent", str(result.alerts_sent))
    if result.alerts_failed:
        table.add_row("alerts failed", str(result.alerts_failed))
    console.print(table)
    for report in poll.feeds_with(FeedStatus.FAILED):
        console.print(f"  failed: {report.url} — {report.error}", markup=False)
    if poll.total("stories_failed"):
        console.print(f"  stories that raised an error: {poll.total('stories_failed')} (see log)")
