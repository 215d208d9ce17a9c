"""Each configuration key's value, checked and normalised: a ConfigError in Chinese names the file and the key.

Word lists: an ``accept`` item that names a file (it contains ``/`` or ``\\``, or ends in .txt / .dic / .lst /
.list / .words) is read one word per line; a ``reject`` item may be a mapping (wrong: right), a string
``wrong → right`` / ``wrong -> right`` / ``wrong=right``, or a file of such lines. In files, blank lines and
``#`` comments (a line starting with #, or `` #`` after the text) are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import ConfigError
from ..files import shown
from . import FAIL_ON

KEYS = ("packs", "select", "ignore", "per-file-ignores", "exclude", "severity", "fail-on", "report-year",
        "organ", "accept", "reject", "jobs", "max-size")
LEVELS = ("error", "warning", "info")
WORDLIST_SUFFIXES = (".txt", ".dic", ".lst", ".list", ".words")
PAIR_SEPARATORS = ("→", "->", "=")
SELECTOR_PATTERN = r"^[a-z][a-z0-9-]*(\.[a-z0-9-]*)*$"
_SELECTOR = re.compile(SELECTOR_PATTERN)
_COMMENT = re.compile(r"(^|\s)#.*$")


@dataclass(frozen=True, slots=True)
class Context:
    path: str | None            # the configuration file (None: the command line)
    key: str                    # the key as reported: "select", "--select"
    base: Path | None           # folder that relative paths start from (None: leave paths as given)

    def error(self, message: str, path: str | None = None) -> ConfigError:
        return ConfigError(message, path or self.path, self.key)

    def resolve(self, name: str) -> Path:
        p = Path(name).expanduser()
        return p if p.is_absolute() or self.base is None else self.base / p


def _kind(value: Any) -> str:
    return {str: "文字", int: "整数", float: "小数", bool: "true/false", list: "列表", dict: "映射",
            type(None): "空值"}.get(type(value), type(value).__name__)


def strings(value: Any, ctx: Context, what: str = "文字") -> tuple[str, ...]:
    """A string or a list of non-empty strings (a single string is a list of one)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ctx.error(f"应为一组{what}（如 [a, b]），实际为{_kind(value)}")
    out = []
    for item in items:
        if not isinstance(item, str):
            hint = "（数字请加引号）" if isinstance(item, (int, float)) and not isinstance(item, bool) else ""
            raise ctx.error(f"每一项应为{what}，“{shown(item)}”是{_kind(item)}{hint}")
        if not item.strip():
            raise ctx.error(f"有一项是空的{what}")
        out.append(item.strip())
    return tuple(dict.fromkeys(out))


def selectors(value: Any, ctx: Context) -> tuple[str, ...]:
    out = strings(value, ctx, "规则编号或前缀")
    for s in out:
        if not _SELECTOR.match(s):
            raise ctx.error(f"“{shown(s)}”不是规则编号或前缀（应像 figures、punctuation.、date.malformed 这样，小写英文）")
    return out


