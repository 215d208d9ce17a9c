"""Baselines: written from today's findings, matched by rule, file and text — not by position."""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from checker.report.baseline import Baseline, fingerprint, load_baseline, normalize_path, write_baseline
from checker.errors import ConfigError
from checker.model import Category, Diagnostic, FileResult, Part, Severity, Span
from checker.runner import check_file, check_paths
from helpers import EXAMPLES

FLAWED = (EXAMPLES / "draft-flawed.txt").read_text(encoding="utf-8")
FLAWED_RULES = {"structure.part-missing", "wording.xi-thought-name", "punctuation.range-hyphen",
                "wording.known-typo", "figures.approx-remainder", "figures.rate-mismatch",
                "punctuation.doubled-mark", "structure.causes-missing", "date.malformed"}
ADDRESSEE = "县委、县政府：\n"
NEW_PARAGRAPHS = ("2025年是法治政府建设实施纲要收官之年。\n\n"
                  "本局共有执法人员45名，全部持证上岗。\n")        # four lines with the blank one after


def rules_of(result: FileResult) -> list[str]:
    return [d.rule for d in result.diagnostics]


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "reports" / "清河县.txt"
    path.parent.mkdir()
    path.write_text(FLAWED, encoding="utf-8")
    return path


@pytest.fixture()
def baselined(report: Path, rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A flawed report and the baseline of its findings, paths relative to the working directory."""
    monkeypatch.chdir(tmp_path)
    results = check_paths(["reports"], rules)
    assert set(rules_of(results[0])) == FLAWED_RULES
    assert write_baseline(results, "baseline.json") == len(FLAWED_RULES)
    return Path("reports/清河县.txt"), Path("baseline.json")


def recheck(path: Path, rules, baseline: Path) -> tuple[FileResult, FileResult]:
    raw = check_file(str(path), rules)
    return raw, load_baseline(baseline).filter(raw)


def test_baseline_hides_every_recorded_finding(baselined, rules) -> None:
    path, bl = baselined
    raw, kept = recheck(path, rules, bl)
    assert len(raw.diagnostics) == len(FLAWED_RULES)
    assert kept.diagnostics == ()
    assert kept.context == {}
    assert sum(fired for _, fired in kept.stats.values()) == 0
    assert sum(fired for _, fired in raw.stats.values()) == len(FLAWED_RULES)


def test_editing_elsewhere_does_not_resurrect_findings(baselined, rules) -> None:
    path, bl = baselined
    before = {d.rule: (d.line, d.span) for d in check_file(str(path), rules).diagnostics}
    text = FLAWED.replace(ADDRESSEE, ADDRESSEE + "\n" + NEW_PARAGRAPHS, 1)
    text = text.replace("主题活动26场", "主题活动28场").replace("加强执法队伍建设", "加强执法人员队伍建设")
    path.write_text(text, encoding="utf-8")
    raw, kept = recheck(path, rules, bl)
    after = {d.rule: (d.line, d.span) for d in raw.diagnostics}
    assert set(after) == FLAWED_RULES
    moved = [r for r in FLAWED_RULES if after[r][0] is not None]
    assert moved and all(after[r][0] == before[r][0] + 4 for r in moved)     # every finding moved down
    assert kept.diagnostics == ()


def test_only_a_new_defect_is_reported(baselined, rules) -> None:
    path, bl = baselined
    text = FLAWED.replace(ADDRESSEE, ADDRESSEE + "\n" + NEW_PARAGRAPHS, 1)
    text = text.replace("发放宣传资料1.2万份。", "发放宣传资料1.2万份，，覆盖群众3万人次。")
    path.write_text(text, encoding="utf-8")
    raw, kept = recheck(path, rules, bl)
    assert len(raw.diagnostics) == len(FLAWED_RULES) + 1
    assert [(d.rule, d.text) for d in kept.diagnostics] == [("punctuation.doubled-mark", "，，")]
    assert set(kept.context) == {kept.diagnostics[0].line}
    assert kept.stats["punctuation.doubled-mark"] == (1, 1)


def test_a_repeat_beyond_the_baseline_is_reported_once(baselined, rules) -> None:
    path, bl = baselined
    text = FLAWED.replace("普法宣传的针对性", "普法宣传和学些活动的针对性")      # "学些" a second time
    path.write_text(text, encoding="utf-8")
    raw, kept = recheck(path, rules, bl)
    assert [d.text for d in raw.diagnostics if d.rule == "wording.known-typo"] == ["学些", "学些"]
    assert [(d.rule, d.text) for d in kept.diagnostics] == [("wording.known-typo", "学些")]
    # the same typo now three times: the two beyond the one baselined are reported
    path.write_text(text.replace("带头讲法4次", "带头讲法4次，组织学些活动"), encoding="utf-8")
    _, kept = recheck(path, rules, bl)
    assert [(d.rule, d.text) for d in kept.diagnostics] == [("wording.known-typo", "学些")] * 2


def test_fixed_findings_stay_fixed_and_other_files_are_not_covered(baselined, rules, tmp_path) -> None:
    path, bl = baselined
    path.write_text(FLAWED.replace("学些", "学习"), encoding="utf-8")
    raw, kept = recheck(path, rules, bl)
    assert "wording.known-typo" not in rules_of(raw) and kept.diagnostics == ()
    other = Path("reports/另一份.txt")
    other.write_text(FLAWED, encoding="utf-8")
    raw, kept = recheck(other, rules, bl)
    assert rules_of(kept) == rules_of(raw) and set(rules_of(kept)) == FLAWED_RULES


def test_document_level_findings_are_matched_by_part(baselined, rules) -> None:
    path, bl = baselined
    text = FLAWED.replace("三、2026年工作安排", "三、其他事项").replace("县市场监管局坚持", "我局坚持")
    path.write_text(text, encoding="utf-8")
    raw, kept = recheck(path, rules, bl)
    missing = {d.part for d in raw.diagnostics if d.rule == "structure.part-missing"}
    assert missing == {Part.FIRST_RESPONSIBLE, Part.NEXT_YEAR}
    assert [(d.rule, d.part) for d in kept.diagnostics] == [("structure.part-missing", Part.NEXT_YEAR)]


def test_docx_report_edited_above(rules, tmp_path, monkeypatch) -> None:
    import docx

    monkeypatch.chdir(tmp_path)
    document = docx.Document(str(EXAMPLES / "draft-flawed.docx"))
    document.save("报告.docx")
    assert write_baseline([check_file("报告.docx", rules)], "bl.json") == len(FLAWED_RULES)
    first_body = next(p for p in document.paragraphs if p.text.startswith("2025年，"))
    first_body.insert_paragraph_before("本局共有执法人员45名，全部持证上岗。")
    first_body.insert_paragraph_before("全年未发生行政诉讼败诉案件。")
    document.save("报告.docx")
    raw, kept = recheck(Path("报告.docx"), rules, Path("bl.json"))
    assert set(rules_of(raw)) == FLAWED_RULES and kept.diagnostics == ()


# ---------------------------------------------------------------- the file

def test_file_format_sorted_and_atomic(baselined) -> None:
    _, bl = baselined
    data = json.loads(bl.read_text(encoding="utf-8"))
    assert data["fzlint_baseline"] == 1
    findings = data["findings"]
    assert [set(f) for f in findings] == [{"file", "rule", "text", "part", "occurrence", "fingerprint"}] * 9
    assert {f["file"] for f in findings} == {"reports/清河县.txt"}
    assert [f["rule"] for f in findings] == sorted(FLAWED_RULES)
    typo = next(f for f in findings if f["rule"] == "wording.known-typo")
    assert (typo["text"], typo["part"], typo["occurrence"]) == ("学些", None, 0)
    missing = next(f for f in findings if f["rule"] == "structure.part-missing")
    assert (missing["text"], missing["part"]) == (None, "first_responsible")
    assert "学些" in bl.read_text(encoding="utf-8")            # readable, not \u-escaped
    assert sorted(os.listdir(".")) == ["baseline.json", "reports"]     # no temporary file left
    assert len(load_baseline(bl)) == 9


def test_write_replaces_and_skips_unreadable_files(rules, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(FLAWED, encoding="utf-8")
    Path("bl.json").write_text("old", encoding="utf-8")
    results = check_paths(["a.txt", "missing.txt"], rules)
    assert results[1].error
    assert write_baseline(results, "bl.json") == 9
    baseline = load_baseline("bl.json")
    assert {e.file for e in baseline.entries} == {"a.txt"}
    assert baseline.filter(results[1]) is results[1]
    assert sorted(os.listdir(".")) == ["a.txt", "bl.json"]


def test_write_into_a_missing_folder_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="文件夹不存在"):
        write_baseline([], tmp_path / "no" / "bl.json")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("content, message", [
    (None, "基线文件不存在"),
    ("{not json", "JSON 格式有误"),
    ('{"findings": []}', "不是 fzlint 基线文件"),
    ("[1, 2]", "不是 fzlint 基线文件"),
    ('{"fzlint_baseline": 2, "findings": []}', "版本“2”不受支持"),
    ('{"fzlint_baseline": 1}', "缺少 findings"),
    ('{"fzlint_baseline": 1, "findings": [{"file": "a.txt", "rule": "x"}]}', "第 1 条记录缺少“fingerprint”"),
    ('{"fzlint_baseline": 1, "findings": [{"file": "a", "rule": "x", "fingerprint": "f", "occurrence": -1}]}',
     "occurrence"),
])
def test_load_errors_name_the_file(tmp_path, content: str | None, message: str) -> None:
    path = tmp_path / "bl.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_baseline(path)
    assert str(path) in str(info.value)


def test_load_a_folder_is_an_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="文件夹"):
        load_baseline(tmp_path)


# ---------------------------------------------------------------- fingerprints

def diag(rule: str = "wording.known-typo", text: str | None = "学些", start: int | None = 10,
         part: Part | None = None, message: str = "m") -> Diagnostic:
    span = Span(start, start + len(text or "")) if start is not None else None
    return Diagnostic(rule=rule, category=Category.WORDING, severity=Severity.ERROR, message=message, span=span,
                      line=1 if span else None, column=1 if span else None, text=text, suggestion=None, part=part,
                      reference="")


def test_fingerprint_ignores_position_and_path_spelling() -> None:
    assert fingerprint("reports/a.txt", diag(start=10)) == fingerprint("./reports/a.txt", diag(start=900))
    assert fingerprint("reports\\a.txt", diag()) == fingerprint("reports/a.txt", diag())
    assert normalize_path(".\\报告\\a.txt") == "报告/a.txt"
    base = fingerprint("a.txt", diag())
    assert len({base, fingerprint("b.txt", diag()), fingerprint("a.txt", diag(text="学些的")),
                fingerprint("a.txt", diag(rule="wording.other")), fingerprint("a.txt", diag(), 1)}) == 5


def test_fingerprint_of_document_level_and_zero_width_findings() -> None:
    a = diag(rule="structure.part-missing", text=None, start=None, part=Part.MEASURES, message="一")
    b = diag(rule="structure.part-missing", text=None, start=None, part=Part.MEASURES, message="二")
    c = diag(rule="structure.part-missing", text=None, start=None, part=Part.NEXT_YEAR)
    assert fingerprint("a.txt", a) == fingerprint("a.txt", b) != fingerprint("a.txt", c)
    z1, z2 = diag(text="", message="句末缺少句号"), diag(text="", message="缺少顿号")
    assert fingerprint("a.txt", z1) != fingerprint("a.txt", z2)


def test_filter_counts_occurrences_in_document_order() -> None:
    first, second = diag(start=50), diag(start=10)          # listed out of document order
    result = FileResult(path="a.txt", format="txt", encoding="utf-8", body=None, error=None,
                        diagnostics=(first, second), context={1: "x"}, stats={"wording.known-typo": (1, 2)})
    only_first = Baseline("bl", (), frozenset({fingerprint("a.txt", second, 0)}))
    kept = only_first.filter(result)
    assert kept.diagnostics == (first,)              # the earlier one in the text is occurrence 0
    assert kept.stats == {"wording.known-typo": (1, 1)}
    assert dataclasses.replace(kept, diagnostics=(), stats={}, context={}).path == "a.txt"
