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


def prepare(flags: Any, cwd: Path, timeout: float | None = None) -> Setup:
    """``flags``: checker.session.Flags; ``timeout``: the per-request time limit, which a LibreOffice conversion
    (.doc, .wps) is kept under so that it stops and cleans up itself before its worker would be killed. Raises
    CheckerError (a bad configuration file or pack) naming the file."""
    import dataclasses

    from ..session import open_session

    session = open_session(flags, cwd)
    options = session.options
    if timeout is not None:
        limit = max(1.0, min(options.limits.convert_timeout, timeout * 0.9 - 1.0))
        options = dataclasses.replace(options, limits=dataclasses.replace(options.limits, convert_timeout=limit))
    return Setup(rules=session.rules, options=options, info=session.run_info(()),
                 packs=tuple((p.id, p.version, p.title) for p in session.packs),
                 jobs=worker_count(session.settings.jobs), config=session.settings.source)


def worker_count(configured: int | None) -> int:
    """``--jobs N`` or the configuration's ``jobs``; 0 (auto) is one per CPU; unset is one per CPU, at most 4."""
    cpus = os.cpu_count() or 1
    if configured is None:
        return max(1, min(cpus, DEFAULT_JOBS_CAP))
    return configured if configured > 0 else cpus
