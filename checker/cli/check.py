"""`fzlint check PATHS...` as a gate: flags → session (configuration, rules) → results → baseline → output →
exit code (0 clean, 1 findings at or above --fail-on, 2 usage/configuration/pack/input)."""
from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Sequence, TextIO

import click

from ..errors import CheckerError
from ..report import FORMATS
from . import options
from .options import command

SORTS = ("importance", "position", "severity")   # report.order.SORTS (not imported: --help stays light)
EPILOG = "退出码：0 没有达到 --fail-on 的问题；1 有；2 用法错误、规则包错误或有文件无法读取。"


@command(epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="输出格式：rich（终端默认）、concise（每条一行“路径:行:列: 严重程度 规则 提示”，非终端默认）、"
                   "json、sarif（代码扫描）、junit（CI 测试报告）、github（GitHub Actions 注释）。")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="把报告写入文件（原子写入：写完才替换，不会留下半个文件）。")
@options.configuration()
@options.selection()
@click.option("--baseline", type=click.Path(dir_okay=False, readable=False), metavar="FILE",
              help="只报告基线文件中没有的问题（按规则、文件和所指文字匹配，不按行号）。")
@click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="把本次发现的问题写入基线文件。")
@options.jobs()
@click.option("--stdin-filename", metavar="NAME", help="路径为 - 时，标准输入的文件名（决定格式和报告中的路径）。")
@options.report_year()
@click.option("--organ", metavar="NAME", help="本单位名称：标题和署名须是它（多个机关用空格分隔）。")
@click.option("--statistics", is_flag=True, help="统计每条规则运行和发现问题的次数。")
@click.option("--sort", type=click.Choice(SORTS), default="importance", show_default=True,
              help="终端输出（rich、concise）中问题的顺序：importance 先列整篇文档的错误（缺部分、署名、成文日期），"
                   "再按文中位置；position 按文中位置；severity 先错误、再警告、再提示。")
@click.option("--annotate", is_flag=True,
              help="把每个问题作为 Word 批注写入副本“原名.fzlint.docx”（放在原文件旁，原文件不变；.txt、.html 也生成 .docx，"
                   "与同名 .docx 一起检查时写作“原名.txt.fzlint.docx”）。")
@click.option("--annotate-to", type=click.Path(dir_okay=False), metavar="PATH",
              help="批注副本写到这个 .docx 文件（只检查一个文件时可用；隐含 --annotate）。")
@options.max_size()
@options.timeout()
@options.verbose()
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, baseline: str | None,
          write_baseline: str | None, stdin_filename: str | None, statistics: bool, annotate: bool,
          annotate_to: str | None, verbose: bool, sort: str = "importance", **flags: Any) -> None:
    """检查报告（.txt、.docx、.html、.pdf，经 LibreOffice 转换的 .doc、.wps；可以是文件夹，每个文件都有交代；- 表示标准输入）。

    \b
    例：fzlint check 报告.docx
        fzlint check reports/ --format sarif --output fzlint.sarif
        fzlint check - --stdin-filename 报告.txt < 报告.txt
    """
    from ..session import Flags

    request = CheckRequest(paths=paths, flags=Flags(**flags), fmt=fmt, statistics=statistics,
                           stdin_filename=stdin_filename, output=output, baseline=baseline,
                           write_baseline=write_baseline, annotate=annotate, annotate_to=annotate_to,
                           verbose=verbose, sort=sort)
    sys.exit(run_check(request, sys.stdin.buffer, sys.stdout, sys.stderr, Path.cwd()))


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """One `fzlint check`: what to check, the settings' flags, and what to do with the results."""

    paths: tuple[str, ...]
    flags: Any = None                    # checker.session.Flags (None: no flags given)
    fmt: str | None = None
    statistics: bool = False
    stdin_filename: str | None = None
    output: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    annotate: bool = False               # --annotate: 报告.fzlint.docx beside each file, findings as Word comments
    annotate_to: str | None = None       # --annotate-to PATH: the annotated copy of the one file checked goes here
    sort: str = "importance"             # --sort: the order of findings in rich / concise output (report.order)
    verbose: bool = False                # --verbose: name every file a folder walk skipped, and why


