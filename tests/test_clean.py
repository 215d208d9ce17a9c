"""The clean corpus: realistic reports, correct in every respect a reviewer at a 司法局 checks.

Every file in tests/clean/ (different levels of government, reporting years 2024 and 2025, heading styles,
GB18030 and CRLF files, a .docx) must get no error and no warning from the whole default set: a finding
here is a false alarm to fix in the rule, not in the text. Info findings are allowed.
"""
from __future__ import annotations

import re

import pytest
from helpers import ROOT

from checker.load import load
from checker.model import MANDATED_PARTS, Severity
from checker.outline import build_outline
from checker.runner import check_file

CLEAN_DIR = ROOT / "tests" / "clean"
CLEAN = sorted(p for p in CLEAN_DIR.iterdir() if p.suffix in (".txt", ".docx") and not p.name.startswith("."))


def _describe(findings) -> str:
    return "\n".join(f"  {d.line}:{d.column} {d.severity.label} {d.rule} “{d.text or ''}” {d.message}"
                     for d in findings)


def test_corpus_is_there() -> None:
    assert len([p for p in CLEAN if p.suffix == ".txt"]) >= 6


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_no_error_and_no_warning(path, rules) -> None:
    result = check_file(str(path), rules)
    assert result.error is None, result.error
    bad = [d for d in result.diagnostics if d.severity >= Severity.WARNING]
    info = [d for d in result.diagnostics if d.severity < Severity.WARNING]
    assert not bad, (f"{path.name}: {len(bad)} error/warning finding(s) on a clean report:\n{_describe(bad)}"
                     + (f"\ninfo findings:\n{_describe(info)}" if info else ""))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_outline_is_complete(path) -> None:
    doc = load(path)
    outline = build_outline(doc)
    assert outline.title is not None, f"{path.name}: no title found"
    assert outline.signature is not None, f"{path.name}: no signature found"
    assert outline.date is not None, f"{path.name}: no 成文日期 found"
    missing = [p.zh for p in MANDATED_PARTS if not outline.parts.get(p)]
    assert not missing, f"{path.name}: mandated parts not found: {missing}"
    title = doc.text[outline.title.start:outline.title.end]
    assert outline.report_year is not None and str(outline.report_year) in title
    # the 成文日期 is in the year after the reporting year, before 4月1日
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", outline.date.text)
    assert m, outline.date.text
    assert int(m.group(1)) == outline.report_year + 1 and int(m.group(2)) <= 3


def test_corpus_covers_encodings_and_line_ends() -> None:
    names = {p.name for p in CLEAN}
    gb = [n for n in names if n.endswith("_gb18030.txt")]
    assert gb and all(load(CLEAN_DIR / n).encoding == "gb18030" for n in gb)
    assert any(b"\r\n" in (CLEAN_DIR / n).read_bytes() for n in names if n.endswith(".txt"))
