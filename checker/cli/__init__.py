"""The command line: click only. Each command is one module here that parses its flags, calls the layer below
(checker.session, checker.runner, checker.audit …) and maps errors to exit codes (0 clean, 1 findings, 2 usage,
configuration, pack or input). Options two commands share are declared once, in options.py; chinese.py makes
click's own words Chinese. Nothing below this package imports it.

A new command: a module here with one click command made by ``options.command`` (or ``options.group``), and
one entry in COMMANDS below.
"""
from __future__ import annotations

from .. import __version__
from . import audit, check, extract, fix, init, rules, serve
from .options import group, version

# Every command of `fzlint`, one module each (`fzlint --help` lists them in alphabetical order).
COMMANDS = (check.check, fix.fix, audit.audit, rules.rules, extract.extract, init.init, serve.serve)


@group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=check.EPILOG, commands=COMMANDS)
@version(__version__)
def main() -> None:
    """fzlint —— 法治政府建设年度报告检查工具。

    检查报告是否具备四个必备部分、标题、署名和成文日期是否规范，并给出修改建议与依据。
    """
