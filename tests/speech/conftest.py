"""Fixtures of the speech tests: real synthesis, a fresh service when a test breaks it on purpose."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import pytest
import soundfile as sf

from app.speech import service


@dataclass(frozen=True)
class Sound:
    seconds: float
    rms: float  # of samples in -1…1
    peak: float


def fetch(client, url: str, **kwargs):
    """GET, with the body read and the file closed (send_file keeps it open until then)."""
    return client.get(url, buffered=True, **kwargs)


def decode(mp3: bytes) -> Sound:
    """Decode an MP3 the way a player would, and measure it."""
    data, rate = sf.read(io.BytesIO(mp3), dtype="float64")
    return Sound(seconds=len(data) / rate, rms=float((data**2).mean() ** 0.5), peak=float(abs(data).max()))


@pytest.fixture
def speech(app) -> service.SpeechState:
    """The session's speech service (one worker for the whole test session)."""
    return app.extensions["lotsen_speech"]


@pytest.fixture
def register(app) -> Callable[..., str]:
    """Register a text as a page would, and return its address."""

    def do(text: str, lang: str = "sv", rate: str = "normal", owner_id: str | None = None) -> str:
        with app.test_request_context():
            url = service.clip_url(text, lang=lang, rate=rate, owner_id=owner_id)
        assert url is not None
        return url

    return do


@pytest.fixture
def fresh_speech(app, tmp_path) -> Iterator[Callable[..., AbstractContextManager[service.SpeechState]]]:
    """A speech service built from changed config (own worker, own empty cache), undone afterwards."""
    made: list[service.SpeechState] = []
    saved_state = app.extensions["lotsen_speech"]
    saved_config: dict[str, object] = {}

    @contextmanager
    def configure(**changes: object) -> Iterator[service.SpeechState]:
        changes.setdefault("SPEECH_CACHE_DIR", tmp_path / f"cache-{len(made)}")
        for name in changes:
            saved_config.setdefault(name, app.config.get(name))
        app.config.update(changes)
        state = service.setup(app)
        made.append(state)
        try:
            yield state
        finally:
            state.engine.stop()

    yield configure
    for state in made:
        state.engine.stop()
    app.config.update(saved_config)
    app.extensions["lotsen_speech"] = saved_state


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
