"""An organ name with its place suffix doubled: "南川区区委" → "南川区委", "遂溪县县委" → "遂溪县委".

The place suffix (区, 县 …) written twice before an organ (委, 政府 …) is redundant — except where the place
name without its suffix is one character (渠县, 沛县, 津市, 城区): there the doubled form is the organ's own
usage ("中共渠县县委"). The place name is read back from the doubled suffix to the nearest ``boundary``
(start of the paragraph, punctuation, 中共, 省, 市 … — a YAML regex); a name shorter than ``min_name``
characters is left alone, and so is a doubled suffix inside a match of ``keep`` (新区区委, 自治县县委 …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ._util import parse_part
from .pattern import compile_user_regex, paragraph_spans


def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(s) for s in sorted(items, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Params:
    suffixes: tuple[str, ...]           # place suffixes that can be doubled: 省 市 县 区 州 …
    organs: tuple[str, ...]             # what follows the doubled suffix: 委 政府 人大 …
    boundary: str                       # regex: where a place name starts, looking back
    min_name: int = 2                   # a place name shorter than this keeps the doubled form
    window: int = 10                    # characters looked back for a boundary
    keep: tuple[str, ...] = ()          # regexes: a hit inside a match of one of these is the usage
    part: str | None = None
    timeout: float = 0.5
    compiled: Any = field(default=None, compare=False, repr=False)
    bound: Any = field(default=None, compare=False, repr=False)
    keeps: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "suffixes": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                         "description": "可能被重复的地名后缀（省、市、县、区、州 …）"},
            "organs": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                       "description": "重复后缀之后的机关名称（委、政府、人大 …）"},
            "boundary": {"type": "string", "minLength": 1,
                         "description": "向前找地名起点的边界（正则：标点、中共、省、市 …）"},
            "min_name": {"type": "integer", "minimum": 1,
                         "description": "去掉后缀的地名少于此字数时（如渠县、沛县）不报，默认 2"},
            "window": {"type": "integer", "minimum": 2, "maximum": 40,
                       "description": "向前查找边界的最大字数，默认 10"},
            "keep": {"type": "array", "items": {"type": "string", "minLength": 1},
                     "description": "例外：重复的后缀被其中任一表达式的匹配覆盖时不报（如“新区区”）"},
            "part": {"$ref": "#/$defs/part"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
        },
        "required": ["suffixes", "organs", "boundary"]}

    def __post_init__(self) -> None:
        for name in ("suffixes", "organs", "keep"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.suffixes:
            raise ParamError("suffixes", "列表为空，这条规则永远不会触发")
        if not self.organs:
            raise ParamError("organs", "列表为空，这条规则永远不会触发")
        if self.min_name < 1:
            raise ParamError("min_name", "地名字数下限至少为 1")
        pattern = f"(?P<suffix>{_alternation(self.suffixes)})(?P=suffix)(?P<organ>{_alternation(self.organs)})"
        object.__setattr__(self, "compiled", re.compile(pattern))
        object.__setattr__(self, "bound", compile_user_regex(self.boundary, "boundary"))
        object.__setattr__(self, "keeps", tuple(compile_user_regex(k, "keep") for k in self.keep))
        if self.part is not None:
            parse_part(self.part, "part")


def place_name(p: Params, text: str, span: Span, at: int) -> str:
    """The characters before ``at`` back to the nearest boundary (or the window's length)."""
    lo = max(span.start, at - p.window)
    start = lo
    for m in p.bound.finditer(text, lo, at, overlapped=True, timeout=p.timeout):
        if m.end() > start and m.end() > m.start():
            start = m.end()
    return text[start:at]


def _kept(p: Params, text: str, span: Span, start: int, end: int) -> bool:
    for k in p.keeps:
        lo = max(span.start, start - p.window)
        for m in k.finditer(text, lo, min(span.end, end + p.window), overlapped=True, timeout=p.timeout):
            if m.start() <= start and end <= m.end():
                return True
    return False


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    text = doc.text
    for span in paragraph_spans(doc, outline, p.part):
        for m in p.compiled.finditer(text, span.start, span.end):
            start, end = m.span()
            name = place_name(p, text, span, start)
            suffix, organ = m.group("suffix"), m.group("organ")
            if len(name) < p.min_name or _kept(p, text, span, start, m.end("suffix") + len(suffix)):
                continue
            yield Finding(Span(start, end), {"name": name, "suffix": suffix, "organ": organ,
                                              "wrong": f"{name}{suffix}{suffix}{organ}",
                                              "right": f"{name}{suffix}{organ}"},
                          f"{suffix}{organ}")
