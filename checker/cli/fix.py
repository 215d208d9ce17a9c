"""`fzlint fix FILE...`: make the certain fixes (rules declaring `fix: replace`), print what was fixed and what is
left for the drafter. `--diff` prints a unified diff and writes nothing; otherwise each file is rewritten
atomically, with a `FILE.bak` copy of the original (`--no-backup` to skip).

Exit codes: 0 nothing at or above --fail-on is left; 1 findings at or above it are left (findings no fix can
make: the drafter's part), or, with --diff, there is something to fix; 2 a usage, pack or configuration error, or
a file that could not be read, fixed or written (the other files are still fixed).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from ..errors import CheckerError
from . import options
from .options import command

EPILOG = ("退出码：0 修复后没有达到 --fail-on 的问题；1 还有需要人工处理的问题（--diff 时：还有可以修复的问题）；"
          "2 用法错误、规则包或配置错误，或有文件无法读取、修复或写入。")


@command(epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--diff", "show_diff", is_flag=True, help="只打印修改前后的差异（统一差异格式），不写入任何文件。")
@click.option("--no-backup", is_flag=True, help="不保留原文件的备份（默认保留为“文件名.bak”）。")
@options.configuration("修复后仍有该严重程度的问题时退出码为 1（默认 error，或配置文件的 fail-on）。",
                       "追加一个规则包（YAML）；可多次使用。")
@options.selection("只运行（和修复）这些规则：规则编号或前缀，逗号分隔，如 punctuation。",
                   "不运行（也不修复）这些规则（编号或前缀，逗号分隔）。", "处理文件夹时跳过这些路径（通配符，逗号分隔）。")
@options.report_year()
@options.max_size("单个输入文件的大小上限（默认 10MB，如 50MB；0 表示不限），与 fzlint check 相同。")
@options.timeout("单个文件最多处理多少秒（默认 20）；超时的文件不作修改，报告为无法修复，其他文件照常修复。")
def fix(paths: tuple[str, ...], show_diff: bool, no_backup: bool, **flags: Any) -> None:
    """自动修复确定无疑的问题（.txt、.docx；可以是文件夹，其中的网页、PDF、.doc、.wps 文件跳过）。

    只修复规则包中声明可以自动修复（fix: replace）的问题：重复的标点、夹在汉字间的半角标点、
    中文标点旁的空格、年份起止的短横线、只有一种读法的成文日期、标题序号的写法。
    涉及数字和词语的问题只提示，不修改。.docx 只改动正文中的文字，格式、表格、批注等保持不变。

    \b
    例：fzlint fix 报告.docx
        fzlint fix 报告.txt --diff
        fzlint fix reports/ --no-backup
    """
    from ..session import Flags

    sys.exit(run_fix(paths, Flags(**flags), show_diff, not no_backup, sys.stdout, sys.stderr, Path.cwd()))


def run_fix(paths: Sequence[str], flags: Any, show_diff: bool, backup: bool, stdout: TextIO, stderr: TextIO,
            cwd: Path) -> int:
    """Fix every file named (folders walked) with the settings of ``flags`` (checker.session.Flags); returns the
    exit code."""
    from ..fix import fix_file, skip_note
    from ..load import format_of
    from ..model import Severity
    from ..runner import expand
    from ..session import open_session

    try:
        session = open_session(flags, cwd)
    except CheckerError as exc:
        stderr.write(f"fzlint：{exc}\n")
        return 2
    rules, check_options = session.rules, session.options
    entries = expand(paths, session.skip)
    named = {os.path.abspath(p) for p in paths}
    if not show_diff:           # what a fix killed mid-write (SIGKILL, a power cut) left beside the files
        from ..files import sweep_temporaries

        for folder in {os.path.dirname(os.path.abspath(p)) for p, error in entries if error is None}:
            sweep_temporaries(folder)
    threshold = None if session.fail_on == "never" else Severity.parse(session.fail_on)
    failed = left = pending = False
    out = stderr if show_diff else stdout
    for path, error in entries:
        in_folder = os.path.abspath(path) not in named
        if error is not None and in_folder and format_of(path) is None and os.path.isfile(path):
            out.write(f"{path}：跳过：{error}\n")        # a type fzlint does not read, met in a folder
            continue
        if error is not None:
            stderr.write(f"fzlint：{path}：{error}\n")
            failed = True
            continue
        note = skip_note(path)
        if note and in_folder:
            out.write(f"{path}：跳过：{note}\n")
            continue                # met in a folder: not an error (named on the command line, it is one)
        outside = _outside(path, paths, named)
        if outside:
            stderr.write(f"fzlint：{path}：{outside}\n")
            failed = True
            continue
        outcome = fix_file(path, rules, check_options)
        if outcome.error is None and outcome.changed and not show_diff:
            outcome = _write(outcome, backup, out)
        if outcome.error is not None:
            stderr.write(f"fzlint：{outcome.path}：{outcome.error}\n")
            failed = True
            continue
        if show_diff:
            stdout.write(diff_text(outcome))
            pending = pending or outcome.changed
        _summary(outcome, show_diff, out)
        result = outcome.result
        if threshold is not None and result is not None:
            left = left or any(d.severity >= threshold for d in result.diagnostics)
    if failed:
        return 2
    return 1 if left or pending else 0


def _outside(path: str, paths: Sequence[str], named: set[str]) -> str | None:
    """Why a file met while walking a folder is not rewritten: a symbolic link to a file outside the folder named
    (fixing it would write where the user did not point). A file named on the command line is the user's word."""
    if os.path.abspath(path) in named or not os.path.islink(path):
        return None
    real = os.path.realpath(path)
    for folder in paths:
        root = os.path.realpath(folder)
        if os.path.isdir(folder) and os.path.commonpath([root, real]) == root:
            return None
    return f"这是指向所给文件夹之外（{real}）的符号链接，未作修改；确需修复时请直接给出该文件"


