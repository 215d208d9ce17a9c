"""Suspected slips that no list can hold: a character lost inside a word, a character cut off from its
partner, 的 where 地 belongs, a mistyped idiom, two clauses run together.

One kind, five detectors (``detector:``); each rule switches one on and gives it its thresholds, word lists and
an ``allow:`` list (current report vocabulary a hit must not touch). Every detector needs a trigger and a second,
independent piece of evidence to agree, and its findings say 疑似 and show that evidence; none is fixed
automatically. Segmentation (rjieba) and the tables (checker/data/slips.json.gz) load on the first document
that reaches such a rule, once per process."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ...errors import ParamError
from ...model import Document, Finding, Outline, Rule, Span
from ..pattern import paragraph_spans
from . import dedi, idiom, lost, runon

NEEDS = ("words",)
DETECTORS = ("doc-repeat", "dangling", "de-di", "idiom", "run-on")
RUN_ON_ASPECTS = ("repeat", "purpose", "join")
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_LISTS = {  # detector → the word lists it cannot work without
    "de-di": ("adverbs", "verbs"),
    "run-on": (),
}


def _words(description: str) -> dict[str, Any]:
    return {**_WORDS, "description": description}


@dataclass(frozen=True, slots=True)
class Params:
    detector: str
    allow: tuple[str, ...] = ()           # a hit that one of these words covers or touches is not reported
    max_alone: int = 100                  # ‰: a character counts as rarely alone at or below this share
    min_pair: int = 300                   # the two-character word it belongs to: at least this frequency
    min_length: int = 4                   # doc-repeat: the completed string has at least this many characters
    min_repeats: int = 2                  # doc-repeat: the completed string is written at least this often elsewhere
    max_alone_bare: int = 0               # dangling: without a dictionary phrase, the character's share alone (‰)
    min_begin: float = 0.85               # dangling: without a phrase, the character begins most of its words
    affixes: str = ""                     # doc-repeat, dangling: characters that attach productively (化, 性):
                                          #   never taken for a lone character
    adverbs: tuple[str, ...] = ()         # de-di: manner adverbials; run-on repeat: the adverbs leading a predicate
    verbs: tuple[str, ...] = ()           # de-di: verbs taking an object; run-on repeat: the predicates
    heads: tuple[str, ...] = ()           # de-di: nouns that make 的 + verb + noun a noun phrase
    min_idiom: int = 20                   # idiom: idioms at least this frequent (jieba's counts)
    known_ratio: float = 0.1              # idiom: a listed word at least this share of the idiom's frequency is
    min_known: int = 20                   #   a word of its own (and at least min_known), not a slip
    aspects: tuple[str, ...] = RUN_ON_ASPECTS
    min_gap: int = 4                      # run-on repeat: characters at least between the two predicates
    opener: str = "为"                    # run-on purpose
    purpose_verbs: tuple[str, ...] = ()
    governors: tuple[str, ...] = ()       # run-on join: studying verbs
    objects: tuple[str, ...] = ()         #   the nouns ending their object
    openers: tuple[str, ...] = ()         #   words that open a new predicate
    blockers: tuple[str, ...] = ()        #   words after which the object is governed otherwise (以…, 用…)
    sets: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    compounds: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "detector": {"enum": list(DETECTORS), "description": "哪一个检测器：doc-repeat（同文对照漏字）、dangling"
                         "（词语断在标点前）、de-di（“的”“地”误用）、idiom（成语误写）、run-on（两个分句连写）"},
            "allow": _words("不报的词语：命中处与其中任一词重叠时不报（如述法、办复、首违不罚、放管服）"),
            "max_alone": {"type": "integer", "minimum": 0, "maximum": 1000,
                          "description": "单字成词的比例（‰）不超过此值的字才算“很少单独成词”"},
            "min_pair": {"type": "integer", "minimum": 1, "description": "该字所属双字词的最低词频"},
            "min_length": {"type": "integer", "minimum": 3, "maximum": 12,
                           "description": "doc-repeat：补出的字串至少这么长"},
            "min_repeats": {"type": "integer", "minimum": 1,
                            "description": "doc-repeat：补出的字串在同文别处至少出现几次"},
            "max_alone_bare": {"type": "integer", "minimum": 0, "maximum": 1000,
                               "description": "dangling：没有词典搭配佐证时，该字单字成词的比例（‰）不超过此值才报（0 关闭）"},
            "min_begin": {"type": "number", "minimum": 0, "maximum": 1,
                          "description": "dangling：没有词典搭配佐证时，该字在双字词中作首字的比例至少为此值"},
            "affixes": {"type": "string", "description": "doc-repeat、dangling：能产的词缀字（化、性……），不当作孤立的字"},
            "adverbs": _words("de-di：作状语的词；run-on repeat：谓语前的副词"),
            "verbs": _words("de-di：带宾语的动词；run-on repeat：重复即为连写的谓语动词"),
            "heads": _words("de-di：使“的＋动词＋名词”成为名词短语的中心词（作用、机制……）"),
            "min_idiom": {"type": "integer", "minimum": 1, "description": "idiom：成语的最低词频"},
            "known_ratio": {"type": "number", "minimum": 0, "maximum": 1,
                            "description": "idiom：词典中的字串词频达到成语词频的这一比例即视为另一个词"},
            "min_known": {"type": "integer", "minimum": 1, "description": "idiom：视为另一个词的最低词频"},
            "aspects": {"type": "array", "items": {"enum": list(RUN_ON_ASPECTS)}, "minItems": 1,
                        "description": "run-on：repeat（同一谓语重复）、purpose（“为”字句套“为”）、join（宾语后直接另起谓语）"},
            "min_gap": {"type": "integer", "minimum": 1, "description": "run-on repeat：两个谓语之间至少隔几个字"},
            "opener": {"type": "string", "minLength": 1, "description": "run-on purpose：句首的介词"},
            "purpose_verbs": _words("run-on purpose：“为……提供”一类的动词"),
            "governors": _words("run-on join：学习贯彻一类的动词"),
            "objects": _words("run-on join：其宾语结尾的名词（思想、精神）"),
            "openers": _words("run-on join：另起谓语的词（坚持、推动……）"),
            "blockers": _words("run-on join：出现后宾语另有支配（以、用……）"),
        },
        "required": ["detector"]}

    def __post_init__(self) -> None:
        if self.detector not in DETECTORS:
            raise ParamError("detector", f"未知的检测器“{self.detector}”；可用：{', '.join(DETECTORS)}")
        lists = ("allow", "adverbs", "verbs", "heads", "aspects", "purpose_verbs", "governors", "objects", "openers",
                 "blockers")
        for name in lists:
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(v, str) and v for v in value):
                raise ParamError(name, f"“{name}”应是一组非空的词语")
            object.__setattr__(self, name, tuple(value))
        for name in _LISTS.get(self.detector, ()):
            if not getattr(self, name):
                raise ParamError(name, f"检测器 {self.detector} 需要“{name}”词表")
        if self.detector == "run-on":
            for aspect in self.aspects:
                if aspect not in RUN_ON_ASPECTS:
                    raise ParamError("aspects", f"未知的检查项“{aspect}”；可用：{', '.join(RUN_ON_ASPECTS)}")
            need = {"repeat": ("adverbs", "verbs"), "purpose": ("purpose_verbs",),
                    "join": ("governors", "objects", "openers")}
            for aspect in self.aspects:
                for name in need[aspect]:
                    if not getattr(self, name):
                        raise ParamError(name, f"run-on 的 {aspect} 需要“{name}”词表")
        object.__setattr__(self, "sets", {name: frozenset(getattr(self, name)) for name in lists})
        object.__setattr__(self, "compounds", runon.compounds_of(self.sets["verbs"], self.sets["adverbs"]))


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    from .data import load_data, tokens

    p = rule.params
    text = doc.text
    data = load_data()
    body = (outline.body.start, outline.body.end)
    for span in paragraph_spans(doc, outline):
        if span.end - span.start < 2:
            continue
        toks = tokens(text, span.start, span.end)
        for start, end, args in _detect(p, text, body, toks, data):
            if not _allowed(p.allow, text, span, start, end):
                yield Finding(Span(start, end), args)


def _detect(p: Params, text: str, body: tuple[int, int], toks: Any, data: Any
            ) -> Iterator[tuple[int, int, dict[str, Any]]]:
    s = p.sets
    if p.detector == "doc-repeat":
        for start, end, whole, at in lost.doc_repeat(text, body, toks, data, data.lone(p.max_alone, p.affixes),
                                                         p.min_pair, p.min_length, p.min_repeats):
            yield start, end, {"completed": whole, "evidence": f"同文第{_line(text, at)}行作“{whole}”"}
    elif p.detector == "dangling":
        for start, end, phrase in lost.dangling(text, body, toks, data, data.lone(p.max_alone, p.affixes),
                                                p.min_pair, p.max_alone_bare, p.min_begin):
            yield start, end, {"phrase": phrase, "evidence": f"其后不接汉字，常见的是“{phrase}”"}
    elif p.detector == "de-di":
        for start, end, adverb, verb in dedi.de_di(toks, s["adverbs"], s["verbs"], s["heads"]):
            yield start, end, {"adverb": adverb, "verb": verb,
                               "evidence": f"“{adverb}”修饰动词“{verb}”，作状语应写“{adverb}地”"}
    elif p.detector == "idiom":
        for start, end, right, how in idiom.idioms(text, toks, data, p.min_idiom, p.known_ratio, p.min_known):
            alike = "读音相同" if how == "音" else "字形相近"
            yield start, end, {"idiom": right, "evidence": f"与成语“{right}”只差一个{alike}的字"}
    else:
        yield from _run_on(p, toks)


def _run_on(p: Params, toks: Any) -> Iterator[tuple[int, int, dict[str, Any]]]:
    s = p.sets
    for clause in runon.clauses(toks):
        if "repeat" in p.aspects:
            for start, end, verb in runon.repeat(clause, s["verbs"], s["adverbs"], p.compounds, p.min_gap):
                yield start, end, {"evidence": f"同一分句中“{verb}”出现两次，中间没有标点"}
        if "purpose" in p.aspects:
            for start, end in runon.purpose(clause, p.opener, s["purpose_verbs"]):
                yield start, end, {"evidence": f"以“{p.opener}”开头的分句中又起一个“{p.opener}……”"}
        if "join" in p.aspects:
            for start, end, obj in runon.join(clause, s["governors"], s["objects"], s["openers"], s["blockers"]):
                yield start, end, {"evidence": f"“{obj}”是前一动词的宾语，其后另起谓语却没有标点"}


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _allowed(allow: tuple[str, ...], text: str, span: Span, start: int, end: int) -> bool:
    for word in allow:
        pos = text.find(word, max(span.start, start - len(word) + 1), min(span.end, end + len(word) - 1))
        if pos != -1 and pos < end and start < pos + len(word):
            return True
    return False
