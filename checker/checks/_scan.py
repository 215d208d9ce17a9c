"""Skip the paragraphs a pattern cannot match in: those without a character every match needs, and those
a search over many paragraphs at once shows to have no match.

First, required characters: most patterns cannot match without one of a few characters (a half-width comma
rule needs ","; 约数 rules need 余, 多 or 十). `required` reads them from the pattern's syntax tree, and a
paragraph without any of them is skipped — a match lies inside its paragraph, so this holds whatever the
pattern's anchors and lookarounds do. A pattern whose tree cannot be read this way (a Unicode property
class standing alone, case-insensitive matching, syntax only the `regex` engine has) has no required set.

Second, one search for many paragraphs.

Kinds search each paragraph on its own (`finditer(text, start, end)`), so a match never runs into the next
paragraph, and each call has its own time limit. For most rules most paragraphs have no match, and the
per-call cost (the time limit's set-up above all) is then most of the work. One search over a stretch of
paragraphs tells which of them can be skipped: if the pattern matches nowhere from a paragraph's start to
the stretch's end, it matches in none of the paragraphs inside that stretch; if its first match there starts
at q, no paragraph match starts before q. That holds when the pattern's success at a position cannot depend on
where the searched text ends or begins — true of ordinary backtracking patterns (literals, classes,
quantifiers, alternation, lookbehind, positive lookahead, backreferences), false of the constructs
`_SENSITIVE` finds, for which every paragraph is searched as before. Findings are the same either way.
"""
from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Span

# $ \Z \b \B \m \M (end of text, word boundaries) · \A \G \K (start of search) · \X (graphemes run on) ·
# (?! negative lookahead · (?> atomic · (?( conditional · (?R (?1 (?& (?P> recursion · (?…r reversed ·
# possessive quantifiers · {e<=1} fuzzy matching. A literal "$" or "\\b" is caught too: only a skipped
# shortcut, never a different finding.
_SENSITIVE = re.compile(r"\$|\\[AbBGKmMXZz]|\(\?(?:!|>|\(|R|&|P>|[0-9+-]|[a-zA-Z]*r)|[*+?}]\+|\{[^}]*[eids]\s*[<=]")
WINDOW = 50_000          # characters one look-ahead search covers at most

# Syntax the `regex` engine reads differently from the standard library's parser (POSIX classes, named lists,
# word-boundary and grapheme escapes, fuzzy matching, its own flags) or that could hide in a doubled backslash:
# no required set is read from such a pattern.
_REGEX_ONLY = re.compile(r"\[:|\\[LmMXGKh\\]|\{[^}]*[eids]\s*[<=]|\(\?[a-zA-Z]*[rfwbepV]")
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_UNKNOWN = "\ue000"      # stands for a property class (\p{Han}): any of many characters
REQUIRED_LIMIT = 64       # a larger set is no use as a filter