def _write(outcome: Any, backup: bool, out: TextIO) -> Any:
    import dataclasses

    from ..fix.write import write_fixed

    try:
        saved = write_fixed(outcome.path, outcome.original, outcome.data, backup)
    except CheckerError as exc:
        return dataclasses.replace(outcome, error=exc.message)
    if saved:
        out.write(f"{outcome.path}：原文件已备份为 {saved}\n")
    return outcome


def diff_text(outcome: Any) -> str:
    """A unified diff of the file (a .txt's own lines, so `patch -p0` applies it; a .docx's text as
    `fzlint extract` prints it)."""
    import difflib

    if not outcome.changed:
        return ""
    name = outcome.path
    lines = difflib.unified_diff(list(outcome.before), list(outcome.after), fromfile=name, tofile=name)
    return "".join(ln if ln.endswith(("\n", "\r")) else ln + "\n" for ln in lines)


def _counts(fixed: dict[str, int]) -> str:
    return "，".join(f"{rule} {n} 处" for rule, n in sorted(fixed.items(), key=lambda kv: (-kv[1], kv[0])))


def _summary(outcome: Any, show_diff: bool, out: TextIO) -> None:
    verb = "可修复" if show_diff else "已修复"
    if outcome.count:
        out.write(f"{outcome.path}：{verb} {outcome.count} 处（{_counts(outcome.fixed)}）"
                  f"{'；--diff 未写入文件' if show_diff else ''}\n")
    else:
        out.write(f"{outcome.path}：没有可以自动修复的问题\n")
    out.writelines(f"  未能自动修复：第{r.line}行“{r.text}”（{r.rule}）：{r.reason}\n" for r in outcome.refused)
    _remaining(outcome.result.diagnostics if outcome.result else (), outcome.path, out)


def _remaining(diagnostics: Sequence[Any], path: str, out: TextIO) -> None:
    from ..model import Severity

    if not diagnostics:
        out.write("  没有需要人工处理的问题。\n")
        return
    by = {s: sum(1 for d in diagnostics if d.severity == s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    parts = "，".join(f"{s.zh} {n}" for s, n in by.items() if n)
    out.write(f"  仍有 {len(diagnostics)} 处问题需要人工处理（{parts}）：\n")
    out.writelines(f"  {path}:{d.line or 0}:{d.column or 0}: {d.severity.label} {d.rule} {d.message}\n" for d in diagnostics)
