"""Bundled data: gazetteer, actor aliases, default feeds and watch list, sample feeds.

A package only so that a wheel install ships these files next to ``feeds`` and ``bot``;
code finds them through :data:`SEEDS_DIR`.
"""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent
