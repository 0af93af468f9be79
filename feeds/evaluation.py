"""Score maliwatch's understanding of the news against a labelled corpus (docs/evaluation.md).

``run_eval(path)`` reads a JSONL corpus (one story and its gold labels per line), runs the
product's analysis over the stories in published order — ``analyse_story`` then ``plan_events``
against an in-memory incident store, exactly the decisions ``process_story`` takes against the
database — and compares the result with the gold labels::

    corpus.jsonl ──load_corpus──▶ GoldStory ──predict_corpus──▶ CorpusPrediction
                                      │                              │
                                      └──────────── score ◀──────────┘──▶ EvalReport

``score`` is pure arithmetic over plain values, so tests can pin it on hand-made predictions.
The analysis and the pipeline are imported where they are used, so that the scoring arithmetic
loads, and its tests run, whatever state the rule modules are in.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from feeds.model import (
    Claim,
    Contradiction,
    EventDate,
    EventReport,
    Incident,
    Role,
    Story,
    StoryAnalysis,
)
from storage.outcome import EventOutcome

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr", "all")
JOINT = " + "


# ── values ───────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class ClaimKey:
    """What a claim is compared on; the claimant is normalized (case, order of joint names)."""

    claimant: str
    category: str
    low: int | None
    high: int | None
    victims: str = "unspecified"

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


def harmonic_mean(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def normalize_claimant(name: str) -> str:
    """Case-folded; a joint claimant's names sorted, so "A + B" equals "b + a"."""
    parts = sorted(part.strip().casefold() for part in name.split(JOINT.strip()) if part.strip())
    return JOINT.join(parts)


# ── the corpus ───────────────────────────────────────────────────────────────────────────────


def load_corpus(path: Path | str) -> list[GoldStory]:
    """Read a corpus file; the stories come back in published order."""
    stories = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    stories.append(parse_gold_story(json.loads(line)))
                except (KeyError, ValueError) as exc:
                    raise ValueError(f"{path}:{number}: {exc!r}") from exc
    return sorted(stories, key=lambda gold: (gold.story.published, gold.id))


def parse_gold_story(row: dict) -> GoldStory:
    published = datetime.fromisoformat(row["published"].replace("Z", "+00:00"))
    story = Story(
        feed_url=row["feed"],
        guid=row["id"],
        url=row["url"],
        title=row.get("title", ""),
        text=row["text"],
        published=published,
        fetched=published,
        language=row.get("language", "en"),
    )
    gold = row["gold"]
    claims = tuple(
        ClaimKey(
            normalize_claimant(c["claimant"]),
            c["category"],
            c["low"],
            c["high"],
            c.get("victims", "unspecified"),
        )
        for c in gold.get("claims", ())
    )
    contradictions = tuple(
        ContradictionKey(
            x["incident"],
            x["category"],
            x["kind"],
            frozenset(map(normalize_claimant, x["claimants"])),
        )
        for x in gold.get("contradictions", ())
    )
    incidents = tuple((i["key"], i["role"]) for i in gold.get("incidents", ()))
    return GoldStory(row["id"], story, bool(gold["relevant"]), incidents, claims, contradictions)


# ── running the product in memory ────────────────────────────────────────────────────────────


