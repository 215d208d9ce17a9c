"""The server's worker processes: ``--jobs`` of them, each handling one upload at a time.

A request waits for an idle worker (at most ``wait`` seconds, by default the time limit but never under
``MIN_WAIT``, since a replaced worker takes a few seconds to start: then the server is busy, 503), hands it the task
over the worker's own pipe and waits at most ``timeout`` seconds for the reply. A worker past the time limit is
killed and replaced, and the request gets a Chinese message saying so; a worker that dies is replaced too. So
at most ``jobs`` uploads are checked at once, none for longer than the limit, and a bad file costs one worker
process, never the server.

Workers are started from a fork server preloaded with the checker (as ``fzlint audit`` starts its own; spawned
where there is no fork server, on Windows): the server runs threads, and forking a threaded process can leave the
child holding a lock nobody releases. They get the rules once, at start, and check a short text then, so that
the first upload does not wait for the imports and the word segmenter.

The blocking pipe calls run in a thread of the pool's own (one per worker); the event loop only awaits them. A
request whose client went away still lets its worker finish before the worker takes the next one. A worker whose
memory grew past ``RETIRE_RSS`` on a large upload says so with its reply and exits; it is replaced before its
slot serves again, so the pool's memory does not stay at its high-water mark.
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .work import Context, Reply, Task, handle

MIN_WAIT = 30.0                       # seconds a request may wait for an idle worker (one may be restarting)
RETIRE_RSS = 768 * 1024 * 1024        # a worker grown past this after a task (a huge .docx) is replaced
WARM_TEXT = "某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n学习贯彻习近平法治思想。\n"


def _serve(conn: Connection, ctx: Context, retire_rss: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the server's to handle
    handle(Task("check", "warm.txt", WARM_TEXT.encode("utf-8")), ctx)
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        reply = handle(task, ctx)
        retire = _rss() > retire_rss
        conn.send((reply, retire))
        if retire:                      # Python keeps the memory a large upload took: start afresh instead
            return


def _rss() -> int:
    """This process's resident memory now, in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@dataclass(slots=True, eq=False)
class _Slot:
    process: Any
    conn: Connection
    dead: bool = False


class WorkerPool:
    def __init__(self, jobs: int, timeout: float, ctx: Context, wait: float | None = None,
                 retire_rss: int = RETIRE_RSS) -> None:
        self.jobs = max(1, jobs)
        self.retire_rss = retire_rss
        self.timeout = timeout
        self.wait = max(timeout, MIN_WAIT) if wait is None else wait
        self.ctx = ctx
        self.mp: Any
        if "forkserver" in mp.get_all_start_methods():
            self.mp = mp.get_context("forkserver")
            self.mp.set_forkserver_preload(["checker.serve.pool"])
        else:                                   # Windows: a fresh interpreter per worker
            self.mp = mp.get_context("spawn")
        self.slots: list[_Slot] = []
        self.idle: asyncio.Queue[_Slot] | None = None
        self.threads = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="fzlint-serve")
        self.restarts = 0

    # -- lifecycle (called from the event loop's thread, before serving and after)
    def start(self) -> None:
        """Start every worker and wait until each is ready (blocking). RuntimeError if one cannot start."""
        self.slots = [self._spawn() for _ in range(self.jobs)]
        for slot in self.slots:
            self._ready(slot)

    def close(self) -> None:
        for slot in self.slots:
            if not slot.dead:
                self._stop(slot, kill=False)
        self.slots = []
        self.threads.shutdown(wait=False, cancel_futures=True)

    def pids(self) -> list[int]:
        return [s.process.pid for s in self.slots if s.process.pid is not None]

    # -- one request
    async def run(self, task: Task) -> Reply:
        if self.idle is None:                   # created in the running loop
            self.idle = asyncio.Queue()
            for slot in self.slots:
                self.idle.put_nowait(slot)
        idle = self.idle
        try:
            slot = await asyncio.wait_for(idle.get(), self.wait)
        except asyncio.TimeoutError:
            return Reply.error(f"服务器繁忙：{self.jobs} 个检查进程都在工作，等了 {self.wait:g} 秒仍没有空闲的；"
                               "请稍后再试", 503)
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.threads, self._call, slot, task)

        def done(_: Any) -> None:           # the slot is back only when its worker is done (or replaced)
            if slot.dead:
                revived = loop.run_in_executor(self.threads, self._revive, slot)
                revived.add_done_callback(lambda _: idle.put_nowait(slot))
            else:
                idle.put_nowait(slot)

        future.add_done_callback(done)
        return await asyncio.shield(future)

    # -- blocking parts (in the pool's threads)
    def _call(self, slot: _Slot, task: Task) -> Reply:
        if slot.dead:
            self._revive(slot)
        try:
            slot.conn.send(task)
        except OSError:                       # died while idle: a fresh one takes the task
            self._revive(slot, kill=True)
            try:
                slot.conn.send(task)
            except OSError:
                self._kill(slot)
                return Reply.error("检查进程无法启动，请稍后再试", 503)
        if not slot.conn.poll(self.timeout):
            self._kill(slot)
            return Reply.error(f"{task.name}：处理超时（超过 {self.timeout:g} 秒），已停止；文件可能过大或结构异常",
                               504)
        try:
            reply, retire = slot.conn.recv()
        except (EOFError, OSError):
            slot.process.join(1)
            code = slot.process.exitcode
            self._kill(slot)
            return Reply.error(f"{task.name}：检查进程意外退出（退出码 {code}），此文件未能处理；"
                               "可能是内存不足，请稍后再试或把文件报告给 fzlint 维护者", 500)
        if retire:
            slot.process.join(5)
            self._kill(slot)                    # replaced before it serves again
        return reply

    def _spawn(self) -> _Slot:
        parent, child = self.mp.Pipe(duplex=True)
        process = self.mp.Process(target=_serve, args=(child, self.ctx, self.retire_rss), daemon=True,
                                  name="fzlint-serve")
        process.start()
        child.close()
        return _Slot(process, parent)

    def _ready(self, slot: _Slot) -> None:
        if not slot.conn.poll(max(60.0, self.timeout)):
            raise RuntimeError("检查进程没有按时启动")
        try:
            slot.conn.recv()
        except (EOFError, OSError):
            raise RuntimeError(f"检查进程启动失败（退出码 {slot.process.exitcode}）") from None

    def _kill(self, slot: _Slot) -> None:
        """Stop the worker now; the slot is revived (a fresh worker) before it serves again."""
        self._stop(slot, kill=True)
        slot.dead = True

    def _revive(self, slot: _Slot, kill: bool = False) -> None:
        if kill and not slot.dead:
            self._stop(slot, kill=True)
        fresh = self._spawn()
        slot.process, slot.conn = fresh.process, fresh.conn
        self.restarts += 1
        try:
            self._ready(slot)
            slot.dead = False
        except RuntimeError:
            self._stop(slot, kill=True)
            slot.dead = True                    # the next task tries once more

    @staticmethod
    def _stop(slot: _Slot, kill: bool) -> None:
        if kill:
            slot.process.kill()
        else:
            try:
                slot.conn.send(None)
            except OSError:
                slot.process.kill()
        slot.process.join(5)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()
