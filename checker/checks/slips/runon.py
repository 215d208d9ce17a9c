"""Two clauses run together without a comma, found by what a comma would have separated:

- repeat: one clause (no mark between) holds the same predicate twice, each led by a manner adverb
  (认真领会…重要指示精神深刻领会其中…);
- purpose: a clause opened by 为 that reaches its verb (提供, 营造…) and then opens a second 为 and reaches a
  second such verb (为…提供有力法治保障为…营造良好法治环境);
- join: the object of a studying verb (贯彻落实…思想) followed straight by the opening of a new predicate
  (…习近平法治思想坚持依法执政).
The word lists are the rule's YAML."""
from __future__ import annotations

from typing import AbstractSet, Iterator, Mapping, Sequence

from .data import BREAKS, Token


def clauses(toks: Sequence[Token]) -> Iterator[Sequence[Token]]:
    """The runs of words between marks that end a clause."""
    cuts = [i for i, t in enumerate(toks)
            if t.word in BREAKS or (len(t.word) > 1 and not t.word.isalnum() and not BREAKS.isdisjoint(t.word))]
    prev = 0
    for cut in cuts + [len(toks)]:
        if cut - prev > 1:
            yield toks[prev:cut]
        prev = cut + 1


def _predicate(toks: Sequence[Token], i: int, verbs: AbstractSet[str], adverbs: AbstractSet[str],
               compounds: Mapping[str, str]) -> str | None:
    """The verb of a manner adverb + verb at i: two tokens, or one that jieba keeps whole (深刻领会, looked up
    in `compounds`: adverb + verb → verb)."""
    w = toks[i].word
    if w in adverbs:
        return toks[i + 1].word if i + 1 < len(toks) and toks[i + 1].word in verbs else None
    return compounds.get(w)


def compounds_of(verbs: AbstractSet[str], adverbs: AbstractSet[str]) -> dict[str, str]:
    return {a + v: v for a in adverbs for v in verbs}


def repeat(clause: Sequence[Token], verbs: AbstractSet[str], adverbs: AbstractSet[str], compounds: Mapping[str, str],
           min_gap: int) -> Iterator[tuple[int, int, str]]:
    seen: dict[str, Token] = {}
    for i, t in enumerate(clause):
        verb = _predicate(clause, i, verbs, adverbs, compounds)
        if verb is None:
            continue
        first = seen.get(verb)
        if first is not None and t.start - first.end >= min_gap:
            end = t.end if t.word.endswith(verb) else clause[i + 1].end
            yield t.start, end, verb
            return
        seen.setdefault(verb, t)


def purpose(clause: Sequence[Token], opener: str, purpose_verbs: AbstractSet[str]) -> Iterator[tuple[int, int]]:
    if not clause or clause[0].word != opener:
        return
    reached = False
    for i, t in enumerate(clause[1:], 1):
        if t.word in purpose_verbs:
            reached = True
        elif t.word == opener and reached and i + 1 < len(clause) and clause[i - 1].han and clause[i + 1].han:
            if any(u.word in purpose_verbs for u in clause[i + 1:]):
                yield clause[i - 1].start, clause[i + 1].end
                return


def join(clause: Sequence[Token], governors: AbstractSet[str], heads: AbstractSet[str], openers: AbstractSet[str],
         blockers: AbstractSet[str]) -> Iterator[tuple[int, int, str]]:
    governed = False
    for i, t in enumerate(clause[:-1]):
        if t.word in blockers:
            governed = False
        elif t.word in governors:
            governed = True
        elif governed and t.word in heads and clause[i + 1].word in openers:
            yield t.start, clause[i + 1].end, t.word
            return
