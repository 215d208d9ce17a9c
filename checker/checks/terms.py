"""A list of wrong → right forms (standard formulations, document titles, known typos).

Each entry is a literal (``wrong``) or a regex (``regex``, the `regex` engine with a time limit) with its
``right`` form (a literal, or a template with \\1 / \\g<name> for a regex). An entry may require a
``context`` (a hit counts only inside a match of one of these) and carry exceptions (``unless``: a match
that covers the hit silences it). A hit that already reads as its right form — once the rule's ``fold``
characters are treated as equal — is left alone: a slip such as half-width brackets throughout a document
belongs to the rule that reports that slip, once. Entries are tried in order; a hit that overlaps a hit
of an earlier entry (even one that reads right) is dropped, so list the longer, more specific forms first.

An entry may be limited to the report years it applies to (``report_years: [2021, null]``: the 2015 纲要's goal
phrase is right in a 2016–2020 report). With the report year unknown, a limited entry stays quiet (see
engine.applies). An entry may carry its own ``id`` (a pack removes it by id), ``bad`` and ``good`` examples
(``fzlint rules test`` proves them, at a year inside the entry's range, and proves its bad example silent
outside it) and its ``source``.

Most entries of a long list occur nowhere in a report: one scan for the literal strings every match of an
entry contains (`_scan.probes`, all entries' at once: `_scan.ProbeSet`) rules them out, far cheaper than a
search per entry with a time limit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ..text.numerals import int_to_cn
from ._util import parse_part
from ._scan import ProbeSet, probes
from .pattern import compile_user_regex, paragraph_spans

ENTRY_KEYS = {"id", "wrong", "regex", "right", "context", "unless", "note", "suggest", "cn_numerals", "report_years",
              "bad", "good", "source"}
_DIGITS = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


@dataclass(frozen=True, slots=True)
class Entry:
    source: str                          # the literal or the regex, as written
    right: str                           # right form (template for a regex)
    note: str = ""
    suggest: bool = True                 # False: the right form is one of several, so no suggestion
    cn_numerals: bool = False            # write the suggestion's Arabic numbers as Chinese numerals
    literal: bool = True
    id: str = ""                         # stable name within the list (a pack removes an entry by it)
    years: tuple[int | None, int | None] | None = None   # the report years it applies to (None: all)
    bad: tuple[str, ...] = ()            # examples: where it fires …
    good: tuple[str, ...] = ()           # … and where it must not
    probes: tuple[str, ...] | None = field(default=None, compare=False, repr=False)
    context_src: tuple[str, ...] = ()    # the regexes as written; compiled on first use (`parts`)
    unless_src: tuple[str, ...] = ()
    n: int = 0                           # its place in the list, for messages
    _parts: list[Any] = field(default_factory=list, compare=False, repr=False)

    def parts(self) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]]:
        """(pattern, context, unless), compiled the first time an entry is needed: a report meets a handful of
        a list's entries, and compiling hundreds of regexes would be most of building the pack. A pack that is
        not built in is compiled whole when loaded (Params.validate), so its errors still stop the run there."""
        if not self._parts:
            where = f"entries[{self.n}]"
            compiled = compile_user_regex(re.escape(self.source) if self.literal else self.source, f"{where}.regex")
            if not self.literal:
                try:
                    _check_template(self.right, compiled)
                except ValueError:
                    raise ParamError("entries", f"第{self.n + 1}条的 right“{self.right}”引用了表达式中不存在的分组") \
                        from None
            self._parts.append((compiled,
                                tuple(compile_user_regex(c, f"{where}.context") for c in self.context_src),
                                tuple(compile_user_regex(u, f"{where}.unless") for u in self.unless_src)))
        return self._parts[0]

    @property
    def compiled(self) -> Any:
        return self.parts()[0]

    @property
    def context(self) -> tuple[Any, ...]:
        return self.parts()[1]

    @property
    def unless(self) -> tuple[Any, ...]:
        return self.parts()[2]

    def applies(self, year: int | None) -> bool:
        if self.years is None:
            return True
        first, last = self.years
        return year is not None and (first is None or year >= first) and (last is None or year <= last)

    def present(self, text: str, lo: int, hi: int) -> bool:
        """False when the entry certainly does not occur in text[lo:hi] (one of its probes is needed)."""
        return self.probes is None or any(text.find(s, lo, hi) != -1 for s in self.probes)


def parse_years(value: Any, field_name: str) -> tuple[int | None, int | None]:
    """``[first, last]`` (either may be null: open), or one year: the report years something applies to."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value, value]
    ok = (isinstance(value, (list, tuple)) and len(value) == 2
          and all(v is None or (isinstance(v, int) and not isinstance(v, bool) and 1949 <= v <= 2100) for v in value)
          and value != [None, None] and value != (None, None))
    if not ok or (value[0] is not None and value[1] is not None and value[0] > value[1]):
        raise ParamError(field_name, f"“{field_name}”应写作 [起始年, 截止年]（不限的一端写 null，如 [2021, null]），"
                                     f"起始年不晚于截止年")
    return value[0], value[1]


