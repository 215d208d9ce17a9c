"""The options several commands share, each declared once: flag, type, metavar, and the parameter name the
command receives, which is the field of checker.session.Flags it fills. A command whose help words an option its
own way passes ``help=``; the others take the wording here.

    @command(epilog=EPILOG)
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @options.configuration()                   # --fail-on, --config, --isolated, --pack
    @options.selection()                       # --select, --ignore, --exclude
    @options.report_year()
    def mycommand(paths: tuple[str, ...], **flags: Any) -> None:
        session = open_session(Flags(**flags), Path.cwd())

Only click (and the fail-on levels) are imported here: `fzlint --help` loads this module.
"""
from __future__ import annotations

from typing import Any, Callable

import click

from ..config import FAIL_ON
from .chinese import VERSION_OPTION, Command, Group

Decorator = Callable[[Any], Any]


def command(**attrs: Any) -> Decorator:
    """``click.command`` for an fzlint command (help and usage errors in Chinese)."""
    return click.command(cls=Command, **attrs)


def group(**attrs: Any) -> Decorator:
    return click.group(cls=Group, **attrs)


def version(version: str) -> Decorator:
    return click.version_option(version, prog_name="fzlint", help=VERSION_OPTION)


def shared(*decls: str, help: str, **attrs: Any) -> Callable[..., Decorator]:
    wording = help

    def option(help: str | None = None) -> Decorator:
        return click.option(*decls, help=help or wording, **attrs)

    return option


def _together(*decorators: Decorator) -> Decorator:
    """Several options as one decorator, listed in the help in the order given."""
    def apply(f: Any) -> Any:
        for decorator in reversed(decorators):
            f = decorator(f)
        return f

    return apply


fail_on = shared("--fail-on", type=click.Choice(FAIL_ON), default=None,
                  help="达到该严重程度的问题使退出码为 1（默认 error，或配置文件的 fail-on）。")
config = shared("--config", type=click.Path(dir_okay=False, readable=False), metavar="FILE",
                 help="配置文件（默认从当前目录向上找 fzlint.yaml、.fzlint.yaml 或 pyproject.toml 的 [tool.fzlint]）。")
isolated = shared("--isolated", is_flag=True, help="不读取任何配置文件。")
pack = shared("--pack", "packs", multiple=True, type=click.Path(readable=False), metavar="FILE",
               help="追加一个规则包（YAML，可 extends 内置包并覆盖严重程度或关闭规则）；可多次使用。")
select = shared("--select", multiple=True, metavar="RULES",
                 help="只运行这些规则：规则编号或前缀，逗号分隔，如 figures,punctuation.doubled-mark。")
ignore = shared("--ignore", multiple=True, metavar="RULES", help="不运行这些规则（编号或前缀，逗号分隔）。")
exclude = shared("--exclude", multiple=True, metavar="GLOBS", help="检查文件夹时跳过这些路径（通配符，逗号分隔）。")
report_year = shared("--report-year", type=click.IntRange(2000, 2100), default=None, metavar="YEAR",
                      help="报告年度（默认从标题和成文日期推断）。")
jobs = shared("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar="N", help="并行检查的进程数（默认 1）。")
timeout = shared("--timeout", type=click.FloatRange(0.1, 3600), default=None, metavar="SECONDS",
                  help="单个文件最多检查多少秒（默认 20）；超时的文件停止检查，报告为无法检查，其他文件照常检查。")
max_size = shared("--max-size", metavar="SIZE",
                   help="单个输入文件的大小上限（默认 10MB，如 50MB、512KB；0 表示不限）；超过的文件不读取，报告为无法检查。")

verbose = shared("--verbose", "-v", is_flag=True,
                 help="在标准错误中列出检查文件夹时跳过的文件及原因（隐藏文件、~$ 锁定文件、.fzlint.docx 批注副本、"
                      ".bak 备份、--exclude 排除的路径）。")


def skip_reason(reason: str) -> str:
    """A folder walk's reason for skipping a file (checker.runner.walk), as --verbose says it."""
    return "按 --exclude（或配置的 exclude）排除" if reason == "--exclude" else reason


def configuration(fail_on_help: str | None = None, pack_help: str | None = None) -> Decorator:
    """--fail-on, --config, --isolated, --pack: which configuration and packs, and what makes the exit code 1."""
    return _together(fail_on(fail_on_help), config(), isolated(), pack(pack_help))


def selection(select_help: str | None = None, ignore_help: str | None = None,
              exclude_help: str | None = None) -> Decorator:
    """--select, --ignore, --exclude: which rules run, which paths in a folder are skipped."""
    return _together(select(select_help), ignore(ignore_help), exclude(exclude_help))
