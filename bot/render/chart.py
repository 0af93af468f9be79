"""PNG chart for /compare: each claimant's range, one row per claimant and category.

Drawn on a bare ``matplotlib.figure.Figure`` with the Agg canvas (no pyplot global state, safe
off the event loop in a worker thread). An open upper bound ("at least 18") is drawn as a bar
running to the right edge; each bar is labelled with its range ("18+"); a denial is a cross
at zero.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.render.claims import format_range
from feeds.model import Category, Claim

CATEGORY_COLOURS = {
    Category.KILLED: "#b2182b",
    Category.INJURED: "#ef8a62",
    Category.ABDUCTED: "#2166ac",
    Category.MISSING: "#67a9cf",
}


def _axis_end(claims: Sequence[Claim]) -> float:
    values = [v for c in claims for v in (c.count.low, c.count.high) if v is not None]
    return max([*values, 1]) * 1.25


def render_claim_ranges(claims: Sequence[Claim], *, title: str) -> bytes:
    """A PNG of the claims' intervals (callers pass whole-incident claims, no scoped ones)."""
    figure = Figure(figsize=(7, 0.6 * max(len(claims), 2) + 1.2), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    end = _axis_end(claims)
    labels: list[str] = []
    for row, claim in enumerate(claims):
        labels.append(f"{claim.claimant} · {claim.category.value}")
        colour = CATEGORY_COLOURS[claim.category]
        if claim.count.is_denial:
            axes.plot([0], [row], marker="x", markersize=12, color=colour)
            axes.annotate("denies", (0, row), xytext=(8, -4), textcoords="offset points")
            continue
        low = claim.count.low or 0
        high = end if claim.count.high is None else claim.count.high
        axes.barh(row, max(high - low, end * 0.01), left=low, height=0.45, color=colour)
        label = format_range(claim.count.low, claim.count.high)
        axes.annotate(label, (low, row), xytext=(2, 13), textcoords="offset points", fontsize=9)
    axes.set_yticks(range(len(claims)), labels)
    axes.invert_yaxis()
    axes.set_xlim(0, end)
    axes.set_xlabel("people (claimed range)")
    axes.set_title(title)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
