"""Rule packs: schema validation names the file, rule and field; extends, overrides, cycles; unusable params."""
from __future__ import annotations

import textwrap

import pytest

from checker.errors import PackError
from checker.packs import builtin_ids, resolve
from checker.schema import SCHEMA_PATH, render

RULE = """
  - id: structure.custom
    kind: require
    category: structure
    severity: warning
    title: t
    message: m
    reference: r
    any: ["原因"]
"""


def write(tmp_path, name: str, body: str):
    p = tmp_path / name
    p.write_text(textwrap.dedent(body), encoding="utf-8")
    return p


def refused(tmp_path, body: str, name: str = "p.yaml") -> PackError:
    p = write(tmp_path, name, body)
    with pytest.raises(PackError) as info:
        resolve([str(p)])
    assert name in str(info.value)
    return info.value


def test_schema_file_is_in_sync_with_the_kinds() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), "run: python -m checker.schema"


@pytest.mark.parametrize("pack_id", builtin_ids())
def test_builtin_packs_are_valid_against_the_schema(pack_id: str) -> None:
    # runs skip validating the built-in packs (they ship with the package): this test is that validation
    import yaml

    from checker.packs import builtin_dir, validate

    path = builtin_dir() / f"{pack_id}.yaml"
    validate(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def test_builtin_packs_resolve() -> None:
    assert {"default", "mandated", "document"} <= set(builtin_ids())
    packs, rules = resolve(["default"])
    assert [p.id for p in packs][:2] == ["mandated", "document"] and packs[-1].id == "default"
    assert len({r.id for r in rules}) == len(rules) >= 12
    assert all(r.reference and r.message and r.title for r in rules)


def test_yaml_syntax_error_has_line_and_column(tmp_path) -> None:
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: [unclosed\nrules: []\n")
    assert "YAML 语法错误" in err.message and "行" in err.message and "列" in err.message


def test_missing_field_names_rule_and_field(tmp_path) -> None:
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE.replace("    reference: r\n", ""))
    assert err.rule_id == "structure.custom" and err.field == "reference"


def test_unknown_field_is_refused(tmp_path) -> None:
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE + "    colour: red\n")
    assert err.rule_id == "structure.custom" and err.field == "colour"


def test_unknown_kind_and_bad_severity(tmp_path) -> None:
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE.replace("kind: require", "kind: magic"))
    assert err.field == "kind" and "magic" in err.message
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE.replace("severity: warning", "severity: fatal"))
    assert err.field == "severity"


def test_unusable_params_are_refused_at_load(tmp_path) -> None:
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE.replace('any: ["原因"]', 'any: ["原因("]'))
    assert err.field == "any" and "无法编译" in err.message
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE.replace('any: ["原因"]', "any: []"))
    assert err.field == "any"
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE.replace('any: ["原因"]', 'any: ["(原因)?"]'))
    assert err.field == "any" and "空字符串" in err.message
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nrules:" + RULE + "    part: conclusion\n")
    assert err.field == "part"


def test_extends_cycle_and_missing_parent(tmp_path) -> None:
    write(tmp_path, "a.yaml", "id: a\nversion: '1'\ntitle: a\nextends: [b.yaml]\nrules: []\n")
    write(tmp_path, "b.yaml", "id: b\nversion: '1'\ntitle: b\nextends: [a.yaml]\nrules: []\n")
    with pytest.raises(PackError) as info:
        resolve([str(tmp_path / "a.yaml")])
    assert "循环" in info.value.message
    err = refused(tmp_path, "id: c\nversion: '1'\ntitle: c\nextends: [nowhere]\nrules: []\n", "c.yaml")
    assert err.field == "extends" and "nowhere" in err.message


def test_override_needs_an_inherited_rule_and_redefinition_is_refused(tmp_path) -> None:
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nextends: [default]\nrules:\n  - id: date.nothing\n    severity: info\n")
    assert err.rule_id == "date.nothing"
    err = refused(tmp_path, "id: x\nversion: '1'\ntitle: t\nextends: [default]\nrules:"
                  + RULE.replace("structure.custom", "structure.part-missing"))
    assert err.rule_id == "structure.part-missing" and err.field == "kind"


def test_override_changes_severity_and_disables(tmp_path) -> None:
    p = write(tmp_path, "o.yaml", """\
        id: o
        version: '1'
        title: t
        extends: [default]
        rules:
          - {id: date.untimely, severity: error}
          - {id: structure.part-order, enabled: false}
        """)
    rules = {r.id: r for r in resolve(["default", str(p)])[1]}
    assert rules["date.untimely"].severity.label == "error"
    assert "structure.part-order" not in rules


def test_a_pack_that_is_not_a_mapping(tmp_path) -> None:
    err = refused(tmp_path, "- just\n- a list\n")
    assert "映射" in err.message


# ---- a pack extends or trims an inherited list (issue 13) ------------------------------------------------

def _typo_rule(rules):
    return next(r for r in rules if r.id == "wording.known-typo")


