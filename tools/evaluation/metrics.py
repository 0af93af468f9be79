"""The scoring arithmetic: pure functions over gold labels and a ``CorpusPrediction``.

Pinned by tests on hand-made predictions; the rules are written out in docs/evaluation.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace

from tools.evaluation.values import (
    LANGUAGES,
    BCubed,
    ContradictionKey,
    CorpusPrediction,
    EvalReport,
    GoldStory,
    LanguageScores,
    Score,
    StoryDiff,
    StoryPrediction,
)

Unit = tuple[str | int | None, str, str]  # (incident, category, kind)


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


def gold_unit_languages(stories: Sequence[GoldStory]) -> dict[Unit, set[str]]:
    """Each gold unit → the languages of the stories whose gold claims form it: a claim for the
    unit's incident and category by one of its claimants, or the unit listed by the story."""
    claimants: dict[Unit, set[str]] = defaultdict(set)
    languages: dict[Unit, set[str]] = defaultdict(set)
    for gold in stories:
        for x in gold.contradictions:
            claimants[x.unit()] |= x.claimants
            languages[x.unit()].add(gold.language)
    for gold in stories:
        for claim in gold.claims:
            for unit, names in claimants.items():
                if (claim.incident, claim.category) == unit[:2] and claim.claimant in names:
                    languages[unit].add(gold.language)
    return languages


def contradiction_scores(
    stories: Sequence[GoldStory], prediction: CorpusPrediction, language: str = "all"
) -> tuple[Score, Score, list[ContradictionKey], list[ContradictionKey]]:
    """Strict (pair among gold's pairs for the unit) and loose (unit only) scores, misses, FPs.

    A gold unit is (incident, category, kind), reported once per incident (codebook §6); any
    claimant pair labelled for that unit is accepted. For ``language`` "en" or "fr" only the gold
    units and predicted contradictions formed by claims of stories in that language count.
    """
    unit_languages = gold_unit_languages(stories)
    accepted: dict[Unit, set[frozenset[str]]] = defaultdict(set)
    for gold in stories:
        for x in gold.contradictions:
            if language == "all" or language in unit_languages[x.unit()]:
                accepted[x.unit()].add(x.claimants)
    mapping = map_incidents(stories, prediction)
    predicted = {
        replace(x, incident=mapping.get(x.incident) if isinstance(x.incident, int) else None)
        for x in prediction.contradictions
        if language == "all" or language in x.languages
    }
    matched: set[Unit] = set()
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
    """Relevance, claims and grouping over ``stories`` (one language's, or all)."""
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
    """One story's relevance error, missed and false claims; None when it has none."""
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
    """Every figure of the report, per language and for all stories."""
    by_language = {
        language: language_scores(
            [g for g in stories if language == "all" or g.language == language], prediction
        )
        for language in LANGUAGES
    }
    strict, loose, missed, false = contradiction_scores(stories, prediction)
    per_language = {
        language: contradiction_scores(stories, prediction, language)[:2]
        for language in LANGUAGES[:2]
    }
    diffs = tuple(
        diff for g in stories if (diff := story_diff(g, prediction.stories[g.id])) is not None
    )
    errors = sum(1 for p in prediction.stories.values() if p.error)
    return EvalReport(
        path,
        by_language,
        strict,
        loose,
        diffs,
        tuple(missed),
        tuple(false),
        errors,
        contradictions_by_language={**per_language, "all": (strict, loose)},
    )
