"""Configuration: fzlint.yaml, .fzlint.yaml or pyproject.toml's [tool.fzlint], closest wins; flags override it.

One module a job, imported from where it lives (this file imports nothing, so ``fzlint --help`` pays for none of it):

- ``discovery`` — ``Settings``; ``find_config``, ``load_config``, ``discover`` (closest wins), ``merge`` (flags);
- ``values`` — each key's value checked and normalised (``KEYS``, ``FAIL_ON``, word lists);
- ``selection`` — what the settings do to rules and findings: ``select_rules``, ``ignored_for_path``,
  ``excluded``, ``accepted``;
- ``template`` — ``fzlint init``'s commented starter file and the configuration's JSON Schema.

values ← discovery ← template, and selection takes a Settings: no module here imports the packs or the CLI.
"""
