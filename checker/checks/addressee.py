"""The 主送机关 line between the title and the first paragraph ("县委、县政府：", GB/T 9704—2012 7.3.2).

Aspects:
- ``colon``: the line ends with a full-width "：". Where the document writes half-width marks throughout
  (no "：" elsewhere, many ":" "," ";" after Chinese characters), that is one systematic slip which the
  punctuation pack reports once per document: the addressee's ":" is then left to it.
- ``form``: the names are separated by 、 (a ，between groups is fine), not by spaces, and no 、 or ，
  is left before the colon or doubled.
A report without an addressee line is fine: nothing is said.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..body import ORDINAL_START_RE
from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ._util import check_aspect
from .pattern import compile_user_regex, paragraph_spans

ASPECTS = ("colon", "form")
LINE_RE = re.compile(r"^(?P<names>[^。；;！？!?]+?)\s*(?P<colon>[:：∶﹕︰])\s*$")
HALF_AFTER_CJK_RE = re.compile(r"(?<=[\u4e00-\u9fff])[:,;]")
TRAILING_RE = re.compile(r"[、，,；;\s]+$")
SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")
AROUND_RE = re.compile(r"[ \t\u3000]*([、，,])[ \t\u3000]*")
DOUBLED_RE = re.compile(r"([、，,])[、，,]+")


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    organ: str                  # regex: what the names end with (委, 政府, 常委会, 局 …) — anchor with $
    max_length: int = 80        # a longer line is not an addressee line
    systematic_min: int = 3     # colon: this many half-width marks elsewhere, and no "：", make ":" systematic
    compiled: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS)},
            "organ": {"type": "string", "minLength": 1,
                      "description": "主送机关名称的结尾（委、政府、常委会、局等）的正则，以 $ 锚定"},
            "max_length": {"type": "integer", "minimum": 4, "description": "主送机关行的最大长度"},
            "systematic_min": {"type": "integer", "minimum": 1,
                               "description": "全文别处没有全角冒号、且半角 : , ; 紧跟汉字达到此数时，半角冒号"
                                              "算作全文系统性问题（由标点规则报一次），此处不再报"},
        },
        "required": ["aspect", "organ"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        if self.max_length < 4:
            raise ParamError("max_length", "主送机关行至少要有几个字")
        if self.systematic_min < 1:
            raise ParamError("systematic_min", "应为正整数")
        object.__setattr__(self, "compiled", compile_user_regex(self.organ, "organ"))


@dataclass(frozen=True, slots=True)
class Addressee:
    span: Span          # the whole line, stripped
    names: Span         # the names, without the colon and the spaces before it
    colon: Span


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    line = _find(doc, outline, p)
    if line is None:
        return
    if p.aspect == "colon":
        if doc.text[line.colon.start:line.colon.end] == "：" or _systematic(doc, outline, line, p.systematic_min):
            return
        yield Finding(line.colon, {"line": doc.text[line.span.start:line.span.end],
                                   "colon": doc.text[line.colon.start:line.colon.end]}, "：")
        return
    names = doc.text[line.names.start:line.names.end]
    steps = ((AROUND_RE, r"\1", "分隔符号旁有多余的空格"), (SPACE_RE, "、", "机关名称之间用空格隔开"),
             (DOUBLED_RE, r"\1", "分隔符号重复"), (TRAILING_RE, "", "冒号前多了分隔符号"))
    fixed = names
    problems = []
    for rx, repl, problem in steps:
        new = rx.sub(repl, fixed)
        if new != fixed:
            problems.append(problem)
            fixed = new
    if problems:
        yield Finding(line.names, {"names": names, "fixed": fixed, "problem": "、".join(problems)}, fixed)


def _find(doc: Document, outline: Outline, p: Params) -> Addressee | None:
    if outline.title is None:
        return None
    first_heading = outline.sections[0].heading.span.start if outline.sections else outline.body.end
    for span in paragraph_spans(doc, outline):
        if span.start < outline.title.end:
            continue
        if span.start >= first_heading:
            return None
        raw = doc.text[span.start:span.end]
        s = raw.strip()
        start = span.start + len(raw) - len(raw.lstrip())
        m = LINE_RE.match(s)
        if m is None or len(s) > p.max_length or ORDINAL_START_RE.match(s):
            return None
        if not p.compiled.search(TRAILING_RE.sub("", m.group("names")), timeout=0.5):
            return None
        return Addressee(Span(start, start + len(s)), Span(start + m.start("names"), start + m.end("names")),
                         Span(start + m.start("colon"), start + m.end("colon")))
    return None


def _systematic(doc: Document, outline: Outline, line: Addressee, minimum: int) -> bool:
    """Half-width marks throughout the report (no "：" elsewhere): the punctuation pack's one finding."""
    full = half = 0
    for span in paragraph_spans(doc, outline):
        if span.start <= line.span.start < span.end:
            continue
        text = doc.text[span.start:span.end]
        full += text.count("：")
        half += len(HALF_AFTER_CJK_RE.findall(text))
    return full == 0 and half >= minimum
