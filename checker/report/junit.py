"""JUnit XML for CI test reports: one ``<testsuite name="fzlint">``, one ``<testcase>`` per checked file.

A finding at or above the run's fail-on threshold is a ``<failure type=RULE message=MESSAGE>`` whose text is the
concise line plus the reference; findings below it (all of them with ``fail-on: never``) are listed in the
testcase's ``<system-out>``; a file that could not be read is an ``<error>``. The suite's ``tests``, ``failures``
and ``errors`` count testcases, as JUnit consumers expect (a file with three failing findings is one failed
test); the ``findings`` property counts the ``<failure>`` elements.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Sequence, TextIO

from ..model import Diagnostic, FileResult, Severity
from . import RunInfo

SUITE = "fzlint"
# characters XML 1.0 cannot carry at all (control characters other than tab/newline/CR, lone surrogates, U+FFFE/F)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Replace what XML 1.0 cannot represent (ElementTree would write it raw and break the file)."""
    return _ILLEGAL.sub("\ufffd", text)


def threshold(fail_on: str) -> Severity | None:
    """The lowest severity that fails the run, or None for ``never``."""
    return None if fail_on == "never" else Severity.parse(fail_on)


def finding_line(path: str, d: Diagnostic) -> str:
    """``path:line:col: severity rule message`` (the concise format's line)."""
    return f"{path}:{d.line or 0}:{d.column or 0}: {d.severity.label} {d.rule} {d.message}"


def failure_text(path: str, d: Diagnostic) -> str:
    lines = [finding_line(path, d)]
    if d.suggestion is not None:
        lines.append(f"建议：改为“{d.suggestion}”")
    if d.reference:
        lines.append(f"依据：{d.reference}")
    return "\n".join(lines)


def build(results: Sequence[FileResult], info: RunInfo) -> ET.Element:
    """The report as an ElementTree element (``<testsuites>`` around the one suite)."""
    limit = threshold(info.fail_on)
    suite = ET.Element("testsuite", name=SUITE)
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="fzlint.version", value=xml_safe(info.version))
    ET.SubElement(props, "property", name="fail-on", value=info.fail_on)
    failed = errored = findings = 0
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=SUITE, name=xml_safe(r.path), time="0")
        if r.error:
            errored += 1
            err = ET.SubElement(case, "error", type="input.unreadable", message=xml_safe(r.error))
            err.text = xml_safe(f"{r.path}: {r.error}")
        below = []
        for d in r.diagnostics:
            if limit is not None and d.severity >= limit:
                findings += 1
                fail = ET.SubElement(case, "failure", type=d.rule, message=xml_safe(d.message))
                fail.text = xml_safe(failure_text(r.path, d))
            else:
                below.append(finding_line(r.path, d))
        if case.find("failure") is not None:
            failed += 1
        if below:
            ET.SubElement(case, "system-out").text = xml_safe("\n".join(below) + "\n")
    ET.SubElement(props, "property", name="findings", value=str(findings))
    counts = {"tests": str(len(results)), "failures": str(failed), "errors": str(errored), "skipped": "0",
              "time": "0"}
    suite.attrib.update(counts)
    root = ET.Element("testsuites", name=SUITE, tests=counts["tests"], failures=counts["failures"],
                      errors=counts["errors"], time="0")
    root.append(suite)
    return root


def render(results: Sequence[FileResult], info: RunInfo, out: TextIO) -> None:
    root = build(results, info)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
