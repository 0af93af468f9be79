"""ACLED CSV: our event types in ACLED's typology (both ways), and the import of ACLED rows.

``import_acled_csv`` reads an ACLED-format export (the columns ACLED publishes; only those named
below are read) into incident rows keyed by ``event_id_cnty`` (``col(IncidentRow.acled_id)``), so a
re-import updates and never duplicates. With a ``country`` column, rows of other countries are
skipped. A bad row (no id, unreadable date or number) is logged with its line number and
skipped; the others are imported. A file without the key columns (:data:`REQUIRED_COLUMNS`)
is refused whole (:class:`AcledFileError`).

A row is refused, with a countable reason (:attr:`AcledImport.reasons`), when its date is none
of ACLED's spellings (``2020-05-09``, ``09 May 2020``, ``9 May 2020``, ``9-May-20``...), its
fatalities are not a whole number between 0 and :data:`MAX_FATALITIES` (``1e309``, ``1e20``),
its coordinates are not finite or out of range (``inf``, ``999``), or one of its fields is
longer than ``csv.field_size_limit()`` (a 150 MB cell; the limit is left as it is): the rest
of the file still imports.

The file is read as UTF-8, else as Windows-1252 (Excel's export on Windows), and the result
says which.

An imported incident's ``first_seen`` and ``last_updated`` are its event date (midnight UTC),
not the time of the import: an import of last year's events is not news.
"""

from __future__ import annotations

import csv
import io
import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlmodel import Session, col, select

from feeds.model import DatePrecision, EventType, PlacePrecision, VictimKind
from storage.models import IncidentRow

log = logging.getLogger(__name__)

BATTLES = "Battles"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
EXPLOSIONS = "Explosions/Remote violence"

# Our event type → (ACLED event_type, sub_event_type); ambush/attack on civilians: see acled_type.
ACLED_TYPES: dict[EventType, tuple[str, str]] = {
    EventType.AIRSTRIKE: (EXPLOSIONS, "Air/drone strike"),
    EventType.DRONE_STRIKE: (EXPLOSIONS, "Air/drone strike"),
    EventType.IED: (EXPLOSIONS, "Remote explosive/landmine/IED"),
    EventType.ABDUCTION: (VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"),
    EventType.EXECUTION: (VIOLENCE_AGAINST_CIVILIANS, "Attack"),
    EventType.AMBUSH: (BATTLES, "Armed clash"),
    EventType.ATTACK: (BATTLES, "Armed clash"),
    EventType.ATTACK_ON_CAMP: (BATTLES, "Armed clash"),
    EventType.CLASH: (BATTLES, "Armed clash"),
    EventType.OTHER: (BATTLES, "Armed clash"),
}
_ON_CIVILIANS = {EventType.AMBUSH, EventType.ATTACK, EventType.ATTACK_ON_CAMP, EventType.OTHER}

# ACLED sub_event_type → our event type; event_type alone is the fallback.
_FROM_SUB_EVENT: dict[str, EventType] = {
    "air/drone strike": EventType.AIRSTRIKE,
    "remote explosive/landmine/ied": EventType.IED,
    "suicide bomb": EventType.IED,
    "abduction/forced disappearance": EventType.ABDUCTION,
    "armed clash": EventType.CLASH,
    "government regains territory": EventType.CLASH,
    "non-state actor overtakes territory": EventType.CLASH,
    "attack": EventType.ATTACK,
    "shelling/artillery/missile attack": EventType.ATTACK,
    "grenade": EventType.ATTACK,
}
_FROM_EVENT: dict[str, EventType] = {
    "battles": EventType.CLASH,
    "violence against civilians": EventType.ATTACK,
    "explosions/remote violence": EventType.ATTACK,
}
TIME_PRECISION = {DatePrecision.DAY: 1, DatePrecision.WEEK: 2, DatePrecision.MONTH: 3}
_PRECISION_FROM_TIME = {"1": DatePrecision.DAY, "2": DatePrecision.WEEK, "3": DatePrecision.MONTH}
GEO_PRECISION = {
    PlacePrecision.LOCALITY: 1,
    PlacePrecision.OFFSET: 2,
    PlacePrecision.CERCLE: 2,
    PlacePrecision.REGION: 3,
    PlacePrecision.COUNTRY: 3,
}
_PLACE_FROM_GEO = {
    "1": PlacePrecision.LOCALITY,
    "2": PlacePrecision.CERCLE,
    "3": PlacePrecision.REGION,
}
REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "event_type")
FALLBACK_ENCODING = "cp1252"
MAX_FATALITIES = 100_000  # far above any single ACLED event; a larger value is a broken cell
_DATE_FORMATS = (
    "%d %B %Y",
    "%Y-%m-%d",
    "%d-%b-%y",  # 9-May-20: ACLED's export as re-saved by Excel
    "%d-%B-%y",
    "%d %b %y",
    "%d-%B-%Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d/%m/%Y",
    "%B %d, %Y",
)


