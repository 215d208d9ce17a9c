"""A longer report is checked the same way throughout: with its body paragraphs repeated k times, every
paragraph-local finding (a pattern rule that neither collapses nor weighs the whole text) appears k times
in the repeated paragraphs, once in the others, at the same place in the line."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from checker.packs import resolve
from checker.runner import check_text

ROOT = Path(__file__).resolve().parent.parent


def _on_path() -> None:
    """benchmarks/scaling.py builds the longer reports (the benchmark's scaling rows use it too)."""
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))


def repeat_body_lines(text: str, times: int) -> tuple[str, list[int], set[int]]:
    _on_path()
    from scaling import repeat_body_lines as impl

    return impl(text, times)


def grow_to(text: str, chars: int) -> str:
    _on_path()
    from scaling import grow_to as impl

    return impl(text, chars)


REPORTS = sorted((ROOT / "seeds").glob("*.txt")) + [ROOT / "examples" / "draft-flawed.txt"]


def _local_rules() -> list[Any]:
    """The pattern rules whose findings depend on their paragraph alone: no `correct` form weighed against the
    whole text, and the engine's merging of repeated slips turned off (it counts over the whole text)."""
    import dataclasses

    return [dataclasses.replace(r, collapse=0) for r in resolve(["default"])[1]
            if r.kind == "pattern" and r.params.correct is None]


def _found(text: str, rules: list[Any], origin: list[int] | None = None) -> Counter[tuple[Any, ...]]:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    out: Counter[tuple[Any, ...]] = Counter()
    for d in check_text(text, rules).diagnostics:
        if d.span is None or d.line is None:
            continue
        line = d.line - 1
        out[(d.rule, origin[line] if origin else line, d.span.start - starts[line], d.text)] += 1
    return out


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_repeated_paragraphs_repeat_their_findings(path: Path) -> None:
    rules = _local_rules()
    text = path.read_text(encoding="utf-8")
    once = _found(text, rules)
    longer, origin, repeated = repeat_body_lines(text, 4)
    assert repeated and len(longer) > len(text)
    expected = Counter({key: n * (4 if key[1] in repeated else 1) for key, n in once.items()})
    assert _found(longer, rules, origin) == expected


def test_some_local_finding_is_repeated() -> None:
    """The test above is not vacuous: the flawed example has paragraph-local findings in repeated paragraphs."""
    path = ROOT / "examples" / "draft-flawed.txt"
    text = path.read_text(encoding="utf-8")
    _, _, repeated = repeat_body_lines(text, 2)
    assert any(key[1] in repeated for key in _found(text, _local_rules()))


def test_grow_to_reaches_the_length_asked() -> None:
    text = REPORTS[0].read_text(encoding="utf-8")
    grown = grow_to(text, 10_000)
    assert 10_000 <= len(grown) < 10_000 + max(len(line) + 1 for line in text.split("\n"))
    assert grown.split("\n")[0] == text.split("\n")[0]       # the title stays first, once
