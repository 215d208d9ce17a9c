"""Configuration: discovery, every key in YAML and TOML, errors naming file and key, word lists, flags over the
file, rule selection on the real default pack, per-file ignores, the reject rule, accept, and `fzlint init`."""
from __future__ import annotations

import dataclasses
import os
import re
import textwrap
from pathlib import Path

import pytest

from checker.config.discovery import Settings, discover, find_config, load_config, merge
from checker.config.selection import accepted, excluded, ignored_for_path, path_matches, select_rules
from checker.config.template import INIT_TEMPLATE, SCHEMA_PATH, config_schema, render_schema, write_init
from checker.config.values import KEYS
from checker.errors import ConfigError
from checker.model import Category, Severity, Span
from checker.packs import resolve
from checker.runner import findings
from checker.session import vocabulary_rule

REPORT = "某县司法局关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n{body}\n某县司法局\n2026年2月20日\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def default_rules():
    return resolve(["default"])[1]


# ---------------------------------------------------------------------------------------------- discovery

def test_closest_configuration_wins_and_nothing_is_merged(tmp_path: Path) -> None:
    write(tmp_path / "fzlint.yaml", "select: [figures]\nfail-on: warning\n")
    inner = write(tmp_path / "county" / ".fzlint.yaml", "ignore: [date.untimely]\n")
    deep = tmp_path / "county" / "2025" / "drafts"
    deep.mkdir(parents=True)
    assert find_config(deep) == inner
    assert find_config(tmp_path / "county") == inner
    assert find_config(tmp_path) == tmp_path / "fzlint.yaml"
    found = find_config(deep)
    assert found is not None
    settings = load_config(found)
    assert settings.ignore == ("date.untimely",)
    assert settings.select == () and settings.fail_on is None      # the outer file is not merged in


def test_a_file_starts_the_search_in_its_folder(tmp_path: Path) -> None:
    cfg = write(tmp_path / "fzlint.yaml", "jobs: 2\n")
    report = write(tmp_path / "reports" / "a.txt", "x")
    assert find_config(report) == cfg
    assert find_config(tmp_path / "reports" / "missing.txt") == cfg


def test_pyproject_counts_only_with_a_tool_fzlint_table(tmp_path: Path) -> None:
    outer = write(tmp_path / "fzlint.yaml", "jobs: 1\n")
    proj = tmp_path / "proj"
    write(proj / "pyproject.toml", "[project]\nname = 'x'\n[tool.ruff]\nline-length = 100\n")
    assert find_config(proj) == outer
    write(proj / "pyproject.toml", "[project]\nname = 'x'\n[tool.fzlint]\nreport-year = 2024\n")
    assert find_config(proj) == proj / "pyproject.toml"
    assert load_config(proj / "pyproject.toml").report_year == 2024


def test_in_one_folder_fzlint_yaml_then_dot_file_then_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.fzlint]\njobs = 3\n")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / ".fzlint.yaml", "jobs: 2\n")
    assert find_config(tmp_path) == tmp_path / ".fzlint.yaml"
    write(tmp_path / "fzlint.yaml", "jobs: 1\n")
    assert find_config(tmp_path) == tmp_path / "fzlint.yaml"
    assert discover(tmp_path).jobs == 1
    assert discover(tmp_path, tmp_path / "pyproject.toml").jobs == 3     # --config wins over discovery


def test_none_found_gives_no_configuration(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path / "a" / "b") is None
    assert discover(tmp_path / "a" / "b") == Settings()


def test_an_unrelated_broken_pyproject_is_ignored_but_ours_is_an_error(tmp_path: Path) -> None:
    outer = write(tmp_path / "fzlint.yaml", "jobs: 1\n")
    write(tmp_path / "p" / "pyproject.toml", "[project\nname = \n")
    assert find_config(tmp_path / "p") == outer
    bad = write(tmp_path / "q" / "pyproject.toml", "[tool.fzlint]\njobs = \n")
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path / "q")
    assert info.value.path == str(bad) and "TOML" in info.value.message


