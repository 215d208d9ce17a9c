"""Converting a file with LibreOffice (``soffice --headless --convert-to``), safely.

Each conversion runs in a private temporary folder that is removed afterwards, holding a copy of the input
(under a plain name: the user's file is only read), the output, and a fresh LibreOffice profile
(``-env:UserInstallation``), so that conversions running at the same time (``--jobs``, an audit, a server)
never share a profile and never meet the user's own LibreOffice. The profile switches macros off (security
level "very high" and macro execution disabled) and blocks links from untrusted documents. The conversion
has a time limit; past it the whole LibreOffice process group is killed.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError, TransientInputError

from .limits import CONVERT_TIMEOUT as TIMEOUT     # seconds (Limits.convert_timeout; the audit keeps it shorter)
KNOWN_PLACES = (
    "/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe", r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
# The profile's settings: no macro may run, links from documents not trusted are blocked.
SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """LibreOffice's soffice: on PATH (soffice, libreoffice), else where installers put it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in KNOWN_PLACES if os.path.isfile(p) and os.access(p, os.X_OK)), None)


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)      # soffice is a script: its soffice.bin is in the group
        else:
            process.kill()
    except OSError:
        pass
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        pass


def convert(data: bytes, suffix: str, target: str, where: str, timeout: float = TIMEOUT,
            soffice: str | None = None) -> bytes:
    """The bytes of ``data`` (a file ending in ``suffix``) converted by LibreOffice to ``target`` ("docx",
    "pdf", or "pdf:writer_pdf_Export"…). InputError (Chinese, naming ``where``) when LibreOffice is missing,
    fails or runs past ``timeout`` seconds."""
    program = soffice or find_soffice()
    if program is None:
        raise TransientInputError("需要 LibreOffice 才能读取这种格式，但本机没有找到 soffice；请用 Word 或 WPS 打开后另存为 .docx，"
                         "或安装 LibreOffice（Debian/Ubuntu：apt install libreoffice-writer）", where)
    with tempfile.TemporaryDirectory(prefix="fzlint-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        settings = folder / "profile" / "user" / "registrymodifications.xcu"
        settings.parent.mkdir(parents=True)
        settings.write_text(SETTINGS, encoding="utf-8")
        out = folder / "out"
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target,
                   "--outdir", str(out), str(source)]
        env = {**os.environ, "HOME": str(folder)}       # nothing of the user's own LibreOffice is touched
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, cwd=folder, env=env,
                                       start_new_session=os.name == "posix")
        except OSError as exc:
            raise TransientInputError(f"无法启动 LibreOffice（{exc.strerror or exc}）；请用 Word 或 WPS 打开后另存为 .docx",
                                      where) from None
        try:
            process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise TransientInputError(f"LibreOffice 转换超过 {timeout:g} 秒仍未完成，已停止；请用 Word 或 WPS 打开后另存为 .docx",
                                      where) from None
        finally:
            if process.poll() is None:
                _kill(process)
        produced = out / f"input.{target.split(':', 1)[0]}"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise InputError("LibreOffice 无法转换该文件（文件可能已损坏、设置了密码，或不是它声称的格式）；"
                             "请用 Word 或 WPS 打开后另存为 .docx", where)
        return produced.read_bytes()


__all__ = ["TIMEOUT", "convert", "find_soffice"]
