"""Starting the server: resolve the configuration, bind the socket, start the workers, say where the page is,
open the browser (on a loopback address), and run uvicorn until Ctrl-C or SIGTERM."""
from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, TextIO

from ..errors import CheckerError

MISSING_EXTRA = ("fzlint serve 需要可选组件 Starlette、uvicorn 和 python-multipart，尚未安装（缺少 {name}）；"
                 "请运行：pip install 'fzlint[serve]'")


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 0                       # 0: a free port
    flags: Any = None                   # checker.session.Flags: --config, --isolated, --pack, --max-size, --jobs
    timeout: float = 60.0               # seconds one upload may take
    token: str | None = None
    open_browser: bool = True


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (IPv4 or IPv6 as the host is written). Raises OSError."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and address[0] == "::":
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host in ("::", "[::]") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def _lan_address() -> str | None:
    """This machine's address on the local network, as others would type it (best effort, no packet sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address: str = probe.getsockname()[0]
            return None if address.startswith("127.") else address
    except OSError:
        return None


def _missing_extra() -> str | None:
    for module in ("starlette", "uvicorn", "python_multipart"):
        try:
            __import__(module)
        except ImportError:
            return module
    return None


def run(opts: ServeOptions, stdout: TextIO, stderr: TextIO, cwd: Path) -> int:
    """Serve until stopped; returns the exit code (0 stopped normally, 2 could not start)."""
    missing = _missing_extra()
    if missing:
        stderr.write("fzlint：" + MISSING_EXTRA.format(name=missing) + "\n")
        return 2
    from .setup import prepare

    from ..session import Flags

    try:
        setup = prepare(opts.flags if opts.flags is not None else Flags(), cwd, opts.timeout)
    except CheckerError as exc:
        stderr.write(f"fzlint：{exc}\n")
        return 2
    try:
        sock = bind(opts.host, opts.port)
    except (OSError, UnicodeError) as exc:
        stderr.write(f"fzlint：无法在 {opts.host}:{opts.port} 上监听（{getattr(exc, 'strerror', None) or exc}）；"
                     "端口可能已被占用，换一个 --port，或不给 --port 让 fzlint 自己选一个空闲端口\n")
        return 2
    from .pool import WorkerPool
    from .work import Context

    pool = WorkerPool(setup.jobs, opts.timeout, Context(setup.rules, setup.options, setup.info))
    try:
        pool.start()
    except RuntimeError as exc:
        sock.close()
        pool.close()
        stderr.write(f"fzlint：{exc}\n")
        return 2
    try:
        return _serve(opts, setup, pool, sock, stdout, stderr)
    finally:
        pool.close()
        sock.close()


def _serve(opts: ServeOptions, setup: Any, pool: Any, sock: socket.socket, stdout: TextIO, stderr: TextIO) -> int:
    import uvicorn

    from .app import Service, build_app

    loopback = is_loopback(opts.host)
    limits = setup.options.limits
    service = Service(version=setup.info.version, packs=setup.packs, max_size=limits.max_size,
                      file_limit=limits.docx_file, token=opts.token, loopback=loopback,
                      max_pending=max(16, 4 * setup.jobs), upload_timeout=opts.timeout, config=setup.config)
    url = url_of(sock, opts.host)
    _announce(opts, setup, url, loopback, stdout, stderr)
    config = uvicorn.Config(build_app(service, pool), log_level="warning", access_log=False, server_header=False,
                            timeout_keep_alive=5, timeout_graceful_shutdown=5, lifespan="off",
                            limit_concurrency=max(64, 8 * setup.jobs))
    server = uvicorn.Server(config)
    if opts.open_browser and loopback:
        threading.Thread(target=_open_when_ready, args=(server, url), daemon=True).start()
    with _quiet_stop():
        server.run(sockets=[sock])
    stdout.write("fzlint serve：已停止\n")
    stdout.flush()
    return 0


def _announce(opts: ServeOptions, setup: Any, url: str, loopback: bool, stdout: TextIO, stderr: TextIO) -> None:
    from ..load.limits import format_size

    limit = setup.options.limits.max_size
    lines = [f"fzlint serve：请在浏览器中打开 {url}",
             f"  规则包：{'、'.join(f'{i} {v}' for i, v, _ in setup.packs)}"
             + (f"；配置文件：{setup.config}" if setup.config else ""),
             f"  检查进程 {setup.jobs} 个；单个文件上限 {format_size(limit) if limit else '不限'}；"
             f"每份最长 {opts.timeout:g} 秒；按 Ctrl-C 停止"]
    if not loopback:
        lan = _lan_address()
        if lan and opts.host in ("0.0.0.0", "::", "[::]"):
            lines.append(f"  局域网中的其他电脑请打开 http://{lan}:{url.rsplit(':', 1)[1]}")
    stdout.write("\n".join(lines) + "\n")
    stdout.flush()
    if not loopback:
        stderr.write(f"fzlint：警告：正在监听 {opts.host}，同一网络中的任何人都可以使用这个服务"
                     + ("（已设置访问口令）" if opts.token else "；如需限制，请用 --token 设置访问口令") + "\n")
        stderr.flush()


def _open_when_ready(server: Any, url: str) -> None:
    import time
    import webbrowser

    for _ in range(200):
        if server.started:
            try:
                webbrowser.open(url)
            except Exception:  # noqa: BLE001 - no browser: the address is printed anyway
                pass
            return
        if server.should_exit:
            return
        time.sleep(0.05)


@contextlib.contextmanager
def _quiet_stop() -> Iterator[None]:
    """uvicorn stops on Ctrl-C or SIGTERM and then raises the signal again for the handler it found: let that be
    a handler that does nothing, so the workers are stopped and the server says so, instead of a traceback
    (Ctrl-C) or an abrupt end (SIGTERM)."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in stops}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
