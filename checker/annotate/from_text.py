"""A Word document built from a plain-text (or web-page) report, laid out like a 公文, so its comments have a home.

One paragraph per line of ``Document.text``, so every offset of the text is the same offset in the built
document (``RunMap.of(built).text == safe_text(doc.text)``). The layout follows GB/T 9704 loosely: A4 with the
公文 margins, the title centred in 方正小标宋简体 二号, level-1 headings in 黑体 and level-2 in 楷体 (the mark and
words only; a run-in heading's sentence goes on in the body font), the body in 仿宋 三号 with a two-character
first-line indent and a fixed 28 pt line, and the signature and date set right. Chinese font names are set as
the East Asian font (w:eastAsia), which is the one Word and WPS use for Chinese characters.
"""
from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from ..model import Document, Outline

TITLE_FONT, L1_FONT, L2_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体", "仿宋"
TITLE_SIZE, BODY_SIZE = 22, 16          # 二号, 三号 (points)
# What XML cannot hold, and what the .docx reader would turn into a space anyway: a space each (offsets kept).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\x85\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> str:
    """``text`` with the characters a .docx cannot hold as they are replaced by spaces (same length)."""
    return _UNSAFE.sub(" ", text)


def _set_font(target: Any, name: str, size: int | None = None) -> None:
    """Font of a run or style: Latin and East Asian."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = name
    if size is not None:
        target.font.size = Pt(size)
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)


def _page_setup(document: Any) -> None:
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    _set_font(normal, BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)


def _fonts_by_offset(doc: Document, outline: Outline | None) -> list[tuple[int, int, str]]:
    """(start, end, font) of the heading marks and words set apart from the body."""
    out: list[tuple[int, int, str]] = []
    for heading in outline.headings() if outline is not None else ():
        if heading.level in (1, 2):
            out.append((heading.span.start, heading.span.end, L1_FONT if heading.level == 1 else L2_FONT))
    return out


def build_document(doc: Document, outline: Outline | None) -> Any:
    """The python-docx Document for ``doc`` (see the module docstring)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    _page_setup(document)
    text = safe_text(doc.text)
    title = outline.title if outline is not None else None
    right = [s for s in ((outline.signature, outline.date.span if outline.date else None) if outline else ())
             if s is not None]
    fonts = _fonts_by_offset(doc, outline)
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        paragraph = document.add_paragraph()
        if title is not None and title.start <= start < title.end:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(paragraph.add_run(line), TITLE_FONT, TITLE_SIZE)
        else:
            if any(s.start <= start < s.end or start <= s.start < max(end, start + 1) for s in right):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.right_indent = Pt(BODY_SIZE * 4)
            elif line.strip():
                paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
            _add_runs(paragraph, line, start, fonts)
        start = end + 1
    return document


def _add_runs(paragraph: Any, line: str, start: int, fonts: list[tuple[int, int, str]]) -> None:
    """The line as runs: heading marks and words in their font, the rest in the body font (the style's)."""
    cuts = sorted({0, len(line), *(max(0, min(len(line), p - start)) for s, e, _ in fonts for p in (s, e))})
    for a, b in pairwise(cuts):
        if a == b:
            continue
        run = paragraph.add_run(line[a:b])
        font = next((f for s, e, f in fonts if s <= start + a < e), None)
        if font is not None:
            _set_font(run, font)


__all__ = ["build_document", "safe_text"]
