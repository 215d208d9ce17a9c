"""click in Chinese. Every fzlint command is a ``Command`` (or ``Group``) from here, so its help says 用法, 选项 and
命令, its ``-h/--help`` says what it does in Chinese, and a command line click cannot parse gets a Chinese message
with click's own words beside it (exit code 2, as click gives):

    用法：fzlint check [OPTIONS] PATHS...
    查看帮助：fzlint check --help

    错误：缺少参数（Missing argument 'PATHS...'.）
"""
from __future__ import annotations

from typing import IO, Any

import click

HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数", "Positional arguments": "参数"}
HELP_OPTION = "显示本帮助并退出。"
VERSION_OPTION = "显示版本号并退出。"


class HelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class UsageError(click.UsageError):
    """A command line click could not parse, said in Chinese; ``message`` keeps click's own words."""

    def __init__(self, what: str, message: str, ctx: click.Context | None = None) -> None:
        super().__init__(message, ctx)
        self.what = what

    def format_message(self) -> str:
        return f"{self.what}（{self.message}）"

    def show(self, file: IO[Any] | None = None) -> None:
        color = self.ctx.color if self.ctx is not None else None
        if self.ctx is not None:
            click.echo(f"{self.ctx.get_usage()}\n查看帮助：{self.ctx.command_path} --help\n", file=file,
                       err=file is None, color=color)
        click.echo(f"错误：{self.format_message()}", file=file, err=file is None, color=color)


def _what(exc: click.UsageError) -> str:
    """What went wrong, in Chinese, from the kind of click's error."""
    hint = exc.param.get_error_hint(exc.ctx) if isinstance(exc, click.BadParameter) and exc.param and exc.ctx else ""
    if isinstance(exc, click.MissingParameter):
        kind = "参数" if exc.param is not None and exc.param.param_type_name == "argument" else "选项"
        return f"缺少{kind} {hint}".rstrip()
    if isinstance(exc, click.BadParameter):
        return f"{hint} 的取值不对".lstrip()
    if isinstance(exc, click.NoSuchOption):
        near = f"，是不是 {'、'.join(sorted(exc.possibilities))}？" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{near}"
    if isinstance(exc, (click.BadOptionUsage, click.BadArgumentUsage)):
        return "选项或参数的用法不对"
    return "命令行有误"


def in_chinese(exc: click.UsageError) -> click.UsageError:
    """The same error, said in Chinese; one click shows by printing help (no arguments at all) stays as it is."""
    if isinstance(exc, (UsageError, getattr(click.exceptions, "NoArgsIsHelpError", ()))):
        return exc
    return UsageError(_what(exc), exc.format_message(), exc.ctx)


class _Chinese(click.Command):
    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise in_chinese(exc) from None


class Command(_Chinese):
    """A command whose help and usage errors are in Chinese."""


class Group(_Chinese, click.Group):
    """A group of commands (``fzlint``, ``fzlint rules``) whose help and usage errors are in Chinese, and whose
    subcommands are too."""

    command_class = Command
    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        """The top-level group runs its subcommand so that Ctrl-C, SIGTERM and a closed pipe end it as command-line
        tools end (checker/cli/interrupts.py)."""
        if ctx.parent is not None:
            return super().invoke(ctx)
        from .interrupts import guarded

        return guarded(ctx, lambda: super(Group, self).invoke(ctx))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError:
            raise
        except click.UsageError as exc:         # the one error of its own: a command that does not exist
            raise UsageError(f"没有命令 {args[0]}" if args else "缺少命令", exc.format_message(), exc.ctx) from None
