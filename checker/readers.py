"""Reading the project's own text files (rule packs, configuration): one place for the Chinese messages
a missing, unreadable, non-UTF-8 or malformed file gets. `error` is the CheckerError class to raise
(PackError or ConfigError); `what` names the file for the user ("规则包文件", "配置文件")."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .errors import CheckerError

ErrorType = Callable[[str, str], CheckerError]


def read_text(path: Path, error: ErrorType, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{what}不存在", str(path)) from None
    except UnicodeDecodeError:
        raise error(f"{what}不是 UTF-8 编码的文本", str(path)) from None
    except OSError as exc:
        raise error(f"无法读取{what}（{exc.strerror or exc}）", str(path)) from None


def load_yaml(path: Path, error: ErrorType, what: str) -> Any:
    """YAML with the safe (C, where built) loader; a syntax error names its line and column."""
    import yaml

    text = read_text(path, error, what)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第{mark.line + 1}行第{mark.column + 1}列）" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"YAML 语法错误{where}：{problem}", str(path)) from None