@dataclass
class MemoryIncidentStore:
    """Incidents as ``save_story_outcome`` would keep them, held in dictionaries."""

    incidents: dict[int, Incident] = field(default_factory=dict)
    contradictions: dict[int, list[Contradiction]] = field(default_factory=dict)

    def candidates_for(self, event: EventReport) -> list[Incident]:
        """Incidents whose period overlaps the event's candidate window (place is
        ``match_event``'s job): a week- or month-long incident that began before the window is
        still a candidate, as in storage's ``candidate_incidents``."""
        from feeds.analysis.dates import period_end
        from feeds.analysis.incidents import candidate_window

        day_from, day_to = candidate_window(event)
        return [
            incident
            for incident in self.incidents.values()
            if incident.date.day <= day_to and period_end(incident.date) >= day_from
        ]

    def apply(self, story: Story, outcomes: Sequence[EventOutcome]) -> tuple[tuple[int, str], ...]:
        """Open or join incidents for one story's outcomes; return the (incident, role) links."""
        links = []
        for outcome in outcomes:
            incident_id = outcome.incident_id
            if incident_id is None and not outcome.open_incident:
                continue  # a background event of an unknown incident: claims stay with the story
            if incident_id is None:
                incident_id = self._open(story, outcome.event)
            else:
                self._join(incident_id, story, outcome.event)
            self.contradictions.setdefault(incident_id, []).extend(outcome.new_contradictions)
            links.append((incident_id, outcome.event.role.value))
        return tuple(links)

    def _open(self, story: Story, event: EventReport) -> int:
        incident_id = len(self.incidents) + 1
        self.incidents[incident_id] = Incident(
            id=incident_id,
            event_type=event.event_type,
            place=event.place,
            date=event.date or EventDate(story.published.date()),
            claims=tuple(event.claims),
            first_seen=story.published,
            last_updated=story.published,
            story_urls=(story.url,),
            summary=event.summary,
        )
        return incident_id

    def _join(self, incident_id: int, story: Story, event: EventReport) -> None:
        incident = self.incidents[incident_id]
        known = {claim.key for claim in incident.claims}
        fresh = tuple(claim for claim in event.claims if claim.key not in known)
        self.incidents[incident_id] = replace(
            incident,
            claims=incident.claims + fresh,
            last_updated=story.published,
            story_urls=(*incident.story_urls, story.url),
        )


def claim_key(claim: Claim) -> ClaimKey:
    low, high = (0, 0) if claim.count.is_denial else (claim.count.low, claim.count.high)
    return ClaimKey(
        normalize_claimant(claim.claimant), claim.category.value, low, high, claim.victims.value
    )


