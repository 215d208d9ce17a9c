"""The package type-checks (STYLE.md: run mypy in CI)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from helpers import ROOT


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install '.[test]')")
def test_mypy_is_clean() -> None:
    pkg = ROOT / "checker"
    proc = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-error-summary", str(pkg)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
