"""fzlint — 法治政府建设年度报告检查工具. Import package ``checker``; ``python -m checker`` == ``fzlint``."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

__version__ = "0.1.0"


def default_rules(packs: Sequence[str] = ()) -> list[Any]:
    """The active rules: the built-in default pack plus any user packs (ids or paths)."""
    from .packs import DEFAULT_PACK, resolve

    return resolve([DEFAULT_PACK, *packs])[1]


def check_path(path: str, packs: Sequence[str] = ()) -> Any:
    """Check one file; returns a FileResult (its ``error`` is set when the file could not be read)."""
    from .runner import check_file

    return check_file(path, default_rules(packs))


def check_text(text: str, packs: Sequence[str] = (), path: str = "<文本>") -> Any:
    """Check a text as if it were a .txt report."""
    from .runner import check_text as _check_text

    return _check_text(text, default_rules(packs), path)


def check_paths(paths: Iterable[str], packs: Sequence[str] = ()) -> Any:
    from .runner import check_paths as _check_paths

    return _check_paths(paths, default_rules(packs))
