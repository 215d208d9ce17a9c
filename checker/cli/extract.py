"""`fzlint extract FILE`: the text fzlint checks (every start/end in the JSON indexes it); `--outline`: the heading
tree with the mandated part each level-1/2 section carries."""
from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import CheckerError
from .options import command


@command()
@click.argument("path", type=click.Path(readable=False))
@click.option("--outline", is_flag=True, help="打印标题层级，以及各一、二级标题对应的必备部分。")
def extract(path: str, outline: bool) -> None:
    """打印检查所用的文本（诊断中的 start/end 即此文本中的位置）。"""
    from ..load.limits import DEFAULT_TIMEOUT, TimedOut, deadline

    try:
        with deadline(DEFAULT_TIMEOUT):
            _extract(path, outline)
    except CheckerError as exc:
        click.echo(f"fzlint：{exc}", err=True)
        sys.exit(2)
    except TimedOut as exc:
        click.echo(f"fzlint：{path}：{exc.message}", err=True)
        sys.exit(2)


def _extract(path: str, outline: bool) -> None:
    from ..load import load
    from ..outline import build_outline

    doc = load(path)
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
