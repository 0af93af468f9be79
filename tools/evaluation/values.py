"""The values the evaluation passes around: gold and predicted keys, scores, the report.

Plain frozen dataclasses, no analysis imported, so the scoring arithmetic loads and its tests run
whatever state the rule modules are in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feeds.model import Role, Story

LANGUAGES = ("en", "fr", "all")
JOINT = " + "


@dataclass(frozen=True, slots=True)
class ClaimKey:
    """What a claim is compared on; the claimant is normalized (case, order of joint names)."""

    claimant: str
    category: str
    low: int | None
    high: int | None
    victims: str = "unspecified"
    # the gold incident key the claim is labelled for (None when predicted); not compared
    incident: str | None = field(default=None, compare=False)

    def strict(self) -> tuple[object, ...]:
        return (self.claimant, self.category, self.low, self.high)

    def any_claimant(self) -> tuple[object, ...]:
        return (self.category, self.low, self.high)

    def with_victims(self) -> tuple[object, ...]:
        return (*self.strict(), self.victims)


@dataclass(frozen=True, slots=True)
class ContradictionKey:
    """A dispute in one incident: the incident is a gold key, or a predicted incident id."""

    incident: str | int | None
    category: str
    kind: str
    claimants: frozenset[str]
    # the languages of the stories whose claims form it (docs/evaluation.md); not compared
    languages: frozenset[str] = field(default=frozenset(), compare=False)

    def unit(self) -> tuple[str | int | None, str, str]:
        return (self.incident, self.category, self.kind)


@dataclass(frozen=True, slots=True)
class GoldStory:
    id: str
    story: Story
    relevant: bool
    incidents: tuple[tuple[str, str], ...] = ()  # (incident key, role)
    claims: tuple[ClaimKey, ...] = ()
    contradictions: tuple[ContradictionKey, ...] = ()

    @property
    def language(self) -> str:
        return self.story.language

    @property
    def main_incident(self) -> str | None:
        return next((key for key, role in self.incidents if role == Role.MAIN.value), None)


@dataclass(frozen=True, slots=True)
class StoryPrediction:
    relevant: bool
    claims: tuple[ClaimKey, ...] = ()
    links: tuple[tuple[int, str], ...] = ()  # (predicted incident id, role)
    error: str | None = None  # the analysis raised: the story counts as predicting nothing

    @property
    def main_incident(self) -> int | None:
        return next((iid for iid, role in self.links if role == Role.MAIN.value), None)


@dataclass(frozen=True, slots=True)
class CorpusPrediction:
    stories: dict[str, StoryPrediction]
    contradictions: tuple[ContradictionKey, ...] = ()  # incident = predicted incident id


@dataclass(frozen=True, slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """1.0 when nothing was predicted: no false positive was made."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """1.0 when nothing was to be found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float = 1.0
    recall: float = 1.0
    items: int = 0
    gold_clusters: int = 0
    predicted_clusters: int = 0

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class LanguageScores:
    stories: int
    relevance: Score
    claims: Score
    claims_any_claimant: Score
    claims_with_victims: Score
    grouping: BCubed


@dataclass(frozen=True, slots=True)
class StoryDiff:
    """One story's errors, for ``--verbose``."""

    story_id: str
    relevance: str | None = None  # "missed" | "false positive"
    missed_claims: tuple[ClaimKey, ...] = ()
    false_claims: tuple[ClaimKey, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class EvalReport:
    path: str
    by_language: dict[str, LanguageScores]
    contradictions: Score
    contradictions_any_pair: Score
    diffs: tuple[StoryDiff, ...] = ()
    missed_contradictions: tuple[ContradictionKey, ...] = ()
    false_contradictions: tuple[ContradictionKey, ...] = ()
    errors: int = 0
    # language → (strict, any pair) contradiction scores, "en" and "fr" rows of the table
    contradictions_by_language: dict[str, tuple[Score, Score]] = field(default_factory=dict)


def harmonic_mean(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def normalize_claimant(name: str) -> str:
    """Case-folded; a joint claimant's names sorted, so "A + B" equals "b + a"."""
    parts = sorted(part.strip().casefold() for part in name.split(JOINT.strip()) if part.strip())
    return JOINT.join(parts)
