"""The years the body names agree with the reporting year (督察工作规定: 报告上一年度情况、下一年度安排).

Aspects:
- ``headings``: a part heading (top level) that opens with a year: about the reporting year (成效, 不足,
  第一责任人 …) it names the reporting year; about the plan (安排, 计划, 思路 …) it names the next year.
- ``lead``: the opening "2025年，" and the transition "现将…2025年度…报告如下" name the reporting year.
- ``reported``: in the parts about the reporting year, a later year is not written as the year reported on
  ("2026年，我局…" in a 2024 report); plans, targets and deadlines ("到2027年", "2026年底前") are left alone.
- ``plan``: in the plan part, a plan statement ("2025年，我镇将…") does not name the reporting year or earlier.

The reporting year is the outline's, inferred once from title, opening, body and 成文日期 (checker.outline.year).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Part, Rule, Span
from ._util import check_aspect, parse_part
from .pattern import compile_user_regex, paragraph_spans

ASPECTS = ("headings", "lead", "reported", "plan")
# A year token: not the second end of a range ("2021—2025年", "2021年至2025年"), not inside 《》 or “”.
TOKEN_RE = re.compile(r"(?<![\d\-—–－～~至到])(20\d\d)\s*年(度)?")
RANGE_START_RE = re.compile(r"\s*[\-—–－～~至到]\s*20\d\d")
CLAUSE_START = set("。；;！？!?，,：:")
SENTENCE_END_RE = re.compile(r"[。；;！？!?\n]")
TIMEOUT = 0.5       # seconds per call of a user pattern
PAIRS = (("《", "》"), ("“", "”"))
# what each aspect needs from the YAML
NEEDS = {"headings": ("report_heading", "plan_heading"), "lead": ("patterns", "opening"),
         "reported": ("parts", "claim", "plan_words"), "plan": ("claim",)}


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    report_heading: str | None = None      # headings: a heading about the reporting year
    plan_heading: str | None = None        # headings: a heading about the next year
    exempt_after: str | None = None        # headings: after "YYYY年" the year is a deadline or a period (以来, 底前)
    patterns: tuple[str, ...] = ()         # lead: regexes with a (?P<year>…) group; any other year is a slip
    opening: str | None = None             # lead: the opening "2025年，" — an earlier year only when the
                                           # opening never names the reporting year (else it is background)
    parts: tuple[str, ...] = ()            # reported: the parts that speak of the reporting year
    claim: str | None = None               # reported/plan: what follows "YYYY年" when it is the year spoken of
    plan_words: str | None = None          # reported: a clause with these is a plan or target, not a slip
    compiled: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS)},
            "report_heading": {"type": "string", "minLength": 1,
                               "description": "标题中出现即表示该节写报告年度情况的正则（成效、不足、第一责任人等）"},
            "plan_heading": {"type": "string", "minLength": 1,
                             "description": "标题中出现即表示该节写下一年度安排的正则（安排、计划、思路等）"},
            "exempt_after": {"type": "string", "minLength": 1,
                             "description": "紧跟“××××年（度）”之后、表示期限或起点而非所写年度的正则（以来、底前等；"
                                            "从年份之后开始匹配，不写 ^）"},
            "patterns": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                         "description": "开头段中写报告年度的句式（如“现将…报告如下”），须含 (?P<year>…) 分组"},
            "opening": {"type": "string", "minLength": 1,
                        "description": "开头段段首的年份（如“2025年，”），须含 (?P<year>…) 分组；写成更早年份时，"
                                       "仅在开头段别处也没写报告年度时才报（否则视为背景介绍）"},
            "parts": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/part"},
                      "description": "写报告年度情况的部分"},
            "claim": {"type": "string", "minLength": 1,
                      "description": "紧跟“××××年（度）”之后、表明这是所写年度的正则（从年份之后开始匹配，不写 ^）"},
            "plan_words": {"type": "string", "minLength": 1,
                           "description": "同一分句中出现即视为计划、目标或期限而不报的正则"},
        },
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        object.__setattr__(self, "patterns", tuple(self.patterns))
        object.__setattr__(self, "parts", tuple(parse_part(p, "parts").value for p in self.parts))
        for name in NEEDS[self.aspect]:
            if not getattr(self, name):
                raise ParamError(name, f"检查项“{self.aspect}”需要参数 {name}")
        compiled: dict[str, Any] = {}
        for name in ("report_heading", "plan_heading", "exempt_after", "claim", "plan_words",
                     "opening"):
            value = getattr(self, name)
            if value:
                if name in ("claim", "exempt_after") and value.startswith("^"):
                    raise ParamError(name, f"“{value}”从年份之后开始匹配，不要以 ^ 开头（^ 只在全文开头匹配）")
                compiled[name] = compile_user_regex(value, name)
        lead = tuple(compile_user_regex(p, "patterns") for p in self.patterns)
        for name, rx in [("patterns", rx) for rx in lead] + [("opening", compiled.get("opening"))]:
            if rx is not None and "year" not in rx.groupindex:
                raise ParamError(name, f"表达式“{rx.pattern}”没有 (?P<year>…) 分组，无法取出年份")
        compiled["patterns"] = lead
        object.__setattr__(self, "compiled", compiled)


# ---- the reporting year ------------------------------------------------------------------------------


def reporting_year(doc: Document, outline: Outline) -> int | None:
    """The year the report is about: the outline infers it once, from title, opening, body and 成文日期."""
    return outline.report_year


# ---- year tokens --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    year: int
    span: Span          # the four digits
    after: int          # offset just after "年" / "年度"
    clause_start: bool  # at the start of a paragraph or clause


def _tokens(text: str, span: Span) -> Iterator[_Token]:
    for m in TOKEN_RE.finditer(text, span.start, span.end):
        if RANGE_START_RE.match(text, m.end(), span.end):
            continue                 # "2021年至2025年": a range, not a year spoken of
        if _inside_pair(text, span.start, m.start()):
            continue                 # 《2024年湛江市优化营商环境行动方案》, “2024年度示范单位”
        k = m.start() - 1
        while k >= span.start and text[k].isspace():
            k -= 1
        clause_start = k < span.start or text[k] in CLAUSE_START
        yield _Token(int(m.group(1)), Span(m.start(1), m.end(1)), m.end(), clause_start)


def _inside_pair(text: str, start: int, pos: int) -> bool:
    for left, right in PAIRS:
        opened = text.rfind(left, start, pos)
        if opened != -1 and text.find(right, opened, pos) == -1:
            return True
    return False


def _clause_after(text: str, pos: int, limit: int) -> str:
    m = SENTENCE_END_RE.search(text, pos, limit)
    return text[pos:m.start() if m else limit]


# ---- the aspects --------------------------------------------------------------------------------------


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    ref = reporting_year(doc, outline)
    if ref is None:
        return
    aspect = rule.params.aspect
    if aspect == "headings":
        yield from _check_headings(doc, outline, rule.params, ref)
    elif aspect == "lead":
        yield from _check_lead(doc, outline, rule.params, ref)
    elif aspect == "reported":
        yield from _check_reported(doc, outline, rule.params, ref)
    else:
        yield from _check_plan(doc, outline, rule.params, ref)


def _check_headings(doc: Document, outline: Outline, p: Params, ref: int) -> Iterator[Finding]:
    """The part headings (the top level) that open with a year: "四、2026年工作安排"."""
    rx = p.compiled
    for section in outline.sections:
        h = section.heading
        start = h.span.end - len(h.title)
        m = TOKEN_RE.match(doc.text, start, h.span.end)
        if m is None or RANGE_START_RE.match(doc.text, m.end(), h.span.end):
            continue
        if "exempt_after" in rx and rx["exempt_after"].match(doc.text, m.end(), h.span.end, timeout=TIMEOUT):
            continue     # "2021年以来", "2026年底前": a starting point or a deadline
        expected = set()
        if rx["plan_heading"].search(h.title, timeout=TIMEOUT):
            expected.add(ref + 1)
        if rx["report_heading"].search(h.title, timeout=TIMEOUT):
            expected.add(ref)
        year = int(m.group(1))
        if not expected or year in expected:
            continue
        role = "下一年度安排" if expected == {ref + 1} else "报告年度情况"
        want = "或".join(f"{y}年" for y in sorted(expected))
        suggestion = str(min(expected)) if len(expected) == 1 else None
        yield Finding(Span(m.start(1), m.end(1)),
                      {"heading": doc.text[h.span.start:h.span.end], "year": year, "expected": want,
                       "role": role, "report_year": ref},
                      suggestion, section.parts[0] if section.parts else None)


def intro_spans(doc: Document, outline: Outline) -> list[Span]:
    """The opening paragraphs: between the title and the first heading (the addressee, the opening and the
    transition sentence); in a report without headings, the first two paragraphs after the title."""
    title_end = outline.title.end if outline.title else outline.body.start
    spans = [s for s in paragraph_spans(doc, outline) if s.start >= title_end]
    if not outline.sections:
        return spans[:2]
    first = outline.sections[0].heading.span.start
    return [s for s in spans if s.end <= first]


def _check_lead(doc: Document, outline: Outline, p: Params, ref: int) -> Iterator[Finding]:
    spans = intro_spans(doc, outline)
    names_ref = any(t.year == ref for s in spans for t in _tokens(doc.text, s))
    hits: list[tuple[Any, bool]] = []
    for span in spans:
        for rx in p.compiled["patterns"]:
            hits.extend((m, True) for m in rx.finditer(doc.text, span.start, span.end, timeout=TIMEOUT))
        hits.extend((m, False) for m in p.compiled["opening"].finditer(doc.text, span.start, span.end,
                                                                       timeout=TIMEOUT))
    for m, always in hits:
        year = m.group("year")
        if year is None or int(year) == ref:
            continue
        if not always and int(year) < ref and names_ref:
            continue     # "2024年，我县被命名为…。2025年，…": background before the year reported on
        yield Finding(Span(m.start("year"), m.end("year")),
                      {"year": int(year), "report_year": ref, "sentence": m.group().strip()}, str(ref))


def _part_paragraphs(doc: Document, outline: Outline, parts: tuple[str, ...]) -> list[tuple[Span, Part]]:
    seen: set[int] = set()
    out: list[tuple[Span, Part]] = []
    for key in parts:
        for span in paragraph_spans(doc, outline, key):
            if span.start not in seen:
                seen.add(span.start)
                out.append((span, Part(key)))
    return out


def _body_tokens(doc: Document, outline: Outline, parts: tuple[str, ...]) -> Iterator[tuple[_Token, Span, Part]]:
    """Year tokens in the parts' paragraphs, headings left out (the headings aspect reads those)."""
    inside = _heading_index(outline)
    for span, part in _part_paragraphs(doc, outline, parts):
        for tok in _tokens(doc.text, span):
            if not inside(tok.span):
                yield tok, span, part


