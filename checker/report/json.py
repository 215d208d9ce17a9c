"""The JSON contract of DESIGN.md: {"tool", "files": [...], "summary"}."""
from __future__ import annotations

import json
import re
from typing import Any, Sequence, TextIO

from ..model import FileResult
from . import RunInfo
from .summary import parts_found, summarize


def file_entry(r: FileResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": r.path,
        "format": r.format,
        "encoding": r.encoding,
        "body": {"start": r.body.start, "end": r.body.end} if r.body else None,
        "error": r.error,
        "diagnostics": [d.to_dict() for d in r.diagnostics],
    }
    if r.error and r.unsupported:    # not checked because fzlint does not read this type of file
        entry["unsupported"] = True
    if r.meta.get("converted"):      # a .doc / .wps read through LibreOffice's .docx
        entry["converted"] = dict(r.meta["converted"])
    if r.outline is not None:
        entry["report_year"] = r.outline.report_year
        entry["published"] = r.outline.published
        entry["parts"] = parts_found(r.outline)
    return entry


def document(results: Sequence[FileResult], info: RunInfo) -> dict[str, Any]:
    summary = summarize(results)
    summary["files_skipped"] = len(info.skipped)
    if info.statistics:
        summary["statistics"] = {rid: {"runs": runs, "findings": fired} for rid, (runs, fired) in info.stats.items()}
    return {
        "tool": {"name": "fzlint", "version": info.version,
                 "packs": [{"id": pid, "version": ver} for pid, ver in info.packs], "fail_on": info.fail_on},
        "files": [file_entry(r) for r in results],
        "summary": summary,
    }


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(data: Any) -> str:
    """JSON text, Chinese as it is; a file name that is not UTF-8 (Python holds its odd bytes as lone surrogates)
    is written with ``\\udcXX`` escapes: valid JSON, where a raw surrogate could not even be encoded, and
    ``json.loads`` gives back the very name, ``os.fsencode`` its bytes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(results: Sequence[FileResult], info: RunInfo, out: TextIO) -> None:
    out.write(dumps(document(results, info)))
    out.write("\n")
