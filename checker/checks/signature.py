"""The issuing organ's name after the body's last paragraph (发文机关署名, 党政机关公文处理工作条例 第九条)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from ..model import Document, Finding, Outline, Rule, Span
from .title import title_organs

ASPECTS = ("present", "matches-title")


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {"aspect": {"enum": list(ASPECTS)}}, "required": ["aspect"]}

    def __post_init__(self) -> None:
        from . import ParamError
        if self.aspect not in ASPECTS:
            raise ParamError("aspect", f"未知的检查项“{self.aspect}”；可用：{', '.join(ASPECTS)}")


def _last_paragraph(doc: Document, outline: Outline) -> Span | None:
    for i in reversed(outline.paragraphs):
        span = doc.paragraphs[i].span
        if outline.date and span.start <= outline.date.span.start < span.end:
            continue
        raw = doc.text[span.start:span.end]
        lead = len(raw) - len(raw.lstrip())
        return Span(span.start + lead, span.start + len(raw.rstrip()))
    return None


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    if rule.params.aspect == "present":
        if outline.signature is None:
            yield Finding(_last_paragraph(doc, outline))
        return
    if outline.signature is None or outline.title is None:
        return
    organs = title_organs(doc.text[outline.title.start:outline.title.end])
    if not organs:
        return
    organ = "".join(organs)
    names = [n for n in re.split(r"\s+", doc.text[outline.signature.start:outline.signature.end]) if n]
    # each name is the title's organ (or part of it) written in full or as a 规范化简称, either way round
    if all(_abbreviates(n, organ) or any(_abbreviates(o, n) for o in organs) for n in names):
        return
    yield Finding(outline.signature, {"signature": " ".join(names), "organ": organ})


def _abbreviates(name: str, organ: str) -> bool:
    """The name is in the title's organ, whole or as a 规范化简称 (its characters in order: 市场监管局 ⊂ 市场监督管理局)."""
    if name in organ:
        return True
    it = iter(organ)
    return len(name) >= 3 and all(ch in it for ch in name)
