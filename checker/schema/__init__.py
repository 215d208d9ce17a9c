"""The JSON Schema of rule packs. It ships as pack.schema.json (editors use it to complete pack files);
it is built from each kind's Params.SCHEMA by ``python -m checker.schema`` and a test keeps the two equal."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("pack.schema.json")

BASE_RULE: dict[str, Any] = {
    "id": {"type": "string", "pattern": r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$",
           "description": "稳定的规则编号：类别.问题（如 date.malformed）"},
    "kind": {"type": "string", "description": "检查类型"},
    "category": {"enum": ["structure", "signature", "date", "figures", "numbering", "punctuation", "wording"]},
    "severity": {"enum": ["error", "warning", "info"]},
    "enabled": {"type": "boolean"},
    "title": {"type": "string", "minLength": 1, "description": "一句话说明检查什么"},
    "message": {"type": "string", "minLength": 1, "description": "中文提示，可用 {占位符}"},
    "reference": {"type": "string", "minLength": 1, "description": "依据：法规或标准及条款"},
    "why": {"type": "string"},
    "examples": {"type": "object", "additionalProperties": False,
                 "properties": {"bad": {"type": "array", "items": {"type": "string"}},
                                "good": {"type": "array", "items": {"type": "string"}}}},
    "report_years": {"$ref": "#/$defs/years"},
    "collapse": {"type": "integer", "minimum": 0,
                 "description": "同一问题在一个文件中超过此数量时合为一条（在第一处报告，列出各处）；0 表示从不合并；"
                                "不写时为 3"},
    "defer_to": {"type": "array", "items": {"type": "string", "minLength": 1},
                 "description": "这些规则在同一处报了问题时，本规则在该处不再报（如疑似错别字让位于确定的错别字表）"},
    "fix": {"enum": ["replace", False],
            "description": "能否自动修复（fzlint fix）：replace 用建议写法替换命中的文字；false 或不写则不自动修复。"
                           "只给确定无疑的机械性问题设 replace，改动数字或词语的规则一律不设"},
}
OVERRIDABLE = ("id", "severity", "enabled", "message", "reference", "title", "why", "fix", "report_years", "collapse",
               "defer_to", "add_entries", "remove_entries")
OVERRIDE_ONLY: dict[str, Any] = {
    "fix": {"const": False, "description": "关闭继承规则的自动修复（不能给继承的规则加上自动修复）"},
    "add_entries": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/entry"},
                    "description": "给继承的词表（terms）规则增加条目（先于内置条目匹配）"},
    "remove_entries": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                       "description": "从继承的词表（terms）规则中去掉条目：写条目的 id，或其 wrong / regex 原文"},
}
YEARS: dict[str, Any] = {
    "type": "array", "minItems": 2, "maxItems": 2,
    "items": {"type": ["integer", "null"], "minimum": 1949, "maximum": 2100},
    "description": "适用的报告年度 [起始年, 截止年]，不限的一端写 null（如 [2021, null]）；报告年度不明时不检查"}


def build_schema() -> dict[str, Any]:
    from ..checks import KINDS
    from ..checks.terms import ENTRY_SCHEMA
    from ..model import Part

    kinds = sorted(KINDS)
    per_kind = []
    for name in kinds:
        spec: dict[str, Any] = getattr(KINDS[name].params, "SCHEMA")
        per_kind.append({
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": {"properties": {**BASE_RULE, **spec["properties"]}, "additionalProperties": False,
                     "required": ["id", "kind", "category", "severity", "title", "message", "reference",
                                  *spec.get("required", [])]},
        })
    rule = {
        "type": "object",
        "required": ["id"],
        "properties": {**BASE_RULE, "kind": {"enum": kinds, "description": "检查类型"}},
        "if": {"required": ["kind"]},
        "then": {"allOf": per_kind},
        "else": {"properties": {k: OVERRIDE_ONLY[k] if k in OVERRIDE_ONLY else BASE_RULE[k] for k in OVERRIDABLE},
                 "additionalProperties": False,
                 "description": "覆盖已继承的同名规则：改严重程度、开关、提示、适用年度、合并阈值，或增删词表条目"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://fzlint.invalid/pack.schema.json",
        "title": "fzlint 规则包",
        "type": "object",
        "required": ["id", "version", "title", "rules"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$"},
            "version": {"type": ["string", "number"]},
            "title": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "extends": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        },
        "$defs": {"part": {"enum": [p.value for p in Part]}, "years": YEARS, "entry": ENTRY_SCHEMA, "rule": rule},
    }


def render() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
