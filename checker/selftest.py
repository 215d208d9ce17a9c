"""A rule tested on its own examples: every bad one must fire, every good one must stay silent."""
from __future__ import annotations

from typing import Any

from .engine import run
from .load.txt import document_from_text
from .model import Rule
from .outline import build_outline


def findings(rule: Rule[Any], text: str) -> list[Any]:
    doc = document_from_text(text, "<示例>", None)
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
