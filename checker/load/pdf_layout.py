"""From the glyphs on a PDF's pages to its lines, page furniture set apart: pure functions over positions, no
PDF library here (checker.load.pdf reads the glyphs).

1. **Lines**: the glyphs of one line are put in reading order by their x position (a PDF may draw a line's
   quotation marks after its words), the spaces the extractor made up from gaps are dropped, and a space is
   put back only between two Latin letters or digits that stand a word apart ("ISO 9001"). So "2025 年", which
   LibreOffice and Word lay out with a gap, reads "2025年" again; a space the author typed is a real glyph and
   stays (and is checked like any other). A gap wider than two characters (table columns, a tab stop) is a
   tab, as a .docx reads a tab.
2. **Page furniture**: the outermost lines of each page (two at the top, two at the bottom) are running
   headers and footers when the same text (digits aside) stands at the same height on two pages or more, and
   page numbers when they read like one ("— 3 —", "- 3 -", "第3页", "第3页 共7页", "3/7", or a bare number set
   apart from the text). They are dropped from the text and kept as (where, text) for the checks.

checker.load.pdf_blocks makes paragraphs (and table cells) of the lines.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

TOP, BOTTOM = "页眉", "页脚"
OUTER = 2                   # lines looked at, at the top and at the bottom of each page, for page furniture
WORD_GAP = 0.2              # a gap of this many characters between two Latin glyphs is a space
CELL_GAP = 2.0              # a gap of this many characters between two glyphs is a tab (table columns)
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-—–－~～·•]+\s*\d{1,4}\s*[-—–－~～·•]+|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)\s*$", re.IGNORECASE)
BARE_NUMBER_RE = re.compile(r"^\s*\d{1,4}\s*$")
OPENING = "“‘（《「『【〔〈([{"
CLOSING = "，。、；：？！”’）》」』】〕〉,.;:?!)]}%‰…"


@dataclass(frozen=True, slots=True)
class Glyph:
    ch: str
    x0: float
    x1: float
    bottom: float               # its baseline (PDF space: y grows upward)
    size: float
    bold: bool = False
    generated: bool = False     # made up by the extractor (a space for a gap, a line break)


@dataclass(frozen=True, slots=True)
class Cell:
    """A stretch of a line set apart from the rest by a wide gap (a table cell, text after a tab stop)."""

    x0: float
    x1: float
    text: str
    lead: float                 # width of its first unbreakable unit (see `_lead`)


@dataclass(frozen=True, slots=True)
class Line:
    page: int                   # 0-based
    cells: tuple[Cell, ...]     # one, unless wide gaps split it
    y: float                    # the median baseline of its glyphs
    size: float                 # the most common font size of its glyphs
    bold: bool

    @property
    def text(self) -> str:
        return "\t".join(c.text for c in self.cells)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def lead(self) -> float:
        """What a line before this one must have lacked room for, to have been broken there."""
        return self.cells[0].lead


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _lead(glyphs: list[Glyph]) -> float:
    """Width of a line's first unbreakable unit: opening marks, then a Latin word or number (or one
    character), then closing marks — what no line may end or begin inside (Chinese line breaking rules)."""
    inked = [g for g in glyphs if g.ch.strip()]
    i = 0
    while i < len(inked) - 1 and inked[i].ch in OPENING:
        i += 1
    if i < len(inked) and _word(inked[i].ch):
        while i + 1 < len(inked) and (_word(inked[i + 1].ch) or inked[i + 1].ch in ".,%"):
            i += 1
    while i + 1 < len(inked) and inked[i + 1].ch in CLOSING:
        i += 1
    return inked[i].x1 - inked[0].x0 if inked else 0.0


def _cells(real: list[Glyph]) -> list[list[Glyph]]:
    """The glyphs (in x order) split where nothing but a gap wider than CELL_GAP characters stands before an inked
    one."""
    out: list[list[Glyph]] = [[]]
    last: Glyph | None = None
    for g in real:
        if last is not None and g.ch.strip() and g.x0 - last.x1 > CELL_GAP * max(g.size, last.size, 1.0):
            out.append([])
        out[-1].append(g)
        last = g                # a typed space fills its gap: only an empty gap separates cells
    return out


def _text(glyphs: list[Glyph]) -> str:
    out: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        apart = prev is not None and g.x0 - prev.x1 > WORD_GAP * max(g.size, prev.size, 1.0)
        if apart and prev is not None and _word(prev.ch) and _word(g.ch):
            out.append(" ")
        out.append(g.ch)
        prev = g
    return "".join(out).strip(" ")


def line_of(page: int, glyphs: list[Glyph]) -> Line | None:
    """One line from its glyphs (None when it has no visible glyph)."""
    real = sorted((g for g in glyphs if not g.generated and g.ch not in "\r\n"), key=lambda g: g.x0)
    inked = [g for g in real if g.ch.strip()]
    if not inked:
        return None
    cells = []
    for part in _cells(real):
        ink = [g for g in part if g.ch.strip()]
        if ink:
            cells.append(Cell(ink[0].x0, max(g.x1 for g in ink), _text(part), _lead(part)))
    size = Counter(round(g.size, 1) for g in inked).most_common(1)[0][0]
    return Line(page, tuple(cells), statistics.median(g.bottom for g in inked), size, all(g.bold for g in inked))


# ---------------------------------------------------------------- page furniture

def _key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def pitch(pages: list[list[Line]]) -> float:
    """The usual distance between two lines of a paragraph."""
    deltas = [a.y - b.y for lines in pages for a, b in zip(lines, lines[1:])
              if a.size == b.size and 0 < a.y - b.y < 3 * a.size]
    sizes = [ln.size for lines in pages for ln in lines]
    return statistics.median(deltas) if deltas else 1.5 * (statistics.median(sizes) if sizes else 12.0)


def _outer(lines: list[Line]) -> list[tuple[int, str]]:
    """(index, where) of the lines page furniture may be, from the edges inward: the first OUTER lines of a
    page and its last OUTER ones."""
    n = len(lines)
    top = [(i, TOP) for i in range(min(OUTER, n))]
    bottom = [(i, BOTTOM) for i in range(n - 1, max(n - 1 - OUTER, len(top) - 1), -1)]
    return top + bottom


def _apart(lines: list[Line], i: int, step: float) -> bool:
    """The line stands further from its neighbour towards the text than one line pitch and a half."""
    if i == 0 and len(lines) > 1:
        return lines[0].y - lines[1].y > 1.5 * step
    if i == len(lines) - 1 and len(lines) > 1:
        return lines[-2].y - lines[-1].y > 1.5 * step
    return True


def furniture(pages: list[list[Line]]) -> tuple[set[tuple[int, int]], list[tuple[str, str]]]:
    """((page, line index) of every running header, footer and page number; (where, text) of each, once)."""
    step = pitch(pages)
    seen: dict[str, set[int]] = {}
    for p, lines in enumerate(pages):
        for i, _ in _outer(lines):
            key = f"{round(lines[i].y / 3)}|{_key(lines[i].text)}"
            seen.setdefault(key, set()).add(p)
    dropped: set[tuple[int, int]] = set()
    texts: list[tuple[str, str]] = []
    for p, lines in enumerate(pages):
        for i, where in _outer(lines):
            line = lines[i]
            running = len(seen[f"{round(line.y / 3)}|{_key(line.text)}"]) >= 2
            number = PAGE_NUMBER_RE.match(line.text) or (BARE_NUMBER_RE.match(line.text) and _apart(lines, i, step))
            outside = i - 1 if where == TOP else i + 1      # furniture is peeled from the edge inward
            if not (running or number) or (0 <= outside < len(lines) and (p, outside) not in dropped):
                continue
            dropped.add((p, i))
            if not number and (where, line.text) not in texts:
                texts.append((where, line.text))
    return dropped, texts


__all__ = ["BOTTOM", "Cell", "Glyph", "Line", "TOP", "furniture", "line_of", "pitch"]
