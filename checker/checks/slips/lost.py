"""Lost characters: a character left alone where its partner was lost.

doc-repeat: a character that rarely stands alone (jieba's counts) sits next to a word, and with one character
added beside it the pair makes a string the same document writes elsewhere, where the added character and
the lone one form a word (红锋村治观测点 — 法治观测点 is written two lines up; 法治 is a word). The word may be on
the character's right (治 + 观测点) or, when the character ends the run of Chinese (a mark, a digit or the end
follows), on its left (依法政， — 依法行政; 行政 is a word).

dangling: a word, then a character that rarely stands alone, then no Chinese character at all (a quote, a
digit, a mark): the character is cut off from the word it begins, and word + character + its usual partner
is a fixed phrase of the dictionary (充分发“法律明白人” — 充分发挥)."""
from __future__ import annotations

from typing import AbstractSet, Iterator, Sequence

from .data import SlipData, Token


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"




def doc_repeat(text: str, body: tuple[int, int], toks: Sequence[Token], data: SlipData, lone: AbstractSet[str],
               min_pair: int, min_length: int, min_repeats: int) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, completed string, its offset elsewhere) for each suspected loss; `lone` is the set of
    characters that rarely stand alone."""
    for i, t in enumerate(toks):
        if t.word not in lone:
            continue
        right = toks[i + 1] if i + 1 < len(toks) else None
        if t.start == 0 or not _is_han(text[t.start - 1]):
            continue        # after a number or a mark the character begins a phrase (６.２级地震): nothing lost
        if _used_elsewhere(text, body, t.start - 1, t.end):
            continue
        if right is not None and right.han and len(right.word) + 2 >= min_length:
            found = _complete(text, body, t.word, right.word, (t.start, right.end), data, min_pair, min_repeats)
            if found:
                yield t.start, right.end, *found
                continue
        if t.end < len(text) and _is_han(text[t.end]):
            continue        # 邓小平论祖国统一: a character that runs on into Chinese is completed on its right or not at all
        left = toks[i - 1] if i > 0 else None
        if left is not None and left.han and left.end == t.start and len(left.word) + 2 >= min_length:
            found = _complete_left(text, body, left.word, t.word, (left.start, t.end), data, min_pair, min_repeats)
            if found:
                yield left.start, t.end, *found


def _used_elsewhere(text: str, body: tuple[int, int], start: int, end: int) -> bool:
    """The lone character with its neighbour (text[start:end]) is written elsewhere in the body too: the pair
    is the writer's own word (依规, 态化), not a place where something was lost."""
    if start < body[0] or end > body[1]:
        return False
    bigram = text[start:end]
    if not all(_is_han(c) for c in bigram):
        return False
    pos = text.find(bigram, body[0], body[1])
    while pos != -1:
        if pos != start:
            return True
        pos = text.find(bigram, pos + 1, body[1])
    return False


def _complete(text: str, body: tuple[int, int], c: str, word: str, here: tuple[int, int], data: SlipData,
              min_pair: int, min_repeats: int) -> tuple[str, int] | None:
    """c + word written elsewhere in the body with one more character x beside c (x c W or c x W), where x and
    c make a word, the completed string is whole words there, and it is written at least min_repeats times."""
    lo, hi = body
    n = len(word) + 2
    joined = c + word
    # (needle, where the completed string starts relative to the hit, x's index in it, x before c)
    for needle, shift, xi, x_first in ((c + word, -1, 0, True), (word, -2, 1, False)):
        pos = text.find(needle, lo, hi)
        while pos != -1:
            start = pos + shift
            if lo <= start and start + n <= hi and (start + n <= here[0] or here[1] <= start):
                whole = text[start:start + n]
                x = whole[xi]
                pair = x + c if x_first else c + x
                if (whole == joined[:xi] + x + joined[xi:] and _is_han(x) and data.pairs.get(pair, 0) >= min_pair
                        and _whole_words(text, start, n)
                        and _count(text, lo, hi, whole) >= min_repeats):
                    return whole, start
            pos = text.find(needle, pos + 1, hi)
    return None


