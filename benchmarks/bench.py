"""fzlint speed: one table, median of repeated runs (best beside it), with the targets and the ratios.

    python benchmarks/bench.py [--runs N] [--corpus N] [--skip-bulk] [--skip-peers] [--skip-formats]

Rows (benchmarks/README.md says more):
  whole process   the time a user waits, Python start included: `fzlint --help`, one seed .txt, one .docx,
                  the five seeds in one call; and where a single-file call goes (start, imports, rules, check)
  in process      load + body + outline + the default pack on one report, after a warm-up: each seed, a
                  10,000-character report, a .docx; building the default pack
  scaling         one seed with its body paragraphs repeated 1×, 10×, 100×, and the flawed draft with its
                  sections (headings too) repeated 1×, 10×, 100×: ms and ms per 1,000 characters
  formats         PDF load per page (pypdfium2, and the peer pdfminer.six through the same layout code), and a
                  .doc converted by LibreOffice and read, per file (benchmarks/formats.py)
  bulk            `fzlint check` on the benchmark corpus with 1 and 2 processes: reports/s, peak memory/process
  peers           the same five seeds through autocorrect and zhlint (where installed), and the floor (read the
                  files, run one compiled regex): their time and ours ÷ theirs
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DOCX = ROOT / "examples" / "draft-flawed.docx"
HEAVY = ("rjieba", "docx", "lxml", "openpyxl", "jsonschema", "playwright")

# A fresh process that times the parts of a single-file call: interpreter start is measured apart.
BREAKDOWN = """
import json, sys, time
def now():
    return time.perf_counter(), time.process_time()
t0 = now()
import checker.cli, checker.checks, checker.runner, checker.session
t1 = now()
from checker.packs import DEFAULT_PACK, resolve
rules = resolve([DEFAULT_PACK])[1]
t2 = now()
from checker.runner import check_file
result = check_file(sys.argv[1], rules)
t3 = now()
def d(a, b):
    return [b[0] - a[0], b[1] - a[1]]
print(json.dumps({"imports": d(t0, t1), "rules": d(t1, t2), "check": d(t2, t3),
                  "heavy": sorted(m for m in HEAVY if m in sys.modules)}))
""".replace("HEAVY", repr(HEAVY))

# Runs a command and prints the largest resident set of it and its descendants (its worker processes).
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@dataclass(frozen=True, slots=True)
class Row:
    section: str
    what: str
    median: float | None        # ms; None: not measured (the note says why)
    best: float | None
    note: str = ""
    cpu: float | None = None    # median CPU ms (this process and its children): less swayed by others' load


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (subprocesses, their workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(median, best) wall time and median CPU time, in ms, over `runs` calls."""
    times, cpu = [], []
    for _ in range(runs):
        c = cpu_seconds()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((cpu_seconds() - c) * 1000)
    return statistics.median(times), min(times), statistics.median(cpu)


def run_quiet(cmd: list[str], cwd: str | None = None) -> None:
    subprocess.run(cmd, capture_output=True, cwd=cwd, check=False)


def loadavg() -> list[str]:
    """The 1, 5 and 15 minute load averages (others' work on the same cores skews every figure)."""
    p = Path("/proc/loadavg")
    return p.read_text(encoding="ascii").split()[:3] if p.exists() else []


def fzlint_cmd() -> list[str]:
    exe = shutil.which("fzlint") or (str(Path(sys.executable).parent / "fzlint"))
    return [exe] if Path(exe).exists() else [sys.executable, "-m", "checker"]


def target(value: float, limit: float, unit: str = "ms", below: bool = True) -> str:
    ok = value < limit if below else value >= limit
    return f"target {'<' if below else '≥'} {limit:g} {unit} {'ok' if ok else 'MISSED'}"


def whole_process(runs: int) -> list[Row]:
    seed = SEEDS[0]
    cases = [("fzlint --help", ["--help"]),
             (f"fzlint check {seed.name}", ["check", "--format", "json", str(seed)]),
             (f"fzlint check {DOCX.name}", ["check", "--format", "json", str(DOCX)]),
             ("fzlint check seeds/ (5 reports)", ["check", "--format", "json", str(ROOT / "seeds")])]
    rows = []
    for label, args in cases:
        cmd = fzlint_cmd() + args
        run_quiet(cmd)                                   # the bytecode cache warm, as after an install
        med, best, cpu = timed(lambda cmd=cmd: run_quiet(cmd), runs)
        rows.append(Row("whole process", label, med, best, target(med, 500), cpu))
    return rows


