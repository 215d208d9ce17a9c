"""Every error and warning the default rule set gives, as a table to check by hand.

Run: /work/venv/bin/python scripts/precision.py [--info] [--tsv] [paths ...]
Without paths: seeds/*.txt, tests/clean/* and examples/*.txt|.docx. Columns: file, line:col, severity,
rule, the flagged text with 12 characters of context either side (【】 marks the flagged text, ⏎ a line
end; a flagged span over 60 characters is shortened to its two ends around …), message. Each row is to be
read against the text and marked right or false alarm.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.errors import CheckerError
from checker.load import load
from checker.model import Severity
from checker.packs import resolve
from checker.runner import check_file, expand

CONTEXT = 12
LONGEST = 60   # a flagged span longer than this (a whole paragraph) is shown by its two ends


def default_paths() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    paths += sorted(p for p in (ROOT / "tests" / "clean").glob("*") if p.suffix in (".txt", ".docx"))
    paths += sorted(p for p in (ROOT / "examples").glob("*") if p.suffix in (".txt", ".docx"))
    return [str(p) for p in paths]


def _flat(s: str) -> str:
    return s.replace("\r", "").replace("\n", "⏎").replace("\t", " ").replace("|", "｜")


def in_context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    flagged = text[start:end]
    if len(flagged) > LONGEST:
        half = (LONGEST - 1) // 2
        flagged = flagged[:half] + "…" + flagged[-half:]
    return _flat(before) + "【" + _flat(flagged) + "】" + _flat(after)


def _rel(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def rows(paths: list[str], minimum: Severity) -> tuple[list[list[str]], list[str]]:
    rules = resolve(["default"])[1]
    out: list[list[str]] = []
    problems: list[str] = []
    for path, error in expand(paths):
        if error:
            problems.append(f"{path}: {error}")
            continue
        result = check_file(path, rules)
        if result.error:
            problems.append(f"{path}: {result.error}")
            continue
        try:
            text = load(path).text
        except CheckerError as exc:   # read once already: should not happen
            problems.append(f"{path}: {exc.message}")
            continue
        for d in result.diagnostics:
            if d.severity < minimum:
                continue
            where = f"{d.line}:{d.column}" if d.line else "-"
            flagged = in_context(text, d.span.start, d.span.end) if d.span else "（整篇）"
            out.append([_rel(path), where, d.severity.label, d.rule, flagged, _flat(d.message)])
    return out, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="files or folders (default: seeds, tests/clean, examples)")
    ap.add_argument("--info", action="store_true", help="list info findings too")
    ap.add_argument("--tsv", action="store_true", help="tab-separated values instead of a Markdown table")
    args = ap.parse_args(argv)
    paths = args.paths or default_paths()
    table, problems = rows(paths, Severity.INFO if args.info else Severity.WARNING)
    header = ["file", "line:col", "severity", "rule", "flagged (±12)", "message"]
    if args.tsv:
        print("\t".join(header))
        for r in table:
            print("\t".join(r))
    else:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in table:
            print("| " + " | ".join(r) + " |")
    counts = Counter((r[2], r[3]) for r in table)
    print(f"\n{len(table)} finding(s) in {len({r[0] for r in table})} file(s) of {len(expand(paths))} checked",
          file=sys.stderr)
    for (sev, rule), n in sorted(counts.items()):
        print(f"  {sev:7} {rule}: {n}", file=sys.stderr)
    for p in problems:
        print(f"could not check {p}", file=sys.stderr)
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
