"""Personal data a published report must not carry: 居民身份证号码 and mobile numbers.

An ID number counts only when it is one: 18 characters (17 digits and a digit or X) that stand alone, with a
province code, a real date of birth and the GB 11643—1999 check character. A mobile number is 11 digits
(the ``mobile`` regex) that are not part of a longer digit run; words just before it (``ignore_before``:
统一社会信用代码, 账号 …) or just after it (``ignore_after``: 元, 万 …) say it is something else.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from .pattern import compile_user_regex, paragraph_spans

ASPECTS = ("id-card", "mobile")
WHAT = {"id-card": "居民身份证号码", "mobile": "手机号码"}
ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                       50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91})
LOOK = 12   # characters looked at before and after a number for ignore_before / ignore_after


def id_number_valid(s: str) -> bool:
    """GB 11643—1999: province code, date of birth, check character (ISO 7064 MOD 11-2)."""
    if len(s) != 18 or not s[:17].isdigit() or int(s[:2]) not in PROVINCES:
        return False
    try:
        born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2099:
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], WEIGHTS))
    return CHECK[total % 11] == s[17].upper()


def mask(s: str) -> str:
    """Keep the first 3 and last 4 characters (138****5678; 510***********1234)."""
    chars = [c for c in s if c.isalnum()]
    return "".join(chars[:3]) + "*" * (len(chars) - 7) + "".join(chars[-4:])


@dataclass(frozen=True, slots=True)
class Params:
    detect: tuple[str, ...] = ASPECTS
    mobile: str = r"(?<![0-9A-Za-z.])(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![0-9A-Za-z])"
    ignore_before: str | None = None    # regex searched in the characters just before a number
    ignore_after: str | None = None     # regex matched at the characters just after a number
    part: str | None = None
    timeout: float = 0.5
    compiled: Any = field(default=None, compare=False, repr=False)
    before: Any = field(default=None, compare=False, repr=False)
    after: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "detect": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": list(ASPECTS)},
                       "description": "查找哪些个人信息：id-card（居民身份证号码，校验码有效）、mobile（手机号码）"},
            "mobile": {"type": "string", "minLength": 1, "description": "手机号码的正则表达式（regex 语法）"},
            "ignore_before": {"type": "string", "minLength": 1,
                              "description": "号码前紧邻的文字与此表达式匹配（在紧前 12 个字符中查找，应以 $ 结尾）时不报"},
            "ignore_after": {"type": "string", "minLength": 1,
                             "description": "号码后紧接的文字与此表达式匹配时不报（如金额单位）"},
            "part": {"$ref": "#/$defs/part"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
        },
        "required": []}

    def __post_init__(self) -> None:
        from ._util import parse_part
        object.__setattr__(self, "detect", tuple(self.detect))
        for d in self.detect:
            if d not in ASPECTS:
                raise ParamError("detect", f"未知的个人信息类型“{d}”；可用：{', '.join(ASPECTS)}")
        if not self.detect:
            raise ParamError("detect", "列表为空，这条规则永远不会触发")
        object.__setattr__(self, "compiled", compile_user_regex(self.mobile, "mobile"))
        if self.ignore_before:
            object.__setattr__(self, "before", compile_user_regex(self.ignore_before, "ignore_before"))
        if self.ignore_after:
            object.__setattr__(self, "after", compile_user_regex(self.ignore_after, "ignore_after"))
        if self.part is not None:
            parse_part(self.part, "part")


def _ignored(p: Params, text: str, span: Span, start: int, end: int) -> bool:
    if p.before is not None and p.before.search(text, max(span.start, start - LOOK), start, timeout=p.timeout):
        return True
    return p.after is not None and bool(p.after.match(text, end, min(span.end, end + LOOK), timeout=p.timeout))


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    text = doc.text
    for span in paragraph_spans(doc, outline, p.part):
        taken: list[tuple[int, int]] = []
        if "id-card" in p.detect:
            for m in ID_RE.finditer(text, span.start, span.end):
                if id_number_valid(m.group()) and not _ignored(p, text, span, m.start(), m.end()):
                    taken.append(m.span())
                    yield Finding(Span(*m.span()), {"what": WHAT["id-card"], "masked": mask(m.group())})
        if "mobile" in p.detect:
            for m in p.compiled.finditer(text, span.start, span.end, timeout=p.timeout):
                start, end = m.span()
                if start == end or any(a <= start < b for a, b in taken):
                    continue
                if not _ignored(p, text, span, start, end):
                    digits = re.sub(r"\D", "", m.group())[-11:]
                    yield Finding(Span(start, end), {"what": WHAT["mobile"], "masked": mask(digits)})
