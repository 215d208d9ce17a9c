"""Command line: parse flags, call the API, map errors to exit codes (0 clean, 1 findings, 2 usage/pack/input)."""
from __future__ import annotations

import sys
from typing import Any, Sequence

import click

from . import __version__
from .errors import CheckerError
from .gate import rule_meta  # noqa: F401 - re-exported for callers that build a RunInfo
from .report import FORMATS

FAIL_ON = ("error", "warning", "info", "never")
EPILOG = "退出码：0 没有达到 --fail-on 的问题；1 有；2 用法错误、规则包错误或有文件无法读取。"


def _rules(packs: Sequence[str]) -> tuple[list[Any], list[Any]]:
    from .packs import DEFAULT_PACK, resolve

    return resolve([DEFAULT_PACK, *packs])


def _fail(exc: CheckerError) -> None:
    click.echo(f"fzlint：{exc}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="fzlint")
def main() -> None:
    """fzlint —— 法治政府建设年度报告检查工具。

    检查报告是否具备四个必备部分、标题、署名和成文日期是否规范，并给出修改建议与依据。
    """


@main.command(epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="输出格式：rich（终端默认）、concise（每条一行“路径:行:列: 严重程度 规则 提示”，非终端默认）、"
                   "json、sarif（代码扫描）、junit（CI 测试报告）、github（GitHub Actions 注释）。")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="把报告写入文件（原子写入：写完才替换，不会留下半个文件）。")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="达到该严重程度的问题使退出码为 1（默认 error，或配置文件的 fail-on）。")
@click.option("--config", type=click.Path(dir_okay=False), metavar="FILE",
              help="配置文件（默认从当前目录向上找 fzlint.yaml、.fzlint.yaml 或 pyproject.toml 的 [tool.fzlint]）。")
@click.option("--isolated", is_flag=True, help="不读取任何配置文件。")
@click.option("--pack", "packs", multiple=True, type=click.Path(), metavar="FILE",
              help="追加一个规则包（YAML，可 extends 内置包并覆盖严重程度或关闭规则）；可多次使用。")
@click.option("--select", multiple=True, metavar="RULES",
              help="只运行这些规则：规则编号或前缀，逗号分隔，如 figures,punctuation.doubled-mark。")
@click.option("--ignore", multiple=True, metavar="RULES", help="不运行这些规则（编号或前缀，逗号分隔）。")
@click.option("--exclude", multiple=True, metavar="GLOBS", help="检查文件夹时跳过这些路径（通配符，逗号分隔）。")
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="只报告基线文件中没有的问题（按规则、文件和所指文字匹配，不按行号）。")
@click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="把本次发现的问题写入基线文件。")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="并行检查的进程数（默认 1）。")
@click.option("--stdin-filename", metavar="NAME", help="路径为 - 时，标准输入的文件名（决定格式和报告中的路径）。")
@click.option("--report-year", type=click.IntRange(2000, 2100), default=None,
              help="报告年度（默认从标题和成文日期推断）。")
@click.option("--organ", metavar="NAME", help="本单位名称：标题和署名须是它（多个机关用空格分隔）。")
@click.option("--statistics", is_flag=True, help="统计每条规则运行和发现问题的次数。")
@click.option("--annotate", is_flag=True,
              help="把每个问题作为 Word 批注写入副本“原名.fzlint.docx”（放在原文件旁，原文件不变；.txt、.html 也生成 .docx，"
                   "与同名 .docx 一起检查时写作“原名.txt.fzlint.docx”）。")
@click.option("--annotate-to", type=click.Path(dir_okay=False), metavar="PATH",
              help="批注副本写到这个 .docx 文件（只检查一个文件时可用；隐含 --annotate）。")
@click.option("--max-size", metavar="SIZE",
              help="单个输入文件的大小上限（默认 10MB，如 50MB、512KB；0 表示不限）；超过的文件不读取，报告为无法检查。")
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None, config: str | None,
          isolated: bool, packs: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
          exclude: tuple[str, ...], baseline: str | None, write_baseline: str | None, jobs: int | None,
          stdin_filename: str | None, report_year: int | None, organ: str | None, statistics: bool,
          max_size: str | None, annotate: bool = False, annotate_to: str | None = None) -> None:
    """检查报告（.txt、.docx、.html；可以是文件夹；- 表示标准输入）。

    \b
    例：fzlint check 报告.docx
        fzlint check reports/ --format sarif --output fzlint.sarif
        fzlint check - --stdin-filename 报告.txt < 报告.txt
    """
    from pathlib import Path

    from .gate import CheckRequest, run_check

    request = CheckRequest(paths=paths, fmt=fmt, packs=packs, fail_on=fail_on, statistics=statistics,
                           config=config, isolated=isolated, select=select, ignore=ignore, exclude=exclude,
                           jobs=jobs, stdin_filename=stdin_filename, output=output, baseline=baseline,
                           write_baseline=write_baseline, report_year=report_year, organ=organ, max_size=max_size,
                           annotate=annotate, annotate_to=annotate_to)
    sys.exit(run_check(request, sys.stdin.buffer, sys.stdout, sys.stderr, Path.cwd()))


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False), default=".")
@click.option("--force", is_flag=True, help="覆盖已有的 fzlint.yaml。")
def init(directory: str, force: bool) -> None:
    """在目录中写一个带注释的 fzlint.yaml 配置模板。"""
    from pathlib import Path

    from .config import write_init

    try:
        path = write_init(Path(directory), force)
    except CheckerError as exc:
        _fail(exc)
    click.echo(f"已写入 {path}")


