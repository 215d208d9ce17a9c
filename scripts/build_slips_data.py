"""Build checker/data/slips.json.gz, the tables the `slips` check kind reads (suspected slips: a character lost
inside a word, a dangling character, a mistyped idiom).

Run it in a scratch environment that has the build-time packages; none of them is a dependency of fzlint:

    python3 -m venv /tmp/slips-build && /tmp/slips-build/bin/pip install jieba pypinyin
    /tmp/slips-build/bin/pip download --no-deps -d /tmp/slips-build/dl pycorrector==1.1.4
    /tmp/slips-build/bin/python scripts/build_slips_data.py --pycorrector /tmp/slips-build/dl/pycorrector-1.1.4-py3-none-any.whl

Where each table comes from (only derived counts and lists are written; no corpus text):

| table | source | licence |
|---|---|---|
| `alone` (how often a character is a word by itself) | jieba 0.42 `dict.txt`: the frequency of the one-character entry against the summed frequencies of the longer entries that contain it | MIT |
| `pairs` (two-character words and their frequency) | jieba `dict.txt` | MIT |
| `lead` (the frequent two-character words a character begins) | jieba `dict.txt` frequencies | MIT |
| `phrases` (frequent word + word entries, e.g. 充分发挥) | jieba `dict.txt` entries of 3–4 characters whose first two or last two characters are a word | MIT |
| `idioms` (four-character idioms, POS tag `i`, and set phrases, tag `l`, that are not two words side by side) and `near` (dictionary entries one character away from one, with their frequency) | jieba `dict.txt` | MIT |
| `pinyin` (each character's readings, with tone) | pypinyin 0.55 `pinyin_dict` (built from the pinyin-data project) | MIT |
| `shapes` (groups of characters of similar shape) | pycorrector 1.1.4 `data/same_stroke.txt` | Apache-2.0 |

The output is deterministic: keys sorted, gzip header without a timestamp. Rerunning with the same package
versions writes the same bytes (the script prints the SHA-256).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "checker" / "data" / "slips.json.gz"
VERSION = 1
MIN_CHAR_TOTAL = 300        # characters rarer than this in jieba's counts get no `alone` ratio (too few to say)
PAIR_MIN_FREQ = 50          # two-character words from this frequency up (a lost character's partner)
LEAD_MIN_FREQ = 300         # a two-character word counts as a completion from this frequency up
IDIOM_MIN_FREQ = 3          # every idiom jieba lists (3 is its floor); the check sets its own floor
# jieba tags 成语 `i` and 习用语 `l`. The report's set phrases are mostly `l` (标本兼治, 齐抓共管, 真抓实干, 与时俱进),
# but so are terms made of two ordinary words (综合治理, 数据分析, 对外开放): an `l` entry is taken as a set phrase
# only when its two halves are not both words of at least this frequency.
SET_PHRASE_HALF_FREQ = 50


def _han(s: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in s)


def read_jieba() -> dict[str, tuple[int, str]]:
    import jieba
    path = Path(jieba.__file__).with_name("dict.txt")
    words: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and _han(parts[0]):
            words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def alone_table(words: dict[str, tuple[int, str]]) -> dict[str, int]:
    """Per-mille share of a character's occurrences in which it is a word by itself."""
    alone: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for w, (f, _) in words.items():
        if len(w) == 1:
            alone[w] += f
        else:
            for c in w:
                inside[c] += f
    out = {}
    for c in set(alone) | set(inside):
        total = alone[c] + inside[c]
        if total >= MIN_CHAR_TOTAL:
            out[c] = round(1000 * alone[c] / total)
    return out


def lead_table(words: dict[str, tuple[int, str]]) -> dict[str, list[list[object]]]:
    """For each character, the frequent two-character words it begins, most frequent first (at most 8)."""
    lead: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
    for w, (f, _) in words.items():
        if len(w) == 2 and f >= LEAD_MIN_FREQ:
            lead[w[0]].append((f, w))
    return {c: [[w, f] for f, w in sorted(v, key=lambda x: (-x[0], x[1]))[:8]] for c, v in lead.items()}


def pair_table(words: dict[str, tuple[int, str]]) -> dict[str, int]:
    """Two-character words and their frequency (from PAIR_MIN_FREQ up)."""
    return {w: f for w, (f, _) in words.items() if len(w) == 2 and f >= PAIR_MIN_FREQ}


def phrase_table(words: dict[str, tuple[int, str]]) -> dict[str, int]:
    """Frequent entries of 3–4 characters built of a word and a two-character word (充分发挥, 积极参与)."""
    out = {}
    for w, (f, _) in words.items():
        if 3 <= len(w) <= 4 and f >= 20 and w[-2:] in words and w[:-2] in words:
            out[w] = f
    return out


def _set_phrase(w: str, tag: str, words: dict[str, tuple[int, str]]) -> bool:
    """An idiom (i), or a set phrase (l) that is not two frequent words side by side (标本兼治, not 综合治理)."""
    if tag == "i":
        return True
    if tag != "l":
        return False
    halves = [words.get(w[:2]), words.get(w[2:])]
    return not all(h is not None and h[0] >= SET_PHRASE_HALF_FREQ for h in halves)


def idiom_tables(words: dict[str, tuple[int, str]]) -> tuple[dict[str, int], dict[str, int]]:
    idioms = {w: f for w, (f, tag) in words.items()
              if len(w) == 4 and f >= IDIOM_MIN_FREQ and _set_phrase(w, tag, words)}
    masks: defaultdict[str, list[str]] = defaultdict(list)
    for w in idioms:
        for i in range(4):
            masks[w[:i] + "?" + w[i + 1:]].append(w)
    near = {}
    for w, (f, _) in words.items():
        if len(w) == 4 and any(m != w for i in range(4) for m in masks.get(w[:i] + "?" + w[i + 1:], ())):
            near[w] = f     # a word one character away from another idiom (another idiom, or a slip jieba lists)
    return idioms, near


def pinyin_table(chars: set[str]) -> dict[str, str]:
    from pypinyin.pinyin_dict import pinyin_dict
    return {c: pinyin_dict[ord(c)] for c in sorted(chars) if ord(c) in pinyin_dict}


def shape_groups(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        text = z.read("pycorrector/data/same_stroke.txt").decode("utf-8")
    groups = []
    for line in text.splitlines():
        chars = "".join(c for c in line.split() if len(c) == 1 and _han(c))
        if len(chars) >= 2:
            groups.append(chars)
    return sorted(set(groups))


def build(wheel: Path) -> bytes:
    import jieba
    import pypinyin
    words = read_jieba()
    idioms, near = idiom_tables(words)
    chars = {c for w in idioms for c in w} | {c for w in words if len(w) == 1 for c in w}
    data = {
        "version": VERSION,
        "sources": {"jieba": jieba.__version__, "pypinyin": pypinyin.__version__, "pycorrector": wheel.name},
        "alone": alone_table(words),
        "lead": lead_table(words),
        "pairs": pair_table(words),
        "phrases": phrase_table(words),
        "idioms": idioms,
        "near": near,
        "pinyin": pinyin_table(chars),
        "shapes": shape_groups(wheel),
    }
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pycorrector", type=Path, required=True, help="the pycorrector wheel (read, not installed)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    blob = build(args.pycorrector)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    print(f"{args.out}: {len(blob):,} bytes, sha256 {hashlib.sha256(blob).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
