"""Read-aloud: the public API that templates, other blueprints and the CLI call.

    clip_url(text, lang="sv", rate="normal", owner_id=None, patient_id=None)
                                          → "/tal/<key>.mp3", or None
    available()                           → whether read-aloud works right now
    synthesise(key)                       → the MP3 file (made if needed)
    word_timings(key)                     → when each word shown starts in that MP3

Only the server registers texts (each page registers the texts it renders); the speech route
only says registered texts. There is no way to send a text to the engine from outside. Pages for
someone who is not signed in register fixed interface texts only (app/templating.py `clip`).
"""

from __future__ import annotations

import bisect
import ctypes.util
import json
import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, url_for
from flask_login import current_user

from .cache import KEY_PATTERN, ClipCache, Registration, make_key, parse_size
from .engine import SpeechEngine, SpeechError
from .spoken import language_runs, pieces_runs, spoken_form, spoken_with_origins

__all__ = [
    "RATES",
    "VOICES",
    "NoTimings",
    "SpeechError",
    "SpeechState",
    "UnknownClip",
    "WarmResult",
    "available",
    "cached_audio",
    "clip_key",
    "clip_url",
    "current_owner",
    "language_code",
    "library_found",
    "normalise",
    "registration",
    "setup",
    "state",
    "synthesise",
    "warm",
    "word_timings",
]

# espeak-ng voice of each page language (identifiers as `espeak-ng --voices` lists them).
VOICES: dict[str, str] = {"sv": "gmq/sv", "en": "gmw/en", "ar": "sem/ar"}
# Words per minute, calm on purpose (espeak-ng's default is 175). Measured in Swedish and English:
# about 3.5 syllables a second at "normal", 2.5 at "slow".
RATES: dict[str, int] = {"normal": 150, "slow": 110}
FAILURE_WINDOW = 60.0  # seconds a failed synthesis makes available() say no
_LIBRARY_RECHECK = 300.0  # seconds between looks for the espeak-ng library
_EXTENSION = "lotsen_speech"
_LANG_SPLIT = re.compile(r"[_-]")
_KEYS_LIMIT = 100_000  # asked texts remembered per process before the memory is started afresh
_UNKNOWN = object()


class UnknownClip(LookupError):
    """The key was never registered by this server (or is malformed)."""


@dataclass
class SpeechState:
    """The speech service of one app: its cache folder, its worker and its voices."""

    cache: ClipCache
    engine: SpeechEngine
    voices: dict[str, str]
    max_chars: int
    # What each asked text stands for, (key, registration) or None: a page asks for the same
    # texts again and again, and working a key out (runs, spoken form, HMAC) is the dear part.
    keys: dict[tuple, tuple[str, Registration] | None] = field(default_factory=dict)


def setup(app: Flask) -> SpeechState:
    """Build the service from the app's config (again, if called again) and attach it to the app."""
    root = app.config.get("SPEECH_CACHE_DIR") or Path(app.config["INSTANCE_DIR"]) / "speech-cache"
    env: dict[str, str] = {}
    if app.config.get("SPEECH_ESPEAK_DATA_PATH"):
        env["ESPEAK_DATA_PATH"] = str(app.config["SPEECH_ESPEAK_DATA_PATH"])
    try:
        max_bytes = parse_size(app.config.get("SPEECH_CACHE_MAX_SIZE") or "2 GB")
    except ValueError as error:
        raise RuntimeError(f"LOTSEN_SPEECH_CACHE_MAX_SIZE: {error}") from None
    speech_state = SpeechState(
        cache=ClipCache(Path(root), max_bytes=max_bytes),
        engine=SpeechEngine(timeout=float(app.config.get("SPEECH_TIMEOUT", 20)), env=env),
        voices=dict(app.config.get("SPEECH_VOICES") or VOICES),
        max_chars=int(app.config.get("SPEECH_MAX_CHARS", 10_000)),
    )
    app.extensions[_EXTENSION] = speech_state
    return speech_state


def state() -> SpeechState:
    """The speech service of the current app."""
    return current_app.extensions[_EXTENSION]


# --- texts and keys ------------------------------------------------------------------------------

_DIRECTION_MARKS = dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def normalise(text: str) -> str:
    """The text as it is spoken and keyed: direction marks and isolates dropped (they say
    nothing), whitespace collapsed, ends stripped."""
    return " ".join(str(text).translate(_DIRECTION_MARKS).split())


def language_code(lang: str) -> str:
    """ "sv", "sv_easy", "sv-x-easy", "SV" → "sv"."""
    return _LANG_SPLIT.split(str(lang).strip().lower(), maxsplit=1)[0]


def current_owner() -> str | None:
    """Who owns a private clip made for this page: the signed-in user; None for anyone else.

    Nobody else gets private clips: registering a text that is not a fixed interface text needs
    a signed-in user, so that visitors cannot fill the cache folder.
    """
    if has_request_context() and current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return None


