"""Sign-in, sessions, sign-out, idle timeout and return to the same page."""

from datetime import timedelta

from sqlalchemy import select, update

from app.models import AuthSession, utcnow
from tests.support.people import patient_url

COOKIE = "lotsen_session"


def test_sign_in_as_patient_lands_on_their_page(client, world, sign_in):
    response = sign_in(client, world.patient_user)
    assert response.location == "/"
    page = client.get("/", follow_redirects=True)
    assert "Hej Maja!" in page.get_data(as_text=True)


def test_wrong_password_gets_an_easy_message_and_no_session(client, world):
    response = client.post_form(
        "/logga-in", {"email": world.patient_user.email, "password": "fel lösenord helt"}
    )
    assert response.status_code == 200
    assert "E-post eller lösenord stämmer inte" in response.get_data(as_text=True)
    assert client.get(patient_url(world.patient)).status_code == 302


def test_unknown_email_gets_the_same_message(client):
    response = client.post_form("/logga-in", {"email": "ingen@exempel.se", "password": "vad som helst här"})
    assert "E-post eller lösenord stämmer inte" in response.get_data(as_text=True)


def test_session_is_rotated_at_sign_in(client, make_client, world, sign_in):
    client.get("/logga-in")
    before = client.get_cookie(COOKIE).value
    sign_in(client, world.patient_user)
    after = client.get_cookie(COOKIE).value
    assert before != after
    # Someone who planted or copied the cookie from before sign-in is not signed in.
    attacker = make_client()
    attacker.set_cookie(COOKIE, before)
    assert attacker.get(patient_url(world.patient)).status_code == 302


def test_sign_out_ends_the_session_on_the_server(client, make_client, world, sign_in, query):
    sign_in(client, world.patient_user)
    stolen = client.get_cookie(COOKIE).value
    assert client.get(patient_url(world.patient)).status_code == 200
    client.post_form("/logga-ut")
    assert client.get(patient_url(world.patient)).status_code == 302
    replay = make_client()
    replay.set_cookie(COOKIE, stolen)
    response = replay.get(patient_url(world.patient))
    assert response.status_code == 302 and "/logga-in" in response.location
    ended = query(lambda s: s.scalars(select(AuthSession.end_reason)).all())
    assert ended == ["signed_out"]


def test_sign_out_asks_once_and_a_get_changes_nothing(client, world, sign_in):
    sign_in(client, world.patient_user)
    home = patient_url(world.patient)
    page = client.get("/logga-ut?next=" + home)
    assert page.status_code == 200
    assert "Vill du logga ut?" in page.text and "Ja, logga ut" in page.text
    # "Nej, stanna kvar" goes back to the page the person came from, never to another site.
    assert f'href="{home}"' in page.text
    assert 'href="https://evil.example"' not in client.get("/logga-ut?next=https://evil.example").text
    assert client.get(home).status_code == 200  # the question signed nobody out


def test_the_header_asks_patients_and_helpers_but_staff_sign_out_at_once(client, world, sign_in):
    sign_in(client, world.patient_user)
    header = client.get(patient_url(world.patient)).text
    assert 'href="/logga-ut?next=' in header
    assert 'action="/logga-ut"' not in header.split("</header>")[0]


def test_it_is_not_me_signs_out_and_asks_the_next_person_to_sign_in_as_themself(client, world, sign_in):
    sign_in(client, world.patient_user)
    page = client.get(patient_url(world.patient)).text
    assert "Det är inte jag" in page and 'name="why" value="not_me"' in page
    response = client.post_form("/logga-ut", {"why": "not_me"}, follow_redirects=True)
    assert "Logga in som dig själv." in response.text
    assert client.get(patient_url(world.patient)).status_code == 302


def test_signed_out_the_question_page_leads_home(client):
    response = client.get("/logga-ut")
    assert response.status_code == 302 and response.location == "/"


