"""What a worker process does with one upload: a ``Task`` in, a ``Reply`` out (status, body, type, file name).

Everything happens in memory. A .txt (or pasted text) is decoded from its bytes; a loader that reads a path
(.docx, .html, .pdf) gets a temporary file in a private folder (mode 0700) that is deleted as soon as the
document is loaded. The annotated .docx and the fixed file are built as bytes and sent back, never written.
Nothing outlives the task. Every failure is a Chinese message in the reply, never a traceback.
"""
from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CheckerError, InputError
from ..model import Document, FileResult
from .view import fix_refusal

JSON = "application/json; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OPS = ("check", "report", "annotate", "fix", "diff")
SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
SERVER_HINT = "如确需检查更大的文件，请让管理员用 fzlint serve --max-size 提高上限"


@dataclass(frozen=True, slots=True)
class Task:
    op: str             # one of OPS
    name: str           # the upload's file name (no folders), as reports and messages show it
    data: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str = JSON
    filename: str | None = None          # set: a download (Content-Disposition: attachment)

    @classmethod
    def json(cls, value: Any, status: int = 200) -> Reply:
        return cls(status, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def error(cls, message: str, status: int = 422) -> Reply:
        return cls.json({"error": message}, status)


@dataclass(frozen=True, slots=True)
class Context:
    """What every task of a worker shares (sent once, when the worker starts)."""

    rules: tuple[Any, ...]
    options: Any                  # checker.runner.CheckOptions
    info: Any                     # checker.report.RunInfo


def handle(task: Task, ctx: Context) -> Reply:
    """Never raises: a bad input is a 422 with its Chinese message, a bug a 500 with a Chinese one."""
    try:
        return _HANDLERS[task.op](task, ctx)
    except CheckerError as exc:
        return Reply.error(f"{task.name}：{for_web(exc.message)}")
    except RecursionError:
        return Reply.error(f"{task.name}：文档结构嵌套过深，无法处理")
    except MemoryError:
        return Reply.error(f"{task.name}：内存不足，无法处理这个文件", 503)
    except Exception as exc:  # noqa: BLE001 - one upload's failure must not end the worker
        return Reply.error(f"{task.name}：处理时发生内部错误（{type(exc).__name__}），请将此文件报告给 fzlint 维护者", 500)


def for_web(message: str) -> str:
    """A loader's message as a web user reads it: the size limit is the server's, raised by whoever runs it."""
    from ..load.limits import RAISE_HINT

    return message.replace(RAISE_HINT, SERVER_HINT)


def load_upload(name: str, data: bytes, limits: Any) -> Document:
    """The upload as a Document, through the same checks as a file on disk (type, size, zip bomb, content).
    Raises InputError naming ``name``."""
    from ..load import LOADERS, load, unsupported
    from ..load.limits import check_size
    from ..load.txt import document_from_bytes

    suffix = Path(name).suffix.lower()
    if suffix not in LOADERS:            # refused from its name alone: nothing is written
        raise InputError(unsupported(name), name)
    if LOADERS[suffix] == "txt":
        check_size(Path(name), len(data), limits.max_size)
        return document_from_bytes(data, name)
    with tempfile.TemporaryDirectory(prefix="fzlint-serve-") as tmp:
        copy = Path(tmp) / ("upload" + (suffix if SAFE_SUFFIX.fullmatch(suffix) else ""))
        copy.write_bytes(data)
        try:
            doc = load(copy, limits)
        except InputError as exc:
            raise InputError(exc.message, name) from None
    return dataclasses.replace(doc, path=name)


def _checked(task: Task, ctx: Context) -> tuple[Document | None, FileResult]:
    from ..runner import check_document

    from ..load import format_of

    try:
        doc = load_upload(task.name, task.data, ctx.options.limits)
    except InputError as exc:
        return None, FileResult(path=task.name, format=None, encoding=None, body=None,
                                error=for_web(exc.message), diagnostics=(), unsupported=format_of(task.name) is None)
    return doc, check_document(doc, ctx.rules, ctx.options)


def _check(task: Task, ctx: Context) -> Reply:
    """`POST /api/check`: the JSON of `fzlint check --format json` for the one file (422 when unreadable)."""
    from ..report.json import document

    _, result = _checked(task, ctx)
    return Reply.json(document([result], ctx.info), 422 if result.error else 200)


def _report(task: Task, ctx: Context) -> Reply:
    """What the page shows: the same JSON, plus the checked text, the parts and the rule titles."""
    from ..report.json import document
    from .view import page_view

    doc, result = _checked(task, ctx)
    report = document([result], ctx.info)
    if doc is None or result.error:
        return Reply.json({"error": f"{task.name}：{result.error}", "report": report}, 422)
    return Reply.json(page_view(doc, result, report, ctx.info))


def _annotate(task: Task, ctx: Context) -> Reply:
    from ..annotate import annotated_bytes

    doc, result = _checked(task, ctx)
    if doc is None or result.error:
        raise InputError(result.error or "无法读取", task.name)
    data, _ = annotated_bytes(result, docx=task.data if doc.format == "docx" else None, doc=doc)
    return Reply(200, data, DOCX, Path(task.name).stem + ".fzlint.docx")


def _outcome(task: Task, ctx: Context) -> Any:
    from ..fix import fix_source
    from ..fix.docx import DocxSource
    from ..fix.txt import TxtSource

    doc = load_upload(task.name, task.data, ctx.options.limits)
    refusal = fix_refusal(doc.format)
    if refusal:
        raise InputError(refusal, task.name)
    source = (DocxSource(task.name, task.data, ctx.options.limits) if doc.format == "docx"
              else TxtSource.of(task.data, task.name))
    return fix_source(source, ctx.rules, ctx.options)


def _fix(task: Task, ctx: Context) -> Reply:
    """The file with the certain fixes made, as `fzlint fix` makes them (the upload itself when none applies)."""
    outcome = _outcome(task, ctx)
    stem, suffix = Path(task.name).stem, Path(task.name).suffix
    kind = DOCX if suffix.lower() == ".docx" else "text/plain; charset=" + _charset(outcome)
    return Reply(200, outcome.data, kind, f"{stem}.fixed{suffix}")


def _charset(outcome: Any) -> str:
    encoding = outcome.initial.encoding if outcome.initial is not None else None
    return {"utf-8-sig": "utf-8", "gb18030": "gb18030", "utf-16": "utf-16"}.get(encoding or "", "utf-8")


def _diff(task: Task, ctx: Context) -> Reply:
    """What the fixes change, before downloading: the changed lines (with the changed characters marked), how many
    of each rule, what could not be fixed, and how many findings are left for the drafter."""
    from .view import fix_view

    return Reply.json(fix_view(_outcome(task, ctx), ctx.info))


_HANDLERS = {"check": _check, "report": _report, "annotate": _annotate, "fix": _fix, "diff": _diff}
