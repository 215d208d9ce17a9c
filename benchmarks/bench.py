"""fzlint speed: whole-process and in-process figures, printed as one table (median of repeated runs).

    python benchmarks/bench.py [--runs N]

Whole process: `fzlint --help`, one seed .txt, one .docx (the time a user waits, Python start included).
In process: load + body + outline + the default pack, per document, after one warm-up run.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fzlint_cmd() -> list[str]:
    exe = shutil.which("fzlint")
    return [exe] if exe else [sys.executable, "-m", "checker"]


def median_ms(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def whole_process(runs: int) -> list[tuple[str, str, float, float]]:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    docx = ROOT / "examples" / "draft-flawed.docx"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    cases = [
        ("fzlint --help", ["--help"]),
        (f"fzlint check {seed.name}", ["check", "--format", "json", str(seed)]),
        (f"fzlint check {docx.name}", ["check", "--format", "json", str(docx)]),
        ("fzlint check seeds/ (5 files)", ["check", "--format", "json", str(ROOT / "seeds")]),
    ]
    out = []
    for label, args in cases:
        cmd = fzlint_cmd() + args
        subprocess.run(cmd, capture_output=True, env=env)        # warm the bytecode cache
        med, best = median_ms(lambda: subprocess.run(cmd, capture_output=True, env=env), runs)
        out.append(("whole process", label, med, best))
    return out


def in_process(runs: int) -> list[tuple[str, str, float, float]]:
    from checker.engine import run
    from checker.load import load
    from checker.outline import build_outline
    from checker.packs import resolve

    rules = resolve(["default"])[1]
    docs = sorted((ROOT / "seeds").glob("*.txt")) + [ROOT / "examples" / "draft-flawed.docx"]
    out = []
    for path in docs:
        def once(path: Path = path) -> None:
            doc = load(path)
            run(doc, build_outline(doc), rules)

        once()
        med, best = median_ms(once, runs)
        n = len(load(path).text)
        out.append(("in process", f"{path.name} ({n:,} 字符)", med, best))
    med, best = median_ms(lambda: resolve(["default"]), runs)
    out.append(("in process", f"load the default set ({len(rules)} rules)", med, best))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    rows = whole_process(max(3, args.runs // 2)) + in_process(args.runs)
    width = max(len(r[1]) for r in rows)
    print(f"{'kind':<14} {'what':<{width}} {'median ms':>10} {'best ms':>9}")
    print("-" * (14 + width + 23))
    for kind, label, med, best in rows:
        print(f"{kind:<14} {label:<{width}} {med:>10.1f} {best:>9.1f}")
    print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} cores, runs={args.runs}")


if __name__ == "__main__":
    main()
