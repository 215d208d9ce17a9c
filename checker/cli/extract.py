"""`fzlint extract FILE`: the text fzlint checks (every start/end in the JSON indexes it); `--outline`: the outline
as checker.outline.describe prints it (title and organs, reporting year and what says so, cover letter, the heading
tree with the part each level-1/2 section carries, the evidence for each mandated part, signature, 成文日期,
attachments). Held to the same per-file deadline as a check."""
from __future__ import annotations

import sys

import click

from ..errors import CheckerError
from .options import command


@command()
@click.argument("path", type=click.Path(readable=False))
@click.option("--outline", is_flag=True, help="打印标题、报告年度、标题层级，以及各必备部分的依据（哪个标题或哪句话）。")
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
    from ..outline.describe import describe

    click.echo("\n".join(describe(doc, build_outline(doc))))