def breakdown(runs: int) -> tuple[list[Row], list[str]]:
    """Where a single-file call goes: interpreter start, imports, building the rules, the check."""
    cmd = [sys.executable, "-c", BREAKDOWN, str(SEEDS[0])]
    start = [sys.executable, "-c", "pass"]
    run_quiet(cmd)
    parts: dict[str, list[float]] = {"imports": [], "rules": [], "check": []}
    cpus: dict[str, list[float]] = {k: [] for k in parts}
    heavy: list[str] = []
    for _ in range(runs):
        out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout)
        for k, times in parts.items():
            times.append(out[k][0] * 1000)
            cpus[k].append(out[k][1] * 1000)
        heavy = out["heavy"]
    med, best, cpu = timed(lambda: run_quiet(start), runs)
    rows = [Row("  of which", "Python start (python -c pass)", med, best, "", cpu)]
    notes = {"imports": "import fzlint (click, checks, runner)", "rules": "build the default pack (YAML, regexes)",
             "check": f"check {SEEDS[0].name}"}
    rows += [Row("  of which", notes[k], statistics.median(v), min(v), "", statistics.median(cpus[k]))
             for k, v in parts.items()]
    return rows, heavy


def check_once(path: Path, rules: list[Any]) -> Callable[[], object]:
    from checker.runner import check_file

    return lambda: check_file(str(path), rules)


def in_process(runs: int, rules: list[Any]) -> list[Row]:
    from scaling import grow_to

    from checker.load import load
    from checker.packs import resolve
    from checker.runner import check_text

    rows = []
    for path in [*SEEDS, DOCX]:
        fn = check_once(path, rules)
        fn()
        med, best, cpu = timed(fn, runs)
        n = len(load(path).text)
        rows.append(Row("in process", f"{path.name} ({n:,} 字符)", med, best, f"{med / n * 1000:.2f} ms/千字", cpu))
    big = max(SEEDS, key=lambda p: len(p.read_text(encoding="utf-8")))
    text = grow_to(big.read_text(encoding="utf-8"), 10_000)
    check_text(text, rules)
    med, best, cpu = timed(lambda: check_text(text, rules), runs)
    rows.append(Row("in process", f"a 10,000-character report ({len(text):,} 字符, from {big.name[:3]})", med, best,
                    target(med, 20, below=True).replace("<", "≤"), cpu))
    med, best, cpu = timed(lambda: resolve(["default"]), runs)
    rows.append(Row("in process", f"build the default pack ({len(rules)} rules; regexes cached)", med, best, "",
                    cpu))
    return rows


