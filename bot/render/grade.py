"""PURE: an incident's source grade, computed from its claims.

* **contested**: two claimants dispute a figure, the victims or the event (a contradiction);
* **admitted**: a belligerent claims its own act (a claim whose perpetrator is its claimant);
* **corroborated**: at least two independent outlets carry the claims (a wire copy republished
  by another outlet counts once, with its original);
* **single source**: everything else.

The first that applies is the grade (a dispute matters more than an admission, which matters
more than the number of outlets).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.render.claims import IncidentView
from bot.render.html import domain, esc
from bot.render.i18n import translator
from feeds.model import Role
from feeds.model.folding import fold_words


class Grade(StrEnum):
    CONTESTED = "contested"
    ADMITTED = "admitted"
    CORROBORATED = "corroborated"
    SINGLE = "single"


@dataclass(frozen=True, slots=True)
class SourceGrade:
    grade: Grade
    outlets: int  # independent outlets behind the claims
    admitted_by: str = ""  # the belligerent claiming its own act


def independent_outlets(view: IncidentView) -> set[str]:
    """Outlets of the stories behind the claims (all stories when there is no claim yet);
    a story that is a wire copy of another is its original's outlet, counted once."""
    with_claims = {s.story_id for s in view.claims if s.claim.role is not Role.BACKGROUND}
    by_id = {story.id: story for story in view.stories}
    groups: dict[int, str] = {}  # an original story (or a lone copy) → its outlet
    for story in view.stories:
        if with_claims and story.id not in with_claims:
            continue
        original = getattr(story, "syndicated_copy_of", None)
        group = original if original is not None else story.id
        source = by_id.get(group, story)
        groups.setdefault(group, domain(source.url))
    outlets = set(groups.values())
    return outlets


def source_grade(view: IncidentView) -> SourceGrade:
    outlets = len(independent_outlets(view))
    if view.contradictions:
        return SourceGrade(Grade.CONTESTED, outlets)
    for stored in view.claims:
        claim = stored.claim
        if claim.perpetrator and fold_words(claim.perpetrator) == fold_words(claim.claimant):
            return SourceGrade(Grade.ADMITTED, outlets, admitted_by=claim.claimant)
    if outlets >= 2:
        return SourceGrade(Grade.CORROBORATED, outlets)
    return SourceGrade(Grade.SINGLE, outlets)


def grade_label(grade: SourceGrade, *, lang: str = "en") -> str:
    """``🔎 corroborated (3 outlets)``, ``🔎 admitted by JNIM``, ``🔎 source unique``."""
    t = translator(lang)
    if grade.grade is Grade.ADMITTED:
        return t("grade.admitted", actor=esc(grade.admitted_by))
    if grade.grade is Grade.CORROBORATED:
        return t.plural("grade.corroborated", grade.outlets)
    return t(f"grade.{grade.grade.value}")
