"""`fzlint check` as a gate: configuration + flags → rules and options → results → baseline → output → exit code.

The command line only parses flags into a CheckRequest; everything that decides what is checked and reported
is here, so the same run can be made from Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Sequence, TextIO

from .errors import CheckerError

FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True, slots=True)
class CheckRequest:
    paths: tuple[str, ...]
    fmt: str | None = None
    packs: tuple[str, ...] = ()
    fail_on: str | None = None
    statistics: bool = False
    config: str | None = None            # --config FILE; else discovered from the working directory upward
    isolated: bool = False               # --isolated: no configuration file at all
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int | None = None
    stdin_filename: str | None = None
    output: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    report_year: int | None = None
    organ: str | None = None
    max_size: str | None = None          # --max-size: "50MB", "0" (no limit)
    annotate: bool = False               # --annotate: 报告.fzlint.docx beside each file, findings as Word comments
    annotate_to: str | None = None       # --annotate-to PATH: the annotated copy of the one file checked goes here
    sort: str = "importance"             # --sort: the order of findings in rich / concise output


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """`--select a,b --select c` → (a, b, c)."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def settings_for(req: CheckRequest, cwd: Path) -> Any:
    """The configuration file's settings (explicit, or the closest one found upward), overridden by flags."""
    from .config import discover, merge

    settings = discover(cwd, Path(req.config) if req.config else None, req.isolated)
    return merge(settings, packs=req.packs, select=_split(req.select), ignore=_split(req.ignore),
                 exclude=_split(req.exclude), fail_on=req.fail_on, report_year=req.report_year, organ=req.organ,
                 jobs=req.jobs, max_size=req.max_size)


