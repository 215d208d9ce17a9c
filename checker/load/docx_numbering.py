"""Word's automatic list numbering, rendered as Word displays it ("一、", "（一）", "1.", "(1)", "1.2" …).

A paragraph numbered by Word carries no mark in its runs: the mark comes from w:numPr (on the paragraph, or
inherited from its paragraph style and the styles that style is based on) and the numbering part
(w:num → w:abstractNum → w:lvl). This module resolves and counts those marks in document order.

Pure functions and one counting class over lxml elements; python-docx is not imported here.

Counting follows ECMA-376 §17.9 as Word applies it: the running count lives on the abstract numbering
definition, so w:num instances sharing one w:abstractNum continue one sequence; an instance carrying a
w:lvlOverride/w:startOverride restarts that level at the override value the first time it is used there
(that is what Word's "重新开始编号" writes). A level restarts when a higher level is used, unless its
w:lvlRestart says otherwise (0: never; N: only after level N or a higher one).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Mapping

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


VAL = _w("val")
NUM_PR = f"{_w('pPr')}/{_w('numPr')}"
PLACEHOLDER_RE = re.compile(r"%([1-9])")

# A mark ending in one of these is followed by nothing instead of Word's default tab (see ``suffix``).
CLOSED_MARK_ENDS = ("、", "）", ")", ".", "．")

# Bounds that keep a hostile numbering part from multiplying the document: Word has nine levels (0–8), starts
# numbers at most at 32767 and keeps level texts short. A level text is cut to MAX_LEVEL_TEXT characters; a number
# a format would spell out at length (letters repeated, Roman numerals) past LONG_FORM is shown in digits.
LEVELS = range(9)
MAX_START = 32767
MAX_LEVEL_TEXT = 64
LONG_FORM = 3999


# ---------------------------------------------------------------- number formats (ST_NumberFormat)

CN_DIGITS = "〇一二三四五六七八九"
CJK_ZERO_DIGITS = "零一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _positional(n: int, digits: str) -> str:
    """Digit by digit: 2026 → 二〇二六."""
    return "".join(digits[int(c)] for c in str(n))


def _chinese_counting(n: int) -> str:
    """Word's chineseCounting: 一 … 九, 十, 十一 … 九十九; from 100 on digit by digit (一〇〇)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return _positional(n, CN_DIGITS)


def _grouped(n: int, digits: str, units: str = "十百千", myriad: str = "万",
             elide_one: bool = False, zero: bool = True) -> str:
    """Counting with place words, grouped by 万: 101 → 一百零一, 110 → 一百一十, 10000 → 一万."""
    if n == 0:
        return digits[0]
    if n >= 100_000_000:
        return _positional(n, digits)
    places = ("",) + tuple(units)

    def group(g: int) -> str:
        out: list[str] = []
        seen = pending = False
        for place in (3, 2, 1, 0):
            d = g // 10 ** place % 10
            if d == 0:
                pending = pending or seen
                continue
            if pending and zero:
                out.append(digits[0])
            pending = False
            if not (elide_one and d == 1 and place):
                out.append(digits[d])
            out.append(places[place])
            seen = True
        return "".join(out)

    high, low = divmod(n, 10000)
    text = group(high) + myriad if high else ""
    if low:
        text += (digits[0] if zero and high and low < 1000 else "") + group(low)
    return text


def _chinese_thousand(n: int) -> str:
    """chineseCountingThousand: 十, 十一 … 九十九 like chineseCounting, then 一百, 一百零一, 一百一十, 一千 …"""
    text = _grouped(n, CJK_ZERO_DIGITS)
    return text[1:] if text.startswith("一十") else text      # a leading 一十 is said 十: 十一, 十一万


def _letters(n: int, upper: bool) -> str:
    """A … Z, AA … ZZ, AAA …: Word repeats the letter, it does not count in base 26."""
    if n > 26 * 8:
        return str(n)
    letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return letter if upper else letter.lower()


def _roman(n: int, upper: bool) -> str:
    if n > LONG_FORM:
        return str(n)
    out = []
    for value, glyph in ROMAN:
        count, n = divmod(n, value)
        out.append(glyph * count)
    text = "".join(out)
    return text if upper else text.lower()


