"""For any text: every check ends without an exception and every position indexes the text; the txt loader
round-trips every encoding and line end it claims to read."""
from __future__ import annotations

import codecs
import re
import tempfile
from pathlib import Path

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from checker.engine import run
from checker.errors import InputError
from checker.load import load
from checker.load.txt import document_from_text, normalize
from checker.outline import build_outline
from checker.packs import resolve
from checker.runner import check_file, check_text

RULES = resolve(["default"])[1]
PLACEHOLDERS = {r.id: set(re.findall(r"\{(\w+)", r.message)) for r in RULES}
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


# ---------------------------------------------------------------- through the runner and the loader

# Every character a report can hold, odd ones included: CJK, marks, full-width digits, combining marks,
# emoji, private use, U+2028, BOM, …; no C0/C1 controls (those make a file binary) and no surrogates.
CHARS = st.characters(blacklist_categories=("Cc", "Cs"))
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
LINES = st.lists(st.one_of(PIECES.filter(lambda p: "\n" not in p), st.text(CHARS, max_size=20)), max_size=6).map("".join)
# (line, line end) pairs: LF, CRLF, CR and any mix of them
RAW_TEXTS = st.lists(st.tuples(LINES, LINE_ENDS), min_size=1, max_size=25).map(
    lambda pairs: "".join(line + end for line, end in pairs))


def assert_positions(result, text: str) -> None:
    for d in result.diagnostics:
        assert d.message.strip() and not any(f"{{{name}}}" in d.message for name in PLACEHOLDERS.get(d.rule, ())), d
        if d.span is None:
            # a document-level finding: nothing in the text to point at, quote, replace or fix
            assert (d.line, d.column, d.text, d.suggestion, d.fix) == (None, None, None, None, None), d
            if d.rule == "structure.part-missing":
                assert d.part is not None                # it names the part that is missing
            continue
        assert 0 <= d.span.start <= d.span.end <= len(text)
        assert text[d.span.start:d.span.end] == d.text
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        line = max(n for n, s in enumerate(starts, 1) if s <= d.span.start)
        assert (d.line, d.column) == (line, d.span.start - starts[line - 1] + 1)


@settings(max_examples=150, deadline=None)
@given(RAW_TEXTS)
@example("一、主要举措和成效\r\n（一）甲。。乙\r2026年01月20日\r\n")
def test_any_text_through_the_runner_indexes_the_normalised_text(raw: str) -> None:
    """Line ends of every kind are folded before checking; offsets, lines and columns index that text."""
    result = check_text(raw, RULES)
    assert result.error is None
    assert_positions(result, normalize(raw))


@settings(max_examples=100, deadline=None)
@given(RAW_TEXTS)
def test_any_text_file_checks_cleanly_and_positions_index_what_extract_prints(raw: str) -> None:
    assume(raw.strip())
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "报告.txt"
        p.write_bytes(raw.encode("utf-8"))
        try:
            extracted = load(p).text
        except InputError as exc:           # only a file that sniffs as a known binary format may be refused
            assert "不是文本文件" in exc.message
            return
        result = check_file(str(p), RULES)
    assert result.error is None
    assert extracted == normalize(raw)
    assert_positions(result, extracted)


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16-le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
}
REPORTED = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030", "utf-16-le": "utf-16",
            "utf-16-be": "utf-16"}


@settings(max_examples=150, deadline=None)
@given(RAW_TEXTS, st.sampled_from(sorted(ENCODINGS)))
@example("某县人民政府\r\n关于2025年度\r法治政府建设情况的报告\n", "gb18030")
@example("\ufeff以 BOM 开头的正文\r\n", "utf-8-sig")
def test_the_txt_loader_round_trips_every_encoding_it_claims(raw: str, encoding: str) -> None:
    """UTF-8, UTF-8 with BOM, GB18030, UTF-16 LE/BE with BOM; LF, CRLF, CR and mixed line ends."""
    assume(raw.strip() and not raw.startswith("\ufeff") or encoding in ("utf-8-sig", "utf-16-le", "utf-16-be"))
    data = ENCODINGS[encoding](raw)
    if encoding == "gb18030":
        try:                 # GB18030 bytes that are also valid UTF-8 are read as UTF-8 (the documented order)
            data.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "报告.txt"
        p.write_bytes(data)
        try:
            doc = load(p)
        except InputError as exc:
            assert not raw.strip() or "不是文本文件" in exc.message, exc.message
            return
    assert doc.text == normalize(raw)
    assert doc.encoding == REPORTED[encoding]
