"""The one error a service raises when a rule refuses a change."""

from __future__ import annotations


class RuleError(Exception):
    """A service refused a change; `message` is shown, at the form field `field` if one is named."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
