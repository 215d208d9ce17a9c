"""结构层次序数 (GB/T 9704—2012 7.3.3; GB/T 15834—2011 on the marks after ordinals).

One kind, several aspects, each a rule in YAML:

- ``marks``: every heading's mark has its level's form (一、 · （一） · 1. · （1）); the forms are YAML templates.
- ``sequence``: the ordinals of one level run 1, 2, 3 … within their parent, no gap, no repeat.
- ``skip``: a heading sits one level below its parent ("1." directly under "一、" is a skipped level).
- ``width``: one level's bracketed marks mix full-width and half-width brackets.
- ``list``: ordinals inside the text (一是、二是 …) run without gap or repeat within their section.

Headings come from the outline. A mark that lost its punctuation ("一主要举措和成效") counts only where a
neighbouring level-1 heading carries the next or previous number; headings of a table of contents are left out.
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, Mapping

from ..errors import ParamError
from ..model import Document, Finding, Heading, Outline, Rule, Span
from ._util import check_aspect
from ..text.numerals import int_to_cn
from .numbering_lists import check_lists, context, ordinal_problem
from .pattern import compile_user_regex

ASPECTS = ("marks", "sequence", "skip", "width", "list")
_NUMERAL = re.compile(r"[一二三四五六七八九十]+|\d+")
_CN_DIGITS = set("一二三四五六七八九十两")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LEVEL_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["level", "forms"],
    "properties": {
        "level": {"type": "integer", "minimum": 1, "maximum": 9},
        "name": {"type": "string", "description": "消息中 {level_name} 的内容，如“一级标题”"},
        "forms": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                  "description": "本级序号的正确写法模板：{cn} 汉字数字，{n} 阿拉伯数字，如“{cn}、”“（{n}）”"},
    }}


@dataclass(frozen=True, slots=True)
class Level:
    level: int
    forms: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    levels: tuple[Any, ...] = ()        # marks: per level {level, name, forms}; the first form is the suggestion
    same: tuple[str, ...] = ()          # marks/width: characters written interchangeably, correct one first: "（("
    toc: str | None = None              # a table-of-contents line (its headings are left out)
    pattern: str | None = None          # list: an inline ordinal; group "n" holds the numeral
    quotes: tuple[str, ...] = ()        # list: pairs of marks whose content is quoted, not the report's own list
    level_specs: tuple[Level, ...] = field(default=(), compare=False, repr=False)
    toc_re: Any = field(default=None, compare=False, repr=False)
    compiled: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS), "description": "检查项：marks 序号写法、sequence 连续不重号、"
                       "skip 不越级、width 括号全半角一致、list 文中“一是、二是”连续"},
            "levels": {"type": "array", "minItems": 1, "items": _LEVEL_SCHEMA},
            "same": {"type": "array", "items": {"type": "string", "minLength": 2},
                     "description": "可互换书写的字符组，正确的写在前面，如“（(”"},
            "toc": {"type": "string", "minLength": 1, "description": "目录行的正则表达式；目录中的标题不检查"},
            "pattern": {"type": "string", "minLength": 1,
                        "description": "文中序数的正则表达式，命名分组 n 为数字（汉字或阿拉伯数字）"},
            "quotes": {"type": "array", "items": {"type": "string", "minLength": 2, "maxLength": 2},
                       "description": "成对的引号、书名号：其中的序数是引文，不检查"},
        },
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        object.__setattr__(self, "same", tuple(self.same))
        object.__setattr__(self, "quotes", tuple(self.quotes))
        specs = tuple(_level(item) for item in self.levels)
        object.__setattr__(self, "level_specs", specs)
        object.__setattr__(self, "levels", tuple(dict(item) for item in self.levels))
        if self.aspect == "marks" and not specs:
            raise ParamError("levels", "marks 检查要列出各级序号的正确写法（levels）")
        if self.aspect == "width" and not self.same:
            raise ParamError("same", "width 检查要给出全角、半角括号的对应（same），如“（(”“）)”")
        if self.aspect == "list" and self.pattern is None:
            raise ParamError("pattern", "list 检查要给出文中序数的正则表达式（pattern）")
        if self.toc is not None:
            object.__setattr__(self, "toc_re", compile_user_regex(self.toc, "toc"))
        if self.pattern is not None:
            compiled = compile_user_regex(self.pattern, "pattern")
            if "n" not in compiled.groupindex:
                raise ParamError("pattern", f"正则表达式“{self.pattern}”要用命名分组 (?P<n>…) 标出序数")
            object.__setattr__(self, "compiled", compiled)
        for q in self.quotes:
            if len(q) != 2:
                raise ParamError("quotes", f"“{q}”应是一对符号（开、闭各一个字符）")


def _level(item: Mapping[str, Any]) -> Level:
    if not isinstance(item, Mapping) or "level" not in item or not item.get("forms"):
        raise ParamError("levels", "每一级要写明 level 和 forms")
    forms = tuple(item["forms"])
    for form in forms:
        names = set(_PLACEHOLDER.findall(form))
        if not names or not names <= {"cn", "n"}:
            raise ParamError("levels", f"写法模板“{form}”要含 {{cn}} 或 {{n}}，且只能含这两个占位符")
    return Level(int(item["level"]), forms, str(item.get("name", "")))


def render(form: str, number: int) -> str:
    return form.replace("{cn}", int_to_cn(number)).replace("{n}", str(number))


def renumber(mark: str, number: int) -> str:
    """The mark as written, with its ordinal changed: "(三)" → "(二)", "4." → "3."."""
    m = _NUMERAL.search(mark)
    if m is None:
        return mark
    new = str(number) if m.group().isdigit() else int_to_cn(number)
    return mark[:m.start()] + new + mark[m.end():]


def mark_span(h: Heading) -> Span:
    return Span(h.span.start, h.span.start + len(h.mark))


# ---- which headings count ---------------------------------------------------------------------------


def numbered_headings(doc: Document, outline: Outline, p: Params) -> list[Heading]:
    """The outline's numbered headings, less a table of contents and doubtful level-1 marks the sequence does not back."""
    hs = [h for h in outline.headings() if h.number is not None and h.mark]
    if p.toc_re is not None:
        hs = [h for h in hs if not p.toc_re.search(doc.para_text(doc.paragraphs[h.paragraph]))]
    hs = _drop_toc_block(outline, hs)
    sure = [h for h in hs if h.level == 1 and not _doubtful(h)]
    starts = [x.span.start for x in sure]               # in text order, as the outline gives them
    keep = set()
    for h in hs:
        if h.level != 1 or not _doubtful(h):
            continue
        # the nearest sure level-1 heading on each side, by bisection: linear in all, however many are doubtful
        k = bisect.bisect_left(starts, h.span.start)
        before = sure[k - 1] if k else None
        j = bisect.bisect_right(starts, h.span.start)
        after = sure[j] if j < len(sure) else None
        n = h.number or 0
        # a doubtful mark counts where the marks on both sides agree with it ("一主要举措和成效" before "二、")
        if (before or after) and (before is None or before.number == n - 1) \
                and (after is None or after.number == n + 1):
            keep.add(id(h))
    return [h for h in hs if not (h.level == 1 and _doubtful(h)) or id(h) in keep]


