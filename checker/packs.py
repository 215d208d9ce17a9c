"""Rule packs: YAML files validated against the pack schema, resolved through ``extends``, built into Rules.

A pack is data. Its rules either define a rule (with a ``kind``) or override an inherited one (``id`` plus
``severity`` / ``enabled`` / ``message`` …). Every problem is a PackError naming the file, rule id and field.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .errors import PackError, ParamError
from .files import builtin_dir, builtin_ids, shown
from .model import Category, Example, Pack, Rule, Severity

DEFAULT_PACK = "default"
MAX_EXTENDS_DEPTH = 32          # packs extending packs extending packs …: deeper is a mistake or an attack
MAX_NUMBER = 10 ** 9            # no number in a pack means more than this (counts, limits, seconds)


def _yaml_load(path: Path) -> Any:
    from .files import load_yaml

    return load_yaml(path, PackError, "规则包文件")


@dataclass(frozen=True, slots=True)
class _Validators:
    """The shipped schema split for speed: the pack without its rules, and each rule by its kind (so a rule
    is checked against one kind's branch instead of every if/then of the schema). Same schema, same errors."""

    pack: Any
    kind: Any
    override: Any
    by_kind: dict[str, Any]


@functools.lru_cache(maxsize=1)
def _validators() -> _Validators:
    from jsonschema import Draft202012Validator

    from .schema import load_schema

    schema = load_schema()
    defs = {"$defs": schema["$defs"]}
    rule = schema["$defs"]["rule"]
    pack = {**schema, "properties": {**schema["properties"], "rules": {"type": "array", "items": {"type": "object"}}}}
    by_kind = {b["if"]["properties"]["kind"]["const"]: Draft202012Validator({**b["then"], **defs})
               for b in rule["then"]["allOf"]}
    return _Validators(pack=Draft202012Validator(pack),
                       kind=Draft202012Validator({"properties": {"kind": rule["properties"]["kind"],
                                                                 "id": rule["properties"]["id"]}, **defs}),
                       override=Draft202012Validator({**rule["else"], **defs}),
                       by_kind=by_kind)


def _errors(data: dict[str, Any]) -> list[tuple[Any, list[Any]]]:
    """(error, absolute path in the pack) for every schema violation."""
    v = _validators()
    out = [(e, list(e.absolute_path)) for e in v.pack.iter_errors(data)]
    if out:
        return out
    for i, item in enumerate(data.get("rules", ())):
        found = list(v.kind.iter_errors(item))
        if not found:
            validator = v.by_kind[item["kind"]] if "kind" in item else v.override
            found = list(validator.iter_errors(item))
        out += [(e, ["rules", i, *e.absolute_path]) for e in found]
    return out


def _describe(error: Any, path: list[Any]) -> tuple[str, str | None]:
    """A jsonschema error in Chinese, and the field it concerns (values quoted at most a line long)."""
    field = str(path[-1]) if path and isinstance(path[-1], str) else None
    v, val = error.validator, error.validator_value
    if v == "required":
        missing = [k for k in val if isinstance(error.instance, dict) and k not in error.instance]
        return f"缺少必填字段：{', '.join(missing)}", missing[0] if missing else field
    if v == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        return f"未知字段：{shown(', '.join(map(str, extra)))}", shown(str(extra[0])) if extra else field
    if v == "enum":
        return f"取值“{shown(error.instance)}”不在允许范围内（{', '.join(map(str, val))}）", field
    if v == "const":
        return f"取值应为 {val}", field
    if v == "type":
        return f"类型应为 {val}，实际为 {type(error.instance).__name__}", field
    if v == "pattern":
        return f"“{shown(error.instance)}”不符合格式要求 {val}", field
    if v == "minItems":
        return f"至少需要 {val} 项", field
    if v == "minLength":
        return "不能为空", field
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "不能小于", "maximum": "不能大于", "exclusiveMinimum": "应大于", "exclusiveMaximum": "应小于"}
        return f"取值 {shown(error.instance)} {word[v]} {val}", field
    return shown(error.message, 300), field


