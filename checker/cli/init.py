"""`fzlint init [DIR]`: a commented starter fzlint.yaml (checker/config/template.py), written atomically."""
from __future__ import annotations

import sys

import click

from ..errors import CheckerError
from .options import command


@command()
@click.argument("directory", required=False, type=click.Path(file_okay=False), default=".")
@click.option("--force", is_flag=True, help="覆盖已有的 fzlint.yaml。")
def init(directory: str, force: bool) -> None:
    """在目录中写一个带注释的 fzlint.yaml 配置模板。"""
    from pathlib import Path

    from ..config.template import write_init

    try:
        path = write_init(Path(directory), force)
    except CheckerError as exc:
        click.echo(f"fzlint：{exc}", err=True)
        sys.exit(2)
    click.echo(f"已写入 {path}")