def _doubtful(h: Heading) -> bool:
    """A mark with no punctuation ("一主要…"), or one that may start a run of numerals ("三、四月份…")."""
    return _NUMERAL.fullmatch(h.mark) is not None or (h.title[:1] in _CN_DIGITS and not h.mark.startswith("第"))


def _drop_toc_block(outline: Outline, hs: list[Heading]) -> list[Heading]:
    """A block of headings on adjacent lines, followed later by the first heading again, is a table of contents."""
    order = {p: k for k, p in enumerate(outline.paragraphs)}
    for k in range(2, len(hs)):
        h = hs[k]
        if h.level != hs[0].level or h.number != hs[0].number:
            continue
        block = [order.get(x.paragraph, -10) for x in hs[:k]]
        if all(b - a == 1 for a, b in zip(block, block[1:])):
            return hs[k:]
        return hs
    return hs


# ---- aspects ----------------------------------------------------------------------------------------


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    hs = numbered_headings(doc, outline, p)
    if p.aspect == "list":
        sections = {h.paragraph for h in outline.headings() if not h.mark} | {h.paragraph for h in hs}
        yield from check_lists(doc, outline, p, sections)
        return
    found = {"marks": _marks, "sequence": _sequence, "skip": _skip, "width": _width}[p.aspect](hs, p)
    # the same wrong shape ("1、" at every level-3 heading) is one slip: the engine merges its repeats
    for key, f in found:
        yield Finding(f.span, {**f.args, "slip": key}, f.suggestion, f.part)


def _fold(s: str, same: tuple[str, ...]) -> str:
    for group in same:
        for c in group[1:]:
            s = s.replace(c, group[0])
    return s