def acled_type(event_type: EventType, victims: VictimKind | None) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type); an armed attack on civilians is violence against
    civilians, not a battle."""
    if event_type in _ON_CIVILIANS and victims is VictimKind.CIVILIANS:
        return VIOLENCE_AGAINST_CIVILIANS, "Attack"
    return ACLED_TYPES[event_type]


def event_type_from_acled(event_type: str, sub_event_type: str, notes: str = "") -> EventType:
    sub = sub_event_type.strip().lower()
    found = _FROM_SUB_EVENT.get(sub) or _FROM_EVENT.get(event_type.strip().lower())
    if found is EventType.AIRSTRIKE and "drone" in notes.lower():
        return EventType.DRONE_STRIKE
    return found or EventType.OTHER


def parse_acled_date(value: str) -> date:
    """ACLED dates: "12 November 2026", "2026-11-12" and a few other export spellings."""
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError("unreadable event_date", f"unreadable event_date {_clip(value)!r}")


class RowError(ValueError):
    """A row that cannot be imported; ``reason`` is short and countable, ``str()`` detailed."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(detail or reason)
        self.reason = reason


def _clip(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else f"{value[:limit]}… ({len(value)} characters)"


class AcledFileError(ValueError):
    """The file is no ACLED CSV (unreadable text, key columns missing); one line for users."""


@dataclass
class AcledImport:
    """What a CSV held: incident rows ready to store, and the lines that could not be read."""

    rows: list[IncidentRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped_other_countries: int = 0
    encoding: str = "utf-8"
    reasons: Counter[str] = field(default_factory=Counter)  # why rows were refused, counted


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (BOM or not), else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
    except UnicodeDecodeError:
        raise AcledFileError("not a text file: neither UTF-8 nor Windows-1252") from None


def read_acled_csv(path: Path) -> AcledImport:
    """Incident rows from an ACLED CSV; raises :class:`AcledFileError` for a file that is not
    one and :class:`OSError` when it cannot be read."""
    text, encoding = decode_csv(Path(path).read_bytes())
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise AcledFileError(f"not an ACLED CSV: missing column(s) {', '.join(missing)}")
    result = AcledImport(encoding=encoding)
    has_country = "country" in columns
    line = 1
    while True:
        line += 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a field over csv.field_size_limit(): this row only
            _refuse(result, path, line, RowError("field too large or malformed", str(exc)))
            continue
        if has_country and (record.get("country") or "").strip().lower() != "mali":
            result.skipped_other_countries += 1
            continue
        try:
            result.rows.append(_incident_from_record(record))
        except RowError as exc:
            _refuse(result, path, line, exc)
        except (ValueError, KeyError) as exc:
            _refuse(result, path, line, RowError("unreadable value", _clip(str(exc), 200)))
    return result


def _refuse(result: AcledImport, path: Path, line: int, exc: RowError) -> None:
    result.errors.append(f"{path}:{line}: {exc}")
    result.reasons[exc.reason] += 1


def _text(record: dict[str, str | None], name: str) -> str | None:
    value = (record.get(name) or "").strip()
    return value or None


def _number(record: dict[str, str | None], name: str) -> float | None:
    """The cell as a finite number, ``None`` when empty; refused when not a finite number."""
    value = _text(record, name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(
            f"{name} not a number", f"{name} is not a number: {_clip(value)!r}"
        ) from None
    if not math.isfinite(number):
        raise RowError(f"{name} out of range", f"{name} is not finite: {_clip(value)!r}")
    return number


def _bounded(record: dict[str, str | None], name: str, low: float, high: float) -> float | None:
    number = _number(record, name)
    if number is not None and not low <= number <= high:
        raise RowError(f"{name} out of range", f"{name} {number:g} is outside [{low:g}, {high:g}]")
    return number


def _fatalities(record: dict[str, str | None]) -> int | None:
    number = _number(record, "fatalities")
    if number is None:
        return None
    if not number.is_integer() or not 0 <= number <= MAX_FATALITIES:
        raise RowError(
            "fatalities out of range",
            f"fatalities {number:g} is not a whole number from 0 to {MAX_FATALITIES}",
        )
    return int(number)


def _incident_from_record(record: dict[str, str | None]) -> IncidentRow:
    acled_id = _text(record, "event_id_cnty")
    if acled_id is None:
        raise RowError("no event_id_cnty")
    notes = _text(record, "notes") or ""
    kind = event_type_from_acled(
        _text(record, "event_type") or "", _text(record, "sub_event_type") or "", notes
    )
    location = _text(record, "location")
    fatalities = _fatalities(record)
    event_date = parse_acled_date(_text(record, "event_date") or "")
    seen = datetime.combine(event_date, time.min, UTC)
    return IncidentRow(
        acled_id=acled_id,
        event_type=kind.value,
        summary=_summary(record, notes, location),
        location=location,
        admin1=_text(record, "admin1"),
        admin2=_text(record, "admin2"),
        lat=_bounded(record, "latitude", -90.0, 90.0),
        lon=_bounded(record, "longitude", -180.0, 180.0),
        place_precision=_PLACE_FROM_GEO.get(
            _text(record, "geo_precision") or "1", PlacePrecision.REGION
        ).value,
        event_date=event_date,
        date_precision=_PRECISION_FROM_TIME.get(
            _text(record, "time_precision") or "1", DatePrecision.MONTH
        ).value,
        first_seen=seen,
        last_updated=seen,
        acled_fatalities=None if fatalities is None else int(fatalities),
        acled_actor1=_text(record, "actor1"),
        acled_actor2=_text(record, "actor2"),
        acled_notes=notes or None,
    )


def _summary(record: dict[str, str | None], notes: str, location: str | None) -> str:
    sub_event = _text(record, "sub_event_type") or _text(record, "event_type") or "Event"
    where = f" in {location}" if location else ""
    return f"{sub_event}{where} (ACLED)" if not notes else notes.split(". ")[0][:200]


_UPDATED_FIELDS = (
    "event_type",
    "summary",
    "location",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "place_precision",
    "event_date",
    "date_precision",
    "acled_fatalities",
    "acled_actor1",
    "acled_actor2",
    "acled_notes",
)


def import_acled_csv(*, session: Session, path: Path | str) -> int:
    """Import or update incidents from an ACLED CSV; returns how many rows were stored."""
    return import_acled_file(session=session, path=Path(path)).stored


@dataclass
class AcledImportReport:
    stored: int
    bad_rows: int
    other_countries: int
    encoding: str
    reasons: Counter[str] = field(default_factory=Counter)

    def reasons_line(self) -> str:
        """``"3 unreadable event_date, 1 fatalities out of range, 2 other countries"``."""
        parts = [f"{count} {reason}" for reason, count in self.reasons.most_common()]
        if self.other_countries:
            parts.append(f"{self.other_countries} of other countries")
        return ", ".join(parts) or "no data rows"


def import_acled_file(*, session: Session, path: Path) -> AcledImportReport:
    """Like :func:`import_acled_csv`, with what the file held (for the command line)."""
    result = read_acled_csv(path)
    for error in result.errors:
        log.warning("ACLED row skipped: %s", error)
    for incoming in result.rows:
        _store(session, incoming)
    session.flush()
    log.info(
        "ACLED import from %s (%s): %d stored, %d bad rows, %d other countries",
        path,
        result.encoding,
        len(result.rows),
        len(result.errors),
        result.skipped_other_countries,
    )
    return AcledImportReport(
        len(result.rows),
        len(result.errors),
        result.skipped_other_countries,
        result.encoding,
        result.reasons,
    )


def _store(session: Session, incoming: IncidentRow) -> None:
    """Insert a new event, or update the stored one; a story-linked incident keeps its later
    ``last_updated``."""
    stored = session.exec(
        select(IncidentRow).where(col(IncidentRow.acled_id) == incoming.acled_id)
    ).first()
    if stored is None:
        session.add(incoming)
        return
    for name in _UPDATED_FIELDS:
        setattr(stored, name, getattr(incoming, name))
    stored.first_seen = min(stored.first_seen, incoming.first_seen)
    stored.last_updated = max(stored.last_updated, incoming.last_updated)
    session.add(stored)
