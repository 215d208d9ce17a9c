"""Data-driven rule tests: every ``tests/cases/<rule-id>.yaml`` runs its rule, alone, on each case's text.

A case file::

    rule: date.malformed
    cases:
      - name: run-together-digits
        text: |
          某某镇人民政府关于2025年法治政府建设情况的报告
          ...
        expect:
          - {text: "2026115", suggestion: "2026年1月15日"}

``expect`` lists the diagnostics in order of position (document-level findings, with no position, first).
Each item may give ``text`` (the flagged text; ``null`` for a finding with no position), ``suggestion``,
``part``, ``line`` and ``message_contains``; keys left out are not checked. The number of diagnostics must
equal the number of items, so ``expect: []`` means the rule must stay silent.

Meta-tests: every rule of the default pack has a case file with at least 3 firing and 3 silent cases,
every case file names a real rule, and every rule's own ``examples`` behave as documented.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.packs import resolve
from checker import runner
from checker.runner import findings

CASES_DIR = Path(__file__).resolve().parent / "cases"
EXPECT_KEYS = {"text", "suggestion", "part", "line", "message_contains"}
CASE_KEYS = {"name", "text", "expect"}   # `format:` / `config:` are not supported yet: refused, not ignored
FILE_KEYS = {"rule", "cases"}
MIN_FIRING = 3
MIN_SILENT = 3


@dataclass(frozen=True)
class Case:
    file: str
    rule: str
    name: str
    text: str
    expect: tuple[dict[str, Any], ...]

    @property
    def id(self) -> str:
        return f"{self.rule}::{self.name}"


def _rules() -> dict[str, Any]:
    return {r.id: r for r in resolve(["default"])[1]}


def _load_file(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "rule" not in data or not isinstance(data.get("cases"), list):
        raise ValueError(f"{path.name}: a case file is a mapping with `rule` and a list of `cases`")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise ValueError(f"{path.name}: unknown top-level keys {sorted(unknown)}")
    return data


def collect() -> list[Case]:
    out: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = _load_file(path)
        for item in data["cases"]:
            unknown = set(item) - CASE_KEYS
            if unknown:
                raise ValueError(f"{path.name}: case {item.get('name')!r} has unknown keys {sorted(unknown)}")
            for e in item.get("expect") or ():
                bad = set(e) - EXPECT_KEYS
                if bad:
                    raise ValueError(f"{path.name}: case {item['name']!r} expects unknown keys {sorted(bad)}")
            out.append(Case(path.name, data["rule"], item["name"], item["text"],
                            tuple(item.get("expect") or ())))
    return out


CASES = collect()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES, ids=[c.id for c in CASES])


@pytest.fixture(scope="module")
def rules_by_id() -> dict[str, Any]:
    return _rules()


def _position(d: Any) -> tuple[int, int]:
    return (-1, -1) if d.span is None else (d.span.start, d.span.end)


def _describe(diags: list[Any]) -> str:
    return "\n".join(f"  - text={d.text!r} suggestion={d.suggestion!r} part={d.part and str(d.part)!r} "
                     f"line={d.line} message={d.message!r}" for d in diags) or "  (none)"


def test_case(case: Case, rules_by_id: dict[str, Any]) -> None:
    rule = rules_by_id.get(case.rule)
    assert rule is not None, f"{case.file}: no rule {case.rule!r} in the default pack"
    doc_text = runner.document_for(rule, case.text).text
    diags = sorted(findings(rule, case.text), key=_position)
    got = _describe(diags)
    assert len(diags) == len(case.expect), (
        f"{case.id}: expected {len(case.expect)} diagnostic(s), got {len(diags)}:\n{got}")
    for d in diags:
        assert d.rule == case.rule
        if d.span is not None:
            assert doc_text[d.span.start:d.span.end] == d.text, f"{case.id}: span does not match its text"
        else:
            assert d.text is None, f"{case.id}: a finding with no position has text {d.text!r}"
    for n, (d, want) in enumerate(zip(diags, case.expect), 1):
        where = f"{case.id}: diagnostic {n}\n{got}"
        if "text" in want:
            assert d.text == want["text"], where
        if "suggestion" in want:
            assert d.suggestion == want["suggestion"], where
        if "part" in want:
            assert (str(d.part) if d.part else None) == want["part"], where
        if "line" in want:
            assert d.line == want["line"], where
        if "message_contains" in want:
            assert want["message_contains"] in d.message, where


# ---- meta-tests ---------------------------------------------------------------------------------------


def test_every_default_rule_has_a_case_file() -> None:
    files = {p.stem for p in CASES_DIR.glob("*.yaml")}
    missing = sorted(set(_rules()) - files)
    assert not missing, f"rules without tests/cases/<rule-id>.yaml: {missing}"


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_case_file_names_a_real_rule(path: Path) -> None:
    data = _load_file(path)
    assert data["rule"] in _rules(), f"{path.name}: no rule {data['rule']!r} in the default pack"
    assert path.stem == data["rule"], f"{path.name}: the file should be named {data['rule']}.yaml"
    names = [c["name"] for c in data["cases"]]
    assert len(names) == len(set(names)), f"{path.name}: duplicate case names"


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_case_file_has_enough_cases(path: Path) -> None:
    cases = _load_file(path)["cases"]
    firing = sum(1 for c in cases if c.get("expect"))
    silent = sum(1 for c in cases if not c.get("expect"))
    assert firing >= MIN_FIRING, f"{path.name}: {firing} firing case(s), want at least {MIN_FIRING}"
    assert silent >= MIN_SILENT, f"{path.name}: {silent} silent case(s), want at least {MIN_SILENT}"


@pytest.mark.parametrize("rule_id", sorted(_rules()))
def test_rule_examples(rule_id: str, rules_by_id: dict[str, Any]) -> None:
    assert runner.test_rule(rules_by_id[rule_id]) == []  # imported via the module: pytest must not collect it
