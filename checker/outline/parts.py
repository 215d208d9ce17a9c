"""Which sections carry the four mandated parts (督察工作规定 第二十五条), under the headings real reports use,
and the evidence for each: a heading, a subsection's title, or the sentence that leads prose about it.

- Headings: 主要举措和成效 / 主要措施和成效 / 工作开展情况 / 2025年推进法治政府建设情况 / 工作总结 …;
  存在的不足和原因 / 存在的主要问题 / 面临的困难和问题 / 存在的差距和不足 / 工作中的短板弱项 …;
  党政主要负责人履行…第一责任人职责 …; 下一年度主要安排 / 2026年工作安排 / 下一步工作打算 / 工作思路 ….
- Themed reports (一、强化法治思维… 二、加强组织领导…): the sections before the shortcomings are the measures.
- The first-responsible-person part may be a subsection ((二)主要负责人带头履行…, 3.压实第一责任人职责) or prose
  whose lead sentence names the leaders and their 第一责任人职责 ("区政府主要负责同志认真履行推进法治建设第一
  责任人职责，…"). A clause elsewhere ("（一）加强组织领导。乡党委书记认真履行第一责任人职责，乡党委…") is not
  the part: it is recorded as a passing mention, so the missing-part finding can say it saw it.
- A section whose heading names no part may still be led by a sentence that says it: "在肯定成绩的同时，也清醒
  看到…还存在一些问题" (shortcomings), "2026年，我县将…" (next year). Words such as 存在的问题, 短板, 补短板
  inside a measures section never make it the shortcomings part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Document, Evidence, Heading, Part, Section, Span
from .year import YEAR_RE

# Part keywords in a heading. Order of the four is customary, not mandated.
PART_HEADING = (
    (Part.FIRST_RESPONSIBLE, re.compile(r"第一责任人|主要负责人|主要负责同志|党政主要负责|主要领导")),
    (Part.SHORTCOMINGS, re.compile(
        r"(?<!补)不足|差距|薄弱环节|原因|(?:存在|面临)[^，,；;]{0,6}(?:困难|问题|挑战)|(?:主要|突出|当前)(?:困难|问题)(?=[和及与]|$)"
        r"|困难和问题|问题(?:[和及与](?:不足|原因|困难|差距))|(?<![补强])短板|(?<!强)弱项")),
    (Part.NEXT_YEAR, re.compile(r"下一年|下一步|下步|下一阶段|下阶段|明年|来年|今后|打算|工作安排|主要安排|工作计划|工作思路|思路|"
                                r"工作要点|展望")),
    (Part.MEASURES, re.compile(r"举措|成效|做法|成绩|主要工作|工作开展|开展情况|工作情况|工作进展|主要措施|建设情况|"
                               r"工作总结|总体情况")),
    (Part.OTHER, re.compile(r"其他需要报告|其他情况|其他事项|其它需要报告")),
)
SENTENCE_RE = re.compile(r"[^。！？；;!?]*[。！？；;!?]?")
# the lead sentence of prose about the first responsible person: the leaders, then 履行…第一责任人职责
LEADERS = (r"(?:主要负责人|主要负责同志|主要领导|党政主要负责|负责人|书记|主任|[省市县区州盟旗镇乡]长|局长|厅长|部长|处长|"
           r"院长|一把手)")
DUTY_VERBS = r"(?:履行|落实|扛起|扛牢|压实|担负|担起|践行)"
FR_LEAD_RE = re.compile(
    rf"{LEADERS}[^。；;！？]{{0,30}}?{DUTY_VERBS}[^。；;！？]{{0,16}}第一责任人(?:职责|责任)"
    rf"|{DUTY_VERBS}[^。；;！？]{{0,12}}(?:主要负责人|主要负责同志|党政主要负责)[^。；;！？]{{0,16}}第一责任人(?:职责|责任)")
# a paragraph led by a sentence about the leaders themselves, that goes on to their 第一责任人 duties
LEADERS_LEAD_RE = re.compile(r"主要负责人|主要负责同志|党政主要负责|主要领导")
FR_WORD_RE = re.compile(r"第一责任人")
SHORTCOMING_LEAD_RE = re.compile(
    r"(?:清醒(?:地)?(?:看到|认识到)|也要看到|也应看到|同时[^。]{0,12}(?:看到|存在)|(?:还|仍|依然|也)(?:存在|面临))"
    r"[^。]{0,30}(?:问题|不足|短板|差距|薄弱|弱项|困难)")
NEXT_LEAD_RE = re.compile(r"^\s*(?:(?P<y>(?:19|20)\d\d)\s*年(?:度)?[，,是]|下一步[，,]|下一年度?[，,]|明年[，,]|今后[^。]{0,6}[，,])")


@dataclass(frozen=True, slots=True)
class PartMap:
    sections: tuple[Section, ...]
    parts: dict[Part, tuple[Section, ...]] = field(default_factory=dict)
    evidence: dict[Part, Evidence] = field(default_factory=dict)
    passing: dict[Part, Span] = field(default_factory=dict)


def heading_parts(title: str, report_year: int | None) -> tuple[Part, ...]:
    found: list[Part] = [part for part, pattern in PART_HEADING if pattern.search(title)]
    years = [int(y) for y in YEAR_RE.findall(title)]
    if report_year and any(y == report_year + 1 for y in years) and Part.NEXT_YEAR not in found:
        found = [p for p in found if p is not Part.MEASURES]
        found.append(Part.NEXT_YEAR)
    if Part.MEASURES in found and (Part.NEXT_YEAR in found or Part.FIRST_RESPONSIBLE in found):
        found.remove(Part.MEASURES)    # "主要工作思路与目标举措" is a plan; "…职责履行情况" is not the measures
    return tuple(found)


def first_sentence(text: str, start: int, end: int) -> Span:
    m = SENTENCE_RE.match(text, start, end)
    stop = m.end() if m else end
    return Span(start, max(start, stop))


def _lead(doc: Document, section: Section) -> Span | None:
    """The first sentence of a section's text (after its heading; the heading's own paragraph when run in)."""
    text = doc.text
    pos = section.heading.span.end
    while pos < section.span.end and text[pos] in "。：:， \t\u3000\n":
        pos += 1
    if pos >= section.span.end:
        return None
    return first_sentence(text, pos, section.span.end)


def map_parts(doc: Document, sections: tuple[Section, ...], paragraphs: tuple[int, ...],
              report_year: int | None) -> PartMap:
    text = doc.text
    parts = [list(heading_parts(s.heading.title, report_year)) for s in sections]
    evidence: dict[Part, Evidence] = {}
    for s, ps in zip(sections, parts):
        for part in ps:
            evidence.setdefault(part, Evidence("heading", s.heading.span))
    # a section whose heading names no part, led by a sentence that says which
    for k, s in enumerate(sections):
        if parts[k]:
            continue
        lead = _lead(doc, s)
        if lead is None:
            continue
        sentence = text[lead.start:lead.end]
        m = NEXT_LEAD_RE.match(sentence)
        if m and (m.group("y") is None or (report_year is not None and int(m.group("y")) == report_year + 1)) \
                and Part.NEXT_YEAR not in evidence:
            parts[k].append(Part.NEXT_YEAR)
            evidence[Part.NEXT_YEAR] = Evidence("lead", lead)
        elif SHORTCOMING_LEAD_RE.search(sentence) and Part.SHORTCOMINGS not in evidence:
            parts[k].append(Part.SHORTCOMINGS)
            evidence[Part.SHORTCOMINGS] = Evidence("lead", lead)
    # themed reports (一、强化法治思维… 二、加强组织领导…): the sections before the shortcomings are the measures
    if sections and not any(Part.MEASURES in p for p in parts):
        limit = next((k for k, p in enumerate(parts) if Part.SHORTCOMINGS in p or Part.NEXT_YEAR in p), len(parts))
        for k in range(limit):
            if not parts[k] or parts[k] == [Part.FIRST_RESPONSIBLE]:
                parts[k].insert(0, Part.MEASURES)
                evidence.setdefault(Part.MEASURES, Evidence("themed", sections[k].heading.span))
    mapped = [_with_parts(s, tuple(p), report_year) for s, p in zip(sections, parts)]
    by_part: dict[Part, list[Section]] = {}
    for s in mapped:
        for part in s.parts:
            by_part.setdefault(part, []).append(s)
    # the first responsible person as a subsection of another part
    if Part.FIRST_RESPONSIBLE not in by_part:
        subs = [c for s in mapped for c in _descendants(s) if Part.FIRST_RESPONSIBLE in c.parts]
        if subs:
            by_part[Part.FIRST_RESPONSIBLE] = subs
            evidence[Part.FIRST_RESPONSIBLE] = Evidence("subheading", subs[0].heading.span)
    passing: dict[Part, Span] = {}
    if Part.FIRST_RESPONSIBLE not in by_part:
        found = _first_responsible_prose(doc, mapped, paragraphs)
        if isinstance(found, Section):
            by_part[Part.FIRST_RESPONSIBLE] = [found]
            evidence[Part.FIRST_RESPONSIBLE] = Evidence("lead", found.heading.span)
            k = next(k for k, s in enumerate(mapped) if s.span.contains(found.span))
            if Part.FIRST_RESPONSIBLE not in mapped[k].parts:
                s = mapped[k]
                mapped[k] = Section(s.heading, s.span, s.parts + (Part.FIRST_RESPONSIBLE,), s.children)
        elif found is not None:
            passing[Part.FIRST_RESPONSIBLE] = found
    return PartMap(tuple(mapped), {p: tuple(v) for p, v in by_part.items()}, evidence, passing)


def _with_parts(section: Section, parts: tuple[Part, ...], report_year: int | None) -> Section:
    """Children carry their parent's parts; a child's own heading narrows a parent that carries several, and a
    child headed as the first responsible person's part is that part wherever it stands."""
    def child_parts(c: Section) -> tuple[Part, ...]:
        named = heading_parts(c.heading.title, report_year)
        if Part.FIRST_RESPONSIBLE in named and Part.FIRST_RESPONSIBLE not in parts:
            return (Part.FIRST_RESPONSIBLE,)
        own = tuple(p for p in named if p in parts)
        return own if own and len(parts) > 1 else parts

    children = tuple(_with_parts(c, child_parts(c), report_year) for c in section.children)
    return Section(section.heading, section.span, parts, children)


