"""SARIF 2.1.0: one run with the active rules' metadata (title, message, why, reference) and one result per finding.

Code-scanning services (GitHub, GitLab, Azure DevOps) read it. Paths are written as given, with forward slashes:
a relative path gets ``uriBaseId: "%SRCROOT%"`` (the checkout), an absolute one becomes a ``file:`` URI. Lines and
columns are 1-based and count Unicode code points (``columnKind: unicodeCodePoints``). For .docx and .html they are
positions in the text ``fzlint extract`` prints, so only a .txt finding carries a ``fixes`` entry. A finding with no
position (a missing part, say) points at line 1, because code scanning requires a region. A file that could not be
read is an error notification of the invocation, which then reports ``executionSuccessful: false``.

``partialFingerprints["fzlint/v1"]`` hashes rule, path and the flagged text (plus the occurrence number among equal
findings), never the line, so an alert survives edits elsewhere in the document.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
from pathlib import Path, PurePosixPath
from typing import Any, Mapping, Sequence, TextIO
from urllib.parse import quote

from ..model import Diagnostic, FileResult, Occurrence, Severity
from . import RunInfo

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "fzlint/v1"
UNREADABLE = "input.unreadable"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MIME = {"txt": "text/plain", "html": "text/html",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def level(severity: Severity | str) -> str:
    """fzlint severity → SARIF level (info → note)."""
    sev = severity if isinstance(severity, Severity) else Severity.parse(severity)
    return LEVELS[sev]


def rule_name(rule_id: str) -> str:
    """``punctuation.half-width-comma`` → ``PunctuationHalfWidthComma`` (SARIF's readable rule name)."""
    words = [w for part in rule_id.replace("_", "-").split(".") for w in part.split("-") if w]
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name or rule_id


def artifact_location(path: str) -> dict[str, Any]:
    """The path as given, forward slashes: relative → ``uri`` + ``%SRCROOT%``; absolute → a file URI."""
    posix = path.replace("\\", "/")
    if os.path.isabs(path) or PurePosixPath(posix).is_absolute():
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    norm = posixpath.normpath(posix) if posix else posix
    return {"uri": quote(norm, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def region(d: Diagnostic) -> dict[str, Any]:
    """1-based start and end of the finding, computed from its line, column and text (end column exclusive)."""
    if d.line is None:
        return {"startLine": 1}
    start_col = d.column or 1
    text = d.text or ""
    end_line = d.line + text.count("\n")
    end_col = (len(text.rsplit("\n", 1)[1]) + 1) if "\n" in text else start_col + len(text)
    reg: dict[str, Any] = {"startLine": d.line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}
    if text:
        reg["snippet"] = {"text": text}
    return reg


def fingerprint(rule: str, path: str, text: str, occurrence: int) -> str:
    digest = hashlib.sha256("\0".join((rule, path, text)).encode("utf-8")).hexdigest()[:32]
    return f"{digest}:{occurrence}"


def rule_descriptor(rule_id: str, meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """A ``reportingDescriptor`` from RunInfo.rules metadata (or a bare one for a rule the run did not list)."""
    if not meta:
        return {"id": rule_id, "name": rule_name(rule_id), "shortDescription": {"text": rule_id}}
    title = meta.get("title") or rule_id
    why = (meta.get("why") or "").strip()
    reference = (meta.get("reference") or "").strip()
    help_text = "\n".join(x for x in (why, f"依据：{reference}" if reference else "") if x) or title
    category, pack = meta.get("category") or "", meta.get("pack") or ""
    tags = [t for t in dict.fromkeys(("fzlint", category, pack)) if t]
    props = {"category": category, "kind": meta.get("kind") or "", "pack": pack, "tags": tags}
    if reference:
        props["reference"] = reference
    desc: dict[str, Any] = {"id": rule_id, "name": rule_name(rule_id), "shortDescription": {"text": title},
                            "fullDescription": {"text": meta.get("message") or title},
                            "help": {"text": help_text}, "properties": props}
    if meta.get("severity"):
        desc["defaultConfiguration"] = {"level": level(str(meta["severity"]))}
    return desc


def _result(d: Diagnostic, r: FileResult, location: dict[str, Any], rule_index: int, occurrence: int,
            uri: str) -> dict[str, Any]:
    reg = region(d)
    res: dict[str, Any] = {
        "ruleId": d.rule, "ruleIndex": rule_index, "level": level(d.severity), "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": reg}}],
        "partialFingerprints": {FINGERPRINT: fingerprint(d.rule, uri, d.text or d.message, occurrence)},
    }
    props: dict[str, Any] = {"category": str(d.category)}
    if d.part is not None:
        props["part"] = str(d.part)
    if d.reference:
        props["reference"] = d.reference
    if d.suggestion is not None:
        props["suggestion"] = d.suggestion
    if r.format not in (None, "txt"):
        props["positions"] = "extracted-text"      # line/column count in `fzlint extract`'s text, not the file
    if d.occurrences:     # the same slip at several places: one result, every place a related location
        props["count"] = len(d.occurrences)
        res["relatedLocations"] = [
            {"id": k, "message": {"text": f"第{k}处（共{len(d.occurrences)}处）"},
             "physicalLocation": {"artifactLocation": location, "region": _place_region(o)}}
            for k, o in enumerate(d.occurrences, 1)]
    res["properties"] = props
    places = [(reg, d.suggestion)] if not d.occurrences else [(_place_region(o), o.suggestion) for o in d.occurrences]
    replacements = [{"deletedRegion": {k: v for k, v in where.items() if k != "snippet"},
                     "insertedContent": {"text": text}} for where, text in places if text is not None]
    if replacements and d.line is not None and r.format == "txt":
        res["fixes"] = [{"description": {"text": f"改为“{d.suggestion}”" if d.suggestion is not None else "逐处修改"},
                         "artifactChanges": [{"artifactLocation": location, "replacements": replacements}]}]
    return res


def _place_region(o: Occurrence) -> dict[str, Any]:
    end_line = o.line + o.text.count("\n")
    end_col = (len(o.text.rsplit("\n", 1)[1]) + 1) if "\n" in o.text else o.column + len(o.text)
    reg: dict[str, Any] = {"startLine": o.line, "startColumn": o.column, "endLine": end_line, "endColumn": end_col}
    if o.text:
        reg["snippet"] = {"text": o.text}
    return reg


def document(results: Sequence[FileResult], info: RunInfo) -> dict[str, Any]:
    """The SARIF log as a dict (``render`` writes it as JSON)."""
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def rule_index(rule_id: str) -> int:
        if rule_id not in index:
            index[rule_id] = len(rules)
            rules.append(rule_descriptor(rule_id, info.rules.get(rule_id)))
        return index[rule_id]

    for rid in info.rules:
        rule_index(rid)
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for r in results:
        base = artifact_location(r.path)
        uri = base["uri"]
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            art: dict[str, Any] = {"location": dict(base), "roles": ["analysisTarget"]}
            if r.encoding:
                art["encoding"] = r.encoding
            if r.format in MIME:
                art["mimeType"] = MIME[r.format]
            artifacts.append(art)
        location = {**base, "index": artifact_index[uri]}
        if r.error:
            notes.append({"level": "error", "message": {"text": f"{r.path}：{r.error}"},
                          "locations": [{"physicalLocation": {"artifactLocation": location}}],
                          "descriptor": {"id": UNREADABLE}})
        seen: dict[tuple[str, str], int] = {}
        for d in r.diagnostics:
            key = (d.rule, d.text or d.message)
            seen[key] = seen.get(key, 0) + 1
            out.append(_result(d, r, location, rule_index(d.rule), seen[key], uri))
    driver: dict[str, Any] = {"name": "fzlint", "fullName": f"fzlint {info.version}", "version": info.version,
                              "language": "zh-CN", "rules": rules}
    if info.packs:
        driver["properties"] = {"packs": [{"id": pid, "version": ver} for pid, ver in info.packs]}
    if notes:
        driver["notifications"] = [{"id": UNREADABLE, "name": "InputUnreadable",
                                    "shortDescription": {"text": "文件无法读取或检查"},
                                    "defaultConfiguration": {"level": "error"}}]
    invocation: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run: dict[str, Any] = {
        "tool": {"driver": driver}, "invocations": [invocation], "language": "zh-CN",
        "columnKind": "unicodeCodePoints", "artifacts": artifacts, "results": out,
        "properties": {"failOn": info.fail_on},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(results: Sequence[FileResult], info: RunInfo, out: TextIO) -> None:
    from .json import dumps

    out.write(dumps(document(results, info)))
    out.write("\n")
