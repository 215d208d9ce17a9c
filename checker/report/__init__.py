"""Output formats: one module per format (the FORMATS table), each with ``render(results, info, out)``; none knows
about rules. Beside them: summary.py (the counts every format shows) and baseline.py (findings recorded once, then
left out of the reports)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence, TextIO

if TYPE_CHECKING:   # `fzlint --help` builds its --format choices from FORMATS without loading the model
    from ..model import FileResult

FORMATS = {"rich": "rich", "concise": "concise", "json": "json", "sarif": "sarif", "junit": "junit",
           "github": "github"}


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a report says about the run itself."""

    version: str
    packs: tuple[tuple[str, str], ...] = ()          # (id, version)
    fail_on: str = "error"
    statistics: bool = False
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    rule_titles: dict[str, str] = field(default_factory=dict)
    # rule id → {"id", "title", "message", "reference", "why", "severity", "category", "kind", "pack"}:
    # what machine formats (SARIF) publish as rule metadata
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    sort: str = "importance"    # the order of a file's findings in human output (report.order)
    # (path, reason) of the files a folder walk left out by rule (hidden, ~$, .fzlint.docx, .bak) or by exclude
    skipped: tuple[tuple[str, str], ...] = ()


def renderer(name: str) -> Callable[[Sequence[FileResult], RunInfo, TextIO], None]:
    module: Any = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render
