"""ACLED files from the wild (dates as Excel writes them, broken numbers, huge cells) and what
the exports write for values other programs would choke on (issue 9)."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.db import session_scope
from storage.io.acled import import_acled_file, parse_acled_date
from storage.io.export import csv_safe, write_acled_csv, write_geojson, write_jsonl
from storage.models import IncidentRow

HEADER = (
    "event_id_cnty,event_date,event_type,country,admin1,location,latitude,longitude,"
    "fatalities,notes"
)
GOOD = "MLI1,2026-11-02,Battles,Mali,Gao,Tessit,15.2,0.9,5,Clash near Tessit."


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text", ["2020-05-09", "9-May-20", "09-May-20", "09 May 2020", "9 May 2020", "9 May 20"]
)
def test_every_acled_date_spelling(text: str) -> None:
    assert parse_acled_date(text) == date(2020, 5, 9)


def test_an_acled_file_with_excel_dates_imports(engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "MLI2,9-May-20,Battles,Mali,Gao,Gao,16.27,-0.04,3,",
        "MLI3,09 May 2020,Battles,Mali,Gao,Gao,16.27,-0.04,3,",
    )
    with session_scope(engine) as session:
        report = import_acled_file(session=session, path=path)
    assert (report.stored, report.bad_rows) == (2, 0)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("15.2,0.9,1e309", "fatalities out of range"),
        ("15.2,0.9,1e20", "fatalities out of range"),
        ("15.2,0.9,-3", "fatalities out of range"),
        ("15.2,0.9,2.5", "fatalities out of range"),
        ("15.2,0.9,nan", "fatalities out of range"),
        ("15.2,0.9,many", "fatalities not a number"),
        ("inf,0.9,1", "latitude out of range"),
        ("999,0.9,1", "latitude out of range"),
        ("15.2,-181,1", "longitude out of range"),
        ("15.2,nan,1", "longitude out of range"),
        ("-inf,0.9,1", "latitude out of range"),
    ],
)
def test_a_row_with_an_impossible_number_is_skipped_with_its_reason(
    engine: Engine, tmp_path: Path, cells: str, reason: str
) -> None:
    path = write(tmp_path, GOOD, f"MLI9,2026-11-03,Battles,Mali,Gao,Gao,{cells},")
    with session_scope(engine) as session:
        report = import_acled_file(session=session, path=path)
    assert (report.stored, report.bad_rows, dict(report.reasons)) == (1, 1, {reason: 1})
    with Session(engine) as session:
        assert [row.acled_id for row in session.exec(select(IncidentRow))] == ["MLI1"]


def test_a_cell_over_the_csv_field_limit_skips_its_row_only(engine: Engine, tmp_path: Path) -> None:
    huge = "x" * (csv.field_size_limit() + 10)  # the 150 MB cell takes the same path
    limit = csv.field_size_limit()
    path = write(tmp_path, f'MLI8,2026-11-03,Battles,Mali,Gao,Gao,1,1,1,"{huge}"', GOOD)
    with session_scope(engine) as session:
        report = import_acled_file(session=session, path=path)
    assert (report.stored, report.bad_rows) == (1, 1)
    assert report.reasons == {"field too large or malformed": 1}
    assert csv.field_size_limit() == limit  # the process-wide limit is left alone


def incident(**changes: object) -> IncidentRow:
    values: dict[str, object] = {
        "acled_id": "MLI77",
        "event_type": "attack",
        "summary": "Attack",
        "location": "Gao",
        "lat": 16.27,
        "lon": -0.04,
        "place_precision": "locality",
        "event_date": date(2026, 11, 2),
        "date_precision": "day",
        "first_seen": datetime(2026, 11, 2),
        "last_updated": datetime(2026, 11, 2),
    }
    return IncidentRow(**{**values, **changes})


def test_stored_infinite_coordinates_never_reach_the_exports(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(incident(lat=math.inf, lon=-0.04))
    strict = {"parse_constant": lambda name: pytest.fail(f"{name} in the JSON")}
    with Session(engine) as session:
        out = io.StringIO()
        write_jsonl(session=session, out=out)
        [record] = [json.loads(line, **strict) for line in out.getvalue().splitlines()]
        assert (record["lat"], record["lon"]) == (None, -0.04)
        geo = io.StringIO()
        write_geojson(session=session, out=geo)
        assert json.loads(geo.getvalue(), **strict)["features"] == []
        table = io.StringIO()
        write_acled_csv(session=session, out=table)
        [row] = list(csv.DictReader(io.StringIO(table.getvalue(), newline="")))
        assert (row["latitude"], row["longitude"]) == ("", "-0.04")


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
             "\t=1", "\r=1"],
)  # fmt: skip
def test_a_csv_cell_that_would_be_a_formula_is_neutralised(engine: Engine, text: str) -> None:
    with session_scope(engine) as session:
        session.add(incident(summary=text, location=text))
    with Session(engine) as session:
        table = io.StringIO()
        write_acled_csv(session=session, out=table)
    [row] = list(csv.DictReader(io.StringIO(table.getvalue(), newline="")))
    assert row["notes"] == row["location"] == "'" + text.replace("\r", "\n")
    assert row["longitude"] == "-0.04"  # a number keeps its sign


def test_csv_safe_leaves_plain_text_and_numbers() -> None:
    assert csv_safe("Gao") == "Gao"
    assert csv_safe(-4.9) == -4.9
    assert csv_safe("") == ""
