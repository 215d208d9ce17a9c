"""A regex that must not occur in the report's paragraphs (optionally only inside one part).

User patterns run on the `regex` engine with a time limit, so a pathological pattern cannot hang a run:
the engine reports the rule as timed out for that file instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Part, Rule, Span
from ._scan import candidates
from ._util import parse_part


MAX_PATTERN = 10_000            # characters of one regular expression
MAX_EXPANSION = 100_000         # pattern elements once counted repeats are multiplied out


def compile_user_regex(pattern: str, field_name: str) -> Any:
    """Compile with the `regex` engine (time limits); refuse what cannot work, and what could explode before
    the time limit could act: see ``shape_problem``."""
    import regex

    problem = shape_problem(pattern)
    if problem:
        raise ParamError(field_name, f"正则表达式“{_cut(pattern)}”{problem}")
    try:
        compiled = regex.compile(pattern, regex.V0)
    except regex.error as exc:
        raise ParamError(field_name, f"正则表达式“{_cut(pattern)}”无法编译：{exc}") from None
    except (MemoryError, OverflowError, RecursionError):
        raise ParamError(field_name, f"正则表达式“{_cut(pattern)}”过于复杂，无法编译") from None
    if compiled.fullmatch(""):
        raise ParamError(field_name, f"正则表达式“{pattern}”能匹配空字符串，会在每个位置“命中”")
    return compiled


def _cut(pattern: str) -> str:
    return pattern if len(pattern) <= 80 else pattern[:80] + "…"


@dataclass(slots=True)
class _Atom:
    size: int = 1               # elements once counted repeats are multiplied out
    var: bool = False           # matches runs of any length by backtracking repeats (a+, (a+|b)*)
    opt: bool = False           # may match nothing (a?, a*, (?=…), ^)
    loose: bool = False         # a group some alternative of which is only var and opt parts, one var at least


_QUANTIFIER = re.compile(r"[*+?]|\{(\d*)(,?)(\d*)\}")
_ZERO_WIDTH = frozenset("^$")


def _group(alternatives: list[list[_Atom]], atomic: bool) -> _Atom:
    size = max(1, sum(a.size for alt in alternatives for a in alt))
    loose = not atomic and any(any(a.var for a in alt) and all(a.var or a.opt for a in alt) for alt in alternatives)
    return _Atom(size, var=loose, opt=any(all(a.opt for a in alt) for alt in alternatives), loose=loose)


def shape_problem(pattern: str) -> str | None:
    """Why a pattern is refused before it is compiled, or None. Three shapes: longer than ``MAX_PATTERN``;
    counted repeats inside counted repeats whose product exceeds ``MAX_EXPANSION`` (``((a{100}){100}){100}``:
    the engine builds every copy, gigabytes); a repeat (unbounded, or more than ten times) of a group that can
    split the same text in many ways, one of whose alternatives is made only of unbounded repeats and optional
    parts (``(a+)+``, ``(\\s*\\S+)*``, ``(\\d+\\.?)+``: backtracking tries exponentially many splits),
    unless the repeat is possessive (``++``) or the group atomic (``(?>…)``), which never backtrack into it.
    A group with a part every repeat must match (``(第[一二三]+条)+``) is fine. A pattern this scanner cannot
    follow is left to the compiler."""
    if len(pattern) > MAX_PATTERN:
        return f"太长（{len(pattern):,} 个字符，上限 {MAX_PATTERN:,}）"
    frames: list[tuple[list[list[_Atom]], bool]] = [([[]], False)]     # (alternatives of the open group, atomic)
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        atoms = frames[-1][0][-1]
        if c == "\\":
            atoms.append(_Atom(opt=pattern[i + 1:i + 2] in ("b", "B", "A", "Z", "z", "G")))
            i = _escape_end(pattern, i)
        elif c == "[":
            class_end = _class_end(pattern, i)
            if class_end is None:
                return None
            atoms.append(_Atom())
            i = class_end
        elif c == "(" and pattern.startswith("(?#", i):
            close = pattern.find(")", i)
            if close == -1:
                return None
            i = close + 1
        elif c == "(":
            frames.append(([[]], pattern.startswith("(?>", i)))
            i += 1
        elif c == ")":
            if len(frames) == 1:
                return None
            alternatives, atomic = frames.pop()
            group = _group(alternatives, atomic)
            if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), _opening(pattern, i)):
                group = _Atom(group.size, opt=True)
            frames[-1][0][-1].append(group)
            i += 1
        elif c == "|":
            frames[-1][0].append([])
            i += 1
        elif (m := _QUANTIFIER.match(pattern, i)) and atoms and (m.group(0) in "*+?" or m.group(1) or m.group(3)):
            after = m.end()
            possessive = after < n and pattern[after] == "+"
            after += 1 if after < n and pattern[after] in "?+" else 0
            low, comma, high = m.group(1), m.group(2), m.group(3)
            unbounded = m.group(0) in "*+" or bool(comma and not high)
            most = 1 if m.group(0) in "*+?" else int(high or low) if len(high or low) <= 9 else MAX_EXPANSION + 1
            atom = atoms[-1]
            if atom.loose and not possessive and (unbounded or most > 10):
                return ("中有重复的分组本身又只由无限重复和可省略的部分组成（如 (a+)+、(\\s*\\S+)*），"
                        "某些文字会使匹配的尝试次数成指数增长；请改写（如在分组中加入每次必须出现的字），"
                        "或用占有量词（++）、原子组（(?>…)）")
            atom.size *= max(1, most)
            if atom.size > MAX_EXPANSION:
                return (f"的重复次数层层相乘后过大（超过 {MAX_EXPANSION:,}），编译时会占用大量内存；"
                        "请减少嵌套的 {m,n} 重复")
            atom.var = not possessive and (unbounded or atom.var)
            atom.opt = atom.opt or m.group(0) in "*?" or (m.group(0) not in "+" and low in ("", "0"))
            atom.loose = False
            i = after
        else:
            atoms.append(_Atom(opt=c in _ZERO_WIDTH))
            i += 1
    if sum(a.size for alt in frames[0][0] for a in alt) > MAX_EXPANSION:
        return f"展开后过长（超过 {MAX_EXPANSION:,} 个元素）"
    return None


def _opening(pattern: str, close: int) -> int:
    """Where the group closed at ``close`` opened (escapes and classes skipped)."""
    depth, i, opens = 0, 0, []
    while i < close:
        c = pattern[i]
        if c == "\\":
            i = _escape_end(pattern, i)
            continue
        if c == "[":
            i = _class_end(pattern, i) or close
            continue
        if c == "(":
            opens.append(i)
        elif c == ")" and opens:
            opens.pop()
        i += 1
    return opens[-1] if opens else 0


def _escape_end(pattern: str, i: int) -> int:
    """Where the escape starting at ``i`` ends: ``\\p{Han}``, ``\\N{…}``, ``\\g<name>`` and the like as one."""
    j = i + 2
    if j < len(pattern) and pattern[i + 1] in "pPNxugk" and pattern[j] in "{<":
        close = pattern.find("}" if pattern[j] == "{" else ">", j)
        return close + 1 if close != -1 else len(pattern)
    return j


def _class_end(pattern: str, i: int) -> int | None:
    """Where the character class starting at ``i`` ends (just after its ``]``), or None when it does not."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j += 2
        elif pattern.startswith("[:", j):
            close = pattern.find(":]", j + 2)
            j = close + 2 if close != -1 else j + 1
        elif pattern[j] == "]":
            return j + 1
        else:
            j += 1
    return None


