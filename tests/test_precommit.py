"""The real `pre-commit` tool gates commits with fzlint's hook (.pre-commit-hooks.yaml).

The hook repository is a snapshot of this checkout (tracked and untracked files, committed in a temporary git
repository), so the test sees the working tree as it is, committed or not. pre-commit builds the hook's virtualenv
and pip-installs fzlint into it from that snapshot: this needs the package index and takes a minute or so, paid
once per module (both tests share PRE_COMMIT_HOME). Nothing is written to the user's pre-commit cache or git config.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Sequence

import pytest

from helpers import EXAMPLES, ROOT

TIMEOUT = 600   # seconds per command: the first commit installs the hook environment from the package index
FINDING = re.compile(r"^(report\.(?:txt|docx)):\d+:\d+: (error|warning|info) (\S+) ", re.MULTILINE)
NEW_DEFECT = "全年召开局务会议研究法治建设议题5次，，审议规范性文件8件。"
DOCS = ROOT / "docs" / "ci.md"


def _hooks() -> list[dict]:
    import yaml

    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_hook_runs_fzlint_check_on_every_report_format_including_binary_docx() -> None:
    (hook,) = _hooks()
    assert hook["id"] == "fzlint" and hook["entry"] == "fzlint check" and hook["language"] == "python"
    assert hook.get("pass_filenames", True) and not hook.get("require_serial", False)
    assert "types" not in hook and "types_or" not in hook      # identify calls .docx binary: no text-only filter
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ("report.txt", "a/b/2025年度报告.docx", "page.htm", "page.html", "R.DOCX"))
    assert not any(files.search(p) for p in ("README.md", "report.docx.bak", "pack.yaml", "report.pdf"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts


def _flags(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))


def _check_help() -> str:
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--help"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stdout
    return proc.stdout


def test_ci_docs_snippets_parse_and_use_only_real_flags_formats_and_hooks() -> None:
    import yaml

    from checker.report import FORMATS

    text = DOCS.read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]
    assert len(blocks) == 4                                 # two GitHub workflows, GitLab, pre-commit
    (config,) = [b for b in blocks if "repos" in b]
    ids = {h["id"] for h in _hooks()}
    assert {h["id"] for r in config["repos"] for h in r["hooks"]} <= ids
    commands = re.findall(r"fzlint check [^\n`#]*", text)
    assert len(commands) >= 5
    flags = _flags(" ".join(commands + re.findall(r"args: \[[^]]*]", text)))
    assert {"--format", "--output", "--fail-on", "--baseline", "--write-baseline"} <= flags
    missing = flags - _flags(_check_help())
    assert not missing, f"docs/ci.md uses {sorted(missing)}, which `fzlint check --help` does not list"
    used = set(re.findall(r"--format (\w+)", text))
    assert {"github", "sarif", "junit", "concise"} <= used
    assert used <= set(FORMATS), f"docs/ci.md uses formats {used - set(FORMATS)} that fzlint does not have"


def _pre_commit() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    return [exe] if exe else None


def _run(cmd: Sequence[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT)
    if check:
        assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}"
    return proc


def _git_init(repo: Path, env: dict[str, str]) -> None:
    _run(["git", "init", "-q", str(repo)], repo.parent, env)
    for key, value in (("user.name", "fzlint test"), ("user.email", "fzlint-test@example.invalid"),
                       ("commit.gpgsign", "false"), ("core.autocrlf", "false")):
        _run(["git", "config", key, value], repo, env)


def _snapshot_files(root: Path) -> list[Path]:
    """The checkout's tracked and untracked, not ignored, files — or, outside a git checkout, every file
    except caches and build output."""
    proc = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if proc.returncode == 0:
        names = [Path(n) for n in proc.stdout.decode("utf-8").split("\0") if n]
    else:
        skip = {".git", "__pycache__", "build", "dist", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}
        names = [p.relative_to(root) for p in root.rglob("*")
                 if p.is_file() and not skip.intersection(p.relative_to(root).parts)
                 and not any(part.startswith(".venv") for part in p.relative_to(root).parts)]
    return [n for n in names if (root / n).is_file()]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """No outer git state (a hook running these tests, the user's global config) and a private pre-commit cache."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if _pre_commit() is None:
        pytest.skip("pre-commit is not installed: pip install '.[test]' installs it")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "SKIP"}
    env.update(PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")), GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0", PRE_COMMIT_COLOR="never", NO_COLOR="1",
               PYTHONIOENCODING="utf-8")
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding a snapshot of this checkout, and the commit pre-commit should use."""
    repo = tmp_path_factory.mktemp("fzlint-hook-repo")
    for name in _snapshot_files(ROOT):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    assert (repo / ".pre-commit-hooks.yaml").is_file(), "the checkout has no .pre-commit-hooks.yaml"
    _git_init(repo, env)
    _run(["git", "add", "-A"], repo, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "snapshot of the fzlint checkout"], repo, env)
    return repo, _run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


def _project(path: Path, hook_repo: tuple[Path, str], env: dict[str, str], args: Sequence[str] = ()) -> Path:
    """A reports repository using the fzlint hook, with the hook installed and the config committed."""
    path.mkdir()
    _git_init(path, env)
    _write_config(path, hook_repo, args)
    _run([*_pre_commit_cmd(), "install"], path, env)
    first = _commit(path, env, "pre-commit configuration")
    assert first.returncode == 0, first.stdout
    assert re.search(r"fzlint.*\(no files to check\)Skipped", first.stdout), first.stdout
    return path


def _pre_commit_cmd() -> list[str]:
    cmd = _pre_commit()
    assert cmd is not None
    return cmd


def _write_config(path: Path, hook_repo: tuple[Path, str], args: Sequence[str]) -> None:
    repo, rev = hook_repo
    hook = "      - id: fzlint\n" + (f"        args: {json.dumps(list(args))}\n" if args else "")
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {json.dumps(str(repo))}\n    rev: {rev}\n    hooks:\n{hook}", encoding="utf-8")


def _commit(path: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    _run(["git", "add", "-A"], path, env)
    return _run(["git", "commit", "-m", message], path, env, check=False)


def _commits(path: Path, env: dict[str, str]) -> int:
    return int(_run(["git", "rev-list", "--count", "HEAD"], path, env).stdout)


def _findings(output: str) -> set[tuple[str, str]]:
    """(file, rule) of every `path:line:col: severity rule message` line the hook printed."""
    return {(m.group(1), m.group(3)) for m in FINDING.finditer(output)}


def _errors(path: Path, rules) -> set[str]:
    from checker.model import Severity
    from checker.runner import check_file

    result = check_file(str(path), rules)
    assert result.error is None, result.error
    return {d.rule for d in result.diagnostics if d.severity >= Severity.ERROR}


def _docx(text: str, dest: Path) -> None:
    import docx

    d = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            d.add_paragraph(line.strip())
    d.save(str(dest))


def test_commit_is_blocked_by_a_flawed_report_until_it_is_fixed(tmp_path, env, hook_repo, rules) -> None:
    project = _project(tmp_path / "reports", hook_repo, env)
    shutil.copy(EXAMPLES / "draft-flawed.txt", project / "report.txt")
    shutil.copy(EXAMPLES / "draft-flawed.docx", project / "report.docx")
    expected = ({("report.txt", r) for r in _errors(project / "report.txt", rules)}
                | {("report.docx", r) for r in _errors(project / "report.docx", rules)})
    assert {f for f, _ in expected} == {"report.txt", "report.docx"}

    blocked = _commit(project, env, "flawed draft")
    assert blocked.returncode != 0, blocked.stdout
    assert re.search(r"fzlint.*Failed", blocked.stdout) and "- exit code: 1" in blocked.stdout, blocked.stdout
    assert expected <= _findings(blocked.stdout), blocked.stdout   # every error, in both the .txt and the .docx
    assert _commits(project, env) == 1

    clean = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")
    (project / "report.txt").write_text(clean, encoding="utf-8")
    _docx(clean, project / "report.docx")
    allowed = _commit(project, env, "defects fixed")
    assert allowed.returncode == 0, allowed.stdout
    assert re.search(r"fzlint.*Passed", allowed.stdout), allowed.stdout
    assert _commits(project, env) == 2
    committed = _run(["git", "show", "--name-only", "--format=", "HEAD"], project, env).stdout.split()
    assert sorted(committed) == ["report.docx", "report.txt"]


def _baseline_flags() -> bool:
    return {"--baseline", "--write-baseline"} <= _flags(_check_help())


def test_commit_is_allowed_once_the_findings_are_baselined_and_blocked_by_a_new_one(tmp_path, env, hook_repo) -> None:
    if not _baseline_flags():
        pytest.skip("baseline flags not wired yet (fzlint check --baseline / --write-baseline)")
    project = _project(tmp_path / "reports", hook_repo, env)
    flawed = (EXAMPLES / "draft-flawed.txt").read_text(encoding="utf-8")
    (project / "report.txt").write_text(flawed, encoding="utf-8")
    blocked = _commit(project, env, "flawed draft")
    assert blocked.returncode != 0 and "- exit code: 1" in blocked.stdout, blocked.stdout
    old = _findings(blocked.stdout)
    assert ("report.txt", "wording.known-typo") in old, blocked.stdout

    # accept today's findings: write the baseline with fzlint itself, point the hook at it
    _run([sys.executable, "-m", "checker", "check", "--write-baseline", "fzlint-baseline.json", "report.txt"],
         project, env, check=False)
    assert (project / "fzlint-baseline.json").is_file()
    _write_config(project, hook_repo, ["--baseline", "fzlint-baseline.json"])
    allowed = _commit(project, env, "flawed draft, findings accepted in the baseline")
    assert allowed.returncode == 0, allowed.stdout
    assert re.search(r"fzlint.*Passed", allowed.stdout), allowed.stdout
    assert _commits(project, env) == 2

    # a new defect near the top moves every old finding down; only the new one is reported, and it blocks
    lines = flawed.split("\n")
    heading = lines.index("一、主要举措和成效")
    lines[heading + 1:heading + 1] = ["", NEW_DEFECT]
    (project / "report.txt").write_text("\n".join(lines), encoding="utf-8")
    blocked = _commit(project, env, "a new defect")
    assert blocked.returncode != 0 and "- exit code: 1" in blocked.stdout, blocked.stdout
    assert _findings(blocked.stdout) == {("report.txt", "punctuation.doubled-mark")}, blocked.stdout
    assert "，，" in blocked.stdout
    assert _commits(project, env) == 2
