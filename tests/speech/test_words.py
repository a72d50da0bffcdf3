"""Follow the words: each clip comes with when each of its words starts, as espeak-ng reported it
while it made that very audio, cached beside the MP3 and served like the clip itself."""

from __future__ import annotations

import io
import subprocess

import pytest
import soundfile as sf

from app.models import MandateStatus, Role, utcnow
from app.speech import service
from app.speech.spoken import spoken_with_origins
from tests.support.people import patient_url

from .conftest import decode, fetch
from .test_rights import WORDS, change_mandate, clip_of, clip_reads, key_of

TEXT = "Hej Maja. Nu ska vi åka till doktorn, och du får sitta nära fönstret."


def timings_of(client, url: str, **kwargs):
    return fetch(client, url.removesuffix(".mp3") + ".json", **kwargs)


def check_timings(timings: dict, shown: str, seconds: float) -> list[float]:
    """Every word shown, in order, starting within the clip one after the other; the starts."""
    words = shown.split()
    assert timings["words"] == words
    assert [index for _start, index in timings["times"]] == list(range(len(words)))
    starts = [start for start, _index in timings["times"]]
    assert starts == sorted(set(starts)), starts  # strictly increasing
    assert 0 <= starts[0] < 0.3 and starts[-1] < seconds
    assert abs(timings["seconds"] - seconds) < 0.1  # the length of the clip served
    return starts


