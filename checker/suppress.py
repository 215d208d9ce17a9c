"""In-document suppressions: a drafter accepts a finding in the report itself, where the next reader sees it.

- .txt — a line ``<!-- fzlint: disable=RULE[,RULE] -->`` turns rules off from the next line until a line
  ``<!-- fzlint: enable=RULE -->`` (or the end of the file); ``disable`` / ``enable`` without ``=`` mean every
  rule. A trailing ``fzlint: disable-line=RULE`` (after ``#``, ``//``, inside ``<!-- -->`` or ``【】`` …) turns
  them off for its own line. A rule stays off for a document-level finding (a missing part, which has no
  line) when it is still disabled at the end of the file.
- .docx — a Word comment whose text begins ``fzlint: ignore RULE[,RULE]`` (``fzlint: ignore`` alone: every
  rule; words after the rules are the reason) silences the findings of those rules whose text overlaps the
  comment's anchor (``Document.meta["comments"]``, from the loader).

RULE is a rule id, a prefix (``figures``, ``punctuation.``) or ``all``; ``：`` and ``，`` / ``、`` are read as
``:`` and ``,``. A suppression that silenced nothing gives an info finding ``fzlint.unused-suppression``.
Findings on the directives' own text (in a .txt they are in the report's text) are dropped.

The one entry point is ``apply(doc, diagnostics)``; it is pure and runs after the engine.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .model import Category, Diagnostic, Document, Severity, Span

UNUSED_RULE = "fzlint.unused-suppression"
REFERENCE = "fzlint 抑制注释"
TITLE = "抑制注释没有抑制任何问题"
MESSAGE = "未使用的抑制注释：{what}没有可抑制的问题，可以删除"

_SEP = r"[,，、]"
_RULE = r"[A-Za-z][A-Za-z0-9_.\-]*"
_RULES = _RULE + r"(?:\s*" + _SEP + r"\s*" + _RULE + ")*"
_BLANK = r"[ \t\u3000]*"
BLOCK_RE = re.compile(r"^" + _BLANK + r"<!--\s*fzlint\s*[:：]\s*(?P<action>disable|enable)\b(?!-)"
                      r"(?:\s*=\s*(?P<rules>[^>]*?))?\s*-->" + _BLANK + "$", re.IGNORECASE)
LINE_RE = re.compile(_BLANK + r"(?P<directive>(?:(?:<!--|#+|//|/\*|【|\[|（|\()" + _BLANK + r")?"
                     r"fzlint\s*[:：]\s*disable-line\b(?:\s*=\s*(?P<rules>" + _RULES + r"))?"
                     + _BLANK + r"(?:-->|\*/|】|\]|）|\))?)" + _BLANK + "$", re.IGNORECASE)
COMMENT_RE = re.compile(r"^\s*fzlint\s*[:：]\s*ignore\b(?!-)(?:\s*=?\s*(?P<rules>" + _RULES + r"))?",
                        re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression as written: which rules, where it is written, and where it applies."""

    action: str                 # "disable" | "enable" (a .txt line) · "line" (disable-line) · "comment" (.docx)
    rules: tuple[str, ...]      # rule ids or prefixes, lower-cased; ("all",) for every rule
    span: Span                  # the directive's own text (for a .docx comment: its anchor)
    line: int                   # 0-based line of the directive (a .docx comment: its anchor's first line)
    zone: Span | None = None    # .txt: text no other rule may flag (the directive line, the trailing comment)
    note: str = ""              # .docx: the comment's text


def matches(pattern: str, rule: str) -> bool:
    """A rule id matches itself, ``all``, and its dotted prefixes (``figures`` or ``figures.``)."""
    return pattern == "all" or rule == pattern or rule.startswith(pattern if pattern.endswith(".") else pattern + ".")


def _rules(raw: str | None) -> tuple[str, ...]:
    names = tuple(n.lower() for n in re.split(_SEP + r"|\s+", raw or "") if n)
    return names or ("all",)


# ---------------------------------------------------------------- finding the directives

def txt_directives(doc: Document) -> list[Directive]:
    """The ``<!-- fzlint: disable/enable -->`` lines and trailing ``fzlint: disable-line`` of a text."""
    out: list[Directive] = []
    start = 0
    for n, line in enumerate(doc.text.split("\n")):
        end = start + len(line)
        if "fzlint" in line.lower():
            block = BLOCK_RE.match(line)
            trailing = None if block else LINE_RE.search(line)
            if block:
                text = line.strip(" \t\u3000")
                at = start + line.index(text)
                out.append(Directive(block.group("action").lower(), _rules(block.group("rules")),
                                     Span(at, at + len(text)), n, Span(start, end)))
            elif trailing:
                d0, d1 = trailing.span("directive")
                out.append(Directive("line", _rules(trailing.group("rules")), Span(start + d0, start + d1), n,
                                     Span(start + trailing.start(), end)))
        start = end + 1
    return out


