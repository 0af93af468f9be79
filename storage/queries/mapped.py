"""Incidents for /map: those dated in a period, merged-away ones left out (their stories and
claims are on the incident they joined)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from feeds.model.outcome import IncidentView
from storage.models import IncidentRow
from storage.queries.views import build_views

MAX_MAPPED = 500  # the newest ones beyond that would not be told apart on one image anyway


def incidents_dated_since(*, session: Session, since: date) -> list[IncidentView]:
    query = (
        select(IncidentRow)
        .where(col(IncidentRow.event_date) >= since, col(IncidentRow.merged_into).is_(None))
        .order_by(col(IncidentRow.event_date).desc(), col(IncidentRow.id).desc())
        .limit(MAX_MAPPED)
    )
    return build_views(session=session, rows=list(session.exec(query)))
