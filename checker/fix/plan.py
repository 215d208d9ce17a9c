"""Which edits one pass of `fzlint fix` makes: the diagnostics' own fixes, duplicates merged, overlaps put off.

A diagnostic's ``fix`` (filled by the engine for rules declaring ``fix: replace``) lists edits at offsets of
``Document.text``. Several rules can propose the same edit ("(一)" is a half-width bracket and a heading mark in
the wrong form): it is made once, credited to the first rule. Edits that overlap without being equal (the
bracket fix of "(2021-2025年)" and the range-hyphen fix of "2021-2025" inside it) cannot both be made from the
same text: the first (by position, then the wider) is made now and the other is left for the next pass, which
re-checks the edited text and finds it again if it still applies.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Category, Diagnostic, Document, Severity, Span


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``; ``rule`` is the rule it is credited to."""

    start: int
    end: int
    new: str
    rule: str = ""
    shown: str = field(default="", compare=False)   # the flagged text it is part of, when known (for messages)


def edits_of(d: Diagnostic) -> list[Edit]:
    """The edits a diagnostic's ``fix`` proposes (none for an unfixable one or a malformed ``fix``)."""
    fix: Any = d.fix
    if not isinstance(fix, dict):
        return []
    out = []
    for e in fix.get("edits") or ():
        try:
            start, end, new = int(e["start"]), int(e["end"]), str(e["text"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start <= end:
            within = d.span is not None and d.span.start <= start and end <= d.span.end
            out.append(Edit(start, end, new, d.rule, (d.text or "") if within else ""))
    return out


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def plan(diagnostics: Iterable[Diagnostic], text: str) -> tuple[list[Edit], list[Edit]]:
    """(edits to make now, in document order and not overlapping; edits put off to the next pass)."""
    proposed: dict[tuple[int, int, str], Edit] = {}
    for d in diagnostics:
        for e in edits_of(d):
            if e.end > len(text) or text[e.start:e.end] == e.new:
                continue
            proposed.setdefault((e.start, e.end, e.new), e)
    ordered = sorted(proposed.values(), key=lambda e: (e.start, -(e.end - e.start), e.new, e.rule))
    now: list[Edit] = []
    later: list[Edit] = []
    for e in ordered:
        if any(_overlap(e, kept) for kept in now[-8:]):
            later.append(e)
        else:
            now.append(e)
    return now, later


def apply_to_text(text: str, edits: Iterable[Edit]) -> str:
    """The text with non-overlapping edits made (last to first, so earlier offsets stay valid)."""
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:e.start] + e.new + text[e.end:]
    return text


def drop_suppressed(doc: Document, edits: list[Edit]) -> list[Edit]:
    """The edits not inside an in-document suppression of their rule. A finding reported once for many
    occurrences was not silenced as a whole, but an occurrence in a disabled stretch is the drafter's choice."""
    from ..suppress import apply, directives_of

    if not directives_of(doc):
        return edits
    kept = []
    for e in edits:
        line, column = doc.position(e.start)
        probe = Diagnostic(rule=e.rule, category=Category.PUNCTUATION, severity=Severity.INFO, message="",
                           span=Span(e.start, e.end), line=line, column=column, text=doc.text[e.start:e.end],
                           suggestion=e.new, part=None, reference="")
        if any(d.rule == e.rule and d.span == probe.span for d in apply(doc, [probe])):
            kept.append(e)
    return kept
