"""Distances between :class:`Place` values (great circle), shared by matching and storage."""

from __future__ import annotations

import math

from feeds.model import Place

EARTH_RADIUS_KM = 6371.0088


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle (haversine) distance; ``None`` when either place has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    d_phi, d_lambda = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