def _strings(value: Any, field_name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
        raise ParamError(field_name, f"“{field_name}”应是一个或一组非空的正则表达式")
    return tuple(value)


def build_entry(raw: Any, n: int) -> Entry:
    where = f"entries[{n}]"
    if not isinstance(raw, dict):
        raise ParamError("entries", f"第{n + 1}条应是一个映射（wrong 或 regex，加上 right）")
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise ParamError("entries", f"第{n + 1}条有未知字段：{', '.join(sorted(unknown))}")
    if ("wrong" in raw) == ("regex" in raw):
        raise ParamError("entries", f"第{n + 1}条应写 wrong（字面）或 regex（正则）之一")
    right = raw.get("right")
    if not isinstance(right, str) or not right:
        raise ParamError("entries", f"第{n + 1}条缺少 right（正确写法）")
    literal = "wrong" in raw
    source = raw["wrong"] if literal else raw["regex"]
    if not isinstance(source, str) or not source:
        raise ParamError("entries", f"第{n + 1}条的 {'wrong' if literal else 'regex'} 不能为空")
    if literal and right == source:
        raise ParamError("entries", f"第{n + 1}条的错误写法与正确写法相同：“{source}”")
    years = parse_years(raw["report_years"], f"{where}.report_years") if "report_years" in raw else None
    return Entry(
        source=source, right=right, note=str(raw.get("note", "")), suggest=bool(raw.get("suggest", True)),
        cn_numerals=bool(raw.get("cn_numerals", False)), literal=literal, n=n,
        id=str(raw.get("id", "")), years=years, bad=_examples(raw.get("bad"), n, "bad"),
        good=_examples(raw.get("good"), n, "good"), probes=(source,) if literal else probes(source),
        context_src=_strings(raw.get("context", []), "context"),
        unless_src=_strings(raw.get("unless", []), "unless"))


def _examples(value: Any, n: int, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
        raise ParamError("entries", f"第{n + 1}条的 {name} 应是一个或一组例句")
    return tuple(value)


def _check_template(template: str, compiled: Any) -> None:
    for number, name in re.findall(r"\\(\d+)|\\g<(\w+)>", template):
        ok = (int(number) <= compiled.groups if number else
              (name in compiled.groupindex or (name.isdigit() and int(name) <= compiled.groups)))
        if not ok:
            raise ValueError(template)


ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "wrong": {"type": "string", "minLength": 1, "description": "错误写法（字面）"},
        "regex": {"type": "string", "minLength": 1, "description": "错误写法（正则，regex 语法）"},
        "right": {"type": "string", "minLength": 1,
                  "description": "正确写法；regex 条目可用 \\1、\\g<name> 引用分组"},
        "context": {"type": "array", "items": {"type": "string", "minLength": 1},
                    "description": "语境：只有被其中任一表达式的匹配覆盖时才报"},
        "unless": {"type": "array", "items": {"type": "string", "minLength": 1},
                   "description": "例外：被其中任一表达式的匹配覆盖时不报"},
        "note": {"type": "string", "description": "附加说明，消息中用 {note}"},
        "suggest": {"type": "boolean", "description": "false：正确写法不唯一，不给替换建议"},
        "cn_numerals": {"type": "boolean", "description": "建议中的阿拉伯数字改写为汉字数字（如 20届→二十届）"},
        "id": {"type": "string", "minLength": 1, "description": "条目编号（在本规则内唯一；规则包可按它 remove_entries）"},
        "report_years": {"$ref": "#/$defs/years"},
        "bad": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string"}}],
                "description": "会报出的例句（fzlint rules test 验证）"},
        "good": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string"}}],
                 "description": "不应报出的例句（fzlint rules test 验证）"},
        "source": {"type": "string", "description": "出处"},
    },
    "required": ["right"],
}