def run_check(req: CheckRequest, stdin: BinaryIO, stdout: TextIO, stderr: TextIO, cwd: Path) -> int:
    """Run the gate; returns the exit code (0 clean, 1 findings at or above fail-on, 2 usage/config/input)."""
    from ..files import output_stream
    from ..model import Severity
    from ..report import renderer
    from ..runner import check_entries, check_stdin, walk
    from ..session import Flags, open_session

    try:
        session = open_session(req.flags or Flags(), cwd)
        baseline = None
        if req.baseline:
            from ..report.baseline import load_baseline

            baseline = load_baseline(Path(req.baseline))
    except CheckerError as exc:
        stderr.write(f"fzlint：{exc}\n")
        return 2
    if req.annotate or req.annotate_to:
        from ..annotate import usage_problem

        problem = usage_problem(req.paths, req.annotate_to)
        if problem:
            stderr.write(f"fzlint：{problem}\n")
            return 2
    rules, check_options = session.rules, session.options
    files = [p for p in req.paths if p != "-"]
    walked = walk(files, session.skip)
    if req.verbose:
        for path, reason in walked.skipped:
            stderr.write(f"fzlint：跳过 {path}：{options.skip_reason(reason)}\n")
    results = check_entries(walked.entries, rules, check_options, jobs=_jobs(session.settings.jobs))
    if "-" in req.paths:
        data = _read_stdin(stdin, _stdin_limit(req.stdin_filename, check_options.limits))
        results.insert(req.paths.index("-"), check_stdin(data, req.stdin_filename, rules, check_options))
    read = {**session.read_files(), **{r.path: "被检查的文件" for r in results if r.error is None}}
    for flag, target, kind in (("--write-baseline", req.write_baseline, "基线文件"), ("--output", req.output, "输出文件")):
        seen = read if flag == "--write-baseline" or not req.baseline else {**read, req.baseline: "本次读取的基线文件"}
        clash = _read_at(target, seen)
        if clash:
            stderr.write(f"fzlint：{kind} {target} 就是{seen[clash]} {clash}，没有写入（否则会覆盖它）\n")
            return 2
    if req.write_baseline:
        from ..report.baseline import write_baseline

        try:
            count = write_baseline(results, Path(req.write_baseline))
        except CheckerError as exc:
            stderr.write(f"fzlint：{exc}\n")
            return 2
        stderr.write(f"fzlint：已把 {count} 处问题写入基线 {req.write_baseline}\n")
    if baseline is not None:
        results = [baseline.filter(r) for r in results]
    fmt = req.fmt or ("rich" if stdout.isatty() and not req.output else "concise")
    try:
        with output_stream(req.output, stdout) as out:
            info = dataclasses.replace(session.run_info(results, req.statistics, walked.skipped), sort=req.sort)
            renderer(fmt)(results, info, out)
    except BrokenPipeError:
        raise                                  # the reader went away: checker/cli/interrupts.py ends quietly
    except OSError as exc:
        stderr.write(f"fzlint：无法写入输出文件 {req.output}（{exc.strerror or exc}）\n")
        return 2
    annotate_failed = False
    if req.annotate or req.annotate_to:       # the copies with Word comments; where they went goes to stderr
        from ..annotate import annotate_all

        protected = {**read, **({req.baseline: "本次读取的基线文件"} if req.baseline else {})}
        annotate_failed = not annotate_all(results, req.annotate_to, stderr, protected,
                                           timeout=check_options.timeout)
    for r in results:
        if r.error:
            stderr.write(f"fzlint：{r.path}：{r.error}\n")
    if annotate_failed or any(r.error for r in results):
        return 2
    if session.fail_on == "never":
        return 0
    threshold = Severity.parse(session.fail_on)
    return 1 if any(d.severity >= threshold for r in results for d in r.diagnostics) else 0


def _stdin_limit(name: str | None, limits: Any) -> int:
    """How much of standard input to read: one byte past the limit of the format ``--stdin-filename`` names (text
    and web pages: ``max_size``; a Word file may be larger, pictures and all). Never more is held in memory."""
    from ..load import LOADERS

    loader = LOADERS.get(Path(name or "").suffix.lower(), "txt")
    return limits.max_size if loader in ("txt", "html") else limits.docx_file


def _read_stdin(stdin: BinaryIO, limit: int) -> bytes:
    """Standard input, at most one byte past ``limit`` (0: all of it); the check then refuses what is too large."""
    return stdin.read(limit + 1) if limit else stdin.read()


def _read_at(target: str | None, read: dict[str, str]) -> str | None:
    """The file of ``read`` (path → what it is) that writing ``target`` would overwrite, if any."""
    import os

    if not target or target == "-" or not os.path.exists(target):
        return None
    for path in read:
        try:
            if os.path.samefile(target, path):
                return path
        except (OSError, ValueError):
            continue
    return None


def _jobs(configured: int | None) -> int:
    """`jobs: 0` (or `auto` in the file) is one process per CPU; unset is 1."""
    import os

    if configured is None:
        return 1
    return configured if configured > 0 else (os.cpu_count() or 1)
