"""Robustness runs over inputs nobody controls (developer tooling, not shipped)."""
