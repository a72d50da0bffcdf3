"""The public API: texts, keys, registration files, and `flask speech …`."""

from __future__ import annotations

import json

import pytest

from app.speech import service

from .conftest import fetch

# Speech and its cache folder, not the database: run in the SQLite pass only (pyproject.toml).
pytestmark = pytest.mark.one_database


def test_normalise_and_language_code():
    assert service.normalise("  Hej\n\tpå   dig ") == "Hej på dig"
    for lang in ("sv", "sv_easy", "sv-x-easy", "SV"):
        assert service.language_code(lang) == "sv"


def test_clip_url_is_none_when_there_is_nothing_to_say(app):
    with app.test_request_context():
        assert service.clip_url("", lang="sv") is None
        assert service.clip_url("  \n ", lang="sv") is None
        assert service.clip_url("…", lang="sv") is None
        assert service.clip_url("Hej", lang="fi") is None  # no voice for the language
        assert service.clip_url("Hej " * 5000, lang="sv") is None  # longer than SPEECH_MAX_CHARS


def test_the_key_depends_on_everything_that_shapes_the_audio(register):
    urls = {
        register("Hej", "sv"),
        register("Hej", "sv_easy"),
        register("Hej", "en"),
        register("Hej", "sv", rate="slow"),
        register("Hej", "sv", owner_id="user:7"),
        register("Hej!", "sv"),
    }
    assert len(urls) == 5  # sv and sv_easy are the same voice, so the same clip
    assert register("Hej", "sv", rate="no-such-speed") == register("Hej", "sv")


def test_registration_is_written_once(register, speech):
    url = register("Vi ses i morgon.", "sv", rate="slow", owner_id="user:3")
    key = url.rsplit("/", 1)[1].removesuffix(".mp3")
    path = speech.cache.registration_path(key)
    assert path.parent.name == key[:2]
    assert json.loads(path.read_text()) == {
        "text": "Vi ses i morgon.",
        "lang": "sv",
        "voice": "gmq/sv",
        "rate": "slow",
        "wpm": 110,
        "owner_id": "user:3",
        "patient_id": None,
    }
    inode = path.stat().st_ino
    register("Vi ses i morgon.", "sv", rate="slow", owner_id="user:3")
    assert path.stat().st_ino == inode  # not written again


def test_synthesise_makes_the_file(app, register):
    url = register("Ett klipp utan webbläsare.", "sv")
    key = url.rsplit("/", 1)[1].removesuffix(".mp3")
    with app.app_context():
        path = service.synthesise(key)
        assert path.is_file() and path.stat().st_size > 1000
        assert service.synthesise(key) == path
        try:
            service.synthesise("0" * 64)
        except service.UnknownClip:
            pass
        else:
            raise AssertionError("an unregistered key was synthesised")


def test_warm_makes_interface_texts_once(app, fresh_speech):
    with fresh_speech() as speech:
        runner = app.test_cli_runner()
        first = runner.invoke(args=["speech", "warm", "--lang", "sv", "--rate", "normal", "--limit", "3"])
        assert first.exit_code == 0, first.output
        assert "Made 3, already cached 0, failed 0" in first.output
        assert len(list(speech.cache.root.glob("*/*.mp3"))) == 3

        again = runner.invoke(args=["speech", "warm", "--lang", "sv", "--rate", "all", "--limit", "3"])
        assert again.exit_code == 0, again.output
        assert "Made 3, already cached 3, failed 0" in again.output  # the slow ones are new

        status = runner.invoke(args=["speech", "status"])
        assert "6 public, 0 private; 6 made" in status.output


def test_warm_gives_up_when_read_aloud_is_broken(app, fresh_speech, tmp_path):
    empty = tmp_path / "no-data"
    empty.mkdir()
    with fresh_speech(SPEECH_ESPEAK_DATA_PATH=str(empty)):
        result = app.test_cli_runner().invoke(args=["speech", "warm", "--lang", "en", "--limit", "20"])
        assert result.exit_code == 1
        assert "Stopped: read-aloud does not work right now" in result.output


def test_prune_removes_old_private_clips_only(app, client, fresh_speech, register):
    with fresh_speech() as speech:
        private = register("Min egen text.", owner_id="user:5").rsplit("/", 1)[1].removesuffix(".mp3")
        public = register("Hem").rsplit("/", 1)[1].removesuffix(".mp3")
        assert fetch(client, f"/tal/{public}.mp3").status_code == 200
        runner = app.test_cli_runner()
        assert "Removed 0 private" in runner.invoke(args=["speech", "prune", "--days", "1"]).output
        assert "Removed 1 private" in runner.invoke(args=["speech", "prune", "--days", "0"]).output
        assert speech.cache.registration(private) is None
        assert speech.cache.registration(public) is not None and speech.cache.has_audio(public)
