"""How a text is said, where that differs from how it is written.

A listener who cannot read learns the emergency number by ear: espeak-ng says "112" as
"etthundratolv" and "8–17" as "åtta sjutton". Swedes say "ett ett två", "elva sjuttiosju",
"åtta till sjutton", and read a phone number's area code digit by digit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
    return spoken_with_origins(text, lang)[0]


def spoken_with_origins(text: str, lang: str) -> tuple[str, list[int]]:
    """The spoken form of `text`, and for each of its characters the place in `text` it comes
    from, so that a word the voice says can be found among the words shown.

    Inside a number said differently, each digit said points at that digit shown ("0 1 9, 10"
    from "019-10"); a word put in ("till" in "8 till 17") points at the character after the last
    digit before it.
    """
    origins = list(range(len(text)))
    text, origins = _substitute(_PHONE, _phone, text, origins)
    text, origins = _substitute(
        _SERVICE, lambda m: SERVICE_NUMBERS[m.group(1)].get(lang, m.group(1)), text, origins
    )
    word = RANGE_WORD.get(lang)
    if word:
        text, origins = _substitute(_RANGE, lambda m: f"{m.group(1)} {word} {m.group(2)}", text, origins)
    return _substitute(_TIME, lambda m: _time(m, lang), text, origins)


def _substitute(
    pattern: re.Pattern, replace: Callable[[re.Match], str], text: str, origins: list[int]
) -> tuple[str, list[int]]:
    """`pattern.sub(replace, text)`, carrying each character's origin along."""
    parts: list[str] = []
    new_origins: list[int] = []
    done = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        parts.append(text[done:start])
        new_origins.extend(origins[done:start])
        said = replace(match)
        parts.append(said)
        shown = match.group(0)
        cursor = 0  # the next shown character of the match a digit said may stand for
        for char in said:
            found = shown.find(char, cursor) if char.isdigit() else -1
            if found >= 0:
                cursor = found + 1
                new_origins.append(origins[start + found])
            else:
                new_origins.append(origins[start + min(cursor, len(shown) - 1)])
        done = end
    parts.append(text[done:])
    new_origins.extend(origins[done:])
    return "".join(parts), new_origins


# --- times of day --------------------------------------------------------------------------------
# espeak-ng says "9:05" as "nio noll fem" / "nine zero five" and an Arabic "14:20" as two numbers
# with nothing between. Said as people say a time: "nio och fem", "nine oh five",
# "الساعة 14 و 20 دقيقة" (the words around the digits are said by the voice of that language).
_TIME = re.compile(r"(?<![\d:])(?<!\d[.,])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d:]|[.,]\d)")


def _minutes_ar(minutes: int) -> str:
    # Arabic counts 3–10 with the plural, 1, 2 and 11 upwards with the singular.
    return f"{minutes} دقائق" if 3 <= minutes <= 10 else f"{minutes} دقيقة"


def _time(match: re.Match, lang: str) -> str:
    hour, minutes = int(match.group(1)), int(match.group(2))
    if lang == "sv":
        return f"{hour}" if minutes == 0 else f"{hour} och {minutes}"
    if lang == "en":
        if minutes == 0:
            return f"{hour} o'clock"
        return f"{hour} oh {minutes}" if minutes < 10 else f"{hour} {minutes}"
    if lang == "ar":
        return f"{hour}" if minutes == 0 else f"{hour} و {_minutes_ar(minutes)}"
    return match.group(0)


def times_as_words(text: str, lang: str) -> str:
    """Times of day ("14:20", "9.05") as the language says them."""
    return _TIME.sub(lambda m: _time(m, lang), text)


# --- texts in two languages ----------------------------------------------------------------------
# An Arabic page shows Swedish names, places and what staff wrote; a Swedish page can show what
# an Arabic-speaking helper wrote. The Arabic voice reads Latin letters as English, understood in
# neither language, so a block is split into runs by script and each run has its own voice.
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def script_of(ch: str) -> str | None:
    """ "arabic", "latin" for a letter of those scripts, None for digits, spaces, punctuation."""
    if _ARABIC_LETTER.match(ch):
        return "arabic" if ch.isalpha() or "\u064b" <= ch <= "\u065f" else None
    if ch.isalpha():
        return "latin"  # Latin, and any other non-Arabic letters (said with a Latin-script voice)
    return None


def latin_language(page_lang: str, known: str | None = None) -> str:
    """The language Latin-script text is said in on a page of `page_lang`: the page's own
    language when it is written in Latin letters, else the text's known language, else Swedish
    (the clinic's language: names, places, what staff wrote)."""
    if page_lang in ("sv", "en"):
        return page_lang
    return known if known in ("sv", "en") else "sv"


def language_runs(text: str, page_lang: str, known: str | None = None) -> list[tuple[str, str]]:
    """`text` cut into (language, text) runs by script: Arabic letters are Arabic, Latin letters
    are `latin_language`. Digits, spaces and punctuation stay with the run before them (at the
    start, with the first run), so "Anna Berg, 14:20" is one Swedish run. One run when the text
    is in one script."""
    latin = latin_language(page_lang, known)
    languages = {"arabic": "ar", "latin": latin}
    runs: list[list[str]] = []  # [language, text]
    pending = ""  # neutral characters before the first letter
    for ch in text:
        script = script_of(ch)
        if script is None:
            if runs:
                runs[-1][1] += ch
            else:
                pending += ch
            continue
        language = languages[script]
        if runs and runs[-1][0] == language:
            runs[-1][1] += ch
        elif runs:
            # Move spaces and opening punctuation that end the previous run to this one.
            previous = runs[-1][1]
            stripped = previous.rstrip(" (\"'«“")
            runs[-1][1] = stripped
            runs.append([language, previous[len(stripped) :] + ch])
        else:
            runs.append([language, pending + ch])
            pending = ""
    if not runs:
        return [(page_lang, text)] if text else []
    return [(language, part.strip()) for language, part in runs if part.strip()]


def pieces_runs(pieces: tuple[tuple[str, str], ...], page_lang: str) -> list[tuple[str, str]]:
    """Runs of a block made of pieces whose languages are known (a Swedish text on an English
    page: the same letters, so `language_runs` cannot tell them apart). Each (language, text)
    piece is cut by script as if on a page of its language ("" for the page's own), and runs of
    one language next to each other are joined by a space, as the pieces are shown."""
    runs: list[tuple[str, str]] = []
    for language, text in pieces:
        own = language or page_lang
        for run_lang, part in language_runs(text, own, own):
            if runs and runs[-1][0] == run_lang:
                runs[-1] = (run_lang, f"{runs[-1][1]} {part}")
            else:
                runs.append((run_lang, part))
    return runs