def predict_corpus(
    stories: Sequence[GoldStory],
    analyse: Callable[[Story], StoryAnalysis] | None = None,
) -> CorpusPrediction:
    """Run analysis and planning over the stories in order, as the pipeline would."""
    from feeds.pipeline import plan_events

    if analyse is None:
        analyse = default_analyser()
    store = MemoryIncidentStore()
    predictions: dict[str, StoryPrediction] = {}
    for gold in stories:
        try:
            analysis = analyse(gold.story)
            outcomes = plan_events(analysis, candidates_for=store.candidates_for)
        except Exception as exc:  # one broken story must not stop the evaluation
            log.warning(
                "analysis failed for story %s (%s): %r",
                gold.id,
                gold.story.url,
                exc,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            predictions[gold.id] = StoryPrediction(relevant=False, error=repr(exc))
            continue
        links = store.apply(gold.story, outcomes)
        claims = tuple(claim_key(c) for e in analysis.events for c in e.claims)
        predictions[gold.id] = StoryPrediction(analysis.relevant, claims, links)
    contradictions = tuple(
        ContradictionKey(
            incident_id,
            c.category.value,
            c.kind.value,
            frozenset(
                {normalize_claimant(c.first.claimant), normalize_claimant(c.second.claimant)}
            ),
        )
        for incident_id, found in store.contradictions.items()
        for c in found
    )
    return CorpusPrediction(predictions, contradictions)


def default_analyser() -> Callable[[Story], StoryAnalysis]:
    from feeds.analysis import analyse_story
    from feeds.analysis.relevance import load_default_watchlist

    watch = load_default_watchlist()
    return lambda story: analyse_story(story, watch=watch)


# ── scoring ──────────────────────────────────────────────────────────────────────────────────


def compare_sets(gold: Iterable[object], predicted: Iterable[object]) -> Score:
    gold_set, predicted_set = set(gold), set(predicted)
    both = gold_set & predicted_set
    return Score(len(both), len(predicted_set - both), len(gold_set - both))


def relevance_score(pairs: Iterable[tuple[bool, bool]]) -> Score:
    """Over (gold, predicted) relevance of each story; relevant is the positive class."""
    counts = Counter(pairs)
    return Score(counts[(True, True)], counts[(False, True)], counts[(True, False)])


def b_cubed(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> BCubed:
    """B-cubed over the items of ``gold``; an item missing from ``predicted`` is a singleton."""
    items = list(gold)
    if not items:
        return BCubed()
    clusters: dict[str, Hashable] = {
        item: predicted.get(item, ("singleton", item)) for item in items
    }
    gold_members: dict[Hashable, set[str]] = defaultdict(set)
    predicted_members: dict[Hashable, set[str]] = defaultdict(set)
    for item in items:
        gold_members[gold[item]].add(item)
        predicted_members[clusters[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same = len(gold_members[gold[item]] & predicted_members[clusters[item]])
        precision += same / len(predicted_members[clusters[item]])
        recall += same / len(gold_members[gold[item]])
    return BCubed(
        precision / len(items),
        recall / len(items),
        len(items),
        len(gold_members),
        len(predicted_members),
    )


def map_incidents(
    stories: Sequence[GoldStory], prediction: CorpusPrediction
) -> dict[int, str | None]:
    """Each predicted incident → the gold key most of its linked stories give for that role."""
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for gold in stories:
        predicted = prediction.stories.get(gold.id)
        for incident_id, role in predicted.links if predicted else ():
            keys = [key for key, gold_role in gold.incidents if gold_role == role]
            if len(keys) == 1:
                votes[incident_id][keys[0]] += 1
    return {iid: (v.most_common(1)[0][0] if v else None) for iid, v in votes.items()}


def contradiction_scores(
    stories: Sequence[GoldStory], prediction: CorpusPrediction
) -> tuple[Score, Score, list[ContradictionKey], list[ContradictionKey]]:
    """Strict (pair among gold's pairs for the unit) and loose (unit only) scores, misses, FPs.

    A gold unit is (incident, category, kind), reported once per incident (codebook §6); any
    claimant pair labelled for that unit is accepted.
    """
    accepted: dict[tuple[str | int | None, str, str], set[frozenset[str]]] = defaultdict(set)
    for gold in stories:
        for x in gold.contradictions:
            accepted[x.unit()].add(x.claimants)
    mapping = map_incidents(stories, prediction)
    predicted = {
        replace(x, incident=mapping.get(x.incident) if isinstance(x.incident, int) else None)
        for x in prediction.contradictions
    }
    matched: set[tuple[object, ...]] = set()
    false_positives = []
    for x in sorted(predicted, key=repr):
        if x.claimants in accepted.get(x.unit(), ()) and x.unit() not in matched:
            matched.add(x.unit())
        else:
            false_positives.append(x)
    missed = [
        ContradictionKey(incident, category, kind, frozenset().union(*pairs))
        for (incident, category, kind), pairs in accepted.items()
        if (incident, category, kind) not in matched
    ]
    strict = Score(len(matched), len(false_positives), len(missed))
    loose = compare_sets(accepted, {x.unit() for x in predicted})
    return strict, loose, missed, false_positives


def language_scores(stories: Sequence[GoldStory], prediction: CorpusPrediction) -> LanguageScores:
    relevance = relevance_score((g.relevant, prediction.stories[g.id].relevant) for g in stories)
    claims = any_claimant = with_victims = Score()
    for gold in stories:
        predicted = prediction.stories[gold.id].claims
        claims += compare_sets((c.strict() for c in gold.claims), (c.strict() for c in predicted))
        any_claimant += compare_sets(
            (c.any_claimant() for c in gold.claims), (c.any_claimant() for c in predicted)
        )
        with_victims += compare_sets(
            (c.with_victims() for c in gold.claims), (c.with_victims() for c in predicted)
        )
    gold_main = {g.id: g.main_incident for g in stories if g.relevant and g.main_incident}
    predicted_main = {
        sid: main
        for sid in gold_main
        if (main := prediction.stories[sid].main_incident) is not None
    }
    grouping = b_cubed(gold_main, predicted_main)
    return LanguageScores(len(stories), relevance, claims, any_claimant, with_victims, grouping)


def story_diff(gold: GoldStory, predicted: StoryPrediction) -> StoryDiff | None:
    relevance = None
    if gold.relevant != predicted.relevant:
        relevance = "missed" if gold.relevant else "false positive"
    gold_by_key = {c.strict(): c for c in gold.claims}
    predicted_by_key = {c.strict(): c for c in predicted.claims}
    missed = tuple(c for k, c in gold_by_key.items() if k not in predicted_by_key)
    false = tuple(c for k, c in predicted_by_key.items() if k not in gold_by_key)
    if relevance or missed or false or predicted.error:
        return StoryDiff(gold.id, relevance, missed, false, predicted.error)
    return None


def score(stories: Sequence[GoldStory], prediction: CorpusPrediction, path: str = "") -> EvalReport:
    by_language = {
        language: language_scores(
            [g for g in stories if language == "all" or g.language == language], prediction
        )
        for language in LANGUAGES
    }
    strict, loose, missed, false = contradiction_scores(stories, prediction)
    diffs = tuple(
        diff for g in stories if (diff := story_diff(g, prediction.stories[g.id])) is not None
    )
    errors = sum(1 for p in prediction.stories.values() if p.error)
    return EvalReport(path, by_language, strict, loose, diffs, tuple(missed), tuple(false), errors)


def run_eval(path: Path | str) -> EvalReport:
    """Load the corpus at ``path``, run the product's analysis in memory and score it."""
    stories = load_corpus(path)
    return score(stories, predict_corpus(stories), str(path))


# ── the report ───────────────────────────────────────────────────────────────────────────────


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """A plain-text table: each figure with its counts; ``verbose`` adds the per-story errors."""
    every = report.by_language["all"]
    counts = ", ".join(f"{lang} {report.by_language[lang].stories}" for lang in LANGUAGES[:2])
    lines = [
        f"maliwatch eval {report.path}: {every.stories} stories ({counts}), "
        f"{report.errors} analysis errors",
        "",
        f"{'metric':<27}{'lang':<6}{'P':>7}{'R':>7}{'F1':>7}   counts",
    ]
    for language in LANGUAGES:
        scores = report.by_language[language]
        rows: list[tuple[str, Score | BCubed]] = [
            ("relevance", scores.relevance),
            ("claims", scores.claims),
            ("claims (any claimant)", scores.claims_any_claimant),
            ("claims (+ victims)", scores.claims_with_victims),
            ("grouping (B-cubed)", scores.grouping),
        ]
        lines += [_row(name, language, figure) for name, figure in rows]
    lines.append(_row("contradictions", "all", report.contradictions))
    lines.append(_row("contradictions (any pair)", "all", report.contradictions_any_pair))
    if verbose:
        lines += _details(report)
    return "\n".join(lines)


def _row(name: str, language: str, figure: Score | BCubed) -> str:
    if isinstance(figure, BCubed):
        counts = (
            f"items {figure.items}, gold clusters {figure.gold_clusters}, "
            f"predicted clusters {figure.predicted_clusters}"
        )
    else:
        counts = f"tp {figure.tp}, fp {figure.fp}, fn {figure.fn}"
    return (
        f"{name:<27}{language:<6}{figure.precision:>7.3f}{figure.recall:>7.3f}"
        f"{figure.f1:>7.3f}   {counts}"
    )


def _describe(claim: ClaimKey) -> str:
    low = "-" if claim.low is None else claim.low
    high = "-" if claim.high is None else claim.high
    return f"{claim.claimant} {claim.category} [{low}, {high}] {claim.victims}"


def _details(report: EvalReport) -> list[str]:
    lines = ["", "per story (missed = in gold only, false = predicted only):"]
    for diff in report.diffs:
        lines.append(f"  {diff.story_id}")
        if diff.error:
            lines.append(f"    error: {diff.error}")
        if diff.relevance:
            lines.append(f"    relevance: {diff.relevance}")
        lines += [f"    missed claim: {_describe(c)}" for c in diff.missed_claims]
        lines += [f"    false claim:  {_describe(c)}" for c in diff.false_claims]
    lines.append("contradictions:")
    for x in report.missed_contradictions:
        lines.append(f"  missed: {x.incident} {x.category} {x.kind} {sorted(x.claimants)}")
    for x in report.false_contradictions:
        lines.append(f"  false:  {x.incident} {x.category} {x.kind} {sorted(x.claimants)}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m feeds.evaluation PATH [--verbose]``; ``maliwatch eval PATH`` prints the table."""
    parser = argparse.ArgumentParser(prog="python -m feeds.evaluation")
    parser.add_argument("path", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list errors per story")
    args = parser.parse_args(argv)
    print(format_report(run_eval(args.path), verbose=args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
