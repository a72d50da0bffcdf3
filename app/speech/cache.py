"""The clip cache on disk: keys, registration files and MP3 paths.

Layout, sharded by the first two hex characters of the key:

    <cache dir>/ab/ab12….json   the registration: what to say, how, and for whom
    <cache dir>/ab/ab12….mp3    the audio, once it has been made

A key is an HMAC of everything that shapes the audio (and of its owner), so it can only be made
by the server, and a URL never carries the text itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")
# Part of every key: bump it when the audio format changes, and every clip is made anew.
FORMAT_VERSION = "mp3-40k-1"
_KNOWN_LIMIT = 100_000  # keys remembered per process before the memory is started afresh
# How long a process trusts its memory that a registration file exists; after this it looks
# again, touches the file (so prune sees the clip is still shown) or writes it anew if pruned.
_KNOWN_SECONDS = 300.0


@dataclass(frozen=True)
class Registration:
    """What a key stands for."""

    text: str
    lang: str
    voice: str
    rate: str
    wpm: int
    owner_id: str | None = None

    @property
    def private(self) -> bool:
        return self.owner_id is not None


def make_key(secret: str | bytes, registration: Registration) -> str:
    """The opaque key of a registration: HMAC-SHA256 with the app's secret, as hex."""
    secret_bytes = secret.encode() if isinstance(secret, str) else secret
    message = json.dumps(
        [FORMAT_VERSION, registration.voice, registration.rate, registration.wpm, registration.lang,
         registration.owner_id, registration.text],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hmac.new(secret_bytes, message.encode(), hashlib.sha256).hexdigest()


class ClipCache:
    """Registration files and MP3 files under one folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._known: dict[str, float] = {}
        self._lock = threading.Lock()

    def folder(self, key: str) -> Path:
        return self.root / key[:2]

    def registration_path(self, key: str) -> Path:
        return self.folder(key) / f"{key}.json"

    def audio_path(self, key: str) -> Path:
        return self.folder(key) / f"{key}.mp3"

    def has_audio(self, key: str) -> bool:
        return self.audio_path(key).is_file()

    def register(self, key: str, registration: Registration) -> None:
        """Write the registration file once; later calls cost a dictionary lookup."""
        now = time.monotonic()
        seen = self._known.get(key)
        if seen is not None and now - seen < _KNOWN_SECONDS:
            return
        path = self.registration_path(key)
        try:
            os.utime(path)  # "still shown": `flask speech prune` goes by this time
        except FileNotFoundError:
            _write_atomically(path, json.dumps(asdict(registration), ensure_ascii=False).encode())
        with self._lock:
            if len(self._known) >= _KNOWN_LIMIT:
                self._known.clear()
            self._known[key] = now

    def registration(self, key: str) -> Registration | None:
        """The registration of `key`, or None when the server never registered it."""
        if not KEY_PATTERN.fullmatch(key):
            return None
        try:
            data = json.loads(self.registration_path(key).read_bytes())
            return Registration(**data)
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def keys(self) -> Iterator[str]:
        """Every registered key."""
        for path in self.root.glob("??/*.json"):
            if KEY_PATTERN.fullmatch(path.stem):
                yield path.stem

    def remove(self, key: str) -> None:
        self.audio_path(key).unlink(missing_ok=True)
        self.registration_path(key).unlink(missing_ok=True)
        with self._lock:
            self._known.pop(key, None)

    def remove_stale_temporary_files(self, older_than: float) -> int:
        """Delete half-written files (a killed worker's WAV or MP3); returns how many."""
        cutoff = time.time() - older_than
        removed = 0
        for path in self.root.glob("??/.*.tmp"):
            if path.stat().st_mtime < cutoff:
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
