"""Find the report body inside page chrome: from the title to the signature and 成文日期.

Published reports are saved from government web pages: breadcrumbs, metadata rows (索引号, 发布机构, 成文日期 …),
font switches, share bars and footers stand around (and sometimes just inside) the report. A cover letter
(呈送函) may stand in front of it; attachments and the 版记 (抄送, 印发) may follow its 成文日期. Only the body
is checked. Everything here reads the folded text (`Document.matching()`), so a traditional page reads like a
simplified one; offsets are the same.

- chrome.py   page chrome and the metadata rows (标题, 成文日期, 发布日期, repost)
- lines.py    what a line is: title, date, organ, sentence
- cover.py    the cover letter in front of a report
- closing.py  signature, 成文日期, attachments, 版记, 附件说明
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import DateLine, Document, Paragraph, Span
from ..text.marks import ORDINAL_START_RE
from .chrome import PageMeta, is_breadcrumb, is_chrome, is_meta_row, meta_value_lines, page_meta
from .closing import Named, attachment_note, attachments, date_index, signature_lines, tail_start
from .cover import Cover, find_cover
from .lines import (LABEL_RE, TITLE_HEAD_RE, TITLE_TAIL_RE, has_organ, is_content, is_date_line, is_organ_line,
                    is_title, squash)

__all__ = ["Body", "ORDINAL_START_RE", "date_line", "find_body", "is_chrome", "is_date_line", "is_organ_line",
           "is_title"]


@dataclass(frozen=True, slots=True)
class Body:
    span: Span
    title: int | None           # paragraph indices
    signature: tuple[int, ...]
    date: int | None
    paragraphs: tuple[int, ...]  # report paragraphs in the body (blank lines and chrome left out)
    chrome: tuple[int, ...]      # chrome paragraphs inside the body span
    published: str | None
    title_start: int | None = None   # first line of a title over two or three lines (else == title)
    title_span: tuple[int, int] | None = None   # a 标题 row's value standing in for the title (offsets)
    signed: str | None = None        # the page's 成文日期 row (YYYY-MM-DD)
    cover: Cover | None = None       # a cover letter in front of the report
    signed_by_cover: bool = False    # the report is unsigned: the letter's signature and date count for it
    tail: tuple[int, ...] = ()       # attachments and 版记 after the 成文日期 (not checked)
    note: tuple[Named, ...] = ()     # the 附件说明's items
    attached: tuple[Named, ...] = ()  # the attachments present (their names)


# a title's first line broken before its topic, and the line that goes on with it
TITLE_BREAK_RE = re.compile(r"^[^。，,；;：:！？]{2,40}(?:关于|(?:19|20)\d\d\s*年度?)$")
TITLE_REST_RE = re.compile(r"^(?:法治|年度|(?:19|20)\d\d)")
MAX_META_ROW = 240      # a longer paragraph is report text, whatever it starts with


class _Lines:
    """The paragraphs' texts, with which of them are page chrome."""

    def __init__(self, doc: Document) -> None:
        self.texts = [doc.para_text(p) for p in doc.paragraphs]
        rows = {i for i, t in enumerate(self.texts) if len(t) <= MAX_META_ROW and is_meta_row(t)}
        self.meta_rows = sorted(rows)
        values = meta_value_lines(self.texts, rows)
        self.chrome = [i in rows or i in values or is_chrome(t) or is_breadcrumb(t) for i, t in enumerate(self.texts)]

    def skip(self, i: int) -> bool:
        return self.chrome[i]

    def prev(self, i: int, floor: int = -1) -> int | None:
        """The nearest non-blank line at or before i and above floor."""
        while i > floor:
            if self.texts[i].strip():
                return i
            i -= 1
        return None

    def prev_report(self, i: int) -> int | None:
        """The nearest non-blank, non-chrome line at or before i."""
        while i >= 0:
            if self.texts[i].strip() and not self.chrome[i]:
                return i
            i -= 1
        return None


def find_body(doc: Document) -> Body:
    doc = doc.matching()
    paras = doc.paragraphs
    lines = _Lines(doc)
    texts = lines.texts
    meta = page_meta(texts, lines.meta_rows)
    first = next((i for i, t in enumerate(texts) if t.strip() and not lines.skip(i)), 0)
    cover = find_cover(texts, first, lines.skip, lines.prev_report)
    region = cover.end + 1 if cover else 0
    title_start, title = _title(texts, lines, region)
    if title_start is not None:
        start = _with_labels_above(texts, title_start, lines)
    else:
        start = next((i for i in range(region, len(texts)) if texts[i].strip() and not lines.skip(i)), region)
    heads = {title, title_start} | (set(range(title_start, title + 1)) if title is not None and title_start is not None
                                    else set())
    stop = _page_end(texts, lines, start, heads)
    tail = tail_start(texts, start, stop, lines.skip)
    end = lines.prev_report(tail - 1)
    end = start if end is None or end < start else end
    date = date_index(texts, start, end, lines.prev_report)
    last = lines.prev_report(date - 1) if date is not None else end
    signature = signature_lines(texts, last, start, heads, lines.prev_report)
    chrome = tuple(i for i in range(start, end + 1) if i not in heads and lines.skip(i))
    body_paras = tuple(i for i in range(start, end + 1) if texts[i].strip() and i not in chrome)
    tail_paras = [i for i in range(tail, stop) if texts[i].strip() and not lines.skip(i)]
    signed_by_cover = False
    if cover is not None and (not signature or date is None):
        # the report itself is unsigned or undated: the letter's signature and date count for it
        signed_by_cover = True
        signature = signature or cover.signature
        date = cover.date if date is None else date
    span = _trimmed(doc, paras[start], paras[end]) if paras else Span(0, 0)
    return Body(span=span, title=title, signature=signature, date=date, paragraphs=body_paras, chrome=chrome,
                published=_published(doc, meta), title_start=title_start,
                title_span=_meta_title(doc, meta) if title is None else None,
                signed=meta.signed or (str(doc.meta["signed"]) if doc.meta.get("signed") else None), cover=cover,
                signed_by_cover=signed_by_cover, tail=tuple(tail_paras),
                note=attachment_note(texts, list(body_paras)), attached=attachments(texts, tail_paras))


