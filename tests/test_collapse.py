"""One finding per systematic slip (engine.collapse): the same slip of one rule at more places than the
rule's limit is one diagnostic that names every place; different slips, and a handful, stay apart."""
from __future__ import annotations

import dataclasses
import json

from click.testing import CliRunner

from checker.cli import main
from checker.engine import DEFAULT_COLLAPSE, count_note
from checker.packs import resolve
from checker.runner import check_text

REPORT = ("某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n{body}\n"
          "二、存在的不足和原因\n执法力量不足，原因是编制紧张。\n某县人民政府\n2026年2月10日\n")


def rules_by_id():
    return {r.id: r for r in resolve(["default"])[1]}


def test_a_repeated_typo_is_one_finding_with_every_place() -> None:
    rule = rules_by_id()["wording.known-typo"]
    text = REPORT.format(body="按照县委布署，" * 5 + "再接再励。")
    found = check_text(text, [rule]).diagnostics
    assert [(d.text, len(d.occurrences)) for d in found] == [("布署", 5), ("再接再励", 0)]
    merged = found[0]
    assert merged.message.endswith(count_note(5)) and "全文共5处" in merged.message
    starts = [o.span.start for o in merged.occurrences]
    assert starts == sorted(starts) and merged.span == merged.occurrences[0].span
    assert all(text[o.span.start:o.span.end] == "布署" == o.text for o in merged.occurrences)
    assert [o.line for o in merged.occurrences] == [3] * 5


def test_a_handful_is_listed_one_by_one() -> None:
    rule = rules_by_id()["wording.known-typo"]
    text = REPORT.format(body="按照县委布署，" * DEFAULT_COLLAPSE)
    found = check_text(text, [rule]).diagnostics
    assert len(found) == DEFAULT_COLLAPSE and not any(d.occurrences for d in found)
    assert not any("全文共" in d.message for d in found)


def test_a_rule_may_set_its_own_limit_or_never_merge() -> None:
    rule = rules_by_id()["wording.known-typo"]
    text = REPORT.format(body="按照县委布署，" * 5)
    assert len(check_text(text, [dataclasses.replace(rule, collapse=0)]).diagnostics) == 5
    assert len(check_text(text, [dataclasses.replace(rule, collapse=10)]).diagnostics) == 5
    assert len(check_text(text, [dataclasses.replace(rule, collapse=1)]).diagnostics) == 1


def test_different_findings_of_one_rule_are_not_merged() -> None:
    """Two rates that do not add up are two findings, however many there are: the default key is the text."""
    rule = rules_by_id()["figures.rate-over-100"]
    body = "，".join(f"办结率10{k}%" for k in range(1, 7)) + "。"
    found = check_text(REPORT.format(body=body), [rule]).diagnostics
    assert len(found) == 6 and not any(d.occurrences for d in found)


def test_a_pattern_rule_merges_its_hits_and_fixes_every_place() -> None:
    rule = rules_by_id()["punctuation.space-around-mark"]
    body = "全年开展普法活动 。受理案件 。办结案件 。化解纠纷 。"
    (d,) = check_text(REPORT.format(body=body), [rule]).diagnostics
    assert len(d.occurrences) == 4 and len(d.fix["edits"]) == 4


def test_a_silenced_place_is_neither_reported_nor_counted(tmp_path) -> None:
    """Suppressions apply to each place before merging: four slips, one silenced on its line, are three."""
    rule = rules_by_id()["wording.known-typo"]
    body = "\n".join(["按照县委布署。"] * 3 + ["按照县委布署。 // fzlint: disable-line=wording.known-typo"])
    found = check_text(REPORT.format(body=body), [rule]).diagnostics
    assert [d.rule for d in found] == ["wording.known-typo"] * 3 and not any(d.occurrences for d in found)


def test_json_lists_every_place(tmp_path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT.format(body="按照县委布署，" * 4), encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--select", "wording.known-typo",
                                    str(path)])
    (d,) = json.loads(out.stdout)["files"][0]["diagnostics"]
    assert len(d["occurrences"]) == 4 and d["occurrences"][0]["start"] == d["start"]
    assert {o["text"] for o in d["occurrences"]} == {"布署"} and all(o["suggestion"] == "部署" for o in d["occurrences"])


def test_rich_output_names_every_place(tmp_path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT.format(body="按照县委布署，" * 4), encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "--isolated", "--format", "rich", "--select", "wording.known-typo",
                                    str(path)])
    assert "各处（共4处）：3:5、3:12、3:19、3:26" in out.stdout


def test_a_suspected_slip_gives_way_to_the_typo_list_at_the_same_place() -> None:
    """`defer_to`: the idiom detector and the typo list both know 再接再励; the drafter reads it once, from the
    list (certain, with the right form). Where the list is silent the suspicion still speaks."""
    rules = rules_by_id()
    idiom, typo = rules["wording.slip-idiom"], rules["wording.known-typo"]
    assert "wording.known-typo" in idiom.defer_to
    text = REPORT.format(body="全县上下再接再励，全镇干部坚持不泄抓好普法。")
    alone = check_text(text, [idiom]).diagnostics
    assert {d.text for d in alone} >= {"再接再励"}
    both = check_text(text, [idiom, typo]).diagnostics
    assert [(d.rule, d.text) for d in both if d.text == "再接再励"] == [("wording.known-typo", "再接再励")]
    trimmed = dataclasses.replace(typo, params=dataclasses.replace(
        typo.params, entries=tuple(e for e in typo.params.entries if e.get("id") != "t081")))
    assert ("wording.slip-idiom", "再接再励") in [(d.rule, d.text) for d in check_text(text, [idiom, trimmed]).diagnostics]