def clip_key(
    text: str,
    *,
    lang: str,
    rate: str = "normal",
    owner_id: str | None = None,
    patient_id: str | None = None,
    known: str | None = None,
    pieces: tuple[tuple[str, str], ...] | None = None,
) -> str | None:
    """Register `text` for speech and return its key; None when there is nothing to say.

    `lang` is the page's language. Letters of another script are said with their own voice:
    Arabic letters with the Arabic voice, Latin letters on an Arabic page in `known` (the
    language the text is known to be written in, "sv" or "en"), else in Swedish. `pieces`, when
    given, are the text as (language, text) parts whose languages are known ("" for the page's):
    a Swedish text on an English page is said with the Swedish voice; `text` is then ignored.

    None also when the language has no voice or the text is longer than SPEECH_MAX_CHARS.
    `patient_id` (the public id of the patient a private clip is about) is part of the key.
    Needs an app context, not a request (so `flask speech warm` can use it).
    """
    service = state()
    if pieces is not None:
        pieces = tuple(
            (language_code(piece_lang) if piece_lang else "", normalise(part)) for piece_lang, part in pieces
        )
        pieces = tuple(piece for piece in pieces if piece[1])
        text = " ".join(part for _lang, part in pieces)
    asked = (str(text), lang, rate, owner_id, patient_id, known, pieces or None)
    found = service.keys.get(asked, _UNKNOWN)
    if found is _UNKNOWN:
        found = _registration(service, *asked)
        if len(service.keys) >= _KEYS_LIMIT:
            service.keys.clear()
        service.keys[asked] = found
    if found is None:
        return None
    key, entry = found
    return key if service.cache.register(key, entry) else None


def _registration(
    service: SpeechState,
    text: str,
    lang: str,
    rate: str,
    owner_id: str | None,
    patient_id: str | None,
    known: str | None,
    pieces: tuple[tuple[str, str], ...] | None = None,
) -> tuple[str, Registration] | None:
    """The key of a text and what it stands for (see `clip_key`), or None."""
    text = normalise(text)
    if not any(ch.isalnum() for ch in text):
        return None  # empty, or only punctuation: nothing to say
    language = language_code(lang)
    # A block in two scripts (a Swedish name on an Arabic page) is said in runs, each with the
    # voice of its language; each run as people say it in that language ("112", "14:20").
    shown = text
    if pieces and any(piece_lang not in ("", language) for piece_lang, _part in pieces):
        found = pieces_runs(pieces, language)
    else:
        pieces = None  # all in the page's language: as any text
        found = language_runs(text, language, known and language_code(known))
    runs = [(run_lang, spoken_form(part, run_lang)) for run_lang, part in found]
    text = " ".join(part for _lang, part in runs)
    voice = service.voices.get(language)
    if voice is None or len(text) > service.max_chars:
        return None
    spoken_runs = None
    if len(runs) > 1 or runs[0][0] != language:
        if any(service.voices.get(run_lang) is None for run_lang, _part in runs):
            return None
        spoken_runs = tuple((run_lang, service.voices[run_lang], part) for run_lang, part in runs)
    rate = rate if rate in RATES else "normal"
    entry = Registration(
        text=text,
        lang=language,
        voice=voice,
        rate=rate,
        wpm=RATES[rate],
        owner_id=owner_id,
        patient_id=patient_id if owner_id else None,
        runs=spoken_runs,
        shown=shown if shown != text else None,
        pieces=pieces,
    )
    return make_key(current_app.config["SECRET_KEY"], entry), entry


def clip_url(
    text: str,
    *,
    lang: str,
    rate: str = "normal",
    owner_id: str | None = None,
    patient_id: str | None = None,
    known: str | None = None,
    pieces: tuple[tuple[str, str], ...] | None = None,
) -> str | None:
    """The address of `text` read aloud, e.g. "/tal/3f…9a.mp3"; None for empty text.

    `owner_id` None makes a public clip (fixed interface texts: the same for everyone, cached by
    browsers and proxies); a user id makes a private clip that only that user can fetch, and with
    `patient_id` only while they may see that patient (each play is logged). The URL is opaque:
    it never carries the text. Registering is idempotent and cheap after the first time.
    """
    key = clip_key(
        text, lang=lang, rate=rate, owner_id=owner_id, patient_id=patient_id, known=known, pieces=pieces
    )
    if not key:
        return None
    if not has_request_context():
        return url_for("speech.clip", key=key)
    # A page has dozens of clips: the address is built once per request, then filled in.
    here = g._get_current_object()
    parts = here.get("_clip_address")
    if parts is None:
        parts = here._clip_address = url_for("speech.clip", key=_KEY_MARK).split(_KEY_MARK)
    return key.join(parts)


