"""`fzlint fix`: make the fixes that are certain, and nothing else.

A rule declares in its pack whether its findings can be fixed (``fix: replace``: its suggestion replaces the
flagged text); the engine puts the edits in each diagnostic's ``fix``. ``fix_file`` checks a file, plans the edits
(checker.fix.plan), makes them in the file's own form (checker.fix.txt keeps a .txt's encoding and line ends;
checker.fix.docx edits the runs of a .docx and leaves every other part as it was), and checks again: edits that
overlapped are made in the next pass, until nothing fixable is left (at most ``MAX_PASSES`` passes). It writes
nothing: ``write_fixed`` (checker.fix.write) does, when the caller decides to.

A web page (.html) is refused: it is generated from a source document, which is what should be fixed. So is a
PDF (a print of its source), and a .doc / .wps (fzlint reads the .docx LibreOffice converts it to, which is not
the file: a fix would have to rewrite the binary file, which fzlint never does). ``NOT_FIXABLE`` says why and what
to do; met in a folder, such files are skipped with that note (``skip_note``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CheckerError, InputError
from ..load import LOADERS
from ..model import Document, FileResult, Rule
from ..runner import CheckOptions, check_document
from .docx import DocxSource
from .plan import Edit, drop_suppressed, plan
from .txt import TxtSource

MAX_PASSES = 5
HTML_SUFFIXES = tuple(suffix for suffix, loader in LOADERS.items() if loader == "html")
_HTML = ("网页文件（.html）不能自动修复：它是由源文档生成的，请修复源文档（.docx 或 .txt）后重新发布；"
         "网页中的问题可以用 fzlint check 查看")
_LEGACY = ("{what}不能自动修复：fzlint 检查的是 LibreOffice 把它转换成的 .docx，不会改写原来的二进制文件；"
           "请在 Word 或 WPS 中另存为 .docx 后再修复，或按 fzlint check 的结果手工修改")
# suffix → why `fzlint fix` refuses such a file, and what to do instead
NOT_FIXABLE = {
    **{suffix: _HTML for suffix in HTML_SUFFIXES},
    ".pdf": ("PDF 文件不能自动修复：它是由源文档导出的版式文件，请修复报告的 .docx 原稿后重新导出 PDF；"
             "PDF 中的问题可以用 fzlint check 查看"),
    ".doc": _LEGACY.format(what="旧版 Word 文件（.doc）"),
    ".wps": _LEGACY.format(what="WPS 文字文件（.wps）"),
}
SKIP_NOTE = {".html": "网页文件（.html）不自动修复，请修复生成它的源文档（.docx 或 .txt）",
             ".pdf": "PDF 文件不自动修复，请修复报告的 .docx 原稿后重新导出",
             ".doc": "旧版 Word 文件（.doc）不自动修复，请另存为 .docx 后再修复",
             ".wps": "WPS 文字文件（.wps）不自动修复，请另存为 .docx 后再修复"}


def skip_note(path: str) -> str | None:
    """Why a file met while walking a folder is not fixed (a web page, a PDF, a .doc / .wps), or None."""
    suffix = Path(path).suffix.lower()
    return SKIP_NOTE.get(".html" if suffix in HTML_SUFFIXES else suffix)


@dataclass(frozen=True, slots=True)
class Refused:
    """A fix that could not be made exactly (in a .docx: on Word's automatic numbering, inside a field)."""

    rule: str
    text: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class FixOutcome:
    path: str
    error: str | None = None
    original: bytes = b""                  # the file as read
    data: bytes = b""                      # the file as fixed (equal to `original` when nothing was fixed)
    before: tuple[str, ...] = ()           # lines for a diff: a .txt's own lines, a .docx's extracted text
    after: tuple[str, ...] = ()
    fixed: Mapping[str, int] = field(default_factory=dict)     # rule id → edits made
    refused: tuple[Refused, ...] = ()
    initial: FileResult | None = None      # the check before any fix
    result: FileResult | None = None       # the check of the fixed file
    passes: int = 0

    @property
    def changed(self) -> bool:
        return self.data != self.original

    @property
    def count(self) -> int:
        return sum(self.fixed.values())


Source = TxtSource | DocxSource


def read_source(path: str, limits: Any = None) -> Source:
    """The file to fix, read through the same door as a check (existence, file type, size limits)."""
    from ..load import load

    suffix = Path(path).suffix.lower()
    if suffix in NOT_FIXABLE:
        raise InputError(NOT_FIXABLE[suffix], path)
    if limits is not None:
        load(path, limits)
    else:
        load(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"读取文件失败（{exc.strerror or exc}）", path) from None
    return DocxSource(path, data, limits) if suffix == ".docx" else TxtSource.of(data, path)


def _lines(source: Source, doc: Document) -> tuple[str, ...]:
    if isinstance(source, TxtSource):
        return tuple(source.lines())
    return tuple(ln + "\n" for ln in doc.text.split("\n"))


def _refused(doc: Document, items: Sequence[tuple[Edit, str]]) -> tuple[Refused, ...]:
    """What to tell the drafter: the flagged text an edit belongs to, or (an occurrence of a finding reported once
    for many, whose edit holds only the characters that change) those characters and the one before them."""
    out = []
    for e, reason in items:
        line_start = doc.text.rfind("\n", 0, e.start) + 1
        shown = e.shown or doc.text[max(line_start, e.start - 1):e.end]
        out.append(Refused(e.rule, shown, doc.position(e.start)[0], reason))
    return tuple(out)


def fix_source(source: Source, rules: Sequence[Rule[Any]], options: CheckOptions | None = None,
               max_passes: int = MAX_PASSES) -> FixOutcome:
    """Check, fix, check again, until no fixable finding is left or a pass changes nothing."""
    options = options or CheckOptions()
    original = source
    doc = source.document()
    result = initial = check_document(doc, rules, options)
    before = _lines(source, doc)
    fixed: Counter[str] = Counter()
    refused: tuple[Refused, ...] = ()
    seen = {source.data()}
    passes = 0
    for _ in range(max_passes):
        now, _later = plan(result.diagnostics, doc.text)
        if options.suppress:
            now = drop_suppressed(doc, now)
        if not now:
            refused = ()
            break
        new, applied, not_made = source.apply(now)
        refused = _refused(doc, not_made)
        if not applied or new.data() in seen:       # nothing made, or back to an earlier text: stop
            break
        seen.add(new.data())
        passes += 1
        fixed.update(e.rule for e in applied)
        source = new
        doc = source.document()
        result = check_document(doc, rules, options)
    return FixOutcome(path=original.path, original=original.data(), data=source.data(), before=before,
                      after=_lines(source, doc), fixed=dict(fixed), refused=refused, initial=initial,
                      result=result, passes=passes)


def fix_file(path: str, rules: Sequence[Rule[Any]], options: CheckOptions | None = None,
             max_passes: int = MAX_PASSES) -> FixOutcome:
    """One file, never raising: what cannot be read or fixed, or takes longer than ``options.timeout`` (all passes
    together), becomes the outcome's ``error``; nothing is written here either way."""
    from ..load.limits import TimedOut, deadline

    try:
        with deadline(getattr(options, "timeout", None)):
            return fix_source(read_source(path, getattr(options, "limits", None)), rules, options, max_passes)
    except TimedOut as exc:
        return FixOutcome(path, error=f"{exc.message}；未作修改")
    except CheckerError as exc:
        return FixOutcome(path, error=exc.message)
    except RecursionError:
        return FixOutcome(path, error="文档结构过深，无法修复")
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end a batch
        return FixOutcome(path, error=f"修复时发生内部错误（{type(exc).__name__}: {exc}），未作修改；"
                                      "请将此文件报告给 fzlint 维护者")


__all__ = ["MAX_PASSES", "NOT_FIXABLE", "FixOutcome", "Refused", "fix_file", "fix_source", "read_source", "skip_note"]
