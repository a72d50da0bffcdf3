"""Swedish personnummer and samordningsnummer: parsing, the check digit, masking."""

from __future__ import annotations

import re
from datetime import date

from .core.digits import western_digits

_PATTERN = re.compile(r"^([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{3})([0-9])$")


class InvalidPersonnummer(ValueError):
    pass


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for i, ch in enumerate(nine_digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def normalize(value: str, today: date | None = None) -> str:
    """Return the 12-digit form YYYYMMDDNNNC, or raise InvalidPersonnummer.

    Accepts YYMMDD-NNNC, YYMMDD+NNNC (100 years or older), YYYYMMDDNNNC and YYYYMMDD-NNNC,
    with spaces ignored and digits in any script (an Arabic keyboard's ١٩٩٠…). Samordningsnummer
    (day + 60) are accepted.
    """
    today = today or date.today()
    match = _PATTERN.match(re.sub(r"\s", "", western_digits(value or "")))
    if not match:
        raise InvalidPersonnummer("format")
    century, yy, mm, dd, sep, serial, check = match.groups()
    if luhn_check_digit(yy + mm + dd + serial) != int(check):
        raise InvalidPersonnummer("check digit")
    if century is None:
        year = 2000 + int(yy)
        if year > today.year:
            year -= 100
        if sep == "+":
            year -= 100
    else:
        year = int(century + yy)
    day = int(dd) - 60 if int(dd) > 60 else int(dd)
    try:
        born = date(year, int(mm), day)
    except ValueError as exc:
        raise InvalidPersonnummer("date") from exc
    if born > today:
        raise InvalidPersonnummer("future")
    return f"{year:04d}{mm}{dd}{serial}{check}"


def mask(twelve: str) -> str:
    return f"{twelve[:8]}-****"


def formatted(twelve: str) -> str:
    return f"{twelve[:8]}-{twelve[8:]}"


def is_woman(twelve: str) -> bool:
    """What the number says: the second last digit is even for a woman, odd for a man. A number
    that is not 12 digits says nothing (False)."""
    digits = re.sub(r"\D", "", twelve or "")
    return len(digits) == 12 and int(digits[10]) % 2 == 0
