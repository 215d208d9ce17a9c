"""Where the configuration is, what it says, and how command-line flags override it: ``Settings``.

Discovery follows ruff: from a folder upward, the first folder holding ``fzlint.yaml``, ``.fzlint.yaml`` or a
``pyproject.toml`` with a ``[tool.fzlint]`` table wins; nothing is merged across folders. Keys may be written
in kebab-case or snake_case. Every problem is a ConfigError naming the file and the key, in Chinese.
Pure functions over a frozen Settings; the only I/O is reading the configuration file and the word lists it names.
"""
from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..files import shown
from .values import KEYS, Context, parse_value

CONFIG_NAMES = ("fzlint.yaml", ".fzlint.yaml")      # in this order, then pyproject.toml's [tool.fzlint]
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a configuration file (and the command line) decides. Empty / None = not set."""

    packs: tuple[str, ...] = ()                                  # built-in ids, or absolute paths
    select: tuple[str, ...] = ()                                 # rule ids or prefixes; empty = every rule
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # glob → rule ids / prefixes
    exclude: tuple[str, ...] = ()                                # globs of paths not checked when walking folders
    severity: tuple[tuple[str, str], ...] = ()                   # rule id / prefix → error | warning | info
    fail_on: str | None = None                                   # error | warning | info | never
    report_year: int | None = None
    organ: str | None = None
    accept: tuple[str, ...] = ()                                 # words that are right here (files expanded)
    reject: tuple[tuple[str, str], ...] = ()                     # wrong → right (files expanded)
    jobs: int | None = None                                      # 0 = one process per CPU
    max_size: int | None = None                                  # bytes; 0 = no size limit (checker.load.limits)
    source: str | None = None                                    # the file the settings came from

    @property
    def root(self) -> Path | None:
        """The folder of the configuration file: relative globs are matched from here too."""
        return Path(self.source).parent if self.source else None


FIELDS = tuple(f.name for f in dataclasses.fields(Settings) if f.name != "source")


# ---------------------------------------------------------------------------------------------- discovery

def _toml(path: Path) -> dict[str, Any]:
    import tomllib

    from ..files import read_text

    text = read_text(path, ConfigError, "配置文件")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"TOML 语法错误：{exc}", str(path)) from None


def _fzlint_table(data: dict[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("fzlint") if isinstance(tool, dict) else None


def has_fzlint_table(path: Path) -> bool:
    try:
        if "fzlint" not in path.read_text(encoding="utf-8-sig", errors="replace"):
            return False       # a project's pyproject.toml that is not ours is never parsed (nor refused)
    except OSError:
        return False
    return _fzlint_table(_toml(path)) is not None


def find_config(start: Path) -> Path | None:
    """The closest configuration from ``start`` (a folder, or a file: its folder) up to the filesystem root.
    In one folder fzlint.yaml comes before .fzlint.yaml, which comes before pyproject.toml."""
    here = Path(start).absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and has_fzlint_table(pyproject):
            return pyproject
    return None


# ---------------------------------------------------------------------------------------------- loading

def _yaml(path: Path) -> Any:
    from ..files import load_yaml

    return load_yaml(path, ConfigError, "配置文件")


def _raw(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise ConfigError("配置文件不存在", str(path))
    if path.is_dir():
        raise ConfigError("应是一个配置文件，而不是文件夹", str(path))
    if path.suffix.lower() == ".toml":
        data = _toml(path)
        table = _fzlint_table(data)
        if table is None and path.name == PYPROJECT:
            raise ConfigError("pyproject.toml 中没有 [tool.fzlint] 表", str(path))
        data = data if table is None else table
        if not isinstance(data, dict):
            raise ConfigError("[tool.fzlint] 应是一个表（键 = 值）", str(path), "tool.fzlint")
        return data
    data = _yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("配置文件应是一个 YAML 映射（每行“键: 值”）", str(path))
    return data


def canonical_key(raw_key: Any, path: str | None) -> str:
    """``report_year`` / ``report-year`` → ``report-year``; anything else is refused, with a suggestion."""
    key = raw_key.replace("_", "-") if isinstance(raw_key, str) else None
    if key in KEYS:
        return key
    near = difflib.get_close_matches(shown(str(raw_key), 40).replace("_", "-"), KEYS, n=1, cutoff=0.6)
    hint = f"是不是“{near[0]}”？" if near else f"可用的配置项：{', '.join(KEYS)}"
    raise ConfigError(f"未知的配置项“{shown(raw_key)}”；{hint}", path, shown(str(raw_key)))


def load_config(path: Path) -> Settings:
    """Settings from fzlint.yaml / .fzlint.yaml (YAML), pyproject.toml ([tool.fzlint]) or any other .toml
    (its [tool.fzlint] table, else its top level). Pack paths and word-list files are relative to the file."""
    path = Path(path)
    data = _raw(path)
    src = str(path)
    seen: dict[str, str] = {}
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = canonical_key(raw_key, src)
        if key in seen:
            raise ConfigError(f"同一配置项写了两次（“{seen[key]}”与“{shown(raw_key)}”）", src, shown(str(raw_key)))
        seen[key] = str(raw_key)
        if value is None:          # `organ:` with nothing after it: not set
            continue
        values[key.replace("-", "_")] = parse_value(key, value, Context(src, key, path.parent.absolute()))
    if "accept" in values and "reject" in values:
        both = sorted(set(values["accept"]) & {wrong for wrong, _ in values["reject"]})
        if both:
            raise ConfigError(f"“{both[0]}”既写在 accept（正确写法）中，又写在 reject（错误写法）中", src, "reject")
    return Settings(**values, source=src)


def discover(start: Path, config: Path | None = None, isolated: bool = False) -> Settings:
    """No configuration with ``isolated`` (``--isolated``); else ``config`` when given (``--config FILE``), else
    the closest configuration above ``start``, else none."""
    if isolated:
        return Settings()
    if config is not None:
        return load_config(config)
    found = find_config(start)
    return load_config(found) if found else Settings()


# ---------------------------------------------------------------------------------------------- flags

def merge(settings: Settings, **cli: Any) -> Settings:
    """Command-line values over the file's. ``None`` or an empty sequence / mapping = not given. A given value
    replaces the file's, except ``packs``: flags' packs are loaded after the file's (so their overrides win),
    as ``--pack`` adds a pack. Values are checked as in a file; an error names the flag (``--report-year``).
    Mappings (``severity``, ``per_file_ignores``, ``reject``) may be given as dicts or as (key, value) pairs;
    ``accept`` / ``reject`` files named here are relative to the working directory."""
    changes: dict[str, Any] = {}
    for name, value in cli.items():
        if name not in FIELDS:
            raise TypeError(f"merge() got an unexpected keyword argument {name!r}")
        if value is None or (isinstance(value, (tuple, list, dict, str)) and not value):
            continue
        key = name.replace("_", "-")
        if isinstance(value, tuple) and key in ("severity", "per-file-ignores", "reject") and \
                all(isinstance(v, tuple) and len(v) == 2 for v in value):
            value = {k: list(v) if isinstance(v, tuple) else v for k, v in value}
        parsed = parse_value(key, list(value) if isinstance(value, tuple) else value,
                             Context(None, f"--{key}", None))
        if name == "packs":
            parsed = tuple(dict.fromkeys((*settings.packs, *parsed)))
        changes[name] = parsed
    return dataclasses.replace(settings, **changes)
