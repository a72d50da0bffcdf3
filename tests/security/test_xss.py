"""Script and HTML typed into any form never runs: every text field of every form a signed-in
role can reach, found by fetching every GET rule of the URL map and reading the page's forms.

Each role submits the payload in each text field of each form (the other fields keep the
form's current values, so the post is valid where the field allows the text). Then every GET
page, as every role, is read: the answer to the post, the patient's own pages, the staff's
patient card and log, the admin lists. No page may contain the payload as markup, and `{{7*7}}`
must never come out as 49. To show the check has teeth, the payload must be seen escaped on
some page after its round (it was stored and shown).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markupsafe import escape

from app.models import Role
from tests.support.forms import forms_on
from tests.support.pages import ERROR_PREFIXES, title_of

from .conftest import route_urls

pytestmark = pytest.mark.one_database  # see pyproject.toml

# One value that tries every way in at once (a polyglot), so that one round of posts covers them
# all: a URL that runs script (checked where it starts a link or a source), a way out of an
# attribute into a new tag with a handler, a script element, and a template expression. A field
# that refuses it (too long for it, say) gets each way in alone, short enough to be kept.
POLYGLOT = 'javascript:alert(1)//"><img src=x onerror=alert(1)><script>alert(1)</script>x{{7*7}}y'
ALONE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "x{{7*7}}y"]
# How the polyglot looks when shown safely (escaped as Jinja escapes), to prove it reached a page.
SHOWN_ESCAPED = str(escape(POLYGLOT))
RAW = ["<script>alert(1)", "<img src=x onerror=alert(1)>", "x49y"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster"}


class _Dangerous(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(1)" in data:
            self.found.append("<script> with alert(1)")


def dangers(html: str) -> list[str]:
    parser = _Dangerous()
    parser.feed(html)
    return [raw for raw in RAW if raw in html] + parser.found


def test_no_payload_is_ever_shown_as_markup(app, ids, world, browser, make_user, make_mandate):
    # Forms that end a mandate act on a second one, so the representative keeps theirs.
    other_rep = make_user(Role.REPRESENTATIVE, name="Sven Ombud")
    ids = {**ids, "mandate_id": make_mandate(world.patient, other_rep).public_id}
    roles = ["patient", "representative", "staff", "admin"]
    clients = {role: browser(role) for role in roles}
    get_urls = [url for _e, url in route_urls(app, ids, "GET") if not url.startswith(("/static/", "/tal/"))]
    failures: list[str] = []
    exercised: dict[str, set[str]] = {role: set() for role in roles}

    def check(where: str, response) -> str:
        if response.mimetype != "text/html":
            return ""
        html = response.get_data(as_text=True)
        if response.status_code >= 500:
            failures.append(f"{where}: server error")
        failures.extend(f"{where}: {danger}" for danger in dangers(html))
        return html

    visible: dict[str, list[str]] = {}  # the pages each role is shown: where a value can appear

    def find_forms(role, client):
        found = {}
        visible[role] = []
        for url in get_urls:
            response = client.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                visible[role].append(url)
                for form in forms_on(response.get_data(as_text=True), url):
                    if form.text_fields:
                        found.setdefault((form.method, form.action, tuple(form.text_fields)), form)
        return list(found.values())

    def current(client, form):
        """The form as its page shows it now (with what earlier posts stored)."""
        for fresh in forms_on(client.get(form.page).get_data(as_text=True), form.page):
            if (fresh.method, fresh.action) == (form.method, form.action):
                return fresh
        return None

    forms = {role: find_forms(role, client) for role, client in clients.items()}
    tokens = {role: client.csrf_token() for role, client in clients.items()}

    def send(role, client, form, name, payload) -> str:
        fresh = current(client, form) or form
        data = fresh.data(**{name: payload})
        where = f"{role} {form.method.upper()} {form.action} [{name}={payload!r}]"
        if form.method == "post":
            data["csrf_token"] = [tokens[role]]
            response = client.post(form.action, data=data, follow_redirects=True)
        else:
            response = client.get(form.action.split("?")[0], query_string=data, follow_redirects=True)
        exercised[role].add(f"{form.method} {form.action} {name}")
        return check(where, response)

    for role, client in clients.items():
        for form in forms[role]:
            for name in form.text_fields:
                if title_of(send(role, client, form, name, POLYGLOT)).startswith(ERROR_PREFIXES):
                    for payload in ALONE:
                        send(role, client, form, name, payload)
    shown = False
    for role, client in clients.items():
        for url in visible[role]:
            html = check(f"{role} GET {url} after the posts", client.get(url))
            shown = shown or SHOWN_ESCAPED in html
    assert shown, "the payload was never stored and shown: the check would prove nothing"

    assert not failures, "\n".join(sorted(set(failures)))
    # Staff and admins have forms with text today; patients and representatives only choices.
    assert exercised["staff"] and exercised["admin"], exercised
