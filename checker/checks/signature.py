"""The issuing organ's name after the body's last paragraph (发文机关署名, 党政机关公文处理工作条例 第九条); it
agrees with the title's organ, and so does the organ the opening paragraph names ("现将××镇2025年度…报告如下")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ._util import check_aspect
from .pattern import compile_user_regex
from .title import title_organs

ASPECTS = ("present", "matches-title", "lead-matches-title", "matches-organ")


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    lead: str | None = None         # lead-matches-title: where the opening names the organ, (?P<organ>…)
    generic: str | None = None      # lead-matches-title: names that are no organ's name (我镇, 本局, 全县)
    suffixes: tuple[str, ...] = ()  # lead-matches-title: organ words after the place name (人民政府, 委员会)
    organ: str | None = None        # matches-organ: the organ this office reports as (configuration `organ`)
    compiled: Any = field(default=None, compare=False, repr=False)
    generic_rx: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {"aspect": {"enum": list(ASPECTS)},
                       "lead": {"type": "string", "minLength": 1,
                                "description": "开头段中写出本机关名称的句式，须含 (?P<organ>…) 分组"},
                       "generic": {"type": "string", "minLength": 1,
                                   "description": "不是机关名称的指称（我镇、本局、全县等）的正则，命中则不比对"},
                       "suffixes": {"type": "array", "items": {"type": "string", "minLength": 1},
                                    "description": "地名之后的机关称谓（人民政府、委员会等）：去掉后比对地名，"
                                                   "地名可多写或少写上级地名"},
                       "organ": {"type": "string", "minLength": 2,
                                 "description": "matches-organ：本单位名称（可多个，用空格分隔），标题和署名须是它"}},
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        object.__setattr__(self, "suffixes", tuple(sorted(self.suffixes, key=len, reverse=True)))
        if self.aspect == "matches-organ" and not (self.organ and self.organ.strip()):
            raise ParamError("organ", "检查项“matches-organ”需要参数 organ（本单位名称）")
        if self.aspect == "lead-matches-title":
            if not self.lead:
                raise ParamError("lead", "检查项“lead-matches-title”需要参数 lead")
            rx = compile_user_regex(self.lead, "lead")
            if "organ" not in rx.groupindex:
                raise ParamError("lead", f"表达式“{self.lead}”没有 (?P<organ>…) 分组，无法取出机关名称")
            object.__setattr__(self, "compiled", rx)
            if self.generic:
                object.__setattr__(self, "generic_rx", compile_user_regex(self.generic, "generic"))


def _last_paragraph(doc: Document, outline: Outline) -> Span | None:
    for i in reversed(outline.paragraphs):
        span = doc.paragraphs[i].span
        if outline.date and span.start <= outline.date.span.start < span.end:
            continue
        raw = doc.text[span.start:span.end]
        lead = len(raw) - len(raw.lstrip())
        return Span(span.start + lead, span.start + len(raw.rstrip()))
    return None


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    if rule.params.aspect == "present":
        if outline.signature is None:
            yield Finding(_last_paragraph(doc, outline))
        return
    if rule.params.aspect == "lead-matches-title":
        yield from _check_lead(doc, outline, rule.params)
        return
    if rule.params.aspect == "matches-organ":
        yield from _check_configured(doc, outline, (rule.params.organ or "").split())
        return
    if outline.signature is None or outline.title is None:
        return
    organs = title_organs(doc.text[outline.title.start:outline.title.end])
    if not organs:
        return
    organ = "".join(organs)
    names = [n for n in re.split(r"\s+", doc.text[outline.signature.start:outline.signature.end]) if n]
    # each name is the title's organ (or part of it) written in full or as a 规范化简称, either way round —
    # but an office or bureau under the organ (××县人民政府办公室) is another organ; and a joint report (two
    # organs in the title) is signed by both
    if all(_abbreviates(n, organ) or any(_extends(o, n) for o in organs) for n in names) \
            and all(any(_abbreviates(n, o) or _extends(o, n) for n in names) for o in organs):
        return
    yield Finding(outline.signature, {"signature": " ".join(names), "organ": " ".join(organs)})


def _abbreviates(name: str, organ: str) -> bool:
    """The name is in the title's organ, whole or as a 规范化简称 (its characters in order: 市场监管局 ⊂ 市场监督管理局)."""
    if name in organ:
        return True
    it = iter(organ)
    return len(name) >= 3 and all(ch in it for ch in name)