# ---------------------------------------------------------------------------------------------- every key

FULL_YAML = """\
packs: [formulations, ./province.yaml]
select: [structure, date, "punctuation.", wording]
ignore: date.untimely
per-file-ignores:
  "历年报告/*": [date, wording.vague-count]
  "*.html": "punctuation."
exclude: [草稿, "*.bak.txt"]
severity:
  structure: warning
  structure.part-missing: error
fail-on: warning
report-year: 2025
organ: " 某县人民政府 "
accept: [城关镇, words/local.txt]
reject:
  - {依法治县办: 县委依法治县办}
  - 法制政府 → 法治政府
  - words/reject.txt
jobs: 4
"""

FULL_TOML = """\
[project]
name = "reports"

[tool.fzlint]
packs = ["formulations", "./province.yaml"]
select = ["structure", "date", "punctuation.", "wording"]
ignore = "date.untimely"
exclude = ["草稿", "*.bak.txt"]
fail_on = "warning"
report_year = "2025"
organ = "某县人民政府"
accept = ["城关镇", "words/local.txt"]
reject = [{"依法治县办" = "县委依法治县办"}, "法制政府 → 法治政府", "words/reject.txt"]
jobs = 4

[tool.fzlint.per_file_ignores]
"历年报告/*" = ["date", "wording.vague-count"]
"*.html" = "punctuation."

[tool.fzlint.severity]
structure = "warning"
"structure.part-missing" = "error"
"""

PROVINCE = """\
id: province
version: "1"
title: 某省
extends: [default]
rules:
  - id: structure.part-order
    enabled: false
"""


def _project(root: Path) -> None:
    write(root / "province.yaml", PROVINCE)
    write(root / "words" / "local.txt", "# 本地地名\n城关镇\n\n枫桥式   # 工作品牌\n  华润(中国)有限公司  \n")
    write(root / "words" / "reject.txt", "# 本单位写法\n法治建设领导小组 → 法治建设委员会\n综治办=平安办\n老写法 -> 新写法\n")


def _expected(root: Path, source: Path) -> Settings:
    return Settings(
        packs=("formulations", str(root / "province.yaml")),
        select=("structure", "date", "punctuation.", "wording"), ignore=("date.untimely",),
        per_file_ignores=(("历年报告/*", ("date", "wording.vague-count")), ("*.html", ("punctuation.",))),
        exclude=("草稿", "*.bak.txt"),
        severity=(("structure", "warning"), ("structure.part-missing", "error")),
        fail_on="warning", report_year=2025, organ="某县人民政府",
        accept=("城关镇", "枫桥式", "华润(中国)有限公司"),
        reject=(("依法治县办", "县委依法治县办"), ("法制政府", "法治政府"), ("法治建设领导小组", "法治建设委员会"),
                ("综治办", "平安办"), ("老写法", "新写法")),
        jobs=4, source=str(source))


def test_every_key_in_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    cfg = write(tmp_path / "fzlint.yaml", FULL_YAML)
    monkeypatch.chdir(tmp_path.parent)          # files are relative to the configuration, not the working folder
    assert load_config(cfg) == _expected(tmp_path, cfg)


def test_every_key_in_pyproject_toml_snake_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    cfg = write(tmp_path / "pyproject.toml", FULL_TOML)
    monkeypatch.chdir(tmp_path.parent)
    assert load_config(cfg) == _expected(tmp_path, cfg)


def test_snake_case_in_yaml_and_kebab_case_in_toml(tmp_path: Path) -> None:
    y = write(tmp_path / "a" / "fzlint.yaml", "fail_on: info\nreport_year: 2024\nper_file_ignores: {'*.txt': [date]}\n")
    t = write(tmp_path / "b" / "pyproject.toml", "[tool.fzlint]\nfail-on = 'info'\nreport-year = 2024\n"
                                                 "per-file-ignores = {'*.txt' = ['date']}\n")
    for cfg in (y, t):
        s = load_config(cfg)
        assert (s.fail_on, s.report_year, s.per_file_ignores) == ("info", 2024, (("*.txt", ("date",)),))


