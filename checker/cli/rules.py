"""`fzlint rules`: the active rules (a table on a terminal, tab-separated otherwise); `rules show ID` explains one;
`rules test [PACK]` runs every rule on its own examples."""
from __future__ import annotations

import sys
from typing import Any, Sequence

import click

from ..errors import CheckerError
from . import options
from .options import group


def _rules(packs: Sequence[str], first: str | None = None) -> tuple[list[Any], list[Any]]:
    """The packs and active rules (the built-in default pack, or ``first``, then ``packs``); exit 2 on a bad pack."""
    from ..packs import DEFAULT_PACK, resolve

    try:
        return resolve([first or DEFAULT_PACK, *packs])
    except CheckerError as exc:
        click.echo(f"fzlint：{exc}", err=True)
        sys.exit(2)


@group(invoke_without_command=True)
@options.pack("追加一个规则包。")
@click.pass_context
def rules(ctx: click.Context, packs: tuple[str, ...]) -> None:
    """列出启用的规则（rules show ID 查看说明；rules test 用规则自带的示例自测）。"""
    ctx.obj = packs
    if ctx.invoked_subcommand is not None:
        return
    loaded, active = _rules(packs)
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
    _, active = _rules(packs)
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
    """用每条规则自带的示例测试规则：错误示例必须报出，正确示例不得报出（词表规则的每个条目也用它自己的示例）。"""
    from ..runner import test_rule

    _, active = _rules(packs, pack)
    failed = 0
    for rule in active:
        problems = test_rule(rule)
        mark = click.style("✓", fg="green") if not problems else click.style("✗", fg="red")
        entries = sum(1 for e in getattr(rule.params, "built", ()) if getattr(e, "bad", ()) or getattr(e, "good", ()))
        listed = f"，另有 {entries} 个条目各自的示例" if entries else ""
        click.echo(f"{mark} {rule.id}（错误示例 {len(rule.examples.bad)} 个，正确示例 {len(rule.examples.good)} 个{listed}）")
        for p in problems:
            click.echo(f"    {p}")
        failed += bool(problems)
    click.echo(f"{len(active) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
