"""`fzlint serve` under load: a real server on 127.0.0.1, N uploads from C concurrent clients, then abuse.

    python benchmarks/serve_bench.py [--n 200] [--clients 8] [--jobs 2]

Starts `fzlint serve --isolated --no-browser` on a free loopback port (never any other address), builds
N reports with benchmarks/corpus.py (.txt in UTF-8 and GB18030, .docx, .html, ~1% unreadable), and computes
in this process what `POST /api/check` must answer for each (the JSON of `fzlint check --format json`). Then
C client threads upload the N files, each checking its answer against the expected JSON (an unreadable file
must get its 422 with the same error). Then it sends a zip bomb, a file over the size limit, a body over the
upload limit and a truncated .docx, each followed by an ordinary upload that must still be answered right.

Prints requests/s, latency percentiles, the answers by status, and memory: the server process's peak RSS
(VmHWM), the largest worker's, and the peak of the whole tree's summed RSS (sampled every 20 ms). Stops by
itself: every request has a timeout, a watchdog kills the server after --deadline seconds, and the server is
stopped (Ctrl-C) at the end whatever happened. Exit code 1 if any answer was wrong.
"""
from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from corpus import build_corpus  # noqa: E402

HOST = "127.0.0.1"                      # loopback only, always


@dataclass
class Outcome:
    name: str
    status: int
    seconds: float
    correct: bool
    note: str = ""


