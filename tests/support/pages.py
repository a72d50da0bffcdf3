"""Checks every HTML page the test client fetches: the rules of the page shell."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from html import unescape
from pathlib import Path

from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

# The page shell is read with regular expressions rather than an HTML parser: every page every
# test fetches goes through here, and html.parser cost a third of a test request's time. The app's
# HTML is made by Jinja with autoescape, so no attribute value holds a raw ">" and a tag is
# "<name ...>" up to the first ">".
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_ID = re.compile(r'\sid="([^"]*)"')
_LANG = re.compile(r'\slang="([^"]*)"')
_DIR = re.compile(r'\sdir="([^"]*)"')
_H1 = re.compile(r"<h1[\s>]")
_FIRST_H1 = re.compile(r"<h1(?:\s[^>]*)?>(.*?)</h1>", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_MARKUP = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return unescape(_MARKUP.sub("", fragment))


def _error_prefixes() -> tuple[str, ...]:
    from babel.messages.pofile import read_po

    prefixes = ["Fel:"]
    for path in sorted(Path(__file__).resolve().parents[2].glob("translations/*/LC_MESSAGES/*.po")):
        with path.open("rb") as f:
            message = read_po(f).get("Fel:")
        if message is not None and message.string:
            prefixes.append(message.string)
    return tuple(dict.fromkeys(prefixes))


ERROR_PREFIXES = _error_prefixes()


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def title_of(html: str) -> str:
    """A page's title, spaces collapsed."""
    start = html.find("<title>")
    return norm(html[start + 7 : html.find("</title>", start)]) if start >= 0 else ""


def words(response) -> str:
    """A page as read: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()).replace(" .", ".")


def check_page(html: str, url: str) -> None:
    h1_count = len(_H1.findall(html))
    assert h1_count == 1, f"{url}: {h1_count} h1 elements"
    first_h1, first_title = _FIRST_H1.search(html), _TITLE.search(html)
    h1 = norm(_text(first_h1.group(1))) if first_h1 else ""
    title = norm(_text(first_title.group(1))) if first_title else ""
    for prefix in ERROR_PREFIXES:  # a page with errors says so first, in its own language
        title = title.removeprefix(prefix + " ")
    assert h1 and title.startswith(h1), f"{url}: title {title!r} does not begin with h1 {h1!r}"
    ids = [found for tag in _TAG.finditer(html) if tag.group(2) for found in _ID.findall(tag.group(2))]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"{url}: duplicate ids {duplicates}"
    root = re.search(r"<html(\s[^>]*)?>", html)
    attrs = root.group(1) or "" if root else ""
    lang, direction = _LANG.search(attrs), _DIR.search(attrs)
    assert lang and lang.group(1), f"{url}: <html> has no lang"
    assert direction and direction.group(1) in ("ltr", "rtl"), f"{url}: <html> has no dir"


class PageCheckingClient(FlaskClient):
    """A test client that checks each HTML page it gets, and fills in the CSRF token on posts."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True), response.request.path)
        return response

    def csrf_token(self) -> str:
        """The token a page of this browser's session would carry, signed as Flask-WTF signs it
        (flask_wtf.csrf.generate_csrf), without rendering a page for it: most posts in the
        tests fetched a whole page only for this."""
        app = self.application
        field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        with self.session_transaction() as session:
            if not isinstance(session.get(field), str):
                session[field] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324  # as Flask-WTF
            raw = session[field]
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST like a browser would after showing the form: with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


_SYMBOL = re.compile(r'<symbol id="(p-[\w-]+)"[^>]*>(.*?)</symbol>', re.S)
_REFERENCE = re.compile(r'(<svg class="picto[^"]*"[^>]*>)<use href="(/bilder/\w+\.svg)#(p-[\w-]+)"/></svg>')


def drawn_in_place(client: FlaskClient, html: str) -> str:
    """A staff page as a patient page is drawn: each picture's drawing where it is shown (staff
    pages refer to one sheet of every drawing, fetched here with `client`)."""
    sheets: dict[str, dict[str, str]] = {}

    def drawing(found: re.Match) -> str:
        address = found.group(2)
        if address not in sheets:
            sheets[address] = dict(_SYMBOL.findall(client.get(address).get_data(as_text=True)))
        return f"{found.group(1)}{sheets[address][found.group(3)]}</svg>"

    return _REFERENCE.sub(drawing, html)
