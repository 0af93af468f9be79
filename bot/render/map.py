"""PNG map for /map: the incidents of a period on Mali's border and region lines.

Each incident with a point is a dot whose area grows with its toll (the most conservative killed
count; incidents with no figure get the smallest dot); a disputed incident is ringed in red and
listed as such in the legend. Drawn on a bare ``Figure`` with the Agg canvas like the /compare
chart (no pyplot state; safe in a worker thread). Pure: lines and points in, PNG bytes out.
The legend, the empty-map note and the region names are in the reader's language (``lang``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bot.render.i18n import place_name, translator

Line = Sequence[tuple[float, float]]
# Mali and a margin, in degrees (lon_min, lon_max, lat_min, lat_max)
EXTENT = (-12.8, 4.8, 9.6, 25.4)
MIN_AREA, AREA_PER_DEATH, MAX_AREA = 30.0, 9.0, 1600.0


@dataclass(frozen=True, slots=True)
class MapPoint:
    incident_id: int
    lat: float
    lon: float
    toll: int | None  # most conservative killed count, None when no figure
    disputed: bool = False


def dot_area(toll: int | None) -> float:
    """Marker area in points²: grows with the toll, bounded both ways."""
    if not toll:
        return MIN_AREA
    return min(MIN_AREA + AREA_PER_DEATH * toll, MAX_AREA)


def render_incident_map(
    points: Sequence[MapPoint],
    *,
    title: str,
    border: Sequence[Line],
    regions: Sequence[Line] = (),
    labels: Sequence[tuple[str, float, float]] = (),
    lang: str = "en",
) -> bytes:
    """A PNG of ``points`` over the border and region lines; ``labels`` name places."""
    t = translator(lang)
    figure = Figure(figsize=(7, 7), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for line in regions:
        xs, ys = zip(*line, strict=True)
        axes.plot(xs, ys, color="#9e9e9e", linewidth=0.7, zorder=1)
    for line in border:
        xs, ys = zip(*line, strict=True)
        axes.plot(xs, ys, color="#212121", linewidth=1.3, zorder=2)
    for name, lat, lon in labels:
        axes.annotate(
            place_name(name, lang), (lon, lat), fontsize=7, color="#616161",
            ha="center", zorder=3,
        )  # fmt: skip
    located = [p for p in points if math.isfinite(p.lat) and math.isfinite(p.lon)]
    if located:
        axes.scatter(
            [p.lon for p in located],
            [p.lat for p in located],
            s=[dot_area(p.toll) for p in located],
            c="#b2182b",
            alpha=0.55,
            edgecolors=["#d50000" if p.disputed else "white" for p in located],
            linewidths=[2.2 if p.disputed else 0.6 for p in located],
            zorder=4,
        )
        for point in located:
            axes.annotate(
                f"#{point.incident_id}", (point.lon, point.lat), xytext=(5, 5),
                textcoords="offset points", fontsize=7, zorder=5,
            )  # fmt: skip
    else:
        axes.text(0.5, 0.5, t("map.no_incident"), transform=axes.transAxes, ha="center")
    axes.legend(handles=_legend(located, lang), loc="lower left", fontsize=8, framealpha=0.8)
    axes.set_xlim(EXTENT[0], EXTENT[1])
    axes.set_ylim(EXTENT[2], EXTENT[3])
    axes.set_aspect(1 / math.cos(math.radians(17.5)))  # degrees of longitude shrink at 17.5° N
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_title(title)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _legend(points: Sequence[MapPoint], lang: str = "en") -> list[Line2D]:
    t = translator(lang)
    handles = []
    for toll in (1, 10, 50):
        size = math.sqrt(dot_area(toll))
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=size,
                color="#b2182b",
                alpha=0.55,
                label=t("map.legend_toll", toll=toll),
            )
        )
    if any(point.disputed for point in points):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=8,
                markerfacecolor="none",
                markeredgecolor="#d50000",
                markeredgewidth=2.2,
                label=t("map.legend_disputed"),
            )
        )
    return handles
