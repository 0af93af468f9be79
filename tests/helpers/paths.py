"""Where things are in the checkout, for tests at any depth of the tree."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
DATA = TESTS / "data"
CORPUS = TESTS / "corpus"
SEED_STORY = DATA / "seed_story_lerneb.txt"
