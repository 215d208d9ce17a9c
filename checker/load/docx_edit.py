"""Editing a .docx at the offsets fzlint reports: a map from ``Document.text`` offsets to the runs that hold them.

``RunMap.of(document)`` walks a python-docx Document exactly as ``checker.load.docx`` reads it (the same
paragraphs, table cells included, in the same order; the same run text, tabs and breaks included; Word's list
number at the start of a numbered paragraph, which is in no run), so an offset in a Diagnostic is an offset
here. Two operations edit the lxml tree in place:

- ``isolate(start, end)`` splits the runs where the span starts and ends inside one (each piece keeps a deep
  copy of the run's properties, w:rPr) and returns the runs that hold exactly ``doc.text[start:end]``: what a
  comment is anchored on (``--annotate``).
- ``replace(start, end, new_text)`` replaces those characters, within one paragraph (``fzlint fix``): only the
  characters that differ are touched, each changed stretch taking the formatting of the run it starts in, so
  what the old and new text share keeps its runs (bold, hyperlinks, the comments anchored on it). The map follows its own edits, so later offsets stay right in
  the edited text; edits applied last-to-first keep every earlier original offset valid as well.

What cannot be edited exactly is refused with a ValueError saying why: a span on Word's automatic numbering
(no run holds it), a replacement across paragraphs, one inside a field's result (Word recomputes those), or one
that would remove a tab or a manual line break (layout the text reads as "\t" or " ").
python-docx and lxml are imported only by the caller (and by ``copy.deepcopy`` on their elements).
"""
from __future__ import annotations

import bisect
import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .docx import _body_paragraphs, _numbering, _read_paragraph
from .wordml import R, _run_text, _runs, _Styles, _w

