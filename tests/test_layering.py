"""Layering (STYLE.md): model ← text ← load/body/outline ← checks ← engine ← report ← cli.
A lower layer never imports a higher one; report never imports checks or packs."""
from __future__ import annotations

import ast
from pathlib import Path

import checker

PKG = Path(checker.__file__).parent
LAYER = {"model": 0, "errors": 0, "readers": 1, "text": 1, "load": 2, "body": 2, "outline": 2, "checks": 3, "schema": 3,
         "packs": 4, "engine": 4, "suppress": 4, "selftest": 5, "runner": 5, "baseline": 5, "config": 5,
         "config_values": 5, "config_rules": 5, "config_init": 5, "report": 6, "gate": 7, "cli": 7, "__init__": 7,
         "__main__": 7, "docx_edit": 2, "docx_sample": 2, "fix": 6, "annotate": 6, "audit": 6, "cli_audit": 7, "cli_fix": 7}


def _imports(path: Path) -> set[str]:
    out = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PKG).parts
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(rel[:-1])[: len(rel) - node.level] if node.level > 1 else list(rel[:-1])
            target = (base + (node.module.split(".") if node.module else []))
            if target:
                out.add(target[0])
            elif node.module is None:
                out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("checker."):
            out.add(node.module.split(".")[1])
    return out


def test_no_module_imports_a_higher_layer() -> None:
    bad = []
    for path in PKG.rglob("*.py"):
        own = path.relative_to(PKG).parts[0].removesuffix(".py")
        for target in _imports(path):
            if target in LAYER and own in LAYER and LAYER[target] > LAYER[own]:
                bad.append(f"{path.relative_to(PKG)} imports {target}")
    assert not bad, bad


def test_report_knows_nothing_of_rules() -> None:
    for path in (PKG / "report").glob("*.py"):
        assert not ({"checks", "packs", "engine"} & _imports(path)), path.name
