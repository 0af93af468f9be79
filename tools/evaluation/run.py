"""The whole evaluation in one call: load the corpus, predict in memory, score."""

from __future__ import annotations

from pathlib import Path

from tools.evaluation.corpus import load_corpus
from tools.evaluation.memory import predict_corpus
from tools.evaluation.metrics import score
from tools.evaluation.values import EvalReport


def run_eval(path: Path | str) -> EvalReport:
    """Load the corpus at ``path``, run the product's analysis in memory and score it."""
    stories = load_corpus(path)
    return score(stories, predict_corpus(stories), str(path))
