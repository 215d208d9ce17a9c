"""The tables the slips detectors read (built by scripts/build_slips_data.py, shipped as checker/data/slips.json.gz)
and the segmentation of a paragraph. Both load on first use, once per process: a run whose rules include no
slips rule, and `fzlint --help`, never import rjieba nor read the tables."""
from __future__ import annotations

import functools
from itertools import accumulate
from dataclasses import dataclass
from typing import Mapping, NamedTuple

DATA_FILE = ("checker", "data/slips.json.gz")
BREAKS = frozenset("，。；：！？,;:!?\n")          # marks that end a clause (half-width too: pages fold them)


class Token(NamedTuple):
    """A word and its absolute offsets into Document.text. A named tuple rather than a frozen dataclass: a
    10,000-character report has some 6,000 of them, and a tuple is built several times faster."""

    start: int
    end: int
    word: str

    @property
    def han(self) -> bool:
        return all("\u4e00" <= c <= "\u9fff" for c in self.word)


@dataclass(frozen=True, slots=True, eq=False)
class SlipData:
    alone: Mapping[str, int]              # per-mille share of a character's occurrences as a word by itself
    pairs: Mapping[str, int]              # two-character words → frequency
    lead: Mapping[str, tuple[tuple[str, int], ...]]   # character → frequent two-character words it begins
    phrases: Mapping[str, int]            # frequent word + word entries (充分发挥) → frequency
    idioms: Mapping[str, int]             # four-character idioms → frequency
    near: Mapping[str, int]               # words one character away from another idiom → frequency
    masks: Mapping[str, tuple[str, ...]]  # an idiom with one position as "?" → the idioms
    readings: Mapping[str, frozenset[str]]   # character → its readings (pinyin with tone)
    shape: Mapping[str, frozenset[str]]   # character → characters of similar shape

    idiom_heads: frozenset[str]           # the first two characters of every idiom
    idiom_tails: frozenset[str]           # the last two
    begin_share: Mapping[str, float]      # character → share of its two-character words' uses it begins

    def lone(self, max_alone: int, affixes: str) -> frozenset[str]:
        """The characters that stand alone at most max_alone ‰ of the time, the affixes left out."""
        return _lone(self, max_alone, affixes)

    def begins(self, c: str) -> float:
        return self.begin_share.get(c, 0.0)

    def same_sound(self, a: str, b: str) -> bool:
        return bool(self.readings.get(a, frozenset()) & self.readings.get(b, frozenset()))

    def same_shape(self, a: str, b: str) -> bool:
        return b in self.shape.get(a, frozenset())


@functools.lru_cache(maxsize=16)
def _lone(data: SlipData, max_alone: int, affixes: str) -> frozenset[str]:
    return frozenset(c for c, share in data.alone.items() if share <= max_alone and c not in affixes)


@functools.cache
def load_data() -> SlipData:
    import gzip
    import json
    from importlib.resources import files

    raw = json.loads(gzip.decompress(files(DATA_FILE[0]).joinpath(DATA_FILE[1]).read_bytes()))
    masks: dict[str, list[str]] = {}
    for w in raw["idioms"]:
        for i in range(4):
            masks.setdefault(w[:i] + "?" + w[i + 1:], []).append(w)
    shape: dict[str, set[str]] = {}
    for group in raw["shapes"]:
        for c in group:
            shape.setdefault(c, set()).update(x for x in group if x != c)
    begin: dict[str, int] = {}
    end: dict[str, int] = {}
    for w, f in raw["pairs"].items():
        begin[w[0]] = begin.get(w[0], 0) + f
        end[w[1]] = end.get(w[1], 0) + f
    return SlipData(
        alone=raw["alone"], pairs=raw["pairs"],
        lead={c: tuple((w, f) for w, f in v) for c, v in raw["lead"].items()},
        phrases=raw["phrases"], idioms=raw["idioms"], near=raw["near"],
        masks={k: tuple(v) for k, v in masks.items()},
        readings={c: frozenset(r.split(",")) for c, r in raw["pinyin"].items()},
        shape={c: frozenset(v) for c, v in shape.items()},
        idiom_heads=frozenset(w[:2] for w in raw["idioms"]), idiom_tails=frozenset(w[2:] for w in raw["idioms"]),
        begin_share={c: f / (f + end.get(c, 0)) for c, f in begin.items()})


@functools.lru_cache(maxsize=4096)
def _tokens(text: str, start: int) -> tuple[Token, ...]:
    import rjieba

    try:
        words = rjieba.cut(text, False)
    except UnicodeEncodeError:      # a lone surrogate (text that was never valid): segment a same-length stand-in
        stand_in = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
        words = rjieba.cut(stand_in, False)
    ends = tuple(accumulate(map(len, words), initial=start))
    return tuple(map(Token, ends[:-1], ends[1:], (text[a - start:b - start] for a, b in zip(ends, ends[1:]))))


def tokens(text: str, start: int, end: int) -> tuple[Token, ...]:
    """The words of text[start:end] (rjieba without HMM, jieba's dictionary), with absolute offsets.
    Cached per paragraph: the detectors of one document segment each paragraph once."""
    return _tokens(text[start:end], start)
