"""What fzlint is compared with in benchmarks/bench.py: peers that check Chinese text, and the floor.

- autocorrect (`pip install autocorrect-py`): its Python package's lint mode, `lint_for(text, filename)`.
- zhlint (`npm install --prefix /tmp/zhlint zhlint`, or $ZHLINT_DIR): its CLI, and its `runWithConfig` in one
  Node process. Never a project dependency.
- the floor: read the files and run one compiled regex over them — no linter can do less.
A peer that is not installed gives None; the table then says "not installed".
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# the floor's one regex: a half-width mark next to a Chinese character (a typical punctuation check)
FLOOR_RE = r"(?<=[\u4e00-\u9fff])[,;:?!()]|[,;:?!()](?=[\u4e00-\u9fff])"
FLOOR_SCRIPT = ("import re, sys\nrx = re.compile(" + repr(FLOOR_RE) + ")\n"
                "n = sum(1 for p in sys.argv[1:] for _ in rx.finditer(open(p, 'rb').read().decode('utf-8')))\n"
                "print(n)\n")
AUTOCORRECT_SCRIPT = ("import sys, autocorrect_py as a\n"
                      "n = sum(len(a.lint_for(open(p, encoding='utf-8').read(), 'report.txt').lines)"
                      " for p in sys.argv[1:])\nprint(n)\n")

# zhlint in one Node process: the texts read once, checked `runs` times; prints findings and the times (ms)
ZHLINT_SCRIPT = """
const dir = process.env.ZHLINT_LIB;
const { runWithConfig, readRc } = await import(dir + '/lib/index.js');
const fs = await import('fs');
const [runs, ...files] = process.argv.slice(1);
const cfg = readRc(process.cwd(), undefined, undefined, undefined, { log() {}, warn() {}, error() {} });
const texts = files.map(f => fs.readFileSync(f, 'utf8'));
const once = () => texts.reduce((n, t) => n + runWithConfig(t, cfg).validations.length, 0);
const found = once();
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const t = process.hrtime.bigint(); once(); times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
console.log(JSON.stringify({ found, times }));
"""


@dataclass(frozen=True, slots=True)
class Peer:
    name: str                         # with its version
    in_process: Callable[[], int] | None     # one pass over the texts in this process (returns findings)
    command: list[str] | None         # one whole-process call over the files


def floor(paths: list[Path]) -> Peer:
    rx = re.compile(FLOOR_RE)

    def once() -> int:
        return sum(1 for p in paths for _ in rx.finditer(p.read_bytes().decode("utf-8")))

    return Peer("floor: read + one compiled regex", once, [sys.executable, "-c", FLOOR_SCRIPT, *map(str, paths)])


def autocorrect(paths: list[Path]) -> Peer | None:
    try:
        from importlib.metadata import version

        import autocorrect_py
    except ImportError:
        return None
    texts = [p.read_text(encoding="utf-8") for p in paths]

    def once() -> int:
        return sum(len(autocorrect_py.lint_for(t, "report.txt").lines) for t in texts)

    return Peer(f"autocorrect-py {version('autocorrect-py')} (lint)", once,
                [sys.executable, "-c", AUTOCORRECT_SCRIPT, *map(str, paths)])


def zhlint_dir() -> Path | None:
    for base in (os.environ.get("ZHLINT_DIR"), "/tmp/zhlint"):
        if base and (Path(base) / "node_modules" / "zhlint" / "package.json").is_file():
            return Path(base) / "node_modules" / "zhlint"
    return None


def zhlint(paths: list[Path]) -> tuple[str, list[str], str, list[str]] | None:
    """(name, CLI command over the files, the folder to run it in, Node in-process command taking runs +
    files), or None."""
    lib = zhlint_dir()
    node = shutil.which("node")
    if lib is None or node is None:
        return None
    version = json.loads((lib / "package.json").read_text(encoding="utf-8"))["version"]
    common = os.path.commonpath([str(p) for p in paths])
    if len(paths) == 1:
        common = str(paths[0].parent)
    pattern = "*" + paths[0].suffix if len(paths) > 1 else paths[0].name
    cli = [node, str(lib / "bin" / "index.js"), pattern]     # its CLI takes one relative glob, not a file list
    inproc = [node, "--input-type=module", "-e", ZHLINT_SCRIPT]
    return f"zhlint {version}", cli, common, inproc


def zhlint_in_process(cmd: list[str], paths: list[Path], runs: int) -> list[float]:
    env = {**os.environ, "ZHLINT_LIB": str(zhlint_dir())}
    out = subprocess.run([*cmd, str(runs), *map(str, paths)], capture_output=True, text=True, env=env, check=True)
    return [float(t) for t in json.loads(out.stdout.strip().splitlines()[-1])["times"]]
