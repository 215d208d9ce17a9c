"""The paragraph-skipping shortcut (checker/checks/_scan.py): it skips paragraphs only where a pattern
cannot match, so findings are the same as searching every paragraph."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks import _scan
from checker.checks._scan import candidates, skippable
from checker.load import load
from checker.load.txt import document_from_text
from checker.model import Span, paragraphs_of_lines
from checker.outline import build_outline
from checker.packs import resolve

ROOT = Path(__file__).resolve().parent.parent


def _spans(text: str) -> list[Span]:
    return [p.span for p in paragraphs_of_lines(text)]


def _matches(rx: object, text: str, spans: list[Span]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for s in spans for m in rx.finditer(text, s.start, s.end)]  # type: ignore[attr-defined]


def _same(pattern: str, text: str, spans: list[Span] | None = None) -> None:
    rx = regex.compile(pattern, regex.V0)
    spans = _spans(text) if spans is None else spans
    kept = list(candidates(rx, pattern, text, spans, 0.5))
    assert _matches(rx, text, kept) == _matches(rx, text, spans)


@pytest.mark.parametrize("pattern", [r"[，,]{2}", r"(?<![A-Za-z]),(?=[\p{Han}])", r"约(?P<n>\d+)", r"(\w)\1",
                                     r"(?<=[。；])\s+", r"[^。]{3}年"])
def test_plain_patterns_may_skip(pattern: str) -> None:
    assert skippable(pattern)


@pytest.mark.parametrize("pattern", [r"。$", r"(?m)^\s*$", r"\b年", r"年\B", r"约(?!束)", r"(?>a+)b", r"a*+b", r"a++",
                                     r"a?+", r"a{2}+", r"(?:年){e<=1}", r"(?r)年", r"\A年", r"\G年", r"\Z", r"(?1)",
                                     r"(?(1)a|b)", r"(?&x)", r"(?P>x)", r"\X"])
def test_end_sensitive_patterns_never_skip(pattern: str) -> None:
    assert not skippable(pattern)
    text = "约年。ab\n约年。ab\n约年。ab"    # every paragraph has what any of these patterns may require
    assert list(candidates(regex.compile("丁"), pattern, text, _spans(text), 0.5)) == _spans(text)


def test_only_the_paragraphs_that_can_match_are_given() -> None:
    text = "第一段没有。\n第二段也没有。\n第三段有，,错。\n第四段没有。"
    spans = _spans(text)
    rx = regex.compile(r"，,")
    assert list(candidates(rx, r"，,", text, spans, 0.5)) == [spans[2]]
    assert list(candidates(regex.compile("无此字"), "无此字", text, spans, 0.5)) == []


def test_a_match_at_a_paragraph_end_is_not_lost() -> None:
    text = "甲乙\n丙丁\n戊"
    spans = _spans(text)
    rx = regex.compile(r"(?<=丙)丁")
    assert list(candidates(rx, rx.pattern, text, spans, 0.5)) == [spans[1]]
    edge = regex.compile(r"乙")
    assert list(candidates(edge, edge.pattern, text, spans, 0.5)) == [spans[0]]


def test_a_search_past_its_time_limit_stops_the_skipping() -> None:
    text = "a" * 28 + "\n" + "ab"
    spans = _spans(text)
    slow = regex.compile(r"(a|aa)+c")
    assert list(candidates(slow, slow.pattern, text, spans, 1e-6)) == spans


def test_small_windows_give_the_same_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_scan, "WINDOW", 7)
    text = "\n".join(["一二三四五", "甲，,乙", "", "丙丁戊己庚辛壬癸甲乙丙丁", "，,", "末"] * 3)
    _same(r"，,", text)
    _same(r"[丁戊]+", text)
    _same(r"(?<=乙)\n?丙", text)


def test_overlapping_and_unordered_spans() -> None:
    text = "甲，,乙\n丙丁\n，,"
    spans = [Span(5, 7), Span(0, 4), Span(0, 2), Span(8, 10), Span(1, 9)]
    _same(r"，,", text, spans)
    _same(r"丁\n?，", text, spans)


def test_every_default_pattern_rule_finds_the_same_on_the_seeds() -> None:
    rules = [r for r in resolve(["default"])[1] if r.kind == "pattern"]
    assert any(skippable(r.params.pattern) for r in rules)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        doc = load(path)
        outline = build_outline(doc)
        spans = [doc.paragraphs[i].span for i in outline.paragraphs]
        for rule in rules:
            rx = rule.params.compiled
            kept = list(candidates(rx, rule.params.pattern, doc.text, spans, 0.5))
            assert _matches(rx, doc.text, kept) == _matches(rx, doc.text, spans), (path.name, rule.id)


PATTERNS = [r"，,", r"[甲乙]{2}", r"(?<=[丙\n])丁", r"丁(?=戊)", r"[^甲\n]{3}", r"(甲)\1", r"乙.?丙", r"[，,]\s*",
            r"(?<!甲)乙", r"丙[^丁]*?丁"]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="甲乙丙丁戊，, \n", max_size=60), pattern=st.sampled_from(PATTERNS),
       window=st.integers(min_value=1, max_value=20))
def test_same_matches_on_arbitrary_text(text: str, pattern: str, window: int) -> None:
    old = _scan.WINDOW
    _scan.WINDOW = window
    try:
        _same(pattern, text)
    finally:
        _scan.WINDOW = old


@pytest.mark.parametrize(("pattern", "chars"), [
    (r"，,", "，"), (r"[，,]{2}", "，,"), (r"约\d+[余多]", "约"), (r"\d+[余多]", "余多"), (r"甲|乙丙", "甲乙"),
    (r"(?<=[\p{Han}])[,，]", ",，"), (r"(?<![A-Za-z]),[ \t]*(?![0-9])", ","), (r"(?P<n>[一二])是(?!否)", "是"),
    (r"(?m)^\s*[（(][一二三]", "(（"), (r"[0-9]{2}月", "月"), (r"(?:ab)+", "a")])
def test_required_characters(pattern: str, chars: str) -> None:
    assert _scan.required(pattern) == frozenset(chars)


@pytest.mark.parametrize("pattern", [r"\p{Han}+", r"[^，]+", r"a?b?", r"(?i)abc", r"(?i:a)b?", r"\d+", r".年?",
                                     r"a|\d", r"[[:alpha:]]x?", r"(?:年){e<=1}", r"\\p", r"(?r)年", r"[一-龥]",
                                     r"(\w)\1", r"x*"])
def test_no_required_characters(pattern: str) -> None:
    assert _scan.required(pattern) is None


def test_paragraphs_without_a_required_character_are_skipped_even_for_end_sensitive_patterns() -> None:
    text = "没有逗号。\n有,逗号\n也没有\n末尾,"
    spans = _spans(text)
    for pattern in (r",$", r",(?!号)", r"\b,"):
        rx = regex.compile(pattern)
        kept = list(candidates(rx, pattern, text, spans, 0.5))
        assert kept == [spans[1], spans[3]]
        assert _matches(rx, text, kept) == _matches(rx, text, spans)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet="甲乙丙丁戊，, \n", max_size=60),
       pattern=st.sampled_from([r"乙$", r"(?m)^丙", r"甲(?!乙)", r"[，,](?=\n|$)", r"\b甲", r"(?<!丁)戊+"]))
def test_same_matches_with_required_characters_on_arbitrary_text(text: str, pattern: str) -> None:
    _same(pattern, text)


# ---- literal probes and the one-scan filter of a terms list (issue 13) ----------------------------------

@pytest.mark.parametrize("pattern, probes", [
    ("布署", ("布署",)),
    ("(?<=安排|研究)部属", ("部属",)),
    ("严[历励](?=打击)", ("严励", "严历")),
    ("[戳卓]力奋发|戳厉奋发", ("卓力奋发", "戳力奋发", "戳厉奋发")),
    ("([省市])委依法治\\1委员会", ("委依法治",)),
    ("(?:习近平(?:总书记)?)?全面依法治国新理念", ("全面依法治国新理念",)),
    ("\\p{Han}{2}街道人民政府", ("街道人民政府",)),
    ("[a-z]{3}", None),                 # a wide class: no probe
    ("(?i)abc", None),                  # case-insensitive: no probe
    ("x?y?", None),                     # everything optional
])
def test_probes_are_strings_every_match_contains(pattern: str, probes) -> None:
    assert _scan.probes(pattern) == (tuple(sorted(probes)) if probes else None)


WORDS = ["布署", "贯切", "贯切落实", "落实", "实处", "处理", "理论学些", "学些", "严历", "历史", "法制政府", "政府建设"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["，", "。", "的", "县", "布", "署"]), max_size=40),
       st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=1, max_size=12))
def test_probe_set_finds_exactly_the_items_whose_probes_occur(pieces, items) -> None:
    """One scan with one alternation (longest first) finds every item a str.find per probe would, also where
    probes overlap or one hides inside another (贯切 in 贯切落实, 实处 across 落实处理)."""
    text = "".join(pieces)
    probe_set = _scan.ProbeSet(tuple(i) for i in items)
    want = {k for k, probes in enumerate(items) if any(p in text for p in probes)}
    assert probe_set.present(text, 0, len(text)) == want


def test_terms_rules_find_the_same_with_and_without_the_probe_filter() -> None:
    """The filter only skips searches: every terms rule's findings on the seeds, the clean reports and a text
    made of every entry's bad examples are those of searching with every entry."""
    import dataclasses

    from checker.checks import terms

    rules = [r for r in resolve(["default"])[1] if r.kind == "terms"]
    bad = "\n".join(ex for r in rules for e in r.params.built for ex in e.bad)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] + [bad]
    for text in texts:
        doc = document_from_text(text, "<t>", None)
        outline = build_outline(doc, report_year=2025)
        for rule in rules:
            unfiltered = dataclasses.replace(rule, params=dataclasses.replace(rule.params))
            object.__setattr__(unfiltered.params, "probe_set", _scan.ProbeSet(None for _ in rule.params.built))
            assert list(terms.check(doc, outline, rule)) == list(terms.check(doc, outline, unfiltered)), rule.id