def scaling(runs: int, rules: list[Any]) -> list[Row]:
    from scaling import repeat_body, repeat_sections

    from checker.runner import check_text

    seed = SEEDS[2] if len(SEEDS) > 2 else SEEDS[0]
    base = seed.read_text(encoding="utf-8")
    draft = (ROOT / "examples" / "draft-flawed.txt").read_text(encoding="utf-8")
    series = ((f"{seed.name[:3]} body", lambda k: repeat_body(base, k)),
              # headings and sections repeated too: the part-scoped rules see k× the sections
              ("draft sections", lambda k: repeat_sections(draft, k)))
    rows = []
    for label, grow in series:
        for k in (1, 10, 100):
            text = grow(k)
            check_text(text, rules)
            med, best, cpu = timed(lambda text=text: check_text(text, rules), runs if k < 100 else max(3, runs // 3))
            found = len(check_text(text, rules).diagnostics)
            rows.append(Row("scaling", f"{label} ×{k} ({len(text):,} 字符, {found} findings)", med, best,
                            f"{med / len(text) * 1000:.2f} ms/千字", cpu))
    return rows


def bulk(n: int, runs: int) -> list[Row]:
    from corpus import build_corpus

    rows = []
    with tempfile.TemporaryDirectory(prefix="fzlint-bench-") as tmp:
        files = build_corpus(Path(tmp) / "corpus", n, seed=0)
        for jobs in (1, 2):
            cmd = [*fzlint_cmd(), "check", "--isolated", "--format", "json", "--jobs", str(jobs), str(Path(tmp))]
            run_quiet(cmd)
            med, best, cpu = timed(lambda cmd=cmd: run_quiet(cmd), runs)
            peak = int(subprocess.run([sys.executable, "-c", PEAK, *cmd], capture_output=True, text=True,
                                      check=True).stdout) / 1024
            rate = len(files) / (med / 1000)
            goal = target(rate, 100, 'reports/s', below=False) if jobs == 2 else "the target is for 2 cores"
            note = f"{rate:.0f} reports/s ({goal}); " \
                   f"peak {peak:.0f} MB/process ({target(peak, 200, 'MB')}); {cpu / len(files):.1f} ms CPU/report"
            rows.append(Row("bulk", f"fzlint check corpus ({len(files)} reports), {jobs} process"
                                    f"{'es' if jobs > 1 else ''}", med, best, note, cpu))
    return rows


def ratio(ours: float, theirs: float, ours_cpu: float | None, theirs_cpu: float | None) -> str:
    cpu = f" (CPU {ours_cpu / theirs_cpu:.2f}×)" if ours_cpu and theirs_cpu else ""
    return f"fzlint ÷ it = {ours / theirs:.2f}×{cpu}"


def peer_rows(runs: int, rules: list[Any], ours_whole: float, ours_whole_cpu: float | None) -> list[Row]:
    import peers

    paths = [p.resolve() for p in SEEDS]
    fns = [check_once(p, rules) for p in paths]

    def ours_once() -> None:
        for fn in fns:
            fn()

    ours_once()
    ours, ours_best, ours_cpu = timed(ours_once, runs)
    rows = [Row("peers", "fzlint, 5 seeds, in process", ours, ours_best, f"whole process {ours_whole:.0f} ms",
                ours_cpu)]

    def compare(name: str, in_proc: tuple[float, float, float | None] | None, command: list[str] | None,
                cwd: str | None = None) -> None:
        if in_proc is not None:
            rows.append(Row("peers", f"{name}, in process", in_proc[0], in_proc[1],
                            ratio(ours, in_proc[0], ours_cpu, in_proc[2]), in_proc[2]))
        if command is not None:
            run_quiet(command, cwd)
            med, best, cpu = timed(lambda: run_quiet(command, cwd), runs)
            rows.append(Row("peers", f"{name}, whole process", med, best, ratio(ours_whole, med, ours_whole_cpu, cpu),
                            cpu))

    ac = peers.autocorrect(paths)
    if ac is None:
        rows.append(Row("peers", "autocorrect-py", None, None, "not installed (pip install autocorrect-py)"))
    else:
        assert ac.in_process is not None
        ac.in_process()
        compare(ac.name, timed(ac.in_process, runs), ac.command)
    zh = peers.zhlint(paths)
    if zh is None:
        rows.append(Row("peers", "zhlint", None, None, "not installed (npm install --prefix /tmp/zhlint zhlint)"))
    else:
        name, cli, cwd, node = zh
        times = peers.zhlint_in_process(node, paths, runs)
        compare(name, (statistics.median(times), min(times), None), cli, cwd)
    fl = peers.floor(paths)
    assert fl.in_process is not None
    fl.in_process()
    compare(fl.name, timed(fl.in_process, runs), fl.command)
    return rows


def render(rows: list[Row]) -> str:
    width = max(len(r.what) for r in rows)
    out = [f"{'section':<14} {'what':<{width}} {'median ms':>10} {'best ms':>9} {'cpu ms':>8}  notes",
           "-" * (width + 60)]
    last = ""
    for r in rows:
        sec = r.section if r.section != last else ""
        last = r.section
        med = f"{r.median:10.1f}" if r.median is not None else f"{'-':>10}"
        best = f"{r.best:9.1f}" if r.best is not None else f"{'-':>9}"
        cpu = f"{r.cpu:8.1f}" if r.cpu is not None else f"{'-':>8}"
        out.append(f"{sec:<14} {r.what:<{width}} {med} {best} {cpu}  {r.note}".rstrip())
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=9, help="runs per row (the median is shown); default 9")
    ap.add_argument("--corpus", type=int, default=300, help="reports in the bulk corpus; default 300")
    ap.add_argument("--skip-bulk", action="store_true")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-formats", action="store_true", help="no PDF / .doc rows (they need LibreOffice)")
    args = ap.parse_args()
    runs = max(1, args.runs)
    load_before = loadavg()

    from checker.packs import resolve

    rules = resolve(["default"])[1]
    rows = whole_process(runs)
    parts, heavy_whole = breakdown(runs)
    rows[2:2] = parts
    rows += in_process(runs, rules)
    rows += scaling(runs, rules)
    if not args.skip_formats:
        from formats import rows as format_rows

        rows += format_rows(runs, Row)
    if not args.skip_bulk:
        rows += bulk(args.corpus, max(3, runs // 3))
    if not args.skip_peers:
        five = next(r for r in rows if r.what.startswith("fzlint check seeds/"))
        assert five.median is not None
        rows += peer_rows(runs, rules, five.median, five.cpu)
    print(render(rows))
    heavy_here = sorted(m for m in HEAVY if m in sys.modules and m != "docx" and m != "lxml")
    print(f"\nrjieba: only the slips rules segment words; a .txt check imported {', '.join(heavy_whole) or 'none'} of "
          f"{', '.join(HEAVY)} (whole process); in process after every check here (.docx included), "
          f"{', '.join(heavy_here) or 'none'} of rjieba, openpyxl, jsonschema, playwright were loaded.")
    load_after = loadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, runs={runs}; "
          f"load average before {' '.join(load_before)}, after {' '.join(load_after)}")


if __name__ == "__main__":
    main()
