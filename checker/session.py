"""What an audit applies to every report: settings (configuration file + flags), the active rules, and the
fingerprint the cache keys on.

The same steps as `fzlint check` (checker.gate.settings_for / rules_for), from the layer below the command
line. The configured `organ` is left out: an audit covers many organs, so "the title names our organ" would
be wrong for all but one of them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any



@dataclass(frozen=True, slots=True)
class Setup:
    settings: Any                    # checker.config.Settings
    packs: tuple[Any, ...]           # the loaded checker.model.Pack values
    rules: tuple[Any, ...]           # the active rules
    fingerprint: str                 # changes whenever a result could change: fzlint, packs, settings, year


def settings_for(packs: Sequence[str], config: str | None, isolated: bool, report_year: int | None,
                 max_size: str | None, cwd: Path) -> Any:
    from ..config import discover, merge

    settings = discover(cwd, Path(config) if config else None, isolated)
    settings = merge(settings, packs=tuple(packs), report_year=report_year, max_size=max_size)
    return _without_organ(settings)


def _without_organ(settings: Any) -> Any:
    import dataclasses

    return dataclasses.replace(settings, organ=None) if settings.organ else settings


def prepare(packs: Sequence[str], config: str | None, isolated: bool, report_year: int | None,
            max_size: str | None, cwd: Path) -> Setup:
    """Raises CheckerError (a bad configuration file or pack) with the file named."""
    from ..config import select_rules, vocabulary_rule
    from ..packs import DEFAULT_PACK, resolve

    settings = settings_for(packs, config, isolated, report_year, max_size, cwd)
    loaded, rules = resolve([DEFAULT_PACK, *settings.packs])
    extra = [r for r in (vocabulary_rule(settings),) if r is not None]
    active = select_rules([*rules, *extra], settings)
    return Setup(settings, tuple(loaded), tuple(active), fingerprint(loaded, active, settings))


def fingerprint(packs: Sequence[Any], rules: Sequence[Any], settings: Any) -> str:
    """A digest of everything besides the file that decides its findings: the fzlint version, each pack
    file's bytes, the active rules and the settings (accepted words, per-file ignores, severities, reporting
    year). Code changed without a new version number is not seen: audit with --no-cache after such a change."""
    from .. import __version__

    h = hashlib.sha256(f"fzlint {__version__}\n".encode())
    for pack in packs:
        h.update(f"pack {pack.id} {pack.version} {pack.path}\n".encode())
        try:
            h.update(Path(pack.path).read_bytes())
        except OSError:
            pass
    for rule in rules:
        h.update(f"rule {rule.id} {rule.kind} {rule.severity.label} {rule.category} {rule.message}\n".encode())
    settings_key = repr(settings.__class__(**{**_fields(settings), "jobs": None,
                                               "fail_on": None, "exclude": ()}))
    h.update(settings_key.encode())
    return h.hexdigest()


def _fields(settings: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