def _title(texts: list[str], lines: _Lines, region: int) -> tuple[int | None, int | None]:
    """(first line, last line) of the report's title, looked for before its first sentence."""
    first_content = next((i for i in range(region, len(texts)) if is_content(texts[i]) and not lines.skip(i)), None)
    limit = first_content if first_content is not None else next(
        (i for i in range(region, len(texts)) if ORDINAL_START_RE.match(texts[i])), len(texts) - 1)
    window = [i for i in range(region, min(limit, len(texts) - 1) + 1) if not lines.skip(i)]
    title = _pick_title(texts, [i for i in window if is_title(texts[i])])
    if title is None:
        return _wrapped_title(texts, window)
    title_start = title
    # a title block over two or three lines: the organ (or two organs of a joint report) above "关于…的报告";
    # or a title broken before its topic: "××县人民政府关于2025年度" / "法治政府建设情况的报告"
    above = lines.prev(title - 1)
    if above is not None and not lines.skip(above) and TITLE_BREAK_RE.search(texts[above].strip()) \
            and TITLE_REST_RE.match(texts[title].strip()):
        return above, title
    taken = 0
    while above is not None and taken < 2 and is_organ_line(texts[above]) and not lines.skip(above) \
            and (taken or not has_organ(texts[title])):
        title_start = above
        taken += 1
        above = lines.prev(above - 1)
    return title_start, title


def _wrapped_title(texts: list[str], window: list[int]) -> tuple[int | None, int | None]:
    """A title wrapped inside a phrase: "××县人民政府关于2025年度法治政府建设" / "情况的报告"."""
    full = [i for i in window if texts[i].strip()]
    for a, b in zip(full, full[1:]):
        if TITLE_HEAD_RE.search(texts[a].strip()) and TITLE_TAIL_RE.match(texts[b].strip()) \
                and not re.search(r"[。，,；;：:]", texts[a]) and len(texts[a].strip()) <= 60:
            return a, b
    return None, None


def _with_labels_above(texts: list[str], first: int, lines: _Lines) -> int:
    """GB/T 9704 puts the 密级 and 紧急程度 labels above the title: they are part of the document (and a
    report that is published must not carry them), so the body starts with them."""
    start = first
    i = lines.prev(first - 1)
    while i is not None and first - i <= 4 and LABEL_RE.match(texts[i].strip()):
        start = i
        i = lines.prev(i - 1)
    return start


def _pick_title(texts: list[str], candidates: list[int]) -> int | None:
    """The first title-like line with a year (a column name such as 法治政府建设年度报告 has none);
    where the page prints the title again just above the report, that copy."""
    with_year = [i for i in candidates if re.search(r"(?:19|20)\d\d", texts[i])]
    pool = with_year or candidates
    if not pool:
        return None
    key = squash(texts[pool[0]])
    return [i for i in pool if squash(texts[i]) == key][-1]


def _page_end(texts: list[str], lines: _Lines, start: int, heads: set[int | None]) -> int:
    """Where the page's own lines begin after the report: the first chrome line after some of the report's
    text that no more of the report follows (a sentence, a heading, or a signature with its date). Chrome
    between the title and the text (发布日期, 字号, 打印) and a spam line inside the report are skipped."""
    n = len(texts)
    seen_text = False
    own_after = -1             # the first of the report's own lines after the chrome line looked at
    for i in range(start, n):
        if not texts[i].strip() or i in heads:
            continue
        if lines.skip(i):
            if seen_text:
                if own_after <= i:
                    own_after = next((k for k in range(i + 1, n) if _own(texts, lines, k)), n)
                if own_after >= n:
                    return i
            continue
        seen_text = True
    return n


def _own(texts: list[str], lines: _Lines, i: int) -> bool:
    """A line only a report has: a sentence, a heading, or a date under a signature."""
    t = texts[i]
    if not t.strip() or lines.skip(i):
        return False
    if is_content(t) or ORDINAL_START_RE.match(t):
        return True
    p = lines.prev(i - 1)
    return is_date_line(t) and p is not None and is_organ_line(texts[p])


def _published(doc: Document, meta: PageMeta) -> str | None:
    """The publication date the page states (a loader's, else a 发布日期 row's); none for a repost."""
    if meta.repost:
        return None
    if doc.meta.get("published"):
        return str(doc.meta["published"])
    return meta.published


def _meta_title(doc: Document, meta: PageMeta) -> tuple[int, int] | None:
    if meta.title is None:
        return None
    i, a, b = meta.title
    start = doc.paragraphs[i].span.start
    return start + a, start + b


def _trimmed(doc: Document, first: Paragraph, last: Paragraph) -> Span:
    """From the first character of the first paragraph to the last character of the last one."""
    head = doc.para_text(first)
    tail = doc.para_text(last)
    return Span(first.span.start + len(head) - len(head.lstrip()), last.span.start + len(tail.rstrip()))


def date_line(doc: Document, body: Body) -> DateLine | None:
    if body.date is None:
        return None
    p: Paragraph = doc.paragraphs[body.date]
    raw = doc.para_text(p)
    lead = len(raw) - len(raw.lstrip())
    s = raw.strip()
    return DateLine(span=Span(p.span.start + lead, p.span.start + lead + len(s)), text=s)
