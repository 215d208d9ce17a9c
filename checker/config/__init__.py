"""Configuration: fzlint.yaml, .fzlint.yaml or pyproject.toml's [tool.fzlint], closest wins; flags override it.

One module a job, imported from where it lives. This file only names the fail-on levels, which the command line's
``--fail-on`` shares (it imports nothing, so ``fzlint --help`` pays for no more):

- ``discovery`` — ``Settings``; ``find_config``, ``load_config``, ``discover`` (closest wins), ``merge`` (flags);
- ``values`` — each key's value checked and normalised (``KEYS``, word lists);
- ``selection`` — what the settings do to rules and findings: ``select_rules``, ``ignored_for_path``,
  ``excluded``, ``accepted``;
- ``template`` — ``fzlint init``'s commented starter file and the configuration's JSON Schema.

values ← discovery ← template, and selection takes a Settings: no module here imports the packs or the CLI.
"""

FAIL_ON = ("error", "warning", "info", "never")     # --fail-on / fail-on: a severity, or never
