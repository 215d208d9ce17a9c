"""Every error type fzlint raises. The ones users see carry what went wrong in Chinese and the file (and rule,
field or key) it concerns; ParamError is raised by a kind's Params and becomes a PackError naming the pack."""
from __future__ import annotations

MAX_MESSAGE = 2000      # characters: a message quoting a hostile value is cut, never megabytes long


class CheckerError(Exception):
    """Base of every error fzlint reports to a user (exit code 2, never a traceback)."""

    def __init__(self, message: str, path: str | None = None) -> None:
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "……（消息过长，已截断）"
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}：{self.message}" if self.path else self.message


class InputError(CheckerError):
    """An input file that cannot be read as a report."""


class TransientInputError(InputError):
    """An input that could not be read this time for a reason outside the file (LibreOffice missing, a
    conversion past its time limit): the same content may be read another time, so no cache keeps the answer."""


class PackError(CheckerError):
    """A rule pack that cannot be used; names the file, the rule id and the field."""

    def __init__(self, message: str, path: str | None = None, rule_id: str | None = None,
                 field: str | None = None) -> None:
        super().__init__(message, path)
        self.rule_id = rule_id
        self.field = field

    def __str__(self) -> str:
        where = [self.path or "规则包"]
        if self.rule_id:
            where.append(f"规则 {self.rule_id}")
        if self.field:
            where.append(f"字段 {self.field}")
        return "，".join(where) + "：" + self.message


class ConfigError(CheckerError):
    """A configuration file or option that cannot be used; names the file and the key."""

    def __init__(self, message: str, path: str | None = None, key: str | None = None) -> None:
        super().__init__(message, path)
        self.key = key

    def __str__(self) -> str:
        where = [self.path or "配置"]
        if self.key:
            where.append(f"键 {self.key}")
        return "，".join(where) + "：" + self.message


class ParamError(ValueError):
    """A rule parameter that cannot work; names the field (checker.packs turns it into a PackError)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