@functools.lru_cache(maxsize=1024)
def required(pattern: str) -> frozenset[str] | None:
    """Characters one of which every match of `pattern` contains, or None when that cannot be told."""
    _parser = importlib.import_module("re._parser")      # the standard library's own pattern parser

    if _UNKNOWN in pattern or _REGEX_ONLY.search(pattern):
        return None
    try:
        tree = _parser.parse(_PROPERTY.sub(lambda m: "\\ue000", pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    found = _sequence(tree)
    return frozenset(found) if found and len(found) <= REQUIRED_LIMIT else None


def _sequence(items: Any) -> set[str] | None:
    """Every item of a sequence matches, so the smallest set any one item requires is required."""
    best: set[str] | None = None
    for op, av in items:
        found = _node(op, av)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _node(op: Any, av: Any) -> set[str] | None:
    c = importlib.import_module("re._constants")

    if op is c.LITERAL:
        return None if chr(av) == _UNKNOWN else {chr(av)}
    if op is c.IN:
        out: set[str] = set()
        for item, value in av:
            if item is c.LITERAL and chr(value) != _UNKNOWN:
                out.add(chr(value))
            elif item is c.RANGE and value[1] - value[0] <= REQUIRED_LIMIT and not value[0] <= 0xE000 <= value[1]:
                out.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None             # a negated set, \d, \s, \w, a property, a wide range
        return out
    if op is c.BRANCH:
        out = set()
        for alternative in av[1]:
            found = _sequence(alternative)
            if found is None:
                return None
            out |= found
        return out
    if op is c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _sequence(av[3])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        return _sequence(av[2]) if av[0] >= 1 else None
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(av)
    return None                         # anchors, lookarounds, back-references, any character


@functools.lru_cache(maxsize=1024)
def _required_scanner(pattern: str) -> Any:
    chars = required(pattern)
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]") if chars else None


def skippable(pattern: str) -> bool:
    """Whether paragraphs without a match may be skipped for this pattern (see the module docstring)."""
    return _SENSITIVE.search(pattern) is None


def candidates(compiled: Any, pattern: str, text: str, spans: Iterable[Span], timeout: float) -> Iterator[Span]:
    """The spans (in order) in which `compiled` may match; the others certainly have no match.

    A look-ahead search that runs out of time stops the skipping: the remaining spans are all given, and
    the caller's own per-span searches apply the time limit as before."""
    scanner = _required_scanner(pattern)
    if scanner is not None:
        spans = [s for s in spans if scanner.search(text, s.start, s.end) is not None]
    else:
        spans = list(spans)
    if not spans or not skippable(pattern):
        yield from spans
        return
    limit = max(s.end for s in spans)
    skip = True
    nxt = -1      # no match starts before this offset (valid for spans starting at or after `searched`)
    searched = -1
    for span in spans:
        if skip and (span.start < searched or nxt <= span.start):
            end = min(limit, span.start + WINDOW)
            try:
                m = compiled.search(text, span.start, max(end, span.end), timeout=timeout)
            except TimeoutError:
                skip = False
                yield span
                continue
            searched = span.start
            nxt = m.start() if m is not None else max(end, span.end) + 1
        if skip and span.end < nxt:
            continue
        yield span


# ---- literal probes -----------------------------------------------------------------------------------

PROBES_LIMIT = 16         # more alternatives than this: no use as a filter


@functools.lru_cache(maxsize=4096)
def probes(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` contains (the longest that can be told), or None.

    A `terms` list holds hundreds of entries of which a report contains a handful: ``str.find`` for a probe
    rules out an entry far faster than a search with the pattern (and its time limit). Read from the same
    syntax tree as `required`: a run of literal characters is one probe; an alternation gives one probe per
    branch; lookarounds, classes and repeats that may be absent give none."""
    _parser = importlib.import_module("re._parser")

    if _UNKNOWN in pattern or _REGEX_ONLY.search(pattern):
        return None
    try:
        tree = _parser.parse(_PROPERTY.sub(lambda m: "\\ue000", pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    found = _seq_probes(tree)
    return tuple(sorted(found)) if found else None


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _seq_probes(items: Any) -> set[str] | None:
    c = importlib.import_module("re._constants")
    best: set[str] | None = None
    run: set[str] = {""}          # consecutive literals and small classes: every string the run can be
    for op, av in items:
        chars = ({chr(av)} if op is c.LITERAL and chr(av) != _UNKNOWN else
                 _node(op, av) if op is c.IN else None)
        if chars and len(run) * len(chars) <= PROBES_LIMIT:
            run = {r + ch for r in run for ch in chars}
            continue
        if run != {""}:
            best = _better(best, run)
        run = {""}
        if chars:
            run = set(chars) if len(chars) <= PROBES_LIMIT else {""}
            continue
        found = _node_probes(op, av)
        if found is not None:
            best = _better(best, found)
    if run != {""}:
        best = _better(best, run)
    return best


def _node_probes(op: Any, av: Any) -> set[str] | None:
    c = importlib.import_module("re._constants")
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _seq_probes(alternative)
            if not found:
                return None
            out |= found
        return out if len(out) <= PROBES_LIMIT else None
    if op is c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _seq_probes(av[3])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        return _seq_probes(av[2]) if av[0] >= 1 else None
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _seq_probes(av)
    if op is c.IN:
        chars = _node(op, av)
        return chars if chars is not None and len(chars) <= PROBES_LIMIT else None
    return None


class ProbeSet:
    """Which of many items may occur in a text, told by one scan for all their probes (`probes`).

    Item k may occur only where one of its probes does; items with no probes always may. One alternation of
    every probe (longest first) is searched once; a probe hidden inside the match at some position (a shorter
    probe there is a prefix of it, one starting later inside it is looked for at each of its positions) is
    found too, so the answer is exactly "the items one of whose probes occurs". Plain `re`, no time limit
    needed: the pattern is a list of literals."""

    __slots__ = ("pattern", "owners", "always")

    def __init__(self, item_probes: Iterable[tuple[str, ...] | None]) -> None:
        owners: dict[str, list[int]] = {}
        always: list[int] = []
        for k, found in enumerate(item_probes):
            if not found:
                always.append(k)
                continue
            for s in found:
                owners.setdefault(s, []).append(k)
        self.owners = {s: tuple(ks) for s, ks in owners.items()}
        self.always = tuple(always)
        words = sorted(self.owners, key=lambda s: (-len(s), s))
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def present(self, text: str, lo: int, hi: int) -> set[int]:
        out = set(self.always)
        if self.pattern is None:
            return out
        owners, match = self.owners, self.pattern.match
        for m in self.pattern.finditer(text, lo, hi):
            starts = [m]
            starts += [x for q in range(m.start() + 1, m.end()) if (x := match(text, q, hi)) is not None]
            for x in starts:
                word = x.group()
                for n in range(1, len(word) + 1):
                    ks = owners.get(word[:n])
                    if ks:
                        out.update(ks)
        return out
