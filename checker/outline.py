"""The outline: headings by their ordinal marks (and docx hints), sections, and the mandated parts they carry."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .body import Body, date_line, find_body
from .model import Document, Heading, Outline, Part, Section, Span
from .text.numerals import cn_to_int

_CN = "[一二三四五六七八九十]{1,3}"
LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(第({_CN})部分)\s*[、，,.．:：]?\s*")),
    (1, re.compile(rf"^(({_CN})\s*[、.．，,:：])\s*")),
    (2, re.compile(rf"^([(（]\s*({_CN})\s*[)）]\s*[、，,.．]?)\s*")),
    (3, re.compile(r"^((\d{1,2})\s*[.．、](?!\d))\s*")),
    (4, re.compile(r"^([(（]\s*(\d{1,2})\s*[)）]\s*[、，,.．]?)\s*")),
)
# "一主要举措和成效": a level-1 heading whose 顿号 was lost (it is reported by the numbering rules)
BARE_L1_RE = re.compile(rf"^(({_CN}))(?=[\u4e00-\u9fff])(?!是|年|直|批|些|系|方|定|般|起|道|同|切|体|把|线|流|时|次|项|件|个|名|位|季|月|日|天|段|份|级|步|律|贯|致|手|带|维|元|审|产|氧|胎|手)")
APPROX_AFTER_RE = re.compile(rf"{_CN}(?:月|日|天|年|周|个|次|季度|倍|成)")
STYLE_LEVEL_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
YEAR_RE = re.compile(r"(20\d\d)\s*年")

# Part keywords in a heading, most specific first. Order of the four is customary, not mandated.
PART_HEADING = (
    (Part.FIRST_RESPONSIBLE, re.compile(r"第一责任人|主要负责人|主要负责同志|党政主要负责")),
    (Part.SHORTCOMINGS, re.compile(r"不足|存在的?问题|问题(?:和|及|与)不足|短板|差距|薄弱环节|原因")),
    (Part.NEXT_YEAR, re.compile(r"下一年|下一步|下步|明年|来年|今后|打算|工作安排|主要安排|工作计划|工作思路|工作要点|思路|展望")),
    (Part.MEASURES, re.compile(r"举措|成效|做法|成绩|主要工作|工作开展|开展情况|工作情况|工作进展|主要措施")),
    (Part.OTHER, re.compile(r"其他需要报告|其他情况|其他事项|其它需要报告")),
)
# Where a heading is silent, the text can still say which part it is.
PART_TEXT = {
    Part.FIRST_RESPONSIBLE: re.compile(r"第一责任人"),
    Part.SHORTCOMINGS: re.compile(r"存在的?(?:问题|不足)|短板|不足之处"),
    Part.NEXT_YEAR: re.compile(r"下一步|下一年|明年"),
}


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
            end = p.span.start + lead + mark.rest + len(title) if title else p.span.start + lead + len(mark.mark)
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


def heading_parts(title: str, report_year: int | None) -> tuple[Part, ...]:
    found: list[Part] = [part for part, pattern in PART_HEADING if pattern.search(title)]
    years = [int(y) for y in YEAR_RE.findall(title)]
    if report_year and any(y == report_year + 1 for y in years) and Part.NEXT_YEAR not in found:
        found = [p for p in found if p is not Part.MEASURES]
        found.append(Part.NEXT_YEAR)
    if Part.NEXT_YEAR in found and Part.MEASURES in found:
        found.remove(Part.MEASURES)    # "主要工作思路与目标举措" is a plan, not last year's measures
    return tuple(found)


def map_parts(doc: Document, sections: tuple[Section, ...], report_year: int | None) -> tuple[Section, ...]:
    parts = [list(heading_parts(s.heading.title, report_year)) for s in sections]
    # Themed reports (seed 002): no heading says 举措/成效, so the sections before the shortcomings are the measures.
    if sections and not any(Part.MEASURES in p for p in parts):
        limit = next((k for k, p in enumerate(parts) if Part.SHORTCOMINGS in p or Part.NEXT_YEAR in p), len(parts))
        for k in range(limit):
            if not parts[k] or parts[k] == [Part.FIRST_RESPONSIBLE]:
                parts[k].insert(0, Part.MEASURES)
    # Where a heading is silent on a mandated part that no heading carries, the text may carry it.
    for part, pattern in PART_TEXT.items():
        if any(part in p for p in parts):
            continue
        for k, s in enumerate(sections):
            if pattern.search(doc.text, s.span.start, s.span.end) and part not in parts[k]:
                parts[k].append(part)
                break
    return tuple(_with_parts(s, tuple(p), report_year) for s, p in zip(sections, parts))


def _with_parts(section: Section, parts: tuple[Part, ...], report_year: int | None) -> Section:
    """Children carry their parent's parts; a child's own heading only narrows a parent that carries several."""
    def child_parts(c: Section) -> tuple[Part, ...]:
        own = tuple(p for p in heading_parts(c.heading.title, report_year) if p in parts)
        return own if own and len(parts) > 1 else parts

    children = tuple(_with_parts(c, child_parts(c), report_year) for c in section.children)
    return Section(section.heading, section.span, parts, children)


def report_year_of(doc: Document, body: Body) -> int | None:
    if body.title is not None:
        m = YEAR_RE.search(doc.para_text(doc.paragraphs[body.title]))
        if m:
            return int(m.group(1))
    if body.date is not None:
        m = re.match(r"\s*(20\d\d)", doc.para_text(doc.paragraphs[body.date]))
        if m:
            return int(m.group(1)) - 1
    return None


def build_outline(doc: Document, body: Body | None = None, report_year: int | None = None) -> Outline:
    """The outline; `report_year` overrides the year read from the title/date (configuration)."""
    body = body or find_body(doc)
    report_year = report_year or report_year_of(doc, body)
    headings = find_headings(doc, body)
    top = min((h.level for h in headings), default=1)
    tree = build_tree([h for h in headings if h.level >= top], body.span.end)
    sections = map_parts(doc, tree, report_year)
    parts: dict[Part, tuple[Section, ...]] = {}
    for s in sections:
        for part in s.parts:
            parts[part] = parts.get(part, ()) + (s,)
    title_span = None
    if body.title is not None:
        first = doc.paragraphs[body.title_start if body.title_start is not None else body.title]
        last = doc.paragraphs[body.title]
        raw_first, raw_last = doc.para_text(first), doc.para_text(last)
        title_span = Span(first.span.start + len(raw_first) - len(raw_first.lstrip()),
                          last.span.start + len(raw_last.rstrip()))
    signature = None
    if body.signature:
        first, last = doc.paragraphs[body.signature[0]], doc.paragraphs[body.signature[-1]]
        raw_first, raw_last = doc.para_text(first), doc.para_text(last)
        signature = Span(first.span.start + len(raw_first) - len(raw_first.lstrip()),
                         last.span.start + len(raw_last.rstrip()))
    return Outline(body=body.span, title=title_span, signature=signature, date=date_line(doc, body),
                   paragraphs=body.paragraphs, sections=sections, parts=parts, report_year=report_year,
                   published=body.published, chrome=body.chrome)
