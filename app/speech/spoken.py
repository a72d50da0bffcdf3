"""How a text is said, where that differs from how it is written.

A listener who cannot read learns the emergency number by ear: espeak-ng says "112" as
"etthundratolv" and "8–17" as "åtta sjutton". Swedes say "ett ett två", "elva sjuttiosju",
"åtta till sjutton", and read a phone number's area code digit by digit.
"""

from __future__ import annotations

import re

# Numbers people say in a fixed way, per language (digits with spaces are said one by one).
SERVICE_NUMBERS = {
    "112": {"sv": "1 1 2", "en": "1 1 2", "ar": "1 1 2"},
    "1177": {"sv": "11 77", "en": "1 1 7 7", "ar": "1 1 7 7"},
}
RANGE_WORD = {"sv": "till", "en": "to", "ar": "إلى"}

_PHONE = re.compile(r"(?<![\d\w])(\+46[\s-]?\d{1,3}|0\d{1,3})((?:[\s-]+\d{2,4}){1,4})(?![\d\w])")
_SERVICE = re.compile(r"(?<![\d\w-])(" + "|".join(SERVICE_NUMBERS) + r")(?![\d\w-])")
_RANGE = re.compile(r"(?<![\d:.\-–])(\d{1,2}(?:[:.]\d{2})?)\s*[–-]\s*(\d{1,2}(?:[:.]\d{2})?)(?![\d\-–])")


def _phone(match: re.Match) -> str:
    area = match.group(1).replace("+46", "+46 ").replace("-", " ")
    digits = " ".join(ch for ch in area if ch.isdigit() or ch == "+")
    groups = re.split(r"[\s-]+", match.group(2).strip(" -"))
    return ", ".join([digits, *groups])


def spoken_form(text: str, lang: str) -> str:
    """The text as the voice should say it in `lang` ("sv", "en", "ar")."""
    text = _PHONE.sub(_phone, text)
    text = _SERVICE.sub(lambda m: SERVICE_NUMBERS[m.group(1)].get(lang, m.group(1)), text)
    word = RANGE_WORD.get(lang)
    if word:
        text = _RANGE.sub(lambda m: f"{m.group(1)} {word} {m.group(2)}", text)
    return text
