"""Mali's border and region lines (``mali_map.geojson``, from Natural Earth; built by
``tools/mali_map_data.py``), read once from the package: no network at run time."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from seeds import SEEDS_DIR

MAP_FILE = SEEDS_DIR / "mali_map.geojson"
Line = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Outline:
    border: tuple[Line, ...]
    regions: tuple[Line, ...]


@functools.cache
def mali_outline() -> Outline:
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    lines: dict[str, list[Line]] = {"border": [], "regions": []}
    for feature in data["features"]:
        kind = feature["properties"]["kind"]
        for line in feature["geometry"]["coordinates"]:
            lines.setdefault(kind, []).append(tuple((float(x), float(y)) for x, y in line))
    return Outline(border=tuple(lines["border"]), regions=tuple(lines["regions"]))


@functools.cache
def region_labels() -> tuple[tuple[str, float, float], ...]:
    """(name, lat, lon) of the regions to name on a map: the gazetteer's regions, less those of
    2023 that have no line of their own in the Natural Earth data yet."""
    import csv

    with (SEEDS_DIR / "gazetteer.csv").open(encoding="utf-8") as handle:
        rows = [
            row
            for row in csv.DictReader(handle)
            if row["kind"] == "region" and row["country"] == "Mali" and "2023" not in row["note"]
        ]
    return tuple((row["name"].removesuffix(" Region"), float(row["lat"]), float(row["lon"]))
                 for row in rows)  # fmt: skip
