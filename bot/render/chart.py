"""PNG chart for /compare: each claimant's range, one panel per category, and its caption.

Drawn on a bare ``matplotlib.figure.Figure`` with the Agg canvas (no pyplot global state, safe
off the event loop in a worker thread). Each category gets its own panel and its own axis, so
a handful of injured is not drawn against hundreds of dead. A closed interval is a bar from its
low to its high; an exact figure a short bar at it; an open one ("at least 18") a dot at its
low with an arrow of fixed length pointing right, so "at least 2" stays near 2 instead of
running to the edge like "at least 301"; "up to 10" is a hatched bar from 0; a denial a cross
at zero; a claim with no figure ("many") a question mark. Labels are in the reader's words.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.render.claims import CATEGORY_ORDER, NO_NUMBER, category_label, count_words
from bot.render.i18n import translator
from feeds.model import Category, Claim

CATEGORY_COLOURS = {
    Category.KILLED: "#b2182b",
    Category.INJURED: "#ef8a62",
    Category.ABDUCTED: "#2166ac",
    Category.MISSING: "#67a9cf",
}
ARROW_SHARE = 0.12  # an open interval's arrow: this share of its panel's width


def _axis_end(claims: Sequence[Claim]) -> float:
    values = [v for c in claims for v in (c.count.low, c.count.high) if v is not None]
    return max([*values, 1]) * 1.3


def _categories(claims: Sequence[Claim]) -> list[Category]:
    return [c for c in CATEGORY_ORDER if any(claim.category is c for claim in claims)]


def render_claim_ranges(claims: Sequence[Claim], *, title: str, lang: str = "en") -> bytes:
    """A PNG of the claims' intervals (callers pass whole-incident claims, no scoped ones)."""
    figure = claim_figure(claims, title=title, lang=lang)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def claim_figure(claims: Sequence[Claim], *, title: str, lang: str = "en") -> Figure:
    """The chart as a matplotlib figure: one panel (axes) per category."""
    t = translator(lang)
    categories = _categories(claims) or [Category.KILLED]
    rows = [[c for c in claims if c.category is category] for category in categories]
    height = sum(0.55 * max(len(panel), 1) + 0.9 for panel in rows) + 0.6
    figure = Figure(figsize=(7, max(height, 2.4)), dpi=100)
    FigureCanvasAgg(figure)
    ratios = [max(len(panel), 1) + 1 for panel in rows]
    panels = figure.subplots(len(categories), 1, squeeze=False, height_ratios=ratios)
    for axes, category, panel in zip(panels[:, 0], categories, rows, strict=True):
        _draw_panel(axes, category, panel, lang)
    figure.suptitle(title)
    figure.supxlabel(t("chart.axis"))
    figure.tight_layout()
    return figure


def _draw_panel(axes: object, category: Category, claims: Sequence[Claim], lang: str) -> None:
    ax: Any = axes
    colour = CATEGORY_COLOURS[category]
    end = _axis_end(claims)
    arrow = end * ARROW_SHARE
    for row, claim in enumerate(claims):
        count = claim.count
        label = count_words(count, lang=lang)
        if count.is_denial:
            ax.plot([0], [row], marker="x", markersize=12, color=colour)
        elif count.qualifier in NO_NUMBER or (count.low is None and count.high is None):
            ax.plot([0], [row], marker="$?$", markersize=12, color=colour)
        elif count.high is None:  # open: a dot at the low and an arrow of fixed length
            low = count.low or 0
            ax.plot([low], [row], marker="o", markersize=7, color=colour)
            ax.annotate(
                "",
                xy=(low + arrow, row),
                xytext=(low, row),
                arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2},
            )
        elif count.low is None:  # up to: hatched from zero
            ax.barh(row, count.high, left=0, height=0.45, color="none", edgecolor=colour,
                    hatch="//")  # fmt: skip
        else:
            width = max(count.high - count.low, end * 0.01)
            ax.barh(row, width, left=count.low, height=0.45, color=colour)
        anchor = count.low or 0
        ax.annotate(label, (anchor, row), xytext=(2, 11), textcoords="offset points", fontsize=9)
    ax.set_yticks(range(len(claims)), [claim.claimant for claim in claims])
    ax.set_ylim(len(claims) - 0.4, -0.8)
    ax.set_xlim(0, end + arrow)
    ax.set_title(category_label(category, lang=lang), loc="left", fontsize=10, color=colour)
    ax.grid(axis="x", alpha=0.3)


def chart_caption(claims: Sequence[Claim], *, incident_id: int | None, lang: str = "en") -> str:
    """The photo's caption: what is drawn and how to read an arrow (plain text, short)."""
    t = translator(lang)
    shown = ", ".join(category_label(c, lang=lang) for c in _categories(claims))
    caption = t("chart.caption", id=incident_id, categories=shown)
    if any(c.count.high is None and c.count.low is not None for c in claims):
        caption += " " + t("chart.caption_open")
    return caption
