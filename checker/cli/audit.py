"""`fzlint audit FOLDER...`: flags → checker.audit → progress bar, ranked table, HTML / Excel / CSV / JSON files.

Only click is imported at module level (this module is loaded with the command line); rich, openpyxl and the
audit itself are imported when the command runs.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Sequence

import click

from ..errors import CheckerError
from . import options
from .options import command

EPILOG = "退出码：0 全部通过；1 有报告未通过；2 用法错误、配置或规则包错误，或有文件无法读取（其他报告照常检查）。"


@command(epilog=EPILOG)
@click.argument("folders", nargs=-1, required=True, type=click.Path(readable=False), metavar="FOLDER...")
@options.jobs("并行检查的进程数（默认：配置文件的 jobs，否则为 CPU 核数）。")
@options.timeout("单个文件最多检查多少秒（默认 20）；超时的文件停止检查，记为无法检查。")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="写一个独立的 HTML 审查页面（样式和脚本内嵌，不联网）。")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="写 Excel 工作簿：汇总、问题清单、结构三张表。")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="把三张表写成 CSV（UTF-8 带 BOM，Excel 直接打开不乱码）：汇总.csv、问题清单.csv、结构.csv。")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
              help="把完整结果写成 JSON（- 表示标准输出，此时不打印表格）。")
@click.option("--no-cache", is_flag=True, help="不读也不写缓存，全部重新检查。")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="缓存目录（默认 $XDG_CACHE_HOME/fzlint 或 ~/.cache/fzlint）。")
@options.configuration("报告有达到该严重程度的问题即为不通过（默认 error，或配置文件的 fail-on）。",
                       "追加一个规则包；可多次使用。")
@options.report_year("报告年度（默认从每份报告的标题和成文日期推断）。")
@options.max_size("单个文件的大小上限（默认 10MB，或配置文件的 max-size；如 50MB，0 表示不限）；超过的文件不读取，记为无法检查。")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条和逐份报告的表格，只打印合计。")
@options.verbose()
def audit(folders: tuple[str, ...], timeout: float | None, html_path: str | None, xlsx_path: str | None,
          csv_dir: str | None, json_path: str | None, no_cache: bool, cache_dir: str | None, quiet: bool,
          verbose: bool, **flags: Any) -> None:
    """审查一个或多个文件夹中的全部报告（.txt、.docx、.html、.pdf、.doc、.wps，含子文件夹；每个文件都有交代）。

    并行检查每份报告，列出每份报告的机关、年度、是否通过、错误和警告数、缺少的部分、成文日期是否逾期，
    并找出不同机关之间、同一机关与上一年度之间雷同的长段落。结果按文件内容缓存，再次审查只检查改动过的文件。

    \b
    例：fzlint audit 2025年度报告/ --html audit.html --xlsx audit.xlsx
        fzlint audit 2025年度报告/ --csv 通报表格/ --json audit.json
    """
    from ..audit import AuditOptions
    from ..audit import audit as run_audit
    from ..load.limits import DEFAULT_TIMEOUT

    for folder in folders:
        if not os.path.exists(folder):
            click.echo(f"fzlint：{folder}：文件或文件夹不存在", err=True)
            sys.exit(2)
    show_progress = not quiet and sys.stderr.isatty()
    with _Progress(show_progress) as progress:
        request = AuditOptions(timeout=timeout or DEFAULT_TIMEOUT, use_cache=not no_cache, cache_dir=cache_dir, progress=progress,
                               **flags)
        try:
            result = run_audit(folders, request)
        except CheckerError as exc:
            click.echo(f"fzlint：{exc}", err=True)
            sys.exit(2)
    if verbose:
        for item in result["skipped"]:
            click.echo(f"fzlint：跳过 {item['path']}：{options.skip_reason(item['reason'])}", err=True)
    from ..files import writes_to_stdout

    if not writes_to_stdout(json_path):
        _print(result, quiet)               # first: a file that cannot be written must not hide the result
    written = _write_outputs(result, html_path, xlsx_path, csv_dir, json_path, _read_files(folders, flags))
    s = result["summary"]
    sys.exit(2 if s["unreadable"] or not written else 1 if s["failed"] else 0)


class _Progress:
    """A rich progress bar on stderr (files done, rate, time left), or nothing."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not self.show:
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("审查"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TextColumn("已用"), TimeElapsedColumn(),
                            TextColumn("剩余"), TimeRemainingColumn(), console=Console(stderr=True),
                            transient=True)
        self.bar.start()
        self.task = self.bar.add_task("audit", total=None, rate="")
        return self.update

    def update(self, done: int, total: int, path: str) -> None:
        speed = self.bar.tasks[0].speed
        self.bar.update(self.task, completed=done, total=total, rate=f"{speed:.0f} 份/秒" if speed else "")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _read_files(folders: Sequence[str], flags: dict[str, Any]) -> dict[str, str]:
    """The files the audit read (its reports, the packs and configuration named), path → what each is."""
    from ..runner import walk

    read = {path: "审查的报告" for path, error in walk(folders).entries if error is None}
    read.update({p: "使用的规则包" for p in flags.get("packs") or () if os.path.isfile(p)})
    if flags.get("config"):
        read[flags["config"]] = "使用的配置文件"
    return read


