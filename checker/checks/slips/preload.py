"""Imported by the audit's fork server when a `slips` rule is active (checker.audit.pool): rjieba's dictionary and
the slips tables load there once, before any worker is forked, and every worker starts with them (copy-on-write).
No worker pays the load inside a file's timeout, and an audit loads them once, not once per worker. Importing
this module is its whole purpose; nothing else imports it."""
from __future__ import annotations

from .data import load_data, tokens

load_data()
tokens("预热", 0, 2)
