"""Run resolved rules on one document: Findings → Diagnostics (the engine adds id, category, severity,
reference and the position), only inside the report body, in a stable order."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Mapping

from .model import Diagnostic, Document, Finding, Outline, Rule, Severity, Span


class _Args(dict):  # type: ignore[type-arg]
    """format_map arguments: an unknown {placeholder} stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(template: str, args: Mapping[str, Any]) -> str:
    try:
        return template.format_map(_Args(args))
    except (ValueError, IndexError):
        return template


def _inside_body(span: Span, outline: Outline, chrome: list[Span]) -> bool:
    if not outline.body.contains(span):
        # the signature and 成文日期 a cover letter gives a report that has none stand before the body, and so
        # does a page's 标题 row standing in for a missing title
        return any(s is not None and s.contains(span)
                   for s in (outline.signature, outline.date.span if outline.date else None, outline.title))
    return not any(c.start <= span.start < c.end or (span.start == span.end == c.start) for c in chrome)


def to_diagnostic(doc: Document, rule: Rule[Any], finding: Finding) -> Diagnostic:
    """The diagnostic of a finding: quoted from the original text (`doc.text`), matched on the folded one."""
    span = finding.span
    line = column = None
    text = None
    if span is not None:
        line, column = doc.position(span.start)
        text = doc.text[span.start:span.end]
    args = {"text": text, "suggestion": finding.suggestion, **finding.args}
    return Diagnostic(rule=rule.id, category=rule.category, severity=rule.severity,
                      message=render_message(rule.message, args), span=span, line=line, column=column,
                      text=text, suggestion=finding.suggestion, part=finding.part, reference=rule.reference,
                      fix=fix_of(doc.matching(), rule, finding))


def fix_of(doc: Document, rule: Rule[Any], finding: Finding) -> dict[str, Any] | None:
    """The edits `fzlint fix` may make for a finding: `{"edits": [{"start", "end", "text"}]}`, or None.

    Only for a rule declaring `fix: replace`, and only where the check is sure of its suggestion (a check says
    it is not with `certain: False` in the finding's args). A finding that stands for several occurrences (a
    collapsed one, with `occurrences` = ((span, suggestion), …) in its args) gets an edit for every one.

    An edit covers only what changes (`trimmed_edit`): "，，" → "，" deletes the second mark, "2026年01月15日"
    → "2026年1月15日" deletes the "0"; the characters before and after stay as they are (in a .docx, in their
    own runs, with their formatting and the comments anchored on them). A tab is layout, not a stray space: a
    suggestion that drops one ("!\t" → "！") keeps it ("！\t", `keep_tabs`)."""
    if rule.fix != "replace" or finding.span is None or finding.args.get("certain") is False:
        return None
    occurrences = finding.args.get("occurrences") or ((finding.span, finding.suggestion),)
    edits = []
    for s, text in occurrences:
        old = doc.text[s.start:s.end]
        edit = trimmed_edit(s.start, old, keep_tabs(old, text)) if text is not None else None
        if edit is not None:
            edits.append({"start": edit[0], "end": edit[1], "text": edit[2]})
    return {"edits": edits} if edits else None


def keep_tabs(old: str, new: str) -> str:
    """``new`` with every tab of ``old`` it would drop put back, beside the characters that replace its neighbours."""
    if "\t" not in old:
        return new
    import difflib

    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        chunk, repl = old[i1:i2], new[j1:j2]
        if tag == "equal" or "\t" not in chunk or "\t" in repl:
            out.append(repl)
            continue
        pieces = chunk.split("\t")         # the replacement goes where the first non-tab characters were
        first = next((k for k, piece in enumerate(pieces) if piece), 0)
        out.append("\t".join(repl if k == first else "" for k in range(len(pieces))))
    return "".join(out)


def trimmed_edit(at: int, old: str, new: str) -> tuple[int, int, str] | None:
    """(start, end, text): ``old`` (found at offset ``at``) becomes ``new``, without the characters both begin
    and end with; None when they are the same."""
    if old == new:
        return None
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return at + head, at + len(old) - tail, new[head:len(new) - tail]


def _timed_out(rule: Rule[Any]) -> Diagnostic:
    """A user pattern that ran past its time limit: the rule is reported and skipped, the run goes on."""
    return Diagnostic(rule=rule.id, category=rule.category, severity=Severity.INFO,
                      message=f"规则 {rule.id} 的正则表达式运行超时，本文件已跳过这条规则；请简化规则包中的表达式",
                      span=None, line=None, column=None, text=None, suggestion=None, part=None,
                      reference=rule.reference)


def run(doc: Document, outline: Outline, rules: Iterable[Rule[Any]]
        ) -> tuple[list[Diagnostic], dict[str, tuple[int, int]]]:
    """Diagnostics sorted by position (document-level ones first), and per rule (runs, findings)."""
    from .checks import KINDS

    view = doc.matching()      # checks match the folded text; diagnostics quote the original
    chrome = [doc.paragraphs[i].span for i in outline.chrome]
    out: list[Diagnostic] = []
    stats: dict[str, tuple[int, int]] = {}
    seen: set[tuple[object, ...]] = set()
    for rule in rules:
        fired = 0
        try:
            for finding in KINDS[rule.kind].check(view, outline, rule):
                if finding.span is not None and not _inside_body(finding.span, outline, chrome):
                    continue
                key = ((rule.id, finding.span.start, finding.span.end, finding.part) if finding.span else
                       (rule.id, None, None, finding.part, render_message(rule.message, finding.args)))
                if key in seen:
                    continue
                seen.add(key)
                out.append(to_diagnostic(doc, rule, finding))
                fired += 1
        except TimeoutError:
            out.append(_timed_out(rule))
        stats[rule.id] = (1, fired)
    out.sort(key=lambda d: (d.span.start if d.span else -1, d.span.end if d.span else -1, d.rule))
    return out, stats


def merge_stats(results: Iterable[Mapping[str, tuple[int, int]]]) -> dict[str, tuple[int, int]]:
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for stats in results:
        for rid, (runs, fired) in stats.items():
            total[rid][0] += runs
            total[rid][1] += fired
    return {rid: (v[0], v[1]) for rid, v in total.items()}
