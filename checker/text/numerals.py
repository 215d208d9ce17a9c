"""Chinese numerals: 一 … 九十九 (ordinals in headings), 〇/零 digits, and back."""
from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_SIMPLE = re.compile(r"^(?:([一二三四五六七八九])?十)?([一二三四五六七八九])?$")


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 九十九 → 99; anything else → None."""
    if not s:
        return None
    m = _SIMPLE.match(s)
    if not m:
        return None
    if "十" in s:
        tens = DIGITS[m.group(1)] if m.group(1) else 1
        return tens * 10 + (DIGITS[m.group(2)] if m.group(2) else 0)
    return DIGITS[m.group(2)] if m.group(2) else None


def int_to_cn(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99)."""
    names = "〇一二三四五六七八九"
    if n < 10:
        return names[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else names[tens]) + "十" + ("" if ones == 0 else names[ones])


def digits_to_int(s: str) -> int | None:
    """二〇二六 → 2026 (digit by digit)."""
    if not s or any(c not in DIGITS for c in s):
        return None
    return int("".join(str(DIGITS[c]) for c in s))


def cn_date_number(s: str) -> int | None:
    """Day/month/year parts written in Chinese: 十五 → 15, 二〇二六 → 2026."""
    return cn_to_int(s) if "十" in s else digits_to_int(s)
