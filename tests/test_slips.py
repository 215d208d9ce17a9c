"""The `slips` kind (suspected slips): its parameters are checked when the pack loads, its data ships in the
package and loads once per process, the `allow:` list silences a hit, and every finding says 疑似 and shows
its evidence, with no fix."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.checks.slips.data import load_data, tokens
from checker.errors import PackError
from checker.packs import resolve
from checker.runner import check_text

HEAD = """
id: mine
version: "1"
title: t
rules:
  - id: wording.my-slip
    kind: slips
    category: wording
    severity: info
    title: t
    message: "疑似：{text}，{evidence}"
    reference: r
"""
DEDI = "    detector: de-di\n    adverbs: [积极]\n    verbs: [参与]\n"


def pack(tmp_path: Path, extra: str) -> list:
    p = tmp_path / "p.yaml"
    p.write_text(textwrap.dedent(HEAD) + extra, encoding="utf-8")
    return resolve([str(p)])[1]


@pytest.mark.parametrize(("extra", "field"), [
    ("    detector: spelling\n", "detector"),
    ("    detector: de-di\n    verbs: [参与]\n", "adverbs"),
    ("    detector: run-on\n    aspects: [purpose]\n", "purpose_verbs"),
    ("    detector: idiom\n    known_ratio: 2\n", "known_ratio"),
    ("    detector: de-di\n    adverbs: [积极]\n    verbs: [参与]\n    colour: red\n", "colour"),
])
def test_unusable_parameters_are_refused_with_the_field(tmp_path: Path, extra: str, field: str) -> None:
    with pytest.raises(PackError) as info:
        pack(tmp_path, extra)
    assert "wording.my-slip" in str(info.value) and field in str(info.value)


def test_a_users_de_di_rule_runs_with_its_own_lists(tmp_path: Path) -> None:
    rules = pack(tmp_path, DEDI)
    found = check_text("各部门积极的参与基层社会治理，认真的落实部署。", rules, "<t>.txt").diagnostics
    assert [d.text for d in found] == ["积极的参与"]      # 认真/落实 are not in this rule's lists
    d = found[0]
    assert d.message.startswith("疑似") and "“积极”修饰动词“参与”" in d.message
    assert d.suggestion is None and d.fix is None


def test_allow_silences_a_hit_it_touches(tmp_path: Path) -> None:
    text = "各部门积极的参与基层社会治理。"
    assert check_text(text, pack(tmp_path, DEDI), "<t>.txt").diagnostics
    assert not check_text(text, pack(tmp_path, DEDI + "    allow: [的参]\n"), "<t>.txt").diagnostics
    assert check_text(text, pack(tmp_path, DEDI + "    allow: [基层社会]\n"), "<t>.txt").diagnostics


def test_the_evidence_names_the_line_of_the_whole_form() -> None:
    text = ("一、主要举措\n我镇设立“法治观测点”，“法治观测点”收集意见13条。\n二、存在的不足\n"
            "红锋村治观测点运行不够规范。\n")
    rules = [r for r in resolve(["default"])[1] if r.id == "wording.slip-lost-char"]
    found = check_text(text, rules, "<t>.txt").diagnostics
    assert [(d.text, d.line) for d in found] == [("治观测点", 4)]
    assert "同文第2行作“法治观测点”" in found[0].message


def test_the_tables_ship_in_the_package_and_load_once() -> None:
    from importlib.resources import files

    assert files("checker").joinpath("data/slips.json.gz").is_file()
    data = load_data()
    assert load_data() is data
    assert data.idioms["再接再厉"] > data.near.get("再接再励", 0)
    assert data.same_sound("懈", "泄") and not data.same_sound("懈", "心")
    assert data.alone["培"] < 100 < data.alone["的"]


def test_tokens_carry_offsets_into_the_document() -> None:
    text = "前言\n充分发挥作用"
    toks = tokens(text, 3, len(text))
    assert [t.word for t in toks] == ["充分发挥", "作用"]
    assert all(text[t.start:t.end] == t.word for t in toks)


def test_the_audit_fork_server_preloads_the_segmenter_only_when_a_slips_rule_is_active() -> None:
    from checker.audit.pool import preload_modules

    rules = resolve(["default"])[1]
    assert "checker.checks.slips.preload" in preload_modules(rules)
    without = [r for r in rules if r.kind != "slips"]
    assert preload_modules(without) == ["checker.audit.pool"]


def test_a_lone_surrogate_does_not_stop_segmentation() -> None:
    text = "充分发\ud800挥作用"
    toks = tokens(text, 0, len(text))
    assert "".join(t.word for t in toks) == text and all(text[t.start:t.end] == t.word for t in toks)