def paragraph_spans(doc: Document, outline: Outline, part: str | None = None) -> list[Span]:
    """The body's report paragraphs, clipped to a part's sections when one is named."""
    spans = [doc.paragraphs[i].span for i in outline.paragraphs]
    if part is None:
        return spans
    limits = outline.part_spans(Part(part))
    # A sweep, not paragraphs × sections: paragraphs come in text order, so a section that ends before one
    # paragraph starts ends before every later one. Within a paragraph the clips keep the sections' order.
    order = sorted(range(len(limits)), key=lambda i: limits[i].start)
    active: list[int] = []
    nxt = 0
    out = []
    for s in spans:
        while nxt < len(order) and limits[order[nxt]].start < s.end:
            active.append(order[nxt])
            nxt += 1
        active = [i for i in active if limits[i].end > s.start]
        for i in sorted(active):
            start, end = max(s.start, limits[i].start), min(s.end, limits[i].end)
            if start < end:
                out.append(Span(start, end))
    return out


@dataclass(frozen=True, slots=True)
class Params:
    pattern: str
    suggest: str | None = None          # replacement template (\1, \g<name>); the suggestion field
    unless: tuple[str, ...] = ()        # exceptions: a match of one of these that covers the hit silences it
    part: str | None = None             # only inside this mandated part
    correct: str | None = None          # the right form: when hits outnumber it, the slip is document-wide
                                        # and reported once, however few; else each hit is reported
    fix_unless: tuple[str, ...] = ()    # a hit one of these covers is reported, but its fix is not certain
    timeout: float = 0.5                # seconds per paragraph before the rule is given up for the file
    compiled: Any = field(default=None, compare=False, repr=False)
    exceptions: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    unsure: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    correct_re: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "pattern": {"type": "string", "minLength": 1, "description": "不应出现的正则表达式（regex 语法）"},
            "suggest": {"type": "string", "description": "建议写法的替换模板，可用 \\1、\\g<name>"},
            "unless": {"type": "array", "items": {"type": "string", "minLength": 1},
                       "description": "例外：命中处被其中任一表达式的匹配覆盖时不报"},
            "part": {"$ref": "#/$defs/part"},
            "correct": {"type": "string", "minLength": 1,
                        "description": "正确写法的正则：命中数（≥2）多于正确写法时视为全文性问题，只报一次"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
            "fix_unless": {"type": "array", "items": {"type": "string", "minLength": 1},
                           "description": "命中处被其中任一表达式的匹配覆盖时照常报告，但不自动修复（改法不确定）"},
        },
        "required": ["pattern"]}

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_user_regex(self.pattern, "pattern"))
        object.__setattr__(self, "unless", tuple(self.unless))
        object.__setattr__(self, "exceptions", tuple(compile_user_regex(u, "unless") for u in self.unless))
        object.__setattr__(self, "fix_unless", tuple(self.fix_unless))
        object.__setattr__(self, "unsure", tuple(compile_user_regex(u, "fix_unless") for u in self.fix_unless))
        if self.correct is not None:
            object.__setattr__(self, "correct_re", compile_user_regex(self.correct, "correct"))
        if self.part is not None:
            parse_part(self.part, "part")
        if self.suggest is not None:
            for ref in re.findall(r"\\(\d+)|\\g<(\w+)>", self.suggest):
                number, name = ref
                ok = (int(number) <= self.compiled.groups if number else
                      (name in self.compiled.groupindex or (name.isdigit() and int(name) <= self.compiled.groups)))
                if not ok:
                    raise ParamError("suggest", f"替换模板“{self.suggest}”引用了表达式中不存在的分组")


