"""When synthesis fails for real, the clip says so in easy words, the pages go on working, and
the next request gets a new worker. Nothing here fakes a failure: espeak-ng really fails."""

from __future__ import annotations

import os
import signal
import threading
import time

from app.speech import service

from .conftest import alive, fetch

BROKEN = "Uppläsning fungerar inte just nu"


def _check_broken_page(response) -> None:
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert BROKEN in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "60"
    assert response.headers["Cache-Control"] == "no-store"


def test_espeak_without_its_data_fails_and_pages_still_work(app, client, fresh_speech, register, tmp_path):
    empty = tmp_path / "espeak-ng-data"
    empty.mkdir()
    with fresh_speech(SPEECH_ESPEAK_DATA_PATH=str(empty)) as speech:
        assert service_available(app)
        url = register("Det här går inte att säga.")
        started = time.monotonic()
        _check_broken_page(fetch(client, url))
        assert time.monotonic() - started < 10
        # espeak-ng ends the process when it cannot read its phoneme table.
        assert "died while starting" in speech.engine.last_error
        assert not service_available(app)

        # Within the back-off the worker is not started again for every request.
        starts = speech.engine.stats.starts
        _check_broken_page(fetch(client, url))
        assert speech.engine.stats.starts == starts

        # The pages still work, and say that read-aloud does not work right now.
        page = client.get("/logga-in")
        assert page.status_code == 200
        assert BROKEN in page.get_data(as_text=True)
        assert not speech.cache.has_audio(url.rsplit("/", 1)[1].removesuffix(".mp3"))


def test_a_voice_that_does_not_exist_fails(app, client, fresh_speech, register):
    voices = {**service.VOICES, "sv": "gmq/finns-inte"}
    with fresh_speech(SPEECH_VOICES=voices) as speech:
        _check_broken_page(fetch(client, register("Hej och välkommen.")))
        # Not the silent fallback to English that espeak-ng does by itself.
        assert "no voice 'gmq/finns-inte'" in speech.engine.last_error
        assert speech.engine.worker_pid is None  # a failed worker is never reused
        assert not service_available(app)
        # The other languages work, with a new worker, and read-aloud is back.
        response = fetch(client, register("Hello and welcome.", lang="en"))
        assert response.status_code == 200
        assert speech.engine.stats.starts == 2
        assert service_available(app)


def test_a_hung_worker_is_killed_within_the_timeout_and_replaced(app, client, fresh_speech, register):
    with fresh_speech(SPEECH_TIMEOUT=2.0) as speech:
        assert fetch(client, register("Först ett klipp som går bra.")).status_code == 200
        pid = speech.engine.worker_pid
        os.kill(pid, signal.SIGSTOP)  # the worker hangs, as a stuck native engine would

        url = register("Det här klippet fastnar.")
        started = time.monotonic()
        _check_broken_page(fetch(client, url))
        assert time.monotonic() - started < 2.0 + 1.0
        assert "no answer within 2 s" in speech.engine.last_error
        assert not alive(pid)
        assert not service_available(app)

        # The next request starts a new worker. The 2 s above were for the hang; a cold start on
        # a machine busy with other tests may take longer, and is not what this test is about.
        speech.engine.timeout = 30.0
        response = fetch(client, url)
        assert response.status_code == 200
        assert speech.engine.worker_pid not in (None, pid)
        assert service_available(app)


def test_a_worker_killed_during_a_call_gives_an_error_at_once(app, client, fresh_speech, register):
    with fresh_speech(SPEECH_TIMEOUT=10.0) as speech:
        assert fetch(client, register("Först ett klipp som går bra.")).status_code == 200
        pid = speech.engine.worker_pid
        os.kill(pid, signal.SIGSTOP)
        killer = threading.Timer(0.5, os.kill, (pid, signal.SIGKILL))
        killer.start()

        url = register("Det här klippet hinner inte bli klart.")
        started = time.monotonic()
        _check_broken_page(fetch(client, url))
        killer.join()
        assert time.monotonic() - started < 3.0  # noticed at once, not after the 10 s timeout
        assert "died while synthesising" in speech.engine.last_error

        assert fetch(client, url).status_code == 200
        assert speech.engine.worker_pid not in (None, pid)


def test_a_worker_that_died_between_calls_is_replaced_without_an_error(app, client, fresh_speech, register):
    with fresh_speech() as speech:
        assert fetch(client, register("Först ett klipp som går bra.")).status_code == 200
        pid = speech.engine.worker_pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while speech.engine.worker_pid is not None and time.monotonic() < deadline:
            time.sleep(0.01)

        assert fetch(client, register("Sedan ett till.")).status_code == 200
        assert speech.engine.stats.starts == 2 and speech.engine.stats.failures == 0
        assert service_available(app)


def service_available(app) -> bool:
    with app.test_request_context():
        return service.available()


def test_a_cache_folder_that_cannot_be_written_leaves_pages_working(
    app, client, fresh_speech, tmp_path, world, sign_in
):
    """A full disk or a read-only shared folder: the texts get no clip, and every page is still
    shown (before, the failed write ended the request with no answer at all)."""
    import subprocess

    import pytest

    from tests.support.people import patient_url

    folder = tmp_path / "locked-cache"
    folder.mkdir()
    with fresh_speech(SPEECH_CACHE_DIR=folder):
        try:
            subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            pytest.fail("making the cache folder unwritable needs root (chattr +i)")
        try:
            signed_out = client.get("/logga-in")
            assert signed_out.status_code == 200 and "/tal/" not in signed_out.get_data(as_text=True)
            sign_in(client, world.patient_user)
            page = client.get(patient_url(world.patient))
            assert page.status_code == 200 and "Hej Maja!" in page.get_data(as_text=True)
            assert client.get("/finns-inte").status_code == 404
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        assert list(folder.iterdir()) == []
