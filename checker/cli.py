"""Command line: parse flags, call the API, map errors to exit codes (0 clean, 1 findings, 2 usage/pack/input)."""
from __future__ import annotations

import sys
from typing import Any, Sequence

import click

from . import __version__
from .errors import CheckerError
from .report import FORMATS

FAIL_ON = ("error", "warning", "info", "never")
EPILOG = "退出码：0 没有达到 --fail-on 的问题；1 有；2 用法错误、规则包错误或有文件无法读取。"


def _rules(packs: Sequence[str]) -> tuple[list[Any], list[Any]]:
    from .packs import DEFAULT_PACK, resolve

    return resolve([DEFAULT_PACK, *packs])


def rule_meta(rules: Sequence[Any]) -> dict[str, dict[str, Any]]:
    return {r.id: {"id": r.id, "title": r.title, "message": r.message, "reference": r.reference, "why": r.why,
                   "severity": r.severity.label, "category": str(r.category), "kind": r.kind, "pack": r.pack}
            for r in rules}


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
              help="输出格式：rich（终端默认）、concise（每条一行，非终端默认）、json、sarif、junit、github。")
@click.option("--pack", "packs", multiple=True, type=click.Path(), metavar="FILE",
              help="追加一个规则包（YAML，可 extends 内置包并覆盖严重程度或关闭规则）；可多次使用。")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="达到该严重程度的问题使退出码为 1。")
@click.option("--statistics", is_flag=True, help="统计每条规则运行和发现问题的次数。")
def check(paths: tuple[str, ...], fmt: str | None, packs: tuple[str, ...], fail_on: str, statistics: bool) -> None:
    """检查报告（.txt、.docx、.html；可以是文件夹）。"""
    from .engine import merge_stats
    from .model import Severity
    from .report import RunInfo, renderer
    from .runner import check_paths

    try:
        loaded, rules = _rules(packs)
    except CheckerError as exc:
        _fail(exc)
    results = check_paths(paths, rules)
    fmt = fmt or ("rich" if sys.stdout.isatty() else "concise")
    info = RunInfo(version=__version__, packs=tuple((p.id, p.version) for p in loaded), fail_on=fail_on,
                   statistics=statistics, stats=merge_stats(r.stats for r in results),
                   rule_titles={r.id: r.title for r in rules}, rules=rule_meta(rules))
    renderer(fmt)(results, info, sys.stdout)
    for r in results:
        if r.error:
            click.echo(f"fzlint：{r.path}：{r.error}", err=True)
    if any(r.error for r in results):
        sys.exit(2)
    if fail_on != "never":
        threshold = Severity.parse(fail_on)
        if any(d.severity >= threshold for r in results for d in r.diagnostics):
            sys.exit(1)


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
    o = build_outline(doc)
    t = lambda s: doc.text[s.start:s.end] if s else "（未找到）"  # noqa: E731
    lines = [f"标题：{t(o.title)}", f"报告年度：{o.report_year or '（未知）'}",
             f"正文：第{doc.position(o.body.start)[0]}行至第{doc.position(o.body.end)[0]}行"]
    if o.published:
        lines.append(f"发布日期：{o.published}")
    for section in o.sections:
        lines += _outline_lines(doc, section, 0)
    lines += [f"署名：{t(o.signature)}", f"成文日期：{o.date.text if o.date else '（未找到）'}"]
    click.echo("\n".join(lines))


def _outline_lines(doc: Any, section: Any, depth: int) -> list[str]:
    h = section.heading
    parts = "、".join(p.value for p in section.parts) if h.level <= 2 else ""
    line = f"{'  ' * depth}{h.mark}{h.title}  [第{doc.position(h.span.start)[0]}行]"
    if parts:
        line += f"  → {parts}"
    out = [line]
    for child in section.children:
        out += _outline_lines(doc, child, depth + 1)
    return out


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
            click.echo("\t".join((r.id, r.kind, str(r.category), r.severity.label, r.title, r.reference)))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=header)
    table.add_column("规则", no_wrap=True)
    for col in ("类型", "类别", "严重程度", "说明", "依据"):
        table.add_column(col, overflow="fold")
    for r in active:
        table.add_row(r.id, r.kind, str(r.category), r.severity.label, r.title, r.reference)
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
