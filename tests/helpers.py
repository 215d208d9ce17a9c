"""Paths and small helpers shared by the tests (tests/ is on sys.path under pytest's default import mode)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
EXAMPLES = ROOT / "examples"
