"""How autogenerate writes our column types into a revision: as plain ``sa.`` types, so that
revisions import only ``sqlalchemy`` and ``alembic`` (never ``sqlmodel`` or ``storage``)."""

from __future__ import annotations

from typing import Any, Literal

from alembic.autogenerate.api import AutogenContext
from sqlalchemy import DateTime, String
from sqlmodel.sql.sqltypes import AutoString

from storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.models import UtcDateTime


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Alembic ``render_item`` hook; False means "render as usual"."""
    if type_ != "type":
        return False
    if isinstance(obj, UtcDateTime):
        return f"sa.{DateTime.__name__}()"
    if isinstance(obj, AutoString):
        length = f"length={obj.length}" if obj.length else ""
        return f"sa.{String.__name__}({length})"
    return False
