"""Counts shared by the formats."""
from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from ..model import MANDATED_PARTS, FileResult, Outline, Part, Severity


def summarize(results: Sequence[FileResult]) -> dict[str, Any]:
    sev: Counter[str] = Counter()
    cat: Counter[str] = Counter()
    for r in results:
        for d in r.diagnostics:
            sev[d.severity.label] += 1
            cat[str(d.category)] += 1
    return {
        "files": len(results),
        "files_with_errors": sum(1 for r in results if r.error),
        "files_unsupported": sum(1 for r in results if r.error and r.unsupported),
        "diagnostics": sum(sev.values()),
        "by_severity": {s.label: sev.get(s.label, 0) for s in sorted(Severity, reverse=True)},
        "by_category": dict(sorted(cat.items())),
    }


def parts_found(outline: Outline | None, line_of: Any = None) -> dict[str, list[dict[str, Any]]]:
    """Mandated part → the level-1 sections carrying it (heading text and offset)."""
    if outline is None:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for part in (*MANDATED_PARTS, Part.OTHER):
        out[part.value] = [{"heading": (s.heading.mark + s.heading.title), "start": s.heading.span.start}
                           for s in outline.parts.get(part, ())]
    return out
