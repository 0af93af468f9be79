"""The /map image: a PNG over Mali's shipped outline, dots sized by toll, disputes ringed."""

from __future__ import annotations

import json

from bot.render.map import MapPoint, dot_area, render_incident_map
from seeds.maps import MAP_FILE, mali_outline, region_labels
from tests.helpers.telegram import png_size

LERNEB = MapPoint(1, 16.6, -4.9, 18, disputed=True)
GAO = MapPoint(2, 16.27, -0.04, 5)


def draw(points: list[MapPoint]) -> bytes:
    outline = mali_outline()
    return render_incident_map(
        points, title="t", border=outline.border, regions=outline.regions, labels=region_labels()
    )


def test_the_shipped_outline_is_mali_border_and_regions() -> None:
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert [f["geometry"]["type"] for f in data["features"]] == ["MultiLineString"] * 2
    outline = mali_outline()
    points = [point for line in outline.border for point in line]
    lons, lats = [x for x, _ in points], [y for _, y in points]
    assert -12.5 < min(lons) < -11.5 and 4 < max(lons) < 4.8  # Mali's west and east ends
    assert 9.7 < min(lats) < 10.5 and 24.5 < max(lats) < 25.5  # its south and north ends
    assert outline.regions
    assert {"Timbuktu", "Gao", "Kidal", "Ménaka"} <= {name for name, _, _ in region_labels()}


def test_the_map_is_a_png_that_changes_with_the_incidents() -> None:
    both, one = draw([LERNEB, GAO]), draw([GAO])
    assert both.startswith(b"\x89PNG\r\n\x1a\n") and png_size(both) == (700, 700)
    assert both != one
    undisputed = draw([MapPoint(1, 16.6, -4.9, 18), GAO])
    assert undisputed != both  # the ring of a dispute is drawn
    assert draw([]).startswith(b"\x89PNG")


def test_dots_grow_with_the_toll_within_bounds() -> None:
    assert dot_area(None) == dot_area(0) < dot_area(5) < dot_area(50)
    assert dot_area(10_000) == dot_area(100_000)
