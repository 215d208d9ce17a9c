"""`fzlint fix`, rule by rule: which rules declare `fix: replace`, what each fix makes of a text, that the others
never propose an edit, and how a pass plans its edits (duplicates merged, overlaps left for the next pass)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.errors import PackError
from checker.fix import fix_source
from checker.fix.plan import Edit, apply_to_text, plan
from checker.fix.txt import TxtSource
from checker.model import Category, Diagnostic, Severity, Span
from checker.packs import resolve

CASES_DIR = Path(__file__).resolve().parent / "cases"

FIXABLE = {
    "punctuation.doubled-mark", "punctuation.half-width-comma", "punctuation.half-width-colon",
    "punctuation.half-width-semicolon", "punctuation.half-width-question", "punctuation.half-width-exclamation",
    "punctuation.half-width-paren", "punctuation.half-width-quote", "punctuation.space-around-mark",
    "punctuation.range-hyphen", "punctuation.addressee-colon", "date.malformed", "numbering.heading-mark", "numbering.bracket-width",
}
# Never automatic: they change figures or words, or the right form is not certain.
NEVER = {"figures.rate-mismatch", "figures.approx-remainder", "figures.approx-enumerated", "figures.range-unit",
         "figures.date-run-together", "wording.known-typo", "wording.formulation-nonstandard",
         "wording.xi-thought-name", "wording.key-phrase-quotes", "numbering.heading-sequence",
         "numbering.list-sequence", "punctuation.stray-space", "punctuation.ellipsis-form",
         "punctuation.dunhao-between-quoted", "structure.addressee-form"}

REPORT = """某某镇人民政府关于2025年度法治政府建设情况的报告
{addressee}2025年，某某镇深入推进法治政府建设。现将有关情况报告如下：
一、主要举措和成效
（一）健全制度
全年制定规范性文件3件。
二、存在的不足和原因
执法力量不足，原因是编制少。
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记带头学法。
四、下一年度主要安排
继续推进严格规范公正文明执法。
某某镇人民政府
{date}
"""

# (rule, text before, text after): the rule alone, fixed to a fixed point.
CASES = [
    ("punctuation.doubled-mark", "开展普法活动12场，，覆盖群众3000余人次。。\n", "开展普法活动12场，覆盖群众3000余人次。\n"),
    ("punctuation.doubled-mark", "难道不该解决吗？？？？\n", "难道不该解决吗？\n"),
    ("punctuation.half-width-comma", "2025年,全镇开展普法活动12场,受理案件1,234件。\n",
     "2025年，全镇开展普法活动12场，受理案件1,234件。\n"),
    ("punctuation.half-width-comma", "一是学法, 二是用法,三是守法,四是尊法。\n" * 8,
     "一是学法，二是用法，三是守法，四是尊法。\n" * 8),
    ("punctuation.half-width-colon", "现将有关情况报告如下:会议于10:19开始。\n", "现将有关情况报告如下：会议于10:19开始。\n"),
    ("punctuation.half-width-semicolon", "接受社会监督;严格按照法定程序开展执法。\n", "接受社会监督；严格按照法定程序开展执法。\n"),
    ("punctuation.half-width-question", "群众最关心什么?最需要什么?\n", "群众最关心什么？最需要什么？\n"),
    ("punctuation.half-width-exclamation", "让法治精神深入人心!\n", "让法治精神深入人心！\n"),
    ("punctuation.half-width-paren", "在各村(社区)设立法治联络点，按公式f(x)=x+1计算。\n",
     "在各村（社区）设立法治联络点，按公式f(x)=x+1计算。\n"),
    ("punctuation.half-width-quote", '深化"放管服"改革，开展"法治体检"，型号"A-3"。\n',
     "深化“放管服”改革，开展“法治体检”，型号\"A-3\"。\n"),
    ("punctuation.space-around-mark", "并定期组织自查自纠 。结合“3·15”、 “12·4”等节点开展宣传。\n",
     "并定期组织自查自纠。结合“3·15”、“12·4”等节点开展宣传。\n"),
    ("punctuation.range-hyphen", "制定2024－2026年普法工作规划，举报电话0887-8222511。\n",
     "制定2024—2026年普法工作规划，举报电话0887-8222511。\n"),
    ("punctuation.addressee-colon", REPORT.format(addressee="县委、县政府:\n", date="2026年1月15日"),
     REPORT.format(addressee="县委、县政府：\n", date="2026年1月15日")),
    ("date.malformed", REPORT.format(addressee="", date="2026年01月15日"), REPORT.format(addressee="", date="2026年1月15日")),
    ("date.malformed", REPORT.format(addressee="", date="2026.1.15"), REPORT.format(addressee="", date="2026年1月15日")),
    ("date.malformed", REPORT.format(addressee="", date="二〇二六年一月十五日"),
     REPORT.format(addressee="", date="2026年1月15日")),
    ("numbering.heading-mark", "一、主要举措和成效\n（一）、健全制度\n全年制定规范性文件3件。\n1、规范性文件全部经过审查。\n",
     "一、主要举措和成效\n（一）健全制度\n全年制定规范性文件3件。\n1.规范性文件全部经过审查。\n"),
    ("numbering.heading-mark", "一主要举措和成效\n全年制定规范性文件3件。\n二、存在的不足和原因\n执法力量不足。\n",
     "一、主要举措和成效\n全年制定规范性文件3件。\n二、存在的不足和原因\n执法力量不足。\n"),
    ("numbering.heading-mark", "一.主要举措\n甲。\n二.存在的不足\n乙。\n三.第一责任人\n丙。\n四.下一年度安排\n丁。\n",
     "一、主要举措\n甲。\n二、存在的不足\n乙。\n三、第一责任人\n丙。\n四、下一年度安排\n丁。\n"),
    ("numbering.bracket-width", "一、主要举措和成效\n（一）健全制度\n甲。\n(二)规范执法\n乙。\n（三）化解纠纷\n丙。\n",
     "一、主要举措和成效\n（一）健全制度\n甲。\n（二）规范执法\n乙。\n（三）化解纠纷\n丙。\n"),
]


@pytest.fixture(scope="module")
def by_id() -> dict:
    return {r.id: r for r in resolve(["default"])[1]}


def _fix(rule, text: str):
    """A case's text, fixed as a .txt; for a rule whose cases are Word markup (checker.load.docx_sample), as the .docx."""
    from checker.checks import KINDS

    if "docx" in KINDS[rule.kind].needs:
        from checker.load.docx_sample import build
        from checker.fix.docx import DocxSource

        return fix_source(DocxSource.of(build(text), "草稿.docx"), [rule])
    return fix_source(TxtSource.of(text.encode("utf-8"), "草稿.txt"), [rule])


