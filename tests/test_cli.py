"""The command line as a user meets it: formats, the JSON contract, exit codes, packs, bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from checker.cli import main
from helpers import EXAMPLES, SEEDS


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_json_contract_and_offsets_index_extract_output() -> None:
    paths = [str(p) for p in SEEDS] + [str(EXAMPLES / "draft-flawed.docx")]
    result = run("check", "--format", "json", *paths)
    data = json.loads(result.stdout)
    assert set(data) == {"tool", "files", "summary"}
    assert data["tool"]["name"] == "fzlint" and data["tool"]["packs"]
    assert len(data["files"]) == len(paths)
    keys = {"rule", "category", "severity", "message", "line", "column", "start", "end", "text", "suggestion",
            "part", "reference", "fix", "occurrences"}
    total = 0
    for entry in data["files"]:
        assert {"path", "format", "encoding", "body", "error", "diagnostics"} <= set(entry)
        extracted = run("extract", entry["path"]).stdout
        assert entry["body"]["start"] < entry["body"]["end"] <= len(extracted)
        for d in entry["diagnostics"]:
            total += 1
            assert set(d) == keys
            assert d["reference"] and d["message"]
            if d["start"] is None:
                assert d["part"] or d["rule"].endswith("missing")
            else:
                assert extracted[d["start"]:d["end"]] == d["text"]
            for o in d["occurrences"] or ():        # a merged slip: every place indexes the extracted text too
                assert extracted[o["start"]:o["end"]] == o["text"]
            assert d["occurrences"] is None or (len(d["occurrences"]) > 1
                                                and d["occurrences"][0]["start"] == d["start"])
    assert total == data["summary"]["diagnostics"] > 0
    assert data["files"][0]["encoding"] == "utf-8"


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_flawed(fail_on: str, code: int) -> None:
    assert run("check", "--fail-on", fail_on, str(EXAMPLES / "draft-flawed.txt")).exit_code == code


def test_clean_report_exits_zero_and_is_silent() -> None:
    result = run("check", "--format", "json", "--fail-on", "info", str(EXAMPLES / "report-clean.txt"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["diagnostics"] == []


def test_warning_only_report_passes_default_gate(tmp_path) -> None:
    # the clean report with the causes taken out of its 不足 part has one warning and no error:
    # exit 0 at --fail-on error, 1 at warning
    text = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")
    text = text.replace("，主要原因是执法编制有限，法律专业人才引进难。", "。").replace("，原因在于对不同群体的法治需求调研不深入。", "。")
    draft = tmp_path / "warning-only.txt"
    draft.write_text(text, encoding="utf-8")
    data = json.loads(run("check", "--format", "json", str(draft)).stdout)
    assert [d["rule"] for d in data["files"][0]["diagnostics"]] == ["structure.causes-missing"]
    assert run("check", str(draft)).exit_code == 0
    assert run("check", "--fail-on", "warning", str(draft)).exit_code == 1


def test_rich_report_shows_excerpt_suggestion_reference_and_parts() -> None:
    out = run("check", "--format", "rich", str(EXAMPLES / "draft-flawed.docx")).stdout
    for expected in ("date.malformed", "2026年01月20日", "建议：2026年1月20日", "依据：GB/T 9704", "必备部分",
                     "✗ 第一责任人职责（缺）", "错误", "汇总"):
        assert expected in out, expected


def test_concise_is_default_when_not_a_terminal() -> None:
    out = run("check", str(EXAMPLES / "draft-flawed.txt")).stdout
    assert "draft-flawed.txt:28:1: error date.malformed" in out


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    odd = tmp_path / "报告.odt"
    odd.write_bytes(b"PK\x03\x04")
    nodir = tmp_path / "空文件夹"
    nodir.mkdir()
    result = run("check", "--format", "json", str(empty), str(odd), str(nodir), str(tmp_path / "没有.txt"),
                 str(EXAMPLES / "draft-flawed.txt"))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    errors = [f["error"] for f in data["files"]]
    assert "文件是空的" in errors[0]
    assert "不支持的文件类型" in errors[1]
    assert "没有可检查的报告" in errors[2]
    assert "不存在" in errors[3]
    assert errors[4] is None and data["files"][4]["diagnostics"]
    assert "空.txt" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_directory_is_walked_in_stable_order(tmp_path) -> None:
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text((EXAMPLES / "report-clean.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    result = run("check", "--format", "json", str(tmp_path))
    data = json.loads(result.stdout)
    assert [f["path"].rsplit("/", 1)[-1] for f in data["files"]] == ["a.txt", "b.txt", "notes.md"]
    assert "不支持的文件类型“.md”" in data["files"][2]["error"]     # accounted for, not silently skipped
    assert result.exit_code == 2


def test_encodings_are_detected_and_reported(tmp_path) -> None:
    text = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")
    cases = {"gb.txt": (text.encode("gb18030"), "gb18030"),
             "bom.txt": (b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig"),
             "u16.txt": (text.encode("utf-16"), "utf-16"),
             "crlf.txt": (text.replace("\n", "\r\n").encode("utf-8"), "utf-8")}
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    out = json.loads(run("check", "--format", "json", *[str(tmp_path / n) for n in cases]).stdout)
    for entry, (name, (_, encoding)) in zip(out["files"], cases.items()):
        assert entry["encoding"] == encoding, name
        assert entry["diagnostics"] == [], name


def test_user_pack_overrides_and_adds_rules() -> None:
    pack = str(EXAMPLES / "custom-pack.yaml")
    listed = run("rules", "--pack", pack).stdout
    assert "date.department-deadline" in listed and "structure.part-order" not in listed
    data = json.loads(run("check", "--format", "json", "--pack", pack, str(SEEDS[1])).stdout)
    causes = [d for d in data["files"][0]["diagnostics"] if d["rule"] == "structure.causes-missing"]
    assert causes and causes[0]["severity"] == "error"      # raised from warning by the pack
    assert run("check", "--pack", pack, str(SEEDS[1])).exit_code == 1


def test_bad_pack_is_refused_with_file_rule_and_field(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nversion: '1'\ntitle: t\nextends: [default]\nrules:\n"
                   "  - id: structure.part-missing\n    severity: fatal\n", encoding="utf-8")
    result = run("check", "--pack", str(bad), str(EXAMPLES / "report-clean.txt"))
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and "structure.part-missing" in result.stderr and "severity" in result.stderr


def test_rules_list_show_and_test() -> None:
    listed = run("rules").stdout
    for rid in ("structure.part-missing", "date.malformed", "signature.missing"):
        assert rid in listed
    shown = run("rules", "show", "date.malformed")
    assert shown.exit_code == 0
    for expected in ("GB/T 9704", "错误示例", "正确示例", "2026115"):
        assert expected in shown.stdout
    assert "自动修复：可以" in shown.stdout
    assert "自动修复：不可以" in run("rules", "show", "figures.rate-mismatch").stdout
    rows = {ln.split("\t")[0]: ln.split("\t") for ln in listed.splitlines()[1:]}
    assert rows["punctuation.doubled-mark"][4] == "fix" and rows["figures.rate-mismatch"][4] == "-"
    assert run("rules", "show", "date.nonsense").exit_code == 2
    tested = run("rules", "test")
    assert tested.exit_code == 0 and " 0 failed" in tested.stdout


def test_rules_test_fails_on_a_rule_whose_example_is_wrong(tmp_path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text("""id: mine
version: "1"
title: 测试
rules:
  - id: structure.causes-stated
    kind: require
    category: structure
    severity: warning
    title: t
    message: m
    reference: r
    part: shortcomings
    any: ["原因"]
    examples:
      bad:
        - |
          某县人民政府关于2025年度法治政府建设情况的报告
          一、存在的不足和原因
          原因是编制不足。
""", encoding="utf-8")
    result = run("rules", "test", str(pack))
    assert result.exit_code == 1
    assert "错误示例 1 没有报出问题" in result.stdout


def test_statistics() -> None:
    out = json.loads(run("check", "--format", "json", "--statistics", *map(str, SEEDS)).stdout)
    stats = out["summary"]["statistics"]
    assert stats["date.missing"] == {"runs": 5, "findings": 2}
    assert stats["structure.part-missing"]["findings"] == 0


def test_extract_outline() -> None:
    out = run("extract", "--outline", str(SEEDS[2])).stdout
    assert "二、压实第一责任人职责,统筹推进法治建设" in out and "measures、first_responsible" in out
    assert "十、下一年度法治政府建设工作计划" in out and "next_year" in out


def test_python_dash_m_is_fzlint() -> None:
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "concise",
                           str(EXAMPLES / "draft-flawed.txt")], capture_output=True, text=True)
    assert proc.returncode == 1 and "date.malformed" in proc.stdout
