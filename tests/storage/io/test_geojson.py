"""The GeoJSON export opens in a GIS tool: an RFC 7946 FeatureCollection of Point features
with typed properties, merged incidents left out."""

from __future__ import annotations

import io
import json
import math

from sqlalchemy.engine import Engine
from sqlmodel import Session

from feeds.pipeline.corrections import merge
from storage.io.export import write_geojson
from tests.helpers.outbox import NOW, count_dispute, save_story

PROPERTY_TYPES = {
    "id": int,
    "event_date": str,
    "date_precision": str,
    "event_type": str,
    "summary": str,
    "fatalities": int,
    "claims": int,
    "contradictions": int,
    "disputed": bool,
    "story_count": int,
    "corrections": int,
    "stories": list,
}
NULLABLE = {"location": str, "admin1": str, "acled_id": str, "killed_low": int, "killed_high": int,
            "first_seen": str, "last_updated": str}  # fmt: skip


def geojson(engine: Engine) -> dict:
    out = io.StringIO()
    with Session(engine) as session:
        write_geojson(session=session, out=out)
    return json.loads(out.getvalue())


def test_the_geojson_is_a_feature_collection_of_typed_points(engine: Engine) -> None:
    disputed = save_story(engine, number=1, chat_id="console", contradictions=(count_dispute(),))
    save_story(engine, number=2, chat_id="console")
    collection = geojson(engine)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    features = collection["features"]
    assert len(features) == 2
    for feature in features:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature" and isinstance(feature["id"], int)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and math.isfinite(lon + lat)
        properties = feature["properties"]
        for name, kind in PROPERTY_TYPES.items():
            assert type(properties[name]) is kind, (name, properties[name])
        for name, kind in NULLABLE.items():
            assert properties[name] is None or type(properties[name]) is kind, name
        assert all(isinstance(url, str) for url in properties["stories"])
    by_id = {feature["id"]: feature["properties"] for feature in features}
    assert by_id[disputed.incident_ids[0]]["disputed"] is True
    assert by_id[disputed.incident_ids[0]]["killed_low"] == 11


def test_an_incident_merged_away_is_not_on_the_map(engine: Engine) -> None:
    keep = save_story(engine, number=1, chat_id="console").incident_ids[0]
    close = save_story(engine, number=2, chat_id="console").incident_ids[0]
    with Session(engine) as session:
        merge(session=session, keep_id=keep, close_id=close, by="1001", now=NOW)
        session.commit()
    collection = geojson(engine)
    assert [feature["id"] for feature in collection["features"]] == [keep]
    [feature] = collection["features"]
    assert feature["properties"]["corrections"] == 1
    assert feature["properties"]["story_count"] == 2
