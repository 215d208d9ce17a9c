"""fzlint check as a CI gate, end to end: configuration and flags, stdin, parallel jobs, output file, organ."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from checker.cli import main
from helpers import EXAMPLES, SEEDS

FLAWED = (EXAMPLES / "draft-flawed.txt").read_text(encoding="utf-8")
CLEAN = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")


def run(*args: str, cwd=None, stdin: bytes | None = None):
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


def rules_of(result) -> list[str]:
    return [d["rule"] for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]]


def test_config_discovered_upward_and_flags_win(tmp_path) -> None:
    (tmp_path / "fzlint.yaml").write_text("ignore: [figures, punctuation]\nfail-on: never\n", encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "r.txt").write_text(FLAWED, encoding="utf-8")
    result = run("check", "--format", "json", "r.txt", cwd=sub)
    found = rules_of(result)
    assert result.exit_code == 0 and found                      # fail-on never from the file
    assert not any(r.startswith(("figures", "punctuation")) for r in found)
    assert run("check", "--fail-on", "error", "r.txt", cwd=sub).exit_code == 1   # the flag wins
    isolated = rules_of(run("check", "--isolated", "--format", "json", "r.txt", cwd=sub))
    assert any(r.startswith("figures") for r in isolated)


def test_explicit_config_and_bad_config(tmp_path) -> None:
    good = tmp_path / "ci.yaml"
    good.write_text("select: [date]\n", encoding="utf-8")
    draft = tmp_path / "r.txt"
    draft.write_text(FLAWED, encoding="utf-8")
    assert set(rules_of(run("check", "--format", "json", "--config", str(good), str(draft)))) == {"date.malformed"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("selct: [date]\n", encoding="utf-8")
    result = run("check", "--config", str(bad), str(draft))
    assert result.exit_code == 2 and "bad.yaml" in result.stderr and "selct" in result.stderr
    missing = run("check", "--config", str(tmp_path / "none.yaml"), str(draft))
    assert missing.exit_code == 2 and "none.yaml" in missing.stderr


def test_select_and_ignore_flags_take_prefixes(tmp_path) -> None:
    draft = tmp_path / "r.txt"
    draft.write_text(FLAWED, encoding="utf-8")
    only = set(rules_of(run("check", "--isolated", "--format", "json", "--select", "figures,date.malformed", str(draft))))
    assert only == {"figures.rate-mismatch", "figures.approx-remainder", "date.malformed"}
    rest = rules_of(run("check", "--isolated", "--format", "json", "--ignore", "wording.", str(draft)))
    assert rest and not any(r.startswith("wording.") for r in rest)
    typo = run("check", "--isolated", "--select", "figurs", str(draft))
    assert typo.exit_code == 2 and "figurs" in typo.stderr


def test_stdin_with_and_without_a_name() -> None:
    named = run("check", "--isolated", "--format", "json", "-", "--stdin-filename", "草稿.txt",
                stdin=FLAWED.encode("gb18030"))
    entry = json.loads(named.stdout)["files"][0]
    assert entry["path"] == "草稿.txt" and entry["encoding"] == "gb18030" and entry["diagnostics"]
    assert named.exit_code == 1
    plain = run("check", "--isolated", "--format", "concise", "-", stdin=CLEAN.encode("utf-8"))
    assert plain.exit_code == 0 and plain.stdout == ""
    empty = run("check", "--isolated", "-", stdin=b"")
    assert empty.exit_code == 2 and "标准输入是空的" in empty.stderr


def test_stdin_docx_by_its_name() -> None:
    data = (EXAMPLES / "draft-flawed.docx").read_bytes()
    result = run("check", "--isolated", "--format", "json", "-", "--stdin-filename", "draft.docx", stdin=data)
    entry = json.loads(result.stdout)["files"][0]
    assert entry["format"] == "docx" and entry["path"] == "draft.docx" and entry["diagnostics"]


def test_parallel_jobs_keep_the_order_and_the_findings(tmp_path) -> None:
    for i, seed in enumerate(SEEDS * 2):
        (tmp_path / f"{i:02d}_{seed.name}").write_bytes(seed.read_bytes())
    (tmp_path / "99_broken.docx").write_bytes(b"not a zip")
    serial = json.loads(run("check", "--isolated", "--format", "json", str(tmp_path)).stdout)["files"]
    parallel = json.loads(run("check", "--isolated", "--format", "json", "--jobs", "2", str(tmp_path)).stdout)["files"]
    assert [f["path"] for f in parallel] == [f["path"] for f in serial] == sorted(f["path"] for f in serial)
    assert parallel == serial
    assert parallel[-1]["error"]


def test_exclude_globs_when_walking(tmp_path) -> None:
    (tmp_path / "keep.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "old.txt").write_text(FLAWED, encoding="utf-8")
    files = json.loads(run("check", "--isolated", "--format", "json", "--exclude", "drafts", str(tmp_path)).stdout)["files"]
    assert [f["path"].rsplit("/", 1)[-1] for f in files] == ["keep.txt"]


def test_output_file_is_written_and_stdout_stays_empty(tmp_path) -> None:
    out = tmp_path / "report.json"
    result = run("check", "--isolated", "--format", "json", "--output", str(out), str(EXAMPLES / "draft-flawed.txt"))
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["diagnostics"] > 0
    bad = run("check", "--isolated", "--output", str(tmp_path / "no" / "such" / "dir.json"),
              str(EXAMPLES / "report-clean.txt"))
    assert bad.exit_code == 2 and "无法写入输出文件" in bad.stderr


def test_configured_organ_and_report_year(tmp_path) -> None:
    draft = tmp_path / "r.txt"
    draft.write_text(CLEAN, encoding="utf-8")
    ours = run("check", "--isolated", "--format", "json", "--organ", "青山县人民政府", str(draft))
    assert "signature.configured-organ" not in rules_of(ours)
    other = run("check", "--isolated", "--format", "json", "--organ", "白河县人民政府", str(draft))
    assert rules_of(other).count("signature.configured-organ") == 2       # title and signature
    year = run("check", "--isolated", "--format", "json", "--report-year", "2024", str(draft))
    assert json.loads(year.stdout)["files"][0]["report_year"] == 2024
    assert "date.untimely" in rules_of(year)          # dated 2026年2月10日: late for a 2024 report


def test_init_writes_a_starter_that_loads(tmp_path) -> None:
    result = run("init", str(tmp_path))
    assert result.exit_code == 0 and (tmp_path / "fzlint.yaml").exists()
    again = run("init", str(tmp_path))
    assert again.exit_code == 2
    draft = tmp_path / "r.txt"
    draft.write_text(CLEAN, encoding="utf-8")
    assert run("check", "r.txt", cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize("name", ["报告 草稿.txt", "-leading-dash.txt"])
def test_awkward_file_names(tmp_path, name: str) -> None:
    (tmp_path / name).write_text(FLAWED, encoding="utf-8")
    result = run("check", "--isolated", "--format", "json", "--", name, cwd=tmp_path)
    assert json.loads(result.stdout)["files"][0]["path"] == name and result.exit_code == 1


def test_baseline_round_trip_through_the_cli(tmp_path) -> None:
    draft = tmp_path / "r.txt"
    draft.write_text(FLAWED, encoding="utf-8")
    base = tmp_path / "fzlint-baseline.json"
    written = run("check", "--isolated", "--write-baseline", str(base), str(draft))
    assert base.exists() and "基线" in written.stderr
    assert run("check", "--isolated", "--baseline", str(base), str(draft)).exit_code == 0
    # edit elsewhere: a paragraph inserted near the top moves every line; nothing old comes back
    moved = FLAWED.replace("县委、县政府：\n", "县委、县政府：\n\n全年工作平稳有序，各项任务按期完成。\n")
    draft.write_text(moved, encoding="utf-8")
    again = run("check", "--isolated", "--format", "json", "--baseline", str(base), str(draft))
    assert rules_of(again) == [] and again.exit_code == 0
    # a new defect: only it is reported
    draft.write_text(moved.replace("发放宣传资料1.2万份。", "发放宣传资料1.2万份。。"), encoding="utf-8")
    new = run("check", "--isolated", "--format", "json", "--baseline", str(base), str(draft))
    assert rules_of(new) == ["punctuation.doubled-mark"] and new.exit_code == 1
    broken = tmp_path / "not-a-baseline.json"
    broken.write_text("[]", encoding="utf-8")
    assert run("check", "--isolated", "--baseline", str(broken), str(draft)).exit_code == 2


def test_suppression_directives_through_the_cli(tmp_path) -> None:
    text = FLAWED.replace("（二）规范行政执法行为", "<!-- fzlint: disable=figures,punctuation.doubled-mark -->\n（二）规范行政执法行为", 1)
    text = text.replace("（三）深化普法宣传教育", "<!-- fzlint: enable=figures -->\n（三）深化普法宣传教育", 1)
    draft = tmp_path / "r.txt"
    draft.write_text(text, encoding="utf-8")
    found = rules_of(run("check", "--isolated", "--format", "json", str(draft)))
    assert "figures.rate-mismatch" not in found and "punctuation.doubled-mark" not in found
    assert "figures.approx-remainder" in found          # before the disable line: still reported
