"""The clip cache on disk: keys, registration files and MP3 paths.

Layout, sharded by the first two hex characters of the key:

    <cache dir>/ab/ab12….json   the registration: what to say, how, and for whom
    <cache dir>/ab/ab12….mp3    the audio, once it has been made
    <cache dir>/ab/ab12….words.json   when each word starts in that audio (made with it)

A key is an HMAC of everything that shapes the audio, and of whom a private clip is for (its
owner, and the patient whose page it was made on), so it can only be made by the server, a URL
never carries the text itself, and a clip made for one patient is never another patient's.

Several processes, and several instances, may share the folder: a clip asked for in two of them
at once is made once (the other waits on its lock file, `.<key>.lock`, and then serves that one),
and every file appears whole, by a rename.

The folder has a size cap: each process counts the bytes it writes, and after a share of the cap
(1/50) it totals the folder once and removes the clips shown longest ago, every file of each,
until the folder is under nine tenths of the cap. No request scans the disk otherwise.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

_log = logging.getLogger(__name__)
KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")
# Part of every key: bump it when the audio format changes, and every clip is made anew.
FORMAT_VERSION = "mp3-40k-1"
_KNOWN_LIMIT = 100_000  # keys remembered per process before the memory is started afresh
# How long a process trusts its memory that a registration file exists; after this it looks
# again, touches the file (so prune sees the clip is still shown) or writes it anew if pruned.
_KNOWN_SECONDS = 300.0
# When the folder is over its cap, clips are removed until it is under this share of the cap, so
# that the next few writes do not start another round at once.
TRIM_TO = 0.9
# Each process totals the folder again after writing this share of the cap.
CHECK_EVERY = 1 / 50
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKMGT]i?B|B)?\s*$")
_UNITS = {
    "B": 1,
    "kB": 1000,
    "KB": 1000,
    "MB": 1000**2,
    "GB": 1000**3,
    "TB": 1000**4,
    "KiB": 1024,
    "kiB": 1024,
    "MiB": 1024**2,
    "GiB": 1024**3,
    "TiB": 1024**4,
}


def parse_size(value: str | int) -> int:
    """Bytes from "2 GB", "500 MB", "1.5GiB", "40 kB" or a plain number of bytes."""
    if isinstance(value, int):
        return value
    match = _SIZE.fullmatch(str(value))
    if not match or (match.group(2) or "B") not in _UNITS:
        raise ValueError(f'not a size: {value!r} (write it as, say, "2 GB" or "500 MB")')
    return int(float(match.group(1)) * _UNITS[match.group(2) or "B"])


@dataclass(frozen=True)
class Registration:
    """What a key stands for."""

    text: str
    lang: str
    voice: str
    rate: str
    wpm: int
    owner_id: str | None = None
    # The public id of the patient whose page the private clip was made on: each request for it
    # is checked against the listener's right to see that patient, and logged as a read.
    patient_id: str | None = None
    # A text in two languages, as (language, voice, text) runs said one after the other with
    # their own voices into one clip; None when the whole text is said with `voice`.
    runs: tuple[tuple[str, str, str], ...] | None = None
    # The text as the page shows it, where it differs from the text said (`text`: "112" is said
    # "1 1 2"): the word timings point at the words shown.
    shown: str | None = None
    # A text of (language, text) pieces whose languages were known (a Swedish text on an English
    # page), "" for the page's: the runs were cut piece by piece, and the word timings are too.
    pieces: tuple[tuple[str, str], ...] | None = None

    def __post_init__(self) -> None:
        if self.runs is not None:  # read back from JSON as lists
            object.__setattr__(self, "runs", tuple(tuple(run) for run in self.runs))
        if self.pieces is not None:
            object.__setattr__(self, "pieces", tuple(tuple(piece) for piece in self.pieces))

    @property
    def private(self) -> bool:
        return self.owner_id is not None

    @property
    def voice_runs(self) -> list[tuple[str, str]] | None:
        """The (text, voice) pairs the engine says in turn, or None for one voice."""
        return [(text, voice) for _lang, voice, text in self.runs] if self.runs else None


def make_key(secret: str | bytes, registration: Registration) -> str:
    """The opaque key of a registration: HMAC-SHA256 with the app's secret, as hex."""
    secret_bytes = secret.encode() if isinstance(secret, str) else secret
    parts: list[object] = [
        FORMAT_VERSION,
        registration.voice,
        registration.rate,
        registration.wpm,
        registration.lang,
        registration.owner_id,
        registration.text,
    ]
    if registration.private:
        # Private keys name the patient (or none) too: a clip is only ever one patient's, and
        # keys from before clips were tied to a patient are never made again.
        parts.append(["patient", registration.patient_id])
    if registration.runs:
        # Only then: the keys of texts in one language stay what they were.
        parts.append(["runs", [list(run) for run in registration.runs]])
    if registration.pieces:
        parts.append(["pieces", [list(piece) for piece in registration.pieces]])
    if registration.shown is not None:
        # Two texts shown differently but said alike ("112", "1 1 2") are two clips, each with
        # timings for its own words; a text said as it is shown keeps the key it always had.
        parts.append(["shown", registration.shown])
    message = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret_bytes, message.encode(), hashlib.sha256).hexdigest()


