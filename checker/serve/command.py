"""`fzlint serve`: the click command only (the CLI imports this module; Starlette and uvicorn are imported when
the command runs, from checker.serve.server)."""
from __future__ import annotations

import re
import sys

import click

TOKEN_CHARS = re.compile(r"[!-~]{8,256}")
EPILOG = "退出码：0 正常停止（Ctrl-C）；2 缺少可选组件、配置或规则包错误、端口无法监听。"


@click.command(epilog=EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="监听的地址。默认只有本机能访问；0.0.0.0 让局域网中的电脑都能访问（会打印警告）。")
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="N",
              help="监听的端口（默认自动选一个空闲端口）。")
@click.option("--config", type=click.Path(dir_okay=False), metavar="FILE",
              help="配置文件（默认从当前目录向上找 fzlint.yaml、.fzlint.yaml 或 pyproject.toml 的 [tool.fzlint]）。")
@click.option("--isolated", is_flag=True, help="不读取任何配置文件。")
@click.option("--pack", "packs", multiple=True, type=click.Path(), metavar="FILE",
              help="追加一个规则包（YAML）；可多次使用。页面上显示所用的规则包和版本。")
@click.option("--max-size", metavar="SIZE",
              help="单个上传文件的大小上限（默认 10MB，.docx 可到 5 倍；如 50MB；0 表示不限），与 fzlint check 相同。")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=None,
              help="检查进程数，即同时检查的文件数（默认每个 CPU 一个，最多 4 个；0 为每个 CPU 一个）。")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=60, show_default=True, metavar="SECONDS",
              help="每个请求最长的处理时间（秒），超过则停止并报告超时。")
@click.option("--token", envvar="FZLINT_SERVE_TOKEN", metavar="SECRET", callback=lambda ctx, param, value: _token(value),
              help="访问口令：设置后，检查请求须带此口令（页面上输入；接口用 Authorization: Bearer 口令）。"
                   "也可用环境变量 FZLINT_SERVE_TOKEN。")
@click.option("--no-browser", is_flag=True, help="启动后不自动打开浏览器。")
def serve(host: str, port: int, config: str | None, isolated: bool, packs: tuple[str, ...], max_size: str | None,
          jobs: int | None, timeout: float, token: str | None, no_browser: bool) -> None:
    """启动网页版：在浏览器中上传或粘贴报告，查看问题、下载批注版和修复后的文件。

    需要可选组件：pip install 'fzlint[serve]'。上传的文件只在内存中处理，不保存。

    \b
    例：fzlint serve                                   # 本机使用，自动打开浏览器
        fzlint serve --host 0.0.0.0 --port 8080 --token qh-2025-fzb7   # 单位内网
        curl -F file=@报告.docx http://127.0.0.1:8080/api/check
    """
    from pathlib import Path

    from .server import ServeOptions, run

    options = ServeOptions(host=host, port=port, config=config, isolated=isolated, packs=packs,
                           max_size=max_size, jobs=jobs, timeout=timeout, token=token or None,
                           open_browser=not no_browser)
    sys.exit(run(options, sys.stdout, sys.stderr, Path.cwd()))


def _token(value: str | None) -> str | None:
    """A token travels in an HTTP header: printable ASCII, no spaces, at least 8 characters."""
    if value and not TOKEN_CHARS.fullmatch(value):
        raise click.BadParameter("访问口令须是 8 至 256 个可打印的 ASCII 字符（字母、数字、符号，不含空格和汉字）",
                                 param_hint="--token")
    return value or None
