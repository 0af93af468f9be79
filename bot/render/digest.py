"""PURE: the daily digest (and /summary) and /status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.render.cards import render_incident_list
from bot.render.claims import CATEGORY_ORDER, IncidentView, contradiction_line, format_range
from bot.render.html import domain, esc, shorten
from feeds.model import Category


@dataclass(frozen=True, slots=True)
class FeedHealth:
    total: int
    failing: tuple[tuple[str, str], ...] = ()  # (url, last error)


@dataclass(frozen=True, slots=True)
class StatusSummary:
    last_poll_started: datetime | None
    last_poll_finished: datetime | None
    feeds: FeedHealth
    queue_depth: int
    incidents_today: int  # first seen since midnight UTC
    stories_today: int = 0
    relevant_today: int = 0
    failed_alerts: int = 0  # given up on in the last 24 hours


def sum_tallies(views: Iterable[IncidentView]) -> dict[Category, tuple[int, int | None, int]]:
    """Per category, the sum of lows, of highs (None when any is open) and of conservatives."""
    totals: dict[Category, tuple[int, int | None, int]] = {}
    for view in views:
        for tally in view.tallies:
            low, high, conservative = totals.get(tally.category, (0, 0, 0))
            new_high = None if high is None or tally.high is None else high + tally.high
            totals[tally.category] = (
                low + (tally.low or 0),
                new_high,
                conservative + (tally.conservative or 0),
            )
    return totals


def feed_health_line(health: FeedHealth) -> str:
    ok = health.total - len(health.failing)
    line = f"📡 Feeds: {ok}/{health.total} healthy"
    if health.failing:
        line += " · failing: " + ", ".join(esc(domain(url)) for url, _ in health.failing)
    return line


def render_digest(
    views: Sequence[IncidentView],
    *,
    day: date,
    feeds: FeedHealth,
    title: str = "Digest",
    other_stories: int = 0,
) -> str:
    """The daily digest: the day's incidents, totals as ranges, open disputes, feed health.

    ``other_stories`` counts relevant Mali stories that joined no incident: plain news gets no
    alert of its own (too noisy for a conflict channel), only this line.
    """
    lines = [f"🗞 <b>{esc(title)}</b> · {day:%d %b %Y}", ""]
    lines.append(render_incident_list(views, title="Incidents"))
    totals = sum_tallies(views)
    if totals:
        lines += ["", "<b>Totals</b> (sum of ranges · sum of most conservative)"]
        for category in CATEGORY_ORDER:
            if category in totals:
                low, high, conservative = totals[category]
                lines.append(f"• {category.value}: {format_range(low, high)} · {conservative}")
    disputes = [(v, c) for v in views for c in v.contradictions]
    if disputes:
        lines += ["", "⚠️ <b>Open disputes</b>"]
        for view, stored in disputes:
            lines.append(f"• #{view.incident.id} {contradiction_line(stored.contradiction)}")
    if other_stories:
        noun = "story" if other_stories == 1 else "stories"
        lines += ["", f"📰 {other_stories} other Mali {noun} (no incident)"]
    lines += ["", feed_health_line(feeds)]
    return "\n".join(lines)


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def render_status(status: StatusSummary) -> str:
    lines = [
        "<b>Status</b>",
        f"Last poll: {_when(status.last_poll_started)}"
        f" (finished {_when(status.last_poll_finished)})",
        f"Alert queue: {status.queue_depth}"
        + (f" · ❗ {status.failed_alerts} failed in 24 h" if status.failed_alerts else ""),
        f"Today (UTC): new incidents {status.incidents_today} · stories fetched "
        f"{status.stories_today} · relevant {status.relevant_today}",
        feed_health_line(status.feeds),
    ]
    for url, error in status.feeds.failing:
        lines.append(f"• {esc(url)}: {esc(shorten(error or 'unknown error', 200))}")
    return "\n".join(lines)
