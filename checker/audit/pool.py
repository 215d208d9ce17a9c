"""Worker processes for the audit: each checks one file at a time; one that takes longer than the timeout is
killed and replaced, and that file becomes an error row. A worker that dies is replaced and its file tried
once more (the system may have killed it for reasons of its own); a file that kills a worker twice is an
error row.

The fork server preloads the word segmenter and the slips tables when a slips rule is active (`preload_modules`),
so every worker starts with them. Each worker has its own pipe, so the parent always knows which file a worker is on and since when. Workers
are started from a fork server (preloaded with the checker), not forked from the parent: the parent runs a
progress-bar thread, and forking a threaded process can leave the child holding a lock nobody will release.
"""
from __future__ import annotations

import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from ..load.limits import held_signals, timeout_message, worker_signals
from .row import check_row, error_row

Task = tuple[int, str]                       # (index in the audit, path)
OnRow = Callable[[int, dict[str, Any]], None]
Work = Callable[[str, Sequence[Any], Any, dict[str, str]], dict[str, Any]]


def _worker(conn: Connection, work: Work, rules: Sequence[Any], options: Any, titles: dict[str, str]) -> None:
    worker_signals()            # Ctrl-C is the parent's to handle; SIGTERM ends the worker at once
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        conn.send((index, work(path, rules, options, titles)))


def preload_modules(rules: Sequence[Any]) -> list[str]:
    """What the fork server imports before forking workers: the checker, and the word segmenter with its tables
    when a rule needs words (the `slips` kind), so the workers share one load instead of each paying it."""
    from ..checks import KINDS

    modules = ["checker.audit.pool"]
    if any("words" in KINDS[r.kind].needs for r in rules if r.kind in KINDS):
        modules.append("checker.checks.slips.preload")
    return modules


@dataclass(slots=True, eq=False)
class _Worker:
    process: Any
    conn: Connection
    task: Task | None = None
    deadline: float = 0.0
    started: float = field(default_factory=time.monotonic)


class Pool:
    def __init__(self, jobs: int, timeout: float, rules: Sequence[Any], options: Any, titles: dict[str, str],
                 work: Work = check_row) -> None:
        """`work` (a module-level function, so a worker can import it) turns a path into a row."""
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.args = (work, list(rules), options, titles)
        self.ctx = mp.get_context("forkserver")
        self.ctx.set_forkserver_preload(preload_modules(rules))
        self.workers: list[_Worker] = []
        self.pending: deque[Task] = deque()
        self.retried: set[int] = set()

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_worker, args=(child, *self.args), daemon=True, name="fzlint-audit")
        with held_signals():        # a start cut in half by Ctrl-C or SIGTERM leaves a child that prints a traceback
            process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, w: _Worker, kill: bool) -> None:
        if kill:
            w.process.kill()
        else:
            try:
                w.conn.send(None)
            except OSError:
                w.process.kill()
        w.process.join(5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()

    def run(self, tasks: Sequence[Task], on_row: OnRow) -> None:
        """Check every task, calling on_row(index, row) as each finishes (in completion order)."""
        pending = self.pending = deque(tasks)
        self.workers = []
        for _ in range(min(self.jobs, len(pending))):      # one by one: an interruption stops those started
            self.workers.append(self._start())
        try:
            while pending or any(w.task for w in self.workers):
                for w in self.workers:
                    if w.task is None and pending:
                        self._assign(w, pending.popleft())
                busy = [w for w in self.workers if w.task is not None]
                now = time.monotonic()
                ready = wait([w.conn for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - now))
                for w in busy:
                    if w.conn in ready:
                        self._receive(w, on_row)
                now = time.monotonic()
                for w in [w for w in self.workers if w.task is not None and now >= w.deadline]:
                    assert w.task is not None
                    index, path = w.task
                    on_row(index, error_row(path, timeout_message(self.timeout), transient=True))
                    self._replace(w, kill=True)
        finally:
            for w in self.workers:
                self._stop(w, kill=w.task is not None)
            self.workers = []

    def _assign(self, w: _Worker, task: Task) -> None:
        try:
            w.conn.send(task)
        except OSError:                   # the worker died while idle: a fresh one takes the task
            w = self._replace(w, kill=True)
            w.conn.send(task)
        w.task = task
        w.deadline = time.monotonic() + self.timeout

    def _receive(self, w: _Worker, on_row: OnRow) -> None:
        assert w.task is not None
        try:
            index, row = w.conn.recv()
        except (EOFError, OSError):       # the worker died on this file: try it once more on a fresh one
            index, path = w.task
            w.process.join(1)
            code = w.process.exitcode
            self._replace(w, kill=True)
            if index not in self.retried:
                self.retried.add(index)
                self.pending.appendleft((index, path))
            else:
                on_row(index, error_row(path, f"检查进程意外退出（退出码 {code}），此文件未能检查", transient=True))
            return
        w.task = None
        on_row(index, row)

    def _replace(self, w: _Worker, kill: bool) -> _Worker:
        self._stop(w, kill)
        fresh = self._start()
        self.workers[self.workers.index(w)] = fresh
        return fresh