def test_the_fixable_rules_are_exactly_the_certain_ones(by_id) -> None:
    assert {rid for rid, r in by_id.items() if r.fix == "replace"} == FIXABLE
    assert not {rid for rid in NEVER if by_id[rid].fix}
    assert all(r.fix is None for r in by_id.values() if r.category in (Category.FIGURES, Category.WORDING))


def test_every_fixable_rule_has_a_fix_case(by_id) -> None:
    assert {rule for rule, _, _ in CASES} == FIXABLE


@pytest.mark.parametrize("rule_id,before,after", CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_fix_case(by_id, rule_id: str, before: str, after: str) -> None:
    outcome = _fix(by_id[rule_id], before)
    assert outcome.initial is not None and outcome.initial.diagnostics, "the rule must fire on the text before"
    assert outcome.data.decode("utf-8") == after
    assert outcome.fixed.get(rule_id, 0) >= 1
    assert outcome.result is not None and not outcome.result.diagnostics, outcome.result.diagnostics
    again = _fix(by_id[rule_id], after)        # and the fixed text is left alone
    assert not again.changed and not again.initial.diagnostics


@pytest.mark.parametrize("rule_id,before,after", [
    ("punctuation.half-width-comma", "全年开展培训,\t共12场。\n", "全年开展培训，\t共12场。\n"),
    ("punctuation.half-width-colon", "现将有关情况报告如下: \t会议开始。\n", "现将有关情况报告如下：\t会议开始。\n"),
    ("punctuation.half-width-exclamation", "让法治精神深入人心!\t加强建设。\n", "让法治精神深入人心！\t加强建设。\n"),
])
def test_a_fix_keeps_a_tab(by_id, rule_id: str, before: str, after: str) -> None:
    """The match takes in the tab after the mark ("!\t"); the fix changes the mark and keeps the tab (layout)."""
    outcome = _fix(by_id[rule_id], before)
    (d,) = outcome.initial.diagnostics
    assert all("\t" not in before[e["start"]:e["end"]] for e in d.fix["edits"])
    assert outcome.data.decode("utf-8") == after and not outcome.result.diagnostics


def test_a_collapsed_finding_fixes_every_occurrence(by_id) -> None:
    text = "一是学法,二是用法,三是守法。\n" * 10
    outcome = _fix(by_id["punctuation.half-width-comma"], text)
    (d,) = outcome.initial.diagnostics                   # reported once, for 20 occurrences …
    assert "20处" in d.message and len(d.fix["edits"]) == 20
    assert outcome.fixed == {"punctuation.half-width-comma": 20}     # … and every one is fixed
    assert "," not in outcome.data.decode("utf-8")


def test_collapsed_heading_marks_fix_every_heading(by_id) -> None:
    text = "".join(f"{n}、标题{n}\n正文。\n" for n in range(1, 6))
    text = "一、主要举措和成效\n（一）健全制度\n" + text
    outcome = _fix(by_id["numbering.heading-mark"], text)
    (d,) = outcome.initial.diagnostics
    assert len(d.fix["edits"]) == 5
    assert all(f"{n}.标题{n}" in outcome.data.decode("utf-8") for n in range(1, 6))


@pytest.mark.parametrize("text,fixed", [
    ("依法行政(含乡镇(街道))工作。\n", None),                    # nested: the inner pair alone would be half a fix
    ("依法行政（含乡镇(街道)）工作。\n", None),
    ("依法行政(含乡镇(街道)、村(社区))工作。\n", None),
    ("按f(x)的值计算。\n", None),                               # a formula beside Chinese text
    ("按g(x, y)的值计算。\n", None),
    ("在各村(社区)设立，按f(x)的值计算。\n", "在各村（社区）设立，按f(x)的值计算。\n"),   # one of two
    ("国内生产总值(GDP)增长5%。\n", "国内生产总值（GDP）增长5%。\n"),
])
def test_half_width_brackets_fixed_only_where_certain(by_id, text: str, fixed: str | None) -> None:
    """Brackets inside brackets and f(x) are still reported, with the full-width form as the suggestion, but not
    fixed (fix_unless); the other occurrences of the same finding are."""
    outcome = _fix(by_id["punctuation.half-width-paren"], text)
    (d,) = outcome.initial.diagnostics
    assert d.suggestion and d.suggestion.startswith("（")
    if fixed is None:
        assert d.fix is None and not outcome.changed and outcome.fixed == {}
    else:
        assert outcome.data.decode("utf-8") == fixed and outcome.fixed == {"punctuation.half-width-paren": 1}


def test_straight_quotes_around_full_width_ones_are_not_fixed(by_id) -> None:
    """"落实“三个一”工作法": the inner quotes would have to become ‘’, so it is reported, not fixed."""
    outcome = _fix(by_id["punctuation.half-width-quote"], '提出"落实“三个一”工作法"的要求。\n')
    (d,) = outcome.initial.diagnostics
    assert d.suggestion == "“落实“三个一”工作法”" and d.fix is None
    assert not outcome.changed and outcome.fixed == {}


def test_an_ambiguous_date_is_not_fixed(by_id) -> None:
    text = REPORT.format(addressee="", date="2026115")        # 1月15日 or 11月5日?
    outcome = _fix(by_id["date.malformed"], text)
    (d,) = outcome.initial.diagnostics
    assert d.suggestion is not None and d.fix is None         # a suggestion to read, not an edit to make
    assert not outcome.changed and outcome.fixed == {}


UNFIXABLE = sorted(r.id for r in resolve(["default"])[1] if r.id not in FIXABLE)


def test_the_rules_named_never_are_unfixable() -> None:
    assert NEVER <= set(UNFIXABLE)


@pytest.mark.parametrize("rule_id", UNFIXABLE)
def test_unfixable_rules_propose_no_edit(by_id, rule_id: str) -> None:
    """Every other rule, on every case of its case file: findings, but no edit, and the text is left alone."""
    rule = by_id[rule_id]
    data = yaml.safe_load((CASES_DIR / f"{rule_id}.yaml").read_text(encoding="utf-8"))
    fired = 0
    for case in data["cases"]:
        outcome = _fix(rule, case["text"])
        fired += len(outcome.initial.diagnostics)
        assert all(d.fix is None for d in outcome.initial.diagnostics)
        assert not outcome.changed, case["name"]
    assert fired, f"{rule_id}: its cases must fire for this test to mean anything"


def test_every_case_of_a_fixable_rule_fixes_what_it_flags(by_id) -> None:
    """Each case file of a fixable rule: after the fix, that rule finds nothing it could still fix."""
    for rule_id in sorted(FIXABLE):
        data = yaml.safe_load((CASES_DIR / f"{rule_id}.yaml").read_text(encoding="utf-8"))
        for case in data["cases"]:
            outcome = _fix(by_id[rule_id], case["text"])
            left = [d for d in outcome.result.diagnostics if d.fix]
            assert not left, (rule_id, case["name"], left)
            if not outcome.initial.diagnostics:
                assert not outcome.changed, (rule_id, case["name"])   # a silent case stays untouched


# ---- the pack field ----------------------------------------------------------------------------------


def _pack(tmp_path: Path, rules: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(f"id: mine\nversion: 1\ntitle: 我的\nextends: [default]\nrules:\n{rules}", encoding="utf-8")
    return path


def test_a_pack_can_turn_an_inherited_fix_off(tmp_path: Path) -> None:
    path = _pack(tmp_path, "  - {id: punctuation.doubled-mark, fix: false}\n")
    rules = {r.id: r for r in resolve([str(path)])[1]}
    assert rules["punctuation.doubled-mark"].fix is None
    assert rules["punctuation.half-width-comma"].fix == "replace"
    outcome = _fix(rules["punctuation.doubled-mark"], "已完成。。\n")
    assert outcome.initial.diagnostics and outcome.initial.diagnostics[0].fix is None and not outcome.changed


def test_a_pack_cannot_make_an_inherited_rule_fixable(tmp_path: Path) -> None:
    path = _pack(tmp_path, "  - {id: wording.known-typo, fix: replace}\n")
    with pytest.raises(PackError) as info:
        resolve([str(path)])
    assert info.value.rule_id == "wording.known-typo" and info.value.field == "fix"


def _my_rule(extra: str) -> str:
    return ("  - id: wording.my-fix\n    kind: pattern\n    category: wording\n    severity: info\n"
            "    title: 统一写法\n    message: 改为“{suggestion}”\n    reference: 本单位规定\n"
            f"    pattern: 微信公众号\n    {extra}\n")


def test_a_new_pattern_rule_can_be_fixable_with_a_suggestion(tmp_path: Path) -> None:
    rule = _my_rule("suggest: 微信公众平台\n    fix: replace")
    rules = {r.id: r for r in resolve([str(_pack(tmp_path, rule))])[1]}
    outcome = _fix(rules["wording.my-fix"], "通过微信公众号发布。\n")
    assert outcome.data.decode("utf-8") == "通过微信公众平台发布。\n"


@pytest.mark.parametrize("extra,field_message", [
    ("fix: replace", "suggest"),               # nothing to replace the match with
    ("fix: always", "fix"),                    # not a fix mode
])
def test_bad_fix_declarations_are_refused(tmp_path: Path, extra: str, field_message: str) -> None:
    rule = _my_rule(extra)
    with pytest.raises(PackError) as info:
        resolve([str(_pack(tmp_path, rule))])
    assert info.value.rule_id == "wording.my-fix" and info.value.field == "fix"
    assert field_message in str(info.value) or info.value.field == field_message


def test_the_json_output_carries_the_edits(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from checker.cli import main

    path = tmp_path / "草稿.txt"
    path.write_text("开展普法活动12场，，覆盖群众3000余人次。\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(path)]).output
    diags = json.loads(out)["files"][0]["diagnostics"]
    doubled = [d for d in diags if d["rule"] == "punctuation.doubled-mark"]
    # the edit touches only what changes: the second "，" (9-10 stays), not the whole "，，"
    assert doubled and doubled[0]["fix"] == {"edits": [{"start": 10, "end": 11, "text": ""}]}
    assert all(d["fix"] is None for d in diags if d["rule"] != "punctuation.doubled-mark")


# ---- planning a pass ---------------------------------------------------------------------------------


def _diag(rule: str, edits: list[tuple[int, int, str]]) -> Diagnostic:
    return Diagnostic(rule=rule, category=Category.PUNCTUATION, severity=Severity.WARNING, message="",
                      span=Span(edits[0][0], edits[0][1]), line=1, column=1, text="", suggestion=None, part=None,
                      reference="", fix={"edits": [{"start": s, "end": e, "text": t} for s, e, t in edits]})


def test_plan_merges_the_same_edit_from_two_rules() -> None:
    text = "(一)健全制度"
    now, later = plan([_diag("numbering.bracket-width", [(0, 3, "（一）")]),
                       _diag("punctuation.half-width-paren", [(0, 3, "（一）")])], text)
    assert now == [Edit(0, 3, "（一）", "numbering.bracket-width")] and later == []


def test_plan_puts_an_overlapping_edit_off_to_the_next_pass() -> None:
    text = "规划(2021-2025年)》"
    paren = _diag("punctuation.half-width-paren", [(2, 14, "（2021-2025年）")])
    hyphen = _diag("punctuation.range-hyphen", [(3, 12, "2021—2025")])
    now, later = plan([hyphen, paren], text)
    assert [e.rule for e in now] == ["punctuation.half-width-paren"]
    assert [e.rule for e in later] == ["punctuation.range-hyphen"]
    assert apply_to_text(text, now) == "规划（2021-2025年）》"


def test_overlapping_fixes_reach_a_fixed_point(by_id) -> None:
    rules = [by_id["punctuation.half-width-paren"], by_id["punctuation.range-hyphen"]]
    text = "严格执行《法治鼓楼建设规划(2021-2025年)》。\n"
    outcome = fix_source(TxtSource.of(text.encode("utf-8"), "草稿.txt"), rules)
    assert outcome.data.decode("utf-8") == "严格执行《法治鼓楼建设规划（2021—2025年）》。\n"
    assert outcome.passes == 2 and not outcome.result.diagnostics
    assert outcome.fixed == {"punctuation.half-width-paren": 1, "punctuation.range-hyphen": 1}


def test_plan_skips_edits_that_change_nothing_or_fall_outside() -> None:
    text = "已完成。"
    now, later = plan([_diag("x.y", [(3, 4, "。")]), _diag("x.z", [(3, 40, "。")])], text)
    assert now == [] and later == []


def test_an_occurrence_in_a_disabled_stretch_is_not_fixed(by_id) -> None:
    """The half-width comma is reported once for the whole file; the stretch the drafter disabled keeps its commas."""
    text = ("一是学法,二是用法,三是守法。\n" * 10 + "<!-- fzlint: disable=punctuation.half-width-comma -->\n"
            "引文原样保留,不作改动。\n<!-- fzlint: enable=punctuation.half-width-comma -->\n")
    outcome = _fix(by_id["punctuation.half-width-comma"], text)
    fixed = outcome.data.decode("utf-8")
    assert outcome.fixed == {"punctuation.half-width-comma": 20}
    assert "引文原样保留,不作改动。" in fixed and "一是学法，二是用法，三是守法。" in fixed