def _covered(exceptions: tuple[Any, ...], text: str, span: Span, start: int, end: int, timeout: float) -> bool:
    for exc in exceptions:
        for m in exc.finditer(text, span.start, span.end, timeout=timeout):
            if m.start() <= start and end <= m.end():
                return True
    return False


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    hits: list[tuple[Span, dict[str, Any], str | None, bool]] = []
    for span in candidates(p.compiled, p.pattern, doc.text, paragraph_spans(doc, outline, p.part), p.timeout):
        for m in p.compiled.finditer(doc.text, span.start, span.end, timeout=p.timeout):
            if m.start() == m.end():
                continue
            if p.exceptions and _covered(p.exceptions, doc.text, span, m.start(), m.end(), p.timeout):
                continue
            args = {k: v for k, v in m.groupdict().items() if v is not None}
            args["match"] = m.group()
            suggestion = m.expand(p.suggest) if p.suggest is not None else None
            sure = not (p.unsure and _covered(p.unsure, doc.text, span, m.start(), m.end(), p.timeout))
            hits.append((Span(m.start(), m.end()), args, suggestion, sure))
    # A pattern names one slip: its hits are the same slip (`slip`), merged by the engine when they repeat.
    if _systematic(doc, outline, p, len(hits)):
        span, args, suggestion, _ = hits[0]
        # every occurrence is fixed with the finding, but one `fix_unless` covers: it has no edit (None)
        occurrences = tuple((s, sug if sure else None) for s, _, sug, sure in hits)
        yield Finding(span, {**args, "count": len(hits), "occurrences": occurrences, "slip": ""}, suggestion)
        return
    for span, args, suggestion, sure in hits:
        extra = {"count": 1, "slip": ""} if sure else {"count": 1, "slip": "", "certain": False}
        yield Finding(span, {**args, **extra}, suggestion)


def _systematic(doc: Document, outline: Outline, p: Params, hits: int) -> bool:
    """Report once however few: (with `correct`) the slip outnumbers the right form in the document."""
    if p.correct_re is None or hits < 2:
        return False
    right = sum(1 for span in paragraph_spans(doc, outline, p.part)
                for _ in p.correct_re.finditer(doc.text, span.start, span.end, timeout=p.timeout))
    return hits > right
