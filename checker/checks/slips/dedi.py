"""的 where 地 belongs: a manner adverbial, then 的, then a verb that takes an object, then its object (a word
of two characters or more: 迅速的发展和普及 has none) (更高效的发挥行政执法平台监督作用 — 高效地发挥). The adverbials, the verbs and the nouns that make
"的 + verb + noun" a noun phrase instead (积极的推动作用) are lists in the rule's YAML."""
from __future__ import annotations

from typing import AbstractSet, Iterator, Sequence

from .data import Token


def de_di(toks: Sequence[Token], adverbs: AbstractSet[str], verbs: AbstractSet[str], heads: AbstractSet[str]
          ) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, adverbial, verb) for each adverbial + 的 + verb + object."""
    for i in range(1, len(toks) - 2):
        if toks[i].word != "的" or toks[i - 1].word not in adverbs or toks[i + 1].word not in verbs:
            continue
        obj = toks[i + 2]
        if not obj.han or len(obj.word) < 2 or obj.word in heads:
            continue
        if any(obj.word.startswith(h) for h in heads):
            continue
        yield toks[i - 1].start, toks[i + 1].end, toks[i - 1].word, toks[i + 1].word
