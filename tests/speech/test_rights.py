"""A private clip is the patient's data: it plays only while the listener may see that patient,
each play is one row in the access log, and a clip made for one patient is never another's."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from datetime import timedelta

from flask.testing import FlaskClient

from app.core.clock import today
from app.models import Mandate, MandateStatus, utcnow
from tests.support.people import patient_url

from .conftest import decode, fetch

WORDS = "Lina har hörselkåpor med sig."


def clip_of(html: str, words: str) -> str:
    """The clip of the block that shows `words` (the nearest data-clip before them)."""
    at = html.index(words)
    urls = re.findall(r'data-clip="(/tal/[0-9a-f]{64}\.mp3)"', html[:at])
    assert urls, f"no clip before {words!r}"
    return urls[-1]


def head(client, url: str):
    """HEAD, as a player may send first (the page checks of the test client need a body)."""
    return FlaskClient.open(client, url, method="HEAD", buffered=True)


def key_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".mp3")


def clip_reads(events, **where):
    return events(object_type="speech.clip", **where)


def change_mandate(query, mandate, **values):
    def run(session):
        row = session.get(Mandate, mandate.id)
        for name, value in values.items():
            setattr(row, name, value)
        session.commit()

    query(run)


def test_a_clip_about_a_patient_stops_playing_when_the_mandate_is_revoked(
    client, world, sign_in, give_needs, events, query, speech
):
    give_needs(world.patient, {"sound_sensitive": WORDS})
    sign_in(client, world.god_man)
    html = client.get(patient_url(world.patient, "/anpassningar/")).get_data(as_text=True)
    url = clip_of(html, WORDS)

    response = fetch(client, url)
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    sound = decode(response.data)  # the words themselves, not a click
    assert 2.0 < sound.seconds < 8.0 and sound.rms > 0.02, sound
    assert clip_reads(events) == [(world.god_man.id, world.patient.id, "read", "speech.clip", key_of(url))]

    change_mandate(query, world.mandate, status=MandateStatus.REVOKED, revoked_at=utcnow())
    made = speech.engine.stats.syntheses
    refused = fetch(client, url)
    assert refused.status_code == 404  # like a clip that does not exist
    assert b"ID3" not in refused.data[:3] and refused.mimetype != "audio/mpeg"
    for headers in ({"Range": "bytes=0-"}, {"If-None-Match": response.headers["ETag"]}):
        assert fetch(client, url, headers=headers).status_code == 404
    assert head(client, url).status_code == 404
    assert speech.engine.stats.syntheses == made
    assert len(clip_reads(events)) == 1  # nothing heard, nothing logged
    assert speech.cache.registration(key_of(url)).patient_id == world.patient.public_id


def test_an_expired_mandate_and_a_deactivated_account_hear_nothing(
    client, make_client, world, sign_in, give_needs, query
):
    give_needs(world.patient, {"sound_sensitive": WORDS})
    sign_in(client, world.god_man)
    url = clip_of(client.get(patient_url(world.patient, "/anpassningar/")).get_data(as_text=True), WORDS)
    assert fetch(client, url).status_code == 200
    change_mandate(query, world.mandate, valid_until=today() - timedelta(days=1))
    assert fetch(client, url).status_code == 404

    # The patient's own clip, on their own page: gone when their account is.
    patient = make_client()
    sign_in(patient, world.patient_user)
    own = clip_of(patient.get(patient_url(world.patient, "/anpassningar/")).get_data(as_text=True), WORDS)
    assert own != url  # each listener's own clip
    assert fetch(patient, own).status_code == 200
    assert fetch(client, own).status_code == 404  # not the helper's

    def deactivate(session):
        from app.models import User

        session.get(User, world.patient_user.id).active = False
        session.commit()

    query(deactivate)
    assert fetch(patient, own).status_code in (302, 404)  # signed out, or refused: never the clip


def test_one_play_is_one_row_in_the_log_however_the_browser_asks(
    client, world, sign_in, give_needs, events, monkeypatch
):
    from app.speech import plays

    give_needs(world.patient, {"sound_sensitive": WORDS})
    sign_in(client, world.god_man)
    url = clip_of(client.get(patient_url(world.patient, "/anpassningar/")).get_data(as_text=True), WORDS)

    # Any piece of the sound is logged: the end of the clip alone, first (put together with
    # other pieces, pieces are the whole clip).
    size = int(fetch(client, url, headers={"Range": "bytes=100-"}).headers["Content-Range"].rsplit("/", 1)[1])
    assert len(clip_reads(events)) == 1
    # Chrome and Firefox: "bytes=0-" for the whole clip, then parts when the listener skips;
    # Safari: two bytes to see what it is, then the whole clip. Within a minute: one play.
    whole = fetch(client, url, headers={"Range": "bytes=0-"})
    assert whole.status_code == 206 and decode(whole.data).seconds > 2.0
    for piece in (f"bytes={size // 2}-", "bytes=0-1", f"bytes=0-{size - 1}", f"bytes=-{size}"):
        assert fetch(client, url, headers={"Range": piece}).status_code == 206
    assert len(clip_reads(events)) == 1

    # A browser that kept it asks whether it changed; HEAD hears nothing.
    assert fetch(client, url, headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304
    assert head(client, url).status_code == 200
    assert len(clip_reads(events)) == 1

    # Played again later (here: the minute made nothing), another row.
    monkeypatch.setattr(plays, "PLAY_SECONDS", 0)
    assert fetch(client, url).status_code == 200
    assert len(clip_reads(events, user_id=world.god_man.id, patient_id=world.patient.id)) == 2


def test_the_same_words_on_two_patients_pages_are_two_clips(
    client, world, sign_in, act_for, give_needs, make_patient, make_mandate, events, query
):
    other = make_patient(world.clinic, name="Erik Johansson")
    other_mandate = make_mandate(other, world.god_man)
    for patient in (world.patient, other):
        give_needs(patient, {"sound_sensitive": "Har hörselkåpor med sig."})
    sign_in(client, world.god_man)
    urls = {}
    for patient in (world.patient, other):
        act_for(client, patient)
        html = client.get(patient_url(patient, "/anpassningar/")).get_data(as_text=True)
        urls[patient.id] = clip_of(html, "Har hörselkåpor med sig.")
    assert urls[world.patient.id] != urls[other.id]  # the patient is part of the key

    change_mandate(query, other_mandate, status=MandateStatus.REVOKED, revoked_at=utcnow())
    assert fetch(client, urls[other.id]).status_code == 404
    assert fetch(client, urls[world.patient.id]).status_code == 200
    assert [(e[1], e[4]) for e in clip_reads(events)] == [(world.patient.id, key_of(urls[world.patient.id]))]


def test_the_whole_page_clip_of_a_patients_page_is_tied_to_the_patient(
    client, world, sign_in, give_needs, query, speech
):
    give_needs(world.patient, {"sound_sensitive": WORDS})
    sign_in(client, world.god_man)
    html = client.get(patient_url(world.patient, "/anpassningar/")).get_data(as_text=True)
    page = re.search(r'href="(/tal/[0-9a-f]{64}\.mp3)" data-read-page', html).group(1)
    assert WORDS in speech.cache.registration(key_of(page)).text
    assert fetch(client, page).status_code == 200
    change_mandate(query, world.mandate, status=MandateStatus.REVOKED, revoked_at=utcnow())
    assert fetch(client, page).status_code == 404
    assert speech.cache.registration(key_of(page)).patient_id == world.patient.public_id


def test_clips_from_before_they_were_tied_to_a_patient_are_not_served(
    app, client, world, sign_in, fresh_speech, register
):
    sign_in(client, world.god_man)
    with fresh_speech() as speech:
        # A private registration as the code before this wrote it: no patient in it.
        key = hashlib.sha256(b"a clip from before").hexdigest()
        path = speech.cache.registration_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(
                {
                    "text": WORDS,
                    "lang": "sv",
                    "voice": "gmq/sv",
                    "rate": "normal",
                    "wpm": 150,
                    "owner_id": f"user:{world.god_man.id}",
                }
            )
        )
        assert fetch(client, f"/tal/{key}.mp3").status_code == 404
        # `flask speech prune` removes them like any old private clip.
        os.utime(path, (time.time() - 3 * 86400,) * 2)
        pruned = app.test_cli_runner().invoke(args=["speech", "prune", "--days", "2"])
        assert "Removed 1 private clips" in pruned.output and not path.exists()
        # A clip of the user's own on a page about nobody in particular still plays for them.
        own = register("Mina egna ord om ingen särskild.", owner_id=f"user:{world.god_man.id}")
        assert fetch(client, own).status_code == 200


def test_a_staff_member_of_the_clinic_cannot_hear_a_helpers_clip(
    client, make_client, world, sign_in, give_needs
):
    give_needs(world.patient, {"sound_sensitive": WORDS})
    sign_in(client, world.god_man)
    url = clip_of(client.get(patient_url(world.patient, "/anpassningar/")).get_data(as_text=True), WORDS)
    staff = make_client()
    sign_in(staff, world.staff)  # may see the patient, but it is not their clip
    assert fetch(staff, url).status_code == 404
