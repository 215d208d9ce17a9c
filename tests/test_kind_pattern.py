"""The generic `pattern` kind: suggestion templates, exceptions, parts, collapsing, time limits."""
from __future__ import annotations

import pytest

from checker.errors import PackError
from checker.packs import RawPack, build_rule
from checker.runner import findings

REPORT = ("某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n{a}\n"
          "二、存在的不足和原因\n{b}\n某县人民政府\n2026年2月10日\n")


def rule(**params):
    item = {"id": "punctuation.test", "kind": "pattern", "category": "punctuation", "severity": "error",
            "title": "t", "message": "“{match}”共{count}处", "reference": "r", **params}
    return build_rule(item, RawPack("t", "1", "t", (), (), "t.yaml"))


def test_suggestion_from_template_and_message_placeholders() -> None:
    found = findings(rule(pattern="([。，])\\1", suggest="\\1"), REPORT.format(a="已完成。。下一步，，", b="无"))
    assert [(d.text, d.suggestion, d.message) for d in found] == [("。。", "。", "“。。”共1处"), ("，，", "，", "“，，”共1处")]


def test_exceptions_cover_the_hit() -> None:
    r = rule(pattern="县县委", unless=["中共.县县委", "(?<![\\u4e00-\\u9fff]).县县委"])
    assert findings(r, REPORT.format(a="中共渠县县委部署。遂溪县县委部署。", b="无")) != []
    assert [d.text for d in findings(r, REPORT.format(a="中共渠县县委部署。遂溪县县委部署。", b="无"))] == ["县县委"]
    assert findings(r, REPORT.format(a="中共渠县县委部署。", b="无")) == []


def test_part_limits_where_it_looks() -> None:
    r = rule(pattern="原因", part="measures")
    assert findings(r, REPORT.format(a="无", b="原因是编制少。")) == []
    assert [d.text for d in findings(r, REPORT.format(a="原因不明。", b="无"))] == ["原因"]


def test_collapse_reports_a_systematic_slip_once() -> None:
    r = rule(pattern="(?<=[\\u4e00-\\u9fff]),(?=[\\u4e00-\\u9fff])", suggest="，", collapse=3)
    text = REPORT.format(a="甲,乙,丙,丁,戊。", b="无")
    found = findings(r, text)
    assert len(found) == 1 and found[0].message == "“,”共4处" and found[0].line == 3
    assert len(findings(r, REPORT.format(a="甲,乙,丙。", b="无"))) == 2


def test_catastrophic_pattern_is_reported_not_hung() -> None:
    r = rule(pattern="(a|aa)+$", timeout=0.05)
    found = findings(r, REPORT.format(a="a" * 60 + "!", b="无"))
    assert len(found) == 1 and "超时" in found[0].message and found[0].severity.label == "info"


@pytest.mark.parametrize("params, field", [
    ({"pattern": "([)"}, "pattern"),
    ({"pattern": "a*"}, "pattern"),
    ({"pattern": "a", "unless": ["("]}, "unless"),
    ({"pattern": "a", "fix_unless": ["("]}, "fix_unless"),
    ({"pattern": "a", "suggest": "\\3"}, "suggest"),
    ({"pattern": "a", "part": "intro"}, "part"),
])
def test_unusable_params_are_refused(params, field) -> None:
    with pytest.raises(PackError) as info:
        rule(**params)
    assert info.value.field == field and info.value.rule_id == "punctuation.test"


def test_correct_form_decides_between_once_and_each() -> None:
    r = rule(pattern="(?<=[\\u4e00-\\u9fff]),(?=[\\u4e00-\\u9fff])", suggest="，", collapse=20, correct="，")
    isolated = REPORT.format(a="甲,乙，丙，丁，戊，己,庚。", b="无")        # 2 slips among 4 right commas
    assert [(d.line, d.message) for d in findings(r, isolated)] == [(3, "“,”共1处"), (3, "“,”共1处")]
    throughout = REPORT.format(a="甲,乙,丙。", b="无")                   # 2 slips, no right comma at all
    assert [d.message for d in findings(r, throughout)] == ["“,”共2处"]
    single = REPORT.format(a="甲,乙。", b="无")
    assert [d.message for d in findings(r, single)] == ["“,”共1处"]


def test_paragraph_spans_clips_to_a_part_exactly_as_every_paragraph_against_every_section() -> None:
    """The sweep in paragraph_spans gives what the plain paragraphs × sections product gives, in the same order,
    also for sections that overlap or come out of order (the outline never makes those, but the sweep must not
    depend on it)."""
    import random

    from checker.checks.pattern import paragraph_spans
    from checker.model import Span

    class Doc:
        def __init__(self, spans: list[Span]) -> None:
            self.paragraphs = [type("P", (), {"span": s})() for s in spans]

    class Outline:
        def __init__(self, n: int, limits: list[Span]) -> None:
            self.paragraphs = list(range(n))
            self.limits = tuple(limits)

        def part_spans(self, part: object) -> tuple[Span, ...]:
            return self.limits

    rng = random.Random(7)
    for _ in range(300):
        spans, pos = [], 0
        for _ in range(rng.randint(0, 30)):
            pos += rng.randint(1, 5)
            length = rng.randint(0, 20)
            spans.append(Span(pos, pos + length))
            pos += length
        limits = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(0, pos + 5)
            limits.append(Span(a, a + rng.randint(1, 60)))
        naive = [Span(max(s.start, lim.start), min(s.end, lim.end)) for s in spans for lim in limits
                 if max(s.start, lim.start) < min(s.end, lim.end)]
        got = paragraph_spans(Doc(spans), Outline(len(spans), limits), "measures")  # type: ignore[arg-type]
        assert got == naive
        assert limits or got == []
