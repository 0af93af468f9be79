"""ACLED CSV import: types mapped back, idempotent re-import, other countries and bad rows."""

from __future__ import annotations

import csv
import io
import logging
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from feeds.model import EventType
from storage.db import session_scope
from storage.io import acled
from storage.io.acled import (
    AcledFileError,
    event_type_from_acled,
    import_acled_file,
    parse_acled_date,
)
from storage.io.export import write_acled_csv
from storage.models import IncidentRow

HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,"
    "country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities"
)
ROWS = [
    "MLI1001,12 November 2026,2026,1,Explosions/Remote violence,Air/drone strike,"
    "Military Forces of Mali (2021-),Civilians (Mali),Mali,Timbuktu,Goundam,Lerneb,16.3,-4.9,"
    '2,RFI,"On 12 November 2026, a drone strike hit a market near Lerneb. 18 killed.",18',
    "MLI1002,2026-11-10,2026,2,Violence against civilians,Abduction/forced disappearance,"
    "JNIM,Civilians (Mali),Mali,Mopti,Bandiagara,Bandiagara,14.35,-3.61,1,Local source,,0",
    "BFA2001,11 November 2026,2026,1,Battles,Armed clash,JNIM,Military Forces of Burkina Faso,"
    "Burkina Faso,Sahel,Soum,Djibo,14.1,-1.6,1,AIB,,5",
    "MLI1003,not a date,2026,1,Battles,Armed clash,,,Mali,Gao,,Gao,16.27,-0.04,1,,,3",
    "MLI1004,13 November 2026,2026,1,Battles,Armed clash,,,Mali,Gao,,Gao,16.27,-0.04,1,,,many",
]


def _write(tmp_path: Path, rows: list[str], name: str = "acled.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _incidents(engine: Engine) -> dict[str, IncidentRow]:
    with Session(engine) as session:
        return {row.acled_id: row for row in session.exec(select(IncidentRow)) if row.acled_id}


def test_import_maps_rows_skips_other_countries_and_reports_bad_rows(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, ROWS)
    with caplog.at_level(logging.WARNING, logger="storage.io.acled"), session_scope(engine) as s:
        assert acled.import_acled_csv(session=s, path=path) == 2
    stored = _incidents(engine)
    assert set(stored) == {"MLI1001", "MLI1002"}
    strike = stored["MLI1001"]
    assert (strike.event_type, strike.event_date, strike.date_precision) == (
        "drone_strike", date(2026, 11, 12), "day",
    )  # fmt: skip
    assert (strike.location, strike.admin1, strike.admin2) == ("Lerneb", "Timbuktu", "Goundam")
    assert (strike.lat, strike.lon, strike.acled_fatalities) == (16.3, -4.9, 18)
    assert strike.acled_actor1 == "Military Forces of Mali (2021-)"
    assert stored["MLI1002"].event_type == "abduction"
    assert stored["MLI1002"].date_precision == "week"
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert ":5:" in messages and "not a date" in messages  # line numbers of the bad rows
    assert ":6:" in messages and "fatalities" in messages


def test_reimport_updates_and_never_duplicates(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        acled.import_acled_csv(session=session, path=_write(tmp_path, ROWS[:2]))
    revised = ROWS[0].replace(",18", ",21").replace("Lerneb,16.3", "Lerneb market,16.3")
    with session_scope(engine) as session:
        assert (
            acled.import_acled_csv(session=session, path=_write(tmp_path, [revised], "b.csv")) == 1
        )
    stored = _incidents(engine)
    assert len(stored) == 2
    assert (stored["MLI1001"].acled_fatalities, stored["MLI1001"].location) == (21, "Lerneb market")


def test_import_without_country_column(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "nocountry.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,location,fatalities,geo_precision,"
        "time_precision\n"
        "MLI9,2026-11-02,Violence against civilians,Attack,Ogossagou,12,9,9\n",
        encoding="utf-8",
    )
    with session_scope(engine) as session:
        assert acled.import_acled_csv(session=session, path=path) == 1
    row = _incidents(engine)["MLI9"]
    assert (row.event_type, row.lat, row.acled_fatalities) == ("attack", None, 12)
    assert (row.place_precision, row.date_precision) == ("region", "month")  # unknown codes


def test_imported_incidents_keep_their_acled_id_in_the_export(
    engine: Engine, tmp_path: Path
) -> None:
    with session_scope(engine) as session:
        acled.import_acled_csv(session=session, path=_write(tmp_path, ROWS[:1]))
    out = io.StringIO()
    with Session(engine) as session:
        write_acled_csv(session=session, out=out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["event_id_cnty"], row["sub_event_type"]) == ("MLI1001", "Air/drone strike")


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Explosions/Remote violence", "Air/drone strike", EventType.AIRSTRIKE),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", EventType.IED),
        ("Violence against civilians", "Abduction/forced disappearance", EventType.ABDUCTION),
        ("Violence against civilians", "Attack", EventType.ATTACK),
        ("Battles", "Armed clash", EventType.CLASH),
        ("Battles", "Something new", EventType.CLASH),
        ("Protests", "Peaceful protest", EventType.OTHER),
    ],
)
def test_acled_types_map_back(event_type: str, sub_event_type: str, expected: EventType) -> None:
    assert event_type_from_acled(event_type, sub_event_type) is expected


@pytest.mark.parametrize(
    "text", ["12 November 2026", "2026-11-12", "12-November-2026", "12 Nov 2026"]
)
def test_acled_date_formats(text: str) -> None:
    assert parse_acled_date(text) == date(2026, 11, 12)


def test_a_csv_without_the_key_columns_is_refused_with_their_names(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,date\nx,2026-11-02\n", encoding="utf-8")
    with session_scope(engine) as session, pytest.raises(AcledFileError) as refused:
        acled.import_acled_csv(session=session, path=path)
    assert "event_id_cnty, event_date, event_type" in str(refused.value)


def test_a_windows_1252_csv_is_read_and_says_so(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    row = "MLI7,2026-11-02,Battles,Armed clash,Mali,Ségou,Niono,14.25,-5.99,2"
    header = "event_id_cnty,event_date,event_type,sub_event_type,country,admin1,location,"
    path.write_bytes(f"{header}latitude,longitude,fatalities\n{row}\n".encode("cp1252"))
    with session_scope(engine) as session:
        report = import_acled_file(session=session, path=path)
    assert (report.stored, report.encoding) == (1, "cp1252")
    assert _incidents(engine)["MLI7"].admin1 == "Ségou"


def test_bytes_that_are_no_text_are_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"event_id_cnty,event_date,event_type\n\x81\x8d\x8f,\x90,\x9d\n")
    with session_scope(engine) as session, pytest.raises(AcledFileError, match="not a text"):
        import_acled_file(session=session, path=path)