_KEY_MARK = "KEYMARK"  # not a key: keys are hexadecimal


def registration(key: str) -> Registration | None:
    """What a key stands for, or None when it is not registered."""
    if not KEY_PATTERN.fullmatch(key):
        return None
    return state().cache.registration(key)


def cached_audio(key: str) -> Path | None:
    """The MP3 of `key` when it has been made already."""
    if not KEY_PATTERN.fullmatch(key):
        return None
    path = state().cache.audio_path(key)
    return path if path.is_file() else None


# --- health and synthesis ------------------------------------------------------------------------

_library: tuple[float, bool] | None = None


def library_found() -> bool:
    """Whether the espeak-ng library is installed (looked for at most every five minutes)."""
    global _library
    now = time.monotonic()
    if _library is None or now - _library[0] > _LIBRARY_RECHECK:
        found = any(ctypes.util.find_library(name) for name in ("espeak-ng", "espeak"))
        _library = (now, found)
    return _library[1]


def available() -> bool:
    """Whether read-aloud works right now.

    True when the espeak-ng library can be found and no synthesis failed in the last minute
    (a later success clears a failure). Cheap, and it never starts a synthesis.
    """
    return library_found() and not state().engine.recent_failure(FAILURE_WINDOW)


def synthesise(key: str) -> Path:
    """The MP3 file of a registered key, made now if it is not in the cache.

    Raises UnknownClip for a key the server never registered, SpeechError when synthesis fails.
    """
    if not KEY_PATTERN.fullmatch(key):
        raise UnknownClip(key)
    service = state()
    path = service.cache.audio_path(key)
    if path.is_file():
        return path
    entry = service.cache.registration(key)
    if entry is None:
        raise UnknownClip(key)
    _make(service.engine, service.cache, key, entry)
    return path


def _make(engine: SpeechEngine, cache: ClipCache, key: str, entry: Registration) -> None:
    """Have `engine` say the clip into the cache: its MP3 and its word timings. Made once when
    processes or instances sharing the folder ask for it at the same time (cache.making)."""
    started = time.monotonic()
    try:
        with cache.making(key, timeout=2 * engine.timeout) as needed:  # its wait and its work
            if not needed:
                return
            engine.synthesise(
                text=entry.text,
                voice=entry.voice,
                wpm=entry.wpm,
                path=cache.audio_path(key),
                words_path=cache.words_path(key),
                runs=entry.voice_runs,
            )
    except TimeoutError as waited:
        raise SpeechError(str(waited)) from None
    if has_request_context():
        current_app.logger.info(
            "read-aloud clip %s made in %.0f ms", key, 1000 * (time.monotonic() - started)
        )
    _wrote(cache, key)


def _wrote(cache: ClipCache, key: str) -> None:
    """Count a new clip against the size cap (which may remove the oldest clips)."""
    size = 0
    for path in (cache.audio_path(key), cache.words_path(key)):
        try:
            size += path.stat().st_size
        except FileNotFoundError:
            pass
    cache.wrote(size)


# --- word timings --------------------------------------------------------------------------------


class NoTimings(LookupError):
    """The clip has audio but no word timings, and they cannot be made now (the folder cannot
    be written): it plays, only without the words being followed."""


def word_timings(key: str) -> dict:
    """When each word of the clip starts, as the page shows the words.

        {"seconds": 3.2, "words": ["Hej", "Maja!", …], "times": [[0.0, 0], [0.266, 1], …]}

    `words` are the words of the text shown (split at white space, as a reader sees words);
    each of `times` is [start in seconds, index into `words`], in the order said. A word shown
    that is said as several (a number said digit by digit) starts once, at its first part.

    The timings are the ones espeak-ng reported while it made the MP3 now in the cache (they are
    written together), so a clip at another speed has its own. A clip made before timings
    existed is made again, both files. Raises UnknownClip, SpeechError, or NoTimings.
    """
    if not KEY_PATTERN.fullmatch(key):
        raise UnknownClip(key)
    service = state()
    entry = service.cache.registration(key)
    if entry is None:
        raise UnknownClip(key)
    words_path = service.cache.words_path(key)
    raw = _read_words(words_path)
    if raw is None or not service.cache.has_audio(key):
        folder = service.cache.folder(key)
        if folder.exists() and not os.access(folder, os.W_OK):
            # A read-only folder holding clips from before: they play, without their words.
            # Not tried: a failed write would make read-aloud look broken for a minute.
            raise NoTimings(key)
        if raw is None and words_path.is_file():
            words_path.unlink(missing_ok=True)  # unreadable (written whole, by a rename): anew
        _make(service.engine, service.cache, key, entry)
        raw = _read_words(words_path)
        if raw is None:
            raise NoTimings(key)
    return _shown_timings(entry, raw)