def _numbers(data: Any, path: str) -> None:
    """Every number in a pack within ±MAX_NUMBER and finite: a 5,000-digit integer or .nan is refused by name."""
    import math

    rules = data.get("rules") if isinstance(data.get("rules"), list) else []
    stack: list[tuple[Any, str | None, str | None]] = [(v, None, str(k)) for k, v in data.items() if k != "rules"]
    for i, item in enumerate(rules):
        rule_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"第{i + 1}条"
        fields = item.items() if isinstance(item, dict) else ()
        stack += [(v, rule_id, str(k)) for k, v in fields]
    while stack:
        value, rule_id, field = stack.pop()
        if isinstance(value, dict):
            stack += [(v, rule_id, field) for v in value.values()]
        elif isinstance(value, list):
            stack += [(v, rule_id, field) for v in value]
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and (
                abs(value) > MAX_NUMBER or (isinstance(value, float) and not math.isfinite(value))):
            raise PackError(f"数值 {shown(value)} 超出范围（绝对值不超过 {MAX_NUMBER:,}）", path, rule_id, field)


def validate(data: Any, path: str) -> None:
    if not isinstance(data, dict):
        raise PackError("规则包应是一个 YAML 映射（id、version、title、rules …）", path)
    _numbers(data, path)
    for n, item in enumerate(data.get("rules") or ()):
        if isinstance(item, dict) and "kind" not in item and "entries" in item:
            raise PackError("修改继承的规则时不能整体替换 entries：增加条目写 add_entries，去掉条目写 remove_entries"
                            "（按条目的 id 或错误写法）；要另起一份词表，请新写一条规则（带 kind: terms）",
                            path, item.get("id") or f"第{n + 1}条", "entries")
    errors = _errors(data)
    if not errors:
        return
    error, p = best_match_with_path(errors)
    message, field = _describe(error, p)
    rule_id = None
    if len(p) >= 2 and p[0] == "rules" and isinstance(p[1], int):
        item = data["rules"][p[1]]
        rule_id = item.get("id") if isinstance(item, dict) else None
        rule_id = rule_id or f"第{p[1] + 1}条"
    raise PackError(message, path, rule_id, field)


def best_match_with_path(errors: list[tuple[Any, list[Any]]]) -> tuple[Any, list[Any]]:
    """The most specific error: deepest path first, errors about if/allOf last."""
    return min(errors, key=lambda ep: (-len(ep[1]), ep[0].validator in ("if", "allOf")))


@dataclass(frozen=True, slots=True)
class RawPack:
    id: str
    version: str
    title: str
    extends: tuple[str, ...]
    rules: tuple[dict[str, Any], ...]
    path: str


def is_builtin(path: Path) -> bool:
    return path.resolve().parent == builtin_dir().resolve()


def read_pack(path: Path) -> RawPack:
    """Read and validate a pack. The built-in packs ship with the package and are validated against the
    schema by the test suite (tests/test_packs.py), so a run does not pay for importing jsonschema for them;
    every user pack is validated on load."""
    data = _yaml_load(path)
    if not is_builtin(path):
        validate(data, str(path))
    return RawPack(id=data["id"], version=str(data["version"]), title=data["title"],
                   extends=tuple(data.get("extends", ())), rules=tuple(data["rules"]), path=str(path))