def test_idle_session_times_out_and_returns_to_the_same_page(client, world, sign_in, query):
    page = patient_url(world.patient, "/vem-har-tittat?sida=1")
    sign_in(client, world.patient_user)
    assert client.get(page).status_code == 200
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=31))),
            s.commit(),
        )
    )
    response = client.get(page)
    assert response.status_code == 302
    assert "/logga-in?next=" + page.replace("?sida=1", "?sida%3D1") in response.location
    login_page = client.get(response.location)
    assert "Du var borta en stund" in login_page.get_data(as_text=True)
    assert query(lambda s: s.scalar(select(AuthSession.end_reason))) == "idle"
    response = client.post_form(
        "/logga-in",
        {"email": world.patient_user.email, "password": "rätt häst batteri häftklammer", "next": page},
    )
    assert response.location == page


def test_activity_keeps_the_session_alive(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=29))),
            s.commit(),
        )
    )
    assert client.get(patient_url(world.patient)).status_code == 200
    last_seen = query(lambda s: s.scalar(select(AuthSession.last_seen)))
    assert utcnow() - last_seen < timedelta(minutes=1)


def test_session_status_tells_the_script_when_to_warn(client, world, sign_in, query):
    assert client.get("/session").get_json() == {"signed_in": False}
    sign_in(client, world.patient_user)
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=28))),
            s.commit(),
        )
    )
    state = client.get("/session").get_json()
    assert state["signed_in"] and 60 < state["seconds_left"] <= 120
    assert state["warn_seconds"] == 180
    # Asking does not count as activity; pressing "Jag är kvar" does.
    assert client.get("/session").get_json()["seconds_left"] <= 120
    client.post("/session/forlang", headers={"X-CSRFToken": client.csrf_token()})
    assert client.get("/session").get_json()["seconds_left"] > 1700


def test_next_never_leads_to_another_site(client, world):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        response = client.post_form(
            "/logga-in",
            {"email": world.patient_user.email, "password": "rätt häst batteri häftklammer", "next": target},
        )
        assert response.location == "/", target
        client.post_form("/logga-ut")


def test_deactivated_user_is_signed_out(client, world, sign_in, query):
    from app.models import User

    sign_in(client, world.patient_user)
    query(
        lambda s: (
            s.execute(update(User).where(User.id == world.patient_user.id).values(active=False)),
            s.commit(),
        )
    )
    assert client.get(patient_url(world.patient)).status_code == 302
    response = client.post_form(
        "/logga-in", {"email": world.patient_user.email, "password": "rätt häst batteri häftklammer"}
    )
    assert response.status_code == 200


def test_a_form_posted_after_timeout_loses_nothing(client, app, world, sign_in, query):
    """Typed, left the tablet, came back, pressed save: sign in again and it is all still there."""
    from app.models import Patient
    from tests.support.accounts import PASSWORD, login_code

    edit = f"/personal/patienter/{world.patient.public_id}/andra"
    sign_in(client, world.staff)
    assert client.get(edit).status_code == 200
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    response = client.post(
        edit, data={"csrf_token": token, "name": "Maja Andersson Ek", "preferred_name": "Majsan"}
    )
    assert response.status_code == 302 and "/logga-in" in response.location
    assert query(lambda s: s.get(Patient, world.patient.id).name) == "Maja Andersson"

    # Sign in again: the code step keeps the way back to the form.
    response = client.post_form("/logga-in", {"email": world.staff.email, "password": PASSWORD, "next": edit})
    response = client.post_form("/logga-in/kod", {"code": login_code(app, world.staff.email)})
    assert response.location == edit
    form = client.get(edit).get_data(as_text=True)
    assert 'value="Maja Andersson Ek"' in form and 'value="Majsan"' in form
    assert "Ingenting är sparat än" in form
    # Nothing was saved behind the person's back; one press on save does it.
    assert query(lambda s: s.get(Patient, world.patient.id).name) == "Maja Andersson"
    # The kept copy is handed back once.
    assert 'value="Maja Andersson Ek"' not in client.get(edit).get_data(as_text=True)


