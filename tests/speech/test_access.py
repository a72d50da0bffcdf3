"""Nobody can make the server say a text of their own; a private clip is its owner's only."""

from __future__ import annotations

import hashlib
import hmac

from app.models import Role
from app.speech import service
from app.speech.cache import Registration, make_key

from .conftest import fetch


def test_no_route_takes_a_text(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("speech.")]
    assert sorted(rule.rule for rule in rules) == ["/tal/<key>.json", "/tal/<key>.mp3"]
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)


def test_anonymous_arbitrary_text_is_refused(app, client, speech):
    made = speech.engine.stats.syntheses
    # A key for a text the server never rendered, made the only way an outsider could: without
    # the secret (here: with a wrong one), or as a plain hash of the text.
    guessed = make_key(
        "not-the-secret", Registration(text="Ring mig nu", lang="sv", voice="gmq/sv", rate="normal", wpm=150)
    )
    plain = hashlib.sha256(b"Ring mig nu").hexdigest()
    forged = hmac.new(b"test-secret-key", b"Ring mig nu", hashlib.sha256).hexdigest()
    for url in (
        f"/tal/{guessed}.mp3",
        f"/tal/{plain}.mp3",
        f"/tal/{forged}.mp3",
        f"/tal/{guessed}.mp3?text=Ring+mig+nu",
        "/tal/Ring%20mig%20nu.mp3",
        "/tal/..%2F..%2Fetc%2Fpasswd.mp3",
        "/tal?text=Ring+mig+nu",
        f"/tal/{guessed.upper()}.mp3",
    ):
        assert fetch(client, url).status_code == 404, url
    assert client.post(f"/tal/{guessed}.mp3", data={"text": "Ring mig nu"}).status_code in (400, 405)
    assert speech.engine.stats.syntheses == made
    assert not any(speech.cache.root.glob(f"*/{guessed}.*"))


def test_the_url_never_carries_the_text(register):
    url = register("Jag har ont i magen sedan i går.")
    assert "magen" not in url and "ont" not in url
    assert url == register("  Jag har ont i\nmagen  sedan i går. ")  # the same clip, normalised


def test_another_users_private_clip_is_refused(app, client, make_client, make_user, sign_in, register):
    owner = make_user(Role.PATIENT)
    other = make_user(Role.PATIENT)
    url = register("Jag vill fråga om min medicin.", owner_id=f"user:{owner.id}")
    public_url = register("Jag vill fråga om min medicin.")
    assert url != public_url  # the owner is part of the key

    assert fetch(client, url).status_code == 404  # anonymous
    other_client = make_client()
    sign_in(other_client, other)
    assert fetch(other_client, url).status_code == 404

    owner_client = make_client()
    sign_in(owner_client, owner)
    response = fetch(owner_client, url)
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    assert response.headers["Cache-Control"] == "no-store"  # a shared tablet keeps nothing
    # Still refused to the other user now that the audio exists.
    assert fetch(other_client, url).status_code == 404


def test_a_signed_in_user_gets_public_clips_with_long_caching(client, make_user, sign_in, register):
    sign_in(client, make_user(Role.PATIENT))
    response = fetch(client, register("Hem"))
    assert response.status_code == 200
    # app/security.py sets no-store for signed-in users; not for clips, which set their own.
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Pragma" not in response.headers


def test_current_owner_is_the_signed_in_user_and_nobody_else(app, client, make_user, sign_in):
    user = make_user(Role.PATIENT)
    assert service.current_owner() is None  # no request: nobody
    with client:
        client.get("/tillganglighet")
        assert service.current_owner() is None  # a visitor owns no clips (tests/speech/test_visitors.py)
    sign_in(client, user)
    with client:
        client.get("/tillganglighet")
        assert service.current_owner() == f"user:{user.id}"


def test_requests_are_rate_limited(app, client, register):
    urls = [register(f"Text nummer {n}.") for n in range(4)]
    limits = {
        "SPEECH_LIMIT": app.config["SPEECH_LIMIT"],
        "SPEECH_SYNTHESIS_LIMIT": app.config["SPEECH_SYNTHESIS_LIMIT"],
    }
    app.config.update(SPEECH_LIMIT="6 per minute", SPEECH_SYNTHESIS_LIMIT="2 per minute")
    try:
        assert fetch(client, urls[0]).status_code == 200
        assert fetch(client, urls[1]).status_code == 200
        blocked = fetch(client, urls[2])
        assert blocked.status_code == 429  # a third synthesis in a minute
        assert "Du har försökt för många gånger" in blocked.get_data(as_text=True)
        # Cached clips do not count against the synthesis limit, only against the general one.
        statuses = [fetch(client, urls[n % 2]).status_code for n in range(6)]
        assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429, statuses
        assert statuses.count(200) <= 4  # at most six clips a minute in all
    finally:
        app.config.update(limits)