def _marks(hs: list[Heading], p: Params) -> Iterator[tuple[str, Finding]]:
    specs = {s.level: s for s in p.level_specs}
    for h in hs:
        spec = specs.get(h.level)
        if spec is None or h.number is None:
            continue
        written = _fold(h.mark, p.same)
        if any(written == _fold(render(f, h.number), p.same) for f in spec.forms):
            continue
        correct = render(spec.forms[0], h.number)
        yield (f"{h.level}:{renumber(h.mark, 0)}",
               Finding(mark_span(h), {"mark": h.mark, "expected": correct, "level_name": spec.name or f"第{h.level}级",
                                      "level": h.level}, correct))


def _siblings(hs: list[Heading]) -> list[Heading | None]:
    """For each heading, the next heading of the same level under the same parent: the first later heading of its
    level before any of a higher one. One pass with a stack of the headings still open (levels rising), so the cost
    is linear whatever the shape: a heading closes the deeper ones (they have no next sibling) and is the next
    sibling of an open one of its own level."""
    nxt: list[Heading | None] = [None] * len(hs)
    open_: list[int] = []
    for k, h in enumerate(hs):
        while open_ and hs[open_[-1]].level > h.level:
            open_.pop()
        if open_ and hs[open_[-1]].level == h.level:
            nxt[open_.pop()] = h
        open_.append(k)
    return nxt


def _sequence(hs: list[Heading], p: Params) -> Iterator[tuple[str, Finding]]:
    """Within each parent, 1, 2, 3 …; a group that goes on from the previous parent's last number ("（一）1. 2.
    （二）3. 4.") is the running style some reports use (the 纲要 numbers its items across chapters), not a slip."""
    last: dict[int, tuple[int, Heading]] = {}
    running: dict[int, int] = {}          # the last number of each level, across parents
    nxt = _siblings(hs)
    for k, h in enumerate(hs):
        if h.number is None:
            continue
        for deeper in [lv for lv in last if lv > h.level]:
            del last[deeper]
        prev = last.get(h.level)
        expected = prev[0] + 1 if prev else 1
        if prev is None and h.level > 1 and running.get(h.level) and h.number == running[h.level] + 1:
            expected = h.number           # running numbers across sections
        if h.number == expected:
            last[h.level] = (h.number, h)
            running[h.level] = h.number
            continue
        after = nxt[k]
        certain = (after.number == expected + 1) if after is not None else h.number < expected
        args = {"mark": h.mark, "expected": renumber(h.mark, expected), "level": h.level,
                "prev": prev[1].mark if prev else "", "context": context(prev[1].mark if prev else ""),
                "problem": ordinal_problem(prev[0] if prev else None, h.number)}
        yield f"{k}", Finding(mark_span(h), args, renumber(h.mark, expected) if certain else None)
        last[h.level] = (expected if certain else h.number, h)
        running[h.level] = last[h.level][0]


def _skip(hs: list[Heading], p: Params) -> Iterator[tuple[str, Finding]]:
    stack: list[Heading] = []
    reported: set[tuple[int, int]] = set()
    for h in hs:
        while stack and stack[-1].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else None
        if parent is not None and h.level - parent.level > 1 and (id(parent), h.level) not in reported:
            reported.add((id(parent), h.level))
            yield f"{id(h)}", Finding(mark_span(h), {"mark": h.mark, "parent": parent.mark, "level": h.level,
                                                     "missing": h.level - parent.level - 1})
        stack.append(h)


def _width(hs: list[Heading], p: Params) -> Iterator[tuple[str, Finding]]:
    wide = "".join(g[0] for g in p.same)
    narrow = "".join(g[1:] for g in p.same)
    by_level: dict[int, list[tuple[Heading, str]]] = {}
    for h in hs:
        if not any(c in h.mark for c in "(（"):
            continue                      # "三)": the lost bracket is numbering.heading-mark's finding
        kinds = {"full" if c in wide else "half" for c in h.mark if c in wide or c in narrow}
        if kinds:
            by_level.setdefault(h.level, []).append((h, kinds.pop() if len(kinds) == 1 else "mixed"))
    for level, items in by_level.items():
        counts = {w: sum(1 for _, x in items if x == w) for w in ("full", "half", "mixed")}
        if sum(1 for c in counts.values() if c) < 2 and not counts["mixed"]:
            continue
        odd = "half" if counts["half"] <= counts["full"] else "full"
        for h, w in items:
            if w == odd or w == "mixed":
                correct = _fold(h.mark, p.same)
                yield (f"{level}:{w}",
                       Finding(mark_span(h), {"mark": h.mark, "level": level, "full": counts["full"],
                                              "half": counts["half"] + counts["mixed"], "expected": correct},
                               correct if correct != h.mark else None))
