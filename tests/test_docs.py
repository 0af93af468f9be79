"""README.md documents every CLI command and every setting; .env.example lists every setting."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from bot.cli.main import build_parser
from bot.settings import Settings
from tests.helpers.paths import ROOT as ROOT_DIR

ROOT = ROOT_DIR
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")


def command_paths(parser: argparse.ArgumentParser, prefix: str = "maliwatch") -> Iterator[str]:
    """Every command of the parser as typed: "maliwatch feeds add", "maliwatch db upgrade"..."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix} {name}"
                yield path
                yield from command_paths(sub, path)


def setting_names() -> list[str]:
    return [info.alias or name for name, info in Settings.model_fields.items()]


COMMANDS = sorted(set(command_paths(build_parser())))


def test_the_parser_has_the_commands_of_the_brief() -> None:
    expected = {"maliwatch run", "maliwatch poll", "maliwatch demo", "maliwatch feeds import",
                "maliwatch watch add", "maliwatch incidents import", "maliwatch export",
                "maliwatch eval", "maliwatch db upgrade", "maliwatch incident"}  # fmt: skip
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README, f"README.md does not document `{command}`"


@pytest.mark.parametrize("variable", setting_names())
def test_every_setting_is_in_the_readme_table(variable: str) -> None:
    assert re.search(rf"^\| `{variable}` \|", README, re.MULTILINE), variable


@pytest.mark.parametrize("variable", setting_names())
def test_every_setting_is_in_env_example(variable: str) -> None:
    assert re.search(rf"^{variable}=", ENV_EXAMPLE, re.MULTILINE), variable


def test_env_example_lists_no_unknown_setting() -> None:
    listed = set(re.findall(r"^([A-Z_]+)=", ENV_EXAMPLE, re.MULTILINE))
    assert listed == set(setting_names())


def test_readme_keeps_the_two_commands_at_the_top() -> None:
    top = README.split("## What it does")[0]
    setup = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'"
    assert f"{setup} && .venv/bin/maliwatch demo" in top
    assert f"{setup} && .venv/bin/pytest -q" in top


@pytest.mark.parametrize("link", sorted(set(re.findall(r"\]\(((?:docs|bench)/[^)]+)\)", README))))
def test_readme_links_to_files_that_exist(link: str) -> None:
    assert (ROOT / link).exists(), f"README.md links to missing {link}"
