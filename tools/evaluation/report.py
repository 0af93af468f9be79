"""The evaluation's plain-text table, and ``python -m tools.evaluation PATH [--verbose]``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from tools.evaluation.values import LANGUAGES, BCubed, ClaimKey, EvalReport, Score


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
        rows += _contradiction_rows(report, language)
        lines += [_row(name, language, figure) for name, figure in rows]
    if verbose:
        lines += _details(report)
    return "\n".join(lines)


def _contradiction_rows(report: EvalReport, language: str) -> list[tuple[str, Score | BCubed]]:
    """A language's contradiction rows; a report built without them has only "all"."""
    if language in report.contradictions_by_language:
        strict, loose = report.contradictions_by_language[language]
    elif language == "all":
        strict, loose = report.contradictions, report.contradictions_any_pair
    else:
        return []
    return [("contradictions", strict), ("contradictions (any pair)", loose)]


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
    """``python -m tools.evaluation PATH [--verbose]``; ``maliwatch eval PATH`` prints the table."""
    from tools.evaluation.run import run_eval

    parser = argparse.ArgumentParser(prog="python -m tools.evaluation")
    parser.add_argument("path", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list errors per story")
    args = parser.parse_args(argv)
    print(format_report(run_eval(args.path), verbose=args.verbose))
    return 0
