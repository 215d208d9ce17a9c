"""What the server applies to every upload, resolved once at start as ``fzlint check`` resolves it: the
configuration file (``--config``, else the closest one upward from the working directory, none with
``--isolated``), the packs it and ``--pack`` name, the rules they select, and the size limit.

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


def prepare(config: str | None, isolated: bool, packs: tuple[str, ...], max_size: str | None,
            jobs: int | None, cwd: Path) -> Setup:
    """Raises CheckerError (a bad configuration file or pack) with the file named."""
    from .. import __version__
    from ..gate import CheckRequest, rules_for, settings_for
    from ..load.limits import Limits
    from ..report import RunInfo
    from ..runner import CheckOptions

    request = CheckRequest(paths=(), packs=packs, config=config, isolated=isolated, max_size=max_size, jobs=jobs)
    settings = settings_for(request, cwd)
    loaded, rules = rules_for(settings)
    limits = Limits() if settings.max_size is None else Limits(settings.max_size)
    options = CheckOptions(report_year=settings.report_year, settings=settings, limits=limits)
    info = RunInfo(version=__version__, packs=tuple((p.id, p.version) for p in loaded),
                   fail_on=settings.fail_on or "error", rule_titles={r.id: r.title for r in rules})
    return Setup(rules=tuple(rules), options=options, info=info,
                 packs=tuple((p.id, p.version, p.title) for p in loaded), jobs=worker_count(settings.jobs),
                 config=settings.source)


def worker_count(configured: int | None) -> int:
    """``--jobs N`` or the configuration's ``jobs``; 0 (auto) is one per CPU; unset is one per CPU, at most 4."""
    cpus = os.cpu_count() or 1
    if configured is None:
        return max(1, min(cpus, DEFAULT_JOBS_CAP))
    return configured if configured > 0 else cpus
