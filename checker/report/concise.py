"""One line per finding: path:line:col: severity rule message."""
from __future__ import annotations

from typing import Sequence, TextIO

from ..model import FileResult
from . import RunInfo
from .order import ordered


def render(results: Sequence[FileResult], info: RunInfo, out: TextIO) -> None:
    for r in results:
        if r.error:
            out.write(f"{r.path}:0:0: error input.unreadable {r.error}\n")
        for d in ordered(r, info.sort):
            out.write(f"{r.path}:{d.line or 0}:{d.column or 0}: {d.severity.label} {d.rule} {d.message}\n")