def docx_directives(doc: Document) -> list[Directive]:
    """Word comments that begin ``fzlint: ignore``, from the loader's (start, end, text) anchors."""
    out: list[Directive] = []
    for start, end, text in doc.meta.get("comments", ()):
        m = COMMENT_RE.match(text)
        if m:
            line = doc.position(start)[0] - 1
            out.append(Directive("comment", _rules(m.group("rules")), Span(start, end), line, note=text))
    return out


# ---------------------------------------------------------------- applying them

def _overlaps(anchor: Span, span: Span) -> bool:
    if anchor.start == anchor.end:
        return span.start <= anchor.start <= span.end
    if span.start == span.end:
        return anchor.start <= span.start <= anchor.end
    return span.start < anchor.end and span.end > anchor.start


def _on_directive(doc: Document, d: Diagnostic, directives: Iterable[Directive]) -> bool:
    """A finding on a directive's own text: it starts in the zone, or lies on the line and reaches into it."""
    if d.span is None:
        return False
    for s in directives:
        z = s.zone
        if z is not None and (z.start <= d.span.start <= z.end
                              or doc.line_starts[s.line] <= d.span.start < z.start < d.span.end <= z.end):
            return True
    return False


def _silencers(doc: Document, d: Diagnostic, directives: Sequence[Directive]) -> list[tuple[int, str]]:
    """(directive index, pattern) of every suppression that silences ``d``; empty when none does.

    Of the disable/enable lines above the finding (all of them for a finding without a line) the last one
    naming its rule decides."""
    line = doc.position(d.span.start)[0] - 1 if d.span is not None else None
    out: list[tuple[int, str]] = []
    state: int | None = None
    for i, s in enumerate(directives):
        hits = [(i, p) for p in s.rules if matches(p, d.rule)]
        if not hits:
            continue
        if s.action == "comment":
            out += hits if d.span is not None and _overlaps(s.span, d.span) else []
        elif s.action == "line":
            out += hits if line == s.line else []
        elif line is None or s.line < line:
            state = i
    if state is not None and directives[state].action == "disable":
        out += [(state, p) for p in directives[state].rules if matches(p, d.rule)]
    return out


def unused_diagnostic(doc: Document, s: Directive, unused: Sequence[str]) -> Diagnostic:
    text = doc.text[s.span.start:s.span.end]
    quoted = f"批注“{s.note.splitlines()[0].strip()}”" if s.action == "comment" else f"“{text}”"
    what = quoted if len(unused) == len(s.rules) else f"{quoted}中的 {'、'.join(unused)} "
    line, column = doc.position(s.span.start)
    return Diagnostic(rule=UNUSED_RULE, category=Category.STRUCTURE, severity=Severity.INFO,
                      message=MESSAGE.format(what=what), span=s.span, line=line, column=column, text=text,
                      suggestion=None, part=None, reference=REFERENCE)


def directives_of(doc: Document) -> list[Directive]:
    if doc.format == "txt":
        return txt_directives(doc)
    if doc.format == "docx":
        return docx_directives(doc)
    return []


def _order(d: Diagnostic) -> tuple[int, int, str]:
    return (d.span.start if d.span else -1, d.span.end if d.span else -1, d.rule)


def apply(doc: Document, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics no suppression silences, plus one info diagnostic per suppression that silenced
    nothing (naming the rules of it that matched no finding), in the engine's order. Findings on a .txt
    directive's own text are dropped. Documents of other formats come back unchanged."""
    directives = directives_of(doc)
    if not directives:
        return list(diagnostics)
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    for d in diagnostics:
        if _on_directive(doc, d, directives):
            continue
        silenced = _silencers(doc, d, directives)
        used.update(silenced)
        if not silenced:
            kept.append(d)
    for i, s in enumerate(directives):
        if s.action == "enable":
            continue
        unused = [p for p in s.rules if (i, p) not in used]
        if unused:
            kept.append(unused_diagnostic(doc, s, unused))
    return sorted(kept, key=_order)


def rule_meta() -> dict[str, Any]:
    """Metadata of ``fzlint.unused-suppression`` in the shape of the CLI's rule_meta (for SARIF's rule list)."""
    return {"id": UNUSED_RULE, "title": TITLE, "message": MESSAGE, "reference": REFERENCE,
            "why": "抑制注释只应留在确有需要接受的问题上；问题改掉后，注释应一并删除，以免日后掩盖新问题。",
            "severity": Severity.INFO.label, "category": str(Category.STRUCTURE), "kind": "suppression",
            "pack": "fzlint"}


__all__ = ["UNUSED_RULE", "Directive", "apply", "directives_of", "matches", "rule_meta"]
