"""`fzlint init`: the commented starter fzlint.yaml, written atomically; and the configuration's JSON Schema
(checker/schema/config.schema.json, for editors — ``python -m checker.config.template`` rewrites it)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..files import write_atomic
from .discovery import CONFIG_NAMES, PYPROJECT, has_fzlint_table
from . import FAIL_ON
from .values import LEVELS, SELECTOR_PATTERN

INIT_NAME = "fzlint.yaml"
SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "config.schema.json"

INIT_TEMPLATE = """\
# fzlint 配置文件（由 fzlint init 生成）
#
# fzlint 从当前文件夹向上查找 fzlint.yaml、.fzlint.yaml 或 pyproject.toml 中的 [tool.fzlint]，
# 最近的一个生效（不与更上层的配置合并）；--config 文件 可指定别的配置，命令行参数优先于这里的设置。
# 键名写作 fail-on 或 fail_on 均可。下面每一项都已注释：删去行首的“# ”即可启用。
# 写错的键名或取值会报错（退出码 2），并指出文件和键名。

# packs：在内置默认规则（default）之外再加载的规则包：内置编号或 YAML 文件路径（相对于本文件）。
# 后加载的规则包可以修改前面规则的严重程度或关闭规则。
# packs:
#   - ./本省规则.yaml

# select：只启用这些规则，写规则编号或前缀（figures、punctuation.、date.malformed）；不写表示全部启用。
# select:
#   - structure
#   - date
#   - figures
#   - wording

# ignore：关闭这些规则（编号或前缀）。更具体的写法优先：select 写 date.malformed、ignore 写 date 时，
# 仍然检查 date.malformed。
# ignore:
#   - wording.vague-count
#   - punctuation.heading-end-mark

# per-file-ignores：按路径关闭规则，路径模式（glob，相对于本文件所在文件夹）→ 规则编号或前缀。
# per-file-ignores:
#   "历年报告/*": [date.untimely]
#   "*.html": [punctuation.]

# exclude：检查文件夹时跳过的路径（glob）。不含“/”的模式匹配任意一级的文件名或文件夹名。
# exclude:
#   - 草稿
#   - "*.bak.txt"

# severity：调整严重程度，规则编号或前缀 → error（错误）/ warning（警告）/ info（提示）；最具体的写法优先。
# severity:
#   figures: warning
#   structure.part-order: error

# fail-on：达到该严重程度的问题使退出码为 1：error / warning / info / never（从不）。默认 error。
# fail-on: error

# report-year：报告所属年度（四位数字）。不写时从标题和成文日期读取。
# report-year: 2025

# organ：本单位名称，用来核对标题和署名是否是本单位（防止套用别的单位的模板）。
# organ: 某县人民政府

# accept：在本地是正确写法的词语（地名、机构名、企业名、人名、本地工作品牌），不会被当作错别字或
# 不规范写法（只影响用词、标点、数字类的问题，不影响结构、署名、日期、序号的检查）。
# 也可写词表文件的路径（每行一个词，“#”之后为注释）。
# accept:
#   - 城关镇
#   - 华润(中国)有限公司
#   - ./词表/本地词语.txt

# reject：本单位要求的“错误写法: 正确写法”，在文中出现错误写法时给出警告（规则 wording.rejected-term）。
# 也可写成列表，每项是“错误写法 → 正确写法”或词表文件的路径（每行“错误 → 正确”或“错误=正确”）。
# reject:
#   依法治县办: 县委依法治县办
#   法治建设领导小组: 法治建设委员会

# jobs：并行检查的进程数；0 或 auto 表示按处理器数。默认 1。
# jobs: 4