def find_pack(ref: str, relative_to: Path | None = None) -> Path:
    """A pack by built-in id, or by path (relative to the pack that names it)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
        p = Path(ref)
        if not p.is_absolute() and relative_to is not None:
            p = relative_to / p
        return p
    candidate = builtin_dir() / f"{ref}.yaml"
    if candidate.exists():
        return candidate
    if relative_to is not None and (relative_to / f"{ref}.yaml").exists():
        return relative_to / f"{ref}.yaml"
    raise PackError(f"找不到规则包“{shown(ref)}”；内置规则包有：{', '.join(builtin_ids())}")


def resolve(refs: Iterable[str]) -> tuple[list[Pack], list[Rule[Any]]]:
    """Load packs (with their extends, each once, parents first) and return the active rules in order."""
    loaded: dict[str, RawPack] = {}
    order: list[RawPack] = []

    def visit(path: Path, stack: tuple[str, ...]) -> None:
        key = str(path.resolve())
        if key in stack:
            chain = " → ".join(Path(s).name for s in (*stack[stack.index(key):], key))
            raise PackError(f"extends 形成循环：{shown(chain, 300)}", str(path))
        if key in loaded:
            return
        if len(stack) >= MAX_EXTENDS_DEPTH:
            raise PackError(f"extends 层层继承超过 {MAX_EXTENDS_DEPTH} 层（规则包继承规则包……），未读取；"
                            "请直接继承需要的规则包", str(stack[0]), None, "extends")
        raw = read_pack(path)
        for parent in raw.extends:
            try:
                parent_path = find_pack(parent, path.parent)
            except PackError as exc:
                raise PackError(exc.message, str(path), None, "extends") from None
            if not parent_path.exists():
                raise PackError(f"extends 指向的规则包“{shown(parent)}”不存在", str(path), None, "extends")
            visit(parent_path, (*stack, key))
        loaded[key] = raw
        order.append(raw)

    for ref in refs:
        path = find_pack(ref)
        if not path.exists():
            raise PackError("规则包文件不存在", str(path))
        visit(path, ())
    seen_ids: dict[str, str] = {}
    for raw in order:
        if raw.id in seen_ids and seen_ids[raw.id] != raw.path:
            raise PackError(f"规则包 id“{raw.id}”与 {seen_ids[raw.id]} 重复", raw.path, None, "id")
        seen_ids[raw.id] = raw.path
    rules = _merge(order)
    packs = [Pack(r.id, r.version, r.title, r.extends, tuple(x for x in rules if x.pack == r.id), r.path)
             for r in order]
    return packs, rules


def _merge(order: list[RawPack]) -> list[Rule[Any]]:
    rules: dict[str, Rule[Any]] = {}
    disabled: set[str] = set()
    for raw in order:
        for item in raw.rules:
            rid = item["id"]
            if "kind" in item:
                if rid in rules and rules[rid].pack != raw.id:
                    raise PackError("与继承的规则同名；要修改继承的规则，只写 id 和要改的字段（不写 kind）",
                                    raw.path, rid, "kind")
                rules[rid] = build_rule(item, raw)
                if item.get("enabled") is False:
                    disabled.add(rid)
                else:
                    disabled.discard(rid)
                continue
            if rid not in rules:
                raise PackError("没有找到要覆盖的规则（不写 kind 的条目只能修改继承来的规则）", raw.path, rid, "id")
            changes: dict[str, Any] = {}
            if "severity" in item:
                changes["severity"] = Severity.parse(item["severity"])
            for key in ("message", "reference", "title", "why", "collapse"):
                if key in item:
                    changes[key] = item[key]
            if "defer_to" in item:
                changes["defer_to"] = tuple(item["defer_to"])
            if "report_years" in item:
                changes["report_years"] = _years(item["report_years"], raw, rid)
            if "fix" in item:     # an override can only turn automatic fixing off (the schema allows false)
                changes["fix"] = None
            if "add_entries" in item or "remove_entries" in item:
                changes["params"] = _edited_entries(rules[rid], item, raw)
            rules[rid] = dataclasses.replace(rules[rid], **changes)
            if "enabled" in item:
                (disabled.discard if item["enabled"] else disabled.add)(rid)
    return [r for rid, r in rules.items() if rid not in disabled]


def _edited_entries(rule: Rule[Any], item: dict[str, Any], raw: RawPack) -> Any:
    """The params of an inherited list rule with a pack's own entries added (tried first, so where a pack's
    entry and a built-in one match the same text the pack's wins) and the ones it names removed (by ``id``,
    or by the ``wrong`` / ``regex`` as written)."""

    rid = item["id"]
    entries = getattr(rule.params, "entries", None)
    if entries is None:
        field = "add_entries" if "add_entries" in item else "remove_entries"
        raise PackError(f"继承的规则 {rid} 不是词表（terms）规则，没有可增删的条目", raw.path, rid, field)
    kept = list(entries)
    for name in item.get("remove_entries", ()):
        hits = [e for e in kept if isinstance(e, dict) and name in (e.get("id"), e.get("wrong"), e.get("regex"))]
        if not hits:
            raise PackError(f"要去掉的条目“{name}”不在规则 {rid} 的词表中（按条目的 id、wrong 或 regex 查找）",
                            raw.path, rid, "remove_entries")
        kept = [e for e in kept if not any(e is h for h in hits)]
    added = [dict(e) for e in item.get("add_entries", ())]
    if not added and not kept:
        raise PackError(f"去掉这些条目后规则 {rid} 的词表为空；要关闭这条规则请写 enabled: false",
                        raw.path, rid, "remove_entries")
    try:
        params = dataclasses.replace(rule.params, entries=tuple(added + kept))
        params.validate()
        return params
    except ParamError as exc:
        raise PackError(exc.message.replace("第", "add_entries 第", 1) if exc.field == "entries" else exc.message,
                        raw.path, rid, "add_entries") from None


def _years(value: Any, raw: RawPack, rid: str) -> tuple[int | None, int | None]:
    from .checks.terms import parse_years

    try:
        return parse_years(value, "report_years")
    except ParamError as exc:
        raise PackError(exc.message, raw.path, rid, "report_years") from None


def build_rule(item: dict[str, Any], raw: RawPack) -> Rule[Any]:
    from .checks import KINDS

    kind = KINDS[item["kind"]]   # the schema has refused unknown kinds
    header = {"id", "kind", "category", "severity", "enabled", "title", "message", "reference", "why", "examples",
              "fix", "report_years", "collapse", "defer_to"}
    params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items() if k not in header}
    try:
        built = kind.params(**params)
        if hasattr(built, "validate") and not is_builtin(Path(raw.path)):
            built.validate()            # what a kind compiles lazily, compiled now for a pack not built in
    except ParamError as exc:
        raise PackError(exc.message, raw.path, item["id"], exc.field) from None
    except TypeError as exc:
        raise PackError(f"参数不正确：{exc}", raw.path, item["id"]) from None
    fix = _fix_mode(item, params, raw)
    examples = item.get("examples") or {}
    return Rule(id=item["id"], kind=item["kind"], category=Category(item["category"]),
                severity=Severity.parse(item["severity"]), message=item["message"],
                reference=item["reference"], title=item["title"], params=built, why=item.get("why", ""),
                examples=Example(tuple(examples.get("bad", ())), tuple(examples.get("good", ()))), pack=raw.id,
                fix=fix, report_years=_years(item["report_years"], raw, item["id"]) if "report_years" in item else None,
                collapse=item.get("collapse"), defer_to=tuple(item.get("defer_to", ())))


def _fix_mode(item: dict[str, Any], params: dict[str, Any], raw: RawPack) -> str | None:
    """`fix: replace` (the suggestion replaces the flagged text) or none (`fix: false` or absent)."""
    fix = item.get("fix", False)
    if fix is False or fix is None:
        return None
    if fix != "replace":
        raise PackError(f"fix 的取值“{fix}”不在允许范围内（replace 或 false）", raw.path, item["id"], "fix")
    if item["kind"] == "pattern" and params.get("suggest") is None:
        raise PackError("fix: replace 要用建议写法替换命中的文字，需同时给出 suggest", raw.path, item["id"], "fix")
    return "replace"