def _enclosed(n: int, first: int, size: int = 20) -> str:
    return chr(first + n - 1) if 1 <= n <= size else str(n)


def _from_set(n: int, symbols: str) -> str:
    return symbols[n - 1] if 1 <= n <= len(symbols) else str(n)


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: _positional(n, FULL_WIDTH_DIGITS),
    "decimalFullWidth2": lambda n: _positional(n, FULL_WIDTH_DIGITS),
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460),           # ① … ⑳, then 21
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474),            # ⑴ … ⒇
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488),         # ⒈ … ⒛
    "chineseCounting": _chinese_counting,
    "taiwaneseCounting": _chinese_counting,
    "chineseCountingThousand": _chinese_thousand,
    "taiwaneseCountingThousand": _chinese_thousand,
    "chineseLegalSimplified": lambda n: _grouped(n, LEGAL_DIGITS, "拾佰仟"),
    "ideographDigital": lambda n: _positional(n, CN_DIGITS),
    "japaneseDigitalTenThousand": lambda n: _positional(n, CN_DIGITS),
    "taiwaneseDigital": lambda n: _positional(n, CN_DIGITS),
    "japaneseCounting": lambda n: _grouped(n, CJK_ZERO_DIGITS, elide_one=True, zero=False),
    "ideographTraditional": lambda n: _from_set(n, HEAVENLY_STEMS),   # 甲 … 癸, then decimal
    "ideographZodiac": lambda n: _from_set(n, EARTHLY_BRANCHES),
    "upperLetter": lambda n: _letters(n, True),
    "lowerLetter": lambda n: _letters(n, False),
    "upperRoman": lambda n: _roman(n, True),
    "lowerRoman": lambda n: _roman(n, False),
}
SILENT_FORMATS = frozenset({"none", "bullet"})


def format_number(n: int, fmt: str) -> str:
    """One level's number in its w:numFmt; unknown formats (and values a format cannot show) as decimal."""
    if fmt in SILENT_FORMATS:
        return ""
    if n < 0 or (n == 0 and fmt not in ("decimal", "decimalZero", "chineseCounting", "chineseCountingThousand")):
        return str(n)
    return FORMATS.get(fmt, str)(n)


# ---------------------------------------------------------------- reading the numbering part

def _val(parent: Any, tag: str) -> str | None:
    el = parent.find(_w(tag)) if parent is not None else None
    return el.get(VAL) if el is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None and len(value) <= 12 else None
    except ValueError:
        return None


def _bounded(value: int | None) -> int | None:
    """A start value held to what Word accepts."""
    return None if value is None else max(-MAX_START, min(MAX_START, value))


def _level_index(value: str | None) -> int | None:
    """A w:ilvl Word can have (0–8), or None."""
    n = _int(value)
    return n if n is not None and n in LEVELS else None


def _on(parent: Any, path: str) -> bool:
    el = parent.find(path)
    return el is not None and el.get(VAL, "true").lower() not in ("0", "false", "off")


@dataclass(frozen=True, slots=True)
class Level:
    ilvl: int
    start: int
    fmt: str
    text: str               # w:lvlText ("" when absent: Word shows no number)
    restart: int | None     # w:lvlRestart (None: after any higher level)
    legal: bool             # w:isLgl: every number in the text shown as decimal
    suffix: str             # w:suff: "tab" (default), "space" or "nothing"
    hidden: bool            # w:rPr/w:vanish: counted, not shown
    style: str | None       # w:pStyle: the paragraph style tied to this level

    @classmethod
    def of(cls, lvl: Any) -> "Level":
        text_el = lvl.find(_w("lvlText"))
        null = text_el is None or text_el.get(_w("null"), "").lower() in ("1", "true", "on")
        start = _bounded(_int(_val(lvl, "start")))
        return cls(ilvl=_int(lvl.get(_w("ilvl"))) or 0,
                   start=start if start is not None else 0,     # §17.9.25: an omitted w:start is zero
                   fmt=_val(lvl, "numFmt") or _fallback_format(lvl),
                   text="" if null else text_el.get(VAL, "")[:MAX_LEVEL_TEXT],
                   restart=_int(_val(lvl, "lvlRestart")), legal=_on(lvl, _w("isLgl")),
                   suffix=_val(lvl, "suff") or "tab", hidden=_on(lvl, f"{_w('rPr')}/{_w('vanish')}"),
                   style=_val(lvl, "pStyle"))

    def restarts_after(self, used: int) -> bool:
        """Whether using level ``used`` (0-based) sends this level back to its start."""
        if used >= self.ilvl or self.restart == 0:
            return False
        limit = self.ilvl if self.restart is None or self.restart > self.ilvl else self.restart
        return used < limit