def _extends(organ: str, name: str) -> bool:
    """The name is the title's (shorter) organ with more of its own name ("××县" → "××县人民政府", "清漪区" →
    "澜州市清漪区人民政府"), not an office or bureau under it ("××县人民政府" → "××县人民政府办公室")."""
    if not _abbreviates(organ, name):
        return False
    if organ not in name:
        return True
    rest = name[name.index(organ) + len(organ):]
    if organ.endswith("委") and rest.startswith("员会"):
        rest = rest[2:]                       # 中共××市委 → 中共××市委员会
    return not rest or _government_word(rest)


def _government_word(rest: str) -> bool:
    """What a place name takes to become its government or party committee: 人民政府, 政府, 委员会, 党委."""
    return re.fullmatch(r"(?:人民政府|政府|党委|委员会|党工委|管理委员会|管委会|办事处)", rest) is not None


def _check_lead(doc: Document, outline: Outline, p: Params) -> Iterator[Finding]:
    """The organ the opening paragraphs name as the reporter is the title's organ (or its 简称)."""
    if outline.title is None:
        return
    organs = title_organs(doc.text[outline.title.start:outline.title.end])
    if not organs:
        return
    from .years import intro_spans
    for span in intro_spans(doc, outline):
        for m in p.compiled.finditer(doc.text, span.start, span.end, timeout=0.5):
            name = m.group("organ")
            if not name or (p.generic_rx is not None and p.generic_rx.match(name, timeout=0.5)):
                continue
            if _same_organ(name, organs, p.suffixes):
                continue
            yield Finding(Span(m.start("organ"), m.end("organ")), {"name": name, "organ": " ".join(organs)})


def _same_organ(name: str, organs: list[str], suffixes: tuple[str, ...]) -> bool:
    """The name is one of the title's organs: whole, as a 简称, or with more or fewer higher-level place names
    ("南平镇" for "重庆市南川区南平镇人民政府", "重庆市南川区南平镇" for "南平镇人民政府")."""
    if _abbreviates(name, "".join(organs)) or any(_abbreviates(o, name) for o in organs):
        return True
    core = _core(name, suffixes)
    return bool(core) and any(c and (core.endswith(c) or c.endswith(core)) for c in (_core(o, suffixes) for o in organs))


def _core(name: str, suffixes: tuple[str, ...]) -> str:
    name = re.sub(r"^中共", "", name)
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[:-len(suffix)]
    return name


def _check_configured(doc: Document, outline: Outline, configured: list[str]) -> Iterator[Finding]:
    """The title's organ and the signature are the organ the office configured (全称 or 规范化简称)."""
    whole = "".join(configured)

    def ours(name: str) -> bool:
        return _abbreviates(name, whole) or any(_abbreviates(c, name) for c in configured)

    if outline.title is not None:
        organs = title_organs(doc.text[outline.title.start:outline.title.end])
        if organs and not all(ours(o) for o in organs):
            yield Finding(outline.title, {"where": "标题", "found": " ".join(organs), "organ": " ".join(configured)})
    if outline.signature is not None:
        names = [n for n in re.split(r"\s+", doc.text[outline.signature.start:outline.signature.end]) if n]
        if not all(ours(n) for n in names):
            yield Finding(outline.signature, {"where": "署名", "found": " ".join(names),
                                              "organ": " ".join(configured)})
