"""Someone who is not signed in hears the fixed texts of the interface and cannot make the server
register or say anything else: page views without a cookie leave the cache folder as it was."""

from __future__ import annotations

import re
from datetime import timedelta

from app.models import Invitation, Role, utcnow
from app.speech.public import is_interface_text
from app.tokens import hash_token

from .conftest import decode, fetch

VISITOR_PAGES = [
    "/",
    "/logga-in",
    "/glomt-losenord",
    "/installningar",
    "/tillganglighet",
    "/personuppgifter",
    "/finns-inte",
]
CLIP = re.compile(r'(?:data-clip|href|data-say)="(/tal/[0-9a-f]{64}\.mp3)"')


def snapshot(root):
    """Every file of the cache folder with its size."""
    return {str(path.relative_to(root)): path.stat().st_size for path in root.rglob("*") if path.is_file()}


def test_page_views_without_a_cookie_leave_the_cache_as_it_was(app, make_client, fresh_speech):
    with fresh_speech() as speech:
        first = make_client()
        for path in VISITOR_PAGES:
            assert first.get(path).status_code in (200, 404)
        before = snapshot(speech.cache.root)
        assert before, "the visitor pages offer no read-aloud"

        for n in range(3 * len(VISITOR_PAGES)):  # a new visitor, without a cookie, every time
            response = make_client().get(VISITOR_PAGES[n % len(VISITOR_PAGES)])
            assert "Set-Cookie" not in response.headers or "speech" not in str(response.headers)
        assert snapshot(speech.cache.root) == before
        assert all(speech.cache.registration(key).owner_id is None for key in speech.cache.keys())


def test_a_visitors_page_uses_fixed_texts_only(app, client, speech):
    for path in VISITOR_PAGES:
        html = client.get(path).get_data(as_text=True)
        urls = set(CLIP.findall(html))
        assert urls, path
        for url in urls:
            entry = speech.cache.registration(url.rsplit("/", 1)[1].removesuffix(".mp3"))
            assert entry is not None and not entry.private, (path, entry)


def test_words_that_are_not_the_interfaces_get_no_clip_for_a_visitor(
    app, client, make_client, make_user, sign_in, speech
):
    from app.templating import clip

    words = "Hej Jonas Berg! Kumla vårdcentral bjuder in dig till Lotsen."
    fixed = ["Logga in", "Har du inget konto?"]
    assert all(is_interface_text("sv", text) for text in fixed)
    # The cache is the session's: other tests' signed-in pages have left their own clips in it.
    before = set(speech.cache.keys())
    with client:
        client.get("/logga-in")
        assert clip(words) is None
        assert clip("Välj ett lösenord. Sedan kan du använda Lotsen.\n" + words) is None
        joined = clip("\n".join(fixed))  # fixed texts, one a line: a public clip
        assert joined is not None
    entries = [speech.cache.registration(key) for key in set(speech.cache.keys()) - before]
    assert not [entry for entry in entries if entry is not None and "Jonas" in entry.text]
    response = fetch(client, joined)
    assert response.status_code == 200 and decode(response.data).seconds > 1.0
    assert response.headers["Cache-Control"].startswith("public")

    user = make_user(Role.PATIENT)
    signed_in = make_client()
    sign_in(signed_in, user)
    with signed_in:
        signed_in.get("/installningar")
        own = clip(words)  # a signed-in user's own clip
    assert own is not None and speech.cache.registration(own[5:-4]).owner_id == f"user:{user.id}"
    assert fetch(signed_in, own).status_code == 200
    assert fetch(client, own).status_code == 404


def test_the_invitation_says_its_fixed_texts_but_not_the_invitees_name(
    app, client, world, make_user, query, fresh_speech
):
    invitee = make_user(Role.REPRESENTATIVE, name="Jonas Berg", password=False)
    token = "inbjudan-" + "x" * 40

    def invite(session):
        session.add(
            Invitation(
                token_hash=hash_token(token),
                user_id=invitee.id,
                clinic_id=world.clinic.id,
                patient_id=world.patient.id,
                created_by_id=world.staff.id,
                expires_at=utcnow() + timedelta(days=7),
            )
        )
        session.commit()

    query(invite)
    with fresh_speech() as speech:
        html = client.get(f"/inbjudan/{token}").get_data(as_text=True)
        assert "Jonas Berg" in html
        texts = [speech.cache.registration(key).text for key in speech.cache.keys()]
    assert texts and not [text for text in texts if "Jonas" in text or "Kumla" in text]
    assert CLIP.search(html.split('id="password"')[0].rsplit('class="field', 1)[1])  # fields are heard
    instructions = re.search(
        r'<div class="speakable"([^>]*)>\s*<div class="speakable-text">\s*'
        r"<p>Välj ett lösenord",
        html,
    )
    assert instructions and "data-clip" in instructions.group(1)  # what to do is heard too
    # No clip of the whole page (it names the invitee): the button is the script's, block by block.
    button = re.search(r"<button[^>]*data-read-page[^>]*>", html).group(0)
    assert " hidden" in button and 'type="button"' in button