def expected_answers(paths: list[Path]) -> dict[Path, tuple[int, dict[str, Any]]]:
    """What the server must answer for each file: the CLI's JSON for it, named by its file name."""
    from checker.report.json import document
    from checker.runner import check_file
    from checker.serve.setup import prepare
    from checker.session import Flags

    setup = prepare(Flags(isolated=True), ROOT)
    out = {}
    for p in paths:
        result = check_file(str(p), list(setup.rules), setup.options)
        doc = document([result], setup.info)
        doc["files"][0]["path"] = p.name
        out[p] = (422 if result.error else 200, doc)
    return out


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----fzlint" + secrets.token_hex(8)
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode("utf-8")
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(url: str, name: str, data: bytes, raw: bool = False, timeout: float = 120) -> tuple[int, bytes]:
    where = urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname or HOST, where.port, timeout=timeout)
    try:
        if raw:
            conn.request("POST", f"/api/check?name={quote(name)}", body=data,
                         headers={"Content-Type": "application/octet-stream"})
        else:
            body, ctype = multipart(name, data)
            conn.request("POST", "/api/check", body=body, headers={"Content-Type": ctype})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_server(jobs: int, tmp: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--isolated", "--no-browser", "--host", HOST,
                             "--jobs", str(jobs)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if "http://" in line:
            return proc, line[line.index("http://"):].split()[0]
    proc.kill()
    raise SystemExit("the server did not start: " + (proc.stderr.read() if proc.stderr else ""))


def _tree(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            kids.setdefault(int(stat[stat.rindex(b")") + 2:].split()[1]), []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Memory(threading.Thread):
    """Samples the server tree's summed RSS every 20 ms; remembers each process's VmHWM (peak RSS)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_sum, self.hwm = pid, 0, {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            time.sleep(0.02)

    def sample(self) -> None:
        pids = _tree(self.pid)
        self.peak_sum = max(self.peak_sum, sum(_status_kb(p, "VmRSS") for p in pids))
        for p in pids:
            self.hwm[p] = max(self.hwm.get(p, 0), _status_kb(p, "VmHWM"))


def zip_bomb(template: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, zipfile.ZipFile(io.BytesIO(template)) as original:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, original.read(info))
        z.writestr("word/document.xml", b"<?xml version='1.0'?>" + b" " * (200 * 1024 * 1024))   # 200 MB
    return out.getvalue()


def load(url: str, files: list[Path], expected: dict[Path, tuple[int, dict[str, Any]]], n: int,
         clients: int) -> tuple[list[Outcome], float]:
    blobs = {p: p.read_bytes() for p in files}

    def one(i: int) -> Outcome:
        p = files[i % len(files)]
        t = time.perf_counter()
        try:
            status, body = post(url, p.name, blobs[p])
        except OSError as exc:
            return Outcome(p.name, 0, time.perf_counter() - t, False, f"connection: {exc}")
        seconds = time.perf_counter() - t
        want_status, want = expected[p]
        try:
            ok = status == want_status and json.loads(body) == want
        except ValueError:
            ok = False
        return Outcome(p.name, status, seconds, ok, "" if ok else body[:200].decode("utf-8", "replace"))

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        outcomes = list(pool.map(one, range(n)))
    return outcomes, time.perf_counter() - t


def abuse(url: str, docx: Path, txt: Path, expected: dict[Path, tuple[int, dict[str, Any]]]) -> list[tuple[str, ...]]:
    """Each bad upload, what it got, and whether an ordinary upload right after it was answered right."""
    template = docx.read_bytes()
    cases = [("zip bomb (.docx, 200 MB inside)", "炸弹.docx", zip_bomb(template), False),
             ("file over the size limit (11 MB .txt)", "超大.txt", "报".encode() * (11 * 1024 * 1024 // 3), False),
             ("body over the upload limit (60 MB)", "巨大.docx", b"0" * (60 * 1024 * 1024), True),
             ("truncated .docx", "半截.docx", template[: len(template) // 2], False)]
    rows = []
    for label, name, data, raw in cases:
        t = time.perf_counter()
        try:
            status, body = post(url, name, data, raw=raw)
            try:
                answer = json.loads(body)
                message = answer.get("error") or answer["files"][0]["error"]
            except (ValueError, KeyError, IndexError):
                message = body[:80].decode("utf-8", "replace")
        except OSError as exc:
            status, message = 0, f"connection: {exc}"
        seconds = time.perf_counter() - t
        after_status, after_body = post(url, txt.name, txt.read_bytes())
        ok_after = (after_status, json.loads(after_body)) == expected[txt]
        rows.append((label, str(status), f"{seconds * 1000:.0f}", "yes" if ok_after else "NO", message[:60]))
    return rows


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="uploads (default 200)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--jobs", type=int, default=2, help="server worker processes (default 2)")
    ap.add_argument("--corpus", type=int, default=100, help="distinct reports uploaded in turn (default 100)")
    ap.add_argument("--deadline", type=float, default=900, help="the watchdog's limit in seconds (default 900)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fzlint-serve-bench-"))
    server_tmp = work / "server-tmp"
    server_tmp.mkdir()
    proc = None
    try:
        files = build_corpus(work / "corpus", args.corpus, seed=11)
        expected = expected_answers(files)
        proc, url = start_server(args.jobs, server_tmp)
        watchdog = threading.Timer(args.deadline, proc.kill)
        watchdog.daemon = True
        watchdog.start()
        memory = Memory(proc.pid)
        memory.sample()
        memory.start()
        post(url, files[0].name, files[0].read_bytes())                          # warm-up
        outcomes, wall = load(url, files, expected, args.n, args.clients)
        docx = next(p for p in files if p.suffix == ".docx" and expected[p][0] == 200)
        txt = next(p for p in files if p.suffix == ".txt" and expected[p][0] == 200)
        bad = abuse(url, docx, txt, expected)
        memory.stop.set()
        memory.join()
        memory.sample()
        watchdog.cancel()
        workers = [p for p in memory.hwm if p != proc.pid]
        left = [str(p.relative_to(server_tmp)) for p in server_tmp.rglob("*")
                if not p.relative_to(server_tmp).parts[0].startswith("pymp-")]
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    latencies = [o.seconds * 1000 for o in outcomes]
    wrong = [o for o in outcomes if not o.correct]
    by_status: dict[int, int] = {}
    for o in outcomes:
        by_status[o.status] = by_status.get(o.status, 0) + 1
    print(f"fzlint serve: {args.n} uploads of {args.corpus} distinct reports (.txt/.docx/.html), {args.clients} clients, "
          f"{args.jobs} workers, {os.cpu_count()} cores; load average now {os.getloadavg()[0]:.1f}")
    print(f"{'requests/s':>11} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'wall s':>7}  answers by status")
    print(f"{args.n / wall:>11.1f} {percentile(latencies, 50):>8.0f} {percentile(latencies, 90):>8.0f} "
          f"{percentile(latencies, 99):>8.0f} {max(latencies):>8.0f} {wall:>7.1f}  "
          + ", ".join(f"{s}: {c}" for s, c in sorted(by_status.items())))
    print(f"correct answers: {args.n - len(wrong)} / {args.n} (422 = a corpus file that cannot be read, "
          "with the same error as fzlint check)")
    for o in wrong[:5]:
        print(f"  WRONG {o.name}: {o.status} {o.note}")
    print(f"memory: server process peak RSS {memory.hwm.get(proc.pid, 0) / 1024:.0f} MB; largest worker "
          f"{max((memory.hwm[p] for p in workers), default=0) / 1024:.0f} MB; whole tree peak (summed RSS) "
          f"{memory.peak_sum / 1024:.0f} MB")
    print(f"{'abuse':<40} {'status':>6} {'ms':>7} {'still right after':>17}  message")
    for label, status, ms, after, message in bad:
        print(f"{label:<40} {status:>6} {ms:>7} {after:>17}  {message}")
    print(f"files left in the server's TMPDIR: {len(left)}")
    return 1 if wrong or any(r[3] != "yes" for r in bad) or left else 0


if __name__ == "__main__":
    sys.exit(main())