def _fallback_format(lvl: Any) -> str:
    """Word 2010+ wraps a custom w:numFmt ("001, 002, …") in mc:AlternateContent: take the Fallback's."""
    el = lvl.find(f".//{MC_FALLBACK}/{_w('numFmt')}")
    return (el.get(VAL) if el is not None else None) or "decimal"


def _levels(parent: Any) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in parent.findall(_w("lvl")):
        level = Level.of(lvl)
        if level.ilvl in LEVELS:
            out.setdefault(level.ilvl, level)
    return out


@dataclass(frozen=True, slots=True)
class _Instance:
    key: str                        # the abstract definition whose counters it shares
    levels: Mapping[int, Level]     # the abstract's levels, with this instance's w:lvlOverride/w:lvl applied
    overrides: Mapping[int, int]    # ilvl → w:startOverride


class Numbering:
    """The numbering part of one document, and the running counts while its paragraphs are read in order."""

    def __init__(self, numbering: Any, styles_by_id: Mapping[str, Any]) -> None:
        self._abstracts: dict[str, Any] = {}
        self._nums: dict[str, Any] = {}
        for el in numbering.findall(_w("abstractNum")):
            self._abstracts.setdefault(el.get(_w("abstractNumId")) or "", el)
        for el in numbering.findall(_w("num")):
            self._nums.setdefault(el.get(_w("numId")) or "", el)
        self._styles = styles_by_id
        self._instances: dict[str, _Instance | None] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._seen: set[tuple[str, int]] = set()

    def _abstract(self, num: Any) -> tuple[str, Any] | None:
        """The abstract definition of a w:num, through w:numStyleLink (a numbering style) when there is one."""
        key = _val(num, "abstractNumId") or ""
        for _ in range(4):
            abstract = self._abstracts.get(key)
            if abstract is None:
                return None
            style = self._styles.get(_val(abstract, "numStyleLink") or "")
            linked = self._nums.get(_val(style.find(NUM_PR), "numId") or "") if style is not None else None
            if linked is None:
                return key, abstract
            key = _val(linked, "abstractNumId") or ""
        return None

    def instance(self, num_id: str) -> _Instance | None:
        if num_id not in self._instances:
            self._instances[num_id] = self._build(num_id)
        return self._instances[num_id]

    def _build(self, num_id: str) -> _Instance | None:
        num = self._nums.get(num_id)
        found = self._abstract(num) if num is not None else None
        if num is None or found is None:
            return None
        key, abstract = found
        levels = _levels(abstract)
        overrides: dict[int, int] = {}
        for override in num.findall(_w("lvlOverride")):
            ilvl = _level_index(override.get(_w("ilvl")))
            if ilvl is None:
                continue
            lvl = override.find(_w("lvl"))
            if lvl is not None:
                levels[ilvl] = replace(Level.of(lvl), ilvl=ilvl)
            start = _bounded(_int(_val(override, "startOverride")))
            if start is not None:
                overrides[ilvl] = start
        return _Instance(key, levels, overrides)

    def mark(self, p: Any, style_chain: Iterable[Any]) -> str:
        """The mark Word shows before paragraph ``p`` (suffix included), "" for none; advances the counts.

        ``style_chain``: the paragraph's style and the styles it is based on, nearest first."""
        ref = paragraph_numbering(p, style_chain)
        if ref is None:
            return ""
        num_id, ilvl, style_id = ref
        inst = self.instance(num_id)
        if inst is None:
            return ""
        if ilvl is None:
            ilvl = next((lv.ilvl for lv in inst.levels.values() if style_id and lv.style == style_id), 0)
        level = inst.levels.get(ilvl)
        if level is None:
            return ""
        counts = self._counters.setdefault(inst.key, {})
        first = (num_id, ilvl) not in self._seen
        self._seen.add((num_id, ilvl))
        if first and ilvl in inst.overrides:
            counts[ilvl] = inst.overrides[ilvl]
        elif ilvl in counts:
            counts[ilvl] += 1
        else:
            counts[ilvl] = _start(inst, ilvl)
        for deeper in [d for d in counts if d > ilvl]:
            lv = inst.levels.get(deeper)
            if lv is None or lv.restarts_after(ilvl):
                del counts[deeper]
        if level.fmt == "bullet" or level.hidden:
            return ""       # a bullet is not an ordinal, and a hidden number is not shown
        text = render(level, inst.levels, lambda n: counts.get(n, _start(inst, n)))
        return text + suffix(level, text) if text else ""


