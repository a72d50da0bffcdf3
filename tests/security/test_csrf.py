"""CSRF on every route that accepts POST (from the URL map), as every role that can reach it.

A post without a token, with a forged one, or with a token from another browser's session is
refused with the clear error page (400, the easy message, one h1) and changes nothing at all. The
only difference allowed in the database is the idle timer of the signed-in user's own session
record (`auth_sessions.last_seen`): rendering the error page loads the user, which slides it. No
access event may be written, not even a READ: the refused post never reaches a view.

What is posted is what the page's own form would send (its current values, found by fetching
every GET page as that role), with every text field changed, so that a route without CSRF
protection would really change something and the test would fail.
"""

from __future__ import annotations

import re

import pytest

from app.errors import CSRF_MESSAGE
from tests.support.forms import changes, forms_on, snapshot

from .conftest import ROLES, SIGNED_IN_ROLES, route_urls, session_bookkeeping

# A missing or forged token is refused before any view runs: the database plays no part.
pytestmark = pytest.mark.one_database

FORGED = "IjVhNGM5ZjM3In0.ZZZZZZ.forged-token-from-another-site"


def csrf_title(app) -> str:
    with app.test_request_context():
        return str(CSRF_MESSAGE[0])


def h1_text(html: str) -> str:
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert len(found) == 1, f"{len(found)} h1 elements"
    return re.sub(r"<[^>]+>|\s+", " ", found[0]).strip()


def posted_data(app, client, ids) -> dict[str, dict]:
    """For each POST address, what a browser would send from the form that posts there."""
    found: dict[str, dict] = {}
    for _endpoint, url in route_urls(app, ids, "GET"):
        if url.startswith(("/static/", "/tal/")):
            continue
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        for form in forms_on(response.get_data(as_text=True), url):
            if form.method == "post" and form.action not in found:
                changed = {name: "Ändrat av en förfalskad sida" for name in form.text_fields}
                found[form.action] = form.data(**changed)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_post_without_a_valid_token_is_refused_and_changes_nothing(
    role, app, ids, browser, make_client, query
):
    was = app.config.get("WTF_CSRF_ENABLED", True)
    app.config["WTF_CSRF_ENABLED"] = True  # on in TestConfig too; stated here, whatever it says
    try:
        client = browser(role)
        stranger = make_client()
        stranger.get("/tillganglighet")
        other_token = stranger.csrf_token()
        title = csrf_title(app)
        data_for = posted_data(app, client, ids)
        post_urls = route_urls(app, ids, "POST")
        assert len(post_urls) >= 10, "too few POST routes found in the URL map"
        if role == "staff":  # the staff's pages hold the most forms: they must have been found
            assert sum("/personal/" in url for url in data_for) >= 5, sorted(data_for)

        failures = []
        after = query(snapshot)
        for endpoint, url in post_urls:
            data = data_for.get(url, {"next": "/"})
            for attempt, token in (
                ("no token", None),
                ("forged token", FORGED),
                ("another session's token", other_token),
            ):
                sent = dict(data)
                sent.pop("csrf_token", None)
                if token is not None:
                    sent["csrf_token"] = token
                before = after  # what the last post left: the database is read once a post
                response = client.post(url, data=sent)
                after = query(snapshot)
                where = f"{role} POST {endpoint} ({url}) with {attempt} -> {response.status_code}"
                html = response.get_data(as_text=True)
                if response.status_code != 400:
                    failures.append(f"{where}: expected 400")
                elif h1_text(html) != title:
                    failures.append(f"{where}: not the CSRF page, h1 {h1_text(html)!r}")
                if response.headers.get("Cache-Control") != "no-store":
                    failures.append(f"{where}: the error page may be cached")
                changed = [str(c) for c in changes(before, after) if not session_bookkeeping(c)]
                if changed:
                    failures.append(f"{where}: the database changed: {changed}")
        assert not failures, "\n".join(failures)
        if role != "nobody":
            # Still signed in: the refused sign-out post did not end the session.
            assert client.get("/session").get_json()["signed_in"], role
    finally:
        app.config["WTF_CSRF_ENABLED"] = was


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_the_snapshot_sees_a_real_post(role, app, browser, query):
    """The control: the same comparison notices a change a valid form makes."""
    client = browser(role)
    before = query(snapshot)
    assert client.post_form("/sprak", {"language": "en", "next": "/"}).status_code == 302
    assert any(c.table == "users" and "language" in c.columns for c in changes(before, query(snapshot)))
