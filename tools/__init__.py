"""Developer tooling, not shipped in the wheel: the evaluation harness."""
