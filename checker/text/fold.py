"""Traditional characters folded to simplified ones, for matching only: the folded text has the same length
as the original, so every offset found in it points at the same character of the original.

Some government sites convert a whole page to traditional characters (發布時間, 第一責任人, 報告). Titles,
part headings, labels and every rule of a pack are written in simplified characters; they match the folded
text, and findings point into (and quote) the original.

The conversion is OpenCC's ``t2s`` (PyPI ``opencc``): a maintained dictionary with phrase-level rules, not a
hand-written table. It is imported only when a document may hold traditional characters: GB2312 is the
simplified character set, so a text whose characters are all in it has none (a set difference, about 0.1 ms
for a report); a text with characters outside it (traditional ones, or rare simplified ones in names) has
those few characters converted first, and only when one of them changes is the whole text converted.
Measured: importing opencc and building the converter ≈ 25 ms once per process; converting a 5,000-character
page ≈ 0.5 ms.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _gb2312() -> frozenset[str]:
    """Every character of GB2312 (the simplified set), decoded once per process (≈ 2 ms)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def candidates(text: str) -> str:
    """The distinct Han characters outside GB2312 (the simplified set): the only ones that can be traditional."""
    outside = set(text) - _gb2312()
    if not outside:
        return ""
    return "".join(sorted(c for c in outside if HAN_RE.match(c)))


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str | None:
    """The text with traditional characters folded to simplified ones, same length; None when it has none."""
    chars = candidates(text)
    if not chars:
        return None
    convert = _converter().convert
    if convert(chars) == chars:
        return None            # rare simplified characters (names), nothing traditional
    folded = convert(text)
    if len(folded) == len(text):
        return folded
    # a phrase rule changed the length somewhere: fold character by character instead (offsets must hold)
    table = {}
    for c in chars:
        s = convert(c)
        if len(s) == 1 and s != c:
            table[ord(c)] = s
    return text.translate(table)