def test_other_toml_files_may_use_the_top_level(tmp_path: Path) -> None:
    cfg = write(tmp_path / "ci.toml", "select = ['figures']\njobs = 'auto'\n")
    assert load_config(cfg) == Settings(select=("figures",), jobs=0, source=str(cfg))


def test_empty_file_and_null_values_are_defaults(tmp_path: Path) -> None:
    cfg = write(tmp_path / "fzlint.yaml", "# nothing yet\n")
    assert load_config(cfg) == Settings(source=str(cfg))
    cfg = write(tmp_path / "fzlint.yaml", "organ:\nselect:\nreport-year: 2023\n")
    assert load_config(cfg) == Settings(report_year=2023, source=str(cfg))


def test_a_pack_named_by_id_beside_the_configuration(tmp_path: Path) -> None:
    write(tmp_path / "province.yaml", PROVINCE)
    cfg = write(tmp_path / "fzlint.yaml", "packs: [province, document]\n")
    assert load_config(cfg).packs == (str(tmp_path / "province.yaml"), "document")


# ---------------------------------------------------------------------------------------------- errors

# (configuration, key named, message fragment, the JSON Schema refuses it too — False: only the loader can know:
# files, pairs, duplicates, packs)
BAD = [
    ("selcet: [figures]\n", "selcet", "是不是“select”", True),
    ("Select: [date]\n", "Select", "是不是“select”", True),
    ("colour: red\n", "colour", "未知的配置项“colour”", True),
    ("fail-on: warning\nfail_on: error\n", "fail_on", "写了两次", False),
    ("fail-on: sometimes\n", "fail-on", "取值应为 error/warning/info/never", True),
    ("severity: {figures: fatal}\n", "severity", "error/warning/info", True),
    ("severity: [figures]\n", "severity", "应为映射", True),
    ("severity: {Figures: info}\n", "severity", "“Figures”不是规则编号或前缀", True),
    ("report-year: 25\n", "report-year", "年份应为四位数字", True),
    ("report-year: 二〇二五\n", "report-year", "年份应为四位数字", True),
    ("report-year: true\n", "report-year", "年份应为四位数字", True),
    ("jobs: -1\n", "jobs", "应为正整数", True),
    ("jobs: yes\n", "jobs", "应为正整数", True),
    ("organ: ''\n", "organ", "本单位的名称", True),
    ("organ: [a, b]\n", "organ", "本单位的名称", True),
    ("select: 12\n", "select", "应为一组规则编号或前缀", True),
    ("select: [figures, 7]\n", "select", "数字请加引号", True),
    ("ignore: ['Date.Malformed']\n", "ignore", "不是规则编号或前缀", True),
    ("per-file-ignores: {1: [date]}\n", "per-file-ignores", "路径模式应是文字", False),
    ("per-file-ignores: [date]\n", "per-file-ignores", "应为映射", True),
    ("exclude: [草稿, 3]\n", "exclude", "路径模式应是文字", True),
    ("accept: [城关镇, ./missing.txt]\n", "accept", "词表文件不存在：./missing.txt", False),
    ("accept: [城关镇, '']\n", "accept", "空的", True),
    ("reject: {法制政府: 法制政府}\n", "reject", "错误写法与正确写法相同", False),
    ("reject: [a → b, a → c]\n", "reject", "有两种正确写法", False),
    ("reject: [→ b]\n", "reject", "两边都不能为空", False),
    ("reject: [nofile.txt]\n", "reject", "词表文件不存在", False),
    ("reject: 12\n", "reject", "应为映射", True),
    ("accept: [城关镇]\nreject: {城关镇: 城关街道}\n", "reject", "既写在 accept", False),
    ("packs: [./nowhere.yaml]\n", "packs", "规则包文件不存在", False),
    ("packs: [no-such-pack]\n", "packs", "内置规则包有", False),
]


