"""Longer reports made from a real one, for measuring how the cost grows with length.

The body's ordinary paragraphs (not the title, headings, signature or date line, not the page chrome around
the body) are repeated in place, so the result is still one report with its four parts, one title and one
signature: every check runs over k times the paragraphs, as it would on a report k times as long.
"""
from __future__ import annotations


def _repeatable(text: str) -> tuple[list[str], set[int]]:
    """The text's lines and the indices of the body paragraphs that may be repeated."""
    from checker.load.txt import document_from_text
    from checker.outline import build_outline

    doc = document_from_text(text, "<scaling>", "utf-8")
    outline = build_outline(doc)
    fixed = {h.paragraph for h in outline.headings()}
    marks = [s for s in (outline.title, outline.signature, outline.date.span if outline.date else None) if s]
    out = set()
    for i in outline.paragraphs:
        span = doc.paragraphs[i].span
        if i in fixed or span.start == span.end or any(m.start < span.end and span.start < m.end for m in marks):
            continue
        out.add(i)
    return text.split("\n"), out


def repeat_body(text: str, times: int) -> str:
    """`text` with each ordinary body paragraph written `times` times in a row."""
    return repeat_body_lines(text, times)[0]


def repeat_body_lines(text: str, times: int) -> tuple[str, list[int], set[int]]:
    """`repeat_body`, with the 0-based source line of every line of the result and the repeated source lines."""
    lines, body = _repeatable(text)
    out: list[str] = []
    origin: list[int] = []
    for i, line in enumerate(lines):
        n = times if i in body else 1
        out += [line] * n
        origin += [i] * n
    return "\n".join(out), origin, body


def grow_to(text: str, chars: int) -> str:
    """`text` with body paragraphs repeated (in order, one more copy each, round after round) until it has
    at least `chars` characters."""
    lines, body = _repeatable(text)
    if not body:
        raise ValueError("no body paragraph to repeat")
    reps = [1] * len(lines)
    total = len(text)
    while total < chars:
        for i in sorted(body):
            reps[i] += 1
            total += len(lines[i]) + 1
            if total >= chars:
                break
    return "\n".join(line for i, line in enumerate(lines) for _ in range(reps[i]))


def repeat_sections(text: str, times: int) -> str:
    """`text` with everything from its first heading to the line before the signature written `times` times:
    k times the sections and their headings (a long report with many parts), one title, one signature."""
    from checker.load.txt import document_from_text
    from checker.outline import build_outline

    doc = document_from_text(text, "<scaling>", "utf-8")
    outline = build_outline(doc)
    headings = list(outline.headings())
    if not headings or outline.signature is None:
        raise ValueError("no heading or no signature to repeat around")
    first = doc.paragraphs[headings[0].paragraph].line - 1
    last = doc.position(outline.signature.start)[0] - 1
    lines = text.split("\n")
    return "\n".join(lines[:first] + lines[first:last] * times + lines[last:])