@dataclass
class CacheStats:
    """Counters since this cache object was made (per web process)."""

    scans: int = 0  # times the folder was totalled
    evicted: int = 0  # clips removed to stay under the cap


@dataclass
class Usage:
    """What the folder holds: files and bytes, and what a trim removed."""

    files: int = 0
    bytes: int = 0
    clips: int = 0
    removed: int = 0
    removed_bytes: int = 0
    removed_keys: list[str] = field(default_factory=list)


class ClipCache:
    """Registration files and MP3 files under one folder, at most `max_bytes` of them."""

    def __init__(self, root: Path, max_bytes: int | None = None) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._known: dict[str, float] = {}
        self._lock = threading.Lock()
        self._trim_lock = threading.Lock()
        self._warned_at = -60.0  # when `_warn` last logged
        # Bytes written by this process since it last totalled the folder. It starts as if a
        # whole share had been written, so a new process looks once, at its first write.
        self._unchecked = self._check_every

    def folder(self, key: str) -> Path:
        return self.root / key[:2]

    def registration_path(self, key: str) -> Path:
        return self.folder(key) / f"{key}.json"

    def audio_path(self, key: str) -> Path:
        return self.folder(key) / f"{key}.mp3"

    def words_path(self, key: str) -> Path:
        """The word timings of the clip, written by the worker with its MP3."""
        return self.folder(key) / f"{key}.words.json"

    def has_audio(self, key: str) -> bool:
        return self.audio_path(key).is_file()

    @contextlib.contextmanager
    def making(self, key: str, timeout: float) -> Iterator[bool]:
        """Hold the clip's lock, shared by every process using this folder, while it is made;
        yields whether it is still to be made (False: another process made it meanwhile).
        TimeoutError when another process held it for `timeout` seconds."""
        folder = self.folder(key)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock_path = folder / f".{key}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"clip {key} was being made for {timeout:g} s") from None
                    time.sleep(0.05)
            try:
                yield not (self.has_audio(key) and self.words_path(key).is_file())
            finally:
                # Gone once the clip is there (a process waiting on it then finds the clip made);
                # the lock is let go as the file is closed.
                lock_path.unlink(missing_ok=True)
        finally:
            os.close(fd)

    def register(self, key: str, registration: Registration) -> bool:
        """Write the registration file once; later calls cost a dictionary lookup. False when
        the folder cannot be written (full, read-only): the text then has no clip, and the page
        is shown without it."""
        now = time.monotonic()
        seen = self._known.get(key)
        if seen is not None and now - seen < _KNOWN_SECONDS:
            return True
        path = self.registration_path(key)
        try:
            os.utime(path)  # "still shown": `flask speech prune` goes by this time
        except FileNotFoundError:
            fields = asdict(registration)
            for name in ("runs", "shown", "pieces"):
                if fields[name] is None:
                    del fields[name]  # a text in one language, said as shown: as it always was
            data = json.dumps(fields, ensure_ascii=False).encode()
            try:
                _write_atomically(path, data)
            except OSError as problem:
                self._warn("cannot register a clip", problem)
                return False
            self.wrote(len(data))
        except OSError as problem:  # a read-only folder: the clip is there, only not touched
            self._warn("cannot touch a clip", problem)
        with self._lock:
            if len(self._known) >= _KNOWN_LIMIT:
                self._known.clear()
            self._known[key] = now
        return True

    def _warn(self, what: str, problem: OSError) -> None:
        """Say in the log that the folder cannot be written, at most once a minute."""
        now = time.monotonic()
        if now - self._warned_at >= 60:
            self._warned_at = now
            _log.warning("speech cache %s: %s: %s", self.root, what, problem)

    def registration(self, key: str) -> Registration | None:
        """The registration of `key`, or None when the server never registered it."""
        if not KEY_PATTERN.fullmatch(key):
            return None
        try:
            data = json.loads(self.registration_path(key).read_bytes())
            entry = Registration(**data)
        except (FileNotFoundError, ValueError, TypeError):
            return None
        if entry.private and "patient_id" not in data:
            return None  # made before private clips were tied to a patient: never served
        return entry

    def keys(self) -> Iterator[str]:
        """Every registered key."""
        for path in self.root.glob("??/*.json"):
            if KEY_PATTERN.fullmatch(path.stem):
                yield path.stem

    def remove(self, key: str) -> None:
        self.audio_path(key).unlink(missing_ok=True)
        self.words_path(key).unlink(missing_ok=True)
        self.registration_path(key).unlink(missing_ok=True)
        with self._lock:
            self._known.pop(key, None)

    # --- the size cap --------------------------------------------------------------------------

    @property
    def _check_every(self) -> int:
        return max(1, int(self.max_bytes * CHECK_EVERY)) if self.max_bytes else 0

    def wrote(self, size: int) -> None:
        """Count `size` bytes written by this process; past a share of the cap, trim the folder."""
        if not self.max_bytes:
            return
        with self._lock:
            self._unchecked += size
            due = self._unchecked >= self._check_every
        if due:
            try:
                self.trim()
            except OSError as problem:  # a clip that cannot be removed: the page goes on
                self._warn("cannot trim the folder", problem)

    def trim(self) -> Usage | None:
        """Total the folder and, when it is over the cap, remove the clips shown longest ago.

        A clip is its registration, its MP3 and its word timings; its age is the newest time of
        any of them (a page that shows it touches the registration). None when another thread
        is trimming already.
        """
        if not self._trim_lock.acquire(blocking=False):
            return None
        try:
            with self._lock:
                self._unchecked = 0
            usage, clips = self._scan()
            if self.max_bytes and usage.bytes > self.max_bytes:
                goal = int(self.max_bytes * TRIM_TO)
                for _used, key, size in sorted(clips):
                    if usage.bytes <= goal:
                        break
                    self.remove(key)
                    usage.bytes -= size
                    usage.removed += 1
                    usage.removed_bytes += size
                    usage.removed_keys.append(key)
                usage.clips -= usage.removed
                self.stats.evicted += usage.removed
            return usage
        finally:
            self._trim_lock.release()

    def usage(self) -> Usage:
        """How many clips, files and bytes the folder holds (reads every file's size)."""
        return self._scan()[0]

    def _scan(self) -> tuple[Usage, list[tuple[float, str, int]]]:
        self.stats.scans += 1
        usage = Usage()
        groups: dict[str, list[float | int]] = {}  # key -> [newest mtime, bytes]
        try:
            shards = [entry for entry in os.scandir(self.root) if entry.is_dir()]
        except FileNotFoundError:
            return usage, []
        for shard in shards:
            try:
                entries = list(os.scandir(shard.path))
            except FileNotFoundError:
                continue
            for entry in entries:
                try:
                    stat = entry.stat()
                except FileNotFoundError:
                    continue  # removed meanwhile
                usage.files += 1
                usage.bytes += stat.st_size
                key = entry.name.split(".", 1)[0]
                if KEY_PATTERN.fullmatch(key):  # not the half-written files (".key….tmp")
                    group = groups.setdefault(key, [0.0, 0])
                    group[0] = max(group[0], stat.st_mtime)
                    group[1] += stat.st_size
        usage.clips = len(groups)
        return usage, [(used, key, size) for key, (used, size) in groups.items()]

    def remove_stale_temporary_files(self, older_than: float) -> int:
        """Delete half-written files (a killed worker's WAV or MP3) and the lock files of killed
        web processes (`making`); returns how many."""
        cutoff = time.time() - older_than
        removed = 0
        for path in [*self.root.glob("??/.*.tmp"), *self.root.glob("??/.*.lock")]:
            try:
                stale = path.stat().st_mtime < cutoff
            except FileNotFoundError:
                continue  # renamed or let go meanwhile
            if stale:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _write_atomically(path: Path, data: bytes) -> None:
    # Private clips hold what a person wrote: the folders and files are for this server only.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