def _heading_index(outline: Outline) -> Callable[[Span], bool]:
    """Whether a span lies inside a heading: a binary search over the headings (one line each, so they do not
    overlap), not a scan of all of them for every year in the body."""
    headings = sorted((h.span for h in outline.headings()), key=lambda s: (s.start, s.end))
    starts = [h.start for h in headings]
    if any(a.end > b.start for a, b in zip(headings, headings[1:])):     # never from the outline; stay exact
        return lambda span: any(h.contains(span) for h in headings)

    def inside(span: Span) -> bool:
        i = bisect_right(starts, span.start) - 1
        return i >= 0 and headings[i].contains(span)
    return inside


def _check_reported(doc: Document, outline: Outline, p: Params, ref: int) -> Iterator[Finding]:
    claim, plan = p.compiled["claim"], p.compiled["plan_words"]
    for tok, span, part in _body_tokens(doc, outline, p.parts):
        if tok.year <= ref or not tok.clause_start:
            continue
        if not claim.match(doc.text, tok.after, span.end, timeout=TIMEOUT):
            continue
        if plan.search(_clause_after(doc.text, tok.after, span.end), timeout=TIMEOUT):
            continue
        yield Finding(tok.span, {"year": tok.year, "report_year": ref, "part_name": part.zh}, None, part)


def _check_plan(doc: Document, outline: Outline, p: Params, ref: int) -> Iterator[Finding]:
    claim = p.compiled["claim"]
    for tok, span, part in _body_tokens(doc, outline, (Part.NEXT_YEAR.value,)):
        if tok.year <= ref and tok.clause_start and claim.match(doc.text, tok.after, span.end, timeout=TIMEOUT):
            yield Finding(tok.span, {"year": tok.year, "report_year": ref, "next_year": ref + 1},
                          str(ref + 1), part)
