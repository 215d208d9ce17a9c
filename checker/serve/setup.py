"""What the server applies to every upload, resolved once at start as ``fzlint check`` resolves it
(checker.session): the configuration file (``--config``, else the closest one upward from the working directory,
none with ``--isolated``), the packs it and ``--pack`` name, the rules they select, and the size limit.

A bad configuration or pack stops the server before it listens (CheckerError, naming the file)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_JOBS_CAP = 4             # unset --jobs / jobs: one worker per CPU, at most this many


@dataclass(frozen=True, slots=True)
class Setup:
    rules: tuple[Any, ...]                        # the active checker.model.Rule values
    options: Any                                  # checker.runner.CheckOptions (settings, limits, year)
    info: Any                                     # checker.report.RunInfo: what the JSON says about the run
    packs: tuple[tuple[str, str, str], ...]       # (id, version, title) of every pack, for the page
    jobs: int
    config: str | None                            # the configuration file in use, if any


def prepare(flags: Any, cwd: Path) -> Setup:
    """``flags``: checker.session.Flags. Raises CheckerError (a bad configuration file or pack) naming the file."""
    from ..session import open_session

    session = open_session(flags, cwd)
    return Setup(rules=session.rules, options=session.options, info=session.run_info(()),
                 packs=tuple((p.id, p.version, p.title) for p in session.packs),
                 jobs=worker_count(session.settings.jobs), config=session.settings.source)


def worker_count(configured: int | None) -> int:
    """``--jobs N`` or the configuration's ``jobs``; 0 (auto) is one per CPU; unset is one per CPU, at most 4."""
    cpus = os.cpu_count() or 1
    if configured is None:
        return max(1, min(cpus, DEFAULT_JOBS_CAP))
    return configured if configured > 0 else cpus
