"""Digits as people's keyboards type them: an Arabic keyboard types ٢٥٨٠ for 2580, a Persian one
۲۵۸۰. Numbers (a PIN, a phone number, a personnummer) are checked and kept in 0-9."""

from __future__ import annotations

import unicodedata


def western_digits(text: str) -> str:
    """Every decimal digit of any script as 0-9; everything else as it was."""
    return "".join(
        str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None else c
        for c in text
    )