def _clash(target: str, read: dict[str, str]) -> str | None:
    """"what path" of the file of ``read`` that writing ``target`` would overwrite, if any."""
    if target == "-" or not os.path.isfile(target):
        return None
    for path, what in read.items():
        try:
            if os.path.samefile(target, path):
                return f"{what} {path}"
        except (OSError, ValueError):
            continue
    return None


def _write_outputs(result: dict[str, Any], html_path: str | None, xlsx_path: str | None, csv_dir: str | None,
                   json_path: str | None, read: dict[str, str] | None = None) -> bool:
    """Every requested file, each written atomically (missing folders created); a failure is reported in Chinese,
    naming the file and the cause, and the others are still written. None is written over a file of ``read``
    (the audited reports, packs, configuration)."""
    ok = True
    jobs: list[tuple[str, Any]] = []
    if json_path:
        jobs.append((json_path, lambda: _write_json(result, json_path)))
    if html_path:
        jobs.append((html_path, lambda: _write_html(result, html_path)))
    if xlsx_path:
        jobs.append((xlsx_path, lambda: _tables().write_xlsx(result, xlsx_path)))
    if csv_dir:
        jobs.append((csv_dir, lambda: _tables().write_csv(result, csv_dir)))
    for target, write in jobs:
        clash = _clash(target, read or {})
        if clash:
            click.echo(f"fzlint：{_shown(target)} 就是{_shown(clash)}，没有写入（否则会覆盖它）", err=True)
            ok = False
            continue
        try:
            if target != "-" and target != csv_dir:
                os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
            write()
        except OSError as exc:
            click.echo(f"fzlint：无法写入 {_shown(target)}（{_cause(exc)}）", err=True)
            ok = False
        except UnicodeError as exc:
            click.echo(f"fzlint：无法写入 {_shown(target)}（内容含有无法编码的字符：{exc}）", err=True)
            ok = False
    return ok


def _cause(exc: OSError) -> str:
    """Why a file could not be written, in Chinese (the system's own words only for the rare rest)."""
    import errno

    from ..files import RefusedTarget

    if isinstance(exc, RefusedTarget):
        return str(exc.strerror)

    causes = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "所在文件系统是只读的",
              errno.ENOSPC: "磁盘空间不足", getattr(errno, "EDQUOT", -1): "超出磁盘配额", errno.ENOENT: "所在文件夹不存在",
              errno.ENOTDIR: "路径中有一段是文件而不是文件夹", errno.EEXIST: "路径中有一段是文件而不是文件夹",
              errno.EISDIR: "同名的文件夹已存在", errno.ENAMETOOLONG: "文件名太长"}
    return causes.get(exc.errno or 0) or f"系统错误：{exc.strerror or exc}"


