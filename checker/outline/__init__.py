"""The outline: headings by their ordinal marks (and docx hints), sections, the mandated parts they carry with
the evidence for each, and the one reporting year.

- headings.py  marks, heading styles, the section tree
- parts.py     sections → the four parts (headings, subsections, lead sentences, themed reports)
- year.py      the reporting year from title, opening, body and 成文日期
"""
from __future__ import annotations

from ..body import Body, date_line, find_body
from ..body.closing import clean_name
from ..model import Attachment, Document, Outline, Part, Span
from ..text.titles import title_organs
from .headings import LEVEL_PATTERNS, build_tree, find_headings, match_mark
from .parts import PART_HEADING, heading_parts, map_parts
from .year import YEAR_RE, body_year, decide, votes_of

__all__ = ["LEVEL_PATTERNS", "PART_HEADING", "YEAR_RE", "build_outline", "build_tree", "find_headings",
           "heading_parts", "map_parts", "match_mark"]


def _lines_span(doc: Document, first: int, last: int) -> Span:
    a, b = doc.paragraphs[first], doc.paragraphs[last]
    raw_a, raw_b = doc.para_text(a), doc.para_text(b)
    return Span(a.span.start + len(raw_a) - len(raw_a.lstrip()), b.span.start + len(raw_b.rstrip()))


def _intro(doc: Document, body: Body, title: Span | None, first_heading: int | None) -> list[Span]:
    """The opening paragraphs: after the title, before the first heading."""
    start = title.end if title else body.span.start
    stop = first_heading if first_heading is not None else body.span.end
    return [doc.paragraphs[i].span for i in body.paragraphs
            if doc.paragraphs[i].span.start >= start and doc.paragraphs[i].span.end <= stop][:4]


def build_outline(doc: Document, body: Body | None = None, report_year: int | None = None) -> Outline:
    """The outline; `report_year` overrides the year read from the report (configuration)."""
    doc = doc.matching()
    body = body or find_body(doc)
    headings = find_headings(doc, body)
    top = min((h.level for h in headings), default=1)
    tree = build_tree([h for h in headings if h.level >= top], body.span.end)
    title = None
    if body.title is not None:
        title = _lines_span(doc, body.title_start if body.title_start is not None else body.title, body.title)
    elif body.title_span is not None:
        title = Span(*body.title_span)
    date = date_line(doc, body)
    votes = votes_of(doc, title, date.text if date else None,
                     _intro(doc, body, title, tree[0].span.start if tree else None))
    year = decide(votes)
    mapped = map_parts(doc, tree, body.paragraphs, report_year or year)
    skip = list(s.span for s in mapped.parts.get(Part.NEXT_YEAR, ()))
    skip += [s for s in (title, date.span if date else None) if s is not None]
    in_body = body_year(doc.text, body.span, skip)
    if in_body is not None:
        votes["body"] = in_body
        final = decide(votes)
        if final != year and report_year is None:
            mapped = map_parts(doc, tree, body.paragraphs, final)
        year = final
    if report_year:
        year = report_year
    signature = _lines_span(doc, body.signature[0], body.signature[-1]) if body.signature else None
    cover = _lines_span(doc, body.cover.start, body.cover.end) if body.cover else None
    tail = _lines_span(doc, body.tail[0], body.tail[-1]) if body.tail else None
    note = tuple(_attachment(doc, n) for n in body.note)
    attached = tuple(_attachment(doc, n) for n in body.attached)
    attached += tuple(Attachment(clean_name(str(name)), None) for name in doc.meta.get("attachments", ()))
    return Outline(body=body.span, title=title, signature=signature, date=date, paragraphs=body.paragraphs,
                   sections=mapped.sections, parts=mapped.parts, report_year=year, published=body.published,
                   chrome=body.chrome, organs=tuple(title_organs(doc.text[title.start:title.end])) if title else (),
                   evidence=mapped.evidence, passing=mapped.passing, years=votes,
                   signed=body.signed, cover=cover, signed_by_cover=body.signed_by_cover,
                   tail=tail, note=note, attached=attached)


def _attachment(doc: Document, named: object) -> Attachment:
    from ..body.closing import Named

    assert isinstance(named, Named)
    start = doc.paragraphs[named.paragraph].span.start
    return Attachment(named.name, Span(start + named.start, start + named.end), named.number)
