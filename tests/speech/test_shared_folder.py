"""Several processes and instances share one cache folder: a clip asked for in two of them at
once is made once, and the other serves that one (scripts/load --instances 2 asks it for real)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from app.speech import service
from app.speech.cache import ClipCache, Registration

# Speech and its cache folder, not the database: run in the SQLite pass only (pyproject.toml).
pytestmark = pytest.mark.one_database


class SlowEngine:
    """Writes the clip's two files after a while, as the worker does, and counts its work."""

    def __init__(self, timeout: float = 5.0, seconds: float = 0.3) -> None:
        self.timeout, self.seconds, self.made = timeout, seconds, 0

    def synthesise(self, *, text, voice, wpm, path, words_path, runs=None) -> None:
        self.made += 1
        time.sleep(self.seconds)
        words_path.write_text('{"version": 1}')
        path.write_bytes(b"ID3" + text.encode())


ENTRY = Registration(text="Välkommen till Lotsen.", lang="sv", voice="gmq/sv", rate="normal", wpm=150)
KEY = "ab" + "0" * 62


def test_a_clip_asked_for_in_two_processes_at_once_is_made_once(tmp_path):
    # Each "process" has its own cache object (its own open lock file) and its own engine.
    makers = [(ClipCache(tmp_path), SlowEngine()) for _ in range(4)]
    start = threading.Barrier(len(makers))

    def ask(cache, engine):
        start.wait()
        service._make(engine, cache, KEY, ENTRY)

    threads = [threading.Thread(target=ask, args=maker) for maker in makers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(engine.made for _cache, engine in makers) == 1
    assert (tmp_path / "ab" / f"{KEY}.mp3").read_bytes() == b"ID3" + ENTRY.text.encode()
    assert not list(tmp_path.glob("ab/.*.lock"))  # no lock file is left behind

    service._make(SlowEngine(), ClipCache(tmp_path), KEY, ENTRY)  # there already: not made again
    assert sum(engine.made for _cache, engine in makers) == 1


def test_a_clip_made_elsewhere_for_too_long_is_a_speech_error(tmp_path):
    with ClipCache(tmp_path).making(KEY, timeout=5) as needed:
        assert needed
        with pytest.raises(service.SpeechError, match="was being made"):
            service._make(SlowEngine(timeout=0.1), ClipCache(tmp_path), KEY, ENTRY)


def test_prune_removes_the_lock_file_of_a_process_killed_while_making(tmp_path):
    cache = ClipCache(tmp_path)
    lock = tmp_path / "ab" / f".{KEY}.lock"
    lock.parent.mkdir()
    lock.touch()
    assert cache.remove_stale_temporary_files(older_than=3600) == 0  # it may still be making
    old = time.time() - 7200
    os.utime(lock, (old, old))
    assert cache.remove_stale_temporary_files(older_than=3600) == 1 and not lock.exists()
