"""Score maliwatch's understanding of the news against a labelled corpus (docs/evaluation.md).

``run_eval(path)`` reads a JSONL corpus (one story and its gold labels per line), runs the
product's analysis over the stories in published order — ``analyse_story`` then ``plan_events``
against an in-memory incident store, exactly the decisions ``process_story`` takes against the
database — and compares the result with the gold labels::

    corpus.jsonl ──load_corpus──▶ GoldStory ──predict_corpus──▶ CorpusPrediction
                                      │                              │
                                      └──────────── score ◀──────────┘──▶ EvalReport

The modules: ``values`` (keys, scores, the report), ``corpus`` (reading the file), ``memory``
(the in-memory store and the run), ``metrics`` (pure arithmetic, pinned by tests on hand-made
predictions), ``report`` (the table and the command line).
"""

from __future__ import annotations

from pathlib import Path

from feeds.evaluation.corpus import load_corpus, parse_gold_story
from feeds.evaluation.memory import (
    MemoryIncidentStore,
    claim_key,
    default_analyser,
    predict_corpus,
)
from feeds.evaluation.metrics import (
    b_cubed,
    compare_sets,
    contradiction_scores,
    gold_unit_languages,
    language_scores,
    map_incidents,
    relevance_score,
    score,
    story_diff,
)
from feeds.evaluation.report import format_report, main
from feeds.evaluation.values import (
    JOINT,
    LANGUAGES,
    BCubed,
    ClaimKey,
    ContradictionKey,
    CorpusPrediction,
    EvalReport,
    GoldStory,
    LanguageScores,
    Score,
    StoryDiff,
    StoryPrediction,
    harmonic_mean,
    normalize_claimant,
)

__all__ = [
    "JOINT",
    "LANGUAGES",
    "BCubed",
    "ClaimKey",
    "ContradictionKey",
    "CorpusPrediction",
    "EvalReport",
    "GoldStory",
    "LanguageScores",
    "MemoryIncidentStore",
    "Score",
    "StoryDiff",
    "StoryPrediction",
    "b_cubed",
    "claim_key",
    "compare_sets",
    "contradiction_scores",
    "default_analyser",
    "format_report",
    "gold_unit_languages",
    "harmonic_mean",
    "language_scores",
    "load_corpus",
    "main",
    "map_incidents",
    "normalize_claimant",
    "parse_gold_story",
    "predict_corpus",
    "relevance_score",
    "run_eval",
    "score",
    "story_diff",
]


def run_eval(path: Path | str) -> EvalReport:
    """Load the corpus at ``path``, run the product's analysis in memory and score it."""
    stories = load_corpus(path)
    return score(stories, predict_corpus(stories), str(path))