# max-size：单个输入文件的大小上限（如 20MB、512KB；0 表示不限）。默认 10MB：更大的 .txt/.html 不读取；
# .docx 文件本身可到它的 5 倍，解压后的每个 XML 部件不超过它（防“压缩炸弹”）。命令行 --max-size 优先。
# max-size: 50MB
"""


def write_init(directory: Path, force: bool = False) -> Path:
    """Write INIT_TEMPLATE to ``directory``/fzlint.yaml (atomically) and return its path.
    Refuses (ConfigError) when the folder already has a configuration, unless ``force``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ConfigError("文件夹不存在", str(directory))
    target = directory / INIT_NAME
    if not force:
        existing = [directory / n for n in CONFIG_NAMES if (directory / n).is_file()]
        if (directory / PYPROJECT).is_file() and has_fzlint_table(directory / PYPROJECT):
            existing.append(directory / PYPROJECT)
        if existing:
            raise ConfigError("这里已有配置文件，没有覆盖；要覆盖请加 --force", str(existing[0]))
    try:
        write_atomic(target, INIT_TEMPLATE, mode=0o644)
    except OSError as exc:
        raise ConfigError(f"无法写入配置文件（{exc.strerror or exc}）", str(target)) from None
    return target


# ---------------------------------------------------------------------------------------------- schema

def _selectors(description: str) -> dict[str, Any]:
    item = {"type": "string", "pattern": SELECTOR_PATTERN}
    return {"description": description, "oneOf": [item, {"type": "array", "items": item}]}


def _strings(description: str) -> dict[str, Any]:
    item = {"type": "string", "minLength": 1}
    return {"description": description, "oneOf": [item, {"type": "array", "items": item}]}


def _properties() -> dict[str, dict[str, Any]]:
    pair_map = {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}}
    return {
        "packs": _strings("在内置默认规则之外再加载的规则包：内置编号或 YAML 文件路径（相对于配置文件）"),
        "select": _selectors("只启用这些规则：规则编号或前缀；不写表示全部"),
        "ignore": _selectors("关闭这些规则：规则编号或前缀"),
        "per-file-ignores": {"description": "路径模式（glob）→ 在这些文件中关闭的规则编号或前缀",
                             "type": "object", "additionalProperties": _selectors("规则编号或前缀")},
        "exclude": _strings("检查文件夹时跳过的路径模式（glob）"),
        "severity": {"description": "规则编号或前缀 → 严重程度", "type": "object",
                     "propertyNames": {"pattern": SELECTOR_PATTERN}, "additionalProperties": {"enum": list(LEVELS)}},
        "fail-on": {"description": "达到该严重程度的问题使退出码为 1", "enum": list(FAIL_ON)},
        "report-year": {"description": "报告所属年度", "oneOf": [
            {"type": "integer", "minimum": 1000, "maximum": 2999},
            {"type": "string", "pattern": r"^[12]\d{3}$"}]},
        "organ": {"description": "本单位名称：核对标题和署名", "type": "string", "minLength": 1},
        "accept": _strings("本地正确的词语，或词表文件（每行一个词）"),
        "reject": {"description": "错误写法 → 正确写法：映射，或列表（映射、“错误 → 正确”、词表文件）",
                   "oneOf": [pair_map, {"type": "string", "minLength": 1},
                             {"type": "array", "items": {"oneOf": [pair_map, {"type": "string", "minLength": 1}]}}]},
        "jobs": {"description": "并行检查的进程数；0 或 auto 表示按处理器数",
                 "oneOf": [{"type": "integer", "minimum": 0}, {"const": "auto"}]},
        "max-size": {"description": "单个输入文件的大小上限，如 20MB、512KB，或字节数；0 表示不限",
                     "oneOf": [{"type": "integer", "minimum": 0},
                               {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*([kKmMgG]([iI]?[bB])?|[bB])?\s*$"}]},
    }


def config_schema() -> dict[str, Any]:
    """The JSON Schema of a configuration (both spellings of each key; null = not set)."""
    props = _properties()
    properties: dict[str, Any] = {}
    for key, spec in props.items():
        nullable = {"anyOf": [{"type": "null"}, spec], "description": spec["description"]}
        properties[key] = nullable
        if "-" in key:
            properties[key.replace("-", "_")] = {"$ref": f"#/properties/{key}"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://fzlint.invalid/config.schema.json",
            "title": "fzlint 配置（fzlint.yaml、.fzlint.yaml 或 pyproject.toml 的 [tool.fzlint]）",
            "type": ["object", "null"], "additionalProperties": False, "properties": properties}


def render_schema() -> str:
    return json.dumps(config_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
    print(f"已写入 {SCHEMA_PATH}")
