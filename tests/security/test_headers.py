"""Security headers on every response of every GET rule of the URL map, as every role; and the
production settings (HSTS, cookie flags) on a real app built from ProductionConfig."""

from __future__ import annotations

import pytest

from app import create_app
from app.config import ProductionConfig
from app.speech import service as speech
from app.speech.routes import PUBLIC_CACHE
from tests.support.pages import PageCheckingClient
from tests.support.people import patient_url

from .conftest import ROLES, route_urls

pytestmark = pytest.mark.one_database  # see pyproject.toml


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    return directives


def header_problems(response, *, signed_in: bool) -> list[str]:
    headers, problems = response.headers, []
    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    for name in ("default-src", "script-src"):
        sources = csp.get(name)
        if not sources:
            problems.append(f"CSP has no {name}")
        elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(sources):
            problems.append(f"CSP {name} allows {sources}")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors is {csp.get('frame-ancestors')}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if headers.get("Referrer-Policy") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append(f"Referrer-Policy is {headers.get('Referrer-Policy')}")
    path = response.request.path
    # Kept by browsers: the stylesheet and script, public clips, and the sheet of every picture's
    # drawing (the same for everyone, about no one).
    kept = path.startswith(("/static/", "/tal/", "/bilder/"))
    if not kept and (signed_in or response.mimetype == "text/html"):
        if headers.get("Cache-Control") != "no-store":
            problems.append(f"Cache-Control is {headers.get('Cache-Control')}, not no-store")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_security_headers_on_every_get_route(role, app, ids, browser):
    client = browser(role)
    urls = route_urls(app, ids, "GET")
    failures = []
    for endpoint, url in urls:
        response = client.get(url, buffered=True)
        for problem in header_problems(response, signed_in=role != "nobody"):
            failures.append(f"{role} GET {endpoint} ({url}) -> {response.status_code}: {problem}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_read_aloud_clips_cache_only_when_public(role, app, ids, browser, query, world):
    """Public clips (fixed texts, no patient data) may be kept a year; private ones never."""
    client = browser(role)
    public = client.get(f"/tal/{ids['key']}.mp3", buffered=True)
    assert public.status_code == 200 and public.mimetype == "audio/mpeg"
    assert public.headers["Cache-Control"] == PUBLIC_CACHE
    assert not header_problems(public, signed_in=role != "nobody")

    if role == "nobody":
        return  # someone not signed in has no private clips (tests/speech/test_visitors.py)
    user = {
        "patient": world.patient_user,
        "representative": world.god_man,
        "staff": world.staff,
        "admin": world.admin,
        "home_manager": world.home_manager,
    }[role]
    owner = f"user:{user.id}"
    with app.test_request_context():
        private_url = speech.clip_url(f"{world.patient.name} har en tid", lang="sv", owner_id=owner)
    private = client.get(private_url, buffered=True)
    assert private.status_code == 200 and private.mimetype == "audio/mpeg"
    assert private.headers["Cache-Control"] == "no-store"
    assert not header_problems(private, signed_in=role != "nobody")
    # Someone else's browser does not get it at all.
    assert browser("nobody").get(private_url).status_code == 404


def test_production_config_sends_hsts_and_hardened_cookies(app, world, monkeypatch, sign_in):
    monkeypatch.setenv("LOTSEN_SECRET_KEY", "p" * 48)

    class ProductionOnTheTestDatabase(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        INSTANCE_DIR = app.config["INSTANCE_DIR"]
        MAIL_OUTBOX = app.config["MAIL_OUTBOX"]
        SPEECH_CACHE_DIR = None

    production = create_app(ProductionOnTheTestDatabase)
    assert not production.testing and not production.debug
    for prefix in ("SESSION", "REMEMBER"):
        assert production.config[f"{prefix}_COOKIE_SECURE"] is True, prefix
        assert production.config[f"{prefix}_COOKIE_HTTPONLY"] is True, prefix
        assert production.config[f"{prefix}_COOKIE_SAMESITE"] in ("Lax", "Strict"), prefix

    production.test_client_class = PageCheckingClient
    client = production.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    # Over https Flask-WTF also wants a same-origin Referer, as a browser sends under our policy.
    client.environ_base["HTTP_REFERER"] = "https://localhost/logga-in"
    page = client.get("/")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    response = sign_in(client, world.patient_user)
    cookies = [
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith(("lotsen_session=", "remember_token="))
    ]
    assert cookies, "signing in set no session cookie"
    for cookie in cookies:
        flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
        assert "secure" in flags and "httponly" in flags, cookie
        assert flags.get("samesite", "").lower() in ("samesite=lax", "samesite=strict"), cookie
    # The secure cookie works over https.
    assert client.get(patient_url(world.patient)).status_code == 200
