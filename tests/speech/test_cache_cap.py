"""The cache folder has a size cap: past it, the clips shown longest ago go, audio and text
together; the folder is totalled only now and then, never on every request."""

from __future__ import annotations

import os
import re
import time

import pytest

from .conftest import decode, fetch

# Speech and its cache folder, not the database: run in the SQLite pass only (pyproject.toml).
pytestmark = pytest.mark.one_database


def key_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".mp3")


def folder_bytes(root) -> int:
    return sum(path.stat().st_size for path in root.rglob("*") if path.is_file())


def test_sizes_are_read_as_people_write_them(app):
    from app.speech.cache import parse_size

    assert parse_size("2 GB") == 2_000_000_000
    assert parse_size("500 MB") == parse_size("500MB") == 500_000_000
    assert parse_size("1.5 GiB") == int(1.5 * 1024**3)
    assert parse_size("40 kB") == 40_000 and parse_size("4096") == 4096
    for wrong in ("", "two GB", "2 GBs", "-1 MB", "2 PB"):
        with pytest.raises(ValueError):
            parse_size(wrong)
    assert app.config["SPEECH_CACHE_MAX_SIZE"] == "2 GB"  # the default
    assert app.extensions["lotsen_speech"].cache.max_bytes == 2_000_000_000


def test_a_wrong_size_stops_the_app_with_a_clear_message(fresh_speech):
    with (
        pytest.raises(RuntimeError, match="LOTSEN_SPEECH_CACHE_MAX_SIZE"),
        fresh_speech(SPEECH_CACHE_MAX_SIZE="a lot"),
    ):
        pass


def test_the_folder_stays_under_its_cap_and_the_oldest_clips_go_first(client, fresh_speech, register):
    with fresh_speech(SPEECH_CACHE_MAX_SIZE="100 kB") as speech:
        now = time.time()
        urls = []
        for n in range(10):
            url = register(f"Klipp nummer {n}. Det här är en mening som tar några sekunder att säga.")
            response = fetch(client, url)
            assert response.status_code == 200 and decode(response.data).seconds > 2.0
            urls.append(url)
            for path in (
                speech.cache.registration_path(key_of(url)),
                speech.cache.audio_path(key_of(url)),
                speech.cache.words_path(key_of(url)),
            ):
                os.utime(path, (now - 1000 + n, now - 1000 + n))  # shown in this order
            assert folder_bytes(speech.cache.root) <= 100_000
        kept = [speech.cache.registration(key_of(url)) is not None for url in urls]
        audio = [speech.cache.has_audio(key_of(url)) for url in urls]
        assert kept == audio  # a clip goes with its text
        assert kept[-3:] == [True] * 3 and kept[:3] == [False] * 3, kept
        assert kept == sorted(kept)  # the oldest went first
        assert speech.cache.stats.evicted == kept.count(False)
        gone = fetch(client, urls[0])
        assert gone.status_code == 404  # registered again when a page shows it again
        assert (
            fetch(
                client, register(f"Klipp nummer {0}. Det här är en mening som tar några sekunder att säga.")
            ).status_code
            == 200
        )


def test_a_clip_shown_again_is_kept(client, fresh_speech, register):
    with fresh_speech(SPEECH_CACHE_MAX_SIZE="100 kB") as speech:
        texts = [f"Text nummer {n}, lång nog för att ta plats i mappen med ljud." for n in range(10)]
        first = register(texts[0])
        assert fetch(client, first).status_code == 200
        for text in texts[1:]:
            os.utime(speech.cache.registration_path(key_of(first)))  # a page shows it again
            assert fetch(client, register(text)).status_code == 200
        assert speech.cache.has_audio(key_of(first)) and speech.cache.stats.evicted > 0


def test_the_folder_is_not_totalled_on_every_request(make_client, fresh_speech):
    with fresh_speech() as speech:  # the default cap, 2 GB
        for n in range(40):
            visitor = make_client()
            html = visitor.get(("/", "/logga-in", "/installningar")[n % 3]).get_data(as_text=True)
            assert "/tal/" in html
        assert speech.cache.stats.scans == 1  # once, at the process's first write


def test_status_shows_the_size_and_prune_keeps_the_cap(app, client, fresh_speech, register):
    with fresh_speech() as speech:
        for n in range(6):
            assert (
                fetch(client, register(f"Ett klipp i mappen, nummer {n}, med några ord till.")).status_code
                == 200
            )
        runner = app.test_cli_runner()
        size = folder_bytes(speech.cache.root)
        status = runner.invoke(args=["speech", "status"])
        assert status.exit_code == 0
        # Each clip is three files: what to say, the MP3, and when its words start.
        assert f"Size: {size / 1000:.1f} kB in 18 files, at most 2.00 GB" in status.output, status.output

        speech.cache.max_bytes = size // 2  # as if LOTSEN_SPEECH_CACHE_MAX_SIZE were lowered
        pruned = runner.invoke(args=["speech", "prune"])
        assert pruned.exit_code == 0 and "Removed 0 private clips" in pruned.output
        assert re.search(
            r"removed [1-9]\d* clips \(.*\) shown longest ago to stay under the cap", pruned.output
        ), pruned.output
        assert folder_bytes(speech.cache.root) <= size // 2
