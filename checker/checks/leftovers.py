"""What a file still carries that must not be published: the facts the loaders keep beside the text
(checker.load.docx_marks, checker.load.pdf) turned into findings.

Aspects:
- ``insertion``: an unaccepted tracked insertion (its text is part of the checked text: all changes are read as
  accepted); ``deletion``: an unaccepted tracked deletion (not in the checked text; the finding stands, empty,
  where the deleted text was).
- ``comment``: a reviewer's comment (Word 批注), except suppressions addressed to fzlint and the comments
  fzlint's ``--annotate`` wrote.
- ``hidden``: hidden text (Word's 隐藏文字): in the file, not shown when printed.
- ``furniture-mark``: a page header, footer or watermark (a .docx's, or the running lines dropped from a PDF's
  pages) whose text matches ``pattern`` (密级, 内部资料, 征求意见稿, 草稿 …). These have no place in the text.

A fact whose place lies outside the report body (a comment on the 附件 table after the date) is still reported,
without a position, rather than dropped. Examples and test cases are written in the markup of
checker.load.docx_sample, which builds a real .docx from them (``NEEDS = ("docx",)``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ._util import check_aspect
from .pattern import compile_user_regex

ASPECTS = ("insertion", "deletion", "comment", "hidden", "furniture-mark")
NEEDS = ("docx",)
QUOTE = 40                  # characters of a quoted comment, deletion or header line in a message
SOMEONE = "审阅人"           # an author the file does not name


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    pattern: str | None = None          # furniture-mark: the marks (regex)
    compiled: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS)},
            "pattern": {"type": "string", "minLength": 1,
                        "description": "furniture-mark：页眉、页脚、水印中不应出现的标志（正则）"},
        },
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        if self.aspect == "furniture-mark":
            if self.pattern is None:
                raise ParamError("pattern", "furniture-mark 需要 pattern（页眉、页脚中不应出现的标志）")
            object.__setattr__(self, "compiled", compile_user_regex(self.pattern, "pattern"))
        elif self.pattern is not None:
            raise ParamError("pattern", f"只有 furniture-mark 使用 pattern，{self.aspect} 不用")


def quote(text: str, limit: int = QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _placed(outline: Outline, start: int | None, end: int | None) -> Span | None:
    """The finding's span, or None when the fact lies outside the body (reported all the same)."""
    if start is None or end is None:
        return None
    span = Span(start, end)
    return span if outline.body.contains(span) else None


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    aspect = rule.params.aspect
    if aspect in ("insertion", "deletion"):
        kind = "insert" if aspect == "insertion" else "delete"
        for k, start, end, text, author in doc.meta.get("revisions", ()):
            if k == kind:
                yield Finding(_placed(outline, start, end),
                              {"author": author or SOMEONE, "changed": quote(text), "change_text": text})
    elif aspect == "comment":
        for start, end, author, text in doc.meta.get("review_comments", ()):
            anchor = doc.text[start:end] if start is not None and end is not None else ""
            yield Finding(_placed(outline, start, end),
                          {"author": author or SOMEONE, "comment": quote(text), "anchor": quote(anchor)})
    elif aspect == "hidden":
        for start, end in doc.meta.get("hidden", ()):
            yield Finding(_placed(outline, start, end), {"hidden": quote(doc.text[start:end])})
    else:
        yield from _furniture(doc, rule.params)


def _furniture(doc: Document, p: Params) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for where, text in doc.meta.get("furniture", ()):
        m = p.compiled.search(text, timeout=0.5)
        if m is None or (where, m.group()) in seen:
            continue
        seen.add((where, m.group()))
        yield Finding(None, {"where": where, "mark": m.group(), "line": quote(text)})


__all__ = ["ASPECTS", "NEEDS", "Params", "check", "quote"]
