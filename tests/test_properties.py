"""For any text: every check ends without an exception and every position indexes the text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine import run
from checker.load.txt import document_from_text
from checker.outline import build_outline
from checker.packs import resolve

RULES = resolve(["default"])[1]
PIECES = st.sampled_from([
    "某县人民政府关于2025年度法治政府建设情况的报告", "一、", "二、", "（一）", "(二)", "1.", "（1）", "一主要举措和成效",
    "主要举措和成效", "存在的不足和原因", "第一责任人", "2026年工作安排", "原因", "某县人民政府", "2026115",
    "2026年1月15日", "2026年02月30日", "二〇二六年一月十五日", "分享到微信朋友圈", "发布日期:2026-01-15", "网站地图",
    "（此件公开发布）", "首页 > 政务公开", "。", "，", "\n", "\n\n", " ", "\u3000", "“", "”",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(st.characters(blacklist_characters="\x00"), max_size=12)),
                max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_checks_cleanly_and_positions_index_the_text(text: str) -> None:
    doc = document_from_text(text, "<t>", None)
    outline = build_outline(doc)
    diagnostics, _ = run(doc, outline, RULES)
    for d in diagnostics:
        if d.span is not None:
            assert 0 <= d.span.start <= d.span.end <= len(doc.text)
            assert doc.text[d.span.start:d.span.end] == d.text
            assert doc.position(d.span.start) == (d.line, d.column)
