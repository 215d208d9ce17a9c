"""How a command ends when it is stopped from outside, the way command-line tools are expected to end.

- Ctrl-C (SIGINT): the work in progress is abandoned, worker processes are stopped (the pools' own ``finally``
  blocks and context managers do it as the KeyboardInterrupt passes), "已中断" goes to stderr and the exit code is
  130 (128 + SIGINT), not click's "Aborted!" and 1.
- SIGTERM (``kill``, a CI job cancelled, a service stopped): raised as ``Terminated`` so that the same clean-up
  runs, then the process ends by the signal itself (status 143 in a shell), as if nothing had caught it.
- A file name that is not UTF-8 reaches standard output as its bytes (see ``_bytes_of_odd_names``).
- A closed pipe on standard output (``fzlint check … | head``): stop quietly, exit 141 (128 + SIGPIPE, what a
  shell shows for a tool the closed pipe ended); standard output is pointed at /dev/null first, so that Python's
  final flush does not complain either.

Only the top-level command installs this (``fzlint``'s group), around the subcommand it runs.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

SIGINT_STATUS = 128 + 2
SIGPIPE_STATUS = 128 + 13


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like KeyboardInterrupt (no ``except Exception`` stops it)."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except (ValueError, OSError, AttributeError):      # not the main thread, or no such signal here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """After a broken pipe: nothing more may reach the closed pipe, not even the interpreter's last flush."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _bytes_of_odd_names() -> None:
    """Standard output writes a file name that is not UTF-8 as the bytes it was (as Python already does in the C
    locale), instead of failing on it under a strict UTF-8 locale."""
    stream = sys.stdout
    if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
        with contextlib.suppress(OSError, ValueError, AttributeError, LookupError):
            stream.reconfigure(errors="surrogateescape")


def guarded(ctx: click.Context, call: Callable[[], Any]) -> Any:
    """Run ``call`` (the subcommand) with the endings above."""
    _bytes_of_odd_names()
    try:
        with _sigterm_raises():
            return call()
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError):
            click.echo("\nfzlint：已中断", err=True)
        ctx.exit(SIGINT_STATUS)
    except Terminated:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
            sys.stdout.flush()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        ctx.exit(128 + signal.SIGTERM)          # where the signal cannot end the process (it always can on POSIX)
    except BrokenPipeError:
        _quiet_stdout()
        ctx.exit(SIGPIPE_STATUS)