def rule_meta(rules: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """What machine formats (SARIF) publish about each active rule."""
    return {r.id: {"id": r.id, "title": r.title, "message": r.message, "reference": r.reference, "why": r.why,
                   "severity": r.severity.label, "category": str(r.category), "kind": r.kind, "pack": r.pack}
            for r in rules}


def organ_rule(settings: Any) -> Any:
    """With `organ` configured: the title's organ and the signature must be that organ."""
    if not settings.organ:
        return None
    from .packs import RawPack, build_rule

    item = {"id": "signature.configured-organ", "kind": "signature", "category": "signature",
            "severity": "warning", "title": "标题和署名是配置的本单位",
            "message": "{where}写的是“{found}”，与配置的本单位名称“{organ}”不一致：请核对是否用了别的单位的模板",
            "reference": "本单位配置（fzlint.yaml 的 organ）；《党政机关公文处理工作条例》第九条“发文机关署名”",
            "aspect": "matches-organ", "organ": settings.organ}
    return build_rule(item, RawPack("config", "1", "配置", (), (), settings.source or "配置"))


def rules_for(settings: Any) -> tuple[list[Any], list[Any]]:
    from .config import select_rules, vocabulary_rule
    from .packs import DEFAULT_PACK, resolve

    loaded, rules = resolve([DEFAULT_PACK, *settings.packs])
    extra = [r for r in (vocabulary_rule(settings), organ_rule(settings)) if r is not None]
    return loaded, select_rules([*rules, *extra], settings)


def run_check(req: CheckRequest, stdin: BinaryIO, stdout: TextIO, stderr: TextIO, cwd: Path) -> int:
    """Run the gate; returns the exit code (0 clean, 1 findings at or above fail-on, 2 usage/config/input)."""
    from .engine import merge_stats
    from .model import Severity
    from .report import RunInfo, renderer
    from .report.output import output_stream
    from .runner import CheckOptions, check_paths, check_stdin

    try:
        settings = settings_for(req, cwd)
        loaded, rules = rules_for(settings)
        baseline = None
        if req.baseline:
            from .baseline import load_baseline

            baseline = load_baseline(Path(req.baseline))
    except CheckerError as exc:
        stderr.write(f"fzlint：{exc}\n")
        return 2
    if req.annotate or req.annotate_to:
        from .annotate import usage_problem

        problem = usage_problem(req.paths, req.annotate_to)
        if problem:
            stderr.write(f"fzlint：{problem}\n")
            return 2
    fail_on = settings.fail_on or "error"
    options = CheckOptions(report_year=settings.report_year, settings=settings, limits=_limits(settings.max_size))
    files = [p for p in req.paths if p != "-"]
    from .config import excluded

    results = check_paths(files, rules, options, jobs=_jobs(settings.jobs),
                          skip=(lambda p: excluded(p, settings)) if settings.exclude else None)
    if "-" in req.paths:
        result = check_stdin(_read_stdin(stdin, options.limits.docx_file), req.stdin_filename, rules, options)
        results.insert(req.paths.index("-"), result)
    if req.write_baseline:
        from .baseline import write_baseline

        count = write_baseline(results, Path(req.write_baseline))
        stderr.write(f"fzlint：已把 {count} 处问题写入基线 {req.write_baseline}\n")
    if baseline is not None:
        results = [baseline.filter(r) for r in results]
    fmt = req.fmt or ("rich" if stdout.isatty() and not req.output else "concise")
    info = RunInfo(version=_version(), packs=tuple((p.id, p.version) for p in loaded), fail_on=fail_on,
                   statistics=req.statistics, stats=merge_stats(r.stats for r in results),
                   rule_titles={r.id: r.title for r in rules}, rules={**rule_meta(rules), **_suppress_meta()},
                   sort=req.sort)
    clash = _input_at(req.output, results)
    if clash:
        stderr.write(f"fzlint：输出文件 {req.output} 就是被检查的文件 {clash}，没有写入（否则会覆盖它）\n")
        return 2
    try:
        with output_stream(req.output, stdout) as out:
            renderer(fmt)(results, info, out)
    except OSError as exc:
        stderr.write(f"fzlint：无法写入输出文件 {req.output}（{exc.strerror or exc}）\n")
        return 2
    annotate_failed = False
    if req.annotate or req.annotate_to:       # the copies with Word comments; where they went goes to stderr
        from .annotate import annotate_all

        annotate_failed = not annotate_all(results, req.annotate_to, stderr)
    for r in results:
        if r.error:
            stderr.write(f"fzlint：{r.path}：{r.error}\n")
    if annotate_failed or any(r.error for r in results):
        return 2
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on)
    return 1 if any(d.severity >= threshold for r in results for d in r.diagnostics) else 0


def _suppress_meta() -> dict[str, dict[str, Any]]:
    from .suppress import UNUSED_RULE, rule_meta as suppress_rule_meta

    return {UNUSED_RULE: suppress_rule_meta()}


def _read_stdin(stdin: BinaryIO, limit: int) -> bytes:
    """Standard input, at most one byte past the largest size allowed (.docx); the check then refuses what is
    too large for its format, without more than that ever being held in memory."""
    return stdin.read(limit + 1) if limit else stdin.read()


def _input_at(output: str | None, results: Sequence[Any]) -> str | None:
    """The checked file that ``--output`` names (the report would overwrite it), if any."""
    import os

    if not output or output == "-" or not os.path.exists(output):
        return None
    for r in results:
        try:
            if os.path.samefile(output, r.path):
                return str(r.path)
        except OSError:
            continue
    return None


def _limits(max_size: int | None) -> Any:
    from .load.limits import Limits

    return Limits() if max_size is None else Limits(max_size)


def _jobs(configured: int | None) -> int:
    """`jobs: 0` (or `auto` in the file) is one process per CPU; unset is 1."""
    import os

    if configured is None:
        return 1
    return configured if configured > 0 else (os.cpu_count() or 1)


def _version() -> str:
    from . import __version__

    return __version__


__all__ = ["CheckRequest", "FAIL_ON", "organ_rule", "rule_meta", "rules_for", "run_check", "settings_for"]
