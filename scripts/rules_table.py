"""Print the README's table of packs and rules from the built-in packs (python scripts/rules_table.py).
tests/test_readme.py checks that the README lists every rule with its current severity. The fix column
marks the rules `fzlint fix` may fix (`fix: replace` in the pack)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.packs import resolve  # noqa: E402


def short(reference: str) -> str:
    head = reference.split("：")[0]
    return head if len(head) <= 60 else head[:58] + "…"


def main() -> None:
    packs, rules = resolve(["default"])
    active = {r.id for r in rules}
    for pack in packs:
        if not pack.rules:
            continue
        print(f"\n**`{pack.id}`** — {pack.title}\n")
        print("| rule | severity | fix | checks | reference |")
        print("|---|---|---|---|---|")
        for r in pack.rules:
            if r.id in active:
                print(f"| `{r.id}` | {r.severity.label} | {'✓' if r.fix else ''} | {r.title} | {short(r.reference)} |")


if __name__ == "__main__":
    main()
