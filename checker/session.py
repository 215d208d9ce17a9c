"""One run's settings and rules: the configuration file (explicit, or the closest one found upward) overridden by
the command line's flags, then the packs it names resolved and the rules it selects. `fzlint check`, `fzlint fix`
and `fzlint audit` all start here, so a flag means the same in each of them.

    session = open_session(Flags(packs=("本省规则.yaml",), fail_on="warning"), Path.cwd())
    results = check_paths(paths, session.rules, session.options)

Raises CheckerError (a ConfigError or PackError naming the file) for a configuration or pack that cannot be used.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config.discovery import Settings, discover, merge
from .errors import ConfigError, PackError
from .model import Pack, Rule

VOCABULARY_RULE_ID = "wording.rejected-term"
ORGAN_RULE_ID = "signature.configured-organ"


@dataclass(frozen=True, slots=True)
class Flags:
    """What the command line says about the settings; None or empty = not given (the configuration decides).
    The field names are the options' parameter names (checker/cli/options.py), so a command passes them on."""

    packs: tuple[str, ...] = ()
    config: str | None = None            # --config FILE; else discovered from the working directory upward
    isolated: bool = False               # --isolated: no configuration file at all
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    report_year: int | None = None
    organ: str | None = None
    jobs: int | None = None
    max_size: str | None = None          # --max-size: "50MB", "0" (no limit)
    timeout: float | None = None         # --timeout: seconds one file may take (None: the default, 20)


@dataclass(frozen=True, slots=True)
class Session:
    settings: Settings
    packs: tuple[Pack, ...]              # the loaded packs, parents first
    rules: tuple[Rule[Any], ...]         # the active rules, with the configuration's severities
    timeout: float | None = None         # --timeout (None: checker.load.limits.DEFAULT_TIMEOUT)

    @property
    def fail_on(self) -> str:
        return self.settings.fail_on or "error"

    @property
    def options(self) -> Any:
        """What every file of the run is checked with (checker.runner.CheckOptions)."""
        from .load.limits import DEFAULT_TIMEOUT, Limits
        from .runner import CheckOptions

        max_size = self.settings.max_size
        timeout = self.timeout or DEFAULT_TIMEOUT
        limits = Limits() if max_size is None else Limits(max_size)
        # a LibreOffice conversion stops itself (and says so) a little before the file's deadline would stop it
        limits = dataclasses.replace(limits, convert_timeout=max(1.0, min(limits.convert_timeout, timeout * 0.9 - 1)))
        return CheckOptions(report_year=self.settings.report_year, settings=self.settings, limits=limits,
                            timeout=timeout)

    def read_files(self) -> dict[str, str]:
        """The files this session read (packs, the configuration file), path → what each is: outputs must not
        overwrite them."""
        found = {p.path: "本次使用的规则包" for p in self.packs if p.path}
        if self.settings.source:
            found[self.settings.source] = "本次使用的配置文件"
        return found

    @property
    def skip(self) -> Callable[[str], bool] | None:
        """``exclude``: the paths not checked when walking folders (None when nothing is excluded)."""
        if not self.settings.exclude:
            return None
        from .config.selection import excluded

        settings = self.settings
        return lambda path: excluded(path, settings)

    def run_info(self, results: Sequence[Any], statistics: bool = False,
                 skipped: Sequence[tuple[str, str]] = ()) -> Any:
        """What a report says about the run (checker.report.RunInfo); ``skipped``: the (path, reason) of the files
        a folder walk left out (checker.runner.walk)."""
        from . import __version__
        from .engine import merge_stats
        from .report import RunInfo
        from .suppress import UNUSED_RULE, rule_meta as suppress_rule_meta

        return RunInfo(version=__version__, packs=tuple((p.id, p.version) for p in self.packs),
                       fail_on=self.fail_on, statistics=statistics, stats=merge_stats(r.stats for r in results),
                       rule_titles={r.id: r.title for r in self.rules},
                       rules={**rule_meta(self.rules), UNUSED_RULE: suppress_rule_meta()}, skipped=tuple(skipped))


