"""One indicator, one value: the same count told twice in a report with two different values.

An indicator is a counting verb, the thing counted and its unit, as in "收到行政复议申请347件" or, the other way
round, "收到的374件行政复议申请"; the thing counted must be a specific noun (at least ``min_noun`` characters:
行政复议申请, not 案件). Two mentions are the same indicator only when they also have the same subject: the words
before the verb in their clause, once the words for the reporting year (全年, 2025年 …) are set aside (区政府 and
区政府 are the same, 区政府 and 各街道 are not). A mention is left out when its clause speaks of another period or a
part (上年, 累计, 以来, 同期, 1—6月, 其中 …), when it is approximate, in the plan for next year, or in a table.

An indicator needs no counting verb when a distinctive noun phrase names it: "市政府常务会议会前学法12次" and, in
another paragraph, "组织市政府常务会议会前学法14次". The phrase is the clause before the count, after a leading
verb of doing (组织, 开展, 召开 …: ``lead_verbs``) and the words for the reporting year; what stands before that
verb is its subject, which must be the same. It counts only when it is at least ``min_noun`` characters, not made
of general words alone (``generic``: 法治宣传活动, 专题培训 say nothing of which), written in the whole report at
most once more than it is counted (a phrase the report uses all over is no one indicator), with no counting verb
in its clause (those go the first way), and when nothing earlier in the sentence frames it (宪法宣传周期间: ``frames``;
各乡镇…: ``subjects``, unless the phrase names its own organ, as 市政府常务会议 does). The two mentions must stand in different paragraphs.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Part, Rule, Span
from ..text.quantities import CLAUSE_MARKS, Quantity, QuantityReader, fmt_number, sentence_bounds

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_YEAR = re.compile(r"((?:19|20)\d\d)年(?:度)?")
_TRAILING = ("共计", "合计", "达到", "共", "达", "为", "计", "了")  # between a phrase and its count (会前学法共12次)
_NOT_NOUN_END = ("有", "包括", "涉及", "是", "到", "至")
_FULL_STOPS = "。！？!?\n"
_MONTH = re.compile(r"\d{1,2}\s*[—\-－–～~至到]?\s*\d{0,2}\s*月")


@dataclass(frozen=True, slots=True)
class Mention:
    verb: str
    noun: str
    unit: str
    subject: str
    q: Quantity
    paragraph: int
    context: Span           # the verb, the noun and the count, as written


@dataclass(frozen=True, slots=True)
class Params:
    units: tuple[str, ...] = ()
    same_units: tuple[tuple[str, ...], ...] = ()
    approximate_before: tuple[str, ...] = ()
    approximate_after: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    other_period: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    lead_verbs: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()
    min_noun: int = 4
    reader: Any = field(default=None, compare=False, repr=False)
    unit_class: Any = field(default=None, compare=False, repr=False)
    verb_re: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "units": {**_WORDS, "description": "计数单位（量词）"},
            "same_units": {"type": "array", "items": {**_WORDS, "minItems": 2},
                           "description": "计同一种东西的单位（如 件、起、宗）"},
            "approximate_before": {**_WORDS, "description": "数字前表示概数的词：概数不比较"},
            "approximate_after": {**_WORDS, "description": "数字后表示概数的词：概数不比较"},
            "verbs": {**_WORDS, "description": "计数的动词（收到、受理、审结…）：指标＝动词＋计数的名词＋单位"},
            "fillers": {**_WORDS, "description": "动词与名词之间可以略去的词（的、了、各类…）"},
            "neutral": {**_WORDS, "description": "主语中表示报告年度、可以略去的词（全年、年内、共…）"},
            "other_period": {**_WORDS, "description": "分句中有这些词说明说的是别的时期或其中一部分（上年、累计、以来、其中…），不比较"},
            "subjects": {**_WORDS, "description": "机关、地方的字词（镇、局、中心…）：分句没有主语而同句前文有这些字词时，"
                         "主语说不准，不比较"},
            "lead_verbs": {**_WORDS, "description": "没有计数动词时，名词短语前可以略去的做事动词（组织、开展、召开…）；"
                           "它前面的词是主语"},
            "generic": {**_WORDS, "description": "泛泛的词（活动、宣传、培训…）：名词短语全由它们组成时说不清是哪个指标，不比较"},
            "frames": {**_WORDS, "description": "同句前文或名词短语本身有这些词（期间、各乡镇、每年、新增…）说明说的是其中一段、"
                       "一部分或增量，不比较"},
            "min_noun": {"type": "integer", "minimum": 2, "maximum": 12,
                         "description": "计数的名词至少几个字（默认 4：行政复议申请算，案件不算）"},
        },
        "required": ["units", "verbs"]}

    def __post_init__(self) -> None:
        for name in ("units", "approximate_before", "approximate_after", "verbs", "fillers", "neutral",
                     "other_period", "subjects", "lead_verbs", "generic", "frames"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name in ("units", "verbs"):
            if not getattr(self, name):
                raise ParamError(name, f"{name} 不能为空，否则这条规则永远不会触发")
        if not 2 <= self.min_noun <= 12:
            raise ParamError("min_noun", f"min_noun 应在 2 到 12 之间，现在是 {self.min_noun}")
        object.__setattr__(self, "same_units", tuple(tuple(g) for g in self.same_units))
        object.__setattr__(self, "reader", QuantityReader(self.units, self.approximate_before,
                                                          self.approximate_after))
        object.__setattr__(self, "unit_class", {u: g[0] for g in self.same_units for u in g})
        verbs = "|".join(re.escape(v) for v in sorted(set(self.verbs), key=len, reverse=True))
        object.__setattr__(self, "verb_re", re.compile(verbs))


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    seen: dict[tuple[str, str, str, str], Mention] = {}
    for m in _mentions(doc, outline, p):
        key = (m.verb, m.noun, p.unit_class.get(m.unit, m.unit), m.subject)
        first = seen.setdefault(key, m)
        if first is m or first.q.value == m.q.value:
            continue
        if _same_sentence(doc.text, first.q, m.q) or (not m.verb and first.paragraph == m.paragraph):
            continue
        text = doc.text
        where = doc.paragraphs[first.paragraph].source or f"第{doc.paragraphs[first.paragraph].line}行"
        diff = abs(m.q.value - first.q.value)
        yield Finding(Span(m.q.start, m.q.end), {
            "indicator": f"{m.verb}{m.noun}", "value": text[m.q.start:m.q.end],
            "other": text[first.q.start:first.q.end], "where": where,
            "context": text[first.context.start:first.context.end],
            "difference": fmt_number(diff, max(m.q.decimals, first.q.decimals)) + m.unit})


def _same_sentence(text: str, a: Quantity, b: Quantity) -> bool:
    s0, s1 = sentence_bounds(text, a.start, 0, len(text))
    return s0 <= b.start < s1


def _plan_spans(outline: Outline) -> tuple[Span, ...]:
    return outline.part_spans(Part.NEXT_YEAR)


def _mentions(doc: Document, outline: Outline, p: Params) -> Iterator[Mention]:
    text = doc.text
    plan = _plan_spans(outline)
    cells = sorted((c.span.start, c.span.end) for t in doc.meta.get("tables", ()) for c in t.cells)
    candidates: list[tuple[Quantity, int, str]] = []      # shape B counts: (quantity, paragraph, words before)
    phrases: list[Mention] = []                           # counts named by a noun phrase alone
    nouns: set[str] = set()
    for i in outline.paragraphs:
        para = doc.paragraphs[i]
        span = para.span
        if _in_cell(cells, span.start) or any(s.start <= span.start < s.end for s in plan):
            continue
        for q in p.reader.read(text, span.start, span.end):
            if q.unit == "%" or q.approximate:
                continue
            words = _clause_before(text, q, span.start)
            if _other_period(text, q, words, span, p, outline.report_year):
                continue
            m = _after_verb(words, p)
            if m is not None:
                verb, noun, subject = m
                nouns.add(noun)
                at = q.start - len(words) + len(subject)
                who = _subject(subject, p, outline.report_year)
                if who or not _someone_before(text, at - len(subject), span, p):
                    yield Mention(verb, noun, q.unit, who, q, i, Span(at, q.end))
            elif words.endswith("的"):
                candidates.append((q, i, words))
            elif p.lead_verbs and not p.verb_re.search(words):
                named = _phrase(words, p, outline.report_year)
                clause = q.start - len(words)
                if named is not None and not _framed(text, clause, span, p, outline.report_year):
                    phrase, at, who = named
                    if any(w in phrase for w in p.subjects):
                        who = ""    # 市长组织市政府常务会议会前学法: the organ is named in the phrase, the doer aside
                    elif not who and _someone_before(text, clause, span, p):
                        continue
                    phrases.append(Mention("", phrase, q.unit, who, q, i, Span(clause + at, q.end)))
    body = outline.body
    counted: dict[str, int] = {}
    for pm in phrases:
        counted[pm.noun] = counted.get(pm.noun, 0) + 1
    for pm in phrases:      # a phrase written all over the report names no one indicator
        if text.count(pm.noun, body.start, body.end) <= counted[pm.noun] + 1:
            yield pm
    for q, i, words in candidates:       # 收到的374件行政复议申请: the noun comes after the count
        vm = _last_verb(words[:-1], p)
        if vm is None or vm.end() != len(words) - 1:
            continue
        after = text[q.end:q.end + 16]
        found = max((n for n in nouns if after.startswith(n)), key=len, default=None)
        at = q.start - len(words) + vm.start()
        who = _subject(words[:vm.start()], p, outline.report_year)
        if found is not None and (who or not _someone_before(text, q.start - len(words), doc.paragraphs[i].span, p)):
            yield Mention(vm.group(), found, q.unit, who, q, i, Span(at, q.end + len(found)))


def _phrase(words: str, p: Params, year: int | None) -> tuple[str, int, str] | None:
    """(phrase, where it starts in ``words``, subject) of a count named by a noun phrase: "组织市政府常务会议会前学法"
    → 市政府常务会议会前学法, no subject."""
    end = len(words)
    while True:
        tail = next((w for w in _TRAILING if words.endswith(w, 0, end)), None)
        if tail is None:
            break
        end -= len(tail)
    start, subject = 0, ""
    for v in p.lead_verbs:
        k = words.rfind(v, 0, end)
        if k >= 0 and k + len(v) > start:
            start, subject = k + len(v), words[:k]
    changed = True
    while changed:
        changed = False
        for w in p.fillers + p.neutral:
            if words.startswith(w, start, end):
                start, changed = start + len(w), True
    phrase = words[start:end]
    if (len(phrase) < p.min_noun or not _HAN_RUN.fullmatch(phrase) or _generic(phrase, p)
            or phrase.endswith(_NOT_NOUN_END) or any(w in phrase for w in p.frames)):
        return None         # 全市先后有156家, 每年增加10000台: no noun phrase, or not a level of the year
    return phrase, start, _subject(subject, p, year)


def _generic(phrase: str, p: Params) -> bool:
    """法治宣传活动, 专题培训: made of general words alone (at most one character left over)."""
    rest = phrase
    for w in sorted(p.generic, key=len, reverse=True):
        rest = rest.replace(w, "")
    return len(rest) < 2


def _framed(text: str, clause: int, span: Span, p: Params, year: int | None) -> bool:
    """Does the sentence set a frame before the clause (宪法宣传周期间，开展…; 截至11月末，…；…)? Read back to the
    full stop, past any ；: a phrase has no verb to anchor it, so the whole sentence must leave it unqualified."""
    s0 = clause
    while s0 > span.start and text[s0 - 1] not in _FULL_STOPS:
        s0 -= 1
    head = text[s0:clause]
    if any(w in head for w in p.frames + p.other_period) or _MONTH.search(head):
        return True
    return any(year is None or int(y) != year for y in _YEAR.findall(head))


def _in_cell(cells: list[tuple[int, int]], at: int) -> bool:
    i = bisect.bisect_right(cells, (at, 1 << 62)) - 1
    return i >= 0 and cells[i][0] <= at <= cells[i][1]


def _clause_before(text: str, q: Quantity, floor: int) -> str:
    s = q.start
    while s > floor and text[s - 1] not in CLAUSE_MARKS.replace("、", ""):
        s -= 1
    return text[s:q.start]


def _other_period(text: str, q: Quantity, words: str, span: Span, p: Params, year: int | None) -> bool:
    """Does the clause (or the sentence up to the count) speak of another period, or of a part?"""
    s0, _ = sentence_bounds(text, q.start, span.start, q.start)
    head = text[s0:q.start]
    if any(w in head for w in p.other_period) or _MONTH.search(head):
        return True
    return any(year is None or int(y) != year for y in _YEAR.findall(head))


def _someone_before(text: str, clause_start: int, span: Span, p: Params) -> bool:
    """Does the sentence name an organ or a place before the clause (各乡镇积极化解，受理……)?"""
    s0, _ = sentence_bounds(text, clause_start, span.start, clause_start)
    return any(w in text[s0:clause_start] for w in p.subjects)


def _last_verb(words: str, p: Params) -> re.Match[str] | None:
    last = None
    for m in p.verb_re.finditer(words):
        last = m
    return last


def _after_verb(words: str, p: Params) -> tuple[str, str, str] | None:
    """(verb, noun, subject) of "…区政府全年收到行政复议申请": the last verb followed by a noun only."""
    m = _last_verb(words, p)
    if m is None:
        return None
    noun = words[m.end():]
    changed = True
    while changed:
        changed = False
        for f in p.fillers:
            if noun.startswith(f):
                noun, changed = noun[len(f):], True
    if len(noun) < p.min_noun or not _HAN_RUN.fullmatch(noun):
        return None
    return m.group(), noun, words[:m.start()]


def _subject(words: str, p: Params, year: int | None) -> str:
    s = _YEAR.sub("", words) if year is not None else words
    for w in sorted(p.neutral, key=len, reverse=True):
        s = s.replace(w, "")
    return "".join(_HAN_RUN.findall(s))