def mapping(value: Any, ctx: Context, example: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise ctx.error(f"应为映射（如 {example}），实际为{_kind(value)}")
    return value


def _glob(pattern: Any, ctx: Context) -> str:
    if not isinstance(pattern, str):
        raise ctx.error(f"路径模式应是文字（glob，如 \"草稿/*\"），“{shown(pattern)}”是{_kind(pattern)}")
    if not pattern.strip():
        raise ctx.error("路径模式不能为空")
    return pattern.strip()


def _packs(value: Any, ctx: Context) -> tuple[str, ...]:
    """Built-in ids stay ids; paths (and ids of a pack beside the configuration) become absolute paths."""
    from ..files import builtin_dir, builtin_ids

    out = []
    for ref in strings(value, ctx, "规则包（内置编号或文件路径）"):
        if ctx.base is None:               # the command line: resolved later, relative to the working folder
            out.append(ref)
            continue
        if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
            p = ctx.resolve(ref)
            if not p.is_file():
                raise ctx.error(f"规则包文件不存在：{ref}（相对于配置文件所在的文件夹）")
            out.append(str(p))
        elif (builtin_dir() / f"{ref}.yaml").is_file():
            out.append(ref)
        elif (ctx.base / f"{ref}.yaml").is_file():
            out.append(str(ctx.base / f"{ref}.yaml"))
        else:
            raise ctx.error(f"找不到规则包“{ref}”；内置规则包有：{', '.join(builtin_ids())}")
    return tuple(dict.fromkeys(out))


def _per_file_ignores(value: Any, ctx: Context) -> tuple[tuple[str, tuple[str, ...]], ...]:
    m = mapping(value, ctx, '{"草稿/*": [wording], "*.html": [punctuation.]}')
    return tuple((_glob(g, ctx), selectors(ids, ctx)) for g, ids in m.items())


def _exclude(value: Any, ctx: Context) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ctx.error(f"应为一组路径模式（如 [\"草稿/*\", \"*.bak.txt\"]），实际为{_kind(value)}")
    return tuple(dict.fromkeys(_glob(g, ctx) for g in items))


def _level(value: Any, ctx: Context, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in allowed:
        raise ctx.error(f"{what}取值应为 {'/'.join(allowed)}，实际为“{shown(value)}”")
    return value.strip().lower()


def _severity(value: Any, ctx: Context) -> tuple[tuple[str, str], ...]:
    m = mapping(value, ctx, "{figures: info, date.malformed: warning}")
    out = []
    for key, level in m.items():
        if not isinstance(key, str):
            raise ctx.error(f"每个键应是规则编号或前缀（文字），“{shown(key)}”是{_kind(key)}")
        (sel,) = selectors(key, ctx)
        out.append((sel, _level(level, ctx, LEVELS, f"“{sel}”的严重程度")))
    return tuple(out)


def _year(value: Any, ctx: Context) -> int:
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if not re.fullmatch(r"[12]\d{3}", text):
        raise ctx.error(f"年份应为四位数字（如 2025），实际为“{shown(value)}”")
    return int(text)


def _organ(value: Any, ctx: Context) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.error(f"应为本单位的名称（如“某县人民政府”），实际为{_kind(value)}")
    return value.strip()


MAX_JOBS = 64               # as --jobs


def _jobs(value: Any, ctx: Context) -> int:
    if isinstance(value, str) and value.strip().lower() == "auto":
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_JOBS:
        raise ctx.error(f"应为正整数（并行检查的进程数，至多 {MAX_JOBS}；0 或 auto 表示按处理器数），实际为“{shown(value)}”")
    return value


def _max_size(value: Any, ctx: Context) -> int:
    from ..load.limits import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise ctx.error(str(exc)) from None


def is_wordlist(item: str) -> bool:
    return "/" in item or "\\" in item or item.lower().endswith(WORDLIST_SUFFIXES)


def wordlist_lines(item: str, ctx: Context) -> list[tuple[int, str]]:
    """(line number, text) of a word-list file: blank lines and comments skipped."""
    from ..files import read_text

    path = ctx.resolve(item)
    if not path.exists() and not path.is_symlink():
        where = "（相对于配置文件所在的文件夹）" if ctx.path else ""
        raise ctx.error(f"词表文件不存在：{shown(item)}{where}")
    text = read_text(path, lambda message, where: ctx.error(message, where), "词表文件")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", line).strip()
        if line:
            out.append((n, line))
    return out


def _accept(value: Any, ctx: Context) -> tuple[str, ...]:
    words: list[str] = []
    for item in strings(value, ctx, "词语或词表文件"):
        if is_wordlist(item):
            words += [w for _, w in wordlist_lines(item, ctx)]
        else:
            words.append(item)
    return tuple(dict.fromkeys(words))


def split_pair(text: str) -> tuple[str, str] | None:
    for sep in PAIR_SEPARATORS:
        if sep in text:
            wrong, _, right = text.partition(sep)
            return wrong.strip(), right.strip()
    return None


def _pair(wrong: Any, right: Any, ctx: Context, where: str = "", path: str | None = None) -> tuple[str, str]:
    if not isinstance(wrong, str) or not isinstance(right, str):
        raise ctx.error(f"{where}错误写法和正确写法都应是文字（“{shown(wrong)}”→“{shown(right)}”）", path)
    wrong, right = wrong.strip(), right.strip()
    if not wrong or not right:
        raise ctx.error(f"{where}应写成“错误写法 → 正确写法”，两边都不能为空", path)
    if wrong == right:
        raise ctx.error(f"{where}错误写法与正确写法相同：“{shown(wrong)}”", path)
    return wrong, right


def _reject(value: Any, ctx: Context) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, (list, tuple)):
        raise ctx.error(f"应为映射（错误写法: 正确写法）或列表（映射、“错误 → 正确”、词表文件），实际为{_kind(value)}")
    for item in items:
        inline = split_pair(item) if isinstance(item, str) else None
        if isinstance(item, dict):
            pairs += [_pair(w, r, ctx) for w, r in item.items()]
        elif inline is not None:
            pairs.append(_pair(*inline, ctx))
        elif isinstance(item, str) and item.strip():
            for n, line in wordlist_lines(item.strip(), ctx):
                pair = split_pair(line)
                where = f"第{n}行"
                if pair is None:
                    raise ctx.error(f"{where}应写成“错误写法 → 正确写法”或“错误写法=正确写法”：{shown(line)}",
                                    str(ctx.resolve(item.strip())))
                pairs.append(_pair(*pair, ctx, where, str(ctx.resolve(item.strip()))))
        else:
            raise ctx.error(f"每一项应是映射、“错误 → 正确”或词表文件，“{shown(item)}”是{_kind(item)}")
    rights: dict[str, str] = {}
    for wrong, right in pairs:
        if rights.setdefault(wrong, right) != right:
            raise ctx.error(f"“{shown(wrong)}”有两种正确写法：“{shown(rights[wrong])}”和“{shown(right)}”")
    return tuple(rights.items())


PARSERS: dict[str, Callable[[Any, Context], Any]] = {
    "packs": _packs,
    "select": selectors,
    "ignore": selectors,
    "per-file-ignores": _per_file_ignores,
    "exclude": _exclude,
    "severity": _severity,
    "fail-on": lambda v, ctx: _level(v, ctx, FAIL_ON, ""),
    "report-year": _year,
    "organ": _organ,
    "accept": _accept,
    "reject": _reject,
    "jobs": _jobs,
    "max-size": _max_size,
}


def parse_value(key: str, value: Any, ctx: Context) -> Any:
    """The value of a (canonical, kebab-case) key, checked and normalised for Settings."""
    return PARSERS[key](value, ctx)