def test_a_pack_adds_entries_to_an_inherited_list_and_removes_some(tmp_path) -> None:
    from checker.runner import findings

    p = write(tmp_path, "province.yaml", """
        id: province
        version: "1"
        title: 本省规则
        extends: [default]
        rules:
          - id: wording.known-typo
            add_entries:
              - {id: p01, wrong: 帐户, right: 账户, bad: 开设帐户。, good: 开设账户。}
            remove_entries: [t021, 再接再励]
    """)
    base = _typo_rule(resolve(["default"])[1])
    mine = _typo_rule(resolve([str(p)])[1])
    ids = [e.id for e in mine.params.built]
    assert ids[0] == "p01" and "t021" not in ids and "t081" not in ids     # added first; 再接再励 is t081
    assert len(mine.params.built) == len(base.params.built) + 1 - 2
    assert [d.text for d in findings(mine, "开设帐户，再接再励，截止目前已办结。")] == ["帐户"]
    assert [d.text for d in findings(base, "开设帐户，再接再励，截止目前已办结。")] == ["再接再励", "截止"]
    assert mine.severity == base.severity and mine.message == base.message and mine.pack == base.pack


def test_removing_an_entry_the_list_does_not_have_is_refused(tmp_path) -> None:
    err = refused(tmp_path, """
        id: p
        version: "1"
        title: t
        extends: [default]
        rules:
          - id: wording.known-typo
            remove_entries: [不存在的写法]
    """)
    assert err.rule_id == "wording.known-typo" and err.field == "remove_entries" and "不存在的写法" in err.message


def test_entries_of_a_rule_that_is_not_a_list_are_refused(tmp_path) -> None:
    err = refused(tmp_path, """
        id: p
        version: "1"
        title: t
        extends: [default]
        rules:
          - id: punctuation.doubled-mark
            add_entries: [{wrong: a, right: b}]
    """)
    assert err.field == "add_entries" and "不是词表" in err.message


def test_a_broken_added_entry_names_the_field(tmp_path) -> None:
    err = refused(tmp_path, """
        id: p
        version: "1"
        title: t
        extends: [default]
        rules:
          - id: wording.known-typo
            add_entries: [{wrong: 帐户}]
    """)
    assert err.rule_id == "wording.known-typo" and err.field == "right" and "right" in err.message


def test_replacing_the_entries_of_an_inherited_rule_says_what_to_write(tmp_path) -> None:
    """`entries:` in an override used to be refused as 未知字段：entries, which misled."""
    err = refused(tmp_path, """
        id: p
        version: "1"
        title: t
        extends: [default]
        rules:
          - id: wording.known-typo
            entries: [{wrong: 帐户, right: 账户}]
    """)
    assert err.field == "entries" and "add_entries" in err.message and "remove_entries" in err.message


def test_report_years_limit_a_rule(tmp_path) -> None:
    from checker.runner import findings

    p = write(tmp_path, "p.yaml", """
        id: p
        version: "1"
        title: t
        extends: [default]
        rules:
          - id: wording.local-term
            kind: terms
            category: wording
            severity: warning
            title: t
            message: "“{text}”→“{right}”"
            reference: r
            report_years: [2021, null]
            entries: [{wrong: 老名称, right: 新名称}]
          - id: wording.known-typo
            report_years: [null, 2020]
    """)
    rules = {r.id: r for r in resolve([str(p)])[1]}
    local, typo = rules["wording.local-term"], rules["wording.known-typo"]
    assert local.report_years == (2021, None) and typo.report_years == (None, 2020)
    assert findings(local, "沿用老名称。", report_year=2022) and not findings(local, "沿用老名称。", report_year=2019)
    assert not findings(local, "沿用老名称。")                      # year unknown: a limited rule stays quiet
    assert findings(typo, "按照布署。", report_year=2020) and not findings(typo, "按照布署。", report_year=2021)


@pytest.mark.parametrize("years", ["[2025, 2020]", "[null, null]", "[2020]", "'2020'"])
def test_unusable_report_years_are_refused(tmp_path, years: str) -> None:
    err = refused(tmp_path, f"""
        id: p
        version: "1"
        title: t
        rules:
          - id: wording.local-term
            kind: terms
            category: wording
            severity: warning
            title: t
            message: m
            reference: r
            entries: [{{wrong: 老名称, right: 新名称, report_years: {years}}}]
    """)
    assert err.rule_id == "wording.local-term"


def test_every_built_in_list_entry_compiles() -> None:
    """The built-in lists compile their entries on first use (a report meets a handful); here, all of them."""
    for rule in resolve(["default"])[1]:
        if hasattr(rule.params, "validate"):
            rule.params.validate()


def test_a_user_pack_entry_that_cannot_compile_is_refused_at_load(tmp_path) -> None:
    err = refused(tmp_path, """
        id: p
        version: "1"
        title: t
        extends: [default]
        rules:
          - id: wording.known-typo
            add_entries: [{regex: "帐(", right: 账}]
    """)
    assert err.rule_id == "wording.known-typo" and "无法编译" in err.message
    err = refused(tmp_path, """
        id: p
        version: "1"
        title: t
        rules:
          - id: wording.local
            kind: terms
            category: wording
            severity: warning
            title: t
            message: m
            reference: r
            entries: [{regex: "(老)名称", right: "\\\\2名称"}]
    """)
    assert err.rule_id == "wording.local" and "分组" in err.message