def settings_for(flags: Flags, cwd: Path) -> Settings:
    """The configuration file's settings (explicit, or the closest one found upward), overridden by flags."""
    settings = discover(cwd, Path(flags.config) if flags.config else None, flags.isolated)
    return merge(settings, packs=flags.packs, select=_split(flags.select), ignore=_split(flags.ignore),
                 exclude=_split(flags.exclude), fail_on=flags.fail_on, report_year=flags.report_year, organ=flags.organ, jobs=flags.jobs,
                 max_size=flags.max_size)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """`--select a,b --select c` → (a, b, c)."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def open_session(flags: Flags, cwd: Path, one_organ: bool = True) -> Session:
    """Settings, packs and active rules for one run. ``one_organ=False`` (an audit, which covers many organs)
    leaves the configured ``organ`` out: "the title names our organ" would be wrong for all but one of them."""
    from .config.selection import select_rules
    from .packs import DEFAULT_PACK, resolve

    settings = settings_for(flags, cwd)
    if not one_organ and settings.organ:
        settings = dataclasses.replace(settings, organ=None)
    loaded, rules = resolve([DEFAULT_PACK, *settings.packs])
    extra = [r for r in (vocabulary_rule(settings), organ_rule(settings)) if r is not None]
    return Session(settings, tuple(loaded), tuple(select_rules([*rules, *extra], settings)), flags.timeout)


def rule_meta(rules: Sequence[Rule[Any]]) -> dict[str, dict[str, Any]]:
    """What machine formats (SARIF) publish about each active rule."""
    return {r.id: {"id": r.id, "title": r.title, "message": r.message, "reference": r.reference, "why": r.why,
                   "severity": r.severity.label, "category": str(r.category), "kind": r.kind, "pack": r.pack}
            for r in rules}


# ---------------------------------------------------------------------------------------------- rules the settings make

def vocabulary_rule(settings: Settings) -> Rule[Any] | None:
    """A ``terms`` rule from ``reject`` (None when there is none). Longer wrong forms are tried first; a hit
    that is part of its own right form (wrong 依法治县办 → right 县委依法治县办) is left alone."""
    if not settings.reject:
        return None
    from .packs import RawPack, build_rule

    entries: list[dict[str, Any]] = []
    for wrong, right in sorted(settings.reject, key=lambda pair: -len(pair[0])):
        entry: dict[str, Any] = {"wrong": wrong, "right": right}
        if wrong in right:
            entry["unless"] = [re.escape(right)]
        entries.append(entry)
    item = {"id": VOCABULARY_RULE_ID, "kind": "terms", "category": "wording", "severity": "warning",
            "title": "本单位不使用的写法", "message": "“{text}”是本单位不使用的写法：应写作“{right}”",
            "reference": "本单位配置（fzlint.yaml 的 reject）", "entries": entries}
    raw = RawPack(id="config", version="1", title="本单位配置", extends=(), rules=(item,),
                  path=settings.source or "配置")
    try:
        return build_rule(item, raw)
    except PackError as exc:
        raise ConfigError(exc.message, settings.source, "reject") from None


def organ_rule(settings: Settings) -> Rule[Any] | None:
    """With `organ` configured: the title's organ and the signature must be that organ."""
    if not settings.organ:
        return None
    from .packs import RawPack, build_rule

    item = {"id": ORGAN_RULE_ID, "kind": "signature", "category": "signature",
            "severity": "warning", "title": "标题和署名是配置的本单位",
            "message": "{where}写的是“{found}”，与配置的本单位名称“{organ}”不一致：请核对是否用了别的单位的模板",
            "reference": "本单位配置（fzlint.yaml 的 organ）；《党政机关公文处理工作条例》第九条“发文机关署名”",
            "aspect": "matches-organ", "organ": settings.organ}
    return build_rule(item, RawPack("config", "1", "配置", (), (), settings.source or "配置"))
