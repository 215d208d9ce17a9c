"""Run resolved rules on one document: Findings → Diagnostics (the engine adds id, category, severity,
reference and the position), only inside the report body, in a stable order.

One finding per systematic slip: where one rule finds the same slip at more places than its ``collapse``
(DEFAULT_COLLAPSE unless the rule says otherwise), the places become one diagnostic at the first of them,
with the count in its message and every place in ``occurrences`` (and every place's edit in ``fix``). What
"the same slip" is, a check says with ``slip`` in a finding's args (a pattern rule: any of its hits; the
numbering marks: the same wrong shape); by default it is the same flagged text with the same suggestion, so
findings that differ (two different figures that do not add up) are never merged. Findings with no place
(a missing part) stand alone. A rule may give up its finding to another rule's at an overlapping place
(``defer_to``). Merging happens after the caller's filters (``refine``: suppressions, accepted
words), so a silenced place is neither reported nor counted.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any, Callable, Iterable, Mapping, Sequence

from .model import Diagnostic, Document, Finding, Occurrence, Outline, Rule, Severity, Span

# Up to three places of the same slip are listed one by one: three findings are read as quickly as one that
# lists three places, and each may be a separate decision. From the fourth on the slip is a habit of the
# document (an input method, a copy-paste, a converter), the count is the news, and one finding that names
# every place is easier to act on than a screen of identical lines.
DEFAULT_COLLAPSE = 3


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
    places = finding.args.get("occurrences") or ()
    occurrences = tuple(_occurrence(doc, s, sug) for s, sug in places) if len(places) > 1 else ()
    args = {"text": text, "suggestion": finding.suggestion, **finding.args, "count": max(1, len(occurrences))}
    slip = None if span is None else finding.args.get("slip", (text, finding.suggestion))
    return Diagnostic(rule=rule.id, category=rule.category, severity=rule.severity,
                      message=render_message(rule.message, args), span=span, line=line, column=column,
                      text=text, suggestion=finding.suggestion, part=finding.part, reference=rule.reference,
                      fix=fix_of(doc.matching(), rule, finding), occurrences=occurrences, slip=slip, args=args)


def _occurrence(doc: Document, span: Span, suggestion: str | None) -> Occurrence:
    line, column = doc.position(span.start)
    return Occurrence(span, line, column, doc.text[span.start:span.end], suggestion)


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


def applies(rule: Rule[Any], year: int | None) -> bool:
    """Whether a rule limited to some report years runs on a report about ``year``. With the year unknown a
    limited rule does not run: it is right in some years and wrong in others, and a false alarm on a report
    that is right for its year is worse than a miss (the unlimited rules still run)."""
    if rule.report_years is None:
        return True
    first, last = rule.report_years
    return year is not None and (first is None or year >= first) and (last is None or year <= last)


def run(doc: Document, outline: Outline, rules: Iterable[Rule[Any]],
        refine: Callable[[list[Diagnostic]], list[Diagnostic]] | None = None
        ) -> tuple[list[Diagnostic], dict[str, tuple[int, int]]]:
    """Diagnostics sorted by position (document-level ones first), and per rule (runs, findings).

    ``refine`` filters the diagnostics (each place on its own) before the same slips are merged."""
    from .checks import KINDS

    rules = list(rules)
    view = doc.matching()      # checks match the folded text; diagnostics quote the original
    chrome = [doc.paragraphs[i].span for i in outline.chrome]
    out: list[Diagnostic] = []
    stats: dict[str, tuple[int, int]] = {}
    seen: set[tuple[object, ...]] = set()
    for rule in rules:
        fired = 0
        if not applies(rule, outline.report_year):
            stats[rule.id] = (0, 0)
            continue
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
    if refine is not None:
        out = refine(out)
    by_id = {r.id: r for r in rules}
    out = collapse(deferred(out, by_id), by_id)
    out.sort(key=lambda d: (d.span.start if d.span else -1, d.span.end if d.span else -1, d.rule))
    return out, stats


def deferred(diagnostics: list[Diagnostic], rules: Mapping[str, Rule[Any]]) -> list[Diagnostic]:
    """Without the findings a rule gives up to another rule's finding at an overlapping place (``defer_to``): a
    suspected slip where the typo list reports the same characters for sure says nothing new."""
    deferring = {rid for rid, r in rules.items() if r.defer_to}
    if not deferring or not any(d.rule in deferring for d in diagnostics):
        return diagnostics
    places: dict[str, list[Span]] = {}
    for d in diagnostics:
        for o in d.occurrences or ((d,) if d.span is not None else ()):
            places.setdefault(d.rule, []).append(o.span)    # type: ignore[arg-type]

    def covered(d: Diagnostic) -> bool:
        if d.rule not in deferring or d.span is None:
            return False
        return any(s.start < d.span.end and d.span.start < s.end
                   for other in rules[d.rule].defer_to for s in places.get(other, ()))
    return [d for d in diagnostics if not covered(d)]


def collapse(diagnostics: Sequence[Diagnostic], rules: Mapping[str, Rule[Any]]) -> list[Diagnostic]:
    """The same slip of one rule at more places than the rule's limit becomes one diagnostic (module doc)."""
    groups: dict[tuple[str, Any], list[Diagnostic]] = {}
    for d in diagnostics:
        if d.slip is not None and d.rule in rules:
            groups.setdefault((d.rule, d.slip), []).append(d)
    out: list[Diagnostic] = []
    for d in diagnostics:
        group = groups.get((d.rule, d.slip)) if d.slip is not None else None
        rule = rules.get(d.rule)
        if group is None or rule is None:
            out.append(_counted(d, rule))
            continue
        limit = DEFAULT_COLLAPSE if rule.collapse is None else rule.collapse
        places = sum(max(1, len(g.occurrences)) for g in group)
        if not limit or places <= limit:
            out.append(_counted(d, rule))
        elif d is group[0]:
            out.append(_merged(group, rule))
    return out


def _places(d: Diagnostic) -> tuple[Occurrence, ...]:
    if d.occurrences:
        return d.occurrences
    assert d.span is not None and d.line is not None and d.column is not None
    return (Occurrence(d.span, d.line, d.column, d.text or "", d.suggestion),)


def _merged(group: list[Diagnostic], rule: Rule[Any]) -> Diagnostic:
    first = group[0]
    places = tuple(sorted({o.span: o for d in group for o in _places(d)}.values(), key=lambda o: o.span.start))
    edits = [e for d in group if d.fix for e in d.fix.get("edits", ())]
    args = {**first.args, "count": len(places)}
    merged = dataclasses.replace(first, message=render_message(rule.message, args),
                                 fix={"edits": edits} if edits else None, occurrences=places, args=args)
    return _counted(merged, rule)


def _counted(d: Diagnostic, rule: Rule[Any] | None) -> Diagnostic:
    """A diagnostic that stands for several places says how many (unless its message has {count} already)."""
    if len(d.occurrences) < 2 or (rule is not None and "{count}" in rule.message):
        return d
    return dataclasses.replace(d, message=d.message + count_note(len(d.occurrences)))


def count_note(n: int) -> str:
    return f"（同样的问题全文共{n}处，合为一条）"


def merge_stats(results: Iterable[Mapping[str, tuple[int, int]]]) -> dict[str, tuple[int, int]]:
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for stats in results:
        for rid, (runs, fired) in stats.items():
            total[rid][0] += runs
            total[rid][1] += fired
    return {rid: (v[0], v[1]) for rid, v in total.items()}
