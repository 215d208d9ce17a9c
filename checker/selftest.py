"""A rule tested on its own examples: every bad one must fire, every good one must stay silent.

An example is a report's text; for a kind that needs a Word file (``needs`` holds "docx": tracked changes,
comments, headers) it is the markup of checker.docx_sample, built into a real .docx and read by its loader."""
from __future__ import annotations

from typing import Any

from .engine import run
from .load.txt import document_from_text
from .model import Document, Rule
from .outline import build_outline


def document_for(rule: Rule[Any], text: str) -> Document:
    from .checks import KINDS

    if "docx" in KINDS[rule.kind].needs:
        from .docx_sample import load_marked

        return load_marked(text)
    return document_from_text(text, "<示例>", None)


def findings(rule: Rule[Any], text: str) -> list[Any]:
    doc = document_for(rule, text)
    diagnostics, _ = run(doc, build_outline(doc), [rule])
    return diagnostics


def test_rule(rule: Rule[Any]) -> list[str]:
    problems = []
    if not rule.examples.bad and not rule.examples.good:
        problems.append("没有示例（examples.bad / examples.good）")
    for i, ex in enumerate(rule.examples.bad, 1):
        if not findings(rule, ex):
            problems.append(f"错误示例 {i} 没有报出问题")
    for i, ex in enumerate(rule.examples.good, 1):
        found = findings(rule, ex)
        if found:
            problems.append(f"正确示例 {i} 报出了问题：{found[0].message}")
    return problems