def _read_words(path: Path) -> dict | None:
    try:
        raw = json.loads(path.read_bytes())
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("version") != 1:
        return None
    return raw


def _origins(entry: Registration, shown: str) -> list[int]:
    """For each character of the text said, the place in `shown` it comes from: the text is
    cut into runs by script as when it was registered (`clip_key`), each run said in the
    language the registration gives it, and the runs joined by a space."""
    found = pieces_runs(entry.pieces, entry.lang) if entry.pieces else language_runs(shown, entry.lang)
    parts = [part for _lang, part in found]
    languages = [lang for lang, _voice, _text in entry.runs] if entry.runs else [entry.lang] * len(parts)
    said, origins, cursor = "", [], 0
    for part, lang in zip(parts, languages, strict=False):
        at = shown.find(part, cursor)
        if at < 0:
            break
        spoken, part_origins = spoken_with_origins(part, lang)
        if said:
            said += " "
            origins.append(at)
        said += spoken
        origins += [at + origin for origin in part_origins]
        cursor = at + len(part)
    if said != entry.text or len(parts) != len(languages):  # the rules changed since
        return list(range(len(entry.text)))
    return origins


def _shown_timings(entry: Registration, raw: dict) -> dict:
    """Espeak-ng's words (places in the text said) as indexes of the words shown."""
    shown = entry.shown if entry.shown is not None else entry.text
    origins = _origins(entry, shown)
    words, starts = [], []
    for found in re.finditer(r"\S+", shown):
        words.append(found.group(0))
        starts.append(found.start())
    times: list[list[float | int]] = []
    for seconds, at, _length in raw.get("words", []):
        if not words or not 0 <= at < len(origins):
            continue
        index = max(0, bisect.bisect_right(starts, origins[at]) - 1)
        if times and index <= times[-1][1]:
            continue  # a later part of the same word shown ("1 1 2" of "112"), or back again
        times.append([seconds, index])
    return {"seconds": raw.get("seconds"), "words": words, "times": times}


# --- warming the cache ---------------------------------------------------------------------------


@dataclass
class WarmResult:
    """What `warm` did."""

    made: int = 0
    cached: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    gave_up: bool = False


def warm(
    pairs: Iterable[tuple[str, str]],
    rates: Iterable[str],
    *,
    jobs: int = 1,
    give_up_after: int = 5,
    progress: Callable[[int, int], None] | None = None,
) -> WarmResult:
    """Make the public clip of every (language, text) at every rate, skipping cached ones.

    `jobs` workers run side by side (MP3 encoding, not espeak-ng, takes most of the time, so
    this scales with the cores). Stops after `give_up_after` failures in a row: then read-aloud
    is broken, not one text. `progress(done, total)` is called as clips are finished.
    """
    started = time.monotonic()
    result = WarmResult()
    speech = state()
    todo: dict[str, None] = {}  # ordered, without repeats
    for lang, text in pairs:
        for rate in rates:
            key = clip_key(text, lang=lang, rate=rate)
            if key is None:
                continue
            if cached_audio(key) is not None and speech.cache.words_path(key).is_file():
                result.cached += 1
            else:
                todo[key] = None

    engines = [speech.engine] + [
        SpeechEngine(timeout=speech.engine.timeout, env=speech.engine.env) for _ in range(max(1, jobs) - 1)
    ]
    idle: queue.SimpleQueue[SpeechEngine] = queue.SimpleQueue()
    for engine in engines:
        idle.put(engine)
    stop = threading.Event()

    def make(key: str) -> bool:
        if stop.is_set():
            return False
        entry = speech.cache.registration(key)
        if entry is None:
            raise SpeechError(f"registration of {key} disappeared")
        engine = idle.get()
        try:
            _make(engine, speech.cache, key, entry)
        finally:
            idle.put(engine)
        return True

    in_a_row = 0
    try:
        with ThreadPoolExecutor(max_workers=len(engines), thread_name_prefix="speech-warm") as pool:
            futures = {pool.submit(make, key): key for key in todo}
            for done, future in enumerate(as_completed(futures), start=1):
                try:
                    if future.result():
                        result.made += 1
                        in_a_row = 0
                except SpeechError as error:
                    entry = speech.cache.registration(futures[future])
                    what = f"{entry.lang} {entry.text[:40]!r}" if entry else futures[future]
                    result.failed += 1
                    result.errors.append(f"{what}: {error}")
                    in_a_row += 1
                    if in_a_row >= give_up_after:
                        result.gave_up = True
                        stop.set()
                if progress is not None:
                    progress(result.cached + done, result.cached + len(todo))
    finally:
        for engine in engines[1:]:
            engine.stop()
    result.seconds = time.monotonic() - started
    return result
