"""The human output reads most important first: document-level errors, then the text (--sort)."""
from __future__ import annotations

from click.testing import CliRunner

from checker.cli import main

REPORT = """某县人民政府关于2025年度法治政府建设情况的报告
一、主要举措和成效
按照县委布署，全年开展普法活动12场,受理案件。
二、下一年度主要安排
继续深化法治宣传。
"""


def lines(tmp_path, *args: str) -> list[str]:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--isolated", "--format", "concise", *args, str(path)])
    return [ln.split(" ")[2] for ln in out.stdout.splitlines()]


def test_document_level_errors_come_first_by_default(tmp_path) -> None:
    rules = lines(tmp_path)
    first_text = rules.index("wording.known-typo")
    assert {"structure.part-missing", "signature.missing", "date.missing"} <= set(rules[:first_text])
    assert all(r.split(".")[0] in ("structure", "signature", "date") for r in rules[:first_text])


def test_position_keeps_text_order(tmp_path) -> None:
    rules = lines(tmp_path, "--sort", "position")
    assert rules.index("wording.known-typo") < rules.index("punctuation.half-width-comma") < rules.index(
        "signature.missing")


def test_severity_puts_errors_first(tmp_path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--isolated", "--format", "concise", "--sort", "severity", str(path)])
    order = [ln.split(" ")[1] for ln in out.stdout.splitlines()]
    rank = {"error": 0, "warning": 1, "info": 2}
    assert "warning" in order and [rank[s] for s in order] == sorted(rank[s] for s in order)


def test_json_keeps_the_engine_order(tmp_path) -> None:
    import json

    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--sort", "severity", str(path)])
    ds = json.loads(out.stdout)["files"][0]["diagnostics"]
    keys = [(-1 if d["start"] is None else d["start"]) for d in ds]
    assert keys == sorted(keys)
