"""What the page receives, beyond the JSON of `fzlint check`: the text the offsets index, the four parts with
where each starts, and the changes the fixes would make, line by line with the changed characters marked."""
from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..model import MANDATED_PARTS, Document, FileResult, Severity

CONTEXT_LINES = 1            # unchanged lines shown around each change
FIXABLE = ("txt", "docx")    # the formats `fzlint fix` edits
GENERATED = ("html", "pdf")  # made from a source document: that is what should be fixed


def page_view(doc: Document, result: FileResult, report: Mapping[str, Any], info: Any) -> dict[str, Any]:
    titles = getattr(info, "rule_titles", {}) or {}
    return {
        "name": doc.path, "format": doc.format, "encoding": doc.encoding,
        "text": doc.text,
        "report": report,
        "parts": parts_view(doc, result),
        "places": places(doc, result),
        "titles": {d.rule: titles.get(d.rule, d.rule) for d in result.diagnostics},
        "can_fix": doc.format in FIXABLE,
        "fix_refusal": fix_refusal(doc.format),
        "fixable": doc.format in FIXABLE and any(d.fix for d in result.diagnostics),
    }


def fix_refusal(fmt: str | None) -> str | None:
    """Why a file of this format is not fixed (Chinese), or None: only .docx and .txt are."""
    if fmt in FIXABLE:
        return None
    if fmt in GENERATED:
        return ("只有 .docx 和 .txt 文件可以自动修复：网页和 PDF 是由原稿生成的，请修复原稿（.docx 或 .txt）后重新发布；"
                "其中的问题可以在检查结果中查看")
    return "只有 .docx 和 .txt 文件可以自动修复：旧版 .doc、.wps 文件请用 Word 或 WPS 另存为 .docx 后再修复"


def parts_view(doc: Document, result: FileResult) -> list[dict[str, Any]]:
    """The four mandated parts: present / incomplete / missing (as the audit judges them) and the first heading
    that carries each (where a click on the page jumps)."""
    from ..audit.row import parts_of

    status = parts_of(result.diagnostics)
    outline = result.outline
    out = []
    for part in MANDATED_PARTS:
        sections = outline.parts.get(part, ()) if outline is not None else ()
        first = sections[0].heading if sections and status[part.value] != "missing" else None
        out.append({"part": part.value, "name": part.zh, "short": part.short, "status": status[part.value],
                    "start": first.span.start if first else None,
                    "heading": (first.mark + first.title) if first else None})
    return out


def places(doc: Document, result: FileResult) -> list[dict[str, Any]]:
    """The title, the signature and the 成文日期, where found (more places to jump to)."""
    outline = result.outline
    if outline is None:
        return []
    found = (("title", "标题", outline.title), ("signature", "署名", outline.signature),
             ("date", "成文日期", outline.date.span if outline.date else None))
    return [{"key": key, "label": label, "start": span.start, "text": doc.text[span.start:span.end].strip()}
            for key, label, span in found if span is not None]


def fix_view(outcome: Any, info: Any) -> dict[str, Any]:
    titles = getattr(info, "rule_titles", {}) or {}
    left = outcome.result.diagnostics if outcome.result is not None else ()
    counts = Counter(d.severity for d in left)
    return {
        "name": outcome.path,
        "changed": outcome.changed,
        "count": outcome.count,
        "fixed": [{"rule": rule, "title": titles.get(rule, rule), "count": n}
                  for rule, n in sorted(outcome.fixed.items(), key=lambda kv: (-kv[1], kv[0]))],
        "refused": [{"rule": r.rule, "text": r.text, "line": r.line, "reason": r.reason} for r in outcome.refused],
        "remaining": {"total": len(left), **{s.label: counts.get(s, 0) for s in sorted(Severity, reverse=True)}},
        "hunks": hunks(outcome.before, outcome.after) if outcome.changed else [],
    }


def _strip(line: str) -> str:
    return line.rstrip("\r\n")


def hunks(before: Sequence[str], after: Sequence[str], context: int = CONTEXT_LINES) -> list[dict[str, Any]]:
    """Groups of changed lines with a little context. Each line: op (" ", "-", "+"), its number in the old or new
    text, and segments [op, text] where "-" / "+" mark the characters that go or come."""
    a, b = [_strip(x) for x in before], [_strip(x) for x in after]
    out = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        lines: list[dict[str, Any]] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [{"op": " ", "old": i + 1, "new": j + 1, "segments": [["=", a[i]]]}
                          for i, j in zip(range(i1, i2), range(j1, j2))]
                continue
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            paired = min(len(olds), len(news)) if tag == "replace" else 0
            removed = [{"op": "-", "old": i + 1, "segments": [["-", a[i]]]} for i in olds]
            added = [{"op": "+", "new": j + 1, "segments": [["+", b[j]]]} for j in news]
            for k in range(paired):
                removed[k]["segments"], added[k]["segments"] = _char_diff(a[olds[k]], b[news[k]])
            lines += removed + added
        first = group[0]
        out.append({"old": first[1] + 1, "new": first[3] + 1, "lines": lines})
    return out


def _char_diff(old: str, new: str) -> tuple[list[list[str]], list[list[str]]]:
    """The two lines cut into runs that are the same ("=") or only in one of them ("-" in old, "+" in new)."""
    left: list[list[str]] = []
    right: list[list[str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            left.append(["=", old[i1:i2]])
            right.append(["=", new[j1:j2]])
            continue
        if i2 > i1:
            left.append(["-", old[i1:i2]])
        if j2 > j1:
            right.append(["+", new[j1:j2]])
    return left, right