def test_late_posts_cannot_fill_the_database(client, world, sign_in, query):
    """After a timeout, posts are kept to give back, but each page keeps its newest only, a
    person at most 20, and a post larger than any form is not kept (nor said to be)."""
    from app.models import ResumeDraft

    sign_in(client, world.patient_user)
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    write = patient_url(world.patient, "/kontakt/skriv")
    for n in range(5):
        client.post(write, data={"csrf_token": token, "text": f"Försök {n}"})
    huge = client.post(write, data={"csrf_token": token, "text": "x" * 300_000})
    assert "/logga-in" in huge.location
    assert "var för stort" in client.get(huge.location).get_data(as_text=True)
    kept = query(lambda s: s.scalars(select(ResumeDraft.form_json)).all())
    assert kept == ['{"text": ["Försök 4"]}']  # the newest of that page, and not the huge one
    for n in range(30):
        client.post(
            patient_url(world.patient, f"/kontakt/{n:032x}/svara"), data={"csrf_token": token, "text": "Hej"}
        )
    drafts = query(lambda s: s.execute(select(ResumeDraft.path, ResumeDraft.form_json)).all())
    assert len(drafts) == 20 and all(len(json) < 1000 for _path, json in drafts)


def test_a_form_sent_after_the_script_saw_the_timeout_is_kept(client, app, world, sign_in, query):
    """The warning script asks /session, which ends an idle session; then it sends the typed form."""
    from tests.support.accounts import PASSWORD, login_code

    edit = f"/personal/patienter/{world.patient.public_id}/andra"
    sign_in(client, world.staff)
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=31))),
            s.commit(),
        )
    )
    assert client.get("/session").get_json() == {"signed_in": False}
    response = client.post(edit, data={"csrf_token": token, "name": "Maja Ek", "preferred_name": "Maja"})
    assert "/logga-in" in response.location
    assert "Du var borta en stund" in client.get(response.location).get_data(as_text=True)
    client.post_form("/logga-in", {"email": world.staff.email, "password": PASSWORD, "next": edit})
    client.post_form("/logga-in/kod", {"code": login_code(app, world.staff.email)})
    assert 'value="Maja Ek"' in client.get(edit).get_data(as_text=True)


def test_sign_out_keeps_language_and_easy_read_for_the_next_screen(client, world, sign_in, query):
    from app.models import User

    query(
        lambda s: (
            setattr(s.get(User, world.patient_user.id), "language", "ar"),
            setattr(s.get(User, world.patient_user.id), "easy_read", True),
            s.commit(),
        )
    )
    sign_in(client, world.patient_user)
    response = client.post_form("/logga-ut", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html and "easy-read" in html.split("<body", 1)[1][:80]
    assert "/min-sida" not in client.get("/").get_data(as_text=True)


def test_welcome_message_survives_the_new_session(client, app, world, make_user):
    from app.auth.services import create_invitation
    from app.extensions import db
    from app.models import Role

    rep = make_user(Role.REPRESENTATIVE, password=False)
    with app.test_request_context():
        link = create_invitation(
            db.session.get(type(rep), rep.id), world.clinic.id, db.session.get(type(rep), world.staff.id)
        )
        db.session.commit()
    path = link.split("127.0.0.1:5000", 1)[1]
    client.post_form(path, {"password": "tre gröna äpplen", "confirm": "tre gröna äpplen"})
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Välkommen till Lotsen! Nu har du ett lösenord." in page


def test_an_address_with_control_characters_gets_an_easy_answer(client, world):
    """PostgreSQL refuses a NUL in a query: the form says so in words, never a 500."""
    for email in ("\x00", f"{world.patient_user.email}\x00", "a\x1fb@exempel.se"):
        response = client.post_form("/logga-in", {"email": email, "password": "\u200b"})
        assert response.status_code == 200, repr(email)
        assert "Texten har tecken som inte går att spara" in response.get_data(as_text=True)
