"""Swedish phone numbers as people write them: "070-123 45 67", "+46 70 123 45 67",
"019-10 20 30". Stored as digits with the leading 0 ("0701234567")."""

from __future__ import annotations

import re

from ..core.digits import western_digits

# An example number, isolated left to right (U+2066 … U+2069) so that it reads the same inside
# right-to-left Arabic text.
EXAMPLE = "\u2066070-123 45 67\u2069"

_SEPARATORS = re.compile(r"[\s\-–()./]")
_NATIONAL = re.compile(r"0[1-9]\d{6,8}")  # 8 to 10 digits with the 0


def normalize(text: str) -> str | None:
    """The number as national digits, or None if it is not a Swedish phone number."""
    digits = _SEPARATORS.sub("", western_digits(text or ""))
    if digits.startswith("+46"):
        digits = "0" + digits[3:]
    elif digits.startswith("0046"):
        digits = "0" + digits[4:]
    if digits.startswith("00"):
        return None
    return digits if _NATIONAL.fullmatch(digits) else None


def display(digits: str) -> str:
    """A mobile number grouped as Swedes write it (070-123 45 67); others as they are."""
    if len(digits) == 10 and digits.startswith("07"):
        return f"{digits[:3]}-{digits[3:6]} {digits[6:8]} {digits[8:]}"
    return digits
