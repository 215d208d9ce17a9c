"""The tests test the working tree: pytest's configuration (`pythonpath = ["."]` in pyproject.toml) puts the
checkout first on the path, so a rule pack or a module edited here is what the tests see, whatever copy of fzlint
is installed. Installed from a wheel, the built-in packs are package data (checker/_rules); from a checkout they
are the checkout's rules/."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import ROOT

import checker
from checker.files import builtin_dir
from checker.packs import resolve

EDITED_PACK_TEST = '''
from pathlib import Path

import checker
from checker.packs import resolve


def test_the_edited_pack_is_what_the_tests_see():
    here = Path(__file__).resolve().parent.parent
    assert Path(checker.__file__).resolve().parent == here / "checker"
    assert {{r.id: r.severity.label for r in resolve(["default"])[1]}}[{rule!r}] == {severity!r}
'''


def test_checker_is_imported_from_this_checkout() -> None:
    assert Path(checker.__file__).resolve().parent == (ROOT / "checker").resolve()


def test_the_built_in_packs_are_the_checkouts_rules() -> None:
    assert builtin_dir().resolve() == (ROOT / "rules").resolve()
    packs, _ = resolve(["default"])
    assert packs and all(Path(p.path).resolve().parent == (ROOT / "rules").resolve() for p in packs)


def test_a_pack_edited_in_a_checkout_is_what_its_tests_see(tmp_path: Path) -> None:
    """A copy of the checkout with one rule's severity changed: pytest run on it (from another folder, so the
    working directory puts nothing on the path, while this checkout stays importable) sees the change."""
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "checker", copy / "checker", ignore=shutil.ignore_patterns("__pycache__", "_rules"))
    shutil.copytree(ROOT / "rules", copy / "rules")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    rule, severity = _change_a_severity(copy / "rules", {r.id: r.severity.label for r in resolve(["default"])[1]})
    (copy / "tests").mkdir()
    (copy / "tests" / "test_edited.py").write_text(EDITED_PACK_TEST.format(rule=rule, severity=severity),
                                                    encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run([sys.executable, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(copy), "-c", str(copy / "pyproject.toml"), str(copy / "tests")],
                          cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _change_a_severity(rules: Path, active: dict[str, str]) -> tuple[str, str]:
    """Give the first active rule that no other pack overrides another severity; returns (rule id, new severity)."""
    for path in sorted(rules.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("rules") or ():
            if "kind" in item and active.get(item["id"]) == item["severity"]:
                item["severity"] = "info" if item["severity"] != "info" else "error"
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
                return item["id"], item["severity"]
    raise AssertionError("no rule defined in rules/")