def test_a_clips_timings_list_its_words_in_order_within_the_clip(client, register):
    url = register(TEXT)
    sound = decode(fetch(client, url).data)
    response = timings_of(client, url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    starts = check_timings(response.get_json(), TEXT, sound.seconds)
    # The last word ("fönstret.") is said at the end: it starts about a second before it (the
    # word itself, the pause espeak-ng adds at the end, and the MP3 encoder's padding).
    assert 0.3 < sound.seconds - starts[-1] < 1.6, (sound.seconds, starts)


def test_the_timings_are_where_the_words_are_heard(client, register):
    """Between the sentences the voice pauses; the second sentence's first word starts right
    after the pause (measured in the MP3 as played, not in espeak-ng's own numbers)."""
    url = register(TEXT)
    data, rate = sf.read(io.BytesIO(fetch(client, url).data), dtype="float64")
    starts = [start for start, _ in timings_of(client, url).get_json()["times"]]

    def loudness(start: float, end: float) -> float:
        part = data[int(start * rate) : int(end * rate)]
        return float((part**2).mean() ** 0.5)

    nu = starts[2]  # "Nu", after "Hej Maja."
    assert loudness(nu - 0.25, nu - 0.05) < 0.2 * loudness(nu, nu + 0.3)
    assert loudness(starts[1], starts[1] + 0.3) > 0.02  # "Maja" is heard where it starts


def test_a_slow_clip_has_its_own_timings(client, register):
    normal, slow = register(TEXT), register(TEXT, rate="slow")
    assert normal != slow
    fast_starts = check_timings(
        timings_of(client, normal).get_json(), TEXT, decode(fetch(client, normal).data).seconds
    )
    slow_sound = decode(fetch(client, slow).data)
    slow_starts = check_timings(timings_of(client, slow).get_json(), TEXT, slow_sound.seconds)
    # 110 words a minute instead of 150: each word starts later in the clip.
    assert slow_starts[-1] > 1.2 * fast_starts[-1]
    assert all(s >= f for s, f in zip(slow_starts, fast_starts, strict=True))


@pytest.mark.parametrize(
    "lang,text",
    [
        ("sv", "Akut? Ring 112. Telefon 019-10 20 30, öppet 8–17 varje dag."),
        ("en", "Health advice: call 1177, open 8.30-16.00."),
        ("ar", "مرحبا يا مايا. موعدك غداً في الساعة الثامنة، مفتوح 8–17."),
        ("sv", "Besöket är 14:20 hos Anna."),  # a time said as words: "14 och 20"
        # A Swedish name on an Arabic page is said by the Swedish voice, in a run of its own: the
        # runs' words follow one another in the one clip.
        ("ar", "مرشد الرعاية Anna Lindqvist يساعدك. اتصل على 019-10 20 30 الساعة 9:05."),
    ],
)
def test_words_said_differently_point_at_the_words_shown(app, client, register, lang, text):
    """ "112" is said "1 1 2", a phone number digit by digit, "8–17" with "till": the timings
    still name the words as the page shows them, each once."""
    url = register(text, lang=lang)
    with app.app_context():
        entry = service.registration(key_of(url))
    assert entry.shown == text and entry.text != text
    if "Anna Lindqvist" in text and lang == "ar":
        assert [run[0] for run in entry.runs] == ["ar", "sv", "ar"]
    check_timings(timings_of(client, url).get_json(), text, decode(fetch(client, url).data).seconds)


def test_the_origin_of_each_character_said():
    said, origins = spoken_with_origins("Ring 112 eller 019-10 20, kl 8–17", "sv")
    shown = "Ring 112 eller 019-10 20, kl 8–17"
    assert said == "Ring 1 1 2 eller 0 1 9, 10, 20, kl 8 till 17"
    assert len(origins) == len(said)
    assert [shown[origins[i]] for i, ch in enumerate(said) if ch.isdigit()] == [
        ch for ch in shown if ch.isdigit()
    ]  # each digit said is the digit shown
    assert shown[origins[said.index("till")]] == "–"
    assert origins == sorted(origins)


def test_a_private_clips_timings_are_heard_like_the_clip(
    client, make_client, world, sign_in, give_needs, events, query, speech
):
    """The timings name the words, so they are the clip: the owner only, only while they may see
    the patient, and asking for the MP3 and its timings is one play in the access log."""
    give_needs(world.patient, {"sound_sensitive": WORDS})
    sign_in(client, world.god_man)
    url = clip_of(client.get(patient_url(world.patient, "/anpassningar/")).get_data(as_text=True), WORDS)
    made = speech.engine.stats.syntheses
    assert timings_of(make_client(), url).status_code == 404  # nobody signed in
    stranger = make_client()
    sign_in(stranger, world.patient_user)  # signed in, but not this clip's owner
    assert timings_of(stranger, url).status_code == 404
    assert speech.engine.stats.syntheses == made and clip_reads(events) == []

    response = timings_of(client, url)  # the timings first: the clip is made for them
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert " ".join(response.get_json()["words"]).endswith(WORDS)  # after the need's own name
    assert fetch(client, url).status_code == 200
    assert speech.engine.stats.syntheses == made + 1  # one synthesis made both
    assert clip_reads(events) == [(world.god_man.id, world.patient.id, "read", "speech.clip", key_of(url))]

    change_mandate(query, world.mandate, status=MandateStatus.REVOKED, revoked_at=utcnow())
    refused = timings_of(client, url)
    assert refused.status_code == 404 and b"Lina" not in refused.data
    assert len(clip_reads(events)) == 1


def test_timings_of_another_users_clip_are_refused(client, make_client, make_user, sign_in, register):
    owner, other = make_user(Role.PATIENT), make_user(Role.PATIENT)
    url = register("Jag vill fråga om min medicin.", owner_id=f"user:{owner.id}")
    sign_in(client, other)
    assert timings_of(client, url).status_code == 404
    mine = make_client()
    sign_in(mine, owner)
    assert timings_of(mine, url).get_json()["words"][-1] == "medicin."


def test_a_clip_made_before_timings_gets_them_made_with_new_audio(client, register, speech):
    url = register("En gammal mening utan tider.")
    assert fetch(client, url).status_code == 200
    words = speech.cache.words_path(key_of(url))
    words.unlink()  # as a clip made before this existed
    made = speech.engine.stats.syntheses
    timings = timings_of(client, url).get_json()
    assert timings["words"] == ["En", "gammal", "mening", "utan", "tider."]
    assert words.is_file() and speech.engine.stats.syntheses == made + 1
    # Made again, both files: the timings are those of the MP3 now served.
    check_timings(timings, "En gammal mening utan tider.", decode(fetch(client, url).data).seconds)


def test_a_read_only_folder_plays_old_clips_without_their_words(app, client, fresh_speech, register):
    with fresh_speech() as speech:
        url = register("En mening i en mapp som inte går att skriva i.")
        assert fetch(client, url).status_code == 200
        key = key_of(url)
        speech.cache.words_path(key).unlink()
        folder = speech.cache.folder(key)
        try:
            subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            pytest.fail("making the cache folder unwritable needs root (chattr +i)")
        try:
            made, failures = speech.engine.stats.syntheses, speech.engine.stats.failures
            assert timings_of(client, url).status_code == 404  # no words to follow
            assert fetch(client, url).status_code == 200  # the clip still plays
            assert (speech.engine.stats.syntheses, speech.engine.stats.failures) == (made, failures)
            with app.test_request_context():
                assert service.available()  # read-aloud is not called broken
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_timings_go_with_their_clip_when_the_cache_is_trimmed(client, fresh_speech, register):
    with fresh_speech(SPEECH_CACHE_MAX_SIZE="60 kB") as speech:
        urls = []
        for n in range(6):
            urls.append(register(f"Klipp {n}. En mening som tar några sekunder att säga."))
            assert timings_of(client, urls[-1]).status_code == 200
        assert speech.cache.stats.evicted > 0
        keys = [key_of(url) for url in urls]
        assert [speech.cache.words_path(k).is_file() for k in keys] == [
            speech.cache.has_audio(k) for k in keys
        ]
        leftovers = {path.name.split(".", 1)[0] for path in speech.cache.root.glob("*/*.words.json")}
        assert leftovers <= {k for k in keys if speech.cache.has_audio(k)}


def test_a_timings_request_is_limited_like_a_clip(app, client, register):
    """Clips and timings share one budget of syntheses (asking for the timings of a clip not
    yet made makes it)."""
    urls = [register(f"Tider nummer {n}.") for n in range(3)]
    limits = {"SPEECH_SYNTHESIS_LIMIT": app.config["SPEECH_SYNTHESIS_LIMIT"]}
    app.config.update(SPEECH_SYNTHESIS_LIMIT="2 per minute")
    try:
        assert timings_of(client, urls[0]).status_code == 200
        assert fetch(client, urls[1]).status_code == 200
        assert timings_of(client, urls[2]).status_code == 429  # a third synthesis in a minute
        assert fetch(client, urls[2]).status_code == 429
        assert timings_of(client, urls[1]).status_code == 200  # made already: not a synthesis
        assert fetch(client, urls[0]).status_code == 200
    finally:
        app.config.update(limits)


def test_a_swedish_text_on_an_english_page_is_said_and_followed_in_swedish(app, client):
    """Vem jobbar här?'s card: the reader's English parts and what the staff member wrote in
    Swedish, one clip. The letters cannot tell the two apart, so the parts say their language:
    the Swedish is said with the Swedish voice, and the words are followed across the runs."""
    pieces = (("", "Karin Ek. Nurse. Call 112. (in Swedish)"), ("sv", "Jag tar blodprov. Ring 1177."))
    with app.test_request_context():
        url = service.clip_url("", lang="en", pieces=pieces)
        entry = service.registration(key_of(url))
    assert [(run[0], run[2]) for run in entry.runs] == [
        ("en", "Karin Ek. Nurse. Call 1 1 2. (in Swedish)"),
        ("sv", "Jag tar blodprov. Ring 11 77."),
    ]
    shown = "Karin Ek. Nurse. Call 112. (in Swedish) Jag tar blodprov. Ring 1177."
    assert entry.shown == shown
    check_timings(timings_of(client, url).get_json(), shown, decode(fetch(client, url).data).seconds)
    # All in the page's language: a clip like any other, with the key it always had.
    with app.test_request_context():
        plain = service.clip_url("Karin Ek. Nurse.", lang="en")
        same = service.clip_url("", lang="en", pieces=(("", "Karin Ek."), ("en", "Nurse.")))
    assert plain == same
