"""The page shell, error pages, CSRF and security headers."""

import pytest
from sqlalchemy import select

from app.models import User
from tests.support.people import patient_url


def test_shell_has_skip_link_landmarks_and_emergency_numbers(client):
    html = client.get("/").get_data(as_text=True)
    assert 'class="skip-link" href="#main"' in html
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html
    assert 'href="tel:112"' in html and 'href="tel:1177"' in html
    assert "Tillgänglighet" in html and "Så hanterar vi dina uppgifter" in html


@pytest.mark.parametrize("path", ["/tillganglighet", "/personuppgifter"])
def test_statement_pages(client, path):
    assert client.get(path).status_code == 200


def test_arabic_switches_direction(client):
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html


def test_language_from_the_browser_then_swedish(client):
    assert '<html lang="en" dir="ltr"' in client.get(
        "/", headers={"Accept-Language": "en-GB,en;q=0.8"}
    ).get_data(as_text=True)
    assert '<html lang="sv"' in client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)


def test_saved_language_follows_the_user(client, make_client, world, sign_in, query):
    sign_in(client, world.patient_user)
    client.post_form("/sprak", {"language": "ar", "next": "/"})
    assert query(lambda s: s.get(User, world.patient_user.id).language) == "ar"
    other = make_client()
    sign_in(other, world.patient_user)
    assert 'dir="rtl"' in other.get(patient_url(world.patient)).get_data(as_text=True)


def test_easy_read_switch_is_remembered(client, world, sign_in, query):
    html = client.get("/").get_data(as_text=True)
    assert 'aria-pressed="false"><svg' in html
    client.post_form("/visning/easy_read", {"next": "/"})
    assert "easy-read" in client.get("/").get_data(as_text=True).split("<body", 1)[1][:80]
    sign_in(client, world.patient_user)
    client.post_form("/visning/easy_read", {"next": "/"})
    assert query(lambda s: s.get(User, world.patient_user.id).easy_read) is True


def test_unknown_switch_and_language(client):
    assert client.post_form("/visning/allt", {"next": "/"}).status_code == 404
    assert client.post_form("/sprak", {"language": "xx"}).status_code == 400


def test_not_found_page_in_easy_words(client):
    response = client.get("/finns/inte")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Sidan finns inte" in html and "Till startsidan" in html


def test_forged_form_gets_a_clear_page_and_changes_nothing(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    response = client.post("/sprak", data={"language": "ar", "csrf_token": "forged"})
    assert response.status_code == 400
    assert "Formuläret hann bli för gammalt" in response.get_data(as_text=True)
    assert query(lambda s: s.get(User, world.patient_user.id).language) is None
    assert client.post("/sprak", data={"language": "ar"}).status_code == 400


def test_replayed_form_after_sign_out_is_refused(client, world, sign_in, query):
    sign_in(client, world.patient_user)
    token = client.csrf_token()
    client.post_form("/logga-ut")
    response = client.post("/sprak", data={"language": "ar", "csrf_token": token})
    assert response.status_code == 400


def test_method_not_allowed_page(client):
    response = client.get("/sprak")
    assert response.status_code == 405
    assert "Det gick inte att göra så" in response.get_data(as_text=True)


def test_security_headers(client, world, sign_in):
    for response in (client.get("/"), client.get("/finns-inte")):
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"
    sign_in(client, world.patient_user)
    assert client.get(patient_url(world.patient)).headers["Cache-Control"] == "no-store"
    with client.get("/static/lotsen.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_session_cookie_flags(client, world, sign_in):
    sign_in(client, world.patient_user)
    cookie = client.get_cookie("lotsen_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_production_config_hardens_cookies_and_refuses_demo(monkeypatch):
    from app.config import ProductionConfig

    monkeypatch.setenv("LOTSEN_SECRET_KEY", "x" * 40)
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE and config.HSTS and not config.ALLOW_DEMO_DATA
    monkeypatch.delenv("LOTSEN_SECRET_KEY")
    with pytest.raises(RuntimeError):
        ProductionConfig()


def test_demo_password_refused_in_production(app, client, world, query):
    from app.demo import DEMO_PASSWORD
    from app.passwords import hash_password

    query(
        lambda s: (
            setattr(s.get(User, world.patient_user.id), "password_hash", hash_password(DEMO_PASSWORD)),
            s.commit(),
        )
    )
    app.config["ALLOW_DEMO_DATA"] = False
    try:
        response = client.post_form(
            "/logga-in", {"email": world.patient_user.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200
    finally:
        app.config["ALLOW_DEMO_DATA"] = True


def test_unexpected_error_gets_the_easy_500_page(app, client, monkeypatch):
    from app.home import routes

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(routes, "render_template", broken)
    response = client.get("/tillganglighet")
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.get_data(as_text=True)


def test_every_user_row_has_public_id(query, world):
    ids = query(lambda s: s.scalars(select(User.public_id)).all())
    assert all(len(i) == 32 for i in ids)


def test_moments_are_told_in_the_readers_language(app):
    from datetime import UTC, datetime

    from app.templating import when

    moment = datetime(2026, 11, 24, 16, 5, tzinfo=UTC)  # 17:05 in Sweden
    for language, expected in [
        ("sv", "tisdag 24 november 2026, klockan 17:05"),
        ("en", "Tuesday, November 24, 2026, at 17:05"),
        ("ar", "الساعة 17:05"),
    ]:
        with app.test_request_context(headers={"Accept-Language": language}):
            assert expected in when(moment)
