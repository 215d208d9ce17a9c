"""`fzlint serve`: a web page for drafters who never open a terminal, on a laptop or an office intranet.

Optional extra (``pip install 'fzlint[serve]'``: Starlette on uvicorn, python-multipart), imported only when the
command runs, so ``fzlint --help`` and ``fzlint check`` pay nothing for it.

- ``command``: the click command (light: click only; the CLI registers it).
- ``setup``: configuration, packs and rules, resolved once at start, as ``fzlint check`` resolves them.
- ``work``: what a worker process does with one upload (check, page report, annotated copy, fixes, diff),
  entirely in memory; a temporary file only where a loader reads a path (.docx, .html, .pdf), deleted at once.
- ``pool``: the bounded pool of worker processes (``--jobs``), with the per-request time limit (``--timeout``):
  a worker past it is killed and replaced.
- ``upload``: reading a request body (multipart form or raw bytes) in memory, within the size limit.
- ``app``: the Starlette application: routes, the page, security headers, the optional token.
- ``server``: binding the socket, warnings, opening the browser, running uvicorn.
"""
from __future__ import annotations
