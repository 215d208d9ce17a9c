"""What the configuration does to rules and findings: select / ignore / severity, per-file ignores, excluded
paths and the words that are right here (``accept``). (The office's own wrong → right list, ``reject``, becomes
a rule in checker/session.py: building a rule takes the packs, which the configuration does not import.)

Selectors. A selector is a rule id or a prefix of ids that ends at a boundary: ``figures`` and ``figures.``
match every ``figures.*`` rule, ``structure.title`` matches ``structure.title-missing`` and
``structure.title-incomplete`` (``.`` and ``-`` are boundaries), ``date.malformed`` matches that rule only.
As in ruff, the more specific selector wins: ``select: [date.malformed]`` with ``ignore: [date]`` keeps
date.malformed, ``select: [date]`` with ``ignore: [date.untimely]`` drops date.untimely; at equal
specificity ignore wins. ``severity`` overrides by the most specific matching selector.

Accepted words. A finding whose text lies inside an occurrence of an accepted word in the document is
dropped — but only for the categories in ACCEPT_CATEGORIES: ``wording`` (typos, wrong forms, the reject
list), ``punctuation`` (a registered name such as “华润(中国)有限公司” keeps its half-width brackets) and
``figures`` (a name made of numerals or digits is not a number to check). These judge how a few characters
are written, which a proper name may legitimately break. ``structure``, ``signature``, ``date`` and
``numbering`` findings are about the document's shape and facts: an accepted organ name must not hide a
signature that does not match the title, so ``accept`` never suppresses them.
"""
from __future__ import annotations

import difflib
import fnmatch
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..errors import ConfigError
from ..model import Category, Rule, Severity, Span

if TYPE_CHECKING:
    from .discovery import Settings

ACCEPT_CATEGORIES = frozenset({Category.WORDING, Category.PUNCTUATION, Category.FIGURES})


# ---------------------------------------------------------------------------------------------- selectors

def matches(selector: str, rule_id: str) -> bool:
    """``selector`` is ``rule_id`` or a prefix of it ending at a ``.`` / ``-`` boundary."""
    if not rule_id.startswith(selector):
        return False
    return (len(rule_id) == len(selector) or selector.endswith((".", "-"))
            or rule_id[len(selector)] in ".-")


def _specificity(selectors: Iterable[str], rule_id: str) -> int:
    """Length of the most specific matching selector; -1 when none matches."""
    return max((len(s) for s in selectors if matches(s, rule_id)), default=-1)


def _check_known(selectors: Iterable[str], ids: Sequence[str], key: str, settings: Settings) -> None:
    for sel in selectors:
        if any(matches(sel, rid) for rid in ids):
            continue
        prefixes = sorted({rid.split(".")[0] for rid in ids})
        near = difflib.get_close_matches(sel, [*ids, *prefixes], n=3, cutoff=0.6)
        hint = f"是不是 {', '.join(near)}？" if near else f"规则前缀有：{', '.join(prefixes)}"
        raise ConfigError(f"“{sel}”不是任何已加载规则的编号或前缀；{hint}", settings.source, key)


def select_rules(rules: Sequence[Rule[Any]], settings: Settings) -> list[Rule[Any]]:
    """The rules ``select`` keeps and ``ignore`` does not drop, in their order, with ``severity`` applied.
    A selector (in select, ignore, severity or per-file-ignores) that matches no rule is a ConfigError."""
    ids = [r.id for r in rules]
    _check_known(settings.select, ids, "select", settings)
    _check_known(settings.ignore, ids, "ignore", settings)
    _check_known((s for s, _ in settings.severity), ids, "severity", settings)
    for _glob, sels in settings.per_file_ignores:
        _check_known(sels, ids, "per-file-ignores", settings)
    out = []
    for rule in rules:
        chosen = _specificity(settings.select, rule.id) if settings.select else 0
        if chosen < 0 or _specificity(settings.ignore, rule.id) >= chosen:
            continue
        overrides = [(len(s), level) for s, level in settings.severity if matches(s, rule.id)]
        if overrides:
            rule = replace(rule, severity=Severity.parse(max(overrides)[1]))
        out.append(rule)
    return out


# ---------------------------------------------------------------------------------------------- paths

def path_matches(path: str, pattern: str, root: str | os.PathLike[str] | None = None) -> bool:
    """A glob against a path: the path as given, its POSIX form, and (with ``root``, the configuration's
    folder) the path relative to root. A pattern without ``/`` also matches any single component
    (``草稿`` or ``*.bak.txt`` at any depth, as in .gitignore); ``**/x`` also matches ``x`` at the top."""
    pattern = pattern.replace("\\", "/").rstrip("/") or "/"
    posix = path.replace("\\", "/")
    candidates = {path, posix, posix.removeprefix("./")}
    if root is not None:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace("\\", "/")
        if not rel.startswith("../") and rel != "..":
            candidates.add(rel)
    patterns = [pattern, pattern[3:]] if pattern.startswith("**/") else [pattern]
    if "/" not in pattern:
        candidates.update(part for part in posix.split("/") if part not in ("", "."))
    return any(fnmatch.fnmatchcase(c, p) for c in candidates for p in patterns)


def ignored_for_path(path: str, rule_id: str, settings: Settings) -> bool:
    """``per-file-ignores``: some glob matching ``path`` names ``rule_id`` (or a prefix of it)."""
    return any(path_matches(path, glob, settings.root) and any(matches(s, rule_id) for s in sels)
               for glob, sels in settings.per_file_ignores)


def excluded(path: str, settings: Settings) -> bool:
    """``exclude``: a file or folder met while walking a folder that is not to be checked."""
    return any(path_matches(path, glob, settings.root) for glob in settings.exclude)


# ---------------------------------------------------------------------------------------------- accepted words

def accepted(diagnostic_text: str | None, doc_text: str, span: Span | None, settings: Settings,
             category: Category | str | None = None) -> bool:
    """True when the flagged span lies inside an occurrence of an accepted word in ``doc_text``. Pass the
    finding's ``category``: outside ACCEPT_CATEGORIES the answer is always False (see the module's doc).
    Without a span the finding's text itself must be (part of) an accepted word."""
    if not settings.accept:
        return False
    if category is not None and Category(category) not in ACCEPT_CATEGORIES:
        return False
    if span is None:
        return bool(diagnostic_text) and any(str(diagnostic_text) in w for w in settings.accept)
    width = span.end - span.start
    for word in settings.accept:
        n = len(word)
        if n < width or (width == 0 and n < 2):
            continue
        lo, hi = max(0, span.end - n), min(len(doc_text), span.start + n)
        i = doc_text.find(word, lo, hi)
        while i != -1:
            inside = i < span.start < i + n if width == 0 else i <= span.start and span.end <= i + n
            if inside:
                return True
            i = doc_text.find(word, i + 1, hi)
    return False
