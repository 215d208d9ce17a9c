"""A mistyped four-character idiom: four characters that are not a word, one character away from a known idiom
or set phrase, where the two differing characters sound the same or look alike (再接再励 — 再接再厉, 坚持不泄 —
坚持不懈, 标本兼制 — 标本兼治). The window must begin and end on word boundaries, so a string that straddles two
words is left alone; and when the differing character stands at the edge of the window beside a word that fills
the other three (在|进一步 beside 再进一步, 为|成年人 beside 未成年人), the window is that word with a word of its own
in front or behind, not a broken set phrase."""
from __future__ import annotations

from typing import Iterator, Sequence

from .data import SlipData, Token


def idioms(text: str, toks: Sequence[Token], data: SlipData, min_idiom: int, known_ratio: float,
           min_known: int) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, idiom, how the characters are alike: 音 or 形) for each suspected mistyped idiom."""
    ends = {t.end for t in toks}
    spans = {(t.start, t.end) for t in toks}
    masks, heads, tails = data.masks, data.idiom_heads, data.idiom_tails
    for t in toks:
        s = t.start
        if s + 4 not in ends:
            continue
        window = text[s:s + 4]
        # one character away from an idiom: the idiom has the window's first two characters or its last two
        keys = []
        if window[:2] in heads:
            keys += [(2, window[:2] + "?" + window[3]), (3, window[:3] + "?")]
        if window[2:] in tails:
            keys += [(0, "?" + window[1:]), (1, window[0] + "?" + window[2:])]
        keys = [(i, k) for i, k in keys if k in masks]
        if not keys:
            continue
        if data.idioms.get(window, 0) >= min_idiom or not all("\u4e00" <= c <= "\u9fff" for c in window):
            continue
        best = _nearest(window, keys, data, min_idiom)
        if best is None:
            continue
        idiom, how, at = best
        if at == 0 and (s + 1, s + 4) in spans or at == 3 and (s, s + 3) in spans:
            continue        # 在进一步: 在 + the word 进一步, not 再进一步 mistyped
        if data.near.get(window, 0) >= max(min_known, known_ratio * data.idioms[idiom]):
            continue        # a word of its own (another idiom, a name) and not rare beside the idiom
        yield s, s + 4, idiom, how


def _nearest(window: str, keys: list[tuple[int, str]], data: SlipData, min_idiom: int
             ) -> tuple[str, str, int] | None:
    """The most frequent idiom one alike character away: (idiom, 音 or 形, where the characters differ)."""
    found: list[tuple[int, str, str, int]] = []
    for i, key in keys:
        for idiom in data.masks.get(key, ()):
            a, b = window[i], idiom[i]
            freq = data.idioms[idiom]
            if a == b or freq < min_idiom:
                continue
            if data.same_sound(a, b):
                found.append((freq, idiom, "音", i))
            elif data.same_shape(a, b):
                found.append((freq, idiom, "形", i))
    if not found:
        return None
    found.sort(key=lambda f: (-f[0], f[1]))
    return found[0][1], found[0][2], found[0][3]
