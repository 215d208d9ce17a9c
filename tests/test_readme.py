"""The README stays true: it lists every active rule with its current severity and whether `fzlint fix` may fix it,
and its quick start is two commands."""
from __future__ import annotations

import re

from checker.packs import resolve
from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_readme_with_its_severity() -> None:
    for rule in resolve(["default"])[1]:
        row = f"| `{rule.id}` | {rule.severity.label} | {'✓' if rule.fix else ''} |"
        assert row in README, f"{rule.id}: run python scripts/rules_table.py"


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    """Each makes (or reuses) a virtual environment: Debian's and Ubuntu's system Python refuses `pip install`."""
    block = README.split("## 快速开始 / Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [ln for ln in block.strip().splitlines() if ln.strip()]
    assert len(commands) == 2
    venv = r"python3 -m venv \.venv && \.venv/bin/pip install "
    assert re.fullmatch(venv + r"\. && \.venv/bin/fzlint check (examples/\S+)", commands[0])
    assert (ROOT / re.fullmatch(r".* check (\S+)", commands[0]).group(1)).is_file()
    assert re.fullmatch(venv + r"-e '\.\[test\]' && \.venv/bin/pytest", commands[1])
    ci = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert commands[1] in ci
