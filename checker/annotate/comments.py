"""Each finding as a Word comment (批注) anchored on exactly the characters it flags.

Works on a python-docx Document and the RunMap of it (checker.load.docx_edit): the runs are split where a finding
starts or ends inside one (each piece keeps the run's formatting), and python-docx 1.2's ``add_comment`` puts
w:commentRangeStart / w:commentRangeEnd around them and the comment in word/comments.xml. Comments already in
the document are kept (python-docx numbers the new ones after them), except those an earlier fzlint run wrote
(author "fzlint"): they describe a draft that has changed since, and are replaced by the new ones.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ..load.docx_comments import ANNOTATION_AUTHOR as AUTHOR
from ..model import Diagnostic, Outline

INITIALS = "fz"


def comment_text(d: Diagnostic) -> str:
    """What the drafter reads: severity and message, then the suggestion, the reference and the rule id.

    Never begins with "fzlint": a comment beginning so is read back as a suppression (checker.suppress)."""
    lines = [f"【{d.severity.zh}】{d.message}"]
    if d.suggestion == "" and d.text:
        lines.append(f"建议：删除“{d.text}”")
    elif d.suggestion:
        lines.append(f"建议：{d.suggestion}")
    if d.reference:
        lines.append(f"依据：{d.reference}")
    lines.append(f"规则：{d.rule}")
    return "\n".join(lines)


def _title_anchor(runmap: Any, outline: Outline | None) -> tuple[int, int]:
    """Where a finding without a place goes: the report's title, else the first paragraph with text."""
    if outline is not None and outline.title is not None:
        found = runmap.anchorable(outline.title.start, outline.title.end)
        if found is not None:
            return found
    found = runmap.anchorable(0, len(runmap.text))
    if found is None:
        raise ValueError("文档中没有可以放批注的文字")
    start = found[0]
    return start, runmap.paragraph_span(start)[1]


def anchor_of(runmap: Any, d: Diagnostic, outline: Outline | None) -> tuple[int, int]:
    """The span a comment for ``d`` is anchored on: the finding's own characters where runs hold them.

    An empty span (a missing mark) takes the character before it (or after it, at a paragraph's start); a span
    on Word's list numbering alone takes its paragraph's text; a document-level finding takes the title."""
    if d.span is None:
        return _title_anchor(runmap, outline)
    start, end = d.span.start, d.span.end
    if start == end:
        para_start, para_end = runmap.paragraph_span(start)
        start, end = (start - 1, start) if start > para_start else (start, min(start + 1, para_end))
    found = runmap.anchorable(start, end)
    if found is not None:
        return found
    found = runmap.anchorable(*runmap.paragraph_span(d.span.start))
    return found if found is not None else _title_anchor(runmap, outline)


def remove_own(document: Any) -> int:
    """Drop the comments an earlier run wrote (author "fzlint"), with their range marks and reference runs."""
    from ..load.wordml import C_END, C_REF, C_START, COMMENTS_REL, _w

    rels = [r for r in document.part.rels.values() if r.reltype == COMMENTS_REL and not r.is_external]
    root = getattr(rels[0].target_part, "element", None) if rels else None
    if root is None:
        return 0
    ids = set()
    for comment in list(root.iter(_w("comment"))):
        if comment.get(_w("author")) == AUTHOR:
            ids.add(comment.get(_w("id")))
            comment.getparent().remove(comment)
    for mark in list(document.element.body.iter(C_START, C_END, C_REF)) if ids else ():
        if mark.get(_w("id")) not in ids:
            continue
        parent = mark.getparent()
        parent.remove(mark)
        if mark.tag == C_REF and all(child.tag == _w("rPr") for child in parent):
            parent.getparent().remove(parent)          # the run that only held the reference
    return len(ids)


def add_comments(document: Any, runmap: Any, diagnostics: Sequence[Diagnostic], outline: Outline | None) -> int:
    """One comment per diagnostic, and for one that stands for the same slip at several places, one at every
    place (the first with the whole finding, the others pointing back to it); returns how many were added."""
    from docx.text.run import Run

    count = 0
    for d in diagnostics:
        for k, place in enumerate(d.occurrences or (None,), 1):
            target = d if place is None else dataclasses.replace(d, span=place.span, text=place.text,
                                                                 suggestion=place.suggestion)
            start, end = anchor_of(runmap, target, outline)
            runs = runmap.isolate(start, end)
            text = comment_text(d) if k == 1 else place_text(target, k, len(d.occurrences))
            document.add_comment([Run(runs[0], document), Run(runs[-1], document)], text=text, author=AUTHOR,
                                 initials=INITIALS)
            count += 1
    return count


def place_text(d: Diagnostic, k: int, n: int) -> str:
    """The comment at the k-th of n places of one finding: short, pointing to the first for the whole story."""
    lines = [f"【{d.severity.zh}】同上（第{k}处，共{n}处，说明见第1处的批注）：{d.rule}"]
    if d.suggestion == "" and d.text:
        lines.append(f"建议：删除“{d.text}”")
    elif d.suggestion:
        lines.append(f"建议：{d.suggestion}")
    return "\n".join(lines)


__all__ = ["AUTHOR", "INITIALS", "add_comments", "anchor_of", "comment_text", "place_text", "remove_own"]