@dataclass(frozen=True, slots=True)
class Params:
    entries: tuple[Any, ...]
    part: str | None = None             # only inside this mandated part
    fold: str = ""                      # pairs of characters treated as equal: "(（)）" — (≡（, )≡）
    timeout: float = 0.5
    built: tuple[Entry, ...] = field(default=(), compare=False, repr=False)
    folding: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    probe_set: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "entries": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/entry"},
                        "description": "错误写法 → 正确写法的列表"},
            "part": {"$ref": "#/$defs/part"},
            "fold": {"type": "string", "description": "成对的字符，比较时视为相同（如 \"(（)）\"）：只差这些字符的不报，交由报告该问题的规则"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
        },
        "required": ["entries"]}

    def __post_init__(self) -> None:
        if not self.entries:
            raise ParamError("entries", "列表为空，这条规则永远不会触发")
        object.__setattr__(self, "built", tuple(build_entry(e, n) for n, e in enumerate(self.entries)))
        object.__setattr__(self, "entries", tuple(self.entries))
        object.__setattr__(self, "probe_set", ProbeSet(e.probes for e in self.built))
        ids = [e.id for e in self.built if e.id]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ParamError("entries", f"条目编号重复：{', '.join(dup)}")
        if self.part is not None:
            parse_part(self.part, "part")
        if len(self.fold) % 2:
            raise ParamError("fold", f"“{self.fold}”应由成对的字符组成（如 \"(（)）\"）")
        object.__setattr__(self, "folding", {ord(a): ord(b) for a, b in zip(self.fold[::2], self.fold[1::2])})

    def validate(self) -> None:
        """Compile every entry now: a pack that is not built in is checked whole when it is loaded, so a regex
        that cannot work stops the run there (the built-in lists are compiled by the tests)."""
        for entry in self.built:
            entry.parts()


def _covered(patterns: tuple[Any, ...], text: str, span: Span, start: int, end: int, timeout: float) -> bool:
    for pat in patterns:
        for m in pat.finditer(text, span.start, span.end, overlapped=True, timeout=timeout):
            if m.start() <= start and end <= m.end():
                return True
            if m.start() > start:
                break
    return False


def cn_numerals(s: str) -> str:
    """20届4中全会 → 二十届四中全会 (numbers 1–99)."""
    return _DIGITS.sub(lambda m: int_to_cn(int(m.group())) if int(m.group()) else m.group(), s)


def _right(entry: Entry, m: Any) -> str:
    right = entry.right if entry.literal else m.expand(entry.right)
    return cn_numerals(right) if entry.cn_numerals else right


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    text = doc.text
    spans = paragraph_spans(doc, outline, p.part)
    if not spans:
        return
    lo, hi = min(s.start for s in spans), max(s.end for s in spans)
    year = outline.report_year
    # most entries occur nowhere: one scan for every entry's probes (ProbeSet) rules them out, and one search
    # over the whole range spares a search per paragraph; a literal entry found by its probe needs no search
    maybe = p.probe_set.present(text, lo, hi)
    live = [e for k, e in enumerate(p.built) if k in maybe and e.applies(year)
            and (e.literal or e.compiled.search(text, lo, hi, timeout=p.timeout))]
    for span in spans if live else ():
        taken: list[tuple[int, int]] = []   # earlier entries win: a later entry's overlapping hit is dropped
        found: list[Finding] = []
        for entry in live:
            for m in entry.compiled.finditer(text, span.start, span.end, timeout=p.timeout):
                start, end = m.span()
                if start == end or any(a < end and start < b for a, b in taken):
                    continue
                if entry.context and not _covered(entry.context, text, span, start, end, p.timeout):
                    continue
                if entry.unless and _covered(entry.unless, text, span, start, end, p.timeout):
                    continue
                taken.append((start, end))
                right = _right(entry, m)
                hit = m.group()
                if right == hit or (p.folding and right.translate(p.folding) == hit.translate(p.folding)):
                    continue
                found.append(Finding(Span(start, end), {"wrong": hit, "right": right, "note": entry.note,
                                                        "entry": entry.id},
                                     right if entry.suggest else None))
        found.sort(key=lambda f: f.span.start if f.span else -1)
        yield from found