def _complete_left(text: str, body: tuple[int, int], word: str, c: str, here: tuple[int, int], data: SlipData,
                   min_pair: int, min_repeats: int) -> tuple[str, int] | None:
    """The mirror of _complete: word + c written elsewhere with one more character x beside c (W x c or W c x),
    where x and c make a word (依法政 — 依法行政: 行政), the completed string is whole words there, and it is written
    at least min_repeats times."""
    lo, hi = body
    n = len(word) + 2
    # (needle, x's index in the completed string, x before c)
    for needle, xi, x_first in ((word, len(word), True), (word + c, len(word) + 1, False)):
        pos = text.find(needle, lo, hi)
        while pos != -1:
            start = pos
            if start + n <= hi and (start + n <= here[0] or here[1] <= start):
                whole = text[start:start + n]
                x = whole[xi]
                pair = x + c if x_first else c + x
                if (whole == word + (x + c if x_first else c + x) and _is_han(x)
                        and data.pairs.get(pair, 0) >= min_pair
                        and _whole_words(text, start, n, pair_at=len(word))
                        and _count(text, lo, hi, whole) >= min_repeats):
                    return whole, start
            pos = text.find(needle, pos + 1, hi)
    return None


def _count(text: str, lo: int, hi: int, needle: str) -> int:
    return text.count(needle, lo, hi)


def _whole_words(text: str, start: int, n: int, pair_at: int = 0) -> bool:
    """At the other place the completed string begins and ends on word boundaries and the two characters at
    ``pair_at`` (the lost one and its partner: its first two, or its last two for a completion on the left) are
    inside one word there (法治, 服务中心; 依法行政)."""
    from .data import tokens
    lo, hi = max(0, start - 8), min(len(text), start + n + 8)
    toks = tokens(text, lo, hi)
    a, b = start + pair_at, start + pair_at + 2
    return (any(t.start == start for t in toks) and any(t.start <= a and b <= t.end for t in toks)
            and (any(t.end == start + n for t in toks) or start + n == hi))


def dangling(text: str, body: tuple[int, int], toks: Sequence[Token], data: SlipData, lone: AbstractSet[str],
             min_pair: int, max_alone_bare: int, min_begin: float) -> Iterator[tuple[int, int, str]]:
    """(start, end, the word or phrase it breaks) for each character cut off before a non-Chinese mark.

    Two ways to be sure enough: the word before it and the character with its usual partner make a fixed
    phrase of the dictionary (充分 + 发 → 充分发挥); or the character almost never stands alone (at most
    `max_alone_bare` ‰), mostly begins its words (at least `min_begin` of its two-character words' uses: the
    end of an unlisted word, 质效, is not cut off) and the word it begins is written elsewhere in the same
    document (培“ — 培训). Either way the character follows a word of two characters or more (or a closing
    quote): after another lone character it is more likely the end of a name (记者温宪，周公，)."""
    for i, t in enumerate(toks):
        if t.word not in lone:
            continue
        after = text[t.end] if t.end < len(text) else "\n"
        if _is_han(after) or (after.isspace() and after != "\n") or after in "、":
            continue
        if t.start == 0 or not (_is_han(text[t.start - 1]) or text[t.start - 1] in "”’」』"):
            continue        # （民）, Ａ级: an abbreviation or a label, not a word cut short
        prev = toks[i - 1] if i > 0 else None
        if prev is not None and prev.han and len(prev.word) >= 2:
            phrase = next((prev.word + w for w, f in data.lead.get(t.word, ())
                           if f >= min_pair and prev.word + w in data.phrases), None)
            if phrase:
                yield prev.start, t.end, phrase
                continue
        after_word = prev is not None and ((prev.han and len(prev.word) >= 2) or prev.word in "”’」』")
        if after_word and data.alone.get(t.word, 1000) <= max_alone_bare and data.begins(t.word) >= min_begin:
            word = next((w for w, f in data.lead.get(t.word, ())
                         if f >= min_pair and text.find(w, body[0], body[1]) != -1), None)
            if word:
                yield (prev.start if prev is not None and prev.han else t.start), t.end, word
