"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's files.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=E,title=RULE::MESSAGE`` (``warning`` and ``notice`` for the
other severities). Following GitHub's toolkit, ``%``, CR and LF are percent-escaped in the message, and ``:`` and
``,`` as well in property values. A finding with no position (a missing part) is annotated on the file without a
line; a file that could not be read is ``::error file=PATH::message``.
"""
from __future__ import annotations

from typing import Sequence, TextIO

from ..model import Diagnostic, FileResult, Severity
from . import RunInfo

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: % CR LF escaped (as @actions/core's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: the message escapes plus ``:`` and ``,`` (as @actions/core's escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def path_of(path: str) -> str:
    """Forward slashes, without a leading ``./``: how GitHub names a file of the checkout."""
    posix = path.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


def annotation(path: str, d: Diagnostic) -> str:
    props: dict[str, object] = {"file": path_of(path)}
    if d.line is not None:
        text = d.text or ""
        props["line"] = d.line
        if d.column is not None:
            props["col"] = d.column
        if "\n" in text:
            props["endLine"] = d.line + text.count("\n")
            props["endColumn"] = len(text.rsplit("\n", 1)[1]) + 1
        elif d.column is not None and text:
            props["endColumn"] = d.column + len(text)
    props["title"] = d.rule
    message = d.message + (f"\n依据：{d.reference}" if d.reference else "")
    return command(COMMANDS[d.severity], props, message)


def render(results: Sequence[FileResult], info: RunInfo, out: TextIO) -> None:
    for r in results:
        if r.error:
            out.write(command("error", {"file": path_of(r.path)}, r.error) + "\n")
        for d in r.diagnostics:
            out.write(annotation(r.path, d) + "\n")
