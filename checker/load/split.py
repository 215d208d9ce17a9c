"""A page whose whole text is one block, split into paragraphs.

Some sites print a report with no line breaks at all: breadcrumbs, metadata, the title, every heading, the
signature and the date follow one another on one line, separated by spaces. Read as one paragraph, such a
page has no title, no headings and no end. A paragraph is such a block when it is long and at least two
level-1/level-2 heading marks (一、 （一） 第一部分) stand in it after a space; it is split at the spaces that
separate its pieces, never inside a sentence:

- after a mark that ends a sentence or a label (。！？；：】);
- before a heading mark, a bullet, a metadata label (发布机构：, [ 成文日期 ]), or a date standing alone;
- after a piece that is a heading, a title (…报告), an organ's name or a date, all standing alone.

A space between two words inside a sentence ("全年办理 案件") is left where it is, so the spacing rules still
see it. A signature and its date on one line ("某某县人民政府　　2026年2月10日") are two pieces too. The pieces keep their line, source and formatting hints; the text and every offset are unchanged.
Matching runs on the folded text (traditional characters folded), like everything else.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Paragraph, Span
from ..text.marks import ANY_MARK_RE, HEADING_MARK_RE
from ..text.page import LABEL, SITE_LABEL

MIN_BLOCK = 200           # characters: a shorter paragraph is never a whole page
MIN_MARKS = 2             # heading marks after a space that make a long paragraph a page in one block
SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
MARK_AFTER_SPACE = re.compile(rf"[ \t\u3000\xa0]+{HEADING_MARK_RE.pattern}")
ENDS_PIECE = set("。！？!?；;：:】")


@lru_cache(maxsize=1)
def _starts_piece() -> re.Pattern[str]:
    """What opens a piece after a space: a bullet, a label, a date standing alone (compiled on first use: only a
    page in one block needs it)."""
    return re.compile(
        rf"(?:[-–•·●▪◆■]\s|[\[【]\s*(?:{LABEL}|{SITE_LABEL})\s*[\]】]|(?:{LABEL}|{SITE_LABEL})\s*[:：|｜]"
        r"|(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})(?=[\s]|$)"
        r"|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日(?=\s|$))")
DATE_PIECE = re.compile(r"^(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})$"
                        r"|^[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$")
ORGAN_PIECE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:人民政府|委员会|党委|党工委|政府|办事处|管理委员会|管委会|局|厅|办公室|委|院)$")
TITLE_PIECE = re.compile(r"^[^。，；！？]{4,80}?(?:报告|情况)$")
HEADING_PIECE = re.compile(rf"^{ANY_MARK_RE.pattern}[^。！？；]{{1,60}}$")


# an organ's name and a date on one line, apart: the signature and the 成文日期 run together
SIGNED_LINE = re.compile(r"[ \t\u3000\xa0]*(?P<organ>[\u4e00-\u9fff（）()]{2,40}?(?:人民政府|委员会|党委|党工委|政府|办事处|"
                         r"管委会|局|厅|办公室|委|院))[ \t\u3000\xa0]+(?P<date>(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
                         r"|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)[ \t\u3000\xa0]*$")


def _signed_line(text: str, span: Span) -> list[Span] | None:
    if span.end - span.start > 80:
        return None
    m = SIGNED_LINE.match(text, span.start, span.end)
    if m is None:
        return None
    return [Span(m.start("organ"), m.end("organ")), Span(m.start("date"), m.end("date"))]


def is_block(text: str, span: Span) -> bool:
    """A long paragraph holding a page's worth of pieces: heading marks after spaces."""
    if span.end - span.start < MIN_BLOCK:
        return False
    return sum(1 for _ in zip(range(MIN_MARKS), MARK_AFTER_SPACE.finditer(text, span.start, span.end))) >= MIN_MARKS


def _whole_piece(piece: str) -> bool:
    """A piece that stands alone: a heading without its text, a title, an organ's name, a date."""
    s = piece.strip()
    return bool(HEADING_PIECE.match(s) or DATE_PIECE.match(s) or ORGAN_PIECE.match(s)
                or (TITLE_PIECE.match(s) and "法治" in s))


def pieces(text: str, span: Span) -> list[Span]:
    """The block's pieces, trimmed of the spaces between them."""
    out: list[Span] = []
    start = span.start
    starts_piece = _starts_piece()
    for m in SPACE_RUN.finditer(text, span.start, span.end):
        if m.start() == span.start or m.end() == span.end:
            continue
        before = text[m.start() - 1]
        split = (before in ENDS_PIECE or starts_piece.match(text, m.end(), span.end) is not None
                 or HEADING_MARK_RE.match(text, m.end(), span.end) is not None
                 or _whole_piece(text[start:m.start()]))
        if split:
            out.append(Span(start, m.start()))
            start = m.end()
    out.append(Span(start, span.end))
    return [s for s in out if s.end > s.start]


def split_blocks(doc: Document) -> Document:
    """The document with every one-block paragraph split into its pieces (the same document when none is)."""
    text = doc.folded
    blocks = {p.index for p in doc.paragraphs if is_block(text, p.span)}
    signed = {p.index: two for p in doc.paragraphs if (two := _signed_line(text, p.span))}
    if not blocks and not signed:
        return doc
    paras: list[Paragraph] = []
    for p in doc.paragraphs:
        spans = pieces(text, p.span) if p.index in blocks else signed.get(p.index, [p.span])
        for span in spans:
            paras.append(Paragraph(index=len(paras), span=span, line=p.line, source=p.source, style=p.style,
                                   bold=p.bold, align=p.align))
    from dataclasses import replace

    return replace(doc, paragraphs=tuple(paras))
