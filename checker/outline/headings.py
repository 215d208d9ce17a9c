"""Headings by their ordinal marks (一、 · （一） · 1. · （1） · 第一部分), docx heading styles and bold one-line
paragraphs; nested into sections."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..body import Body
from ..model import Document, Heading, Section, Span
from ..text.numerals import cn_to_int

_CN = "[一二三四五六七八九十]{1,3}"
LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(第({_CN})部分)\s*[、，,.．:：]?\s*")),
    (1, re.compile(rf"^(({_CN})\s*[、.．，,:：])\s*")),
    (2, re.compile(rf"^([(（]\s*({_CN})\s*[)）]\s*[、，,.．]?)\s*")),
    # "三)严格执法": a level-2 mark whose opening bracket was lost (the numbering rules report the slip)
    (2, re.compile(rf"^(({_CN})\s*[)）](?![)）])\s*[、，,.．]?)\s*(?=[\u4e00-\u9fff“《])")),
    (3, re.compile(r"^((\d{1,2})\s*[.．、](?!\d))\s*")),
    (4, re.compile(r"^([(（]\s*(\d{1,2})\s*[)）]\s*[、，,.．]?)\s*")),
)
# "一主要举措和成效": a level-1 heading whose 顿号 was lost (it is reported by the numbering rules)
BARE_L1_RE = re.compile(rf"^(({_CN}))(?=[\u4e00-\u9fff])(?!是|年|直|批|些|系|方|定|般|起|道|同|切|体|把|线|流|时|次|项|件|个|名|位|季|月|日|天|段|份|级|步|律|贯|致|手|带|维|元|审|产|氧|胎|手)")
APPROX_AFTER_RE = re.compile(rf"{_CN}(?:月|日|天|年|周|个|次|季度|倍|成)")
STYLE_LEVEL_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Mark:
    level: int
    mark: str
    number: int | None
    rest: int   # offset within the stripped paragraph where the heading's words start


def match_mark(s: str, expected_l1: int | None = None) -> _Mark | None:
    """The ordinal mark a stripped paragraph starts with, if it is a heading mark."""
    for level, pattern in LEVEL_PATTERNS:
        m = pattern.match(s)
        if m:
            g = m.group(2)
            number = int(g) if g.isdigit() else cn_to_int(g)
            if number is None or APPROX_AFTER_RE.match(s, m.end()):
                continue     # "三、四月份" is a run of two numerals, not a heading
            return _Mark(level, m.group(1).strip(), number, m.end())
    m = BARE_L1_RE.match(s)
    if m and len(s) <= 40 and not re.search(r"[。，,；;：:]", s):
        number = cn_to_int(m.group(2))
        if number is not None and (expected_l1 is None or number == expected_l1):
            return _Mark(1, m.group(1), number, m.end())
    return None


def _heading_title(s: str, start: int) -> str:
    rest = s[start:]
    cut = re.search(r"[。！？]", rest)
    return (rest[:cut.start()] if cut else rest).strip()


def find_headings(doc: Document, body: Body) -> list[Heading]:
    skip = {body.title, body.title_start, body.date, *body.signature}
    if body.title is not None and body.title_start is not None:
        skip.update(range(body.title_start, body.title + 1))
    headings: list[Heading] = []
    styled: list[Heading] = []
    next_l1 = 1
    for i in body.paragraphs:
        if i in skip:
            continue
        p = doc.paragraphs[i]
        raw = doc.para_text(p)
        lead = len(raw) - len(raw.lstrip())
        s = raw.strip()
        mark = match_mark(s, next_l1)
        style_level = _style_level(p.style)
        if mark is not None:
            if mark.level == 1:
                next_l1 = (mark.number or 0) + 1
            title = _heading_title(s, mark.rest)
            end = p.span.start + lead + len(mark.mark)
            if title:
                end = p.span.start + lead + s.index(title, mark.rest) + len(title)
            headings.append(Heading(mark.level, mark.mark, mark.number, title,
                                    Span(p.span.start + lead, end), i))
        elif style_level is not None or (p.bold and len(s) <= 40 and not s.endswith("。")):
            styled.append(Heading(style_level or 1, "", None, s, Span(p.span.start + lead, p.span.start + lead + len(s)), i))
    # docx heading styles and bold one-line paragraphs count where the marks do not give the levels
    if styled and not any(h.level == 1 for h in headings):
        headings = sorted(headings + styled, key=lambda h: h.span.start)
    return headings


def _style_level(style: str | None) -> int | None:
    if not style:
        return None
    m = STYLE_LEVEL_RE.match(style.strip())
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 4 else None


def build_tree(headings: list[Heading], end: int) -> tuple[Section, ...]:
    """Nest headings by level; a section runs to the next heading of the same or a higher level."""

    def build(items: list[Heading], stop: int) -> tuple[Section, ...]:
        out = []
        i = 0
        while i < len(items):
            h = items[i]
            j = i + 1
            while j < len(items) and items[j].level > h.level:
                j += 1
            sec_end = items[j].span.start if j < len(items) else stop
            out.append(Section(h, Span(h.span.start, sec_end), (), build(items[i + 1:j], sec_end)))
            i = j
        return tuple(out)

    return build(headings, end)
