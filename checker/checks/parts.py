"""Mandated parts (督察工作规定 第二十五条): present, complete, in the customary order."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Part, Rule, Span
from ._util import parse_part
from .pattern import compile_user_regex

TIMEOUT = 0.5     # seconds for a user pattern; the engine reports a rule that runs past it


@dataclass(frozen=True, slots=True)
class PartsParams:
    parts: tuple[str, ...]
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {"parts": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/part"},
                                 "description": "应当具备的部分"}},
        "required": ["parts"]}

    def __post_init__(self) -> None:
        if not self.parts:
            raise ParamError("parts", "列表为空，这条规则永远不会触发")
        object.__setattr__(self, "parts", tuple(parse_part(p, "parts").value for p in self.parts))


def check_parts(doc: Document, outline: Outline, rule: Rule[PartsParams]) -> Iterator[Finding]:
    for key in rule.params.parts:
        part = Part(key)
        if not outline.parts.get(part):
            mention = outline.passing.get(part)
            passing = (f"（文中只在“{doc.text[mention.start:mention.end].strip()}”一句中带过，不能代替这一部分）"
                       if mention is not None else "")
            yield Finding(None, {"part_name": part.zh, "passing": passing}, None, part)


@dataclass(frozen=True, slots=True)
class RequireParams:
    """Some wording must occur — inside a part, when one is named — else the part is incomplete."""

    any: tuple[str, ...]
    part: str | None = None
    describe: str = ""
    skip_heading: bool = False      # the part's own heading does not count ("存在的不足和原因" promises, not states)
    compiled: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {"any": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                               "description": "正则表达式，任一出现即满足"},
                       "part": {"$ref": "#/$defs/part"},
                       "describe": {"type": "string", "description": "消息中 {describe} 的内容"},
                       "skip_heading": {"type": "boolean", "description": "不计该部分的一级标题本身"}},
        "required": ["any"]}

    def __post_init__(self) -> None:
        object.__setattr__(self, "any", tuple(self.any))
        if self.part is not None:
            parse_part(self.part, "part")
        if not self.any:
            raise ParamError("any", "列表为空，这条规则永远不会触发")
        object.__setattr__(self, "compiled", tuple(compile_user_regex(p, "any") for p in self.any))


def check_require(doc: Document, outline: Outline, rule: Rule[RequireParams]) -> Iterator[Finding]:
    params = rule.params
    if params.part is None:
        spans: tuple[Span, ...] = (outline.body,)
        anchor = outline.title
        part = None
    else:
        part = Part(params.part)
        sections = outline.parts.get(part, ())
        if not sections:
            return      # the part itself is missing: the parts rule says so
        spans = tuple(Span(s.heading.span.end if params.skip_heading else s.span.start, s.span.end)
                      for s in sections)
        anchor = sections[0].heading.span
    for span in spans:
        for pattern in params.compiled:
            if pattern.search(doc.text, span.start, span.end, timeout=TIMEOUT):
                return
    args: dict[str, Any] = {"part_name": part.zh if part else "正文", "describe": params.describe}
    yield Finding(anchor, args, None, part)


@dataclass(frozen=True, slots=True)
class OrderParams:
    order: tuple[str, ...]
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {"order": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/part"}}},
        "required": ["order"]}

    def __post_init__(self) -> None:
        if len(self.order) < 2:
            raise ParamError("order", "至少要列出两个部分才能检查顺序")
        object.__setattr__(self, "order", tuple(parse_part(p, "order").value for p in self.order))


def check_order(doc: Document, outline: Outline, rule: Rule[OrderParams]) -> Iterator[Finding]:
    first: dict[Part, int] = {}
    for k, section in enumerate(outline.sections):
        for part in section.parts:
            # a themed section that carries a part within the measures (seed 002) puts nothing out of order
            if part is Part.MEASURES or Part.MEASURES not in section.parts:
                first.setdefault(part, k)
    present = [Part(p) for p in rule.params.order if Part(p) in first]
    actual = sorted(present, key=lambda p: (first[p], present.index(p)))
    if actual == present:
        return
    # the first section that comes earlier than the customary order puts it
    for expected, got in zip(present, actual):
        if expected is not got:
            section = outline.sections[first[got]]
            yield Finding(section.heading.span,
                          {"part_name": got.zh, "order": "→".join(p.short for p in present),
                           "actual": "→".join(p.short for p in actual)}, None, got)
            return