@pytest.mark.parametrize(("text", "key", "fragment"), [b[:3] for b in BAD], ids=[b[1] + ":" + b[2] for b in BAD])
def test_bad_key_or_value_names_file_and_key(tmp_path: Path, text: str, key: str, fragment: str) -> None:
    cfg = write(tmp_path / "fzlint.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert info.value.path == str(cfg) and info.value.key == key
    assert fragment in info.value.message
    assert str(cfg) in str(info.value) and f"键 {key}" in str(info.value)


def test_bad_key_in_toml_names_file_and_key(tmp_path: Path) -> None:
    cfg = write(tmp_path / "pyproject.toml", "[tool.fzlint]\nreport_year = 25\n")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert (info.value.path, info.value.key) == (str(cfg), "report-year")


def test_unreadable_shapes_are_errors_with_the_file(tmp_path: Path) -> None:
    for text, fragment in (("- a\n- b\n", "YAML 映射"), ("select: [a\n", "YAML 语法错误（第2行"),
                           ("select: *x\n", "YAML 语法错误")):
        cfg = write(tmp_path / "fzlint.yaml", text)
        with pytest.raises(ConfigError) as info:
            load_config(cfg)
        assert info.value.path == str(cfg) and fragment in info.value.message
    (tmp_path / "gbk.yaml").write_bytes("organ: 某县人民政府\n".encode("gb18030"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(tmp_path / "gbk.yaml")
    with pytest.raises(ConfigError, match="配置文件不存在"):
        load_config(tmp_path / "nope.yaml")
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"没有 \[tool.fzlint\]"):
        load_config(tmp_path / "pyproject.toml")


def test_a_bad_line_in_a_reject_file_names_that_file_and_line(tmp_path: Path) -> None:
    words = write(tmp_path / "words" / "reject.txt", "法制政府 → 法治政府\n只有一个词\n")
    cfg = write(tmp_path / "fzlint.yaml", "reject: [words/reject.txt]\n")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert info.value.path == str(words) and info.value.key == "reject"
    assert "第2行" in info.value.message and "只有一个词" in info.value.message


# ---------------------------------------------------------------------------------------------- flags

def test_flags_win_and_empty_flags_leave_the_file_alone(tmp_path: Path) -> None:
    write(tmp_path / "province.yaml", PROVINCE)
    cfg = write(tmp_path / "fzlint.yaml", "packs: [./province.yaml]\nselect: [date]\nignore: [date.untimely]\n"
                                         "fail-on: error\nreport-year: 2025\norgan: 甲县人民政府\njobs: 2\n")
    s = load_config(cfg)
    same = merge(s, packs=(), select=(), ignore=None, exclude=(), fail_on=None, report_year=None, organ=None,
                 jobs=None)
    assert same == s
    m = merge(s, packs=("extra.yaml",), select=("figures", "wording"), fail_on="warning", report_year=2024,
              organ="乙县人民政府", jobs=8, severity=(("figures", "info"),), per_file_ignores={"*.html": ["date"]})
    assert m.select == ("figures", "wording") and m.ignore == ("date.untimely",)
    assert m.packs == (str(tmp_path / "province.yaml"), "extra.yaml")      # flags' packs load after the file's
    assert (m.fail_on, m.report_year, m.organ, m.jobs) == ("warning", 2024, "乙县人民政府", 8)
    assert m.severity == (("figures", "info"),) and m.per_file_ignores == (("*.html", ("date",)),)
    assert m.source == str(cfg)
    assert merge(Settings(), select=("figures",)) == Settings(select=("figures",))


def test_bad_flag_values_name_the_flag(tmp_path: Path) -> None:
    for kwargs, key in (({"report_year": 25}, "--report-year"), ({"fail_on": "often"}, "--fail-on"),
                        ({"select": ("Figures",)}, "--select"), ({"jobs": -2}, "--jobs")):
        with pytest.raises(ConfigError) as info:
            merge(Settings(), **kwargs)
        assert info.value.key == key and info.value.path is None
    with pytest.raises(TypeError):
        merge(Settings(), colour="red")


# ---------------------------------------------------------------------------------------------- rules

def _ids(rules) -> list[str]:
    return [r.id for r in rules]


def test_select_by_category_prefix_and_id(default_rules) -> None:
    figures = select_rules(default_rules, Settings(select=("figures",)))
    assert "figures.rate-mismatch" in _ids(figures) and len(figures) >= 5
    assert all(r.id.startswith("figures.") for r in figures)
    punct = select_rules(default_rules, Settings(select=("punctuation.",)))
    assert {r.category for r in punct} == {Category.PUNCTUATION} and "punctuation.doubled-mark" in _ids(punct)
    assert _ids(select_rules(default_rules, Settings(select=("date.malformed",)))) == ["date.malformed"]
    assert select_rules(default_rules, Settings()) == list(default_rules)


def test_ignore_keeps_order_and_drops_only_matches(default_rules) -> None:
    kept = select_rules(default_rules, Settings(ignore=("punctuation.", "date.untimely")))
    assert _ids(kept) == [r.id for r in default_rules
                          if not r.id.startswith("punctuation.") and r.id != "date.untimely"]


def test_prefixes_stop_at_boundaries(default_rules) -> None:
    titles = _ids(select_rules(default_rules, Settings(select=("structure.title",))))
    assert titles == ["structure.title-missing", "structure.title-incomplete", "structure.title-customary"]
    with pytest.raises(ConfigError) as info:
        select_rules(default_rules, Settings(select=("dat",)))     # not a whole segment
    assert info.value.key == "select" and "date" in info.value.message


def test_the_more_specific_selector_wins(default_rules) -> None:
    kept = _ids(select_rules(default_rules, Settings(select=("date.malformed",), ignore=("date",))))
    assert kept == ["date.malformed"]
    dates = _ids(select_rules(default_rules, Settings(select=("date",), ignore=("date.untimely",))))
    assert "date.untimely" not in dates and "date.malformed" in dates and all(i.startswith("date.") for i in dates)
    assert select_rules(default_rules, Settings(select=("date",), ignore=("date",))) == []


def test_severity_override_most_specific_wins(default_rules) -> None:
    s = Settings(severity=(("figures.rate-mismatch", "info"), ("figures", "warning"), ("figures.rate", "error")))
    by_id = {r.id: r for r in select_rules(default_rules, s)}
    assert by_id["figures.rate-mismatch"].severity is Severity.INFO
    assert by_id["figures.rate-over-100"].severity is Severity.ERROR      # figures.rate beats figures
    assert by_id["figures.approx-double"].severity is Severity.WARNING
    assert by_id["date.malformed"].severity is Severity.ERROR             # untouched
    original = {r.id: r for r in default_rules}
    assert original["figures.rate-mismatch"].severity is Severity.ERROR   # the pack's rules are not changed


@pytest.mark.parametrize("key", ["select", "ignore", "severity", "per-file-ignores"])
def test_a_selector_matching_no_rule_is_an_error_naming_the_key(default_rules, key: str) -> None:
    typo = "figuers"
    s = {"select": Settings(select=(typo,)), "ignore": Settings(ignore=(typo,)),
         "severity": Settings(severity=((typo, "info"),)),
         "per-file-ignores": Settings(per_file_ignores=(("*.txt", (typo,)),))}[key]
    s = dataclasses.replace(s, source="/x/fzlint.yaml")
    with pytest.raises(ConfigError) as info:
        select_rules(default_rules, s)
    assert info.value.key == key and info.value.path == "/x/fzlint.yaml"
    assert "figuers" in info.value.message and "figures" in info.value.message     # with a suggestion


def test_per_file_ignores(tmp_path: Path) -> None:
    s = Settings(per_file_ignores=(("历年报告/*", ("date", "wording.vague-count")), ("*.html", ("punctuation.",))),
                 source=str(tmp_path / "fzlint.yaml"))
    assert ignored_for_path("历年报告/2023.txt", "date.untimely", s)
    assert ignored_for_path("历年报告\\2023.txt", "date.malformed", s)            # Windows form
    assert ignored_for_path(str(tmp_path / "历年报告" / "2023.txt"), "date.malformed", s)   # from the config's root
    assert ignored_for_path("历年报告/2023.txt", "wording.vague-count", s)
    assert not ignored_for_path("历年报告/2023.txt", "wording.known-typo", s)
    assert ignored_for_path("site/a/page.html", "punctuation.half-width-comma", s)
    assert not ignored_for_path("site/a/page.txt", "punctuation.half-width-comma", s)
    assert not ignored_for_path("2025/报告.txt", "date.untimely", s)
    assert not ignored_for_path("a.txt", "date.untimely", Settings())


def test_exclude_globs(tmp_path: Path) -> None:
    s = Settings(exclude=("草稿", "*.bak.txt", "**/old/*", "archive/2019/*"), source=str(tmp_path / "fzlint.yaml"))
    assert excluded("reports/草稿", s) and excluded("reports/草稿/a.txt", s)
    assert excluded("a/b/report.bak.txt", s) and not excluded("a/b/report.txt", s)
    assert excluded("old/x.txt", s) and excluded("county/old/x.txt", s)
    assert excluded(str(tmp_path / "archive" / "2019" / "r.txt"), s)
    assert not excluded("other/archive/2019/r.txt", s)      # a pattern with / is anchored at the config's folder
    assert not path_matches("草稿本/a.txt", "草稿")


# ---------------------------------------------------------------------------------------------- vocabulary

def test_the_reject_list_becomes_a_wording_rule() -> None:
    s = Settings(reject=(("依法治县办", "县委依法治县办"), ("法制政府", "法治政府"), ("法制政府建设", "法治政府建设")),
                 source="/x/fzlint.yaml")
    rule = vocabulary_rule(s)
    assert rule is not None and rule.id == "wording.rejected-term" and rule.kind == "terms"
    assert (rule.category, rule.severity) == (Category.WORDING, Severity.WARNING)
    assert rule.reference == "本单位配置（fzlint.yaml 的 reject）"
    text = REPORT.format(body="县委依法治县办协调，依法治县办督办，推进法制政府建设，建成法制政府。")
    found = findings(rule, text)
    assert [(d.text, d.suggestion) for d in found] == [
        ("依法治县办", "县委依法治县办"), ("法制政府建设", "法治政府建设"), ("法制政府", "法治政府")]
    assert found[0].message == "“依法治县办”是本单位不使用的写法：应写作“县委依法治县办”"
    assert text[found[0].span.start - 1] == "，"           # the right form “县委依法治县办” was left alone
    assert vocabulary_rule(Settings()) is None


def test_reject_pairs_from_a_file_fire(tmp_path: Path) -> None:
    write(tmp_path / "reject.txt", "综治办=平安办\n")
    rule = vocabulary_rule(load_config(write(tmp_path / "fzlint.yaml", "reject: [reject.txt]\n")))
    assert rule is not None
    assert [d.text for d in findings(rule, REPORT.format(body="由综治办牵头。"))] == ["综治办"]


def test_accept_suppresses_findings_inside_an_accepted_word(default_rules) -> None:
    s = Settings(accept=("城关镇", "华润(中国)有限公司"))
    for body, kept_parens in (("督促华润(中国)有限公司合规经营。", []), ("印发规范(试行)办法。", ["(试行)"])):
        text = REPORT.format(body=body)
        diagnostics = [d for r in default_rules for d in findings(r, text)]
        parens = [d for d in diagnostics if d.rule == "punctuation.half-width-paren"]
        assert len(parens) == 1 and parens[0].category == Category.PUNCTUATION
        kept = [d for d in diagnostics if not accepted(d.text, text, d.span, s, d.category)]
        assert [d.text for d in kept if d.rule == "punctuation.half-width-paren"] == kept_parens
        assert [d for d in diagnostics if d.span is None]                  # missing parts: never suppressed
        assert all(d in kept for d in diagnostics if d.span is None)
        assert [d.text for d in diagnostics if accepted(d.text, text, d.span, Settings(), d.category)] == []


def test_accept_against_a_reject_rule_and_by_category() -> None:
    rule = vocabulary_rule(Settings(reject=(("城关", "城关街道"),)))
    assert rule is not None
    text = REPORT.format(body="城关镇和城关都已完成。")
    found = findings(rule, text)
    assert [d.text for d in found] == ["城关", "城关"]
    s = Settings(accept=("城关镇",))
    assert [accepted(d.text, text, d.span, s, d.category) for d in found] == [True, False]
    span = found[0].span
    assert not accepted("城关", text, span, s, Category.SIGNATURE)          # shape and facts are never hidden
    assert not accepted("城关", text, span, s, "structure")
    assert accepted("城关", text, span, s)                                   # no category given: text only
    assert accepted("城关", text, None, s) and not accepted("城关镇政府", text, None, s)
    start = text.index("城关镇")
    assert accepted("", text, Span(start + 1, start + 1), s)                # an insertion point inside the word
    assert not accepted("", text, Span(start, start), s)                    # … but not before it


# ---------------------------------------------------------------------------------------------- init & schema

def _uncommented(template: str) -> str:
    """The template with every example line enabled: `# key: value` and `#   item` lines lose their `# `."""
    return "\n".join(line[2:] for line in template.splitlines()
                     if re.match(r"^# (?:[a-z-]+:|  )", line))


def test_init_writes_a_file_that_loads_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write_init(tmp_path, force=False)
    assert path == tmp_path / "fzlint.yaml" and path.read_text(encoding="utf-8") == INIT_TEMPLATE
    assert load_config(path) == Settings(source=str(path))
    assert find_config(tmp_path) == path
    path.write_text("jobs: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        write_init(tmp_path, force=False)
    assert info.value.path == str(path) and "--force" in info.value.message
    assert path.read_text(encoding="utf-8") == "jobs: 3\n"
    assert write_init(tmp_path, force=True) == path and path.read_text(encoding="utf-8") == INIT_TEMPLATE
    assert sorted(os.listdir(tmp_path)) == ["fzlint.yaml"]                    # no temporary file left


def test_init_refuses_where_another_configuration_exists(tmp_path: Path) -> None:
    write(tmp_path / "a" / ".fzlint.yaml", "jobs: 1\n")
    write(tmp_path / "b" / "pyproject.toml", "[tool.fzlint]\njobs = 1\n")
    for sub in ("a", "b"):
        with pytest.raises(ConfigError, match="已有配置文件"):
            write_init(tmp_path / sub, force=False)
    with pytest.raises(ConfigError, match="文件夹不存在"):
        write_init(tmp_path / "missing", force=False)


def test_template_mentions_every_key_and_its_examples_are_valid(tmp_path: Path, default_rules) -> None:
    for key in KEYS:
        assert f"# {key}:" in INIT_TEMPLATE and f"# {key}：" in INIT_TEMPLATE, key
    write(tmp_path / "本省规则.yaml", PROVINCE)
    write(tmp_path / "词表" / "本地词语.txt", "城南街道\n")
    cfg = write(tmp_path / "fzlint.yaml", _uncommented(INIT_TEMPLATE))
    s = load_config(cfg)
    assert all(getattr(s, f.replace("-", "_")) not in (None, ()) for f in KEYS)
    assert "城南街道" in s.accept and s.report_year == 2025 and s.organ == "某县人民政府"
    select_rules(default_rules, s)                   # every id and prefix in the examples names real rules


def test_schema_file_is_in_sync_and_agrees_with_the_loader(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), "run: python -m checker.config.template"
    schema = config_schema()
    Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == set(KEYS) | {k.replace("-", "_") for k in KEYS}
    import yaml

    validator = Draft202012Validator(schema)
    for text in (FULL_YAML, _uncommented(INIT_TEMPLATE), INIT_TEMPLATE):
        assert not list(validator.iter_errors(yaml.safe_load(text))), text[:40]
    refused = [text for text, *_, by_schema in BAD if by_schema]
    assert len(refused) >= 20
    for text in refused:
        assert list(validator.iter_errors(yaml.safe_load(text))), text

