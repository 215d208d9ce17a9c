"""Quantities in running text: a numeral (Arabic or Chinese) with its unit, or a percentage.

``read_chinese`` reads 十三, 一百零二, 两千, 三万五千, 九十九点五; ``QuantityReader`` finds every count and
percentage of a stretch of text, with the unit and whether it is approximate (约300人, 150余人次, 96%以上).
The vocabulary (units, approximation markers) is given by the caller: the rule packs own it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
            "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
ARABIC_MULTIPLIER = {"万": 10_000, "亿": 100_000_000}
SENTENCE_END = "。！？；!?;"
MAX_DIGITS = 30             # a longer run of digits is no count or percentage (and Python will not read 4,300)
CLAUSE_MARKS = "，,、：:；;。！？!?（）()“”\"《》\n"
PHRASE_MARKS = CLAUSE_MARKS.replace("、", "")      # a phrase runs on over 、 (撤销、变更或确认违法21件)
PERCENT_RE = re.compile("[%％]|百分")              # a text without it states no percentage


def read_chinese(s: str) -> Fraction | None:
    """十三 → 13, 一百零二 → 102, 两千 → 2000, 三万五千 → 35000, 九十九点五 → 99.5, 百 (in 百分之百) → 100.

    Only well-formed numbers are read: digit strings (二〇二五), colloquial forms (一百二, 一万二),
    approximations (三五, 十四五) and a bare 千/万 give None.
    """
    if s == "百":
        return Fraction(100)
    if len(s) > MAX_DIGITS:
        return None
    whole, dot, frac = s.partition("点")
    if dot:
        if not frac or any(c not in CN_DIGIT or c == "两" for c in frac):
            return None
        head = read_chinese(whole) if whole != "零" else Fraction(0)
        if head is None:
            return None
        return head + Fraction(int("".join(str(CN_DIGIT[c]) for c in frac)), 10 ** len(frac))
    none = 10_000                          # no 十/百/千 yet in this section
    total = section = 0
    digit: int | None = None
    last_small, last_big, zero = none, 10 ** 12, False
    for i, ch in enumerate(s):
        if ch in CN_DIGIT:
            d = CN_DIGIT[ch]
            if d == 0:
                if digit is not None or zero or not (section or total):
                    return None            # 二〇…, 零零, a leading 零: digit strings
                zero = True
            elif digit is not None:
                return None                # 三五, 十四五: two digits in a row
            else:
                digit = d
        elif ch in CN_SMALL:
            unit = CN_SMALL[ch]
            if unit >= last_small:
                return None
            if digit is None:
                if ch != "十" or i:
                    return None            # only a leading 十 stands alone (十三)
                digit = 1
            elif ch == "十" and s[i - 1] == "两":
                return None                # 两十 is not written
            section += digit * unit
            last_small, digit, zero = unit, None, False
        elif ch in CN_BIG:
            big = CN_BIG[ch]
            if big >= last_big:
                return None
            if digit is not None:
                if last_small not in (10, none) and not zero:
                    return None            # 一百二万: colloquial
                section += digit
            if section == 0:
                return None
            total += section * big
            section, digit, zero, last_small, last_big = 0, None, False, none, big
        else:
            return None
    if digit is not None:
        if last_small == none and total and not zero:
            return None                    # 一万二 (12000 in speech): left unread
        if last_small not in (10, none) and not zero:
            return None                    # 一百二, 三千五: colloquial, left unread
        section += digit
    elif zero:
        return None                        # a trailing 零
    value = total + section
    return Fraction(value) if value else None


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int              # the numeral's first character (after any approximation word before it)
    end: int                # after the unit (and an approximation word after it)
    num_end: int            # after the numeral (and 万/亿)
    value: Fraction         # the number (a percentage: the number of per cent)
    decimals: int           # digits after the decimal point, as written
    unit: str               # "%" for a percentage, "" when no unit follows
    approximate: bool       # 约…, …余, …以上, a range end
    chinese: bool           # written in Chinese numerals


_ARABIC = r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?"


class QuantityReader:
    """Finds the counts and percentages of a text, with the caller's units and approximation words."""

    def __init__(self, units: Iterable[str], before: Iterable[str] = (), after: Iterable[str] = ()) -> None:
        def alternation(words: Iterable[str]) -> str:
            ordered = sorted({w for w in words if w}, key=len, reverse=True)
            return "|".join(re.escape(w) for w in ordered)

        self.units = tuple(units)
        self._unit_re = re.compile(alternation(self.units)) if self.units else None
        after_alt = alternation(after)
        self._after_re = re.compile(f"(?:{after_alt})+") if after_alt else None
        self._before = tuple(sorted({w for w in before if w}, key=len, reverse=True))
        self._number_re = re.compile(
            f"(?P<pct>百分之(?P<pcn>[{CN_CHARS}]+(?:点[零〇一二三四五六七八九]+)?))"
            f"|(?<![\\d.A-Za-z])(?P<ar>{_ARABIC})(?P<mul>[万亿])?"
            f"|(?P<cn>[{CN_CHARS}]+(?:点[零〇一二三四五六七八九]+)?)")

    def read(self, text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
        end = len(text) if end is None else end
        out: list[Quantity] = []
        for m in self._number_re.finditer(text, start, end):
            q = self._quantity(text, m, start, end)
            if q is not None:
                out.append(q)
        return out

    def _quantity(self, text: str, m: re.Match[str], start: int, end: int) -> Quantity | None:
        pos = m.end()
        if m.group("pct"):
            value = read_chinese(m.group("pcn"))
            if value is None:
                return None
            digits = m.group("pcn").partition("点")[2]
            approx, pos = self._after(text, pos, end)
            return Quantity(m.start(), pos, m.end(), value, len(digits), "%",
                            approx or self._approx_before(text, m.start(), start), True)
        if m.group("ar"):
            raw = m.group("ar").replace(",", "")
            if len(raw) > MAX_DIGITS:
                return None
            value = Fraction(raw)
            decimals = len(raw.partition(".")[2])
            if m.group("mul"):
                value *= ARABIC_MULTIPLIER[m.group("mul")]
            chinese = False
            prev = text[m.start() - 1] if m.start() > start else "\n"
            if prev in "·-－—–/:：#№第":
                return None        # 3·15, phone numbers, 1/2, times, 第3次: not counts
        else:
            s = m.group("cn")
            if s in ("一", "百"):
                return None        # 一 alone (统一, 一是, 一把手), 百 alone (百姓): not counts we compare
            prev = text[m.start() - 1] if m.start() > start else "\n"
            if prev in "第“\"":
                return None        # ordinals and fixed expressions (“四个意识”)
            value = read_chinese(s)
            if value is None:
                return None
            decimals = len(s.partition("点")[2])
            chinese = True
        num_end = pos
        approx = False
        a, pos = self._after(text, pos, end)
        approx |= a
        if not chinese and text[pos:pos + 1] == " " and pos + 1 < end and not text[pos + 1].isspace():
            pos += 1               # "1518 件": PDF text and some pages put a space between digits and Han
        if not chinese and text[pos:pos + 1] in ("%", "％"):
            unit = "%"
            pos += 1
        else:
            um = self._unit_re.match(text, pos, end) if self._unit_re else None
            if um is None:
                return None        # a numeral with no unit is not a count we can compare
            unit = um.group()
            pos = um.end()
        a, pos = self._after(text, pos, end)
        approx |= a
        approx |= self._approx_before(text, m.start(), start)
        nxt = text[pos:pos + 2]
        if nxt[:1] in ("～", "~", "至", "到") or (nxt[:1] in ("—", "-", "－", "–") and nxt[1:].isdigit()):
            approx = True          # the lower end of a range (95%～98%)
        return Quantity(m.start(), pos, num_end, value, decimals, unit, approx, chinese)

    def _after(self, text: str, pos: int, end: int) -> tuple[bool, int]:
        if self._after_re is None:
            return False, pos
        am = self._after_re.match(text, pos, end)
        return (True, am.end()) if am else (False, pos)

    def _approx_before(self, text: str, at: int, start: int) -> bool:
        head = text[max(start, at - 4):at]
        if head[-1:] in ("～", "~", "—", "–", "-", "－"):
            return True            # the upper end of a range (3～5人)
        if head.endswith(("至", "到")) and len(head) >= 2 and (head[-2].isdigit() or head[-2] in "%％"):
            return True
        return any(head.endswith(w) for w in self._before)


def sentence_bounds(text: str, pos: int, start: int, end: int) -> tuple[int, int]:
    """The sentence (ended by 。！？；) around ``pos``, inside [start, end)."""
    s = pos
    while s > start and text[s - 1] not in SENTENCE_END:
        s -= 1
    e = pos
    while e < end and text[e] not in SENTENCE_END:
        e += 1
    return s, e


def lead_in(text: str, q: Quantity, floor: int, marks: str = CLAUSE_MARKS) -> str:
    """The words before a quantity, back to the previous clause mark or ``floor`` (the previous quantity)."""
    s = q.start
    while s > floor and text[s - 1] not in marks:
        s -= 1
    return text[s:q.start]


def fmt_number(value: Fraction, decimals: int) -> str:
    """Fixed-point text of a Fraction with ``decimals`` digits, half-up."""
    scaled = round_half_up(value, decimals)
    if decimals == 0:
        return str(int(scaled))
    units = int(scaled * 10 ** decimals)
    sign = "-" if units < 0 else ""
    units = abs(units)
    return f"{sign}{units // 10 ** decimals}.{units % 10 ** decimals:0{decimals}d}"


def round_half_up(value: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    return Fraction(int(value * scale + Fraction(1, 2)) if value >= 0 else -int(-value * scale + Fraction(1, 2)),
                    scale)


def truncate(value: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    return Fraction(int(value * scale), scale)