@main.command()
@click.argument("path", type=click.Path())
@click.option("--outline", is_flag=True, help="打印标题层级，以及各一、二级标题对应的必备部分。")
def extract(path: str, outline: bool) -> None:
    """打印检查所用的文本（诊断中的 start/end 即此文本中的位置）。"""
    from .load import load
    from .outline import build_outline

    try:
        doc = load(path)
    except CheckerError as exc:
        _fail(exc)
    if not outline:
        sys.stdout.write(doc.text)
        if not doc.text.endswith("\n"):
            sys.stdout.write("\n")
        return
    from .outline.describe import describe

    click.echo("\n".join(describe(doc, build_outline(doc))))


@main.group(invoke_without_command=True)
@click.option("--pack", "packs", multiple=True, type=click.Path(), metavar="FILE", help="追加一个规则包。")
@click.pass_context
def rules(ctx: click.Context, packs: tuple[str, ...]) -> None:
    """列出启用的规则（rules show ID 查看说明；rules test 用规则自带的示例自测）。"""
    ctx.obj = packs
    if ctx.invoked_subcommand is not None:
        return
    try:
        loaded, active = _rules(packs)
    except CheckerError as exc:
        _fail(exc)
    header = f"启用的规则：{len(active)} 条，来自 {', '.join(p.id for p in loaded)}"
    if not sys.stdout.isatty():
        click.echo(header)
        for r in active:
            click.echo("\t".join((r.id, r.kind, str(r.category), r.severity.label, "fix" if r.fix else "-", r.title,
                                  r.reference)))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=header)
    table.add_column("规则", no_wrap=True)
    for col in ("类型", "类别", "严重程度", "自动修复", "说明", "依据"):
        table.add_column(col, overflow="fold")
    for r in active:
        table.add_row(r.id, r.kind, str(r.category), r.severity.label, "✓" if r.fix else "", r.title, r.reference)
    Console().print(table)


@rules.command("show")
@click.argument("rule_id")
@click.pass_obj
def rules_show(packs: tuple[str, ...], rule_id: str) -> None:
    """说明一条规则：检查什么、为什么（依据）、错误与正确的示例。"""
    try:
        _, active = _rules(packs)
    except CheckerError as exc:
        _fail(exc)
    rule = next((r for r in active if r.id == rule_id), None)
    if rule is None:
        near = [r.id for r in active if rule_id.split(".")[0] in r.id][:8]
        click.echo(f"fzlint：没有规则“{rule_id}”。" + (f"相近的有：{', '.join(near)}" if near else ""), err=True)
        sys.exit(2)
    lines = [f"{rule.id}  —  {rule.title}", "",
             f"类型：{rule.kind}    类别：{rule.category}    严重程度：{rule.severity.label}（{rule.severity.zh}）    规则包：{rule.pack}",
             "自动修复：" + ("可以（fzlint fix 用建议的写法替换）" if rule.fix else "不可以（需要人工判断）"),
             "", "检查什么：", f"  {rule.title}。提示语：{rule.message}", "",
             "为什么：", f"  {rule.why}" if rule.why else "", f"  依据：{rule.reference}"]
    for label, items in (("错误示例", rule.examples.bad), ("正确示例", rule.examples.good)):
        if items:
            lines += ["", f"{label}："] + ["  " + ln for ex in items for ln in (ex.rstrip("\n").split("\n") + [""])]
    click.echo("\n".join(x for x in lines if x is not None))


@rules.command("test")
@click.argument("pack", required=False)
@click.pass_obj
def rules_test(packs: tuple[str, ...], pack: str | None) -> None:
    """用每条规则自带的示例测试规则：错误示例必须报出，正确示例不得报出。"""
    from .packs import DEFAULT_PACK, resolve
    from .selftest import test_rule

    try:
        _, active = resolve([pack or DEFAULT_PACK, *packs])
    except CheckerError as exc:
        _fail(exc)
    failed = 0
    for rule in active:
        problems = test_rule(rule)
        mark = click.style("✓", fg="green") if not problems else click.style("✗", fg="red")
        click.echo(f"{mark} {rule.id}（错误示例 {len(rule.examples.bad)} 个，正确示例 {len(rule.examples.good)} 个）")
        for p in problems:
            click.echo(f"    {p}")
        failed += bool(problems)
    click.echo(f"{len(active) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


from .cli_fix import fix as _fix_command  # noqa: E402 - `fzlint fix` lives in its own module

main.add_command(_fix_command, "fix")

from .cli_audit import audit as _audit_command  # noqa: E402 - `fzlint audit` lives in its own module

main.add_command(_audit_command, "audit")