def _start(inst: _Instance, ilvl: int) -> int:
    if ilvl in inst.overrides:
        return inst.overrides[ilvl]
    level = inst.levels.get(ilvl)
    return level.start if level is not None else 1


def render(level: Level, levels: Mapping[int, Level], count: Callable[[int], int]) -> str:
    """w:lvlText with each %N replaced by level N's count in level N's format (decimal under w:isLgl).

    A level in format "none" shows its %N as nothing but keeps the rest of its text, as Word does
    ("附件" stays "附件"; the usual "none" level has an empty text and so renders nothing)."""
    def one(m: re.Match[str]) -> str:
        n = int(m.group(1)) - 1
        lv = levels.get(n)
        if lv is None:
            return ""
        if lv.fmt in SILENT_FORMATS:
            return ""
        return format_number(count(n), "decimal" if level.legal else lv.fmt)

    return PLACEHOLDER_RE.sub(one, level.text)


def suffix(level: Level, mark: str) -> str:
    """What Word puts between the mark and the text.

    "space" is a real space and "nothing" is nothing. "tab" (Word's default) is a jump to the next tab stop:
    layout, not a character anyone typed. After a mark that closes itself — 一、 （一） 1. — we render it
    as nothing, which is how such headings are typed by hand ("一、主要举措和成效"): fzlint's outline reads
    them as headings either way, but a "\t" right after 、 or ） would be reported by the punctuation rules
    as a space next to a punctuation mark, which the drafter never typed and cannot delete from the text.
    After an open mark ("1", "第一章") the tab does separate the number from the words, so it stays "\t".
    """
    if level.suffix == "nothing":
        return ""
    if level.suffix == "space":
        return " "
    return "" if mark.endswith(CLOSED_MARK_ENDS) else "\t"


# ---------------------------------------------------------------- which list a paragraph is in

def paragraph_numbering(p: Any, style_chain: Iterable[Any]) -> tuple[str, int | None, str | None] | None:
    """(numId, ilvl or None, id of the style that gave the numId or None) of a paragraph, or None.

    The paragraph's own w:pPr/w:numPr wins, then its style's, then the styles it is based on; w:numId and
    w:ilvl are looked up separately (a paragraph may set only the level of its style's list). numId 0
    means "not numbered" (it is how a paragraph switches off its style's numbering)."""
    num_id: str | None = None
    ilvl: int | None = None
    style_id: str | None = None
    sources = [(p, None)] + [(s, s.get(_w("styleId"))) for s in style_chain]
    for element, sid in sources:
        num_pr = element.find(NUM_PR)
        if num_pr is None:
            continue
        if num_id is None and num_pr.find(_w("numId")) is not None:
            num_id, style_id = _val(num_pr, "numId"), sid
        if ilvl is None:
            ilvl = _level_index(_val(num_pr, "ilvl"))
        if num_id is not None and ilvl is not None:
            break
    if num_id is None or _int(num_id) in (None, 0):
        return None
    return num_id, ilvl, style_id