def _shown(path: str) -> str:
    from ..audit.row import displayable

    return displayable(path)


def _tables() -> Any:
    from ..audit import tables

    return tables


def _write_json(result: dict[str, Any], path: str) -> None:
    import json

    from ..files import output_stream

    text = json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"
    with output_stream(path) as out:        # "-" and /dev/stdout write into standard output, /dev/null discards
        out.write(text)


def _write_html(result: dict[str, Any], path: str) -> None:
    from ..audit.html import render
    from ..files import output_stream

    with output_stream(path) as out:
        out.write(render(result))


def _print(result: dict[str, Any], quiet: bool) -> None:
    from rich.console import Console

    tty = sys.stdout.isatty()
    console = Console(width=None if tty else 160, highlight=False, no_color=not tty, soft_wrap=not tty)
    if not quiet:
        console.print(_table(result))
    console.print(totals(result))


def _table(result: dict[str, Any]) -> Any:
    from rich.table import Table

    from ..audit.summary import STATUS_ZH, TIMELINESS_ZH
    from ..model import Part

    s = result["summary"]
    table = Table(title=f"审查结果（{s['reports']} 份，按问题严重程度排序）", title_justify="left")
    for name, kw in (("序号", {"justify": "right"}), ("报告", {"overflow": "fold"}), ("机关", {"overflow": "fold"}),
                     ("年度", {}), ("结果", {"no_wrap": True}), ("错误", {"justify": "right"}),
                     ("警告", {"justify": "right"}), ("缺少或不完整的部分", {"overflow": "fold"}),
                     ("时效", {"no_wrap": True}), ("雷同", {"justify": "right"})):
        table.add_column(name, **kw)
    style = {"pass": "green", "fail": "yellow", "error": "red"}
    for n, r in enumerate(result["reports"], 1):
        if r["status"] == "error":
            table.add_row(str(n), f"{_escape(r['path'])}\n[red]{_escape(r['error'])}[/red]", "—", "—", "[red]无法读取[/red]",
                          "—", "—", "—", "—", "—")
            continue
        missing = [Part(p).short + ("（不完整）" if v == "incomplete" else "")
                   for p, v in r["parts"].items() if v in ("missing", "incomplete")]
        when = TIMELINESS_ZH[r["timeliness"]]
        table.add_row(str(n), _escape(r["path"]), _escape(r["organ"] or "（未识别）"), str(r["year"] or "—"),
                      f"[{style[r['status']]}]{STATUS_ZH[r['status']]}[/]", str(r["errors"]), str(r["warnings"]),
                      "、".join(missing) or "—",
                      f"[red]{when}[/red]" if r["timeliness"] in ("late", "undated") else when,
                      f"{r['copied_share']:.0%}" if r["copied_share"] else "—")
    return table


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def totals(result: dict[str, Any]) -> str:
    s = result["summary"]
    t = s["timeliness"]
    missing = sum(1 for r in result["reports"] if any(v == "missing" for v in r["parts"].values() if v))
    unsupported = f"（其中不支持的文件类型 {s['unsupported']}）" if s.get("unsupported") else ""
    return (f"共 {s['reports']} 份报告：通过 {s['passed']}，不通过 {s['failed']}，无法读取 {s['unreadable']}{unsupported}；"
            f"错误 {s['errors']} 处，警告 {s['warnings']} 处，提示 {s['infos']} 处；"
            f"缺少必备部分 {missing} 份，逾期 {t['late']} 份，无成文日期 {t['undated']} 份；"
            f"与其他报告有雷同段落 {s['copied_reports']} 份"
            + (f"，与另一份内容相同（重复提交）{s['duplicate_reports']} 份" if s.get("duplicate_reports") else "")
            + "。"
            + (f"按规则跳过 {s['skipped']} 个文件（隐藏文件、锁定文件、批注副本、备份等，--verbose 逐个列出）。"
               if s.get("skipped") else "")
            + f"（复用缓存 {s['cached']} 份，本次检查 {s['checked']} 份，用时 {s['seconds']:.1f} 秒）")
