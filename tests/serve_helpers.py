"""Starting a real `fzlint serve` on 127.0.0.1 for the tests, and talking to it with the standard library only."""
from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from helpers import ROOT

STARTUP_SECONDS = 90          # workers load the rules and jieba first; a shared machine is slow


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[str]
    tmp: Path                     # the server's TMPDIR: what it leaves there is checked

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, as a user stops it; (exit code, stdout, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                out, err = self.proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                out, err = self.proc.communicate()
        else:
            out, err = self.proc.communicate()
        return self.proc.returncode, out, err


def start(tmp: Path, *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Server:
    """`python -m checker serve --no-browser --port 0 ARGS`, its TMPDIR inside ``tmp``; waits for the address."""
    server_tmp = tmp / f"server-tmp-{secrets.token_hex(3)}"
    server_tmp.mkdir(parents=True)
    environment = {**os.environ, "TMPDIR": str(server_tmp), "PYTHONUNBUFFERED": "1", **(env or {})}
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--no-browser", *args], cwd=cwd,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + STARTUP_SECONDS
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if "http://" in line:
            url = line[line.index("http://"):].split()[0]
            return Server(url, proc, server_tmp)
    proc.kill()
    out, err = proc.communicate()
    raise AssertionError(f"server did not start: {out}\n{err}")


def multipart(fields: dict[str, tuple[str | None, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body: field → (file name or None, content)."""
    boundary = "----fzlint" + secrets.token_hex(8)
    out = bytearray()
    for name, (filename, data) in fields.items():
        out += f"--{boundary}\r\n".encode()
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        out += f"Content-Disposition: {disposition}\r\n".encode("utf-8")
        if filename is not None:
            out += b"Content-Type: application/octet-stream\r\n"
        out += b"\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


@dataclass
class Answer:
    status: int
    headers: Any
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
            method: str | None = None, timeout: float = 120) -> Answer:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Answer(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.headers, exc.read())


def post_file(server_url: str, op: str, name: str, data: bytes, headers: dict[str, str] | None = None) -> Answer:
    body, ctype = multipart({"file": (name, data)})
    return request(f"{server_url}api/{op}", body, {"Content-Type": ctype, **(headers or {})})


def post_raw(server_url: str, op: str, name: str, data: bytes) -> Answer:
    return request(f"{server_url}api/{op}?name={quote(name)}", data, {"Content-Type": "application/octet-stream"})


def leftovers(server: Server) -> list[str]:
    """Files the server left in its TMPDIR (multiprocessing's own pymp-* socket folder aside)."""
    return sorted(str(p.relative_to(server.tmp)) for p in server.tmp.rglob("*")
                  if not p.relative_to(server.tmp).parts[0].startswith("pymp-"))
