"""Real synthesis, no mocks: the clips decode, are not silent, and last as long as their text."""

from __future__ import annotations

import io
import os
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import soundfile as sf

from app.config import BASE_DIR
from app.speech import service

from .conftest import decode, fetch

# Speech and its cache folder, not the database: run in the SQLite pass only (pyproject.toml).
pytestmark = pytest.mark.one_database

TEXTS = {
    "sv": "Välkommen till vårdcentralen. Du kan ta med en vän när du kommer hit.",
    "en": "Welcome to the health centre. You can bring a friend when you come here.",
    "ar": "مرحبا بك في المركز الصحي. يمكنك أن تأخذ صديقا معك.",
}


def test_the_cache_is_temporary_in_tests(speech):
    assert not speech.cache.root.is_relative_to(BASE_DIR / "instance")


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_a_clip_decodes_is_not_silent_and_fits_its_text(client, register, lang):
    text = TEXTS[lang]
    response = fetch(client, register(text, lang))
    assert response.status_code == 200
    assert response.mimetype == "audio/mpeg"
    sound = decode(response.data)
    words = len(text.split())
    # Measured: 0.33 (en), 0.43 (sv), 0.66 (ar) seconds per word at the normal speed.
    assert 0.2 * words < sound.seconds < 1.2 * words, sound
    assert sound.rms > 0.02 and sound.peak > 0.2, sound
    # Constant bit rate of about 40 kbit/s.
    assert 30_000 < len(response.data) * 8 / sound.seconds < 50_000


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_length_grows_with_the_text_and_slow_is_slower(client, register, lang):
    text = TEXTS[lang]
    once = decode(fetch(client, register(text, lang)).data).seconds
    thrice = decode(fetch(client, register(" ".join([text] * 3), lang)).data).seconds
    slow = decode(fetch(client, register(text, lang, rate="slow")).data).seconds
    assert 2.6 < thrice / once < 3.4
    assert 1.2 < slow / once < 1.6  # 150 and 110 words per minute: 1.36


def test_the_second_request_is_a_cache_hit(client, register, speech):
    url = register("Det här klippet görs bara en gång.")
    first = fetch(client, url)
    assert first.status_code == 200
    made = speech.engine.stats.syntheses
    audio = speech.cache.audio_path(url.rsplit("/", 1)[1].removesuffix(".mp3"))
    mtime = audio.stat().st_mtime_ns

    second = fetch(client, url)
    assert second.status_code == 200 and second.data == first.data
    assert speech.engine.stats.syntheses == made  # the worker was not asked again
    assert audio.stat().st_mtime_ns == mtime
    assert second.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # A browser that has it already gets a 304, and a player may ask for a range (Safari does).
    assert fetch(client, url, headers={"If-None-Match": second.headers["ETag"]}).status_code == 304
    part = fetch(client, url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100


def test_files_are_private_to_the_server(register, speech):
    url = register("En fil som bara servern läser.")
    key = url.rsplit("/", 1)[1].removesuffix(".mp3")
    assert os.stat(speech.cache.registration_path(key)).st_mode & 0o077 == 0


def test_a_page_offers_clips_that_play(client):
    html = client.get("/logga-in").get_data(as_text=True)
    urls = re.findall(r'data-clip="(/tal/[0-9a-f]{64}\.mp3)"', html)
    assert urls, "the sign-in page offers no read-aloud"
    response = fetch(client, urls[0])
    assert response.status_code == 200 and decode(response.data).seconds > 0.3


def test_threads_of_one_web_process_take_turns_with_one_worker(app, register, speech):
    keys = [register(f"Samtidigt klipp nummer {n}.").rsplit("/", 1)[1].removesuffix(".mp3") for n in range(6)]
    speech.engine.stop()
    starts = speech.engine.stats.starts

    def make(key: str):
        with app.app_context():
            return service.synthesise(key)

    with ThreadPoolExecutor(max_workers=6) as pool:
        paths = list(pool.map(make, keys))
    assert speech.engine.stats.starts == starts + 1
    for path in paths:
        assert decode(path.read_bytes()).rms > 0.02


def _samples(response) -> tuple[np.ndarray, int]:
    data, rate = sf.read(io.BytesIO(response.data), dtype="float64")
    return data, rate


def _likeness(a: np.ndarray, b: np.ndarray) -> float:
    """How alike two recordings are: the best normalised correlation of their loudness
    envelopes (10 ms frames) over shifts of up to 0.2 s (MP3 adds a little delay)."""

    def envelope(x: np.ndarray) -> np.ndarray:
        frames = len(x) // 220
        return np.sqrt((x[: frames * 220].reshape(frames, 220) ** 2).mean(axis=1))

    ea, eb = envelope(a), envelope(b)
    best = 0.0
    for shift in range(-20, 21):
        x, y = (ea[shift:], eb) if shift >= 0 else (ea, eb[-shift:])
        n = min(len(x), len(y))
        x, y = x[:n] - x[:n].mean(), y[:n] - y[:n].mean()
        best = max(best, float((x * y).sum() / np.sqrt((x * x).sum() * (y * y).sum())))
    return best


def test_a_swedish_name_on_an_arabic_page_is_said_with_the_swedish_voice(client, register, speech):
    """Each run is said by its own voice, into one clip that is not silent: the clip lasts as
    long as the Arabic part said in Arabic plus the Swedish part said in Swedish, and its second
    part sounds like the Swedish voice saying it, not like the Arabic voice (which reads Latin
    letters with English sounds)."""
    from app.speech.cache import Registration, make_key
    from app.speech.worker import RUN_PAUSE

    arabic, swedish = "كتب لك", "Karin Lindqvist på Vårdcentralen Norrby"
    mixed_url = register(f"{arabic} {swedish}", "ar")
    key = mixed_url.rsplit("/", 1)[1].removesuffix(".mp3")
    entry = speech.cache.registration(key)
    assert entry.runs == (("ar", "sem/ar", arabic), ("sv", "gmq/sv", swedish))
    mixed = decode(fetch(client, mixed_url).data)
    assert mixed.rms > 0.02 and mixed.peak > 0.2, mixed

    alone_ar = decode(fetch(client, register(arabic, "ar")).data).seconds
    swedish_voice, rate = _samples(fetch(client, register(swedish, "sv")))
    assert abs(mixed.seconds - (alone_ar + RUN_PAUSE + len(swedish_voice) / rate)) < 0.15

    # The same Latin words said by the Arabic voice: what the page did before.
    wrong = Registration(text=swedish, lang="ar", voice="sem/ar", rate="normal", wpm=150)
    wrong_key = make_key(client.application.config["SECRET_KEY"], wrong)
    speech.cache.register(wrong_key, wrong)
    arabic_voice, _rate = _samples(fetch(client, f"/tal/{wrong_key}.mp3"))

    data, rate = _samples(fetch(client, mixed_url))
    tail = data[int((alone_ar + RUN_PAUSE) * rate) :]
    said_swedish, said_arabic = _likeness(tail, swedish_voice), _likeness(tail, arabic_voice)
    assert said_swedish > 0.9 and said_swedish - said_arabic > 0.2, (said_swedish, said_arabic)
