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
    "fix": {"enum": ["replace", False],
            "description": "能否自动修复（fzlint fix）：replace 用建议写法替换命中的文字；false 或不写则不自动修复。"
                           "只给确定无疑的机械性问题设 replace，改动数字或词语的规则一律不设"},
}
OVERRIDABLE = ("id", "severity", "enabled", "message", "reference", "title", "why", "fix")
OVERRIDE_ONLY: dict[str, Any] = {
    "fix": {"const": False, "description": "关闭继承规则的自动修复（不能给继承的规则加上自动修复）"},
}


def build_schema() -> dict[str, Any]:
    from ..checks import KINDS
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
        "else": {"properties": {k: OVERRIDE_ONLY.get(k, BASE_RULE[k]) for k in OVERRIDABLE},
                 "additionalProperties": False,
                 "description": "覆盖已继承的同名规则：只改严重程度、开关或提示"},
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
        "$defs": {"part": {"enum": [p.value for p in Part]}, "rule": rule},
    }


def render() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
