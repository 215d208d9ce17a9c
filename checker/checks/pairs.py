"""Paired marks (GB/T 15834—2011: 引号、括号、书名号): balanced within a paragraph, nested in the right order.

Each family of paired marks is given in YAML as ``{open, close}``; several characters in ``open`` (or ``close``)
are one family, so a full-width "（" closed by a half-width ")" still pairs (the width rules report the slip).

- ``aspect: balance`` — per family and per paragraph: a closing mark with no opening one before it, an opening
  mark never closed, and (for families with ``nest: false``, the quotation marks) an opening mark that opens
  again before it was closed. One broken pair gives one finding at the lone mark.
- ``aspect: nesting`` — families listed outer first (《》 then 〈〉): an outer mark opened inside an inner one,
  or a family opened inside itself when an inner family exists ("《…《…》…》" should use 〈〉 inside).

``ignore`` regexes blank out marks that are not paired marks (list markers such as "1)", apostrophes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ._util import check_aspect
from .pattern import compile_user_regex, paragraph_spans

ASPECTS = ("balance", "nesting")


@dataclass(frozen=True, slots=True)
class Family:
    open: str
    close: str
    nest: bool
    name: str


@dataclass(frozen=True, slots=True)
class Params:
    pairs: tuple[Any, ...]
    aspect: str = "balance"
    ignore: tuple[str, ...] = ()
    timeout: float = 0.5
    families: tuple[Family, ...] = field(default=(), compare=False, repr=False)
    table: Any = field(default=None, compare=False, repr=False)       # mark → (family index, opens)
    marks: Any = field(default=None, compare=False, repr=False)       # compiled class of every mark
    ignored: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS),
                       "description": "balance：段内成对；nesting：按 pairs 的先后（外层在前）嵌套"},
            "pairs": {"type": "array", "minItems": 1, "items": {
                "type": "object", "additionalProperties": False, "required": ["open", "close"],
                "properties": {
                    "open": {"type": "string", "minLength": 1, "description": "前一半（可列几个等价的字符，如“（(”）"},
                    "close": {"type": "string", "minLength": 1, "description": "后一半（同样可列几个等价的字符，如“）)”；任一后一半都能闭合任一前一半）"},
                    "nest": {"type": "boolean", "description": "同类能否套用同类（括号能，引号不能；默认能）"},
                    "name": {"type": "string", "minLength": 1, "description": "符号的名称，用于消息（如“引号”）"}}},
                      "description": "成对标点的种类"},
            "ignore": {"type": "array", "items": {"type": "string", "minLength": 1},
                       "description": "正则表达式：其匹配范围内的符号不计（如序号“1)”、英文撇号）"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
        },
        "required": ["pairs"]}

    def __post_init__(self) -> None:
        import regex

        check_aspect(self.aspect, ASPECTS)
        if not self.pairs:
            raise ParamError("pairs", "列表为空，这条规则永远不会触发")
        families: list[Family] = []
        table: dict[str, tuple[int, bool]] = {}
        for i, item in enumerate(self.pairs):
            if isinstance(item, (tuple, list)) and len(item) == 4:     # already normalized
                item = dict(zip(("open", "close", "nest", "name"), item))
            if not isinstance(item, dict) or not isinstance(item.get("open"), str) \
                    or not isinstance(item.get("close"), str) or not item["open"] or not item["close"]:
                raise ParamError("pairs", "每一项应写作 {open: 前一半, close: 后一半}")
            fam = Family(item["open"], item["close"], bool(item.get("nest", True)), str(item.get("name") or "符号"))
            for ch, opens in [(c, True) for c in fam.open] + [(c, False) for c in fam.close]:
                if ch in table:
                    raise ParamError("pairs", f"符号“{ch}”出现了不止一次：前后两半必须是不同的字符")
                table[ch] = (i, opens)
            families.append(fam)
        if self.aspect == "nesting" and len(families) < 2:
            raise ParamError("pairs", "检查嵌套次序至少需要两类符号（外层在前，如《》再〈〉）")
        object.__setattr__(self, "pairs", tuple((f.open, f.close, f.nest, f.name) for f in families))   # hashable
        object.__setattr__(self, "families", tuple(families))
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "marks", regex.compile("[" + regex.escape("".join(table)) + "]"))
        object.__setattr__(self, "ignore", tuple(self.ignore))
        object.__setattr__(self, "ignored", tuple(compile_user_regex(u, "ignore") for u in self.ignore))


def _marks(doc: Document, span: Span, p: Params) -> list[tuple[int, str]]:
    """(offset, mark) of the paragraph's paired marks, those inside an ``ignore`` match left out (the
    ``ignore`` patterns are only run on a paragraph that has a mark)."""
    marks = [(m.start(), m.group()) for m in p.marks.finditer(doc.text, span.start, span.end)]
    if not marks or not p.ignored:
        return marks
    skip: set[int] = set()
    for rx in p.ignored:
        for m in rx.finditer(doc.text, span.start, span.end, timeout=p.timeout):
            skip.update(range(m.start(), m.end()))
    return [(pos, ch) for pos, ch in marks if pos not in skip]


def _side(fam: Family, ch: str, opens: bool) -> str:
    return f"{'左' if opens else '右'}{fam.name}{ch}"


def _both(fam: Family) -> str:
    return f"{fam.name}{fam.open[0]}{fam.close[0]}"


def _finding(doc: Document, pos: int, fam: Family, opens: bool, problem: str) -> Finding:
    mark = doc.text[pos]
    partner = fam.close[0] if opens else fam.open[0]
    return Finding(Span(pos, pos + 1), {"mark": mark, "partner": partner, "what": _side(fam, mark, opens),
                                        "partner_what": _side(fam, partner, not opens), "problem": problem})


def _balance(doc: Document, span: Span, p: Params) -> Iterator[Finding]:
    stacks: list[list[int]] = [[] for _ in p.families]
    for pos, ch in _marks(doc, span, p):
        i, opens = p.table[ch]
        fam = p.families[i]
        stack = stacks[i]
        if opens:
            if stack and not fam.nest:
                prev = stack.pop()
                yield _finding(doc, prev, fam, True, f"在下一个{_side(fam, ch, True)}之前没有闭合")
            stack.append(pos)
        elif stack:
            stack.pop()
        else:
            yield _finding(doc, pos, fam, False, f"前面没有与之配对的{_side(fam, fam.open[0], True)}")
    unclosed = sorted((pos, i) for i, stack in enumerate(stacks) for pos in stack)
    for pos, i in unclosed:
        fam = p.families[i]
        yield _finding(doc, pos, fam, True, f"在本段后文中没有与之配对的{_side(fam, fam.close[0], False)}")


def _nesting(doc: Document, span: Span, p: Params) -> Iterator[Finding]:
    open_stack: list[int] = []          # family indices of the marks open here, innermost last
    for pos, ch in _marks(doc, span, p):
        i, opens = p.table[ch]
        fam = p.families[i]
        if not opens:
            if i in open_stack:         # close it (and whatever was left open inside it)
                while open_stack and open_stack.pop() != i:
                    pass
            continue
        inner = max(open_stack, default=-1)
        if inner > i:
            out = p.families[inner]
            yield _finding(doc, pos, fam, True,
                           f"位于{_both(out)}之内：外层应用{_both(fam)}，内层用{_both(out)}")
        elif inner == i and i + 1 < len(p.families):
            sub = p.families[i + 1]
            yield _finding(doc, pos, fam, True,
                           f"套在同类的{_both(fam)}之内：内层应改用{_both(sub)}")
        open_stack.append(i)


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    walk = _balance if p.aspect == "balance" else _nesting
    for span in paragraph_spans(doc, outline):
        yield from walk(doc, span, p)