T, RPR = _w("t"), _w("rPr")
# Run children that are layout, read as a character: a fix never removes or replaces one.
LAYOUT = {_w("br"): "手动换行符", _w("cr"): "手动换行符", _w("tab"): "制表符", _w("ptab"): "制表符"}
FLD_CHAR, FLD_TYPE, FLD_SIMPLE = _w("fldChar"), _w("fldCharType"), _w("fldSimple")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Run children that are characters of the text (one or more each); anything else in a run is zero-width.
TEXT_CHILDREN = frozenset(_w(t) for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen"))


@dataclass(slots=True)
class _Slot:
    """One paragraph: its w:p element and where it is in the (current) text."""

    element: Any
    start: int          # first character (Word's list number, when there is one)
    text_start: int     # first character held by a run (after the list number)
    end: int            # after the last character (the "\n" that follows is in no run)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a paragraph and the characters it holds, [start, end) in the text."""

    run: Any
    start: int
    end: int
    field: bool         # the run is (part of) a field's result: shown, but computed by Word


def _child_len(child: Any) -> int:
    return len(_run_text([child]))


def _field_depths(p: Any) -> Iterator[tuple[Any, bool]]:
    """Each shown run of the paragraph, and whether it lies in a field's result."""
    depth = 0
    for r in _runs(p):
        inside = depth > 0 or any(True for _ in r.iterancestors(FLD_SIMPLE))
        for fc in r.iter(FLD_CHAR):
            kind = fc.get(FLD_TYPE)
            depth += 1 if kind == "begin" else -1 if kind == "end" and depth else 0
        yield r, inside


def _preserve(t: Any) -> None:
    """A w:t whose text has white space keeps it (xml:space="preserve"); an existing attribute is left alone."""
    if t.text and any(c.isspace() for c in t.text):
        t.set(XML_SPACE, "preserve")


def _split_run(r: Any, k: int) -> Any:
    """Split run ``r`` after its ``k``-th character; returns the new right-hand run (inserted after ``r``).

    Both pieces keep (a copy of) the run's properties and attributes. A w:t straddling the cut is cut in two;
    zero-width children (drawings, field characters, bookmarks inside runs) stay on the side they were on."""
    right = copy.deepcopy(r)
    pos = 0
    for left_child, right_child in zip(list(r), list(right)):
        if left_child.tag == RPR:
            continue
        size = _child_len(left_child)
        if pos + size <= k and not (size == 0 and pos == k):
            right.remove(right_child)           # wholly left of the cut
        elif pos >= k:
            r.remove(left_child)                # wholly right of the cut
        else:                                   # a w:t cut in two
            cut = k - pos
            text = left_child.text or ""
            left_child.text, right_child.text = text[:cut], text[cut:]
            _preserve(left_child)
            _preserve(right_child)
        pos += size
    r.addnext(right)
    return right


class RunMap:
    """Offsets of ``Document.text`` ↔ runs of a python-docx Document's body (see the module docstring)."""

    def __init__(self, slots: list[_Slot], text: str) -> None:
        self._slots = slots
        self._starts = [s.start for s in slots]
        self._text = text

    @classmethod
    def of(cls, document: Any) -> RunMap:
        """The map of a python-docx Document, read the way ``checker.load.docx`` reads it."""
        body = document.element.body
        if body is None:
            raise ValueError("文档没有正文（w:body）")
        styles = _Styles.of(document.styles.element)
        numbering = _numbering(document, styles)
        slots: list[_Slot] = []
        lines: list[str] = []
        offset = 0
        for item in _body_paragraphs(body):
            read = _read_paragraph(item.element, styles, numbering)
            line = read.mark + read.text
            slots.append(_Slot(item.element, offset, offset + len(read.mark), offset + len(line)))
            lines.append(line)
            offset += len(line) + 1
        return cls(slots, "\n".join(lines))

    @property
    def text(self) -> str:
        """The document's text as it is now (after any ``replace``): what ``checker.load`` would read."""
        return self._text

    def paragraph_at(self, offset: int) -> Any:
        """The w:p element holding ``offset`` (a "\n" belongs to the paragraph it ends)."""
        return self._slots[self._slot_index(offset)].element

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        """(start, end) of the paragraph holding ``offset``, list number included."""
        slot = self._slots[self._slot_index(offset)]
        return slot.start, slot.end

    def segments(self, start: int = 0, end: int | None = None) -> list[Segment]:
        """The runs holding characters in [start, end), in document order, with their offsets."""
        end = len(self._text) if end is None else end
        out: list[Segment] = []
        if not self._slots:
            return out
        for slot in self._slots[self._slot_index(start):]:
            if slot.start > end:
                break
            out += [s for s in self._paragraph_segments(slot) if s.start < end and s.end > start]
        return out

    def anchorable(self, start: int, end: int) -> tuple[int, int] | None:
        """The span shrunk off list numbers and paragraph breaks at its ends, or None if no run holds any of it."""
        held = [s for s in self.segments(start, end) if s.end > s.start]
        if not held:
            return None
        return max(start, held[0].start), min(end, held[-1].end)

    def isolate(self, start: int, end: int) -> list[Any]:
        """Split runs at ``start`` and ``end``; return the (non-empty) runs holding exactly [start, end).

        The span may cross paragraphs (the "\n" between them is in no run). ValueError when it is empty, out of
        range, or takes in characters of Word's automatic list numbering."""
        self._check_range(start, end)
        if start == end:
            raise ValueError(f"空的范围 [{start}, {end})：没有可以标注的文字")
        for slot in self._slots[self._slot_index(start):self._slot_index(max(start, end - 1)) + 1]:
            if max(start, slot.start) < min(end, slot.text_start):
                raise ValueError(f"范围 [{start}, {end}) 含有 Word 自动编号“{self._text[slot.start:slot.text_start]}”，"
                                 "编号不在任何文字块（run）中")
        self._cut(start)
        self._cut(end)
        runs = [s.run for s in self.segments(start, end) if s.end > s.start]
        if not runs:
            raise ValueError(f"范围 [{start}, {end}) 中没有文字块（run）")
        return runs

    def replace(self, start: int, end: int, new_text: str) -> None:
        """Replace the characters [start, end) of one paragraph by ``new_text``.

        Only the characters that differ are touched (``_pieces``): in "(一网通办)" → "（一网通办）" the two
        brackets are replaced and "一网通办" keeps its run, its formatting, a hyperlink or a comment around it. A
        replaced stretch takes the formatting of its first run (an insertion, of the run before it, or the run
        after it at a paragraph's start); zero-width content (pictures, bookmarks, comment marks, page breaks)
        stays. ValueError for a span on a list number, across paragraphs, inside a field's result, or out of
        range; for a change that would remove or replace a tab or a manual line break (w:tab, w:br, w:cr: read as
        "\t" or " ", but layout, not text); and for new text with a line break. A refused replacement leaves the
        document as it was."""
        self._check_range(start, end)
        if any(c in new_text for c in "\n\r\x0b\x0c\u2028\u2029"):
            raise ValueError("替换文字不能含换行（段落不能在替换中拆分）")
        index = self._slot_index(start)
        slot = self._slots[index]
        if end > slot.end:
            raise ValueError(f"范围 [{start}, {end}) 跨越段落，不能替换")
        if start < slot.text_start:
            raise ValueError(f"范围 [{start}, {end}) 在 Word 自动编号“{self._text[slot.start:slot.text_start]}”上，"
                             "编号不在任何文字块（run）中，不能直接修改；请在 Word 的“编号”设置中修改")
        pieces = _pieces(self._text[start:end], new_text)
        if not pieces:
            return
        element, text, grown = copy.deepcopy(slot.element), self._text, 0
        try:
            for a, b, piece in reversed(pieces):         # last to first: the earlier offsets stay right
                # an insertion at the start of a non-empty span goes into the span's first run, not the run before
                self._replace_piece(slot, start + a, start + b, piece, a == 0 < end - start)
                delta = len(piece) - (b - a)
                self._shift(index, delta)
                grown += delta
                self._text = self._text[:start + a] + piece + self._text[start + b:]
        except ValueError:
            slot.element.getparent().replace(slot.element, element)     # all or nothing
            slot.element = element
            self._shift(index, -grown)
            self._text = text
            raise

    # ------------------------------------------------------------ internals

    def _check_range(self, start: int, end: int) -> None:
        if not 0 <= start <= end <= len(self._text):
            raise ValueError(f"范围 [{start}, {end}) 超出文本（共 {len(self._text)} 个字符）")

    def _slot_index(self, offset: int) -> int:
        if not self._slots:
            raise ValueError("文档中没有段落")
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def _paragraph_segments(self, slot: _Slot) -> list[Segment]:
        out: list[Segment] = []
        pos = slot.text_start
        for r, field in _field_depths(slot.element):
            size = len(_run_text(r))
            out.append(Segment(r, pos, pos + size, field))
            pos += size
        if pos != slot.end:     # the tree was changed behind the map's back
            raise ValueError(f"段落文字与映射不一致（{pos} ≠ {slot.end}）：文档在建立映射后被改动过")
        return out

    def _shift(self, index: int, delta: int) -> None:
        """Paragraph ``index`` grew by ``delta`` characters: move its end and every later paragraph."""
        if not delta:
            return
        self._slots[index].end += delta
        for slot in self._slots[index + 1:]:
            slot.start += delta
            slot.text_start += delta
            slot.end += delta
        self._starts = [s.start for s in self._slots]

    def _replace_piece(self, slot: _Slot, start: int, end: int, new_text: str, after_first: bool = False) -> None:
        """Replace [start, end) of the paragraph (the map's offsets are not moved: the caller does that)."""
        if self._edit_in_place(slot, start, end, new_text):
            return
        if start == end:
            self._insert(slot, start, new_text, after_first)
            return
        self._cut(start)
        self._cut(end)
        held = [s for s in self._paragraph_segments(slot) if start <= s.start and s.end <= end and s.end > s.start]
        if any(s.field for s in held):
            raise ValueError(f"范围 [{start}, {end}) 在域（页码、目录等）的结果中，Word 会重新计算，不能替换")
        layout = [LAYOUT[c.tag] for s in held for c in s.run if c.tag in LAYOUT and _child_len(c)]
        if layout:
            raise ValueError(f"要改动的文字含有 Word 的{layout[0]}（文本中读作空白），这是版式而不是多余的空格，"
                             "不自动删改；如确需修改，请在 Word 中手工处理")
        self._overwrite([s.run for s in held], new_text)

    def _edit_in_place(self, slot: _Slot, start: int, end: int, new_text: str) -> bool:
        """Edit the text of one w:t holding all of [start, end) (an insertion: strictly inside a run), without
        splitting its run; False when no single w:t does."""
        for seg in self._paragraph_segments(slot):
            if seg.field or not (seg.start <= start and end <= seg.end):
                continue
            if start == end and not seg.start < start < seg.end:
                continue
            pos = seg.start
            for child in seg.run:
                size = _child_len(child)
                if child.tag == T and pos <= start and end <= pos + size:
                    text = child.text or ""
                    child.text = text[:start - pos] + new_text + text[end - pos:]
                    _preserve(child)
                    return True
                pos += size
            return False
        return False

    def _cut(self, offset: int) -> None:
        """Make ``offset`` a run boundary (when it falls inside a run)."""
        if offset >= len(self._text) or not self._slots:
            return
        slot = self._slots[self._slot_index(offset)]
        for seg in self._paragraph_segments(slot):
            if seg.start < offset < seg.end:
                _split_run(seg.run, offset - seg.start)
                return

    def _insert(self, slot: _Slot, at: int, new_text: str, after_first: bool = False) -> None:
        """Insert into the run before ``at`` (``after_first``: into the run after it, if it may take text)."""
        if not new_text:
            return
        self._cut(at)
        segs = [s for s in self._paragraph_segments(slot) if s.end > s.start]
        before = [s for s in segs if s.end == at]
        after = [s for s in segs if s.start == at]
        if after_first and after and not after[0].field:
            before = []
        if before and not before[-1].field:
            t = _new_t(before[-1].run, new_text)
            before[-1].run.append(t)
        elif after and not after[0].field:
            run = after[0].run
            rpr = run.find(RPR)
            t = _new_t(run, new_text)
            if rpr is not None:
                rpr.addnext(t)
            else:
                run.insert(0, t)
        elif segs:
            raise ValueError(f"位置 {at} 在域（页码、目录等）的结果旁，不能插入文字")
        else:                   # an empty paragraph: a new run of its own
            run = slot.element.makeelement(R, {})
            slot.element.append(run)
            run.append(_new_t(run, new_text))

    def _overwrite(self, runs: list[Any], new_text: str) -> None:
        """Put ``new_text`` where the first text child of ``runs`` is; drop every other text child of ``runs``.
        Zero-width children stay where they are: a page or column break (w:br with a type) is not text."""
        placed = not new_text
        for run in runs:
            for child in list(run):
                if child.tag not in TEXT_CHILDREN or (child.tag != T and not _child_len(child)):
                    continue
                if not placed:
                    t = _new_t(run, new_text)
                    child.addprevious(t)
                    placed = True
                run.remove(child)
            if all(c.tag == RPR for c in run) and run.getparent() is not None:
                run.getparent().remove(run)


def _pieces(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, text) replacements, relative to ``old`` and in order, that turn ``old`` into ``new`` and
    leave the characters both share (as difflib matches them) where they are."""
    if old == new:
        return []
    import difflib

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _new_t(run: Any, text: str) -> Any:
    """A w:t made by the run's own parser (so python-docx sees its own element class)."""
    t = run.makeelement(T, {})
    t.text = text
    _preserve(t)
    return t


__all__ = ["RunMap", "Segment"]
