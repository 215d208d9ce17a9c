"""`fzlint audit` at scale: N reports from benchmarks/corpus.py, audited as a whole process, three times —
cold cache, warm cache, and after one file changed — then once more writing every output file.

    python benchmarks/audit_bench.py [--n 1000] [--jobs J] [--keep DIR]

Prints wall time and peak memory of the whole process tree (the command, its fork server and workers):
peak of the summed RSS (shared pages counted in every process: an upper bound) and of the summed PSS
(shared pages split between the processes that share them), sampled from /proc every 20 ms; and the
largest single process (getrusage RUSAGE_CHILDREN). Target: 1,000 reports in under 60 s on 2 cores, peak
under 500 MB (summed RSS, the stricter figure).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import build_corpus

TARGET_SECONDS = 60.0
TARGET_MB = 500.0


def fzlint_cmd() -> list[str]:
    exe = shutil.which("fzlint", path=str(Path(sys.executable).parent)) or shutil.which("fzlint")
    return [exe] if exe else [sys.executable, "-m", "checker"]


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(summed RSS, summed PSS) of the tree in kB."""
    rss = pss = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def measure(cmd: list[str]) -> tuple[float, float, float, float, int]:
    """(seconds, peak summed RSS MB, peak summed PSS MB, largest single process MB, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        rss, pss = _memory(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.02)
    seconds = time.perf_counter() - t
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1, 2) or "Traceback" in err:
        raise SystemExit(f"audit failed ({proc.returncode}):\n{err}")
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_rss / 1024, peak_pss / 1024, max(single, before) / 1024, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fzlint-audit-bench-"))
    try:
        corpus = args.keep or tmp / "corpus"
        t = time.perf_counter()
        paths = build_corpus(corpus, args.n)
        built = time.perf_counter() - t
        cache = tmp / "cache"
        base = [*fzlint_cmd(), "audit", str(corpus), "--quiet", "--cache-dir", str(cache)]
        if args.jobs:
            base += ["--jobs", str(args.jobs)]
        rows = [("cold cache", *measure(base))]
        rows.append(("warm cache", *measure(base)))
        changed = next(p for p in paths if p.suffix == ".txt" and p.stat().st_size > 1000)
        changed.write_bytes(changed.read_bytes() + b"\n")          # new content: its cache entry no longer fits
        rows.append(("1 file changed", *measure(base)))
        out = tmp / "out"
        outputs = ["--xlsx", str(out / "audit.xlsx"), "--csv", str(out / "csv"), "--json", str(out / "audit.json")]
        try:
            import checker.audit.html  # noqa: F401
            outputs += ["--html", str(out / "audit.html")]
        except ImportError:
            pass
        out.mkdir()
        rows.append(("warm + " + "/".join(o.lstrip("-") for o in outputs[::2]), *measure(base + outputs)))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    cores = os.cpu_count()
    print(f"fzlint audit: {args.n} reports (corpus built in {built:.1f} s), {cores} cores, "
          f"jobs {args.jobs or 'default (all cores)'}; load average now {os.getloadavg()[0]:.1f}")
    print(f"{'run':<28} {'wall s':>8} {'peak RSS MB':>12} {'peak PSS MB':>12} {'1 proc MB':>10} {'exit':>5}")
    for label, seconds, rss, pss, single, code in rows:
        print(f"{label:<28} {seconds:>8.1f} {rss:>12.0f} {pss:>12.0f} {single:>10.0f} {code:>5}")
    cold = rows[0]
    ok = cold[1] < TARGET_SECONDS * args.n / 1000 and max(r[2] for r in rows) < TARGET_MB
    print(f"target: {args.n} reports < {TARGET_SECONDS * args.n / 1000:.0f} s, peak RSS < {TARGET_MB:.0f} MB: "
          f"{'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