def _descendants(section: Section) -> list[Section]:
    out = []
    for c in section.children:
        out.append(c)
        out.extend(_descendants(c))
    return out


def _first_responsible_prose(doc: Document, sections: list[Section], paragraphs: tuple[int, ...]
                             ) -> Section | Span | None:
    """Prose about the first responsible person, as a section of its own (from its lead sentence to the next
    heading); else the first passing mention of 第一责任人 (a Span); else None. Paragraphs that open with a
    heading (run-in "（一）加强组织领导。…") are not prose led by such a sentence; the plan part is left out."""
    text = doc.text
    starts = sorted({h.span.start for s in sections for h in _headings(s)})
    heading_paras = {h.paragraph for s in sections for h in _headings(s)}
    plan = [s.span for s in sections if Part.NEXT_YEAR in s.parts and Part.MEASURES not in s.parts]
    if not sections:
        return None
    first, last = sections[0].span.start, sections[-1].span.end
    mention: Span | None = None
    for i in paragraphs:
        span = doc.paragraphs[i].span
        if span.end <= first or span.start >= last or any(p.contains(span) for p in plan):
            continue
        raw = text[span.start:span.end]
        start = span.start + len(raw) - len(raw.lstrip())
        if i not in heading_paras:
            lead = first_sentence(text, start, span.end)
            m = FR_LEAD_RE.search(text, lead.start, lead.end)
            if m is None and LEADERS_LEAD_RE.search(text, lead.start, lead.end):
                m = FR_WORD_RE.search(text, lead.end, span.end)
                if m is not None:
                    m = LEADERS_LEAD_RE.search(text, lead.start, lead.end)
            if m:
                nxt = next((s for s in starts if s > start), last)
                end = min(nxt, next((s.span.end for s in sections if s.span.start <= start < s.span.end), last))
                cut = re.search(r"[，,：:]", text[m.end():lead.end])
                clause = Span(lead.start, m.end() + cut.start() if cut else lead.end)
                heading = Heading(0, "", None, text[clause.start:clause.end].rstrip("。；;"), clause, i)
                return Section(heading, Span(start, end), (Part.FIRST_RESPONSIBLE,))
        if mention is None:
            w = FR_WORD_RE.search(text, start, span.end)
            if w:
                mention = _clause(text, w.start(), span)
    return mention


def _headings(section: Section) -> list[Heading]:
    return [section.heading] + [h for c in section.children for h in _headings(c)]


def _clause(text: str, pos: int, span: Span) -> Span:
    """The clause around a position: from the previous to the next 。，；."""
    a = pos
    while a > span.start and text[a - 1] not in "。，,；;！？：:":
        a -= 1
    b = pos
    while b < span.end and text[b] not in "。，,；;！？":
        b += 1
    return Span(a, b)
