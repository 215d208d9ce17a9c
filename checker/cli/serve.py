"""`fzlint serve`: flags → checker.serve.server (the page and the JSON API). Only click is imported here (this
module is loaded with the command line); Starlette and uvicorn are imported when the command runs."""
from __future__ import annotations

import re
import sys
from typing import Any

import click

from . import options
from .options import command

TOKEN_CHARS = re.compile(r"[!-~]{8,256}")
EPILOG = "退出码：0 正常停止（Ctrl-C）；2 缺少可选组件、配置或规则包错误、端口无法监听。"


@command(epilog=EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="监听的地址。默认只有本机能访问；0.0.0.0 让局域网中的电脑都能访问（会打印警告）。")
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="N",
              help="监听的端口（默认自动选一个空闲端口）。")
@options.config()
@options.isolated()
@options.pack("追加一个规则包（YAML）；可多次使用。页面上显示所用的规则包和版本。")
@options.max_size("单个上传文件的大小上限（默认 10MB，.docx 可到 5 倍；如 50MB；0 表示不限），与 fzlint check 相同。")
@options.jobs("检查进程数，即同时检查的文件数（默认：配置文件的 jobs，否则每个 CPU 一个、最多 4 个）。")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=60, show_default=True, metavar="SECONDS",
              help="每个请求最长的处理时间（秒），超过则停止并报告超时；上传也须在此时间内收完。")
@click.option("--token", envvar="FZLINT_SERVE_TOKEN", metavar="SECRET",
              callback=lambda ctx, param, value: _token(value),
              help="访问口令：设置后，检查请求须带此口令（页面上输入；接口用 Authorization: Bearer 口令）。"
                   "也可用环境变量 FZLINT_SERVE_TOKEN。")
@click.option("--no-browser", is_flag=True, help="启动后不自动打开浏览器。")
def serve(host: str, port: int, timeout: float, token: str | None, no_browser: bool, **flags: Any) -> None:
    """启动网页版：在浏览器中上传或粘贴报告，查看问题、下载批注版和修复后的文件。

    需要可选组件：pip install 'fzlint[serve]'。上传的文件只在内存中处理，不保存。

    \b
    例：fzlint serve                                   # 本机使用，自动打开浏览器
        fzlint serve --host 0.0.0.0 --port 8080 --token qh-2025-fzb7   # 单位内网
        curl -F file=@报告.docx http://127.0.0.1:8080/api/check
    """
    from pathlib import Path

    from ..serve.server import ServeOptions, run
    from ..session import Flags

    settings = ServeOptions(host=host, port=port, flags=Flags(**flags), timeout=timeout, token=token or None,
                            open_browser=not no_browser)
    sys.exit(run(settings, sys.stdout, sys.stderr, Path.cwd()))


def _token(value: str | None) -> str | None:
    """A token travels in an HTTP header: printable ASCII, no spaces, at least 8 characters."""
    if value and not TOKEN_CHARS.fullmatch(value):
        raise click.BadParameter("访问口令须是 8 至 256 个可打印的 ASCII 字符（字母、数字、符号，不含空格和汉字）",
                                 param_hint="--token")
    return value or None
